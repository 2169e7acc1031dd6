"""The hand-checked sample of extracted values (data/reference/hand_check.csv): how it is drawn,
what it gives the report (counts and share correct, the table of the rows not judged correct),
and the check that it is still about the current data.

The verdicts are human judgement, made by reading each value's source line; the code only draws
the sample (once, with a fixed seed) and counts. A checked value that moved with its text keeps its
check, cited at its current line; one that no longer exists, or whose value changed (an
analyst's edit), is left out of the counts and named on the console with what to do: its check
must be redone, not silently kept.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pandas as pd

from clusters_maghreb import i18n
from clusters_maghreb.io import read_csv, write_atomic, write_json
from clusters_maghreb.report.bibliography import short_names
from clusters_maghreb.report.profiles import field_name
from clusters_maghreb.tables import to_markdown

SEED = 20261206
# The rounds of the sample: the first; the second, drawn after the fixes the first led to
# (issue 13), without the values already checked, plus one value of each member type it
# lacked; the third (draw_third_round), a held-out check of what the first two sampled least.
# hand_check.csv holds all three; the facts count them together.
SEEDS = (SEED, 20261207, 20261208)
N_OBSERVATIONS = 80
N_PARTNERSHIPS = 10
# The third round: the values of the sources the first two sampled least and the 2014 rows of
# every source (60), and the partnerships (20), leaving out the values already checked.
THIRD_ROUND_SOURCES = ("ecomnews-2020", "errajaoui-nokairi-2023", "moroccan-clusters-2020")
THIRD_ROUND_SIZES = (60, 20)
COLUMNS = [
    "observation_id",
    "source_id",
    "line_start",
    "field",
    "value",
    "verdict",
    "note",
    "note_fr",
]
# note_fr: the note in French, for the rows the French annex shows (those not correct).
VERDICTS = ("correct", "wrong", "debatable")
# Field families the sample must all cover; a 2014 row is its own family whatever its field.
FAMILIES = {
    "name": ["name"],
    "status": ["status", "exists", "labeled"],
    "sector": ["sector_code", "sector_detail"],
    "place": ["city", "region", "place_level", "geonames_id"],
    "founded": ["founded_year"],
    "members": [
        "members_total",
        "members_enterprises",
        "members_smes",
        "members_large",
        "members_startups",
        "members_research_training",
        "members_associations",
        "members_public_bodies",
        "members_other",
        "jobs",
    ],
    "partners": ["partner_north", "partner_south"],
    "other": ["governance", "financing", "territory"],
}
FAMILY_OF = {field: family for family, fields in FAMILIES.items() for field in fields}
# lat, lon, place_divisions and place_named follow from geonames_id and places.csv: checked
# through them.
NOT_SAMPLED = {"lat", "lon", "place_divisions", "place_named"}
PARTNERSHIP_FIELD = "partner"


def partnership_key(row) -> str:
    """A partnership's key in hand_check.csv (partnerships.csv has no id column)."""
    return f"{row['cluster_id']}:{row['partner_id']}:{row['source_id']}:{row['line_start']}"


def family(row) -> str:
    return "2014" if row["reference_year"] == "2014" else FAMILY_OF[row["field"]]


def _allocate(sizes: dict, n: int) -> dict:
    """One per stratum, the rest in proportion to size (largest remainder, ties by name)."""
    alloc = {k: 1 for k in sizes}
    rest, total = n - len(sizes), sum(sizes.values())
    shares = {k: rest * s / total for k, s in sizes.items()}
    for k in sizes:
        alloc[k] += int(shares[k])
    left = n - sum(alloc.values())
    for k in sorted(sizes, key=lambda k: (-(shares[k] - int(shares[k])), k))[:left]:
        alloc[k] += 1
    return {k: min(a, sizes[k]) for k, a in alloc.items()}


def _stratified(strata: pd.Series, key: pd.Series, n: int, seed: int) -> list[str]:
    """n keys drawn by stratum (_allocate), each stratum's keys sorted before the draw."""
    rng = random.Random(seed)
    groups = {k: sorted(key[strata == k]) for k in sorted(set(strata))}
    alloc = _allocate({k: len(v) for k, v in groups.items()}, n)
    return [k for s, keys in groups.items() for k in rng.sample(keys, alloc[s])]


