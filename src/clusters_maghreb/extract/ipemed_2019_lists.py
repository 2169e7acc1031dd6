"""ipemed-2019: the lists written in the prose of the country chapters.

Morocco, Algeria, Tunisia, Mauritania. Libya names no cluster, technopole or project, so it has
no table. Creative and cultural clusters, cooperation, prose figures, references to the 2014
study, the 'Carte des clusters' tables and the Annex 2 cards are extracted elsewhere.
"""

from __future__ import annotations

import re

from clusters_maghreb.extract.prose_list import (
    Item,
    announced_count,
    bullet_items,
    check_count,
    clean,
    enumeration,
    find_match,
    first_sentence,
    sentence_at,
    sentence_span,
    split_top,
    strip_article,
    top_level_cuts,
)
from clusters_maghreb.extract.raw_source import RawSource
from clusters_maghreb.extract.records import make_table
from clusters_maghreb.extract.registry import Extracted

SOURCE_ID = "ipemed-2019"

# Chapter headings in document order; a chapter ends where the next one starts.
CHAPTERS = [
    ("MA", r"^LES CLUSTERS AU MAROC\s*$"),
    ("DZ", r"^LES CLUSTERS EN ALGERIE\s*$"),
    ("TN", r"^LES CLUSTERS EN TUNISIE\s*$"),
    ("MR", r"^LES CLUSTERS EN MAURITANIE ET LIBYE\s*$"),
    ("", r"^CONVERGENCES ET SPECIFICITES\s*$"),
]

PROPER_NAME = r"[A-ZÀ-Ý][\w'-]*(?: [A-ZÀ-Ý][\w'-]*)+"  # 'Algeria Digital Cluster'
STATUS = r"émergent|en projet"


def chapter(src: RawSource, country: str) -> tuple[int, int]:
    """First and last line of a country chapter."""
    codes = [c for c, _ in CHAPTERS]
    i = codes.index(country)
    start = src.find(CHAPTERS[i][1], what=f"the chapter heading /{CHAPTERS[i][1]}/")
    end = src.find(
        CHAPTERS[i + 1][1], start, what=f"the next chapter heading /{CHAPTERS[i + 1][1]}/"
    )
    return start, end - 1


def heading(src: RawSource, title: str, start: int, end: int) -> int:
    """The line holding exactly the heading ``title`` (a regex) within the chapter."""
    return src.find(rf"^{title}\s*$", start, end, what=f"the heading {title!r}")


def row(item: Item, **columns: str) -> dict:
    return {
        "line_start": item.line,
        "line_end": item.line,
        **columns,
        "footnotes": item.footnotes,
        "raw_text": item.raw_text,
    }


def parse(src: RawSource, item: Item, pattern: str, expected: str) -> re.Match[str]:
    """Match a whole item against ``pattern`` or raise, naming the item's line."""
    m = re.fullmatch(pattern, item.text)
    if m is None:
        raise src.error(item.line, f"an item like {expected}", repr(item.text))
    return m


def table(table_id: str, rows: list[dict], announced: int | None = None, note: str = ""):
    return Extracted(make_table(SOURCE_ID, table_id, rows), announced, note)


# --- Morocco ---------------------------------------------------------------------------------


def ma_contract_clusters(src: RawSource) -> Extracted:
    """The clusters under contract, one per priority sector ('11 en bénéficient aujourd'hui')."""
    start, end = chapter(src, "MA")
    head = heading(src, "Les clusters sous contrat de l'administration", start, end)
    count_line, m = find_match(
        src,
        r"\b(?P<n>\w+) en bénéficient aujourd'hui",
        head,
        end,
        what="the count of clusters under contract ('N en bénéficient aujourd'hui')",
    )
    announced = announced_count(src, count_line, m["n"], what="the clusters under contract")
    intro = src.find(
        r"^Dans chaque secteur prioritaire, on trouve au moins un cluster sous contrat",
        head,
        end,
        what="the sentence introducing the clusters under contract by priority sector",
    )
    items = bullet_items(src, intro, what="the clusters under contract by sector")
    check_count(src, count_line, announced, items, what="clusters under contract")
    rows = []
    for it in items:
        m = parse(
            src,
            it,
            r"(?P<sector>[^,]+), (?P<cluster>(?:le |la |les |l')?[A-ZÀ-Ý].+)",
            "'<priority sector>, le <cluster>'",
        )
        # 'le Cluster MENARA (...) de Marrakech': the city follows the bracketed long name.
        name = re.fullmatch(r"(?P<name>.+\)) de (?P<place>[A-ZÀ-Ý][\w-]+)", m["cluster"])
        rows.append(
            row(
                it,
                sector=m["sector"],
                cluster=strip_article(name["name"] if name else m["cluster"]),
                place=name["place"] if name else "",
            )
        )
    return table("list-ma-contract-clusters", rows, announced)


