"""Evaluating claims: each check set against the tables the build wrote, with the tolerance
rules of ``clusters_maghreb.compare.claims``, a verdict, the arithmetic behind it, and the rule
that gave it."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from clusters_maghreb.compare.claims_load import Claim, ClaimsError, to_number
from clusters_maghreb.io import read_csv
from clusters_maghreb.normalise.text import name_key

CONSISTENT = "consistent"
CONTRADICTED = "contradicted"
SAME_ROOT_CAUSE = "same root cause"
INCOMPLETE = "incomplete"
NOT_CHECKABLE = "not checkable"
VERDICTS = [CONSISTENT, CONTRADICTED, SAME_ROOT_CAUSE, INCOMPLETE, NOT_CHECKABLE]

APPROX = 0.10  # relative tolerance of "~"

# The rules a verdict can come from (the ``rule`` column; docs/schema.md says each in words).
RULES = {
    "equal": "= : the computed value rounded half up or truncated to the claimed decimals",
    "about": "~ : within 10% of the claimed value",
    "bound": "> >= < <= : the strict comparison, no rounding leeway",
    "parts-rounded": "rounded percentages: each part off by half a unit of its last digit",
    "mode": "the most frequent value, and the only one that frequent",
    "breakdown-incomplete": "a complete breakdown (=) whose parts fall short of the total",
    "same-root-cause": "contradicted through a number another contradicted claim tests",
    "no-data": "the check needs a value the sources do not give (an empty or absent cell)",
    "no-check": "no table of the sources can test it (not_checkable_because)",
    "all": "every part of the claim holds",
}


class NoData(Exception):
    """A check needs a value the sources do not give: the claim is not checkable."""


@dataclass
class Result:
    verdict: str
    arithmetic: str
    computed: float | str | None = None
    claimed: float | str | None = None
    parts: list[Result] = field(default_factory=list)
    rule: str = ""


def _decimals(value) -> int:
    """Decimals the claimed value is written with (``66.37`` -> 2, ``39`` -> 0)."""
    text = repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, float) and value.is_integer():
        return 0
    return len(text.split(".")[1]) if "." in text else 0


def fmt(x) -> str:
    """A number for the arithmetic: integers without decimals, others with up to two."""
    if isinstance(x, str):
        return x
    if float(x).is_integer():
        n = int(x)
        return f"{n:,}".replace(",", " ") if abs(n) >= 10_000 else str(n)
    return f"{x:.2f}".rstrip("0").rstrip(".")


def compare(computed: float, op: str, claimed: float, decimals: int | None = None) -> bool:
    """Whether ``computed`` satisfies ``op claimed`` under the tolerance rules."""
    if op == "=":
        d = _decimals(claimed) if decimals is None else decimals
        scale = 10**d
        rounded = math.floor(computed * scale + 0.5 + 1e-9) / scale
        truncated = math.floor(computed * scale + 1e-9) / scale
        return math.isclose(rounded, claimed) or math.isclose(truncated, claimed)
    if op == "~":
        return abs(computed - claimed) <= APPROX * abs(claimed) + 1e-9
    return {
        ">": computed > claimed,
        ">=": computed >= claimed,
        "<": computed < claimed,
        "<=": computed <= claimed,
    }[op]


def _rule(op: str) -> str:
    return {"=": "equal", "~": "about"}.get(op, "bound")


def _op_text(op: str) -> str:
    return {"=": "", "~": "about ", ">": "> ", ">=": ">= ", "<": "< ", "<=": "<= "}[op]


def _verdict(ok: bool) -> str:
    return CONSISTENT if ok else CONTRADICTED


def _result(ok: bool, text: str, computed, claimed, op: str) -> Result:
    return Result(_verdict(ok), f"{text}: {_verdict(ok)}", computed, claimed, rule=_rule(op))


# -- tables ----------------------------------------------------------------------------------


class Tables:
    """The tables claims name, read on demand: ``extracted/<source>/<table>`` and
    ``processed/<name>``. ``extracted`` and ``processed`` are the folders, or a file in them
    (the build passes ``manifest.csv`` and ``datapackage.json``, which change whenever a table
    does)."""

    def __init__(self, extracted: str | Path, processed: str | Path | None = None):
        self.roots = {"extracted": _folder(extracted)}
        if processed is not None:
            self.roots["processed"] = _folder(processed)
        self._cache: dict[str, pd.DataFrame] = {}

    def path(self, name: str) -> Path | None:
        stage, _, rest = str(name).partition("/")
        if stage not in self.roots or not rest or ".." in rest.split("/"):
            return None
        path = self.roots[stage] / f"{rest}.csv"
        return path if path.is_file() else None

    def __contains__(self, name: str) -> bool:
        return self.path(name) is not None

    def get(self, name: str) -> pd.DataFrame:
        if name not in self._cache:
            path = self.path(name)
            if path is None:
                raise KeyError(name)
            self._cache[name] = read_csv(path)
        return self._cache[name]


def _folder(path: str | Path) -> Path:
    path = Path(path)
    return path if path.is_dir() else path.parent


# -- tables and columns used -----------------------------------------------------------------


def _walk_tables(check) -> list[tuple[str, list[str]]]:
    """(table, columns) pairs a check reads."""
    out = []

    def where_columns(where) -> list[str]:
        cols = []
        for column, cond in (where or {}).items():
            if column == "any":
                for sub in cond:
                    cols += where_columns(sub)
            else:
                cols.append(column)
        return cols

    def quantity(q):
        if isinstance(q, Mapping) and "table" in q:
            cols = where_columns(q.get("where")) + ([q["column"]] if "column" in q else [])
            out.append((q["table"], cols))

    kind = check["kind"]
    if kind == "all":
        for sub in check["checks"]:
            out += _walk_tables(sub)
        return out
    if "table" in check:
        cols = where_columns(check.get("where")) + where_columns(check.get("of"))
        cols += [check["column"]] if "column" in check else []
        out.append((check["table"], cols))
    for key in ("claimed", "total", "over", "numerator", "denominator", "quantity"):
        if key in check and kind != "mode":
            quantity(check[key])
    for part in check.get("parts", []) if kind == "sum_of_parts" else []:
        quantity(part)
    return out


def tables_used(claims: list[Claim]) -> list[str]:
    """Every table the claims read, sorted."""
    return sorted({t for c in claims if c.check for t, _ in _walk_tables(c.check)})


def validate_tables(claims: list[Claim], tables: Tables) -> None:
    """Every table and column a check names exists; else a ClaimsError naming the claim."""
    for claim in claims:
        if claim.check is None:
            continue
        for table, columns in _walk_tables(claim.check):
            if table not in tables:
                raise ClaimsError(
                    f"{claim.id}: unknown table {table!r} (expected extracted/<source_id>/"
                    "<table_id> or processed/<name>, a CSV that the pipeline writes)"
                )
            df = tables.get(table)
            for column in columns:
                if column not in df.columns:
                    raise ClaimsError(
                        f"{claim.id}: table {table} has no column {column!r} "
                        f"(columns: {', '.join(df.columns)})"
                    )


# -- evaluation ------------------------------------------------------------------------------


def _match(df: pd.DataFrame, where, fail: Callable) -> pd.Series:
    mask = pd.Series(True, index=df.index)
    for column, cond in (where or {}).items():
        if column == "any":
            sub = pd.Series(False, index=df.index)
            for alt in cond:
                sub |= _match(df, alt, fail)
            mask &= sub
            continue
        if column not in df.columns:
            raise fail(f"no column {column!r} (columns: {', '.join(df.columns)})")
        values = df[column]
        if isinstance(cond, Mapping):
            for op, arg in cond.items():
                mask &= _condition(values, op, arg, fail, column)
        elif isinstance(cond, list):
            mask &= values.isin([str(v) for v in cond])
        else:
            mask &= values == str(cond)
    return mask


def _condition(values: pd.Series, op: str, arg, fail: Callable, column: str) -> pd.Series:
    if op == "eq":
        return values == str(arg)
    if op == "ne":
        return values != str(arg)
    if op in {"in", "not_in"}:
        hit = values.isin([str(v) for v in arg])
        return hit if op == "in" else ~hit
    if op in {"contains", "not_contains"}:
        key = name_key(str(arg))
        hit = values.map(lambda v: key in name_key(v))
        return hit if op == "contains" else ~hit

    def num(v):
        try:
            return to_number(v)
        except ValueError:
            return math.nan  # a dash or an empty cell: never greater or smaller

    nums = values.map(num)
    bound = to_number(arg)
    return {"ge": nums >= bound, "gt": nums > bound, "le": nums <= bound, "lt": nums < bound}[op]


def _table(tables: Tables, name: str, fail: Callable) -> pd.DataFrame:
    try:
        return tables.get(name)
    except KeyError:
        raise fail(f"unknown table {name!r}") from None


def _numbers(series: pd.Series, fail: Callable, what: str) -> list[float]:
    out = []
    for v in series:
        try:
            out.append(to_number(v))
        except ValueError:
            raise fail(f"{what}: cannot read {v!r} as a number") from None
    return out


def quantity(q, tables: Tables, fail: Callable) -> tuple[float, str]:
    """A quantity's value and how it reads in the arithmetic. Raises :class:`NoData` when a
    cell it needs is empty or its row is gone (the sources do not give the value)."""
    if isinstance(q, int | float):
        return float(q), fmt(q)
    if "value" in q:
        return float(q["value"]), fmt(q["value"])
    df = _table(tables, q["table"], fail)
    rows = df[_match(df, q.get("where"), fail)]
    agg = q.get("agg", "sum" if "column" in q else "count")
    short = q["table"].split("/", 1)[1]
    if agg == "count":
        return float(len(rows)), fmt(len(rows))
    if agg == "cell":
        if len(rows) > 1:
            raise fail(f"{short}: expected one row for a cell, found {len(rows)}")
        if rows.empty or not str(rows[q["column"]].iloc[0]).strip():
            what = "no row" if rows.empty else "an empty cell"
            raise NoData(f"{short}.{q['column']}: {what} where {q.get('where')}")
    values = _numbers(rows[q["column"]], fail, f"{short}.{q['column']}")
    if agg == "cell":
        return values[0], fmt(values[0])
    if not values:
        raise NoData(f"{short}: no row matches {q.get('where')}, nothing to {agg}")
    value = {"sum": sum, "mean": lambda v: sum(v) / len(v), "min": min, "max": max}[agg](values)
    return value, fmt(value)


def evaluate(claim: Claim, tables: Tables) -> Result:
    """The verdict of one claim, with its arithmetic and the rule that gave it (a root cause
    is applied by :func:`evaluate_all`, which sees every claim)."""
    if claim.check is None:
        because = f"not checkable: {claim.not_checkable_because}"
        return Result(NOT_CHECKABLE, because, rule="no-check")

    def fail(msg: str) -> ClaimsError:
        return ClaimsError(f"{claim.id}: {msg}")

    try:
        return _evaluate(claim.check, tables, fail)
    except NoData as gap:
        return Result(NOT_CHECKABLE, f"not checkable: the sources give {gap}", rule="no-data")


def _evaluate(check: Mapping, tables: Tables, fail: Callable) -> Result:
    kind, op = check["kind"], check.get("op", "=")
    if kind == "all":
        parts = [_evaluate(sub, tables, fail) for sub in check["checks"]]
        verdict = next(
            (v for v in (CONTRADICTED, INCOMPLETE) if any(p.verdict == v for p in parts)),
            CONSISTENT,
        )
        rule = next((p.rule for p in parts if p.verdict == verdict), "all")
        text = "; ".join(p.arithmetic.rsplit(": ", 1)[0] for p in parts)
        return Result(verdict, f"{text}: {verdict}", parts=parts, rule=rule)
    if kind == "mode":
        df = _table(tables, check["table"], fail)
        counts = df[_match(df, check.get("where"), fail)][check["column"]].value_counts()
        if counts.empty:
            raise NoData(f"no row of {check['table']} for a mode")
        top = counts.index[0]
        unique = len(counts) == 1 or counts.iloc[0] > counts.iloc[1]
        ok = unique and top == check["claimed"]
        others = ", ".join(f"{v}: {n}" for v, n in counts.iloc[1:].items())
        text = f"{top}: {counts.iloc[0]} of {counts.sum()} ({others}), claimed {check['claimed']}"
        return Result(_verdict(ok), f"{text}: {_verdict(ok)}", top, check["claimed"], rule="mode")
    if kind == "sum_of_parts":
        values = [quantity(p, tables, fail) for p in check["parts"]]
        computed = sum(v for v, _ in values)
        claimed, claimed_text = quantity(check["total"], tables, fail)
        rule = _rule(op)
        if check.get("percent") and op == "=":
            slack = sum(0.5 * 10 ** -_decimals(v) for v, _ in values)
            ok = abs(computed - claimed) <= slack + 1e-9
            note, rule = f" (within {fmt(slack)} for rounding)", "parts-rounded"
        else:
            ok, note = compare(computed, op, claimed, decimals=0), ""
        unit = "%" if check.get("percent") else ""
        sums = " + ".join(t + unit for _, t in values)
        text = f"{sums} = {fmt(computed)}{unit}, claimed total {_op_text(op)}{claimed_text}{unit}"
        if not ok and op == "=" and computed < claimed:
            # a breakdown that stops short of its total is incomplete, not contradicted
            return Result(INCOMPLETE, f"{text}{note}: {INCOMPLETE}", computed, claimed,
                          rule="breakdown-incomplete")  # fmt: skip
        return Result(_verdict(ok), f"{text}{note}: {_verdict(ok)}", computed, claimed, rule=rule)
    if kind == "enumeration":
        n = len(check["items"])
        claimed, claimed_text = quantity(check["claimed"], tables, fail)
        ok = compare(n, op, claimed)
        shown = ", ".join(check["items"])
        text = f"{n} named ({shown}), claimed {_op_text(op)}{claimed_text}"
        if not ok and op == "=" and n < claimed:
            return Result(INCOMPLETE, f"{text}: {INCOMPLETE}", n, claimed,
                          rule="breakdown-incomplete")  # fmt: skip
        return _result(ok, text, n, claimed, op)

    claimed, claimed_text = quantity(check["claimed"], tables, fail)
    if kind == "count":
        df = _table(tables, check["table"], fail)
        n = int(_match(df, check.get("where"), fail).sum())
        ok = compare(n, op, claimed)
        text = f"{n} {'row' if n == 1 else 'rows'} of {check['table'].split('/', 1)[1]}"
        return _result(ok, f"{text}, claimed {_op_text(op)}{claimed_text}", n, claimed, op)
    if kind == "share":
        df = _table(tables, check["table"], fail)
        base = _match(df, check.get("of"), fail)
        if not base.any():
            raise NoData(f"no row of {check['table']} in the base of a share ('of')")
        hits = int((base & _match(df, check["where"], fail)).sum())
        pct = 100 * hits / int(base.sum())
        ok = compare(pct, op, claimed)
        text = f"{hits} of {int(base.sum())} = {pct:.1f}%, claimed {_op_text(op)}{claimed_text}%"
        return _result(ok, text, pct, claimed, op)
    if kind == "mean":
        if "total" in check:
            total, total_text = quantity(check["total"], tables, fail)
            over, over_text = quantity(check["over"], tables, fail)
        else:
            df = _table(tables, check["table"], fail)
            rows = df[_match(df, check.get("where"), fail)]
            values = _numbers(rows[check["column"]], fail, check["column"])
            if not values:
                raise NoData(f"no row of {check['table']} for a mean")
            total, over = sum(values), len(values)
            total_text, over_text = fmt(total), fmt(over)
        if over == 0:
            raise NoData("no row to average over")
        mean = total / over
        ok = compare(mean, op, claimed)
        text = f"{total_text} / {over_text} = {fmt(mean)}, claimed {_op_text(op)}{claimed_text}"
        return _result(ok, text, mean, claimed, op)
    if kind == "ratio":
        num, num_text = quantity(check["numerator"], tables, fail)
        den, den_text = quantity(check["denominator"], tables, fail)
        if den == 0:
            raise NoData("a denominator of zero")
        ratio = num / den * (100 if check.get("percent") else 1)
        ok = compare(ratio, op, claimed)
        if check.get("percent"):
            shown = f"{ratio:.{max(1, _decimals(claimed) + 1)}f}%"
            text = f"{num_text} / {den_text} = {shown}, claimed {_op_text(op)}{claimed_text}%"
        else:
            text = f"{num_text} / {den_text} = {fmt(ratio)}, claimed {_op_text(op)}{claimed_text}"
        return _result(ok, text, ratio, claimed, op)
    if kind == "value":
        value, value_text = quantity(check["quantity"], tables, fail)
        ok = compare(value, op, claimed)
        q = check["quantity"]
        src = f" ({q['table'].split('/', 1)[1]})" if isinstance(q, Mapping) and "table" in q else ""
        return _result(ok, f"{value_text}{src}, claimed {_op_text(op)}{claimed_text}", value,
                       claimed, op)  # fmt: skip
    raise fail(f"unknown check kind {kind!r}")  # pragma: no cover (load() rejects it)


def evaluate_all(claims: list[Claim], tables: Tables) -> pd.DataFrame:
    """One row per claim, in the file's order: where it is now, what it says, the arithmetic,
    the verdict and its rule. Validates tables and columns first, so that a broken claim fails
    loudly. A contradicted claim whose ``root_cause`` is contradicted too is counted once, under
    its root: its verdict is ``same root cause``."""
    validate_tables(claims, tables)
    results = {c.id: evaluate(c, tables) for c in claims}
    rows = []
    by_id = {c.id: c for c in claims}
    for c in claims:
        result = results[c.id]
        verdict, rule, arithmetic = result.verdict, result.rule, result.arithmetic
        root = results.get(c.root_cause)
        if verdict == CONTRADICTED and root is not None and root.verdict == CONTRADICTED:
            verdict, rule = SAME_ROOT_CAUSE, "same-root-cause"
            # the root cited by its source and line, as a reader finds it (not by its id)
            cause = by_id[c.root_cause]
            arithmetic = (
                f"{arithmetic.rsplit(': ', 1)[0]}, through the contradicted figure of "
                f"{cause.source_id}:{cause.line}: {SAME_ROOT_CAUSE}"
            )
        rows.append(
            {
                "id": c.id,
                "source_id": c.source_id,
                "line": c.line,
                "line_end": c.line_end,
                "quote": c.quote,
                "statement": c.statement,
                "kind": c.check["kind"] if c.check else "",
                "arithmetic": arithmetic,
                "verdict": verdict,
                "rule": rule,
                "root_cause": c.root_cause if verdict == SAME_ROOT_CAUSE else "",
                "report": c.report,
            }
        )
    return pd.DataFrame(rows)
