"""errajaoui-nokairi-2023: Tables 1-3 and the cluster lists and figures of its prose."""

from __future__ import annotations

import re

from clusters_maghreb.extract.pipe_table import PipeRow, read_pipe_table
from clusters_maghreb.extract.prose_list import sentence_at
from clusters_maghreb.extract.raw_source import RawSource
from clusters_maghreb.extract.records import make_table
from clusters_maghreb.extract.registry import Extracted

SOURCE_ID = "errajaoui-nokairi-2023"

# table_id -> (caption regex, header cells as printed, our column names)
PIPE_TABLES = {
    "table-1": (
        r"^\*\*Table 1 : Overview of the different competitive ecosystems",
        ["Ecosystem type", "Origin", "Definition", "Benefits", "Total number"],
        ["ecosystem_type", "origin", "definition", "benefits", "total_number"],
    ),
    "table-2": (
        r"^\*\*Table 2 : Mapping the structural characteristics",
        [
            "Name",
            "Creation year",
            "Sector",
            "Geographic perimeter",
            "Vocation",
            "Governance system",
            "Financing system",
            "Labeling",
        ],
        [
            "name",
            "creation_year",
            "sector",
            "geographic_perimeter",
            "vocation",
            "governance_system",
            "financing_system",
            "labeling",
        ],
    ),
    # Kept wide, as printed: one row per cluster, one column per lever, the mark as written
    # ("×" ticked, "" blank, "-" no answer). Turning it into lever x cluster pairs is reshaping,
    # which belongs to normalisation.
    "table-3": (
        r"^\*\*Table 3 : Moroccan cluster intervention levers",
        [
            "Clusters",
            "Innovation development R&D",
            "Cooperation & synergy development",
            "Skills development",
            "Infrastructure development",
            "International development",
            "Accessing subsidies and incentives",
            "Governance and integrated practices",
        ],
        [
            "cluster",
            "innovation_development_rd",
            "cooperation_synergy_development",
            "skills_development",
            "infrastructure_development",
            "international_development",
            "accessing_subsidies_incentives",
            "governance_integrated_practices",
        ],
    ),
}
LEVER_MARKS = {"×", "", "-"}

# The sampling section states the size of the sample that Tables 2 and 3 describe.
SAMPLE_RX = r"a total of (\d+) operational clusters"

NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}


def _records(src: RawSource, rows: list[PipeRow], columns: list[str]) -> list[dict]:
    out = []
    for row in rows:
        if not row.cells[0]:
            raise src.error(row.line, "a name in the first cell", repr(src.line(row.line)))
        out.append(
            {
                "line_start": row.line,
                "line_end": row.line,
                **dict(zip(columns, row.cells, strict=True)),
                "raw_text": src.line(row.line),
            }
        )
    return out


def sample_size(src: RawSource) -> tuple[int, int]:
    """The number of clusters the sampling section announces, and its line."""
    n = src.find(SAMPLE_RX, what=f"the sentence announcing the sample /{SAMPLE_RX}/")
    return int(re.search(SAMPLE_RX, src.line(n))[1]), n


def extract_pipe(src: RawSource, table_id: str) -> Extracted:
    caption, header, columns = PIPE_TABLES[table_id]
    rows = read_pipe_table(src, caption, header)
    records = _records(src, rows, columns)
    if table_id == "table-1":
        return Extracted(make_table(SOURCE_ID, table_id, records))
    if table_id == "table-2":
        for row in rows:
            if not re.fullmatch(r"\d{4}", row.cells[1]):
                raise src.error(row.line, "a 4-digit creation year", repr(row.cells[1]))
    else:
        for row in rows:
            for cell in row.cells[1:]:
                if cell not in LEVER_MARKS:
                    raise src.error(
                        row.line, f"a lever mark among {sorted(LEVER_MARKS)}", repr(cell)
                    )
    announced, at = sample_size(src)
    if len(rows) != announced:
        raise src.error(
            src.find(caption, what="the caption"),
            f"{announced} rows, the {announced} clusters announced at line {at}",
            f"{len(rows)} rows",
        )
    note = f"the sample of {announced} clusters announced at line {at}"
    return Extracted(make_table(SOURCE_ID, table_id, records), announced=announced, note=note)


PILOT_RX = re.compile(
    r"identified (?P<count>\w+) pilot clusters.*?These are the following sectors: (?P<list>[^.]+)\."
)


def extract_pilot_clusters(src: RawSource) -> Extracted:
    """The pilot clusters of the 1995 Competitive Morocco Plan, named by their sector."""
    n = src.find(PILOT_RX.pattern, what="the sentence naming the pilot clusters of 1995")
    m = PILOT_RX.search(src.line(n))
    announced = NUMBER_WORDS.get(m["count"].lower())
    sectors = [s.strip() for s in m["list"].split(",")]
    if announced is None or len(sectors) != announced or not all(sectors):
        raise src.error(n, f"{m['count']} pilot cluster sectors", f"{sectors}")
    records = [
        {"line_start": n, "line_end": n, "sector": s, "raw_text": src.line(n)} for s in sectors
    ]
    return Extracted(
        make_table(SOURCE_ID, "pilot-clusters-1995", records),
        announced=announced,
        note="the pilot clusters of the Competitive Morocco Plan (1995), named by sector",
    )


CREATION_RX = re.compile(r"These clusters are : (?P<list>.+)\.$")
CREATION_ITEM_RX = re.compile(
    r"(?P<acronym>[A-Z]+) \((?P<name>[^)]+)\),? "
    r"(?P<activity>(?:specialized in|dedicated to) [^,]+?)"
    r"(?= and [A-Z]+ \(|$)"
)