def ma_contract_indicators(src: RawSource) -> Extracted:
    """The cluster's commitments under contract: '13' objectives in 2014, 'ramenés à 4'."""
    start, end = chapter(src, "MA")
    n, m = find_match(
        src,
        r"initialement au nombre de (?P<before>\w+)\*?, ils ont par la suite été ramenés à "
        r"(?P<n>\w+)\. Ce sont : (?P<items>[^.]+)\.",
        start,
        end,
        what="the sentence listing the contract objectives ('ramenés à 4. Ce sont : ...')",
    )
    sentence = sentence_at(src.line(n), m.start("items"))
    items = [Item(n, text, "", sentence) for text in split_top(m["items"], r"\s*;\s*")]
    announced = announced_count(src, n, m["n"], what="the contract objectives")
    check_count(src, n, announced, items, what="contract objectives")
    before = announced_count(src, n, m["before"], what="the initial contract objectives")
    rows = [row(it, indicator=it.text, initially=str(before)) for it in items]
    return table(
        "list-ma-contract-indicators",
        rows,
        announced,
        f"{before} objectives at first (footnote: the 2014 study), reduced to {announced}",
    )


def ma_mergers(src: RawSource) -> Extracted:
    """'Plusieurs de ces clusters ont fusionné': absorbed cluster 'avec' absorbing cluster."""
    start, end = chapter(src, "MA")
    intro = src.find(
        r"^Plusieurs de ces clusters ont fusionné\s*:",
        start,
        end,
        what="the sentence 'Plusieurs de ces clusters ont fusionné :'",
    )
    rows = []
    for it in bullet_items(src, intro, what="the merged clusters"):
        m = parse(
            src, it, r"(?P<absorbed>.+?),? avec (?P<absorbing>.+)", "'<cluster> avec <cluster>'"
        )
        rows.append(
            row(
                it,
                absorbed=strip_article(m["absorbed"]),
                absorbing=strip_article(m["absorbing"]),
                intro=src.line(intro).strip(),
            )
        )
    return table(
        "list-ma-mergers",
        rows,
        note="the text says 'A, avec B'; A is read as merged into B, the cluster still under "
        "contract and on the Carte",
    )


def ma_expected(src: RawSource) -> Extracted:
    """'Des clusters attendus': one row per expected cluster, by its bold sector.

    A sector whose sentence announces 'N clusters, l'un dans X, l'autre dans Y' gives one row
    per named speciality, checked against N.
    """
    start, end = chapter(src, "MA")
    head = heading(src, "Des clusters attendus", start, end)
    stop = heading(src, "Des clusters des industries créatives et culturelles", head, end)
    rows = []
    for n in src.find_all(r"\*\*", head, stop):
        line = src.line(n)
        for m in re.finditer(r"\*\*(?:secteur )?(?P<sector>[^*]+)\*\*", line):
            sentence = sentence_at(line, m.start())
            it = Item(n, sentence, "", sentence)
            pair = re.search(r"\b(?P<n>\w+) clusters, (?P<items>l'un .+?), devrait", sentence)
            if not pair:
                rows.append(row(it, sector=m["sector"], speciality="", count_phrase=""))
                continue
            parts = [
                Item(n, re.sub(r"^l'(?:un|autre) dans ", "", p), "", sentence)
                for p in enumeration(pair["items"])
            ]
            check_count(
                src,
                n,
                announced_count(src, n, pair["n"], what=f"the {m['sector']} clusters"),
                parts,
                what=f"expected {m['sector']} clusters",
            )
            phrase = f"{pair['n']} clusters"
            rows += [
                row(p, sector=m["sector"], speciality=p.text, count_phrase=phrase) for p in parts
            ]
    if not rows:
        raise src.error(head, "sectors in bold under 'Des clusters attendus'", "none")
    return table(
        "list-ma-expected",
        rows,
        note="no total is announced; 'deux clusters' for the automobile sector is checked",
    )


