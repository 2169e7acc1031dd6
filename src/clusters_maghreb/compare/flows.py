"""What happened to each cluster between two reference years.

Each cluster of a country has, in each covered year, a *state*: its status (``constituted``,
``emergent``, ``expected``, ``unknown``, ``merged``) when ``snapshots.csv`` lists it, ``absent``
otherwise. Between two covered years ``y0 < y1`` every cluster listed in either year gets one
*kind* of flow:

- ``continued``: the same status in both years (``unknown`` included);
- ``advanced`` / ``regressed``: a move along expected -> emergent -> constituted, or back;
- ``status_first_known`` / ``status_no_longer_known``: unknown in one year, known in the other;
- ``merged``: ``merged`` in ``y1``, or absent in ``y1`` with ``clusters.merged_into`` naming a
  cluster listed in ``y1``;
- ``renamed``: ``cluster_events.csv`` says ``renamed_to`` another id (the event's year, when
  given, in ``(y0, y1]``), listed in ``y0`` and the new id in ``y1``; the new id's appearance
  is that rename, not a birth;
- ``born``: absent in ``y0``, listed in ``y1``, founded after ``y0``;
- ``first_listed``: absent in ``y0``, listed in ``y1``, founded by ``y0`` or in an unknown year
  (the sources of ``y0`` missed it, or it is older than they say);
- ``relisted``: absent in ``y0``, listed in ``y1`` and in an earlier year than ``y0``;
- ``gap``: listed in ``y0``, absent in ``y1``, listed again in a later year;
- ``disappeared``: listed in ``y0`` and in no later year (no source lists it any more: it may
  still exist).

A cluster already ``merged`` in ``y0`` and absent in ``y1`` has no flow.
"""

from __future__ import annotations

import pandas as pd

from clusters_maghreb.compare.census import MERGED, UNKNOWN, covered_years
from clusters_maghreb.figures import STATUS_ORDER

ABSENT = "absent"
# expected -> emergent -> constituted: a higher rank is further along.
RANK = {s: i for i, s in enumerate(reversed(STATUS_ORDER))}
KINDS = [
    "continued",
    "advanced",
    "regressed",
    "status_first_known",
    "status_no_longer_known",
    "merged",
    "renamed",
    "born",
    "first_listed",
    "relisted",
    "gap",
    "disappeared",
]
KIND_LABELS = {
    "continued": "unchanged",
    "advanced": "advanced",
    "regressed": "regressed",
    "status_first_known": "status first known",
    "status_no_longer_known": "status no longer known",
    "merged": "merged",
    "renamed": "renamed",
    "born": "born",
    "first_listed": "first listed",
    "relisted": "listed again",
    "gap": "not listed (listed again later)",
    "disappeared": "no longer listed",
}


def states(snapshots: pd.DataFrame, country: str) -> pd.DataFrame:
    """One row per cluster of ``country`` (sorted by id), one column per covered year: the
    cluster's status that year, or ``absent``."""
    df = snapshots[snapshots["country"] == country]
    years = covered_years(snapshots, country)
    wide = df.pivot(index="cluster_id", columns="reference_year", values="status")
    return wide.reindex(columns=years).fillna(ABSENT).sort_index().rename_axis(columns=None)


def _founded(clusters: pd.DataFrame) -> dict[str, int | None]:
    return {
        cid: int(year) if str(year).strip() else None
        for cid, year in zip(clusters["cluster_id"], clusters["founded_year"], strict=True)
    }


def flows(
    snapshots: pd.DataFrame,
    clusters: pd.DataFrame,
    events: pd.DataFrame,
    country: str,
    y0: int,
    y1: int,
) -> pd.DataFrame:
    """One row per cluster with a flow from ``y0`` to ``y1``: ``cluster_id``, ``from_state``,
    ``to_state``, ``kind`` (see the module), ``other_cluster_id`` (the merger's or rename's
    other side, else empty). Both years must be covered for ``country``."""
    table = states(snapshots, country)
    missing = [y for y in (y0, y1) if y not in table.columns]
    if missing:
        raise ValueError(f"{country}: no snapshot row in {missing}")
    later = [y for y in table.columns if y > y1]
    earlier = [y for y in table.columns if y < y0]
    founded = _founded(clusters)
    merged_into = {
        cid: other
        for cid, other in zip(clusters["cluster_id"], clusters["merged_into"], strict=True)
        if other
    }
    renames = {}
    for ev in events[events["event"] == "renamed_to"].to_dict("records"):
        year = str(ev["year"]).strip()
        if not year or y0 < int(year) <= y1:
            renames[ev["cluster_id"]] = ev["other_cluster_id"]

    def state(cid, year):
        return table.at[cid, year] if cid in table.index else ABSENT

    renamed_to = {
        a: b
        for a, b in renames.items()
        if state(a, y0) != ABSENT and state(b, y1) != ABSENT and state(b, y0) == ABSENT
    }
    rows = []
    for cid in table.index:
        a, b = table.at[cid, y0], table.at[cid, y1]
        other = ""
        if a == ABSENT and b == ABSENT:
            continue
        if a == MERGED and b == ABSENT:
            continue
        if cid in renamed_to.values():
            continue  # the rename's new name: one flow, on the old id's row
        if cid in renamed_to:
            kind, other = "renamed", renamed_to[cid]
        elif a == ABSENT and any(table.at[cid, y] != ABSENT for y in earlier):
            kind = "relisted"
        elif a == ABSENT:
            year = founded.get(cid)
            kind = "born" if year is not None and year > y0 else "first_listed"
        elif b == MERGED:
            kind, other = "merged", merged_into.get(cid, "")
        elif b == ABSENT:
            if state(merged_into.get(cid, ""), y1) not in (ABSENT, MERGED):
                kind, other = "merged", merged_into[cid]
            elif any(table.at[cid, y] != ABSENT for y in later):
                kind = "gap"
            else:
                kind = "disappeared"
        elif a == b:
            kind = "continued"
        elif a == UNKNOWN:
            kind = "status_first_known"
        elif b == UNKNOWN:
            kind = "status_no_longer_known"
        elif a in RANK and b in RANK:
            kind = "advanced" if RANK[b] > RANK[a] else "regressed"
        else:
            raise ValueError(f"{cid}: no flow kind for {a} -> {b}")
        rows.append(
            {
                "cluster_id": cid,
                "from_state": a,
                "to_state": b,
                "kind": kind,
                "other_cluster_id": other,
            }
        )
    columns = ["cluster_id", "from_state", "to_state", "kind", "other_cluster_id"]
    return pd.DataFrame(rows, columns=columns)


