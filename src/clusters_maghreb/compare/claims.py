"""The claims check: quantitative statements of the sources' prose, recomputed from their tables.

``data/reference/claims.yaml`` lists the claims, one mapping each:

- ``id`` (``[a-z0-9-]``, unique), ``source_id``, ``line`` and ``line_end`` (1-based, inclusive,
  in ``data/raw/<source_id>.txt``), ``quote`` (the source's words, whitespace collapsed; it
  must occur in those lines, and the span must be tight: the quote needs both its first and
  its last line; `` [...] `` joins pieces that skip markup or a page header, found in order),
  ``statement`` (what is claimed, in English);
- ``check``: a small declarative spec evaluated against named tables, or ``null`` with
  ``not_checkable_because``.

Tables are named ``extracted/<source_id>/<table_id>`` (``data/interim/extracted``) or
``processed/<name>`` (``data/processed``); every cell is read as a string.

Check kinds (every kind takes ``op``, default ``=``, and ``claimed`` unless said otherwise):

- ``count``: rows of ``table`` matching ``where``;
- ``share``: rows matching ``where`` among the rows matching ``of`` (all rows without it),
  as a percentage; ``claimed`` is a percentage;
- ``sum_of_parts``: the sum of ``parts`` set against ``total`` (a ``sum_of_parts`` has no
  ``claimed``: ``total`` is the claimed side); ``percent: true`` when the parts are rounded
  percentages;
- ``mean``: the mean of ``column`` over the rows of ``table`` matching ``where``, or
  ``total`` divided by ``over``;
- ``ratio``: ``numerator`` divided by ``denominator`` (times 100 with ``percent: true``);
- ``value``: one quantity (a single cell, or an aggregate of a column);
- ``mode``: the most frequent value of ``column``; ``claimed`` is that value, as text;
- ``enumeration``: the number of ``items`` the passage names (each item must occur in the
  quote) set against ``claimed``;
- ``all``: every check of ``checks`` (a list of checks) holds.

A *quantity* (``claimed``, ``total``, ``parts``, ``over``, ``numerator``, ``denominator``, and
``value``'s own spec) is a number, ``{value: <number>, as_written: <text of the quote>}``, or
``{table, where, column, agg}`` with ``agg`` one of ``count`` (the default without a column),
``sum`` (the default with one), ``mean``, ``min``, ``max`` or ``cell`` (exactly one row must
match). ``as_written`` must occur in the quote, so that the claimed number is the source's.

A ``where`` filter maps a column to a condition, all conditions holding: a scalar (equal, as
text), a list (one of), or a mapping of operators ``eq``, ``ne``, ``in``, ``not_in``,
``contains``, ``not_contains`` (case- and accent-insensitive), ``ge``, ``gt``, ``le``, ``lt``
(numeric); the key ``any`` holds a list of filters of which one must hold.

Tolerance rules (how a computed value is set against a claimed one):

- ``=``: the computed value, rounded half up *or* truncated to as many decimals as the claimed
  value is written with, equals it. A count must match exactly; "65%" accepts 64.5% to 65.49%
  and (truncated) 65.0% to 65.99%; "66.37%" accepts 66.365% to 66.3799%; an average of "39"
  accepts 38.5 to 39.99. Authors round or cut; both are accepted, nothing more.
- ``~`` (the source says "environ", "about", "une vingtaine", "a dozen"): within 10% of the
  claimed value.
- ``>``, ``>=``, ``<``, ``<=`` ("more than", "plus de", "fewer than", "at most", or a partial
  breakdown, "dont", whose parts may not exceed the total): the strict comparison, with no
  rounding leeway: 76.5% is not "more than 90%", and 69.8% is not "more than 70%".
- ``sum_of_parts`` with ``percent: true``: each part may be off by half a unit of its last
  written digit, so parts "63%" and "38%" (101) are consistent with 100%.

Verdicts: ``consistent``, ``contradicted``, or ``not checkable`` (``check: null``). Every
broken claim (quote not at its lines, unknown kind, table or column, a filter that selects no
row where one is needed, a number that cannot be read) raises :class:`ClaimsError`, whose
message starts with the claim's id.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from clusters_maghreb.io import read_csv
from clusters_maghreb.normalise.text import collapse, name_key

CONSISTENT = "consistent"
CONTRADICTED = "contradicted"
NOT_CHECKABLE = "not checkable"
VERDICTS = [CONSISTENT, CONTRADICTED, NOT_CHECKABLE]

APPROX = 0.10  # relative tolerance of "~"
GAP = " [...] "  # joins the pieces of a quote that skips words (a page header, markup)
OPS = {"=", "~", ">", ">=", "<", "<="}
AGGS = {"count", "sum", "mean", "min", "max", "cell"}
FILTER_OPS = {"eq", "ne", "in", "not_in", "contains", "not_contains", "ge", "gt", "le", "lt"}
CLAIM_KEYS = {
    "id",
    "source_id",
    "line",
    "line_end",
    "quote",
    "statement",
    "check",
    "not_checkable_because",
}
# Keys each check kind accepts (``kind`` and ``op`` always); the first set is required.
KINDS: dict[str, tuple[set[str], set[str]]] = {
    "count": ({"table", "claimed"}, {"where", "note"}),
    "share": ({"table", "where", "claimed"}, {"of", "note"}),
    "sum_of_parts": ({"parts", "total"}, {"percent", "note"}),
    "mean": ({"claimed"}, {"table", "column", "where", "total", "over", "note"}),
    "ratio": ({"numerator", "denominator", "claimed"}, {"percent", "note"}),
    "value": ({"quantity", "claimed"}, {"note"}),
    "mode": ({"table", "column", "claimed"}, {"where", "note"}),
    "enumeration": ({"items", "claimed"}, {"note"}),
    "all": ({"checks"}, {"note"}),
}

FRENCH_ENGLISH_NUMBERS = {
    "un": 1, "une": 1, "one": 1, "deux": 2, "two": 2, "trois": 3, "three": 3, "quatre": 4,
    "four": 4, "cinq": 5, "five": 5, "six": 6, "sept": 7, "seven": 7, "huit": 8, "eight": 8,
    "neuf": 9, "nine": 9, "dix": 10, "ten": 10, "onze": 11, "douze": 12, "twelve": 12,
    "quinze": 15, "vingt": 20, "twenty": 20, "trente": 30, "cent": 100,
    "dizaine": 10, "douzaine": 12, "dozen": 12, "quinzaine": 15, "vingtaine": 20,
    "trentaine": 30, "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100,
}  # fmt: skip


class ClaimsError(ValueError):
    """A claim of claims.yaml is broken; the message starts with the claim's id."""


