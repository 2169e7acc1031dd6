"""Annex 2: a profile of each of the study's 28 carded clusters, as a reader uses it.

Each profile gives, under readable labels in the edition's language, every field of the
cluster's identity card as the card writes it (founding, governance, sector and niche,
location, members, activities, partnerships national, Euro-Mediterranean and extra-regional),
each with the line of the study it comes from; then what the dataset reads from it (the IPEMED
sector, the members by type with their counts, the status) and what the later sources say of
the cluster after 2019. The card's own words stay in French, the study's language, in both
editions: they are the evidence, not the report's prose.
"""

from __future__ import annotations

import re

import pandas as pd

from clusters_maghreb import i18n
from clusters_maghreb.constants import COUNTRY_NAMES
from clusters_maghreb.tables import to_markdown

# The cards' labels (as the study writes them) and the English label the report shows; French
# comes from the catalog. Role labels of the card header (PRÉSIDENT, DIRECTRICE...) are
# shown as "Governance".
CARD_LABELS = {
    "Date de création": "Founded",
    "Date de labellisation": "Labelled",
    "Secteur d'activité": "Sector of activity",
    "Niche d'excellence": "Niche of excellence",
    "Thématiques d'excellence": "Niche of excellence",
    "Localisation": "Location",
    "Membres": "Members",
    "Activités du cluster": "Activities",
    "Activités": "Activities",
    "Activité du cluster": "Activities",
    "Principales activités du cluster": "Activities",
    "Principales activités": "Activities",
    "Activités et projets": "Activities",
    "Objectifs et activités du cluster": "Activities",
    "National": "Partnerships: national",
    "national": "Partnerships: national",
    "Euro-méditerranéen": "Partnerships: Euro-Mediterranean",
    "Extra-régional": "Partnerships: extra-regional",
}
# Labels that head a block of the card, with nothing of their own.
HEADINGS = {"Coopérations interclusters de niveau"}
# Typed counts of members, as the dataset holds them (docs/schema.md), in reading order.
MEMBER_LABELS = {
    "members_total": "members in all",
    "members_enterprises": "enterprises",
    "members_smes": "SMEs",
    "members_large": "large firms",
    "members_startups": "start-ups",
    "members_research_training": "research and training bodies",
    "members_associations": "associations",
    "members_public_bodies": "public bodies",
    "members_other": "other members",
    "jobs": "jobs",
}
COUNTRIES = COUNTRY_NAMES
STATUSES = {"constituted", "emergent", "expected", "merged"}