def pairs(snapshots: pd.DataFrame, country: str) -> list[tuple[int, int]]:
    """Consecutive covered years of ``country``."""
    years = covered_years(snapshots, country)
    return list(zip(years, years[1:], strict=False))


def flow_counts(flow: pd.DataFrame) -> dict[str, int]:
    """Clusters per kind (every kind of ``KINDS``, 0 when none)."""
    counts = flow["kind"].value_counts()
    return {k: int(counts.get(k, 0)) for k in KINDS}


def transition_counts(flow: pd.DataFrame) -> dict[tuple[str, str], int]:
    """Clusters per (from, to) pair of distinct grid statuses."""
    out = {}
    for a in STATUS_ORDER:
        for b in STATUS_ORDER:
            if a != b:
                out[(a, b)] = int(((flow["from_state"] == a) & (flow["to_state"] == b)).sum())
    return out


NODE_ORDER = [*STATUS_ORDER, UNKNOWN, MERGED, ABSENT]


def alluvial(table: pd.DataFrame, gap: float = 1.0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Layout of an alluvial chart of ``states()``: every column a year, its nodes the states
    of ``NODE_ORDER`` stacked from the top (``y`` grows downwards, ``gap`` between nodes, one
    unit per cluster), and bands joining the states of consecutive years.

    Returns ``nodes`` (``year``, ``state``, ``n``, ``top``, ``bottom``) and ``bands``
    (``year0``, ``year1``, ``from_state``, ``to_state``, ``n``, ``top0``, ``bottom0``,
    ``top1``, ``bottom1``): a band leaves its left node in the order of the right nodes and
    enters its right node in the order of the left nodes, so bands do not cross inside a node.
    """
    years = list(table.columns)
    nodes = []
    for year in years:
        counts = table[year].value_counts()
        y = 0.0
        for state in NODE_ORDER:
            n = int(counts.get(state, 0))
            if n:
                nodes.append({"year": year, "state": state, "n": n, "top": y, "bottom": y + n})
                y += n + gap
    nodes = pd.DataFrame(nodes, columns=["year", "state", "n", "top", "bottom"])
    tops = {(r.year, r.state): r.top for r in nodes.itertuples()}
    bands = []
    for y0, y1 in zip(years, years[1:], strict=False):
        pair = table.groupby([y0, y1]).size()
        rank = {s: i for i, s in enumerate(NODE_ORDER)}
        out_offset = {s: 0.0 for s in NODE_ORDER}
        in_offset = {s: 0.0 for s in NODE_ORDER}
        placed = {}
        for (a, b), n in sorted(pair.items(), key=lambda kv: (rank[kv[0][0]], rank[kv[0][1]])):
            top0 = tops[(y0, a)] + out_offset[a]
            out_offset[a] += n
            placed[(a, b)] = (int(n), top0)
        for (a, b), n in sorted(pair.items(), key=lambda kv: (rank[kv[0][1]], rank[kv[0][0]])):
            top1 = tops[(y1, b)] + in_offset[b]
            in_offset[b] += n
            n, top0 = placed[(a, b)]
            bands.append(
                {
                    "year0": y0,
                    "year1": y1,
                    "from_state": a,
                    "to_state": b,
                    "n": n,
                    "top0": top0,
                    "bottom0": top0 + n,
                    "top1": top1,
                    "bottom1": top1 + n,
                }
            )
    columns = ["year0", "year1", "from_state", "to_state", "n"]
    columns += ["top0", "bottom0", "top1", "bottom1"]
    bands = pd.DataFrame(bands, columns=columns)
    bands = bands.sort_values(["year0", "from_state", "to_state"], ignore_index=True)
    return nodes, bands
