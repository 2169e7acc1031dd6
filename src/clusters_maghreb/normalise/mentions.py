"""Every extracted cell that names a cluster, as one *mention* row (docs/schema.md).

``MENTION_SPECS`` declares, once, which tables and columns name clusters; ``NO_MENTIONS``
says why every other extracted table names none. A table in neither stops the build, so a new
extractor cannot be silently left out of entity resolution.

``mention_id`` is ``<source_id>:<table_id>:<row>:<column>`` (row: 0-based row of the CSV). A
cell holding several names (``split``) gives one mention per name, ``<column>.<k>`` with ``k``
the 0-based position of the name in the cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from clusters_maghreb.errors import SourceLayoutError
from clusters_maghreb.extract.ipemed_2019_mentions import Prose
from clusters_maghreb.extract.raw_source import RawSource
from clusters_maghreb.io import read_csv
from clusters_maghreb.sources import load_sources

COLUMNS = [
    "mention_id",
    "source_id",
    "table_id",
    "line_start",
    "line_end",
    "country",
    "reference_year",
    "name",
    "location",
    "raw_text",
]

# Country cells as the sources write them.
COUNTRY_NAMES = {
    "MA": "MA",
    "DZ": "DZ",
    "TN": "TN",
    "MR": "MR",
    "LY": "LY",
    "Maroc": "MA",
    "Algérie": "DZ",
    "Tunisie": "TN",
    "Mauritanie": "MR",
    "Libye": "LY",
}
CHAPTER = "chapter"  # country of the ipemed-2019 chapter holding the line the row cites


@dataclass(frozen=True)
class MentionSpec:
    """Which cells of one extracted table name a cluster.

    ``country`` is an ISO code, ``"column:<name>"`` (a country cell, see COUNTRY_NAMES) or
    CHAPTER; ``location`` the columns whose first non-empty cell says where the cluster is;
    ``pattern`` a regex whose group ``name`` is the part of the cell naming the cluster;
    ``rows`` keeps only the rows whose cell is one of the given values, ``why`` says why the
    rows or columns left out name no cluster.
    """

    columns: tuple[str, ...]
    country: str
    location: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()  # columns that may be empty (the row then names no cluster)
    pattern: str | None = None
    split: str | None = None
    rows: dict[str, tuple[str, ...]] = field(default_factory=dict)
    why: str = ""


CARTE = MentionSpec(("cluster",), "", ("territoire_enracine", "territoire_construit"))

MENTION_SPECS: dict[tuple[str, str], MentionSpec] = {
    ("ipemed-2019", "carte-ma"): replace(CARTE, country="MA"),
    ("ipemed-2019", "carte-dz"): replace(CARTE, country="DZ"),
    ("ipemed-2019", "carte-tn"): replace(CARTE, country="TN"),
    ("ipemed-2019", "list-ma-contract-clusters"): MentionSpec(("cluster",), "MA", ("place",)),
    ("ipemed-2019", "list-ma-mergers"): MentionSpec(("absorbed", "absorbing"), "MA"),
    ("ipemed-2019", "list-dz-constituted"): MentionSpec(
        ("cluster", "name"), "DZ", optional=("name",)
    ),
    ("ipemed-2019", "list-dz-emerging"): MentionSpec(
        ("cluster", "name"), "DZ", ("place",), optional=("name",)
    ),
    ("ipemed-2019", "list-dz-afd-projects"): MentionSpec(
        ("sector",),
        "DZ",
        ("place",),
        why="note 33 (line 627): three AFD-supported cluster projects named by sector and city; "
        "the sector is the only name they have",
    ),
    ("ipemed-2019", "list-tn-category-members"): MentionSpec(
        ("cluster",),
        "TN",
        why="attached_to and pole name technopoles and competitiveness poles, not clusters",
    ),
    ("ipemed-2019", "list-tn-pcb-clusters"): MentionSpec(("cluster",), "TN", ("place",)),
    ("ipemed-2019", "list-tn-forming"): MentionSpec(("cluster",), "TN"),
    ("ipemed-2019", "list-mr-projects"): MentionSpec(
        ("name",),
        "MR",
        ("place",),
        rows={"kind": ("projet de cluster",)},
        why="the 'programme de technopoles pilotes' (line 888) announces 5 technopoles, none named",
    ),
    ("ipemed-2019", "annex-list"): MentionSpec(
        ("name",), "column:country", why="card_title repeats the title of the card (cards)"
    ),
    ("ipemed-2019", "cards"): MentionSpec(
        ("name",),
        "column:country",
        ("location",),
        why="card_title is name plus acronym; list_name repeats the Annex 2 list (annex-list)",
    ),
    ("ipemed-2019", "prose-creative"): MentionSpec(
        ("item",),
        "column:country",
        ("city",),
        rows={"list": ("selected",)},
        why="the 'potential' rows (notes 26 and the like, lines 503, 656, 842) are trades in a "
        "city that UNIDO's Creative Mediterranean survey found could become clusters "
        "('Clusters potentiels'): unorganised, unnamed, and not on the Carte; the two "
        "'selected' per country are the clusters on the Carte",
    ),
    ("ipemed-2019", "prose-partnerships"): MentionSpec(
        ("cluster_a",),
        "column:country_a",
        rows={"country_a": ("Maroc", "Algérie", "Tunisie", "Mauritanie", "Libye")},
        why="partner_b is always a cluster or network outside the Maghreb (France, Italie) or "
        "Maroc Cluster, the federation of Moroccan clusters; row 0 (line 954) is a convention "
        "between France Clusters and Maroc Cluster, two networks",
    ),
    ("ipemed-2019", "prose-figures"): MentionSpec(
        ("about",),
        "column:country",
        optional=("about",),
        split="; ",
        why="rows with an empty 'about' are figures about a country or the study, not a cluster",
    ),
    ("ipemed-2019", "refs-2014"): MentionSpec(
        ("clusters",),
        CHAPTER,
        optional=("clusters",),
        split="; ",
        why="rows with an empty 'clusters' refer to the 2014 study without naming a cluster",
    ),
    ("moroccan-clusters-2020", "table-2"): MentionSpec(
        ("cluster_year",),
        "MA",
        ("region",),
        # "Morocco Numeric Cluster / November 2010", "Solar cluster 2017": name, then the year
        pattern=r"^(?P<name>.+?)\s*(?:/\s*(?:[A-Za-z]+\s+)?)?\d{4}$",
    ),
    ("ecomnews-2020", "clusters"): MentionSpec(
        ("name",), "MA", why="item is name plus acronym; acronym is in the registry"
    ),
    ("errajaoui-nokairi-2023", "table-2"): MentionSpec(("name",), "MA"),
    ("errajaoui-nokairi-2023", "table-3"): MentionSpec(("cluster",), "MA"),
    ("errajaoui-nokairi-2023", "clusters-in-creation"): MentionSpec(
        ("name",), "MA", why="acronym (MTI, COER) is in the registry"
    ),
}

NO_MENTIONS: dict[tuple[str, str], str] = {
    ("ipemed-2019", "carte-legend"): "the legend of the three Cartes: sector codes, statuses, "
    "territory kinds",
    ("ipemed-2019", "list-ma-expected"): "the expected clusters are named by sector only: "
    "tourism 'sur la base de huit territoires' (line 485) is a sector to be clustered, no "
    "cluster; the two automobile clusters (line 487) are told apart by speciality (plasturgie, "
    "batteries) with no city, while the Carte (522-523) tells its two 'Cluster Automobile' "
    "apart by city with no speciality: no source pairs them, so neither row can be given one "
    "of ma-automobile-tanger / ma-automobile-casablanca without guessing",
    ("ipemed-2019", "list-ma-contract-indicators"): "the four indicators a cluster under "
    "contract commits to (13 in 2014, 'ramenés à 4', line 384): about every contract, no cluster",
    ("ipemed-2019", "list-tn-poles"): "competitiveness poles and technopoles, which host "
    "clusters ('incubateurs de clusters', line 703) but are not clusters",
    ("ipemed-2019", "list-tn-categories"): "the three categories of Tunisian clusters; their "
    "members are in list-tn-category-members",
    ("ipemed-2019", "card-fields"): "label/value pairs of the Annex 2 cards; the card's "
    "cluster is mentioned once by cards",
    ("ipemed-2019", "annex-1-people"): "the people the study met (Annex 1); the bodies they "
    "work for are named as written, not resolved to clusters",
    ("ipemed-2019", "card-cooperations"): "partner is a piece of text as written (not "
    "cleaned) mixing foreign clusters, networks, countries and phrases; the few Maghreb "
    "clusters in it (CE3M, C2TM, EMC, Cluster Solaire at 1191-1219, AHP, Agrinova at 1246, "
    "'les clusters CMT et Santé' 1363, 'C2TM (Maroc)' 1364) are links between clusters for "
    "the partnerships table, not mentions of the card's cluster, which cards already gives",
    ("moroccan-clusters-2020", "table-3"): "six anonymised clusters 'Cluster 1' to 'Cluster "
    "6' (after El Waatmani & Makhtari, 2019): no name to resolve",
    ("ecomnews-2020", "figures"): "figures of the article; the cluster they are about (CE3M, "
    "the two creative clusters) is in the extractor's free-text 'what', not a name cell",
    ("errajaoui-nokairi-2023", "table-1"): "types of competitive ecosystems (industrial zones, "
    "technoparks, ...), not clusters",
    ("errajaoui-nokairi-2023", "pilot-clusters-1995"): "the 1995 pilot clusters of the "
    "Competitive Morocco Plan are named by sector only (tourism, textiles, seafood, "
    "electronics), no name, city or year that could tie them to a cluster of the registry",
    ("errajaoui-nokairi-2023", "prose-figures"): "figures about the sample of 17 clusters as a "
    "whole (shares, ranges), none about one named cluster",
}


def extracted_tables(extracted_dir: str | Path) -> dict[tuple[str, str], Path]:
    """(source_id, table_id) -> CSV path of every extracted table (manifests left out)."""
    return {
        (p.parent.name, p.stem): p
        for p in sorted(Path(extracted_dir).glob("*/*.csv"))
        if not p.name.startswith("manifest")
    }


def check_declared(tables) -> None:
    """Every extracted table is declared exactly once, and every declaration has its table."""
    both = set(MENTION_SPECS) & set(NO_MENTIONS)
    undeclared = set(tables) - set(MENTION_SPECS) - set(NO_MENTIONS)
    missing = (set(MENTION_SPECS) | set(NO_MENTIONS)) - set(tables)
    problems = [f"{s}/{t}: in both MENTION_SPECS and NO_MENTIONS" for s, t in sorted(both)]
    problems += [
        f"{tables[k]}: extracted table in neither MENTION_SPECS nor NO_MENTIONS of "
        f"{__name__}; declare its cluster-name columns, or say why it names no cluster"
        for k in sorted(undeclared)
    ]
    problems += [f"{s}/{t}: declared in {__name__} but not extracted" for s, t in sorted(missing)]
    if problems:
        raise ValueError("mention declarations out of date:\n" + "\n".join(problems))


def _countries(spec: MentionSpec, df: pd.DataFrame, raw_path: Path) -> pd.Series:
    if spec.country == CHAPTER:
        prose = Prose(RawSource.read(raw_path))
        lines = df.get("called_from_line", df["line_start"]).where(lambda s: s != "")
        lines = lines.fillna(df["line_start"]).astype(int)
        return lines.map(lambda n: prose.chapter(n)[2])
    if spec.country.startswith("column:"):
        return df[spec.country.removeprefix("column:")].map(lambda c: COUNTRY_NAMES.get(c, ""))
    return pd.Series(spec.country, index=df.index)


def _names(spec: MentionSpec, column: str, cell: str) -> list[tuple[str, str]]:
    """(mention column, name) for the names in one cell."""
    if spec.split:
        return [(f"{column}.{k}", n.strip()) for k, n in enumerate(cell.split(spec.split))]
    return [(column, cell)]


def table_mentions(df: pd.DataFrame, spec: MentionSpec, year: str, raw_path: Path) -> list:
    for col, allowed in spec.rows.items():
        df = df[df[col].isin(allowed)]
    countries = _countries(spec, df, raw_path)
    out = []
    for row, rec in df.iterrows():
        line = int(rec["line_start"])
        location = next((rec[c] for c in spec.location if rec[c]), "")
        for column in spec.columns:
            if not rec[column]:
                if column in spec.optional:
                    continue
                raise SourceLayoutError(raw_path, line, f"a cluster name in {column}", "''")
            country = countries[row]
            if country not in ("MA", "DZ", "TN", "MR", "LY"):
                raise SourceLayoutError(raw_path, line, "one Maghreb country", repr(country))
            for mention_col, name in _names(spec, column, rec[column]):
                if spec.pattern:
                    m = re.match(spec.pattern, name)
                    if not m:
                        raise SourceLayoutError(raw_path, line, f"/{spec.pattern}/", repr(name))
                    name = m["name"]
                out.append(
                    {
                        "mention_id": f"{rec['source_id']}:{rec['table_id']}:{row}:{mention_col}",
                        "source_id": rec["source_id"],
                        "table_id": rec["table_id"],
                        "line_start": rec["line_start"],
                        "line_end": rec["line_end"],
                        "country": country,
                        "reference_year": year,
                        "name": name,
                        "location": location,
                        "raw_text": rec["raw_text"],
                    }
                )
    return out


def build_mentions(extracted_dir: str | Path, sources_yaml: str | Path) -> pd.DataFrame:
    """One row per cluster name in the extracted tables, in table then row order."""
    tables = extracted_tables(extracted_dir)
    check_declared(tables)
    sources = {s["id"]: s for s in load_sources(sources_yaml)}
    rows = []
    for key, spec in MENTION_SPECS.items():
        src = sources[key[0]]
        raw_path = Path(sources_yaml).parent / src["file"]
        rows += table_mentions(read_csv(tables[key]), spec, str(src["reference_year"]), raw_path)
    return pd.DataFrame(rows, columns=COLUMNS)