# --- Algeria ---------------------------------------------------------------------------------


def dz_cluster_columns(src: RawSource, it: Item) -> dict[str, str]:
    """'Le Cluster du digital, Algeria Digital Cluster' -> cluster and proper name."""
    first, _ = first_sentence(it.text)
    m = re.fullmatch(rf"(?P<cluster>(?:Le |L')?Cluster .+?)(?:, ?(?P<name>{PROPER_NAME}))?", first)
    if m is None:
        raise src.error(it.line, "an item like 'Le Cluster ... [, Proper Name]'", repr(it.text))
    return {"cluster": strip_article(m["cluster"]), "name": m["name"] or ""}


def dz_constituted(src: RawSource) -> Extracted:
    """'Clusters constitués et actifs': four counted ('Ces quatre clusters'), then Bouira."""
    start, end = chapter(src, "DZ")
    head = heading(src, "Clusters constitués et actifs", start, end)
    intro = src.find(
        r"constitués et dotés d'une gouvernance, sont\S*\s*:",
        head,
        end,
        what="the sentence introducing the constituted clusters",
    )
    counted = bullet_items(src, intro, what="the constituted clusters")
    count_line, m = find_match(
        src,
        r"^(?P<phrase>Ces (?P<n>\w+) clusters) ont reçu le soutien",
        intro,
        end,
        what="the count 'Ces N clusters ont reçu le soutien'",
    )
    announced = announced_count(src, count_line, m["n"], what="the constituted clusters")
    check_count(src, count_line, announced, counted, what="constituted clusters")
    # The olive-oil cluster is a bullet of its own after the paragraph that counts the others.
    after = src.find(
        r"reposent sur des solidarités d'entrepreneurs à l'échelle nationale\.\s*$",
        count_line,
        end,
        what="the sentence ending the paragraph on the four constituted clusters",
    )
    more = bullet_items(src, after, what="the constituted agrifood cluster")
    rows = [row(it, **dz_cluster_columns(src, it), counted_by=m["phrase"]) for it in counted]
    rows += [row(it, **dz_cluster_columns(src, it), counted_by="") for it in more]
    return table(
        "list-dz-constituted",
        rows,
        note=f"'{m['phrase']}' counts the first bulleted list (checked); "
        "the olive-oil cluster of Bouira follows as a separate bullet under the same heading",
    )


PLACE_RX = re.compile(
    r"\b(?:à|dans) (?P<place>les régions du [^,(]+\([^)]*\)|[A-ZÀ-Ý][\w'-]*(?: [A-ZÀ-Ý][\w'-]*)*)"
)


def dz_emerging(src: RawSource) -> Extracted:
    """'Plusieurs clusters en phase d'émergence': 'Un cluster de X [à Ville][, Proper Name]'."""
    start, end = chapter(src, "DZ")
    head = heading(src, "Plusieurs clusters en phase d'émergence", start, end)
    intro = src.find(
        r"C'est le cas pour\s*:\s*$", head, end, what="the sentence 'C'est le cas pour :'"
    )
    rows = []
    for it in bullet_items(src, intro, what="the emerging clusters"):
        first, _ = first_sentence(it.text)
        if not first.startswith("Un cluster "):
            raise src.error(it.line, "an item like 'Un cluster de ...'", repr(it.text))
        cuts = top_level_cuts(first, r",\s+|\s+(?:à|dans)\s+")
        cluster = first[: cuts[0][0]] if cuts else first
        rest = first[cuts[0][1] :] if cuts else ""
        name = rest if re.fullmatch(PROPER_NAME, rest) else ""
        place = PLACE_RX.search(first[len(cluster) :])
        rows.append(
            row(
                it,
                cluster=strip_article(cluster),
                name=name,
                place=place["place"] if place else "",
            )
        )
    return table("list-dz-emerging", rows)


def dz_afd_projects(src: RawSource) -> Extracted:
    """The footnote: 'l'AFD a soutenu entre 2016 et 2019 trois projets de clusters dans : ...'."""
    start, end = chapter(src, "DZ")
    n, m = find_match(
        src,
        r"^\d+ - .*\(AFD\) a soutenu (?P<period>.+?) (?P<n>\w+) projets de clusters dans\s*:\s*"
        r"(?P<items>[^.]+)\.",
        start,
        end,
        what="the footnote on the cluster projects supported by the AFD",
    )
    sentence = sentence_at(src.line(n), m.start("items"))
    items = [Item(n, text, "", sentence) for text in enumeration(m["items"])]
    announced = announced_count(src, n, m["n"], what="the AFD-supported projects")
    check_count(src, n, announced, items, what="AFD-supported cluster projects")
    rows = []
    for it in items:
        p = parse(src, it, r"(?P<sector>.+?) à (?P<place>.+)", "'<sector> à <city>'")
        rows.append(row(it, sector=p["sector"], place=p["place"], period=m["period"]))
    return table("list-dz-afd-projects", rows, announced)


