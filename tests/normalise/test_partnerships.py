"""Partners as entities (issue 13, family 6): one row per partner named, spellings merged
through the alias table, what is not a partner set aside by a recorded rule, the raw text kept;
on the real sources, plus hand-made variants of the reference tables and of an extracted card."""

from __future__ import annotations

import csv
import re
import shutil

import pandas as pd
import pytest

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.io import read_csv
from clusters_maghreb.normalise.partnerships import (
    COLUMNS,
    PartnerError,
    build_partnerships,
    load_aliases,
    load_partners,
)

REFERENCE = PROJECT_ROOT / "data" / "reference"


@pytest.fixture(scope="module")
def part(processed):
    return read_csv(processed / "partnerships.csv")


@pytest.fixture(scope="module")
def aliases():
    partners = load_partners(
        REFERENCE / "partners.csv", read_csv(REFERENCE / "cluster_registry.csv")
    )
    return load_aliases(REFERENCE / "partner_aliases.csv", partners)


def test_columns_and_provenance(part, read_source):
    assert list(part.columns) == COLUMNS
    lines = read_source("ipemed-2019").lines
    for row in part.itertuples(index=False):
        # The partner's words are in the row's raw text, and the raw text is the source's.
        assert row.name_as_written in row.raw_text, row
        source = " ".join(lines[int(row.line_start) - 1 : int(row.line_end)])
        assert re.sub(r"\s+", " ", row.name_as_written) in re.sub(r"\s+", " ", source), row


def test_a_partner_is_an_entity_not_a_sentence(part):
    # The example: the 2TS card's national line is a sentence naming four partners.
    tts = part[(part["cluster_id"] == "tn-2ts") & (part["line_start"] == "1363")]
    assert sorted(tts["partner"]) == [
        "Association Tunisia Technoparks",
        "Cluster Mecatronic de Tunisie (CMT)",
        "cluster Santé",
        "réseau In'Tex",
    ]
    assert set(tts.loc[tts["partner_id"].isin(["cmt", "cluster-sante"]), "stage"]) == {"planned"}
    assert tts.loc[tts["partner_id"] == "cmt", "partner_cluster_id"].item() == "tn-cmt"
    # No partner's name is a phrase of the card.
    starts = r"^(?:Coopération|Coopérations|Relations|Partenariat|Accord|Projet|Participation)"
    assert not part["partner"].str.contains(starts).any()
    assert part["partner"].str.len().max() < 70


def test_one_partner_many_spellings(part):
    ids = part.groupby("partner_id")["name_as_written"].agg(set)
    assert ids["cosmetic-valley"] == {"Cosmetic Valley", "« Cosmetic Valley »"}
    assert ids["images-et-reseaux"] == {"Image & Réseaux", "Images réseaux"}
    assert ids["ccin"] == {
        "Cosmetics Clusters International Network",
        "Comestic Cluster International Network (CCIN)",
    }
    technoparks = part[part["partner_id"] == "tunisia-technoparks"]
    assert technoparks["cluster_id"].nunique() == 7
    assert set(technoparks["level"]) == {"national"}  # the cards' level ('national' at 1374 too)


def test_what_is_not_a_partner_is_set_aside_by_a_rule(part, aliases):
    names = " | ".join(part["name_as_written"])
    for not_a_partner in ("ECCP", "Interclustering", "Viva Technology", "TEXMED", "CAP PME"):
        assert not_a_partner not in names, not_a_partner
    rules = aliases.set_index("written")["rule"]
    assert rules["Inscrit sur la Plateforme ECCP"] == "platform"
    assert rules["Participation à Viva Technology (Paris)"] == "event"
    assert rules["Programme CAP PME de l'Union Européenne pour le développement des PME"] == (
        "programme"
    )
    # A lender stays when the text calls it a partner ('Partenariat avec IFC ...').
    assert {"ifc", "banque-mondiale"} <= set(part["partner_id"])


def test_the_cooperation_chapter_examples_are_kept(part):
    # 'Maroc Numeric Cluster (MNC) avec, en France, Systematic, Images réseaux et Cap Digital'
    # (line 978) names no country beside the cluster; its partners were lost before.
    mnc = part[(part["cluster_id"] == "ma-mnc") & (part["kind"] == "example")]
    assert sorted(mnc["partner_id"]) == ["cap-digital", "images-et-reseaux", "systematic"]
    assert set(mnc["level"]) == {"euro-mediterranean"}
    # The convention between France Clusters and Maroc Cluster (line 954) joins two networks.
    assert "954" not in set(part["line_start"])