@dataclass(frozen=True)
class Claim:
    id: str
    source_id: str
    line: int
    line_end: int
    quote: str
    statement: str
    check: dict | None
    not_checkable_because: str = ""


@dataclass
class Result:
    verdict: str
    arithmetic: str
    computed: float | str | None = None
    claimed: float | str | None = None
    parts: list[Result] = field(default_factory=list)


# -- reading numbers -------------------------------------------------------------------------


def to_number(text) -> float:
    """A number as the sources write it: ``12``, ``66.37``, ``22 000``, ``15.000``, ``Huit``,
    ``une vingtaine``, ``(50)``. Raises ``ValueError`` on anything else."""
    if isinstance(text, bool):
        raise ValueError(f"not a number: {text!r}")
    if isinstance(text, int | float):
        return float(text)
    s = collapse(str(text)).strip("()%").strip()
    words = name_key(s).split()
    if words and words[0] in {"un", "une", "a"} and len(words) == 2:
        words = words[1:]
    if len(words) == 1 and words[0] in FRENCH_ENGLISH_NUMBERS:
        return float(FRENCH_ENGLISH_NUMBERS[words[0]])
    if re.fullmatch(r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+", s):
        return float(re.sub(r"\D", "", s))
    if re.fullmatch(r"-?\d+(?:[.,]\d+)?", s):
        return float(s.replace(",", "."))
    raise ValueError(f"not a number: {text!r}")


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
    """Whether ``computed`` satisfies ``op claimed`` under the module's tolerance rules."""
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


def _op_text(op: str) -> str:
    return {"=": "", "~": "about ", ">": "> ", ">=": ">= ", "<": "< ", "<=": "<= "}[op]


def _verdict(ok: bool) -> str:
    return CONSISTENT if ok else CONTRADICTED


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


# -- loading ---------------------------------------------------------------------------------


def _lines(raw_dir: Path, source_id: str, cache: dict) -> list[str]:
    if source_id not in cache:
        path = Path(raw_dir) / f"{source_id}.txt"
        if not path.is_file():
            cache[source_id] = None
        else:
            cache[source_id] = path.read_text(encoding="utf-8").split("\n")
    return cache[source_id]


def quote_at(lines: list[str], start: int, end: int, quote: str) -> bool:
    """Whether every piece of ``quote`` (pieces joined by `` [...] ``) occurs, in order, in
    lines ``start``-``end``, whitespace collapsed."""
    text = collapse("\n".join(lines[start - 1 : end]))
    pos = 0
    for piece in collapse(quote).split(GAP):
        i = text.find(piece, pos)
        if i < 0:
            return False
        pos = i + len(piece)
    return True


def load(path: str | Path, raw_dir: str | Path) -> list[Claim]:
    """Read and validate claims.yaml: fields, ids, quotes at their (tight) lines, check specs.
    Tables and columns are checked against the data by :func:`validate_tables`."""
    with open(path, encoding="utf-8") as fh:
        doc = yaml.safe_load(fh)
    rows = doc.get("claims") if isinstance(doc, Mapping) else None
    if not isinstance(rows, list) or not rows:
        raise ClaimsError(f"{path}: expected a mapping with a non-empty list 'claims'")
    claims, seen, cache = [], set(), {}
    for n, row in enumerate(rows):
        cid = row.get("id") if isinstance(row, Mapping) else None
        if not isinstance(cid, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", cid):
            raise ClaimsError(f"claim #{n + 1} of {path}: expected an id [a-z0-9-], found {cid!r}")

        def fail(msg: str, cid: str = cid) -> ClaimsError:
            return ClaimsError(f"{cid}: {msg}")

        if cid in seen:
            raise fail("the id is used twice")
        seen.add(cid)
        unknown = set(row) - CLAIM_KEYS
        if unknown:
            raise fail(f"unknown keys {sorted(unknown)}")
        for key in ("source_id", "quote", "statement"):
            if not isinstance(row.get(key), str) or not row[key].strip():
                raise fail(f"expected a non-empty '{key}'")
        lines = _lines(Path(raw_dir), row["source_id"], cache)
        if lines is None:
            raise fail(f"unknown source {row['source_id']!r} (no data/raw/{row['source_id']}.txt)")
        start, end = row.get("line"), row.get("line_end", row.get("line"))
        if not (
            isinstance(start, int) and isinstance(end, int) and 1 <= start <= end <= len(lines)
        ):
            raise fail(f"expected 1 <= line <= line_end <= {len(lines)}, found {start}-{end}")
        quote = collapse(row["quote"])
        where = f"data/raw/{row['source_id']}.txt:{start}-{end}"
        if not quote_at(lines, start, end, quote):
            raise fail(f"the quote is not at {where}: {quote!r}")
        if start < end and (
            quote_at(lines, start + 1, end, quote) or quote_at(lines, start, end - 1, quote)
        ):
            raise fail(f"the span {where} is not tight (the quote needs both its ends)")
        check = row.get("check")
        because = row.get("not_checkable_because") or ""
        if check is None:
            if not isinstance(because, str) or not because.strip():
                raise fail("check: null needs 'not_checkable_because'")
        else:
            if because:
                raise fail("a claim with a check has no 'not_checkable_because'")
            _validate_check(check, quote, fail)
        claims.append(
            Claim(
                cid, row["source_id"], start, end, quote, collapse(row["statement"]), check, because
            )
        )
    return claims


def _validate_quantity(q, quote: str, fail: Callable, what: str, number_only=False) -> None:
    if isinstance(q, bool):
        raise fail(f"{what}: expected a number or a quantity, found {q!r}")
    if isinstance(q, int | float):
        return
    if not isinstance(q, Mapping):
        raise fail(f"{what}: expected a number or a quantity, found {q!r}")
    if "value" in q:
        if set(q) - {"value", "as_written"} or isinstance(q["value"], bool):
            raise fail(f"{what}: a literal is {{value, as_written}}, found {dict(q)}")
        if not isinstance(q["value"], int | float):
            raise fail(f"{what}: value must be a number, found {q['value']!r}")
        written = q.get("as_written")
        plain = quote.replace(GAP, " ").casefold()
        if written is not None and collapse(str(written)).casefold() not in plain:
            raise fail(f"{what}: as_written {written!r} is not in the quote")
        return
    if number_only:
        raise fail(f"{what}: expected a number, found {dict(q)}")
    if "table" not in q or set(q) - {"table", "where", "column", "agg"}:
        raise fail(f"{what}: a table quantity is {{table, where, column, agg}}, found {dict(q)}")
    agg = q.get("agg", "sum" if "column" in q else "count")
    if agg not in AGGS:
        raise fail(f"{what}: unknown agg {agg!r} (one of {sorted(AGGS)})")
    if agg != "count" and "column" not in q:
        raise fail(f"{what}: agg {agg!r} needs a column")
    _validate_where(q.get("where"), fail, what)


def _validate_where(where, fail: Callable, what: str) -> None:
    if where is None:
        return
    if not isinstance(where, Mapping):
        raise fail(f"{what}: where must be a mapping, found {where!r}")
    for column, cond in where.items():
        if column == "any":
            if not isinstance(cond, list) or not cond:
                raise fail(f"{what}: 'any' needs a list of filters")
            for sub in cond:
                _validate_where(sub, fail, what)
        elif isinstance(cond, Mapping):
            bad = set(cond) - FILTER_OPS
            if bad:
                raise fail(f"{what}: unknown filter operators {sorted(bad)} on {column!r}")


def _validate_check(check, quote: str, fail: Callable) -> None:
    if not isinstance(check, Mapping) or "kind" not in check:
        raise fail(f"check: expected a mapping with a 'kind', found {check!r}")
    kind = check["kind"]
    if kind not in KINDS:
        raise fail(f"unknown check kind {kind!r} (one of {sorted(KINDS)})")
    required, optional = KINDS[kind]
    missing = required - set(check)
    unknown = set(check) - required - optional - {"kind", "op"}
    if missing or unknown:
        raise fail(f"check {kind}: missing {sorted(missing)}, unknown {sorted(unknown)}")
    op = check.get("op", "=")
    if op not in OPS:
        raise fail(f"check {kind}: unknown op {op!r} (one of {sorted(OPS)})")
    if kind == "all":
        if not isinstance(check["checks"], list) or not check["checks"]:
            raise fail("check all: 'checks' must be a non-empty list")
        for sub in check["checks"]:
            _validate_check(sub, quote, fail)
        return
    if kind in {"count", "share", "mode"}:
        _validate_where(check.get("where"), fail, kind)
        _validate_where(check.get("of"), fail, kind)
    if kind == "mode":
        if not isinstance(check["claimed"], str):
            raise fail("check mode: claimed is the expected value, as text")
    elif kind != "sum_of_parts":
        _validate_quantity(check["claimed"], quote, fail, f"{kind}.claimed", kind == "share")
    if kind == "sum_of_parts":
        if not isinstance(check["parts"], list) or len(check["parts"]) < 1:
            raise fail("check sum_of_parts: 'parts' must be a non-empty list")
        for i, part in enumerate(check["parts"]):
            _validate_quantity(part, quote, fail, f"sum_of_parts.parts[{i}]")
        _validate_quantity(check["total"], quote, fail, "sum_of_parts.total")
    if kind == "mean":
        by_column = {"table", "column"} <= set(check)
        by_total = {"total", "over"} <= set(check)
        if by_column == by_total:
            raise fail("check mean: give either table and column, or total and over")
        if by_total:
            _validate_quantity(check["total"], quote, fail, "mean.total")
            _validate_quantity(check["over"], quote, fail, "mean.over")
        else:
            _validate_where(check.get("where"), fail, "mean")
    if kind == "ratio":
        _validate_quantity(check["numerator"], quote, fail, "ratio.numerator")
        _validate_quantity(check["denominator"], quote, fail, "ratio.denominator")
    if kind == "value":
        _validate_quantity(check["quantity"], quote, fail, "value.quantity")
    if kind == "enumeration":
        items = check["items"]
        if not isinstance(items, list) or not items:
            raise fail("check enumeration: 'items' must be a non-empty list")
        plain = quote.replace(GAP, " ").casefold()
        for item in items:
            if collapse(str(item)).casefold() not in plain:
                raise fail(f"check enumeration: item {item!r} is not in the quote")


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
    """A quantity's value and how it reads in the arithmetic."""
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
    values = _numbers(rows[q["column"]], fail, f"{short}.{q['column']}")
    if agg == "cell":
        if len(values) != 1:
            raise fail(f"{short}: expected one row for a cell, found {len(values)}")
        return values[0], fmt(values[0])
    if not values:
        raise fail(f"{short}: no row matches, nothing to {agg}")
    value = {"sum": sum, "mean": lambda v: sum(v) / len(v), "min": min, "max": max}[agg](values)
    return value, fmt(value)


def evaluate(claim: Claim, tables: Tables) -> Result:
    """The verdict of one claim, with its arithmetic."""
    if claim.check is None:
        return Result(NOT_CHECKABLE, f"not checkable: {claim.not_checkable_because}")

    def fail(msg: str) -> ClaimsError:
        return ClaimsError(f"{claim.id}: {msg}")

    return _evaluate(claim.check, tables, fail)


def _evaluate(check: Mapping, tables: Tables, fail: Callable) -> Result:
    kind, op = check["kind"], check.get("op", "=")
    if kind == "all":
        parts = [_evaluate(sub, tables, fail) for sub in check["checks"]]
        ok = all(p.verdict == CONSISTENT for p in parts)
        text = "; ".join(p.arithmetic.rsplit(": ", 1)[0] for p in parts)
        return Result(_verdict(ok), f"{text}: {_verdict(ok)}", parts=parts)
    if kind == "mode":
        df = _table(tables, check["table"], fail)
        counts = df[_match(df, check.get("where"), fail)][check["column"]].value_counts()
        if counts.empty:
            raise fail(f"mode: no row of {check['table']} matches")
        top = counts.index[0]
        unique = len(counts) == 1 or counts.iloc[0] > counts.iloc[1]
        ok = unique and top == check["claimed"]
        others = ", ".join(f"{v}: {n}" for v, n in counts.iloc[1:].items())
        text = f"{top}: {counts.iloc[0]} of {counts.sum()} ({others}), claimed {check['claimed']}"
        return Result(_verdict(ok), f"{text}: {_verdict(ok)}", top, check["claimed"])
    if kind == "sum_of_parts":
        values = [quantity(p, tables, fail) for p in check["parts"]]
        computed = sum(v for v, _ in values)
        claimed, claimed_text = quantity(check["total"], tables, fail)
        if check.get("percent") and op == "=":
            slack = sum(0.5 * 10 ** -_decimals(v) for v, _ in values)
            ok = abs(computed - claimed) <= slack + 1e-9
            rule = f" (within {fmt(slack)} for rounding)"
        else:
            ok, rule = compare(computed, op, claimed, decimals=0), ""
        unit = "%" if check.get("percent") else ""
        sums = " + ".join(t + unit for _, t in values)
        text = f"{sums} = {fmt(computed)}{unit}, claimed total {_op_text(op)}{claimed_text}{unit}"
        return Result(_verdict(ok), f"{text}{rule}: {_verdict(ok)}", computed, claimed)
    if kind == "enumeration":
        n = len(check["items"])
        claimed, claimed_text = quantity(check["claimed"], tables, fail)
        ok = compare(n, op, claimed)
        shown = ", ".join(check["items"])
        text = f"{n} named ({shown}), claimed {_op_text(op)}{claimed_text}"
        return Result(_verdict(ok), f"{text}: {_verdict(ok)}", n, claimed)

    claimed, claimed_text = quantity(check["claimed"], tables, fail)
    if kind == "count":
        df = _table(tables, check["table"], fail)
        n = int(_match(df, check.get("where"), fail).sum())
        ok = compare(n, op, claimed)
        text = f"{n} {'row' if n == 1 else 'rows'} of {check['table'].split('/', 1)[1]}"
        return Result(_verdict(ok), f"{text}, claimed {_op_text(op)}{claimed_text}: "
                      f"{_verdict(ok)}", n, claimed)  # fmt: skip
    if kind == "share":
        df = _table(tables, check["table"], fail)
        base = _match(df, check.get("of"), fail)
        if not base.any():
            raise fail(f"share: no row of {check['table']} in the base ('of')")
        hits = int((base & _match(df, check["where"], fail)).sum())
        pct = 100 * hits / int(base.sum())
        ok = compare(pct, op, claimed)
        text = f"{hits} of {int(base.sum())} = {pct:.1f}%, claimed {_op_text(op)}{claimed_text}%"
        return Result(_verdict(ok), f"{text}: {_verdict(ok)}", pct, claimed)
    if kind == "mean":
        if "total" in check:
            total, total_text = quantity(check["total"], tables, fail)
            over, over_text = quantity(check["over"], tables, fail)
        else:
            df = _table(tables, check["table"], fail)
            rows = df[_match(df, check.get("where"), fail)]
            values = _numbers(rows[check["column"]], fail, check["column"])
            if not values:
                raise fail(f"mean: no row of {check['table']} matches")
            total, over = sum(values), len(values)
            total_text, over_text = fmt(total), fmt(over)
        if over == 0:
            raise fail("mean: division by zero")
        mean = total / over
        ok = compare(mean, op, claimed)
        text = f"{total_text} / {over_text} = {fmt(mean)}, claimed {_op_text(op)}{claimed_text}"
        return Result(_verdict(ok), f"{text}: {_verdict(ok)}", mean, claimed)
    if kind == "ratio":
        num, num_text = quantity(check["numerator"], tables, fail)
        den, den_text = quantity(check["denominator"], tables, fail)
        if den == 0:
            raise fail("ratio: division by zero")
        ratio = num / den * (100 if check.get("percent") else 1)
        ok = compare(ratio, op, claimed)
        if check.get("percent"):
            shown = f"{ratio:.{max(1, _decimals(claimed) + 1)}f}%"
            text = f"{num_text} / {den_text} = {shown}, claimed {_op_text(op)}{claimed_text}%"
        else:
            text = f"{num_text} / {den_text} = {fmt(ratio)}, claimed {_op_text(op)}{claimed_text}"
        return Result(_verdict(ok), f"{text}: {_verdict(ok)}", ratio, claimed)
    if kind == "value":
        value, value_text = quantity(check["quantity"], tables, fail)
        ok = compare(value, op, claimed)
        q = check["quantity"]
        src = f" ({q['table'].split('/', 1)[1]})" if isinstance(q, Mapping) and "table" in q else ""
        text = f"{value_text}{src}, claimed {_op_text(op)}{claimed_text}"
        return Result(_verdict(ok), f"{text}: {_verdict(ok)}", value, claimed)
    raise fail(f"unknown check kind {kind!r}")  # pragma: no cover (load() rejects it)


def evaluate_all(claims: list[Claim], tables: Tables) -> pd.DataFrame:
    """One row per claim, in the file's order: where it is, what it says, the arithmetic and
    the verdict. Validates tables and columns first, so that a broken claim fails loudly."""
    validate_tables(claims, tables)
    rows = []
    for c in claims:
        result = evaluate(c, tables)
        rows.append(
            {
                "id": c.id,
                "source_id": c.source_id,
                "line": c.line,
                "line_end": c.line_end,
                "quote": c.quote,
                "statement": c.statement,
                "kind": c.check["kind"] if c.check else "",
                "arithmetic": result.arithmetic,
                "verdict": result.verdict,
            }
        )
    return pd.DataFrame(rows)


def check_all(
    claims_path: str | Path,
    raw_dir: str | Path,
    extracted: str | Path,
    processed: str | Path | None = None,
) -> pd.DataFrame:
    """Load, validate and evaluate claims.yaml in one call."""
    claims = load(claims_path, raw_dir)
    return evaluate_all(claims, Tables(extracted, processed))


# -- what the notebook shows -----------------------------------------------------------------

# Claims whose verdict and arithmetic the report's prose cites (facts ``<id>_verdict`` etc.).
NOTABLE = [
    "en-private-governance-90",
    "en-labeled-65",
    "en-in-process-18",
    "en-not-certified-17",
    "mc-total-companies-252",
    "mc-average-39",
    "mc-other-three-70",
    "mc-cise-35-members",
    "ip-vingt-groupements",
    "ip-contract-14-ever",
    "ip-adc-80-members",
    "ip-solar-three-countries",
    "ip-cards-constituted",
    "ip-card-mnc-members",
    "ip-card-menara-members",
    "ip-card-solaire-members",
    "ec-automotive-casablanca-marrakech",
]


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def report_table(results: pd.DataFrame, sources: list[str]) -> pd.DataFrame:
    """Every claim as the report shows it, by source (in ``sources``' order) and line."""
    order = {s: i for i, s in enumerate(sources)}
    df = results.assign(_s=results["source_id"].map(order)).sort_values(
        ["_s", "line", "line_end", "id"], kind="stable"
    )
    lines = [
        str(a) if a == b else f"{a}-{b}" for a, b in zip(df["line"], df["line_end"], strict=True)
    ]
    return pd.DataFrame(
        {
            "Claim": df["id"],
            "Source": df["source_id"],
            "Lines": lines,
            "Quote": df["quote"],
            "Arithmetic": df["arithmetic"],
            "Verdict": df["verdict"],
        }
    ).reset_index(drop=True)


def counts_by_source(results: pd.DataFrame, sources: list[str]) -> pd.DataFrame:
    """Claims per source and verdict (every source of ``sources``, zeros included)."""
    counts = (
        results.groupby(["source_id", "verdict"])
        .size()
        .unstack("verdict", fill_value=0)
        .reindex(index=sources, columns=VERDICTS, fill_value=0)
    )
    counts["total"] = counts.sum(axis=1)
    return counts.rename_axis("source_id").reset_index().rename_axis(None, axis=1)


def facts(results: pd.DataFrame, sources: list[str], notable=NOTABLE) -> dict:
    """Counts by verdict, overall and per source, and the verdict, arithmetic and line of the
    notable claims; keys snake_case."""
    out = {"n_claims": int(len(results)), "n_sources": int(results["source_id"].nunique())}
    for v in VERDICTS:
        out[f"n_{_key(v)}"] = int((results["verdict"] == v).sum())
    for source, row in counts_by_source(results, sources).set_index("source_id").iterrows():
        s = _key(source)
        out[f"{s}_n_claims"] = int(row["total"])
        for v in VERDICTS:
            out[f"{s}_n_{_key(v)}"] = int(row[v])
    by_id = results.set_index("id")
    missing = [i for i in notable if i not in by_id.index]
    if missing:
        raise ClaimsError(f"{missing[0]}: a notable claim is not in claims.yaml")
    for cid in notable:
        row, k = by_id.loc[cid], _key(cid)
        out[f"{k}_verdict"] = row["verdict"]
        out[f"{k}_arithmetic"] = row["arithmetic"]
        out[f"{k}_source"] = row["source_id"]
        out[f"{k}_line"] = int(row["line"])
    out["contradicted_ids"] = ", ".join(results.loc[results["verdict"] == CONTRADICTED, "id"])
    return out
