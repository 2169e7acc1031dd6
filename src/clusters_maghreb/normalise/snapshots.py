"""Observations to one row per cluster and reference year, keeping every disagreement.

For each cluster, year and field the value of the highest-precedence observation is kept
(``data/reference/field_precedence.csv`` says which and why); every other observation with a
different value becomes a row of ``discrepancies.csv``, with both provenances.

A place is chosen as a whole (its level, city, region, GeoNames id and point come from one
statement), by the same precedence, where a row of the table with a ``qualifier`` (the
Carte's provisional locations) puts the statements so qualified after every other. A region
is not a city: a city inside the region another statement names agrees with it, and, being
finer, is the place kept (unless only a provisional statement gives it); only places that
cannot both be true (two cities, a city outside the region) are discrepancies (field
``place``).
"""

from __future__ import annotations

import pandas as pd

from clusters_maghreb.normalise import members
from clusters_maghreb.normalise.members import MEMBER_PARTS
from clusters_maghreb.normalise.places import consistent
from clusters_maghreb.schema import (  # noqa: F401 (re-exported: the stage's readers use them)
    FIELDS,
    NOT_COMPARED,
    PLACE_FIELDS,
    PRECEDENCE_COLUMNS,
    TIMELESS,
    choose,
    load_precedence,
    rank,
)

PLACE_COLUMNS = PLACE_FIELDS[:6]  # the snapshots.csv columns of a place
LEVEL_ORDER = {"city": 0, "region": 1, "country": 2}  # finest first
# Fields the generic comparison leaves to another (kept for code written before places were
# compared as wholes): every place field is compared as part of its place.
DERIVED = {f: "place" for f in PLACE_FIELDS}
DISCREPANCY_COLUMNS = [
    "cluster_id",
    "reference_year",
    "field",
    "kind",
    "value_a",
    "source_a",
    "table_a",
    "lines_a",
    "value_b",
    "source_b",
    "table_b",
    "lines_b",
    "kept",
]


def _lines(df: pd.DataFrame) -> pd.Series:
    return df["line_start"].astype(str) + "-" + df["line_end"].astype(str)


