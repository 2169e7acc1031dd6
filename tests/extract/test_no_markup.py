"""No value keeps the transcriptions' markup (issue 13): HTML tags and entities, Markdown
emphasis, links and headings are the way the sources were transcribed, not what they say. Every
column of every extracted table of every source, and of every processed table, is checked on
the real files, except the columns that keep the source as written for provenance
(``raw_text``, ``raw_value``)."""

import re

import pandas as pd
import pytest

from clusters_maghreb.extract.identity_card import plain_text
from clusters_maghreb.extract.registry import MODULES
from clusters_maghreb.extract.run import extract_source
from clusters_maghreb.io import read_csv

MARKUP = re.compile(
    r"<[A-Za-z/!][^<>]*>"  # an HTML tag: <ul style=...>, </i>, <br/>, <b>
    r"|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);"  # an HTML entity: &amp; &#160;
    r"|\*\*|__"  # Markdown bold
    r"|(?<![\w*])\*(?=\S)[^*\n]+(?<=\S)\*(?![\w*])"  # Markdown italics: *infra*
    r"|\[[^\]\n]+\]\([^)\n]+\)"  # a Markdown link
    r"|^#{1,6} "  # a Markdown heading
)
AS_WRITTEN = {"raw_text", "raw_value"}  # provenance: the source's line as written


def markup_in(table: pd.DataFrame, where: str) -> list[str]:
    found = []
    for column in table.columns:
        if column in AS_WRITTEN:
            continue
        for i, value in table[column].astype(str).items():
            m = MARKUP.search(value)
            if m:
                found.append(f"{where} row {i} {column}: {m[0]!r} in {value[:80]!r}")
    return found


def test_the_pattern_finds_markup():
    shown = pd.DataFrame(
        {
            "a": ['<ul style="list-style-type: none"> • x', "x &amp; y", "**x**", "*infra*"],
            "b": ["[x](http://y)", "AT&T", "Rabat*", "5 * 3 * 2"],
            "raw_text": ["<b>x</b>", "", "", ""],
        }
    )
    found = markup_in(shown, "t")
    assert [f.split(":")[0] for f in found] == ["t row 0 a", "t row 1 a", "t row 2 a"] + [
        "t row 3 a",
        "t row 0 b",
    ]


@pytest.mark.parametrize("source_id", sorted(MODULES))
def test_no_extracted_value_keeps_markup(raw_dir, source_id):
    tables, _ = extract_source(raw_dir / f"{source_id}.txt", source_id)
    found = [f for table_id, df in tables.items() for f in markup_in(df, table_id)]
    assert not found, "\n".join(found[:20])


def test_no_processed_value_keeps_markup(processed):
    found = []
    for path in sorted(processed.glob("*.csv")):
        found += markup_in(read_csv(path), path.name)
    assert not found, "\n".join(found[:20])


def test_the_cluster_solaire_sector_is_its_words(processed):
    """The card's sector line is an HTML list (ipemed-2019 line 1198): its two items."""
    obs = read_csv(processed / "observations.csv")
    row = obs[
        (obs["cluster_id"] == "ma-cluster-solaire")
        & (obs["field"] == "sector_detail")
        & (obs["table_id"] == "cards")
    ]
    assert row["value"].tolist() == [
        "Marché des « grandes capacités » : centrales solaires, éoliennes et hydrauliques ; "
        "Marché des « plus petites capacités » : pompage solaire, production de froid "
        "industriel."
    ]
    assert row["raw_value"].iloc[0] == row["value"].iloc[0]  # the cards table's text
    assert row["line_start"].astype(int).iloc[0] <= 1198 <= row["line_end"].astype(int).iloc[0]


def test_plain_text_joins_items_as_the_cards_write_them(read_source):
    src = read_source("ipemed-2019")
    value = '<p>Freins :</p> <ul style="list-style-type: none"> • <i>Smart</i> A ; • B.'
    assert plain_text(src, 1, value) == "Freins : Smart A ; B."
    assert plain_text(src, 1, "Agadir (Maroc).") == "Agadir (Maroc)."