def test_every_card_piece_is_accounted_for(pipeline_dirs, aliases):
    pieces = read_csv(pipeline_dirs["extracted"] / "ipemed-2019" / "card-cooperations.csv")
    written = set(aliases["written"])
    # Every piece (joined back where the extractor cut inside a name) has a row.
    from clusters_maghreb.normalise.partnerships import _whole_partners
    from clusters_maghreb.normalise.text import collapse

    whole = _whole_partners(pieces)
    assert {collapse(p) for p in whole["partner"]} <= written
    assert len(whole) == 92  # pieces of the 33 cards' cooperation lines


# --- failures ------------------------------------------------------------------------------


def reference_copy(tmp_path, name, edit):
    """A copy of data/reference with ``edit(rows)`` applied to ``name``'s rows (dicts)."""
    ref = tmp_path / "reference"
    shutil.copytree(REFERENCE, ref, ignore=shutil.ignore_patterns("boundaries"))
    with open(ref / name, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows = edit(rows)
    with open(ref / name, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return ref


def build(pipeline_dirs, ref, extracted=None):
    mentions = read_csv(pipeline_dirs["mentions"])
    return build_partnerships(extracted or pipeline_dirs["extracted"], mentions, ref)


def test_a_piece_no_row_covers_fails_naming_its_line(pipeline_dirs, tmp_path):
    ref = reference_copy(
        tmp_path, "partner_aliases.csv", lambda rows: [r for r in rows if r["written"] != "Canada"]
    )
    with pytest.raises(PartnerError, match=r"ipemed-2019\.txt:1166: expected the partner text "):
        build(pipeline_dirs, ref)


def test_a_new_partner_in_a_card_fails_until_it_has_a_row(pipeline_dirs, tmp_path):
    extracted = tmp_path / "extracted"
    shutil.copytree(pipeline_dirs["extracted"], extracted)
    path = extracted / "ipemed-2019" / "card-cooperations.csv"
    cards = read_csv(path)
    cards.loc[cards["partner"] == "Canada", "partner"] = "Québec International"
    cards.to_csv(path, index=False)
    ref = reference_copy(tmp_path, "partner_aliases.csv", lambda rows: rows)
    with pytest.raises(PartnerError, match="'Québec International'"):
        build(pipeline_dirs, REFERENCE, extracted)
    assert ref  # the real table, unchanged, is what failed


def test_a_row_no_piece_uses_fails(pipeline_dirs, tmp_path):
    def add(rows):
        return [
            *rows,
            {
                **rows[0],
                "written": "Cluster de nulle part",
                "name_as_written": "Cluster de nulle part",
            },
        ]

    ref = reference_copy(tmp_path, "partner_aliases.csv", add)
    with pytest.raises(PartnerError, match=r"partner_aliases\.csv:101: expected the written"):
        build(pipeline_dirs, ref)


@pytest.mark.parametrize(
    "cells, message",
    [
        ({"partner_id": "nobody"}, "expected a partner_id of"),
        ({"rule": "sponsor"}, "expected a rule in"),
        ({"name_as_written": "Canada Inc."}, "expected a name_as_written found in the written"),
        ({"rule": "event"}, "expected no partner_id, name_as_written or stage"),
        ({"stage": "maybe"}, "expected a stage in"),
        ({"rationale": ""}, "expected a rationale"),
    ],
)
def test_a_bad_alias_row_fails_with_file_and_line(pipeline_dirs, tmp_path, cells, message):
    def edit(rows):
        at = next(i for i, r in enumerate(rows) if r["written"] == "Canada")
        rows[at].update(cells)
        return rows

    ref = reference_copy(tmp_path, "partner_aliases.csv", edit)
    with open(REFERENCE / "partner_aliases.csv", encoding="utf-8") as fh:
        line = 2 + [r["written"] for r in csv.DictReader(fh)].index("Canada")
    with pytest.raises(PartnerError, match=rf"partner_aliases\.csv:{line}: {message}"):
        build(pipeline_dirs, ref)


def test_a_partner_in_another_country_than_the_text_says_fails(pipeline_dirs, tmp_path):
    def edit(rows):
        for r in rows:
            if r["partner_id"] == "clubtex":
                r["country"] = "Belgique"
        return rows

    ref = reference_copy(tmp_path, "partners.csv", edit)
    with pytest.raises(PartnerError, match=r"ipemed-2019\.txt:976: expected 'clubtex' in Belgique"):
        build(pipeline_dirs, ref)


def test_the_real_tables_build(pipeline_dirs):
    part = build(pipeline_dirs, REFERENCE)
    assert isinstance(part, pd.DataFrame) and len(part) == 93