def same_value(field: str, a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Whether two (value, qualifier) observations of ``field`` agree: the same value, or
    for a count two values some count satisfies ('at least 37' and '60')."""
    if a[0] == b[0]:
        return True
    return field in members.COUNT_FIELDS and members.counts_agree(a, b)


def disagreements(ordered: pd.DataFrame) -> pd.DataFrame:
    """Pairs (kept value, other value) wherever observations of one field differ."""
    compared = ordered[~ordered["field"].isin(set(PLACE_FIELDS) | NOT_COMPARED)]
    groups = compared.groupby(["cluster_id", "_year", "field"], sort=False)
    # the kept observation is the first of its group (``ordered`` is best first)
    kept = groups[
        ["value", "qualifier", "source_id", "table_id", "line_start", "line_end"]
    ].transform("first")
    other = (groups.cumcount() > 0) & (compared["value"] != kept["value"])
    # a bound that the kept count satisfies ('at least 37' beside '60') is no disagreement
    counts = other & compared["field"].isin(members.COUNT_FIELDS)
    agree = [
        same_value(f, (a, qa), (b, qb))
        for f, a, qa, b, qb in zip(
            compared.loc[counts, "field"],
            kept.loc[counts, "value"],
            kept.loc[counts, "qualifier"],
            compared.loc[counts, "value"],
            compared.loc[counts, "qualifier"],
            strict=True,
        )
    ]
    other[counts] = ~pd.Series(agree, index=other[counts].index, dtype=bool)
    pairs, kept = compared[other], kept[other]
    timeless = pairs["field"].isin(TIMELESS)
    out = pd.DataFrame(
        {
            "cluster_id": pairs["cluster_id"],
            "reference_year": pairs["_year"].astype(object).where(~timeless, ""),
            "field": pairs["field"],
            "kind": (pairs["source_id"] == kept["source_id"]).map(
                {True: "within-source", False: "between-sources"}
            ),
            "value_a": kept["value"],
            "source_a": kept["source_id"],
            "table_a": kept["table_id"],
            "lines_a": _lines(kept),
            "value_b": pairs["value"],
            "source_b": pairs["source_id"],
            "table_b": pairs["table_id"],
            "lines_b": _lines(pairs),
            "kept": "a",
        },
        columns=DISCREPANCY_COLUMNS,
    )
    # ``ordered`` is sorted by the group keys, then best first: the rows are in that order
    return out.reset_index(drop=True)


STATEMENT = ["cluster_id", "_year", "source_id", "table_id", "line_start", "line_end", "raw_value"]


def place_statements(ordered: pd.DataFrame) -> pd.DataFrame:
    """One row per place a source states for a cluster and year, its fields side by side,
    best first within each (cluster, year) as ``ordered`` ranks its ``place_level``."""
    rows = ordered[ordered["field"].isin(PLACE_FIELDS)]
    if rows.empty:
        columns = [*STATEMENT, "qualifier", *PLACE_COLUMNS, "named", "divisions", "reference_year"]
        return pd.DataFrame(columns=columns)
    wide = rows.pivot_table(index=STATEMENT, columns="field", values="value", aggfunc="first")
    wide = wide.reindex(columns=PLACE_FIELDS).astype(object).fillna("").reset_index()
    order = ordered.loc[ordered["field"] == "place_level", [*STATEMENT, "qualifier"]]
    # a place field outside a stated place (no place_level) would be lost: say where
    stray = wide.merge(order[STATEMENT], on=STATEMENT, how="left", indicator=True)
    stray = stray[stray["_merge"] == "left_only"]
    if len(stray):
        first = stray.iloc[0]
        raise ValueError(
            f"data/raw/{first['source_id']}.txt:{first['line_start']}: place fields for "
            f"{first['cluster_id']} ({first['table_id']}) without a place_level observation; "
            "write places through observations.place_values"
        )
    out = order.merge(wide, on=STATEMENT, how="left", sort=False)
    return out.rename(columns={"place_divisions": "divisions", "place_named": "named"}).assign(
        reference_year=lambda d: d["_year"]
    )


def choose_places(
    statements: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame, list[tuple[dict, dict, bool]]]:
    """``(places, discrepancies, comparisons)``: per cluster and year the kept place (the
    best statement, or a finer firm one inside it: a city inside a region, one of the towns a
    multi-town string names) with ``place_provisional``; every statement
    that cannot be true together with it; and every comparison made, ``(kept, other,
    agree)``."""
    kept, pairs, comparisons = [], [], []
    groups: dict[tuple, list[dict]] = {}  # in the order of ``statements``: best first
    for r in statements.to_dict("records"):
        groups.setdefault((r["cluster_id"], r["_year"]), []).append(r)
    for recs in groups.values():
        best = recs[0]
        finer = [
            r
            for r in recs[1:]
            if _fineness(r) < _fineness(best)
            and (r["qualifier"] != "provisional" or best["qualifier"] == "provisional")
            and consistent(_place(r), _place(best))
        ]
        chosen = min(finer, key=_fineness) if finer else best
        kept.append({**chosen, "place_provisional": str(chosen["qualifier"] == "provisional")})
        for r in recs:
            if r is not chosen:
                agree = consistent(_place(r), _place(chosen))
                comparisons.append((chosen, r, agree))
                if not agree:
                    pairs.append((chosen, r))
    places = pd.DataFrame(kept, columns=[*statements.columns, "place_provisional"])
    places["place_provisional"] = places["place_provisional"].str.lower()

    def lines(r):
        return f"{r['line_start']}-{r['line_end']}"

    rows = [
        {
            "cluster_id": a["cluster_id"],
            "reference_year": a["reference_year"],
            "field": "place",
            "kind": "within-source" if a["source_id"] == b["source_id"] else "between-sources",
            "value_a": _shown(a),
            "source_a": a["source_id"],
            "table_a": a["table_id"],
            "lines_a": lines(a),
            "value_b": _shown(b),
            "source_b": b["source_id"],
            "table_b": b["table_id"],
            "lines_b": lines(b),
            "kept": "a",
        }
        for a, b in pairs
    ]
    return places, pd.DataFrame(rows, columns=DISCREPANCY_COLUMNS), comparisons


def _fineness(r: dict) -> float:
    """How fine a stated place is, finest first: one city; a string naming several towns
    (``named``: the first-named gives its point, but it does not say which); a region; the
    country."""
    several = r["place_level"] == "city" and len(str(r["named"]).split()) > 1
    return LEVEL_ORDER[r["place_level"]] + (0.5 if several else 0)


def _place(r: dict) -> dict:
    return {
        "level": r["place_level"],
        "geonames_id": r["geonames_id"],
        "divisions": r["divisions"],
        "named": r["named"],
    }


def _shown(r: dict) -> str:
    """A place in a discrepancy: as written (city or region), marked when provisional."""
    name = r["city"] or r["region"] or r["place_level"]
    return name + (" (provisional)" if r["qualifier"] == "provisional" else "")


def parts_exceeding_totals(obs: pd.DataFrame) -> pd.DataFrame:
    """Member counts by type that make more than the total given beside them, adding only
    types that cannot overlap (members.parts_floor: SMEs and start-ups are not added)."""
    keys = ["cluster_id", "source_id", "table_id", "line_start", "line_end", "reference_year"]
    exact = obs[obs["qualifier"] == "exact"]
    totals = exact[exact["field"] == "members_total"].set_index(keys)["value"]
    parts = exact[exact["field"].isin(MEMBER_PARTS)]
    rows = []
    for key, group in parts.groupby(keys, sort=True):
        if key not in totals.index:
            continue
        total = int(totals.loc[key])
        floor, detail = members.parts_floor(
            dict(zip(group["field"], group["value"].astype(int), strict=True))
        )
        if floor > total:
            rows.append((*key, total, floor, detail))
    found = pd.DataFrame(rows, columns=[*keys, "total", "parts", "detail"])
    lines = _lines(found)
    return pd.DataFrame(
        {
            "cluster_id": found["cluster_id"],
            "reference_year": found["reference_year"],
            "field": "members_total",
            "kind": "parts-exceed-total",
            "value_a": found["total"].astype(str),
            "source_a": found["source_id"],
            "table_a": found["table_id"],
            "lines_a": lines,
            "value_b": found["parts"].astype(str) + " = " + found["detail"],
            "source_b": found["source_id"],
            "table_b": found["table_id"],
            "lines_b": lines,
            "kept": "a",
        },
        columns=DISCREPANCY_COLUMNS,
    )


def qualifiers(best: pd.DataFrame) -> pd.Series:
    """By (cluster_id, reference_year): the kept values that are not exact, as
    'field:qualifier' pairs in FIELDS order ('members_total:approx; jobs:at_least'); a range
    keeps its bounds ('members_enterprises:range 120-130'), its column the lower bound."""
    order = {f: i for i, f in enumerate(FIELDS)}
    loose = best[best["qualifier"].fillna("exact") != "exact"]
    loose = loose.assign(_o=loose["field"].map(order)).sort_values("_o", kind="stable")
    text = loose["field"] + ":" + loose["qualifier"]
    ranged = loose["qualifier"] == "range"
    text = text.where(~ranged, text + " " + loose["value"])
    return text.groupby([loose["cluster_id"], loose["reference_year"]]).agg("; ".join)


def build_snapshots(
    obs: pd.DataFrame,
    precedence: pd.DataFrame,
    registry: pd.DataFrame,
    sector_labels: dict[int, str],
    confidence_2014: dict[str, str],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(snapshots, discrepancies)`` from typed observations."""
    obs = obs.astype({"reference_year": int, "line_start": int, "line_end": int})
    ordered = choose(obs, precedence)
    best = ordered[~ordered["field"].isin(PLACE_FIELDS)]
    best = best.drop_duplicates(["cluster_id", "_year", "field"])
    chosen_places, place_pairs, _ = choose_places(place_statements(ordered))
    timeless = best[best["field"].isin(TIMELESS)].set_index(["cluster_id", "field"])["value"]
    per_year = best[~best["field"].isin(TIMELESS)]
    ranged = per_year["qualifier"] == "range"
    per_year = per_year.assign(
        value=per_year["value"].where(~ranged, per_year["value"].str.split("-").str[0])
    )
    wide = per_year.pivot(index=["cluster_id", "reference_year"], columns="field", values="value")
    place_columns = ["cluster_id", "reference_year", *PLACE_COLUMNS, "place_provisional"]
    wide = wide.reset_index().merge(
        chosen_places.reindex(columns=place_columns).astype({"reference_year": int}),
        on=["cluster_id", "reference_year"],
        how="outer",
        suffixes=("_generic", ""),
    )
    wide = wide.set_index(["cluster_id", "reference_year"]).sort_index()
    wide = wide.reindex(columns=[f for f in FIELDS if f not in TIMELESS] + ["place_provisional"])
    discrepancies = pd.concat(
        [disagreements(ordered), place_pairs, parts_exceeding_totals(obs)], ignore_index=True
    )
    conflicts = (
        discrepancies[discrepancies["kind"] != "parts-exceed-total"]
        .assign(reference_year=lambda d: d["reference_year"].astype(str))
        .groupby(["cluster_id", "reference_year"])["field"]
        .nunique()
    )
    sources = (
        obs[["cluster_id", "reference_year", "source_id"]]
        .drop_duplicates()
        .sort_values("source_id")
        .groupby(["cluster_id", "reference_year"])["source_id"]
        .agg(" ".join)
    )
    timeless_conflicts = (
        discrepancies[discrepancies["reference_year"] == ""]
        .groupby("cluster_id")["field"]
        .nunique()
    )
    snap = wide.reset_index().fillna("")
    ids, years = snap["cluster_id"], snap["reference_year"]
    snap["country"] = ids.map(registry.set_index("cluster_id")["country"])
    founded = timeless.xs("founded_year", level="field") if len(timeless) else pd.Series()
    snap["founded_year"] = ids.map(founded).fillna("")
    snap["sector_label"] = [
        sector_labels[int(code)] if code else "" for code in snap["sector_code"]
    ]
    snap["qualifiers"] = (
        qualifiers(best[~best["field"].isin(TIMELESS)])
        .reindex(pd.MultiIndex.from_arrays([ids, years]))
        .fillna("")
        .to_numpy()
    )
    snap["confidence"] = ids.map(confidence_2014).fillna("").where(years == 2014, "")
    at = pd.MultiIndex.from_arrays([ids, years])
    snap["sources"] = sources.reindex(at).to_numpy()
    snap["conflicts"] = (
        conflicts.reindex(
            pd.MultiIndex.from_arrays([ids, years.astype(str)]), fill_value=0
        ).to_numpy()
        + ids.map(timeless_conflicts).fillna(0).to_numpy()
    ).astype(int)
    columns = [
        "cluster_id",
        "reference_year",
        "country",
        "status",
        "sector_code",
        "sector_label",
        *[f for f in FIELDS if f not in ("status", "sector_code")],
        "place_provisional",
        "qualifiers",
        "confidence",
        "sources",
        "conflicts",
    ]
    snapshots = snap.reindex(columns=columns).fillna("")
    return snapshots, discrepancies.sort_values(
        ["cluster_id", "field", "reference_year", "source_b", "lines_b"],
        kind="stable",
        key=lambda c: c.astype(str),
        ignore_index=True,
    )