# --- Tunisia ---------------------------------------------------------------------------------

POLE_PLACE_RX = re.compile(r"^.*\b(?:de |d')(?P<place>[A-ZÀ-Ý][^()]*?)\s*(?:\([^)]*\))?$")


def tn_pole_items(src: RawSource) -> tuple[int, int, list[tuple[Item, re.Match[str]]]]:
    start, end = chapter(src, "TN")
    head = heading(src, "Les pôles de compétitivité, incubateurs de clusters", start, end)
    count_line, m = find_match(
        src,
        r"formé de (?P<n>\w+) technopoles et pôles de compétitivité",
        head,
        end,
        what="the count 'formé de N technopoles et pôles de compétitivité'",
    )
    announced = announced_count(src, count_line, m["n"], what="the technopoles and poles")
    intro = src.find(
        r"^Chaque pôle est défini par une implantation géographique et par un secteur",
        count_line,
        end,
        what="the sentence introducing the poles and their sectors",
    )
    items = bullet_items(src, intro, what="the technopoles and competitiveness poles")
    check_count(src, count_line, announced, items, what="technopoles and competitiveness poles")
    parsed = [
        (it, parse(src, it, r"(?P<pole>.+?) : (?P<sector>.+)", "'<pole> : <sector>'"))
        for it in items
    ]
    # The intro says all poles but one have a single sector: 'à l'exception d'un qui est
    # multisectoriel'.
    multi = [it for it, p in parsed if p["sector"] == "multisectoriel"]
    if len(multi) != 1:
        raise src.error(
            intro, "exactly one 'multisectoriel' pole, as the sentence says", f"{len(multi)}"
        )
    return count_line, announced, parsed


def pole_place(pole: str) -> str:
    m = POLE_PLACE_RX.match(pole)
    return m["place"] if m else ""


def tn_poles(src: RawSource) -> Extracted:
    _, announced, parsed = tn_pole_items(src)
    rows = [
        row(it, pole=p["pole"], place=pole_place(p["pole"]), sector=p["sector"]) for it, p in parsed
    ]
    return table("list-tn-poles", rows, announced)


# The three modes of emergence, the word that names each in the list, and the section that
# lists its members (heading, then the sentence introducing the bullets).
TN_CATEGORIES = [
    (
        r"pôles de compétitivité",
        "Les pôles de compétitivité, incubateurs de clusters",
        # The intro gives its items a status ('constitués'), which each of them then carries.
        r"^Les clusters (?P<status>constitués) qui bénéficient d'un appui de ces infrastructures "
        r"sont\s*:",
    ),
    (
        r"acteurs locaux",
        "Des clusters portés par une mobilisation et une stratégie locales",
        r"\bCes (?P<n>\w+) clusters \(voir en Annexe 2 les fiches correspondantes\) sont\s*:",
    ),
    (
        r"bailleurs de fonds",
        "Des clusters arrimés aux bailleurs de fonds institutionnels",
        r"\bLes clusters soutenus par la GIZ sont\s*:",
    ),
]


def tn_category_items(src: RawSource) -> tuple[int, list[Item]]:
    start, end = chapter(src, "TN")
    head = heading(src, "Les clusters tunisiens selon leur mode d'émergence", start, end)
    count_line, m = find_match(
        src,
        r"conduit à distinguer (?P<n>\w+) catégories de clusters\s*:",
        head,
        end,
        what="the sentence 'conduit à distinguer N catégories de clusters :'",
    )
    announced = announced_count(src, count_line, m["n"], what="the categories of clusters")
    items = bullet_items(src, count_line, what="the categories of Tunisian clusters")
    check_count(src, count_line, announced, items, what="categories of Tunisian clusters")
    for it, (key, _, _) in zip(items, TN_CATEGORIES, strict=True):
        if not re.search(key, it.text):
            raise src.error(it.line, f"a category about /{key}/ (in this order)", repr(it.text))
    return announced, items


