"""Loading claims.yaml: every claim's fields validated, its quote found in its source wherever it
now is (``clusters_maghreb.anchors``), and the numbers it reads from its quote taken from the
source as it now reads. The spec of the file is in ``clusters_maghreb.compare.claims``."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from clusters_maghreb.anchors import GAP, PLACEHOLDER, AnchorError, Sources
from clusters_maghreb.normalise.text import collapse, name_key

OPS = {"=", "~", ">", ">=", "<", "<="}
AGGS = {"count", "sum", "mean", "min", "max", "cell"}
FILTER_OPS = {"eq", "ne", "in", "not_in", "contains", "not_contains", "ge", "gt", "le", "lt"}
CLAIM_KEYS = {
    "id",
    "source_id",
    "quote",
    "near",
    "statement",
    "check",
    "not_checkable_because",
    "root_cause",
    "report",
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


class ClaimsError(ValueError):
    """A claim of claims.yaml is broken; the message names the file and the claim's id."""


@dataclass(frozen=True)
class Claim:
    id: str
    source_id: str
    line: int  # where the quote is now (resolved at build time)
    line_end: int
    quote: str  # as the source now reads (each {name} replaced by the source's figure)
    statement: str
    check: dict | None  # {quoted: name} read from the source
    not_checkable_because: str = ""
    root_cause: str = ""
    report: bool = False
    figures: dict[str, str] = field(default_factory=dict)  # {name}: the figure, as written


def _fail(path, cid: str) -> Callable[[str], ClaimsError]:
    return lambda msg: ClaimsError(f"{path}: claim {cid}: {msg}")


