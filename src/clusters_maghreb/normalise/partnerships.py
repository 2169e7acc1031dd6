"""Cluster-to-partner links, one row per partner named, from the identity cards and the
cooperation chapter of ipemed-2019.

A partnership names an entity, not a sentence. The extractor cuts a card's cooperation line
into pieces (and the chapter's examples into partner names); each piece is looked up, as
written, in ``data/reference/partner_aliases.csv``, which says which partners of
``data/reference/partners.csv`` it names (none, one or several) and, when it names none, the
rule that sets it aside (an activity, an event, a platform, a programme, a search for
partners). Spellings of one partner share its ``partner_id``. A piece no row covers, or a row
no piece uses, stops the build: the table says what every piece is, and nothing else.

The cards give the level themselves (national, Euro-Mediterranean, extra-regional). The
cooperation chapter names the partner's country: the level is read from it by ``level_of``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.io import read_csv
from clusters_maghreb.normalise.text import collapse

REFERENCE = PROJECT_ROOT / "data" / "reference"
COLUMNS = [
    "cluster_id",
    "partner_id",
    "partner",
    "partner_kind",
    "partner_country",
    "partner_cluster_id",
    "level",
    "stage",
    "kind",
    "name_as_written",
    "source_id",
    "table_id",
    "line_start",
    "line_end",
    "raw_text",
]
PARTNER_COLUMNS = ["partner_id", "name", "kind", "country", "cluster_id", "rationale"]
ALIAS_COLUMNS = ["written", "partner_id", "name_as_written", "stage", "rule", "rationale"]
PARTNER_KINDS = {
    "cluster",
    "cluster network",
    "competitiveness pole",
    "association",
    "company",
    "public body",
    "financial institution",
    "organisation",
    "country",
    "unnamed group",
}
# What a piece that names no partner is instead; 'partner' for a piece that names one.
RULES = {"partner", "activity", "event", "platform", "programme", "search"}
STAGES = {"current", "planned"}
# The Euro-Mediterranean level of the cards (ipemed-2019 Annex 2) covers Europe and the
# Mediterranean rim; the chapter names only these partner countries.
EURO_MEDITERRANEAN = {"France", "Italie", "Espagne", "Portugal", "Allemagne", "Belgique"}
COUNTRY_NAMES = {"MA": "Maroc", "DZ": "Algérie", "TN": "Tunisie"}


class PartnerError(ValueError):
    """A partner piece or a row of the partner tables is wrong; the message says where."""


def level_of(cluster_country: str, partner_country: str) -> str:
    if not partner_country:
        return ""
    if partner_country == COUNTRY_NAMES.get(cluster_country):
        return "national"
    if partner_country in EURO_MEDITERRANEAN | set(COUNTRY_NAMES.values()):
        return "euro-mediterranean"
    return "extra-regional"


def _shown(path: Path) -> str:
    path = Path(path).resolve()
    return str(path.relative_to(PROJECT_ROOT)) if path.is_relative_to(PROJECT_ROOT) else str(path)


def load_partners(path: str | Path, registry: pd.DataFrame) -> pd.DataFrame:
    """partners.csv, checked: one row per partner_id, a known kind, a registry cluster_id."""
    shown, table = _shown(path), read_csv(path)
    if list(table.columns) != PARTNER_COLUMNS:
        raise PartnerError(f"{shown}:1: expected columns {PARTNER_COLUMNS}, found {list(table)}")
    known, seen = set(registry["cluster_id"]), set()
    for n, row in enumerate(table.itertuples(index=False), start=2):
        problem = None
        if not row.partner_id or row.partner_id in seen:
            problem = f"a new partner_id, found {row.partner_id!r}"
        elif row.kind not in PARTNER_KINDS:
            problem = f"a kind in {sorted(PARTNER_KINDS)}, found {row.kind!r}"
        elif row.cluster_id and row.cluster_id not in known:
            problem = f"an empty cluster_id or one of the registry, found {row.cluster_id!r}"
        elif not row.name.strip() or not row.rationale.strip():
            problem = "a name and a rationale, found an empty one"
        if problem:
            raise PartnerError(f"{shown}:{n}: expected {problem}")
        seen.add(row.partner_id)
    return table.set_index("partner_id")


def load_aliases(path: str | Path, partners: pd.DataFrame) -> pd.DataFrame:
    """partner_aliases.csv, checked; ``written`` whitespace-collapsed; ``_line`` its file line."""
    shown, table = _shown(path), read_csv(path)
    if list(table.columns) != ALIAS_COLUMNS:
        raise PartnerError(f"{shown}:1: expected columns {ALIAS_COLUMNS}, found {list(table)}")
    seen: dict[tuple[str, str], int] = {}
    for n, row in enumerate(table.itertuples(index=False), start=2):
        problem = None
        if row.rule not in RULES:
            problem = f"a rule in {sorted(RULES)}, found {row.rule!r}"
        elif row.rule == "partner" and row.partner_id not in partners.index:
            problem = f"a partner_id of {_shown(Path(path).with_name('partners.csv'))}, found "
            problem += repr(row.partner_id)
        elif row.rule == "partner" and row.stage not in STAGES:
            problem = f"a stage in {sorted(STAGES)}, found {row.stage!r}"
        elif row.rule == "partner" and collapse(row.name_as_written) not in collapse(row.written):
            problem = f"a name_as_written found in the written text, found {row.name_as_written!r}"
        elif row.rule != "partner" and (row.partner_id or row.name_as_written or row.stage):
            problem = f"no partner_id, name_as_written or stage for rule {row.rule!r}"
        elif not row.rationale.strip():
            problem = "a rationale, found none"
        elif (collapse(row.written), row.partner_id) in seen:
            key = (collapse(row.written), row.partner_id)
            problem = f"one row per written text and partner, found a repeat of line {seen[key]}"
        if problem:
            raise PartnerError(f"{shown}:{n}: expected {problem}")
        seen[(collapse(row.written), row.partner_id)] = n
    return table.assign(written=table["written"].map(collapse), _line=range(2, len(table) + 2))


def _mention_clusters(mentions: pd.DataFrame, table_id: str, column: str) -> dict[int, str]:
    """Row of an extracted table -> the cluster its ``column`` names (resolved mentions)."""
    hit = mentions[(mentions["source_id"] == "ipemed-2019") & (mentions["table_id"] == table_id)]
    out = {}
    for m in hit.itertuples(index=False):
        _, _, row, col = m.mention_id.split(":")
        if col == column:
            out[int(row)] = m.cluster_id
    return out


def _pieces(extracted_dir: Path, mentions: pd.DataFrame, cluster_aliases: pd.DataFrame):
    """Every partner piece with its cluster, level and provenance (before the alias lookup)."""
    base = extracted_dir / "ipemed-2019"
    cards = read_csv(base / "cards.csv")
    card_rows = {title: i for i, title in enumerate(cards["card_title"])}
    card_cluster = _mention_clusters(mentions, "cards", _card_name_column(mentions))
    for r in _whole_partners(read_csv(base / "card-cooperations.csv")).itertuples(index=False):
        yield {
            "cluster_id": card_cluster[card_rows[r.card_title]],
            "written": collapse(r.partner),
            "country_b": "",
            "level": r.level,
            "kind": "identity card",
            "source_id": r.source_id,
            "table_id": r.table_id,
            "line_start": int(r.line_start),
            "line_end": int(r.line_end),
            "raw_text": r.raw_text,
        }
    prose = read_csv(base / "prose-partnerships.csv")
    prose_cluster = _mention_clusters(mentions, "prose-partnerships", "cluster_a")
    # The mention stage skips a row whose cluster has no country beside it ("Maroc Numeric
    # Cluster (MNC) avec, en France, ..."): such a name is taken when it is an alias as written.
    by_alias = dict(
        zip(cluster_aliases["alias"].map(collapse), cluster_aliases["cluster_id"], strict=True)
    )
    for i, r in enumerate(prose.itertuples(index=False)):
        cluster_id = prose_cluster.get(i) or by_alias.get(collapse(r.cluster_a))
        if cluster_id is None:
            if r.kind == "network convention":
                continue  # France Clusters and Maroc Cluster: two networks, no cluster
            raise PartnerError(
                f"ipemed-2019.txt:{r.line_start}: expected the cluster {r.cluster_a!r} of a "
                "partnership to be a mention or an alias of data/reference/cluster_aliases.csv"
            )
        yield {
            "cluster_id": cluster_id,
            "written": collapse(r.partner_b),
            "country_b": r.country_b,
            "level": level_of(cluster_id[:2].upper(), r.country_b),
            "kind": r.kind,
            "source_id": r.source_id,
            "table_id": r.table_id,
            "line_start": int(r.line_start),
            "line_end": int(r.line_end),
            "raw_text": r.raw_text,
        }


def build_partnerships(
    extracted_dir: str | Path, mentions: pd.DataFrame, reference_dir: str | Path = REFERENCE
) -> pd.DataFrame:
    ref = Path(reference_dir)
    registry = read_csv(ref / "cluster_registry.csv")
    partners = load_partners(ref / "partners.csv", registry)
    aliases = load_aliases(ref / "partner_aliases.csv", partners)
    by_written = {w: rows for w, rows in aliases.groupby("written", sort=False)}
    pieces = list(_pieces(Path(extracted_dir), mentions, read_csv(ref / "cluster_aliases.csv")))
    used, rows = set(), []
    for p in pieces:
        covering = by_written.get(p["written"])
        if covering is None:
            raise PartnerError(
                f"{p['source_id']}.txt:{p['line_start']}: expected the partner text "
                f"{p['written']!r} ({p['kind']}, {p['cluster_id']}) in a row of "
                f"{_shown(ref / 'partner_aliases.csv')}: add one per partner it names (written, "
                "partner_id, name_as_written, stage, rule=partner) or one with the rule that "
                f"sets it aside ({', '.join(sorted(RULES - {'partner'}))})"
            )
        used.update(covering["_line"])
        for a in covering[covering["rule"] == "partner"].itertuples(index=False):
            partner = partners.loc[a.partner_id]
            if p["country_b"] and partner.country and p["country_b"] != partner.country:
                raise PartnerError(
                    f"{p['source_id']}.txt:{p['line_start']}: expected {a.partner_id!r} in "
                    f"{partner.country} (partners.csv), the text says {p['country_b']}"
                )
            rows.append(
                {
                    **{k: p[k] for k in ("cluster_id", "level", "kind", "source_id", "table_id")},
                    "partner_id": a.partner_id,
                    "partner": partner["name"],
                    "partner_kind": partner.kind,
                    "partner_country": partner.country or p["country_b"],
                    "partner_cluster_id": partner.cluster_id,
                    "stage": a.stage,
                    "name_as_written": a.name_as_written,
                    **{k: p[k] for k in ("line_start", "line_end", "raw_text")},
                }
            )
    unused = aliases[~aliases["_line"].isin(used)]
    if len(unused):
        row = unused.iloc[0]
        raise PartnerError(
            f"{_shown(ref / 'partner_aliases.csv')}:{row['_line']}: expected the written text "
            f"{row['written']!r} among the partner pieces of the sources, found it nowhere "
            "(the source changed? update or remove the row)"
        )
    out = pd.DataFrame(rows, columns=COLUMNS).drop_duplicates(
        ["cluster_id", "partner_id", "level", "source_id", "table_id", "line_start"]
    )
    return out.sort_values(
        ["cluster_id", "source_id", "table_id", "line_start", "partner_id"], ignore_index=True
    )


def _whole_partners(pieces: pd.DataFrame) -> pd.DataFrame:
    """The extractor cuts a card's cooperation line at its commas; a piece that starts in
    lower case ('espagnols', 'axé sur les énergies renouvelables') continues the partner
    before it on the same line, so it is joined back to it rather than counted as a partner."""
    out = []
    for r in pieces.to_dict("records"):
        prev = out[-1] if out else None
        continues = r["partner"][:1].islower() and prev is not None
        if continues and (prev["card_title"], prev["level"], prev["line_start"]) == (
            r["card_title"],
            r["level"],
            r["line_start"],
        ):
            prev["partner"] = f"{prev['partner']}, {r['partner']}"
        else:
            out.append(dict(r))
    return pd.DataFrame(out, columns=pieces.columns)


def _card_name_column(mentions: pd.DataFrame) -> str:
    cols = {m.split(":")[3] for m in mentions.loc[mentions["table_id"] == "cards", "mention_id"]}
    if len(cols) != 1:
        raise ValueError(f"expected the cards to be named by one column, found {sorted(cols)}")
    return cols.pop()