def tn_categories(src: RawSource) -> Extracted:
    announced, items = tn_category_items(src)
    rows = [
        row(it, category=it.text, section=title)
        for it, (_, title, _) in zip(items, TN_CATEGORIES, strict=True)
    ]
    return table("list-tn-categories", rows, announced)


MEMBER_RX = (
    r"(?P<cluster>Le Cluster .+?|Plusieurs clusters)"
    r"(?:,? rattachés? au (?P<attached>.+?)(?: comme (?P<examples>.+))?)?"
    r"(?: pour (?P<sector>.+?))?"
    rf"(?: \((?P<status>{STATUS})\))?"
)


def tn_category_members(src: RawSource) -> Extracted:
    """The clusters each category section lists; attachments resolved to the ten poles."""
    start, end = chapter(src, "TN")
    _, categories = tn_category_items(src)
    _, _, poles = tn_pole_items(src)
    rows = []
    for category, (_, title, intro_rx) in zip(categories, TN_CATEGORIES, strict=True):
        head = heading(src, re.escape(title), start, end)
        intro, m = find_match(src, intro_rx, head, end, what=f"the list of clusters of {title!r}")
        items = bullet_items(src, intro, what=f"the clusters of {title!r}")
        said = m.groupdict().get("status") or ""  # the status the intro gives every item
        if "n" in m.groupdict():
            announced = announced_count(src, intro, m["n"], what=f"the clusters of {title!r}")
            check_count(src, intro, announced, items, what=f"clusters of {title!r}")
        for it in items:
            p = parse(src, it, MEMBER_RX, "'Le Cluster X[, rattaché au <pôle>][ pour <secteur>]'")
            pole = attached_pole(src, it, p["attached"], poles) if p["attached"] else ""
            names = enumeration(p["examples"], "ou") if p["examples"] else [p["cluster"]]
            for name in names:
                rows.append(
                    row(
                        it,
                        category=category.text,
                        cluster=strip_article(name),
                        sector=p["sector"] or "",
                        status=p["status"] or said,
                        attached_to=p["attached"] or "",
                        pole=pole,
                        listed_as="exemple" if p["examples"] else "",
                    )
                )
    return table(
        "list-tn-category-members",
        rows,
        note="'Ces trois clusters' (local mobilisation) is checked; the other two sections give "
        "no count; 'Plusieurs clusters ... comme A ou B' gives one row per example; the first "
        "section's intro calls its clusters 'constitués' (line 724): its items carry that status",
    )


def attached_pole(
    src: RawSource, it: Item, attached: str, poles: list[tuple[Item, re.Match[str]]]
) -> str:
    """The one pole of the list of ten whose city the attachment names ('... de Sousse')."""
    place = pole_place(attached)
    found = [p["pole"] for _, p in poles if place and place in pole_place(p["pole"]).split("/")]
    if len(found) != 1:
        raise src.error(
            it.line, f"one of the ten poles in {place or attached!r}", f"{len(found)}: {found}"
        )
    return found[0]


# A place written in a cluster's name: 'Le Cluster du Lait Ovin de Béja' -> 'Béja'. The name
# must end in 'de' and capitalised words with no article, as French names a town ('de Béja',
# 'de Bizerte'); 'de la Mer' and 'de l'Artichaut' name a product, not a place. A name is weaker
# evidence than a location the text states ('la chimie à Oran'), so this is read only in the
# PCB list (tn_pcb_clusters), whose items state no location: for the Cluster du Lait Ovin de
# Béja, 'en projet' and on no Carte or card, the name is the source's only word on where it
# is. Elsewhere the Carte, the cards and the lists' own 'à <ville>' give the places. In this
# source every other cluster whose name ends so is placed at that place by the Carte, but for
# the CBA ('... de Bejaïa'), which only its card places there (the Carte says Bordj Bou
# Arreridj); tests/normalise/test_observations.py checks it. The string then goes through
# data/reference/places.csv like any other: a capture that is no place has no row there and
# stops the build.
NAME_PLACE_RX = re.compile(r" de (?P<place>[A-ZÀ-Ý][\w'-]*(?: [A-ZÀ-Ý][\w'-]*)*)$")


def name_place(name: str) -> str:
    """The place a cluster's name ends with ('... de Béja'), or ''."""
    m = NAME_PLACE_RX.search(name)
    return m["place"] if m else ""


