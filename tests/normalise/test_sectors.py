"""Sectors to IPEMED codes: the crosswalk covers every sector the sources give, and fails loudly."""

from __future__ import annotations

import csv

import pytest

from clusters_maghreb.errors import SourceLayoutError
from clusters_maghreb.extract.run import extract_source
from clusters_maghreb.io import read_csv, write_csv
from clusters_maghreb.normalise import sectors
from clusters_maghreb.normalise.carte import normalise_carte
from clusters_maghreb.normalise.sectors import (
    CROSSWALK,
    NO_SECTOR,
    SECTOR_COLUMNS,
    CrosswalkError,
    UnmappedSectorError,
    load_crosswalk,
    sector_code,
    sector_labels,
    sector_values,
)
from clusters_maghreb.normalise.text import name_key
from clusters_maghreb.sources import load_sources


@pytest.fixture(scope="module")
def extracted(raw_dir, tmp_path_factory):
    """Every source's tables, built from data/raw and read back from CSV as the build would."""
    out = tmp_path_factory.mktemp("extracted")
    tables = {}
    for src in load_sources(raw_dir / "sources.yaml"):
        for table_id, df in extract_source(raw_dir / src["file"], src["id"])[0].items():
            path = out / src["id"] / f"{table_id}.csv"
            write_csv(df, path)
            tables[(src["id"], table_id)] = read_csv(path)
    return tables


@pytest.fixture(scope="module")
def values(extracted):
    by_source: dict[str, dict] = {}
    for (source_id, table_id), df in extracted.items():
        by_source.setdefault(source_id, {})[table_id] = df
    return [sector_values(s, t) for s, t in by_source.items()]


def where(row) -> str:
    return f"data/raw/{row.source_id}.txt:{row.line_start}"


def test_every_extracted_table_is_declared_once(extracted):
    assert not set(SECTOR_COLUMNS) & set(NO_SECTOR)
    assert set(extracted) == set(SECTOR_COLUMNS) | set(NO_SECTOR)


def test_crosswalk_covers_every_sector_value(values):
    missing = []
    for df in values:
        for row in df.itertuples(index=False):
            try:
                sector_code(row.source_id, row.sector_text, where(row))
            except UnmappedSectorError as e:
                missing.append(str(e))
    assert not missing, "\n\n".join(missing)


def test_every_crosswalk_row_is_used(values):
    codes, used = load_crosswalk().codes, set()
    for df in values:
        for row in df.itertuples(index=False):
            scoped = (row.source_id, row.sector_text)
            used.add(scoped if scoped in codes else ("", row.sector_text))
    assert set(codes) - used == set()


def test_distinct_texts_per_source(values):
    counts = {df["source_id"].iat[0]: df["sector_text"].nunique() for df in values if len(df)}
    assert counts == {
        "ipemed-2019": 110,
        "moroccan-clusters-2020": 10,
        "errajaoui-nokairi-2023": 23,
    }


@pytest.mark.parametrize(
    "source_id, text, code",
    [
        ("ipemed-2019", "Industries mécaniques et électrique.", 2),
        ("ipemed-2019", "TIC.", 3),
        ("ipemed-2019", "Pharmacie. Marchés d'exploitation : national, africain.", 6),
        ("ipemed-2019", "BTP.", 5),
        ("ipemed-2019", "Industries électroniques.", 2),
        ("ipemed-2019", "Les ressources halieutiques", 1),
        ("ipemed-2019", "multisectoriel", 6),
        ("ipemed-2019", "textile en jean", 7),
        ("moroccan-clusters-2020", "Industry", 5),
        ("moroccan-clusters-2020", "Eco - constructions", 5),
        ("moroccan-clusters-2020", "Textile", 4),
        ("errajaoui-nokairi-2023", "Logistics & transport", 6),
        ("errajaoui-nokairi-2023", "Hydrogen", 5),
        ("errajaoui-nokairi-2023", "Airport aeronautics & related activities", 2),
        ("errajaoui-nokairi-2023", "tourism", 6),
    ],
)
def test_sample_codes(source_id, text, code):
    assert sector_code(source_id, text, "test") == code


def test_whitespace_is_collapsed_and_empty_is_no_sector():
    assert sector_code("ipemed-2019", "  Industrie\n mécanique. ", "test") == 2
    assert sector_code("ipemed-2019", " ", "test") is None


def test_scoped_rows_do_not_leak_to_other_sources():
    with pytest.raises(UnmappedSectorError):
        sector_code("errajaoui-nokairi-2023", "BTP.", "test")


def test_cards_disagree_with_the_carte_only_where_the_rationale_says(extracted):
    """Each Annex 2 card's crosswalked sector against the Carte's code of the same cluster."""
    legend = extracted[("ipemed-2019", "carte-legend")]
    carte = {}
    for c in ("MA", "DZ", "TN"):
        for r in normalise_carte(extracted[("ipemed-2019", f"carte-{c.lower()}")], c, legend)[
            ["country", "cluster", "acronym", "sector_code", "line_start"]
        ].itertuples(index=False):
            carte[(c, r.acronym or name_key(r.cluster))] = (r.sector_code, r.line_start)
            carte.setdefault((c, name_key(r.cluster)), (r.sector_code, r.line_start))
    differ, unmatched = {}, []
    for card in extracted[("ipemed-2019", "cards")].itertuples(index=False):
        key = name_key(card.name)
        got = carte.get((card.country, card.acronym)) or carte.get((card.country, key))
        if got is None:  # 'Cluster Huile d'Olive de Bouira' is 'Cluster Huile d'Olive'
            got = next(
                (v for (c, k), v in carte.items() if c == card.country and key.startswith(k + " ")),
                None,
            )
        if got is None:
            unmatched.append(card.name)
            continue
        code = sector_code("ipemed-2019", card.sector, where(card))
        if code != got[0]:
            differ[card.name] = (code, got[0], got[1])
    assert unmatched == []
    assert differ == {
        "CLUSTER MECATRONIC DE TUNISIE": (3, 2, 852),
        "CLUSTER SFAX HEALTHTECH": (3, 6, 855),
        "CLUSTER ELENTICA": (2, 3, 856),
    }
    rationale = {r["sector_text"]: r["rationale"] for r in _rows(CROSSWALK)}
    ict = "Information et communication, programmation, conseil et autres activités informatiques."
    assert "DISCREPANCY" in rationale[ict] and ":852" in rationale[ict] and ":855" in rationale[ict]
    assert (
        "DISCREPANCY" in rationale["Industries électroniques."]
        and ":856" in rationale["Industries électroniques."]
    )


