"""The report's annexes as Markdown written by the build: an identity card per cluster with the
source of every value, the reference tables with their rationales, and the build's facts
(sources and their hashes, software versions). Chapters include these files; they run no code.
"""

from __future__ import annotations

import platform
import sys
from importlib.metadata import version
from pathlib import Path

import pandas as pd

from clusters_maghreb import i18n
from clusters_maghreb.io import read_csv, write_atomic
from clusters_maghreb.report.bibliography import short_names
from clusters_maghreb.report.profiles import card_title, field_name, profiles_markdown, span
from clusters_maghreb.schema import FIELDS, choose, load_precedence
from clusters_maghreb.sources import load_sources
from clusters_maghreb.tables import localised, to_markdown
from clusters_maghreb.version import LOCAL_CHANGES

LABELS = {
    "en": {
        "field": "Field",
        "year": "Year",
        "value": "Value",
        "source": "Source",
        "aliases": "Also written",
        "none": "No value in any source.",
        "country": {"MA": "Morocco", "DZ": "Algeria", "TN": "Tunisia", "MR": "Mauritania"},
        "merged": "Merged into",
        "inferred": "2014: reconstructed (inferred)",
        "stated": "2014: reconstructed (stated by a later source)",
    },
    "fr": {
        "field": "Champ",
        "year": "Année",
        "value": "Valeur",
        "source": "Source",
        "aliases": "Autres graphies",
        "none": "Aucune valeur dans les sources.",
        "country": {"MA": "Maroc", "DZ": "Algérie", "TN": "Tunisie", "MR": "Mauritanie"},
        "merged": "Fusionné dans",
        "inferred": "2014 : reconstitué (inféré)",
        "stated": "2014 : reconstitué (dit par une source postérieure)",
    },
}
# What a reader looks for in a card; coordinates and gazetteer ids are in the places annex.
SHOWN = [f for f in FIELDS if f not in ("region", "lat", "lon", "geonames_id", "place_level")]


def provenance(observations: pd.DataFrame, precedence: pd.DataFrame) -> pd.DataFrame:
    """The observation each snapshot value was taken from (the best by precedence)."""
    obs = observations.astype({"reference_year": int, "line_start": int, "line_end": int})
    ordered = choose(obs, precedence)
    return ordered.drop_duplicates(["cluster_id", "_year", "field"])


def cards_markdown(
    clusters: pd.DataFrame,
    observations: pd.DataFrame,
    precedence: pd.DataFrame,
    lang: str,
    sector_labels: dict[str, str] | None = None,
    names: dict[str, str] | None = None,
) -> str:
    """One identity card per cluster, by country then name: each value with its source line;
    a sector code shown with its label (``sector_labels``: code -> 'code label'), a cluster
    merged into another named by ``names`` (cluster id -> name, every cluster's)."""
    sector_labels = sector_labels or {}
    names = names or dict(zip(clusters["cluster_id"], clusters["name"], strict=True))
    colon = " :" if lang == "fr" else ":"  # French puts a space before the colon
    words = LABELS[lang]
    best = provenance(observations, precedence)
    out = []
    for country, group in clusters.groupby("country", sort=False):
        # explicit ids: each annex has a heading per country, and each include is read alone
        # (pandoc would give every one of them the same automatic id)
        heading = words["country"].get(country, country)
        out.append(f"## {heading} {{.unnumbered #other-{country.lower()}}}\n")
        for c in group.sort_values("name").itertuples(index=False):
            out.append(
                f"### {card_title(c.name, c.acronym)} {{.unnumbered #card-{c.cluster_id}}}\n"
            )
            notes = []
            if c.aliases:
                notes.append(f"{words['aliases']}{colon} {c.aliases}")
            if c.merged_into:
                merged = names[c.merged_into]
                notes.append(f"{words['merged']}{colon} {merged}")
            if notes:
                out.append("; ".join(notes) + ".\n")
            rows = best[(best["cluster_id"] == c.cluster_id) & best["field"].isin(SHOWN)]
            if rows.empty:
                out.append(words["none"] + "\n")
                continue
            rows = rows.assign(order=rows["field"].map(SHOWN.index)).sort_values(
                ["order", "reference_year"]
            )
            table = pd.DataFrame(
                {
                    words["field"]: rows["field"].map(lambda f: field_name(f, lang)),
                    words["year"]: rows["reference_year"].where(rows["_year"] != 0, "–"),
                    words["value"]: [
                        i18n.localise(sector_labels.get(v, v) if f == "sector_code" else v, lang)
                        for f, v in zip(rows["field"], rows["value"], strict=True)
                    ],
                    words["source"]: [
                        i18n.readable(f"{src}:{span(a, b)}", lang)
                        for src, a, b in zip(
                            rows["source_id"], rows["line_start"], rows["line_end"], strict=True
                        )
                    ],
                }
            )
            out.append(to_markdown(table))
    return "\n".join(out)