def load(path: str | Path, raw_dir: str | Path) -> list[Claim]:
    """Read and validate claims.yaml: fields, ids, quotes found in their sources, check specs.
    Tables and columns are checked against the data by ``claims_eval.validate_tables``."""
    with open(path, encoding="utf-8") as fh:
        doc = yaml.load(fh, Loader=yaml.CSafeLoader)  # libyaml: claims.yaml is long
    rows = doc.get("claims") if isinstance(doc, Mapping) else None
    if not isinstance(rows, list) or not rows:
        raise ClaimsError(f"{path}: expected a mapping with a non-empty list 'claims'")
    sources = Sources(raw_dir)
    claims, seen = [], set()
    for n, row in enumerate(rows):
        cid = row.get("id") if isinstance(row, Mapping) else None
        if not isinstance(cid, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", cid):
            raise ClaimsError(f"{path}: claim #{n + 1}: expected an id [a-z0-9-], found {cid!r}")
        fail = _fail(path, cid)
        if cid in seen:
            raise fail("the id is used twice")
        seen.add(cid)
        claims.append(_claim(row, sources, fail, f"{path}: claim {cid}"))
    _check_root_causes(claims, _fail_any(path))
    return claims


def _fail_any(path) -> Callable[[str, str], ClaimsError]:
    return lambda cid, msg: _fail(path, cid)(msg)


def _claim(row: Mapping, sources: Sources, fail: Callable, where: str) -> Claim:
    unknown = set(row) - CLAIM_KEYS
    if unknown:
        raise fail(f"unknown keys {sorted(unknown)}")
    for key in ("source_id", "quote", "statement"):
        if not isinstance(row.get(key), str) or not row[key].strip():
            raise fail(f"expected a non-empty '{key}'")
    near = row.get("near")
    if near is not None and not (isinstance(near, int) and near >= 1):
        raise fail(f"near is a line number (a hint for a repeated quote), found {near!r}")
    quote = collapse(row["quote"])
    names = PLACEHOLDER.findall(quote)
    if len(set(names)) != len(names):
        raise fail(f"a placeholder name is used twice in the quote: {names}")
    try:
        span, figures = sources[row["source_id"]].find(quote, where=where, near=near)
    except AnchorError as err:
        message = str(err) if str(err).startswith(where) else f"{where}: {err}"
        raise ClaimsError(message) from None
    now = PLACEHOLDER.sub(lambda m: figures[m.group(1)], quote)
    check = row.get("check")
    because = row.get("not_checkable_because") or ""
    if check is None:
        if not isinstance(because, str) or not because.strip():
            raise fail("check: null needs 'not_checkable_because'")
    else:
        if because:
            raise fail("a claim with a check has no 'not_checkable_because'")
        _validate_check(check, now, set(names), fail)
        check = _read_figures(copy.deepcopy(check), figures, fail)
    root = row.get("root_cause") or ""
    if not isinstance(root, str):
        raise fail(f"root_cause is a claim id, found {root!r}")
    if not isinstance(row.get("report", False), bool):
        raise fail("report is true or false")
    return Claim(
        row["id"],
        row["source_id"],
        span.line_start,
        span.line_end,
        now,
        collapse(row["statement"]),
        check,
        because,
        root,
        bool(row.get("report", False)),
        figures,
    )


def _check_root_causes(claims: list[Claim], fail: Callable[[str, str], ClaimsError]) -> None:
    """A claim's ``root_cause`` names another claim whose quote shares one of its numbers: the
    same number, read at the same place of the same source."""
    by_id = {c.id: c for c in claims}
    for c in claims:
        if not c.root_cause:
            continue
        root = by_id.get(c.root_cause)
        if root is None or root.id == c.id:
            raise fail(c.id, f"root_cause {c.root_cause!r} is not another claim's id")
        if root.root_cause:
            raise fail(c.id, f"root_cause {root.id} has a root cause of its own; name that one")
        overlap = (
            root.source_id == c.source_id
            and root.line <= c.line_end
            and c.line <= root.line_end
            and set(root.figures.values()) & set(c.figures.values())
        )
        if not overlap:
            raise fail(
                c.id,
                f"root_cause {root.id}: the two quotes read no common figure (a {{name}}) on "
                "the same lines, so one cannot be the cause of the other",
            )


def _read_figures(check, figures: dict[str, str], fail: Callable):
    """Every quantity ``{quoted: name}`` becomes ``{value, as_written}``: the figure the source
    now holds where the quote has ``{name}``."""
    if isinstance(check, list):
        return [_read_figures(c, figures, fail) for c in check]
    if not isinstance(check, dict):
        return check
    if set(check) == {"quoted"}:
        written = figures[check["quoted"]]
        try:
            value = to_number(written)
        except ValueError:
            raise fail(f"{{{check['quoted']}}} reads {written!r}, not a number") from None
        return {"value": value, "as_written": written}
    return {k: _read_figures(v, figures, fail) for k, v in check.items()}


# -- validation of the check specs -----------------------------------------------------------


def _validate_quantity(
    q, quote: str, names: set, fail: Callable, what: str, number_only=False
) -> None:
    if isinstance(q, bool):
        raise fail(f"{what}: expected a number or a quantity, found {q!r}")
    if isinstance(q, int | float):
        return
    if not isinstance(q, Mapping):
        raise fail(f"{what}: expected a number or a quantity, found {q!r}")
    if "quoted" in q:
        if set(q) != {"quoted"} or q["quoted"] not in names:
            raise fail(
                f"{what}: {dict(q)} must name one placeholder of the quote "
                f"({', '.join(sorted(names)) or 'it has none'})"
            )
        return
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


def _validate_check(check, quote: str, names: set, fail: Callable) -> None:
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
            _validate_check(sub, quote, names, fail)
        return
    if kind in {"count", "share", "mode"}:
        _validate_where(check.get("where"), fail, kind)
        _validate_where(check.get("of"), fail, kind)
    if kind == "mode":
        if not isinstance(check["claimed"], str):
            raise fail("check mode: claimed is the expected value, as text")
    elif kind != "sum_of_parts":
        number_only = kind == "share"
        _validate_quantity(check["claimed"], quote, names, fail, f"{kind}.claimed", number_only)
    if kind == "sum_of_parts":
        if not isinstance(check["parts"], list) or len(check["parts"]) < 1:
            raise fail("check sum_of_parts: 'parts' must be a non-empty list")
        for i, part in enumerate(check["parts"]):
            _validate_quantity(part, quote, names, fail, f"sum_of_parts.parts[{i}]")
        _validate_quantity(check["total"], quote, names, fail, "sum_of_parts.total")
    if kind == "mean":
        by_column = {"table", "column"} <= set(check)
        by_total = {"total", "over"} <= set(check)
        if by_column == by_total:
            raise fail("check mean: give either table and column, or total and over")
        if by_total:
            _validate_quantity(check["total"], quote, names, fail, "mean.total")
            _validate_quantity(check["over"], quote, names, fail, "mean.over")
        else:
            _validate_where(check.get("where"), fail, "mean")
    if kind == "ratio":
        _validate_quantity(check["numerator"], quote, names, fail, "ratio.numerator")
        _validate_quantity(check["denominator"], quote, names, fail, "ratio.denominator")
    if kind == "value":
        _validate_quantity(check["quantity"], quote, names, fail, "value.quantity")
    if kind == "enumeration":
        items = check["items"]
        if not isinstance(items, list) or not items:
            raise fail("check enumeration: 'items' must be a non-empty list")
        plain = quote.replace(GAP, " ").casefold()
        for item in items:
            if collapse(str(item)).casefold() not in plain:
                raise fail(f"check enumeration: item {item!r} is not in the quote")
