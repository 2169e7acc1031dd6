"""The study's passages that the report's prose summarises, cites and takes figures from.

Each file of ``data/reference/passages/`` lists passages of a chapter:

    passages:
      - id: ma_contracts          # {{<var passages.all.ma_contracts.cite>}} -> "lines 410-417"
        source_id: ipemed-2019
        quote: "Plusieurs de ces clusters ont fusionné"
      - id: ma_objectives         # {{<var passages.all.ma_objectives.before>}} -> "13"
        source_id: ipemed-2019
        quote: "{before} objectifs [...] réduits à {after}"
        near: 400                 # only where the quote occurs more than once

The lines are found at build time from the quote (``clusters_maghreb.anchors``): a passage that
moved is cited where it now is, a figure corrected in the source reaches the prose, and a quote
that is no longer there stops the build naming the file, the entry and the closest line.

A chapter cites one passage as ``{{<var passages.all.<id>.cite>}}``: the word agrees with the
span as found ("line 412", "lines 410-417"; in French "ligne 412", "lignes 410-417"), so it
stays right when an edit of the source turns one line into several. Several passages cited
together are always "lines {{<var a.lines>}}, {{<var b.lines>}}".
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from clusters_maghreb.anchors import AnchorError, Sources
from clusters_maghreb.io import write_json
from clusters_maghreb.sources import load_sources

ID = re.compile(r"^[a-z][a-z0-9_]*$")
FIELDS = {"id", "source_id", "quote", "near", "note"}
# The word that cites a span, singular and plural, in each edition; ``cite_fr`` becomes
# ``cite`` in the French edition's variables (report.variables).
LINE_WORDS = {"cite": ("line", "lines"), "cite_fr": ("ligne", "lignes")}


def cite(span) -> dict:
    """{"cite": "lines 410-417", "cite_fr": "lignes 410-417"}: the span with its word."""
    one = span.line_start == span.line_end
    return {
        key: f"{words[0] if one else words[1]} {span.lines}" for key, words in LINE_WORDS.items()
    }


def load(files) -> list[tuple[str, dict]]:
    """(file, entry) for every passage, in file order; ids checked unique across files."""
    entries, seen = [], {}
    for path in sorted(map(str, files)):
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
        if not isinstance(data.get("passages"), list):
            raise ValueError(f"{path}: expected a list under 'passages:'")
        for i, entry in enumerate(data["passages"], 1):
            where = f"{path}: passage {entry.get('id', f'#{i}')!s}"
            if not isinstance(entry, dict) or not {"id", "source_id", "quote"} <= set(entry):
                raise ValueError(f"{where}: expected id, source_id and quote")
            if extra := set(entry) - FIELDS:
                raise ValueError(f"{where}: unknown fields {sorted(extra)} (expected {FIELDS})")
            if not ID.match(str(entry["id"])):
                raise ValueError(f"{where}: an id is lower case, digits and '_' (a var key)")
            if entry["id"] in seen:
                raise ValueError(f"{where}: id also used in {seen[entry['id']]}")
            seen[entry["id"]] = path
            entries.append((path, entry))
    return entries


def resolve(files, raw_dir) -> dict:
    """{id: {source_id, lines, line_start, line_end, <figure>: as written}} for every passage."""
    sources, facts = Sources(raw_dir), {}
    languages = {s["id"]: s["language"] for s in load_sources(Path(raw_dir) / "sources.yaml")}
    for path, entry in load(files):
        where = f"{path}: passage {entry['id']}"
        try:
            text = sources[entry["source_id"]]
        except AnchorError as err:
            raise AnchorError(f"{where}: {err}") from None
        span, figures = text.find(str(entry["quote"]), where=where, near=entry.get("near"))
        language = languages.get(entry["source_id"], "en")
        facts[entry["id"]] = {
            "source_id": entry["source_id"],
            "lines": span.lines,
            **cite(span),
            "line_start": span.line_start,
            "line_end": span.line_end,
            **{name: figure(written, language) for name, written in figures.items()},
            **{f"{name}_as_written": written for name, written in figures.items()},
        }
    return facts


def figure(written: str, language: str) -> int | float:
    """A figure as its source's language writes it, as a number, so that each edition writes
    it its own way: '15.000' and '22 000' are thousands in French, '2,5' a decimal; '22,000'
    thousands in English, '3.5' a decimal."""
    text = "".join(written.split()).replace("\u202f", "")
    # French: '.' and spaces group thousands, ',' marks decimals; English: ',' groups them
    separators = {"fr": (".", ","), "en": (",", ".")}
    group, decimal = separators.get(language, separators["en"])
    text = text.replace(group, "").replace(decimal, ".")
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


def write_passages(files, raw_dir, out) -> None:
    write_json(resolve(files, raw_dir), Path(out))