# The reference tables' columns as the methods annex heads them (English; French in the
# catalog). A column not named here keeps its name.
REFERENCE_HEADERS = {
    "admin_region": "Region",
    "alias": "Name as written",
    "cluster_id": "Cluster",
    "confidence": "Basis",
    "country": "Country",
    "event": "Event",
    "evidence": "Evidence",
    "field": "Field",
    "geonames_id": "GeoNames id",
    "line_end": "To line",
    "line_start": "Line",
    "location": "Location",
    "other_cluster_id": "Other cluster",
    "place": "Place",
    "rank": "Rank",
    "rationale": "Rationale",
    "rule": "Rule",
    "sector_code": "IPEMED sector",
    "sector_text": "Sector as written",
    "source_id": "Source",
    "status": "Status",
    "status_text": "Status as written",
    "table_id": "Table",
    "value": "Value",
    "year": "Year",
    "level": "Level",
    "name_en": "English name",
    "name_fr": "French name",
    "covers": "Divisions covered",
    "named": "Cities named",
    "qualifier": "Qualifier",
    "partner_id": "Partner",
    "name": "Name",
    "kind": "Kind",
    "written": "As written",
    "name_as_written": "Name as written",
    "stage": "Stage",
    "quote": "Quote",
    "figure": "Figure",
}


# The reference tables the methods annex shows, and their columns of English prose: in another
# language each such text is shown through the catalog locale/<lang>/LC_MESSAGES/reference.po
# (msgid: the English as the table writes it). Other columns are quotes or values, kept as written.
REFERENCE_TABLES = {
    "sector_crosswalk": ["rationale"],
    "places": ["rationale"],
    "cluster_aliases": ["rationale"],
    "cluster_events": ["evidence"],
    "status_crosswalk": ["rationale"],
    "field_precedence": ["rationale"],
    "snapshot_2014": ["rationale"],
    "partners": ["rationale"],
    "partner_aliases": ["rationale"],
    "prose_values": ["rationale"],
}


def untranslated(path: str | Path, lang: str, prose: list[str]) -> list[str]:
    """The English texts of a reference table's ``prose`` columns that ``lang``'s reference
    catalog lacks (none in English)."""
    if lang == i18n.SOURCE_LANGUAGE:
        return []
    table, known = read_csv(path), i18n.messages(lang, i18n.REFERENCE_DOMAIN)
    texts = [t for c in prose for t in table[c] if isinstance(t, str) and t.strip()]
    return sorted({t for t in texts if t not in known})


# Table patterns of field_precedence.csv and status_crosswalk.csv, as a reader names them.
TABLE_PATTERNS = {
    "*": "any",
    "carte-*": "Carte des clusters",
    "list-*": "lists of the country chapters",
}


def table_shown(value, lang: str):
    """A table id or pattern of a reference table as the reader names it."""
    if not isinstance(value, str) or not value:
        return value
    if value in TABLE_PATTERNS:
        return i18n.localise(TABLE_PATTERNS[value], lang)
    if value not in i18n.TABLE_NAMES:
        raise ValueError(f"table {value!r} has no reader's name: add it to i18n.TABLE_NAMES")
    return i18n.table_name(value, lang)