def draw_sample(
    observations: pd.DataFrame,
    partnerships: pd.DataFrame,
    seed: int = SEED,
    *,
    sizes: tuple[int, int] = (N_OBSERVATIONS, N_PARTNERSHIPS),
    leave_out: frozenset = frozenset(),
    keep=None,
):
    """The rows to check: observations stratified by field family and source (every stratum at
    least once), partnerships by table. Deterministic for a given seed and data. ``sizes`` is
    (observations, partnerships); ``leave_out`` the keys (observation_id column of
    hand_check.csv) already checked; ``keep`` an optional test of an observation row."""
    obs = observations[~observations["field"].isin(NOT_SAMPLED)]
    obs = obs[~obs["observation_id"].isin(leave_out)]
    if keep is not None:
        obs = obs[obs.apply(keep, axis=1)]
    strata = obs.apply(lambda r: f"{family(r)}|{r['source_id']}", axis=1)
    ids = _stratified(strata, obs["observation_id"], sizes[0], seed)
    picked = obs.set_index("observation_id").loc[ids].reset_index()
    rows = picked.assign(verdict="", note="", note_fr="")[COLUMNS]
    keys = partnerships.apply(partnership_key, axis=1)
    partnerships, keys = partnerships[~keys.isin(leave_out)], keys[~keys.isin(leave_out)]
    pids = _stratified(partnerships["table_id"], keys, sizes[1], seed)
    part = partnerships.assign(observation_id=keys).set_index("observation_id").loc[pids]
    part = part.reset_index().assign(field=PARTNERSHIP_FIELD, value=part["partner"].values)
    part = part.assign(verdict="", note="", note_fr="")[COLUMNS]
    rows = pd.concat([rows, part], ignore_index=True)
    return rows.sort_values(["source_id", "line_start", "observation_id"], key=_natural)


def draw_third_round(observations, partnerships, checked: pd.DataFrame):
    """The third round: THIRD_ROUND_SIZES values not yet in ``checked`` (hand_check.csv), from
    THIRD_ROUND_SOURCES and the 2014 rows of every source, and partnerships."""
    return draw_sample(
        observations,
        partnerships,
        SEEDS[2],
        sizes=THIRD_ROUND_SIZES,
        leave_out=frozenset(checked["observation_id"]),
        keep=lambda r: r["source_id"] in THIRD_ROUND_SOURCES or r["reference_year"] == "2014",
    )


def _natural(col: pd.Series) -> pd.Series:
    return col.astype(int) if col.name == "line_start" else col


def current_values(observations: pd.DataFrame, partnerships: pd.DataFrame) -> pd.DataFrame:
    """What hand_check.csv's key columns must match: every observation and partnership."""
    part = partnerships.assign(
        observation_id=partnerships.apply(partnership_key, axis=1),
        field=PARTNERSHIP_FIELD,
        value=partnerships["partner"],
    )
    cols = ["observation_id", "source_id", "line_start", "field", "value"]
    return pd.concat([observations[cols], part[cols]], ignore_index=True)


def content_key(observation_id: str, field: str) -> str:
    """A checked row's key without its line number, so that an edit which moves the text
    (a paragraph inserted above) keeps the check: ``source:line:cluster:field`` for an
    observation, ``cluster:partner:source:line`` for a partnership."""
    parts = observation_id.split(":")
    return ":".join(parts[:-1] if field == PARTNERSHIP_FIELD else parts[:1] + parts[2:])


def check(checked: pd.DataFrame, observations, partnerships, path="hand_check.csv") -> pd.DataFrame:
    """Stop, naming the row, on a bad verdict; return the checked rows that the data still
    hold, with their current lines (the text may have moved since). A checked value the data
    no longer hold, or hold with another value (an analyst's edit: a row deleted, a number
    corrected), is no longer a check of these data: it is left out, and the console names
    its row and what to do."""
    if list(checked.columns) != COLUMNS:
        raise ValueError(f"{path}: expected the columns {COLUMNS}, found {list(checked.columns)}")
    now = current_values(observations, partnerships)
    now["key"] = [
        content_key(o, f) for o, f in zip(now["observation_id"], now["field"], strict=True)
    ]
    by_key = {key: group for key, group in now.groupby("key", sort=False)}
    kept, lines, stale = [], [], []
    for i, row in enumerate(checked.to_dict("records"), start=2):
        where = f"{path}:{i} ({row['observation_id']})"
        if row["verdict"] not in VERDICTS:
            raise ValueError(f"{where}: expected a verdict in {VERDICTS}, found {row['verdict']!r}")
        if not row["note"].strip():
            raise ValueError(f"{where}: expected a note saying what the source says")
        if row["verdict"] != "correct" and not row["note_fr"].strip():
            raise ValueError(
                f"{where}: a {row['verdict']} verdict needs note_fr, its note in French"
            )
        current = by_key.get(content_key(row["observation_id"], row["field"]))
        if current is None:
            stale.append(f"{where}: the checked value is no longer in the data")
            continue
        same = current[current["value"].astype(str) == str(row["value"])]
        if same.empty:
            stale.append(
                f"{where}: value was {row['value']!r} when checked, is now "
                f"{current['value'].iloc[0]!r}"
            )
            continue
        kept.append(i - 2)
        lines.append(str(same["line_start"].iloc[0]))
    if stale:
        print(
            f"WARNING: {len(stale)} hand-checked value(s) left out of the hand check, the data "
            "having changed since they were checked:\n  "
            + "\n  ".join(stale)
            + f"\nRead each again in its source and update its row of {path} (value, verdict, "
            "note), or remove the row; draw_sample draws current rows in their place.",
            file=sys.stderr,
        )
    return checked.iloc[kept].assign(line_start=lines).reset_index(drop=True)


