"""The facts each writer declares, for the report's ``{{<var writer.cc.key>}}``.

Writers: each notebook (its sidecar ``notebooks/<name>.yaml``, ``facts:``), the build's own
facts (``report.facts.FACTS``), the hand check (``report.hand_check.FACTS``), and the passages
(``data/reference/passages/*.yaml``: each passage declares its id, and under it ``lines``,
``line_start``, ``line_end``, ``source_id``, ``cite`` (and ``cite_fr``) and each ``{figure}``
of its quote, also ``<figure>_as_written``). A declared fact is a name or a pattern: ``{year}``
is a reference year, ``{cluster}`` a cluster id (``_`` for ``-``), and so on
(``PLACEHOLDERS``); a fact that depends on the data (one per cluster, per city) is declared
once as a pattern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from clusters_maghreb import PROJECT_ROOT, constants, i18n, schema
from clusters_maghreb.report import facts, hand_check, passages
from clusters_maghreb.sources import load_sources

FIGURE = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
PASSAGE_FACTS = ("source_id", "lines", "line_start", "line_end", *passages.LINE_WORDS)


def _alternatives(values) -> str:
    return "|".join(re.escape(str(v)) for v in sorted(values, key=lambda v: -len(str(v))))


@cache
def placeholders() -> dict[str, str]:
    """Placeholder -> the regex of what it stands for."""
    sources = load_sources(constants.SOURCES_YAML)
    return {
        "year": _alternatives(constants.YEARS),
        "cc": _alternatives(c.lower() for c in constants.MAGHREB),
        "source": _alternatives(s["id"].replace("-", "_") for s in sources),
        "cluster": r"[a-z]{2}_[a-z0-9_]+",  # a cluster_id, '-' written '_'
        "claim": r"[a-z0-9_]+",  # a claim id of data/reference/claims.yaml, '-' written '_'
        "member_field": _alternatives(t.field for t in schema.MEMBER_TYPES),
        "sector": r"[1-9]|unknown",  # an IPEMED sector code
        "status": "constituted|emergent|expected",
        "place": r"[a-z_]+",  # a city or region, as a key
        "field": r"[a-z_]+",  # a snapshots.csv field
        "lever": r"[a-z_]+",  # an intervention lever of the 2023 survey, as a key
        "lang": _alternatives(set(i18n.languages()) - {i18n.SOURCE_LANGUAGE}),  # fr
    }


@cache
def regex(pattern: str) -> re.Pattern:
    """The regex of a declared fact; an unknown placeholder is an error naming it."""
    known = placeholders()
    parts, at = [], 0
    for m in FIGURE.finditer(pattern):
        if m[1] not in known:
            raise ValueError(f"{pattern!r}: unknown placeholder {{{m[1]}}}; known: {sorted(known)}")
        parts += [re.escape(pattern[at : m.start()]), f"(?:{known[m[1]]})"]
        at = m.end()
    parts.append(re.escape(pattern[at:]))
    return re.compile("".join(parts))


@dataclass(frozen=True)
class Writer:
    name: str
    countries: tuple[str, ...]  # lower case, 'all' for ALL
    facts: tuple[str, ...]  # names and patterns
    where: str  # where the declaration is

    def declares(self, key: str) -> bool:
        return any(regex(p).fullmatch(key) for p in self.facts)


def writers(root: str | Path = PROJECT_ROOT) -> dict[str, Writer]:
    """Every writer of facts and what it declares."""
    root = Path(root)
    out = {}
    for sidecar in sorted((root / "notebooks").glob("*.yaml")):
        spec = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
        countries = tuple(c.lower() for c in spec["countries"])
        out[sidecar.stem] = Writer(sidecar.stem, countries, tuple(spec["facts"]), str(sidecar))
    out["build"] = Writer("build", ("all",), facts.FACTS, facts.__name__)
    out["hand_check"] = Writer("hand_check", ("all",), hand_check.FACTS, hand_check.__name__)
    files = sorted((root / "data" / "reference" / "passages").glob("*.yaml"))
    ids = tuple(entry["id"] for _, entry in passages.load(files))
    out["passages"] = Writer("passages", ("all",), ids, "data/reference/passages/")
    return out


def passage_facts(root: str | Path = PROJECT_ROOT) -> dict[str, set[str]]:
    """Passage id -> the facts it declares under it."""
    files = sorted((Path(root) / "data" / "reference" / "passages").glob("*.yaml"))
    out = {}
    for _, entry in passages.load(files):
        figures = FIGURE.findall(str(entry["quote"]))
        out[entry["id"]] = {*PASSAGE_FACTS, *figures, *(f"{f}_as_written" for f in figures)}
    return out
