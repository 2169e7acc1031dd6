"""Resolved mentions to observations: one typed value per row, with its source line.

Which raw column of each extracted table gives which snapshot field, and how it is read, is
declared in the table registry (data/reference/tables.yaml, ``fields``; ``FIELDS`` here is
the project's, read from it). Every value keeps the provenance of the row it came from
(source, table, lines) and its raw text; judgements come from the reference tables (status,
sectors, places).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from clusters_maghreb import table_registry
from clusters_maghreb.errors import SourceLayoutError
from clusters_maghreb.io import read_csv
from clusters_maghreb.normalise import members, places, sectors, values
from clusters_maghreb.normalise.carte import normalise_carte
from clusters_maghreb.normalise.mentions import MENTION_SPECS
from clusters_maghreb.normalise.text import collapse
from clusters_maghreb.table_registry import Field, TableRegistry

COLUMNS = ["observation_id", *values.RECORD_COLUMNS]


FIELDS: dict[tuple[str, str], list[Field]] = table_registry.load().fields
# Tables whose mentions carry a location but whose places are read by other code than FIELDS
# ('places_read_elsewhere' in the registry).
PLACES_READ_ELSEWHERE = table_registry.load().places_read_elsewhere


def stop_if(problems: list[str], what: str) -> None:
    """Stop the build with every problem a check found, under one title."""
    if problems:
        raise ValueError(f"{what}:\n" + "\n".join(problems))


def check_places_read(specs=MENTION_SPECS, fields=FIELDS, elsewhere=PLACES_READ_ELSEWHERE) -> None:
    """Every location column a mention is given (``MentionSpec.location``) is read by FIELDS as
    a place: a place a source states for a cluster cannot be dropped unnoticed."""
    problems = []
    for key, spec in specs.items():
        if not spec.location or key in elsewhere:
            continue
        read = {f.column for f in fields.get(key, []) if f.kind == "place"}
        missing = [c for c in spec.location if c not in read]
        if missing:
            problems.append(
                f"{key[0]}/{key[1]}: its mentions carry a location from {missing}, but its "
                "'fields' in the table registry (data/reference/tables.yaml) read no place "
                f"from it; add {{field: city, column: {missing[0]}, kind: place}} to them"
            )
    stop_if(problems, "places stated but not observed")


SECTOR_FIELDS = (Field("sector_detail", "", "text"), Field("sector_code", "", "sector"))


def check_sectors_read(columns=sectors.SECTOR_COLUMNS, specs=MENTION_SPECS, fields=FIELDS) -> None:
    """Every sector column declared for a table whose rows name clusters
    (``sectors.SECTOR_COLUMNS``) is read by FIELDS, as the sector's text and its IPEMED code:
    a sector a source states for a cluster cannot be dropped unnoticed. Tables that name no
    cluster (``mentions.NO_MENTIONS`` says why) have no cluster to give their sectors to."""
    problems = []
    for key, column in columns.items():
        if key not in specs:
            continue
        read = {(f.field, f.kind) for f in fields.get(key, []) if f.column == column}
        missing = [f for f in SECTOR_FIELDS if (f.field, f.kind) not in read]
        if missing:
            add = ", ".join(
                f"{{field: {f.field}, column: {column}, kind: {f.kind}}}" for f in missing
            )
            problems.append(
                f"{key[0]}/{key[1]}: its sector column {column!r} ('sector' in the table "
                "registry, data/reference/tables.yaml) is not read by its 'fields'; add "
                f"{add} to them"
            )
    stop_if(problems, "sectors stated but not observed")


def mention_tables(extracted_dir: Path, mentions: pd.DataFrame) -> dict[tuple, pd.DataFrame]:
    """Each extracted table that ``mentions`` come from, read once, by (source_id, table_id)."""
    keys = sorted(set(zip(mentions["source_id"], mentions["table_id"], strict=True)))
    return {key: read_csv(extracted_dir / key[0] / f"{key[1]}.csv") for key in keys}


def check_statuses_read(
    tables: dict[tuple, pd.DataFrame], extracted_dir: Path, fields=FIELDS
) -> None:
    """Every table whose rows name clusters (``tables``, from mention_tables) and state a
    status in a ``status`` column has it read by FIELDS: a status a source states for a
    cluster cannot be dropped unnoticed."""
    problems = []
    for key, table in tables.items():
        if any(f.kind == "status" and f.column == "status" for f in fields.get(key, [])):
            continue
        if "status" not in table.columns:
            continue
        stated = table[table["status"].fillna("") != ""]
        if len(stated):
            first = stated.iloc[0]
            problems.append(
                f"{extracted_dir / key[0] / f'{key[1]}.csv'}: line {first['line_start']} of "
                f"data/raw/{key[0]}.txt states the status {first['status']!r}, but the "
                "table's 'fields' in the table registry (data/reference/tables.yaml) read no "
                "status; add {field: status, column: status, kind: status} to them, and its "
                "texts to data/reference/status_crosswalk.csv"
            )
    stop_if(problems, "statuses stated but not observed")


def load_status_crosswalk(path: str | Path) -> dict[tuple[str, str, str], str]:
    table = read_csv(path)
    out = {}
    for n, row in enumerate(table.itertuples(index=False), start=2):
        key = (row.source_id, row.table_id, row.status_text)
        if key in out or not row.rationale:
            raise ValueError(f"{path}:{n}: expected a unique key with a rationale, found {key}")
        out[key] = row.status
    return out


class Reader:
    """Reads raw cells into typed values, with the reference tables it needs."""

    def __init__(self, reference_dir: str | Path, sources_yaml: str | Path | None = None):
        ref = Path(reference_dir)
        self.status = load_status_crosswalk(ref / "status_crosswalk.csv")
        self.sectors = sectors.load_crosswalk(
            ref / "sector_crosswalk.csv", sources_yaml or sectors.SOURCES
        )
        self.places = places.gazetteer(places.load_places(ref / "places.csv"))

    def place(self, location: str, country: str, where: tuple[str, int]) -> dict:
        """The place (places.csv row, with the gazetteer's point) of a location string."""
        return places.place_of(location, country, f"{where[0]}:{where[1]}", self.places)

    def read(self, spec: Field, row, country: str) -> list[tuple[str, str, str, str]]:
        """``[(field, value, qualifier, raw_value), ...]`` for one spec on one extracted row."""
        raw = collapse(getattr(row, spec.column)) if spec.column else ""
        where = (f"data/raw/{row.source_id}.txt", int(row.line_start))
        if spec.kind == "status":
            keys = [(row.source_id, row.table_id, raw), (row.source_id, row.table_id, "*")]
            key = next((k for k in keys if k in self.status), None)
            if key is None:
                raise SourceLayoutError(
                    *where,
                    f"a status for {raw!r} in data/reference/status_crosswalk.csv",
                    f"none for ({row.source_id}, {row.table_id})",
                )
            if not self.status[key]:
                return []  # the crosswalk says this text states no status (its rationale why)
            return [(spec.field, self.status[key], "exact", raw or row.table_id)]
        if not raw or raw == "-":
            return []  # the source gives nothing here: no observation
        if spec.kind == "text":
            return [(spec.field, raw, "exact", raw)]
        if spec.kind == "sector":
            code = sectors.sector_code(row.source_id, raw, f"{where[0]}:{where[1]}", self.sectors)
            return [] if code is None else [(spec.field, str(code), "exact", raw)]
        if spec.kind == "member_counts":
            counts = values.parse("member_counts", raw, where)
            return [(f, str(p.value), p.qualifier, raw) for f, p in counts.items()]
        if spec.kind == "place":
            return place_values(self.place(raw, country, where), "exact", raw)
        parsed = values.parse(spec.kind, raw, where)
        if isinstance(parsed, list):  # 'counts': several counts of one kind in one cell
            if not parsed:
                return []
            value, qualifier = _sum(parsed)
            if spec.kind == "counts":  # a card's: founders, uncounted members (members.py)
                qualifier = members.card_qualifier(
                    spec.field, qualifier, getattr(row, "members", "")
                )
            return [(spec.field, value, qualifier, raw)]
        if parsed.value is None:
            return []  # e.g. a range, or '-': nothing exact to keep (the raw text stays)
        value = str(parsed.value).lower() if isinstance(parsed.value, bool) else str(parsed.value)
        return [(spec.field, value, parsed.qualifier, raw)]


def place_values(place: dict, qualifier: str, raw: str) -> list[tuple[str, str, str, str]]:
    """The observations of one stated place, at the level its text states (places.csv): a
    city gives its name as written, its first-level division, GeoNames id and point; a region
    gives only its name as written (no city, no point); a country gives only the level.
    ``place_divisions`` (GeoNames admin1 codes) lets snapshots.py tell a region containing a
    city from a disagreement (places.consistent); ``place_named`` (GeoNames ids), for a string
    naming several towns (rule first-named), lets it find a town in common.
    ``qualifier`` is 'provisional' where the source marks the location so (the Carte's '*')."""
    out = [("place_level", place["level"])]
    if place["level"] != "country":
        out.append(("place_divisions", places.divisions(place)))
    if place["level"] == "city":
        out += [
            ("city", place["place"]),
            ("region", place["admin_region"]),
            ("geonames_id", place["geonames_id"]),
            ("lat", f"{place['lat']:.4f}"),
            ("lon", f"{place['lon']:.4f}"),
        ]
        if len(place.get("named", "").split()) > 1:
            out.append(("place_named", place["named"]))
    elif place["level"] == "region":
        out.append(("region", place["place"]))
    return [(field, value, qualifier, raw) for field, value in out]


def _sum(parts: list) -> tuple[str, str]:
    """Counts given side by side for one kind of member ('3 ; 1 ; 2') add up to the kind's
    count; the sum is approximate as soon as one part is."""
    if any(p.value is None for p in parts):
        raise ValueError(f"cannot add counts without a value: {parts}")
    exact = all(p.qualifier == "exact" for p in parts)
    return str(sum(int(p.value) for p in parts)), "exact" if exact else "approx"


def carte_observations(extracted_dir: Path, mentions: pd.DataFrame, reader: Reader):
    """The Carte des clusters rows, read by normalise/carte.py as the study's legend says."""
    legend = read_csv(extracted_dir / "ipemed-2019" / "carte-legend.csv")
    out = []
    for country in ("MA", "DZ", "TN"):
        table_id = f"carte-{country.lower()}"
        typed = normalise_carte(
            read_csv(extracted_dir / "ipemed-2019" / f"{table_id}.csv"), country, legend
        )
        for row in typed.itertuples(index=False):
            cluster_id = _cluster_of(mentions, "ipemed-2019", table_id, row.line_start)
            where = (f"data/raw/{row.source_id}.txt", row.line_start)
            place = reader.place(row.location, country, where)
            raw_cells = row.raw_text.split("\t")
            base = (row.source_id, table_id, row.line_start, row.line_end, cluster_id, 2019)
            values_ = [
                ("status", row.status, raw_cells[1:4]),
                ("sector_code", row.sector_code, raw_cells[4]),
                ("partner_north", row.partner_north, raw_cells[5]),
                ("partner_south", row.partner_south, raw_cells[6]),
                ("territory", row.territory, raw_cells[7:9]),
            ]
            for field, value, raw in values_:
                raw = "|".join(raw) if isinstance(raw, list) else str(raw)
                value = str(value).lower() if isinstance(value, bool) else str(value)
                out.append((*base, field, value, "exact", raw))
            # the legend's '*': "Localisation provisoire" (ipemed-2019 line 530)
            qualifier = "provisional" if row.location_provisional else "exact"
            raw = row.location + ("*" if row.location_provisional else "")
            out += [(*base, *v) for v in place_values(place, qualifier, raw)]
    return out


def _cluster_of(mentions: pd.DataFrame, source_id, table_id, line_start) -> str:
    hit = mentions[
        (mentions["source_id"] == source_id)
        & (mentions["table_id"] == table_id)
        & (mentions["line_start"].astype(int) == int(line_start))
    ]
    ids = set(hit["cluster_id"])
    if len(ids) != 1:
        raise ValueError(
            f"data/raw/{source_id}.txt:{line_start}: expected one resolved mention of "
            f"{table_id}, found {sorted(ids)}"
        )
    return ids.pop()


def build_observations(
    extracted_dir: str | Path,
    mentions: pd.DataFrame,
    reference_dir: str | Path,
    sources_yaml: str | Path | None = None,
) -> pd.DataFrame:
    """All observations: the carte's, each declared field of each mention, and its name; the
    table registry is the reference folder's tables.yaml."""
    registry: TableRegistry = table_registry.load(Path(reference_dir) / "tables.yaml")
    specs, fields = registry.mention_specs, registry.fields
    check_places_read(specs, fields, registry.places_read_elsewhere)
    check_sectors_read(registry.sector_columns, specs, fields)
    extracted_dir = Path(extracted_dir)
    tables = mention_tables(extracted_dir, mentions)
    check_statuses_read(tables, extracted_dir, fields)
    reader = Reader(reference_dir, sources_yaml)
    rows = carte_observations(extracted_dir, mentions, reader)
    for m in mentions.itertuples(index=False):
        base = (
            m.source_id,
            m.table_id,
            int(m.line_start),
            int(m.line_end),
            m.cluster_id,
            int(m.reference_year),
        )
        rows.append((*base, "name", collapse(m.name), "exact", m.name))
        specs = fields.get((m.source_id, m.table_id))
        if not specs:
            continue
        key = (m.source_id, m.table_id)
        row_index = int(m.mention_id.split(":")[2])
        row = next(tables[key].iloc[[row_index]].itertuples(index=False))
        for spec in specs:
            for field, value, qualifier, raw in reader.read(spec, row, m.country):
                rows.append((*base, field, value, qualifier, raw))
    return with_ids(pd.DataFrame(rows, columns=COLUMNS[1:]))


def with_ids(df: pd.DataFrame) -> pd.DataFrame:
    """Sort for byte-stable output and give each row an id made of what it is about."""
    df = df.drop_duplicates().sort_values(COLUMNS[1:], kind="stable", ignore_index=True)
    stem = (
        df["source_id"]
        + ":"
        + df["line_start"].astype(str)
        + ":"
        + df["cluster_id"]
        + ":"
        + df["field"]
    )
    n = stem.groupby(stem).cumcount()
    df.insert(0, "observation_id", stem.where(n == 0, stem + ":" + n.astype(str)))
    return df


def event_observations(events: pd.DataFrame, sources_yaml: str | Path) -> pd.DataFrame:
    """A merged cluster's status, from data/reference/cluster_events.csv, in the year of the
    source that reports the merger."""
    from clusters_maghreb.normalise.resolve import locate_events
    from clusters_maghreb.sources import load_sources

    years = {s["id"]: int(s["reference_year"]) for s in load_sources(sources_yaml)}
    events = locate_events(events, Path(sources_yaml).parent)
    merged = events[events["event"] == "merged_into"]
    rows = [
        (
            e.source_id,
            "cluster-events",
            int(e.line_start),
            int(e.line_end),
            e.cluster_id,
            years[e.source_id],
            "status",
            "merged",
            "exact",
            e.evidence,
        )
        for e in merged.itertuples(index=False)
    ]
    return pd.DataFrame(rows, columns=COLUMNS[1:])
