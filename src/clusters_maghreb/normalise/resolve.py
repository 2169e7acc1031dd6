"""Map every mention to a ``cluster_id`` through the hand-curated registry and aliases.

A mention matches an alias row when country and ``name_key(alias)`` agree and the row's
location is empty or has the key of the mention's location (docs/schema.md). No match and two
matches both stop the build; rapidfuzz only proposes, in the error message, the row to add.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

from clusters_maghreb.constants import MAGHREB
from clusters_maghreb.io import read_csv
from clusters_maghreb.normalise.text import name_key

REFERENCE = Path("data/reference")
REGISTRY = REFERENCE / "cluster_registry.csv"
ALIASES = REFERENCE / "cluster_aliases.csv"
REGISTRY_COLUMNS = ["cluster_id", "country", "name", "acronym", "creative", "rationale"]
ALIAS_COLUMNS = ["cluster_id", "country", "alias", "location", "rationale"]
COUNTRIES = set(MAGHREB)
ID_RX = re.compile(r"^(?P<iso>[a-z]{2})-[a-z0-9]+(?:-[a-z0-9]+)*$")


class ReferenceTableError(ValueError):
    """A reference CSV breaks its contract; the message names file and line of each row."""


class ResolveError(ValueError):
    """Mentions that match no alias row, or more than one."""


def _line(i: int) -> int:
    return i + 2  # 0-based data row -> line in the file (line 1 is the header)


def _check(path: Path, df: pd.DataFrame, columns: list[str], row_problems) -> None:
    if list(df.columns) != columns:
        raise ReferenceTableError(f"{path}:1: expected columns {columns}, found {list(df.columns)}")
    problems = [
        f"{path}:{_line(i)}: {p}"
        for i, rec in zip(df.index, df.to_dict("records"), strict=True)
        for p in row_problems(i, rec)
    ]
    if problems:
        raise ReferenceTableError("\n".join(problems))


def load_registry(path: str | Path = REGISTRY) -> pd.DataFrame:
    path = Path(path)
    df = read_csv(path)
    rows_per_id = df["cluster_id"].value_counts() if "cluster_id" in df else {}

    def problems(_, rec):
        m = ID_RX.match(rec["cluster_id"])
        if not m:
            yield f"cluster_id {rec['cluster_id']!r} is not <iso2>-<slug> ([a-z0-9-])"
        elif rec["country"] not in COUNTRIES or m["iso"] != rec["country"].lower():
            yield f"country {rec['country']!r} does not fit cluster_id {rec['cluster_id']!r}"
        if not rec["name"].strip():
            yield "empty name"
        if rec["creative"] not in ("true", "false"):
            yield f"creative is {rec['creative']!r}, expected true or false"
        if not rec["rationale"].strip():
            yield f"empty rationale for {rec['cluster_id']}"
        if rows_per_id[rec["cluster_id"]] > 1:
            yield f"cluster_id {rec['cluster_id']} on more than one row"

    _check(path, df, REGISTRY_COLUMNS, problems)
    return df


def load_aliases(registry: pd.DataFrame, path: str | Path = ALIASES) -> pd.DataFrame:
    path = Path(path)
    df = read_csv(path)
    countries = dict(zip(registry["cluster_id"], registry["country"], strict=True))
    if list(df.columns) == ALIAS_COLUMNS:
        df["key"] = df["alias"].map(name_key)
        df["location_key"] = df["location"].map(name_key)
    same = df.groupby(["country", "key", "location_key"]).groups if "key" in df else {}

    def problems(i, rec):
        if rec["cluster_id"] not in countries:
            yield f"unknown cluster_id {rec['cluster_id']!r} (not in the cluster registry)"
        elif countries[rec["cluster_id"]] != rec["country"]:
            registered = countries[rec["cluster_id"]]
            yield f"country {rec['country']} but {rec['cluster_id']} is in {registered}"
        if not rec["alias"].strip():
            yield "empty alias"
        if not rec["rationale"].strip():
            yield f"empty rationale for alias {rec['alias']!r}"
        first = same[(rec["country"], rec["key"], rec["location_key"])][0]
        if first != i:
            yield (
                f"alias {rec['alias']!r} ({rec['country']}, location {rec['location']!r}) "
                f"already on line {_line(first)}: a mention would match both rows"
            )

    _check(path, df, ALIAS_COLUMNS + ["key", "location_key"], problems)
    return df


def _without_cluster(key: str) -> str:
    return re.sub(r"\bcluster\b", "", key).strip()  # the word every name shares says nothing


def _proposal(mention, aliases: pd.DataFrame, registry: pd.DataFrame, aliases_path) -> str:
    """The best-scoring aliases, registry names and acronyms of the mention's country (one per
    cluster), and the alias row that would map the mention to the best of them."""
    country, name, location = mention["country"], mention["name"], mention["location"]
    mine = aliases[aliases["country"] == country]
    pool = [
        (f"{a['alias']} {a['location']}", a["cluster_id"], a["alias"], a["location"])
        for _, a in mine.iterrows()
    ]
    for _, r in registry[registry["country"] == country].iterrows():
        pool += [(r[c], r["cluster_id"], f"{c} {r[c]}", "") for c in ("name", "acronym") if r[c]]
    # Name with location against alias with location; the name alone only against rows
    # without one (an alias tied to another city is exactly what the mention did not match).
    texts = [name_key(p[0]) for p in pool]
    scores = {}
    for query, any_row in ((f"{name} {location}", True), (name, False)):
        for _, score, i in process.extract(
            name_key(query),
            texts,
            scorer=fuzz.token_set_ratio,
            processor=_without_cluster,
            limit=None,
        ):
            if any_row or not pool[i][3]:
                scores[i] = max(score, scores.get(i, 0))
    shown: dict[str, str] = {}
    for i in sorted(scores, key=lambda i: -scores[i]):
        _, cid, label, at = pool[i]
        if cid not in shown and len(shown) < 3:
            at = f" at {at!r}" if at else ""
            shown[cid] = f"    {label!r}{at} -> {cid} (score {scores[i]:.0f})"
    # a location in the new row only when the name alone is already someone's alias
    taken = (mine["key"] == name_key(name)).any()
    row = io.StringIO()
    csv.writer(row, lineterminator="").writerow(
        [
            next(iter(shown), "<cluster_id>"),
            country,
            name,
            location if taken else "",
            f"{_where(mention)}: <why>",
        ]
    )
    return (
        "  closest names:\n" + "\n".join(shown.values() or ["    (none in this country)"]) + "\n"
        f"  if it is the same cluster, add this row to {aliases_path} (else add the cluster to "
        "the registry first):\n"
        f"    {row.getvalue()}"
    )


def _where(mention) -> str:
    return f"{mention['source_id']}:{mention['line_start']}"


def _describe(mention) -> str:
    at = f" at {mention['location']!r}" if mention["location"] else ""
    return (
        f"data/raw/{mention['source_id']}.txt:{mention['line_start']}: "
        f"{mention['name']!r} ({mention['country']}{at}, {mention['mention_id']})"
    )


def resolve(
    mentions: pd.DataFrame, registry_path: str | Path = REGISTRY, aliases_path: str | Path = ALIASES
) -> pd.DataFrame:
    """``mentions`` with a ``cluster_id`` column; every problem is reported in one error."""
    registry = load_registry(registry_path)
    aliases = load_aliases(registry, aliases_path)
    # (country, key) -> [(alias row index, location_key, cluster_id)], in file order
    by_key: dict[tuple[str, str], list[tuple[int, str, str]]] = {}
    for i, country, key, location_key, cluster_id in zip(
        aliases.index,
        aliases["country"],
        aliases["key"],
        aliases["location_key"],
        aliases["cluster_id"],
        strict=True,
    ):
        by_key.setdefault((country, key), []).append((i, location_key, cluster_id))
    unmapped, ambiguous, ids = [], [], []
    for mention in mentions.to_dict("records"):
        location = name_key(mention["location"])
        rows = [
            row
            for row in by_key.get((mention["country"], name_key(mention["name"])), [])
            if row[1] in ("", location)
        ]
        if len(rows) == 1:
            ids.append(rows[0][2])
            continue
        ids.append("")
        if not rows:
            unmapped.append(
                _describe(mention) + "\n" + _proposal(mention, aliases, registry, aliases_path)
            )
        else:
            found = "; ".join(f"{aliases_path}:{_line(i)} -> {cid}" for i, _, cid in rows)
            ambiguous.append(f"{_describe(mention)}\n  matches several alias rows: {found}")
    problems = []
    if unmapped:
        problems.append(f"{len(unmapped)} mention(s) match no alias:\n" + "\n".join(unmapped))
    if ambiguous:
        problems.append(f"{len(ambiguous)} mention(s) are ambiguous:\n" + "\n".join(ambiguous))
    if problems:
        raise ResolveError("\n".join(problems))
    return mentions.assign(cluster_id=ids)


EVENTS = REFERENCE / "cluster_events.csv"
EVENT_COLUMNS = [
    "cluster_id",
    "event",
    "other_cluster_id",
    "year",
    "source_id",
    "quote",
    "evidence",
]
EVENT_KINDS = {"merged_into", "renamed_to", "split_from"}


def load_events(registry: pd.DataFrame, path: str | Path = EVENTS) -> pd.DataFrame:
    """Mergers, renames and splits between registry clusters, each with its quoted evidence."""
    path = Path(path)
    df = read_csv(path)
    known = set(registry["cluster_id"])

    def problems(_, rec):
        for col in ("cluster_id", "other_cluster_id"):
            if rec[col] not in known:
                yield f"unknown {col} {rec[col]!r} (not in the cluster registry)"
        if rec["event"] not in EVENT_KINDS:
            yield f"event {rec['event']!r}, expected one of {sorted(EVENT_KINDS)}"
        if rec["year"] and not re.fullmatch(r"\d{4}", rec["year"]):
            yield f"year {rec['year']!r} is not a year (leave it empty when unknown)"
        if not rec["quote"].strip():
            yield "empty quote (the source's words, found in data/raw/<source_id>.txt)"
        if not rec["evidence"].strip():
            yield "empty evidence"

    _check(path, df, EVENT_COLUMNS, problems)
    return df


def locate_events(events: pd.DataFrame, raw_dir: str | Path, path: str | Path = EVENTS):
    """The events with the lines where each one's quote now is in its source (``line_start``,
    ``line_end``); a quote no longer there stops naming the file, the row and the closest
    line (clusters_maghreb.anchors)."""
    from clusters_maghreb.anchors import AnchorError, Sources

    sources, spans = Sources(raw_dir), []
    for i, e in enumerate(events.itertuples(index=False)):
        where = f"{path}:{i + 2} ({e.cluster_id} {e.event} {e.other_cluster_id})"
        try:
            spans.append(sources[e.source_id].locate(e.quote, where=where))
        except AnchorError as err:
            raise ReferenceTableError(str(err)) from None
    return events.assign(
        line_start=[s.line_start for s in spans], line_end=[s.line_end for s in spans]
    )
