"""Evidence anchored by content: quotes found in the real sources wherever they now are."""

from __future__ import annotations

import pytest

from clusters_maghreb.anchors import AnchoredText, AnchorError, Sources, Span


@pytest.fixture(scope="module")
def ipemed(raw_dir):
    return Sources(raw_dir)["ipemed-2019"]


def test_a_quote_across_a_blank_line_is_found(raw_dir):
    text = Sources(raw_dir)["moroccan-clusters-2020"]
    quote = "cluster cooperation were identified: the agro-food industry"
    assert text.locate(quote, where="x") == Span(1124, 1126)


def test_a_quote_moves_with_the_text(ipemed, tmp_path):
    moved = AnchoredText(["one", "two", "", *ipemed.lines], tmp_path / "ipemed-2019.txt")
    quote = "Le système technopolitain est formé de 10 technopoles"
    assert (
        moved.locate(quote, where="x").line_start == ipemed.locate(quote, where="x").line_start + 3
    )


def test_a_placeholder_reads_the_number_the_source_now_has(ipemed, tmp_path):
    quote = "{members} membres dont : [...] • {startups} startups"
    assert ipemed.find(quote, where="x") == (Span(1148, 1148), {"members": "24", "startups": "20"})
    lines = [line.replace("24 membres", "42 membres") for line in ipemed.lines]
    corrected = AnchoredText(lines, tmp_path / "ipemed-2019.txt").find(quote, where="x")
    assert corrected == (Span(1148, 1148), {"members": "42", "startups": "20"})


def test_pieces_give_the_tightest_span(ipemed):
    # '{n} membres dont :' also matches line 1148's '24 membres dont :'; the span that ends
    # at the last piece starts at the closest first piece, and reads its figures
    quote = "{n} membres dont : [...] • {firms} entreprises ; • Le Pôle de Compétitivité de Bizerte"
    assert ipemed.find(quote, where="x") == (Span(1475, 1475), {"n": "11", "firms": "6"})


def test_a_quote_not_in_the_source_names_the_entry_and_the_closest_line(ipemed):
    with pytest.raises(AnchorError) as err:
        ipemed.locate("Le système technopolitain est formé de 12 technopoles", where="t.csv:3")
    assert str(err.value).startswith("t.csv:3: the quote ")
    assert "the closest is line 703" in str(err.value)


def test_a_repeated_quote_needs_near_or_more_words(ipemed):
    with pytest.raises(AnchorError, match="occurs .* times .* lengthen it"):
        ipemed.locate("Fiches d'identité des principaux clusters constitués", where="x")
    assert (
        ipemed.locate(
            "Fiches d'identité des principaux clusters constitués", where="x", near=1073
        ).line_start
        == 1073
    )
