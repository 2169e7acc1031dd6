"""The claims check: quantitative statements of the sources' prose, recomputed from their tables.

``data/reference/claims.yaml`` lists the claims, one mapping each:

- ``id`` (``[a-z0-9-]``, unique), ``source_id``, ``quote`` (the source's words, whitespace
  collapsed; `` [...] `` joins pieces that skip markup or a page header, found in order),
  ``statement`` (what is claimed, in English);
- ``check``: a small declarative spec evaluated against named tables, or ``null`` with
  ``not_checkable_because``;
- optional: ``near`` (a line: only for a quote the source holds more than once, it picks the
  closest), ``root_cause`` (the id of the claim whose contradicted number this claim repeats),
  ``report: true`` (the report's prose cites the claim: its verdict, arithmetic, rule and line
  become facts ``<id>_verdict`` etc.).

No line is stored: the build finds each quote in ``data/raw/<source_id>.txt`` wherever it now
is (``clusters_maghreb.anchors``) and the verdicts carry the current lines. A quote that is no
longer in its source stops the build naming claims.yaml, the claim and the closest line.

A ``{name}`` in a quote (``"{members} membres dont"``) is a placeholder
(``clusters_maghreb.anchors``): it matches whatever number the source now holds there, and a
quantity ``{quoted: members}`` takes that number from the source at build time. So an analyst
who corrects a number in a source re-evaluates the claims instead of breaking them: a number
the claim reads from a table (a card's member count, a column's total) changes the computed
side; a number the prose states (a placeholder) changes the claimed side; either may change
the verdict. A number written out is part of the anchor: editing it in the source stops the
build naming the claim and the closest line, and the fix is to update the quote (and the
claim) in claims.yaml.

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
``{quoted: <name>}`` (the number the source holds where the quote has ``{name}``), or
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

Verdicts, each with the rule that gave it (``claims_eval.RULES``):

- ``consistent`` / ``contradicted``: by the tolerance rules above (rule ``equal``, ``about``,
  ``bound``, ``parts-rounded``, ``mode``, ``all``);
- ``incomplete``: a breakdown or a list said to be complete (``=``) whose parts fall short of
  the total (rule ``breakdown-incomplete``); parts beyond the total contradict it;
- ``same root cause``: a contradicted claim whose ``root_cause`` is contradicted too: one wrong
  number repeated in several sentences is one error, counted once, under its root (rule
  ``same-root-cause``); the two quotes must read that number (a placeholder) on the same lines;
- ``not checkable``: ``check: null`` (rule ``no-check``), or a check that needs a value the
  sources do not give, an empty cell or a row that is not there (rule ``no-data``).

Every broken claim (a quote not in its source, an unknown kind, table or column, a number that
cannot be read) raises :class:`ClaimsError`, whose message names the file and the claim.

The code is split along its seams: ``claims_load`` (reading and validating the file, finding
the quotes), ``claims_eval`` (the tables, the tolerance rules, the verdicts), ``claims_explain``
(the report's table, counts and facts). This module gathers them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from clusters_maghreb.compare.claims_eval import (
    APPROX,
    CONSISTENT,
    CONTRADICTED,
    INCOMPLETE,
    NOT_CHECKABLE,
    RULES,
    SAME_ROOT_CAUSE,
    VERDICTS,
    Result,
    Tables,
    compare,
    evaluate,
    evaluate_all,
    fmt,
    quantity,
    tables_used,
    validate_tables,
)
from clusters_maghreb.compare.claims_explain import counts_by_source, facts, report_table
from clusters_maghreb.compare.claims_load import KINDS, Claim, ClaimsError, load, to_number

__all__ = [
    "APPROX",
    "CONSISTENT",
    "CONTRADICTED",
    "INCOMPLETE",
    "KINDS",
    "NOT_CHECKABLE",
    "RULES",
    "SAME_ROOT_CAUSE",
    "VERDICTS",
    "Claim",
    "ClaimsError",
    "Result",
    "Tables",
    "check_all",
    "compare",
    "counts_by_source",
    "evaluate",
    "evaluate_all",
    "facts",
    "fmt",
    "load",
    "quantity",
    "report_table",
    "tables_used",
    "to_number",
    "validate_tables",
]


def check_all(
    claims_path: str | Path,
    raw_dir: str | Path,
    extracted: str | Path,
    processed: str | Path | None = None,
) -> pd.DataFrame:
    """Load, validate and evaluate claims.yaml in one call."""
    claims = load(claims_path, raw_dir)
    return evaluate_all(claims, Tables(extracted, processed))