def test_discrepancies_with_the_carte_are_named_in_the_rationale():
    """The texts whose code disagrees with the Carte's code of a cluster using them."""
    flagged = {r["sector_text"] for r in _rows(CROSSWALK) if "DISCREPANCY" in r["rationale"]}
    assert flagged == {
        "Information et communication, programmation, conseil et autres activités informatiques.",
        "Industries électroniques.",  # ELENTICA: Carte 3
        "cluster de l'électronique",  # ELENTICA: Carte 3
        "Textile",  # CHTS, the Cluster Textile de Maison: Carte 7
    }


def test_labels_come_from_the_extracted_legend(extracted, tmp_path):
    path = tmp_path / "carte-legend.csv"
    legend = extracted[("ipemed-2019", "carte-legend")]
    write_csv(legend, path)
    assert sector_labels(path) == {
        1: "IAA",
        2: "Métaux, Electronique",
        3: "TIC",
        4: "Textile-Habillement",
        5: "Environnement",
        6: "Autres",
        7: "Créatif et culturel",
    }
    broken = legend.copy()
    tn3 = (broken["country"] == "TN") & (broken["kind"] == "sector") & (broken["key"] == "3")
    broken.loc[tn3, "meaning"] = "TIK"
    write_csv(broken, path)
    with pytest.raises(SourceLayoutError, match=r"data/raw/ipemed-2019.txt:868: .*'TIK'"):
        sector_labels(path)


def test_sector_labels_attribute_reads_the_legend(extracted, tmp_path, monkeypatch):
    path = tmp_path / "carte-legend.csv"
    write_csv(extracted[("ipemed-2019", "carte-legend")], path)
    monkeypatch.setattr(sectors, "LEGEND", path)
    assert sectors.SECTOR_LABELS[7] == "Créatif et culturel"


# Failure cases: a broken copy of the real crosswalk.


def _rows(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _broken(tmp_path, edit) -> str:
    rows = edit(_rows(CROSSWALK))
    path = tmp_path / "sector_crosswalk.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=sectors.COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return str(path)


def _set(i, **cells):
    def edit(rows):
        rows[i] = {**rows[i], **cells}
        return rows

    return edit


@pytest.mark.parametrize(
    "edit, message",
    [
        (_set(2, sector_code="8"), r"sector_crosswalk.csv:4: sector_code '8' is not an integer"),
        (_set(5, sector_code="2.0"), r"sector_crosswalk.csv:7: sector_code '2.0'"),
        (_set(3, rationale=" "), r"sector_crosswalk.csv:5: empty rationale"),
        (_set(0, sector_text="TIC.  "), r"sector_crosswalk.csv:2: sector_text 'TIC.  ' is empty"),
        (_set(1, source_id="ipemed-2014"), r"sector_crosswalk.csv:3: source_id 'ipemed-2014'"),
        (  # the copy is the last line: the header, then the crosswalk's rows, then it
            lambda rows: rows + [rows[2]],
            rf"sector_crosswalk.csv:{len(_rows(CROSSWALK)) + 2}: duplicate of line 4",
        ),
    ],
)
def test_broken_crosswalk_names_file_and_line(tmp_path, edit, message):
    with pytest.raises(CrosswalkError, match=message):
        load_crosswalk(_broken(tmp_path, edit))


def test_every_problem_is_reported_at_once(tmp_path):
    path = _broken(tmp_path, lambda rows: _set(2, sector_code="8")(_set(3, rationale="")(rows)))
    with pytest.raises(CrosswalkError) as e:
        load_crosswalk(path)
    assert ":4: sector_code" in str(e.value) and ":5: empty rationale" in str(e.value)


def test_unknown_sector_names_where_and_the_row_to_add():
    with pytest.raises(UnmappedSectorError) as e:
        sector_code("moroccan-clusters-2020", "Solar Energies", "data/raw/x.txt:1060")
    msg = str(e.value)
    assert msg.startswith("data/raw/x.txt:1060: sector 'Solar Energies' of moroccan-clusters-2020")
    assert "data/reference/sector_crosswalk.csv" in msg
    assert "'Solar Energy' -> 5" in msg  # the closest entry
    assert msg.endswith(
        "\nmoroccan-clusters-2020,Solar Energies,<code 1-7>,<rationale: the Carte's code or why>"
    )


def test_row_to_add_is_quoted_as_csv():
    with pytest.raises(UnmappedSectorError, match=r'\nipemed-2019,"Mines, carrières",<code'):
        sector_code("ipemed-2019", "Mines, carrières", "data/raw/ipemed-2019.txt:1")