def extract_clusters_in_creation(src: RawSource) -> Extracted:
    """Clusters the authors found still in creation, outside the sample of 17."""
    n = src.find(CREATION_RX.pattern, what="the list of clusters in the creation phase")
    text = CREATION_RX.search(src.line(n))["list"]
    items = list(CREATION_ITEM_RX.finditer(text))
    # Every character of the list must belong to an item or to the " and " between two.
    rest = CREATION_ITEM_RX.sub("", text).replace(" and ", "").strip()
    if not items or rest:
        raise src.error(n, "items 'ACRONYM (name) specialized in/dedicated to ...'", repr(rest))
    records = [
        {
            "line_start": n,
            "line_end": n,
            "acronym": m["acronym"],
            "name": m["name"],
            "activity": m["activity"],
            "raw_text": src.line(n),
        }
        for m in items
    ]
    return Extracted(
        make_table(SOURCE_ID, "clusters-in-creation", records),
        note="in the creation phase and not yet operational, by the authors' estimate",
    )


# Cluster-level figures of the prose: (anchor with the figure as group "fig", unit, what).
# Each anchor must match exactly one line. Figures about other countries (Lefevre's 62%,
# Achermann's 25 Russian territories) and about the economy at large (90% of TPMEs) are
# left out: they are not facts about Moroccan clusters.
FIGURES = [
    (
        r"a total of (?P<fig>17) operational clusters",
        "clusters",
        "operational clusters identified (the sample)",
    ),
    (
        r"organized and developed since (?P<fig>2010)",
        "year",
        "year since which the sampled clusters were organised and developed",
    ),
    (
        r"the clusters created since (?P<fig>2020) operate",
        "year",
        "clusters created since then operate in purely technological fields",
    ),
    (
        r"characterize (?P<fig>90%) of clusters",
        "% of clusters",
        "share of clusters characterised by their mode of governance and financing",
    ),
    (
        r"(?P<fig>more than 90%) of our sample enjoy private governance",
        "% of the sample",
        "share of the sample with private governance",
    ),
    (
        r"(?P<fig>approximately 80%) of the clusters have a management team",
        "% of clusters",
        "share of clusters whose management team has at most 5 members",
    ),
    (
        r"management team that does not exceed (?P<fig>5) members",
        "members",
        "largest management team of those clusters",
    ),
    (
        r"since the creation of the cluster vary between (?P<fig>5 and 30)",
        "international partnerships",
        "range of international partnerships per cluster since its creation",
    ),
    (
        r"(?P<fig>63%) of the clusters have a number of partners",
        "% of clusters",
        "share of clusters with 15 to 40 partners (member companies excluded)",
    ),
    (
        r"number of partners ranging between (?P<fig>15 and 40)",
        "partners",
        "range of partners of those clusters",
    ),
    (
        r"(?P<fig>38%) have a number of partners",
        "% of clusters",
        "share of clusters with at most 10 partners",
    ),
    (
        r"number of partners not exceeding (?P<fig>10) actors",
        "partners",
        "largest number of partners of those clusters",
    ),
    (
        r"(?P<fig>60%) of the clusters are located along",
        "% of clusters",
        "share located along the Casablanca, Settat, Rabat axis",
    ),
    (
        r"(?P<fig>30%) of the clusters are located in",
        "% of clusters",
        "share located in Safi, Marrakech and Agadir",
    ),
    (
        r"the remaining (?P<fig>10%) are located in",
        "% of clusters",
        "share located in Oujda, Fès and Meknès",
    ),
    (
        r"(?P<fig>65%) of the clusters are labeled",
        "% of clusters",
        "share labeled by the Ministry of Industry and Commerce",
    ),
    (
        r"except for (?P<fig>one) which is labeled by the Ministry of Agriculture",
        "clusters",
        "clusters labeled by the Ministry of Agriculture instead",
    ),
    (
        r"(?P<fig>18%) are in the process of being certified",
        "% of clusters",
        "share in the process of being certified",
    ),
    (
        r"(?P<fig>17%) are not currently certified",
        "% of clusters",
        "share not currently certified",
    ),
]

# A sentence ends at . ! or ? followed by a space and a capital or an opening quote.
SENTENCE_OPENER = r'[A-ZÀ-Ý«"]'


def extract_prose_figures(src: RawSource) -> Extracted:
    records = []
    for anchor, unit, what in FIGURES:
        found = src.find_all(anchor)
        if len(found) != 1:
            raise src.error(
                found[1] if found else None,
                f"one line matching /{anchor}/ ({what})",
                f"{len(found)} such lines",
            )
        n = found[0]
        m = re.search(anchor, src.line(n))
        records.append(
            {
                "line_start": n,
                "line_end": n,
                "figure": m["fig"],
                "unit": unit,
                "what": what,
                "sentence": sentence_at(src.line(n), m.start("fig"), SENTENCE_OPENER),
                "raw_text": src.line(n),
            }
        )
    return Extracted(
        make_table(SOURCE_ID, "prose-figures", records),
        note="cluster-level figures stated in the prose, as written; not checked against Table 2",
    )


TABLES = {
    **{tid: (lambda src, tid=tid: extract_pipe(src, tid)) for tid in PIPE_TABLES},
    "pilot-clusters-1995": extract_pilot_clusters,
    "clusters-in-creation": extract_clusters_in_creation,
    "prose-figures": extract_prose_figures,
}
