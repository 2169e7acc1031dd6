"""The passages the report cites are found by their quotes in the real study, wherever they
move, with their figures read from the text."""

import shutil
from pathlib import Path

import pytest

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.anchors import AnchorError
from clusters_maghreb.report.passages import load, resolve

RAW = PROJECT_ROOT / "data" / "raw"
PASSAGES = sorted((PROJECT_ROOT / "data" / "reference" / "passages").glob("*.yaml"))
STUDY = "ipemed-2019.txt"


def passages_file(tmp_path, body: str) -> Path:
    path = tmp_path / "chapter.yaml"
    path.write_text("passages:\n" + body, encoding="utf-8")
    return path


ONE = """  - id: objectives
    source_id: ipemed-2019
    quote: "participant au « Dialogue {n}+{m} »"
"""


def test_every_passage_of_the_report_is_found_in_its_source():
    facts = resolve(PASSAGES, RAW)
    assert len(facts) == len(load(PASSAGES)) > 0
    lines = {
        s: (RAW / f"{s}.txt").read_text(encoding="utf-8").split("\n")
        for s in {f["source_id"] for f in facts.values()}
    }
    for fact in facts.values():
        text = " ".join(lines[fact["source_id"]][fact["line_start"] - 1 : fact["line_end"]])
        for key, value in fact.items():
            if key.endswith("_as_written"):
                assert value in text, (key, value)


def test_a_figure_is_read_from_its_line(tmp_path):
    fact = resolve([passages_file(tmp_path, ONE)], RAW)["objectives"]
    assert (fact["n"], fact["m"], fact["lines"]) == (5, 5, "153")
    assert fact["n_as_written"] == "5"


def shifted_copy(tmp_path, edit) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    text = (raw / STUDY).read_text(encoding="utf-8")
    (raw / STUDY).write_text(edit(text), encoding="utf-8")
    return raw


def test_a_paragraph_inserted_above_moves_the_citation(tmp_path):
    raw = shifted_copy(tmp_path, lambda t: "Un ajout.\n\nUne note.\n" + t)
    fact = resolve([passages_file(tmp_path, ONE)], raw)["objectives"]
    assert fact["lines"] == "156"


def test_the_cited_word_agrees_with_the_span_found_in_each_edition(tmp_path):
    """One line is 'line'/'ligne', a span wrapped over two lines by an edit 'lines'/'lignes':
    the word is computed with the span, and the French edition's variables take the French."""
    from clusters_maghreb.report.variables import localised

    one = resolve([passages_file(tmp_path, ONE)], RAW)["objectives"]
    assert (one["cite"], one["cite_fr"]) == ("line 153", "ligne 153")
    raw = shifted_copy(
        tmp_path, lambda t: t.replace("participant au « Dialogue", "participant\nau « Dialogue")
    )
    two = resolve([passages_file(tmp_path, ONE)], raw)["objectives"]
    assert (two["cite"], two["cite_fr"]) == ("lines 153-154", "lignes 153-154")
    assert localised(two, "fr")["cite"] == "lignes 153-154"
    assert localised(two, "en")["cite"] == "lines 153-154"


def test_a_corrected_figure_reaches_the_fact(tmp_path):
    raw = shifted_copy(tmp_path, lambda t: t.replace("« Dialogue 5+5 »", "« Dialogue 5+6 »"))
    assert resolve([passages_file(tmp_path, ONE)], raw)["objectives"]["m"] == 6


def test_a_vanished_quote_names_the_file_the_entry_and_the_closest_line(tmp_path):
    raw = shifted_copy(tmp_path, lambda t: t.replace("« Dialogue 5+5 »", "« Dialogue des 10 »"))
    path = passages_file(tmp_path, ONE)
    with pytest.raises(AnchorError, match=rf"{path}: passage objectives: .*closest is line 153"):
        resolve([path], raw)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("  - id: Bad-Id\n    source_id: ipemed-2019\n    quote: x\n", "an id is lower case"),
        ("  - id: a\n    source_id: ipemed-2019\n", "expected id, source_id and quote"),
        ("  - id: a\n    source_id: nowhere\n    quote: x\n", "no such source"),
        ("  - id: a\n    source_id: ipemed-2019\n    quote: Maroc\n", "occurs .* times"),
    ],
)
def test_a_bad_entry_stops_with_what_to_fix(tmp_path, body, message):
    with pytest.raises(ValueError, match=message):
        resolve([passages_file(tmp_path, body)], RAW)


def test_an_id_used_twice_is_refused(tmp_path):
    first = passages_file(tmp_path, ONE)
    second = tmp_path / "other.yaml"
    second.write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ValueError, match="id also used in"):
        load([first, second])


def test_a_quote_with_gaps_is_the_tightest_passage_holding_its_pieces(tmp_path):
    # the heading's first words also open the table of contents, far above
    body = (
        '  - id: people\n    source_id: ipemed-2019\n    quote: "Personnes rencontrées '
        'et/ou interviewées [...] pour leur disponibilité et leurs contributions."\n'
    )
    assert resolve([passages_file(tmp_path, body)], RAW)["people"]["line_start"] > 1000


def test_a_quote_may_run_over_a_blank_line(tmp_path):
    body = (
        "  - id: annex\n    source_id: ipemed-2019\n"
        '    quote: "ANNEXE 2 Fiches d\'identité des principaux clusters constitués"\n'
    )
    fact = resolve([passages_file(tmp_path, body)], RAW)["annex"]
    assert (fact["line_start"], fact["line_end"]) == (1071, 1073)


@pytest.mark.parametrize(
    ("written", "language", "value"),
    [
        ("15.000", "fr", 15000),
        ("22 000", "fr", 22000),
        ("2,5", "fr", 2.5),
        ("22,000", "en", 22000),
        ("3.5", "en", 3.5),
        ("84", "fr", 84),
    ],
)
def test_a_figure_is_read_the_way_its_source_writes_numbers(written, language, value):
    from clusters_maghreb.report.passages import figure

    assert figure(written, language) == value
