"""Member counts and founding years stated in the sources' prose, as observations.

Rules in code find the candidates, over the real text:
- a count: every figure of the prose-figure tables (ipemed-2019 ``prose-figures``,
  ecomnews-2020 ``figures``, errajaoui-nokairi-2023 ``prose-figures``) whose unit names a kind
  of member or jobs (``UNIT_FIELDS``: 'adhérents' -> members_total, 'PME/PMI' -> members_smes,
  'emplois' -> jobs, ...);
- a founding year: every year of an ipemed-2019 prose sentence (before the identity cards)
  that speaks of a creation ('créé', 'création', 'né', 'lancement', ...).

Judgement is data: ``data/reference/prose_values.csv`` says, for every candidate, which
cluster it is about and that it is kept, or why it is not (a sector's size, a count at
founding, a programme's launch...). A candidate without its row, or a row without its
candidate, stops the build; so does a row whose field is not the one the rule reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from clusters_maghreb.anchors import Sources
from clusters_maghreb.io import read_csv
from clusters_maghreb.normalise import values
from clusters_maghreb.normalise.text import collapse

COLUMNS = ["source_id", "quote", "figure", "cluster_id", "field", "rationale"]
# The prose-figure tables read, and their columns: (figure, unit, unit when only implied).
FIGURE_TABLES = {
    ("ipemed-2019", "prose-figures"): ("figure", "unit", "implied_unit"),
    ("ecomnews-2020", "figures"): ("figure", "unit", ""),
    ("errajaoui-nokairi-2023", "prose-figures"): ("figure", "unit", ""),
}
# What a figure counts, by its unit (casefolded); a unit not here counts no members.
UNIT_FIELDS = {
    "adhérents": "members_total",
    "membres": "members_total",
    "members": "members_total",
    "décideurs": "members_total",  # the ADC's members, as its president defines it (588)
    "entreprises": "members_enterprises",
    "producteurs de boissons": "members_enterprises",
    "pme": "members_smes",
    "pme/pmi": "members_smes",
    "tpme": "members_smes",
    "grandes entreprises": "members_large",
    "startups": "members_startups",
    "start-ups": "members_startups",
    "universités et écoles d'ingénieurs": "members_research_training",
    "associations professionnelles": "members_associations",
    "centres techniques": "members_other",
    "artisans": "members_other",
    "éleveurs": "members_other",
    "centres de collecte": "members_other",
    "emplois": "jobs",
    "postes": "jobs",
    "employés": "jobs",
}
# 'personnes' counts jobs only where the sentence says they are employed (the extractor's
# ``counts`` column decides: 'jobs' or 'people').
PEOPLE = "personnes"
CREATION_RX = re.compile(
    r"\b(?:cré(?:é|ée|és|ées|ation)|fond(?:é|ée|ation)|constitu(?:é|ée|tion)|né|naissance|"
    r"lanc(?:é|ée|ement))\b",
    re.IGNORECASE,
)
DATE_RX = re.compile(
    rf"\b(?:\d{{1,2}}\s+)?(?:(?:{values.MONTHS})\s+)?(?:19[5-9]\d|20[0-2]\d)"
    r"(?:\s*-\s*(?:19|20)\d\d)?\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Candidate:
    source_id: str
    table_id: str
    line_start: int
    line_end: int
    figure: str
    field: str
    sentence: str


def count_candidates(extracted_dir: str | Path) -> list[Candidate]:
    out = []
    for (source_id, table_id), (fig, unit, implied) in FIGURE_TABLES.items():
        table = read_csv(Path(extracted_dir) / source_id / f"{table_id}.csv")
        for r in table.itertuples(index=False):
            u = collapse(getattr(r, unit) or (getattr(r, implied) if implied else "")).casefold()
            field = UNIT_FIELDS.get(u)
            if u == PEOPLE and getattr(r, "counts", "") == "jobs":
                field = "jobs"
            if field:
                text = getattr(r, "sentence", "") or r.raw_text
                figure = collapse(getattr(r, fig))
                lines = (int(r.line_start), int(r.line_end))
                out.append(Candidate(source_id, table_id, *lines, figure, field, text))
    return out


def founding_candidates(raw_dir: str | Path) -> list[Candidate]:
    """Every year of an ipemed-2019 prose sentence that speaks of a creation."""
    from clusters_maghreb.extract.ipemed_2019_mentions import Prose
    from clusters_maghreb.extract.raw_source import RawSource

    prose = Prose(RawSource.read(Path(raw_dir) / "ipemed-2019.txt"))
    out = []
    for s in prose.sentences:
        if not CREATION_RX.search(s.text):
            continue
        for m in DATE_RX.finditer(s.text):
            out.append(
                Candidate(
                    "ipemed-2019",
                    "prose",
                    s.line_start,
                    s.line_end,
                    collapse(m[0]),
                    "founded_year",
                    s.text,
                )
            )
    return out


def candidates(extracted_dir: str | Path, raw_dir: str | Path) -> list[Candidate]:
    found = [*count_candidates(extracted_dir), *founding_candidates(raw_dir)]
    return sorted(set(found), key=lambda c: (c.source_id, c.line_start, c.figure, c.field))


def load(path: str | Path, raw_dir: str | Path, registry: set[str]) -> pd.DataFrame:
    """The reference table, each row's quote located in its source (``line_start``,
    ``line_end``); fails naming the row on a missing rationale, an unknown cluster or field."""
    table = read_csv(path)
    if list(table.columns) != COLUMNS:
        raise ValueError(f"{path}:1: expected columns {COLUMNS}, found {list(table.columns)}")
    sources = Sources(raw_dir)
    spans = []
    for n, row in enumerate(table.itertuples(index=False), start=2):
        where = f"{path}:{n}"
        if not row.rationale.strip():
            raise ValueError(f"{where}: expected a rationale, found none")
        if bool(row.cluster_id) != bool(row.field):
            raise ValueError(f"{where}: expected a cluster_id and a field together, or neither")
        if row.cluster_id and row.cluster_id not in registry:
            raise ValueError(
                f"{where}: expected a cluster_id of the registry, found {row.cluster_id!r}"
            )
        spans.append(sources[row.source_id].locate(row.quote, where=where))
    table["line_start"] = [s.line_start for s in spans]
    table["line_end"] = [s.line_end for s in spans]
    return table


def match(cands: list[Candidate], table: pd.DataFrame, path: str | Path) -> list[tuple]:
    """``[(candidate, row)]``: each candidate with its one row, each row with its candidates."""
    used = set()
    pairs = []
    problems = []
    for c in cands:
        hits = [
            k
            for k, r in enumerate(table.itertuples(index=False))
            if r.source_id == c.source_id
            and r.figure == c.figure
            and c.line_start <= r.line_start <= c.line_end
        ]
        if len(hits) != 1:
            problems.append(
                f"data/raw/{c.source_id}.txt:{c.line_start}: the figure {c.figure!r} "
                f"({c.field} by the rule) has {len(hits)} rows in {path}; expected one "
                f"(quote a passage of: {c.sentence[:120]!r})"
            )
            continue
        row = table.iloc[hits[0]]
        if row["field"] and row["field"] != c.field:
            problems.append(
                f"{path}:{hits[0] + 2}: field {row['field']!r}, but the rule reads "
                f"{c.figure!r} as {c.field}"
            )
        used.add(hits[0])
        pairs.append((c, row))
    for k in sorted(set(range(len(table))) - used):
        r = table.iloc[k]
        problems.append(
            f"{path}:{k + 2}: no candidate figure {r['figure']!r} at line {r['line_start']} "
            f"of data/raw/{r['source_id']}.txt: remove or fix the row"
        )
    if problems:
        raise ValueError("prose values without a decision:\n" + "\n".join(problems))
    return pairs


def _count(figure: str, where: tuple) -> values.Parsed:
    """A prose figure as a count: its unit dropped ('plus de 80 adhérents' -> at least 80;
    '22 000 personnes environ' -> approx 22000; 'entre 120 et 130 entreprises' -> range)."""
    words = figure.split()
    for k in range(len(words), 0, -1):  # the longest head that reads as an amount
        head = " ".join(words[:k])
        tail = words[k:]
        head = re.sub(r"\s+(?:de|d')$", "", head)
        if tail and tail[-1].casefold() == "environ":
            head = f"environ {head}"
        try:
            return values.parse_count(head)
        except values.Unparsed:
            continue
    return values.parse("count", figure, where)  # raises, naming the file and line


def observations(
    extracted_dir: str | Path,
    raw_dir: str | Path,
    path: str | Path,
    years: dict[str, int],
    registry: set[str],
) -> pd.DataFrame:
    """One observation per kept prose value, with its source lines and the figure as written."""
    table = load(path, raw_dir, registry)
    rows = []
    for c, row in match(candidates(extracted_dir, raw_dir), table, path):
        if not row["field"]:
            continue
        where = (f"data/raw/{c.source_id}.txt", c.line_start)
        if c.field == "founded_year":
            p = values.parse("year", re.sub(r"^\d{1,2}\s+", "", c.figure), where)
        else:
            p = _count(c.figure, where)
        value = f"{p.low}-{p.high}" if p.qualifier == "range" else str(p.value)
        rows.append(
            (
                c.source_id,
                c.table_id,
                c.line_start,
                c.line_end,
                row["cluster_id"],
                years[c.source_id],
                c.field,
                value,
                p.qualifier,
                c.figure,
            )
        )
    return pd.DataFrame(rows, columns=values.RECORD_COLUMNS)