def named(table: pd.DataFrame, names: dict[str, dict[str, str]], path) -> pd.DataFrame:
    """The table with its id columns (``names``: column -> id -> name) showing names: a
    reader finds a cluster or a partner by its name, not by an internal id."""
    out = table.copy()
    for column, by_id in names.items():
        if column not in out.columns:
            continue
        unknown = sorted({v for v in out[column] if isinstance(v, str) and v and v not in by_id})
        if unknown:
            raise ValueError(f"{path}: {column} {unknown[0]!r} is not a known id")
        out[column] = [by_id.get(v, v) if isinstance(v, str) else v for v in out[column]]
    return out


def reference_markdown(
    path: str | Path,
    lang: str,
    columns: list[str] | None = None,
    prose: list[str] = (),
    names: dict[str, dict[str, str]] | None = None,
) -> str:
    """A reference table as a Markdown pipe table, its headers and coded values in ``lang``,
    its ``prose`` columns (rationales) in ``lang`` through the reference catalog, and every
    source named as the bibliography names it. A rationale without its translation (an
    analyst's new or corrected row) is shown as written, marked as not yet translated, and
    named on the console with the tool that adds its translation; tests/test_localisation.py
    fails until it has one."""
    table = read_csv(path)
    table = table[columns] if columns else table
    if missing := untranslated(path, lang, prose):
        rows = [
            str(i + 2)  # the CSV's line: its header is line 1
            for c in prose
            for i, t in enumerate(table[c])
            if isinstance(t, str) and t in missing
        ]
        print(
            f"WARNING: {path}: {len(missing)} rationale(s) (line(s) {', '.join(rows)}) have no "
            f"{lang} text in {i18n.catalog_path(lang, i18n.REFERENCE_DOMAIN)}: the {lang} "
            "edition shows them as written, marked as not yet translated. To translate them: "
            "python tools/reference_po.py --list, then python tools/reference_po.py FILE.tsv",
            file=sys.stderr,
        )
    if lang != i18n.SOURCE_LANGUAGE:
        known = i18n.messages(lang, i18n.REFERENCE_DOMAIN)
        marker = i18n.gettext("(not yet translated)", lang)
        for c in prose:
            table[c] = [
                (known.get(t) or f"{t} {marker}") if isinstance(t, str) and t.strip() else t
                for t in table[c]
            ]
    table = named(table, names or {}, path)
    if "table_id" in table.columns:
        table["table_id"] = [table_shown(v, lang) for v in table["table_id"]]
    if "field" in table.columns:
        # a dataset field by its reader's name ('SMEs', not 'members_smes')
        table["field"] = [
            field_name(v, lang) if isinstance(v, str) and v not in ("", "*") else v
            for v in table["field"]
        ]
    if lang != i18n.SOURCE_LANGUAGE and "name_en" in table.columns:
        # another edition names a place in its own language (name_fr), not in English
        table = table.drop(columns="name_en")
    # '*' (a rule's wildcard) reads 'any'
    table = table.map(lambda v: i18n.localise("any", lang) if v == "*" else v)
    shown = table.rename(columns={c: REFERENCE_HEADERS.get(c, c) for c in table.columns})
    shown = localised(shown, lang) if i18n.translates(lang) else shown
    for column in AS_WRITTEN + IDS:
        # ids are not quantities (a GeoNames id is written 2507480, not 2 507 480), and a
        # source's words are not translated (a sector or status as written, a quote)
        if column in table.columns:
            header = i18n.localise(REFERENCE_HEADERS.get(column, column), lang)
            shown[header] = [v if isinstance(v, str) else "" for v in table[column]]
    return to_markdown(shown.map(lambda v: i18n.readable(v, lang)))


