"""Declared facts: every ``{{<var ...>}}`` of the chapters is a fact some writer declares
(a notebook in its sidecar, the build, the hand check, a passage), every declared fact is
written by the build, and every written fact is declared."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.report.declared_facts import Writer, passage_facts, regex, writers

VAR = re.compile(r"\{\{<\s*var\s+([^\s>]+)\s*>\}\}")
CHAPTERS = sorted((PROJECT_ROOT / "report").glob("[a-z][a-z]/*.qmd"))
# Where each non-notebook writer's facts file is, in a built project.
FILES = {
    "build": "results/facts/build-all.json",
    "hand_check": "results/facts/hand_check-all.json",
    "passages": "data/interim/passages/passages-all.json",
}


def chapter_vars() -> list[tuple[str, int, str]]:
    """(chapter, line, var) for every var shortcode of every chapter of every language."""
    out = []
    for path in CHAPTERS:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            out += [(str(path.relative_to(PROJECT_ROOT)), n, v) for v in VAR.findall(line)]
    return out


def undeclared(var: str, declared: dict[str, Writer], passages: dict[str, set[str]]) -> str:
    """Why ``var`` is no declared fact ('' when it is one)."""
    writer, _, rest = var.partition(".")
    cc, _, key = rest.partition(".")
    if writer not in declared:
        return f"no writer {writer!r} (known: {sorted(declared)})"
    if cc not in declared[writer].countries:
        return f"{writer} runs for {declared[writer].countries}, not {cc!r}"
    if writer == "passages":
        pid, _, fact = key.partition(".")
        if pid not in passages:
            return f"no passage {pid!r} in data/reference/passages/"
        if fact not in passages[pid]:
            return f"passage {pid} declares {sorted(passages[pid])}, not {fact!r}"
        return ""
    if not declared[writer].declares(key):
        return f"{key!r} is not among the facts {declared[writer].where} declares"
    return ""


def written(project: Path, writer: Writer) -> dict[str, dict]:
    """cc -> the facts the build wrote for ``writer``."""
    if writer.name in FILES:
        return {"all": json.loads((project / FILES[writer.name]).read_text(encoding="utf-8"))}
    return {
        cc: json.loads((project / "results" / "facts" / f"{writer.name}-{cc}.json").read_text())
        for cc in writer.countries
    }


def test_the_chapters_cite_facts():
    assert len(chapter_vars()) > 500


def test_every_var_of_the_chapters_is_a_declared_fact():
    declared, passages = writers(), passage_facts()
    problems = [
        f"{chapter}:{line}: {{{{<var {var}>}}}}: {why}"
        for chapter, line, var in chapter_vars()
        if (why := undeclared(var, declared, passages))
    ]
    assert not problems, "\n".join(problems)


def test_a_var_nobody_declares_is_named():
    declared, passages = writers(), passage_facts()
    assert "not among the facts" in undeclared("census.ma.n_2031", declared, passages)
    assert "not 'ly'" in undeclared("census.ly.n_2019", declared, passages)
    assert "no passage" in undeclared("passages.all.nowhere.lines", declared, passages)
    assert undeclared("census.ma.n_2019_constituted", declared, passages) == ""


def test_a_pattern_stands_for_its_values_only():
    assert regex("n_{year}_city_{place}").fullmatch("n_2019_city_el_jem")
    assert not regex("n_{year}_city_{place}").fullmatch("n_2018_city_el_jem")
    assert regex("{member_field}_{cluster}_{year}_shown").fullmatch("jobs_ma_ce3m_2019_shown")
    with pytest.raises(ValueError, match=r"unknown placeholder \{town\}"):
        regex("n_{town}")


def test_every_declared_fact_is_written_and_every_written_fact_declared(built_project):
    problems = []
    for writer in writers().values():
        facts = written(built_project, writer)
        keys = {key for by_cc in facts.values() for key in by_cc}
        problems += [
            f"{writer.name}-{cc}: writes {key!r}, which {writer.where} does not declare"
            for cc, by_cc in facts.items()
            for key in by_cc
            if not (key in writer.facts if writer.name == "passages" else writer.declares(key))
        ]
        problems += [
            f"{writer.where}: declares {fact!r}, which the build writes for no country"
            for fact in writer.facts
            if not any(regex(fact).fullmatch(key) for key in keys)
        ]
    assert not problems, "\n".join(problems)