def plain(html: str) -> str:
    """A card's cell as text: its list bullets as '; ', its italics as Markdown."""
    text = re.sub(r"<ul[^>]*>|</ul>", " ", html)
    text = re.sub(r"</?i>", "*", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\s*•\s*", " • ", text).strip(" •")
    return " ".join(text.split())


def card_rows(fields: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The card's own fields, labelled in ``lang``, each with its line."""
    rows, governance = [], []
    for f in fields.itertuples(index=False):
        label, value, line = f.label.strip(), plain(f.value), int(f.line_start)
        if label in HEADINGS or (not label and value.startswith("www.")):
            if value.startswith("www."):
                rows.append(("Website", value, line))
            continue
        if label in CARD_LABELS:
            rows.append((CARD_LABELS[label], value or "–", line))
        elif f.block == "header" and label.isupper():
            governance.append((f"{label} : {value}", line))
        else:
            raise ValueError(
                f"ipemed-2019 line {line}: card field {label!r} has no label in "
                "clusters_maghreb/report/profiles.py CARD_LABELS; add it"
            )
    if governance:
        lines = [line for _, line in governance]
        rows.insert(1, ("Governance", "; ".join(g for g, _ in governance), min(lines), max(lines)))
    out = pd.DataFrame(
        [(r[0], r[1], span(r[2], r[3] if len(r) > 3 else r[2])) for r in rows],
        columns=["Field", "As the card writes it", "Line"],
    )
    out["Field"] = out["Field"].map(lambda x: i18n.localise(x, lang))
    return out


def _count(value: str, lang: str) -> str:
    """A count as the language writes it; a range ('120-130') as its two ends."""
    return "–".join(i18n.number(v, lang) for v in str(value).split("-"))


def card_title(name: str, acronym: str) -> str:
    """'Maroc Numeric Cluster (MNC)'; a cluster known by its acronym alone is not 'ENR (ENR)'."""
    return f"{name} ({acronym})" if acronym and acronym != name else name


def span(start, end) -> str:
    """'1336', or '1329-1341': a span of one line is that line."""
    start, end = int(start), int(end)
    return str(start) if start == end else f"{start}-{end}"


def members_text(obs: pd.DataFrame, lang: str) -> str:
    """'84 enterprises, 6 research and training bodies, 11 700 jobs (ipemed-2019:1336)'."""
    parts = []
    for field, label in MEMBER_LABELS.items():
        for o in obs[obs["field"] == field].itertuples(index=False):
            approx = "≈" if o.qualifier == "approx" else "≥" if o.qualifier == "at_least" else ""
            # 'label: n', which reads right for any n in both languages
            colon = " :" if lang == "fr" else ":"
            parts.append(
                f"{i18n.localise(label, lang)}{colon} {approx}{_count(o.value, lang)} "
                f"({o.source_id}:{span(int(o.line_start), int(o.line_end))})"
            )
    return ", ".join(parts)


def read_rows(
    cluster_id: str, observations: pd.DataFrame, snapshots: pd.DataFrame, lang: str
) -> pd.DataFrame:
    """What the dataset reads for the cluster: sector, members by type, status per year, and
    the later sources' values (the 2023 survey's governance, financing, labelling)."""
    obs = observations[observations["cluster_id"] == cluster_id]
    rows = []
    snap = snapshots[snapshots["cluster_id"] == cluster_id].sort_values("reference_year")
    for s in snap.itertuples(index=False):
        year = str(s.reference_year)
        if s.status in STATUSES:
            rows.append((f"Status in {year}", i18n.localise(s.status, lang), s.sources))
        if s.sector_code:
            sector = f"{s.sector_code} {s.sector_label}".strip()
            rows.append((f"IPEMED sector in {year}", i18n.localise(sector, lang), s.sources))
    members = members_text(obs, lang)
    if members:
        rows.append(("Members by type", members, ""))
    later = obs[obs["source_id"].isin(["errajaoui-nokairi-2023", "moroccan-clusters-2020"])]
    for field in ("founded_year", "governance", "financing", "labeled"):
        for o in later[later["field"] == field].itertuples(index=False):
            rows.append(
                (
                    f"{FIELD_LABELS[field]}, according to {o.source_id}",
                    i18n.localise(_readable(o.value), lang),
                    f"{o.source_id}:{span(int(o.line_start), int(o.line_end))}",
                )
            )
    out = pd.DataFrame(rows, columns=["Field", "Value", "Source"])
    out["Field"] = out["Field"].map(lambda x: i18n.localise(x, lang))
    return out


FIELD_LABELS = {
    "founded_year": "Founded",
    "governance": "Governance",
    "financing": "Financing",
    "labeled": "Labelling",
}
# Every field of the dataset's snapshots as a reader names it (English; French in the catalog).
FIELD_NAMES = {
    **FIELD_LABELS,
    **{k: v[0].upper() + v[1:] for k, v in MEMBER_LABELS.items()},
    "name": "Name",
    "status": "Status",
    "sector_code": "IPEMED sector",
    "sector_label": "IPEMED sector",
    "sector_detail": "Sector of activity",
    "city": "City",
    "region": "Region",
    "lat": "Latitude",
    "lon": "Longitude",
    "territory": "Territory",
    "partner_north": "Partnership in the North",
    "partner_south": "Partnership in the South",
    "exists": "Exists",
    "place_level": "Level of the place",
    "place": "Place",
    "geonames_id": "GeoNames id",
    "place_divisions": "Divisions covered",
}


def field_name(field: str, lang: str) -> str:
    """A dataset field as the reader names it, in ``lang``."""
    if field not in FIELD_NAMES:
        raise LookupError(
            f"field {field!r} has no reader's name: add it to FIELD_NAMES in {__file__} "
            "(and its French to the catalog)"
        )
    return i18n.localise(FIELD_NAMES[field], lang)


def _readable(value: str) -> str:
    return {"true": "Yes", "false": "No"}.get(value, value.capitalize())


def profiles_markdown(
    cards: pd.DataFrame,
    card_fields: pd.DataFrame,
    clusters: pd.DataFrame,
    observations: pd.DataFrame,
    snapshots: pd.DataFrame,
    lang: str,
) -> str:
    """Every carded cluster's profile, by country in the study's order."""
    card_obs = observations[observations["table_id"] == "cards"]
    cluster_of = dict(zip(card_obs["line_start"].astype(int), card_obs["cluster_id"], strict=False))
    names = clusters.set_index("cluster_id")
    out = []
    for country, group in cards.groupby("country", sort=False):
        heading = i18n.localise(COUNTRIES[country], lang)
        out.append(f"## {heading} {{.unnumbered #cards-{country.lower()}}}\n")
        for card in group.itertuples(index=False):
            start, end = int(card.line_start), int(card.line_end)
            if start not in cluster_of:
                raise ValueError(
                    f"ipemed-2019 line {start}: card {card.card_title!r} has no cluster"
                )
            cid = cluster_of[start]
            c = names.loc[cid]
            title = card_title(c["name"], c["acronym"])
            out.append(f"### {title} {{.unnumbered #card-{cid}}}\n")
            where = i18n.gettext("Identity card, lines {lines} of the study", lang)
            out.append(where.format(lines=f"{start}-{end}") + "\n")
            fields = card_fields[
                card_fields["line_start"].astype(int).between(start, end)
                & (card_fields["card_title"] == card.card_title)
            ]
            out.append(to_markdown(card_rows(fields, lang).rename(columns=_headers(lang))))
            read = read_rows(cid, observations, snapshots, lang)
            if not read.empty:
                out.append(to_markdown(read.rename(columns=_headers(lang))))
    return "\n".join(out)


def _headers(lang: str) -> dict[str, str]:
    return {
        h: i18n.localise(h, lang)
        for h in ("Field", "As the card writes it", "Line", "Value", "Source")
    }