# Columns of the reference tables that hold a source's words or ids: shown as they are, never
# translated nor written as numbers. (A place keeps going through the catalog: the French
# edition writes Gabès where a source wrote Gabes.)
AS_WRITTEN = ["alias", "name_as_written", "written", "quote", "sector_text", "status_text"]
IDS = ["geonames_id", "named", "covers"]


def build_info_markdown(
    sources_yaml: str | Path, packages: list[str], commit: str = "unknown", lang: str | None = None
) -> str:
    """The code version (the last git commit that changed what the build reads,
    clusters_maghreb.version) and the sources' sha256 the report was built from, and the
    software that built it."""
    meta = load_sources(sources_yaml)
    names = short_names(sources_yaml)
    # each source by its name and the file the hash is of, not by its id
    sources = pd.DataFrame(
        {
            "Source": [names[s["id"]] for s in meta],
            "File": [s["file"] for s in meta],
            "Published": [str(s["date_published"]) for s in meta],
            "sha256": [s["sha256"] for s in meta],
        }
    )
    software = pd.DataFrame(
        [
            ("clusters-maghreb (last commit of the pipeline)", commit),
            ("python", platform.python_version()),
        ]
        + [(p, version(p)) for p in packages],
        columns=["Software", "Version"],
    )
    if lang is not None and i18n.translates(lang):
        versions = list(software["Version"])  # '1.17' is a version, not a decimal
        if commit.endswith(LOCAL_CHANGES):  # in this language
            versions[0] = commit.removesuffix(LOCAL_CHANGES) + i18n.gettext(LOCAL_CHANGES, lang)
        sources, software = localised(sources, lang), localised(software, lang)
        software[software.columns[1]] = versions
    return to_markdown(sources) + "\n" + to_markdown(software)


CONTEXT_HEADERS = {
    "en": {
        "ecosystem_type": "Type of ecosystem",
        "origin": "Origin",
        "count": "Number",
        "counted": "What is counted",
        "kind": "Kind",
        "key": "Key",
        "meaning": "Meaning",
        "line_start": "Line",
        "name": "Name",
        "sector": "Sector",
        "place": "Place",
    },
    "fr": {
        "ecosystem_type": "Type d'écosystème",
        "origin": "Origine",
        "count": "Nombre",
        "counted": "Ce qui est compté",
        "kind": "Nature",
        "key": "Clé",
        "meaning": "Signification",
        "line_start": "Ligne",
        "name": "Nom",
        "sector": "Secteur",
        "place": "Lieu",
    },
}


def context_markdown(df: pd.DataFrame, columns: list[str], lang: str) -> str:
    """A table the chapters show as the source gives it, headers in the report's language."""
    table = df[columns].map(lambda v: i18n.localise(v, lang))
    return to_markdown(table.rename(columns=CONTEXT_HEADERS[lang]))


def write_context_tables(processed: Path, extracted: Path, out: Path, lang: str) -> None:
    ecosystems = read_csv(processed / "ecosystems.csv")
    write_atomic(
        out / "tbl-ecosystems.md",
        context_markdown(
            ecosystems, ["ecosystem_type", "origin", "count", "counted", "line_start"], lang
        ),
    )
    legend = read_csv(extracted / "ipemed-2019" / "carte-legend.csv")
    legend = legend[legend["country"] == "MA"]
    write_atomic(
        out / "tbl-legend.md",
        context_markdown(legend, ["kind", "key", "meaning", "line_start"], lang),
    )
    mr = read_csv(extracted / "ipemed-2019" / "list-mr-projects.csv")
    write_atomic(
        out / "tbl-mr-projects.md",
        context_markdown(mr, ["kind", "name", "sector", "place", "count", "line_start"], lang),
    )


PEOPLE = {
    "en": {
        "country": {"MA": "Morocco", "DZ": "Algeria", "TN": "Tunisia", "FR": "France"},
        "name": "Name",
        "affiliation": "Role and organisation, as the study gives them",
        "line": "Line",
    },
    "fr": {
        "country": {"MA": "Maroc", "DZ": "Algérie", "TN": "Tunisie", "FR": "France"},
        "name": "Nom",
        "affiliation": "Fonction et organisme, tels que l'étude les donne",
        "line": "Ligne",
    },
}
# The study's own countries first, then its partners'.
PEOPLE_ORDER = ["MA", "DZ", "TN", "FR"]