# The facts ``facts`` writes (report/declared_facts.py: names, or patterns).
FACTS = (
    "n_checked",
    "n_checked_observations",
    "n_checked_partnerships",
    "n_correct",
    "n_wrong",
    "n_debatable",
    "pct_correct",
    "seed",
    "seeds",
    "seeds_{lang}",
    "result",
    "result_{lang}",
)


def facts(checked: pd.DataFrame) -> dict:
    counts = checked["verdict"].value_counts()
    n = int(len(checked))
    correct = int(counts.get("correct", 0))
    pct = round(100 * correct / n, 1) if n else 0.0
    out = {
        "n_checked": n,
        "n_checked_observations": int((checked["field"] != PARTNERSHIP_FIELD).sum()),
        "n_checked_partnerships": int((checked["field"] == PARTNERSHIP_FIELD).sum()),
        "n_correct": correct,
        "n_wrong": int(counts.get("wrong", 0)),
        "n_debatable": int(counts.get("debatable", 0)),
        "pct_correct": pct,
        "seed": str(SEED),  # an identifier, not a quantity: written 20261206
    }
    for lang in i18n.languages():
        suffix = "" if lang == i18n.SOURCE_LANGUAGE else f"_{lang}"
        out[f"result{suffix}"] = result_clause(out, lang)
        # seeds are identifiers: a string, so that no edition groups their digits
        *first, last = (str(seed) for seed in SEEDS)
        out[f"seeds{suffix}"] = f"{', '.join(first)} {i18n.gettext('and', lang)} {last}"
    return out


def result_clause(facts: dict, lang: str) -> str:
    """'88 are correct (97.8%), 0 wrong and 2 debatable', each count agreeing with its noun."""
    percent = i18n.localise(f"{facts['pct_correct']:g}%", lang)
    counts = [
        i18n.ngettext("{n} is correct", "{n} are correct", facts["n_correct"], lang),
        i18n.ngettext("{n} wrong", "{n} wrong", facts["n_wrong"], lang),
        i18n.ngettext("{n} debatable", "{n} debatable", facts["n_debatable"], lang),
    ]
    return f"{counts[0]} ({percent}), {counts[1]} {i18n.gettext('and', lang)} {counts[2]}"


def _field_label(field: str, lang: str) -> str:
    if field == PARTNERSHIP_FIELD:
        return i18n.localise("Partner", lang)
    return field_name(field, lang)


def _shown(text: str, lang: str) -> str:
    """A cell as the reader sees it: booleans in words, markup of the source shown as text
    (an escaped '<', which pandoc would otherwise read as HTML)."""
    text = {"true": "Yes", "false": "No"}.get(text, text)
    return i18n.localise(text, lang).replace("<", "\\<")


def non_correct_markdown(checked: pd.DataFrame, lang: str) -> str:
    """The rows not judged correct, for the annex: headers and verdicts in ``lang``, the note
    in French for the French edition; the values stay as the data hold them."""
    rows = checked[checked["verdict"] != "correct"]
    if rows.empty:
        return i18n.gettext("Every checked value was judged correct.", lang) + "\n"
    note = rows["note_fr"] if lang == "fr" else rows["note"]
    # the source by its name and line (i18n.readable), not the checked row's internal id
    table = pd.DataFrame(
        {
            i18n.gettext("Source", lang): [
                i18n.readable(f"{s}:{line}", lang)
                for s, line in zip(rows["source_id"], rows["line_start"], strict=True)
            ],
            i18n.gettext("Field", lang): [_field_label(f, lang) for f in rows["field"]],
            i18n.gettext("Value", lang): [_shown(v, lang) for v in rows["value"]],
            i18n.gettext("Verdict", lang): [i18n.gettext(v, lang) for v in rows["verdict"]],
            i18n.gettext("What the source says", lang): [
                i18n.readable(_shown(n, lang), lang) for n in note
            ],
        }
    )
    return to_markdown(table)


def run_check(hand_check_csv, processed_dir, facts_json, annexes: dict, sources_yaml=None) -> None:
    """The rule's job: check the sample against the data, then write the facts and annexes
    (the sources named as ``sources_yaml``'s bibliography names them)."""
    if sources_yaml is not None:
        i18n.use_source_names(short_names(sources_yaml))
    checked = read_csv(hand_check_csv)
    processed = Path(processed_dir)
    checked = check(
        checked,
        read_csv(processed / "observations.csv"),
        read_csv(processed / "partnerships.csv"),
        hand_check_csv,
    )
    write_json(facts(checked), facts_json)
    for lang, out in annexes.items():
        write_atomic(out, non_correct_markdown(checked, lang))
