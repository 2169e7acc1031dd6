"""Annex 2 as a reader uses it: a full profile for each of the 28 carded clusters, a shorter one
for the others, readable labels in each language, every value with its line."""

import re

import pytest

from clusters_maghreb.io import read_csv
from clusters_maghreb.report.annex import cards_markdown
from clusters_maghreb.report.profiles import profiles_markdown

RAW_NAMES = re.compile(r"\b(members_\w+|sector_code|founded_year|place_level|geonames_id)\b")


@pytest.fixture(scope="module")
def tables(pipeline_dirs):
    extracted = pipeline_dirs["extracted"] / "ipemed-2019"
    processed = pipeline_dirs["processed"]
    return {
        "cards": read_csv(extracted / "cards.csv"),
        "card_fields": read_csv(extracted / "card-fields.csv"),
        "clusters": read_csv(processed / "clusters.csv"),
        "observations": read_csv(processed / "observations.csv"),
        "snapshots": read_csv(processed / "snapshots.csv"),
    }


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_card_of_the_study_is_a_full_profile(tables, lang, read_source):
    md = profiles_markdown(lang=lang, **tables)
    assert len(re.findall(r"^### .*\{\.unnumbered #card-", md, re.M)) == 28
    assert not RAW_NAMES.search(md), RAW_NAMES.search(md)
    study = read_source("ipemed-2019")
    # every card field's line holds the value shown (its first words)
    fields = re.findall(r"^\| [^|]+ \| ([^|]{12,}?) \| (\d+)(?:-\d+)? \|$", md, re.M)
    assert len(fields) > 28 * 6
    for value, line in fields:
        first = value.split(" • ")[0].replace("*", "")[:12]
        # the line's words without the transcription's markup (tags, list bullets)
        words = " ".join(re.sub(r"<[^>]+>|•", " ", study.line(int(line))).split())
        assert first in words, (value, line)


def test_a_profile_gives_the_counts_the_card_states(tables):
    md = profiles_markdown(lang="en", **tables)
    cmt = md.split("{.unnumbered #card-tn-cmt}")[1].split("###")[0]
    assert "enterprises: 84" in cmt and "jobs: 11,700" in cmt
    fr = profiles_markdown(lang="fr", **tables)
    cmt = fr.split("{.unnumbered #card-tn-cmt}")[1].split("###")[0]
    assert "entreprises : 84" in cmt and "emplois : 11\u202f700" in cmt
    assert "| Selon la fiche |" in fr and "| Membres |" in fr


def test_clusters_without_a_card_get_a_shorter_profile_without_codes(tables):
    from clusters_maghreb.normalise.snapshots import load_precedence
    from tests.conftest import ROOT

    precedence = load_precedence(ROOT / "data" / "reference" / "field_precedence.csv")
    md = cards_markdown(tables["clusters"], tables["observations"], precedence, "en")
    assert "ENR (ENR)" not in md and "### ENR {" in md
    assert not RAW_NAMES.search(md), RAW_NAMES.search(md)