def people_markdown(people: pd.DataFrame, lang: str) -> str:
    """Annex 1: the people the study met, by country, each as the study lists them."""
    words = PEOPLE[lang]
    unknown = set(people["country_code"]) - set(PEOPLE_ORDER)
    if unknown:
        raise ValueError(f"annex-1-people: no heading for the countries {sorted(unknown)}")
    out = []
    for code in PEOPLE_ORDER:
        group = people[people["country_code"] == code]
        if group.empty:
            continue
        out.append(f"### {words['country'][code]} {{.unnumbered #people-{code.lower()}}}\n")
        table = pd.DataFrame(
            {
                words["name"]: group["title"] + " " + group["name"],
                words["affiliation"]: group["affiliation"],
                words["line"]: group["line_start"].astype(int),
            }
        )
        out.append(to_markdown(table))
    return "\n".join(out)


def write_annexes(
    processed_dir,
    extracted_dir,
    reference_dir,
    sources_yaml,
    out_dir,
    lang: str,
    commit: str = "unknown",
) -> None:
    processed, ref, out = Path(processed_dir), Path(reference_dir), Path(out_dir)
    i18n.use_source_names(short_names(sources_yaml))
    precedence = load_precedence(ref / "field_precedence.csv")
    clusters = read_csv(processed / "clusters.csv")
    observations = read_csv(processed / "observations.csv")
    cards = read_csv(Path(extracted_dir) / "ipemed-2019" / "cards.csv")
    profiles = profiles_markdown(
        cards,
        read_csv(Path(extracted_dir) / "ipemed-2019" / "card-fields.csv"),
        clusters,
        observations,
        read_csv(processed / "snapshots.csv"),
        lang,
    )
    # the cards cite their sources by name and line, as the bibliography names them
    write_atomic(out / "annex-cards.md", i18n.readable(profiles, lang))
    carded = set(observations.loc[observations["table_id"] == "cards", "cluster_id"])
    snapshots = read_csv(processed / "snapshots.csv")
    labels = {
        code: f"{code} {label}"
        for code, label in zip(snapshots["sector_code"], snapshots["sector_label"], strict=True)
        if code
    }
    others = cards_markdown(
        clusters[~clusters["cluster_id"].isin(carded)],
        observations,
        precedence,
        lang,
        labels,
        dict(zip(clusters["cluster_id"], clusters["name"], strict=True)),
    )
    write_atomic(out / "annex-other-clusters.md", others)
    people = read_csv(Path(extracted_dir) / "ipemed-2019" / "annex-1-people.csv")
    write_atomic(out / "annex-people.md", people_markdown(people, lang))
    cluster_names = dict(zip(clusters["cluster_id"], clusters["name"], strict=True))
    partners = read_csv(ref / "partners.csv")
    ids = {
        "cluster_id": cluster_names,
        "other_cluster_id": cluster_names,
        "partner_id": dict(zip(partners["partner_id"], partners["name"], strict=True)),
    }
    for name, prose in REFERENCE_TABLES.items():
        table = read_csv(ref / f"{name}.csv")
        # partners.csv has each partner's name beside its id: the id column is not shown
        shown = [c for c in table.columns if not (name == "partners" and c == "partner_id")]
        write_atomic(
            out / f"annex-{name.replace('_', '-')}.md",
            reference_markdown(ref / f"{name}.csv", lang, shown, prose, ids),
        )
    packages = ["snakemake", "pandas", "matplotlib", "papermill", "pypandoc_binary", "typst"]
    write_atomic(out / "annex-build.md", build_info_markdown(sources_yaml, packages, commit, lang))
    write_context_tables(processed, Path(extracted_dir), out, lang)