def tn_pcb_clusters(src: RawSource) -> Extracted:
    """The clusters the Pôle de Compétitivité de Bizerte set up or supports; ``place`` is the
    place written in the cluster's name (``name_place``): the list gives no other."""
    start, end = chapter(src, "TN")
    head = heading(src, r"LE PÔLE DE COMPÉTITIVITÉ DE BIZERTE \(PCB\) ET SES CLUSTERS", start, end)
    intro = src.find(
        r"^Le PCB s'est impliqué dans la mise en place et l'appui à plusieurs clusters\s*:",
        head,
        end,
        what="the sentence introducing the clusters of the PCB",
    )
    rows = []
    for it in bullet_items(src, intro, what="the clusters of the PCB"):
        p = parse(
            src,
            it,
            rf"(?P<cluster>Le Cluster .+?)(?: \((?P<status>{STATUS})\))?",
            "'Le Cluster X [(en projet)]'",
        )
        cluster = strip_article(p["cluster"])
        rows.append(row(it, cluster=cluster, place=name_place(cluster), status=p["status"] or ""))
    return table("list-tn-pcb-clusters", rows)


def tn_forming(src: RawSource) -> Extracted:
    """'Autres clusters en phase de constitution': 'Le Cluster X, cluster de <activité>'."""
    start, end = chapter(src, "TN")
    head = heading(src, "Autres clusters en phase de constitution", start, end)
    intro = src.find(
        r"^Ces clusters sont\s*:", head, end, what="the sentence 'Ces clusters sont :'"
    )
    rows = []
    for it in bullet_items(src, intro, what="the clusters being constituted"):
        p = parse(
            src,
            it,
            r"(?P<cluster>Le Cluster .+?), (?P<activity>cluster .+)",
            "'Le Cluster X, cluster de Y'",
        )
        rows.append(row(it, cluster=strip_article(p["cluster"]), activity=p["activity"]))
    return table("list-tn-forming", rows)


# --- Mauritania ------------------------------------------------------------------------------


def mr_projects(src: RawSource) -> Extracted:
    """The cluster project of Nouadhibou and the programme of pilot technopoles (not named)."""
    start, end = chapter(src, "MR")
    libya = heading(src, "Clusters en Libye", start, end)
    head = heading(src, "Un projet de cluster", start, libya)
    n, m = find_match(
        src,
        r"à savoir (?P<sector>.+?), qu'un projet \((?P<name>[^)]+)\) a été élaboré\.\s+"
        r"Situé à (?P<place>[^,.]+)",
        head,
        libya,
        what="the sentence naming the Mauritanian cluster project",
    )
    line = src.line(n)
    raw = line[sentence_span(line, m.start())[0] : sentence_span(line, m.start("place"))[1]]
    project = Item(n, raw, "", raw)
    rows = [
        row(
            project,
            kind="projet de cluster",
            name=clean(m["name"])[0],
            sector=clean(m["sector"])[0],
            place=m["place"],
            count="",
        )
    ]
    head = heading(src, "Un programme de technopoles pilotes", start, libya)
    n, m = find_match(
        src,
        r"programme de (?P<n>\w+) technopoles pilotes",
        head,
        libya,
        what="the sentence 'un programme de N technopoles pilotes'",
    )
    count = announced_count(src, n, m["n"], what="the pilot technopoles")
    sentence = sentence_at(src.line(n), m.start())
    rows.append(
        row(
            Item(n, sentence, "", sentence),
            kind="programme de technopoles pilotes",
            name="",
            sector="",
            place="",
            count=str(count),
        )
    )
    return table(
        "list-mr-projects",
        rows,
        note=f"the {count} pilot technopoles are announced but not named",
    )


TABLES = {
    "list-ma-contract-clusters": ma_contract_clusters,
    "list-ma-contract-indicators": ma_contract_indicators,
    "list-ma-mergers": ma_mergers,
    "list-ma-expected": ma_expected,
    "list-dz-constituted": dz_constituted,
    "list-dz-emerging": dz_emerging,
    "list-dz-afd-projects": dz_afd_projects,
    "list-tn-poles": tn_poles,
    "list-tn-categories": tn_categories,
    "list-tn-category-members": tn_category_members,
    "list-tn-pcb-clusters": tn_pcb_clusters,
    "list-tn-forming": tn_forming,
    "list-mr-projects": mr_projects,
}
