"""Each edition in its own language: the message catalog, and the French edition checked for
English labels left untranslated and numbers written the English way."""

import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from clusters_maghreb import i18n
from clusters_maghreb.tables import localised

FIELDS = re.compile(r"\{([a-z_]+)\}")


def english_labels() -> set[str]:
    """The catalog's English labels that French writes differently (the ones a French
    edition must not show)."""
    return {
        msgid
        for msgid, msgstr in i18n.messages("fr").items()
        if isinstance(msgstr, str) and msgstr != msgid and not FIELDS.search(msgid)
    }


def test_every_translation_keeps_the_fields_of_its_message():
    for msgid, msgstr in i18n.messages("fr").items():
        for form in msgstr if isinstance(msgstr, tuple) else (msgstr,):
            assert sorted(FIELDS.findall(form)) == sorted(FIELDS.findall(msgid)), msgid


@pytest.mark.parametrize(
    ("text", "french"),
    [
        ("Status", "Statut"),
        ("Algiers (3)", "Alger (3)"),  # a field translated in turn
        ("Morocco: clusters by status", "Maroc : clusters par statut"),
        ("31.2", "31,2"),
        ("12345", "12\u202f345"),
        ("2019", "2019"),  # years are not grouped
        ("IAA 5 (31.2%)", "IAA 5 (31,2\u202f%)"),
        ("Cluster Solaire", "Cluster Solaire"),  # a name is kept
    ],
)
def test_labels_and_numbers_are_written_the_french_way(text, french):
    assert i18n.localise(text, "fr") == french


def test_plural_agrees_with_the_number():
    assert i18n.ngettext("{n} cluster", "{n} clusters", 1, "fr") == "1 cluster"
    assert i18n.ngettext("{n} cluster", "{n} clusters", 0, "en") == "0 clusters"
    assert i18n.ngettext("{n} cluster", "{n} clusters", 2, "fr") == "2 clusters"


def test_a_label_the_code_writes_must_be_in_the_catalog():
    with pytest.raises(LookupError, match="clusters_maghreb.po: no msgid 'Nowhere'"):
        i18n.gettext("Nowhere", "fr")


def test_a_table_is_translated_headers_labels_and_numbers():
    df = pd.DataFrame({"Status": ["constituted", "expected"], "SME share (%)": [31.25, 4.0]})
    fr = localised(df, "fr")
    assert list(fr.columns) == ["Statut", "Part des PME (%)"]
    assert fr.to_dict("list") == {
        "Statut": ["constitué", "attendu"],
        "Part des PME (%)": ["31,25", "4"],
    }


class Text(HTMLParser):
    """The text of a page, outside <script> and <style>, split by element; ``prose`` keeps
    only what is outside tables (whose cells may quote a source)."""

    def __init__(self):
        super().__init__()
        self.parts, self.prose, self.skip, self.tables = [], [], 0, 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")
        self.tables += tag == "table"

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")
        self.tables -= tag == "table"

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.parts.append(" ".join(data.split()))
            if not self.tables:
                self.prose.append(self.parts[-1])


def texts(path, prose: bool = False) -> list[str]:
    parser = Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.prose if prose else parser.parts


def svg_texts(path) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", t).strip()
        for t in re.findall(r"<text[^>]*>(.*?)</text>", path.read_text("utf-8"), re.S)
    ]


def test_french_tables_and_figures_show_no_english_label(built_project):
    english = english_labels()
    tables = sorted((built_project / "results" / "tables" / "fr").glob("*.md"))
    figures = sorted((built_project / "results" / "figures" / "fr").glob("*.svg"))
    assert tables and figures
    left = set()
    for table in tables:
        for line in table.read_text(encoding="utf-8").splitlines():
            cells = {c.strip() for c in line.strip().strip("|").split(" | ")}
            left |= {(table.name, c) for c in cells & english}
            left |= {(table.name, c) for c in cells if re.fullmatch(r"\d+\.\d+", c)}
    for figure in figures:
        found = set(svg_texts(figure))
        left |= {(figure.name, t) for t in found & english}
        left |= {(figure.name, t) for t in found if re.fullmatch(r"[−-]?\d+\.\d+", t)}
    assert not left, sorted(left)


def test_the_french_edition_shows_no_english_label_nor_english_decimal(built_project):
    english = english_labels()
    html = built_project / "report" / "_output" / "report-fr.html"
    assert not sorted(set(texts(html)) & english)
    # In the prose, a decimal point between digits, outside a section number (5.1), a version
    # (3.11.7), a quotation «...» or a cluster's name (Maintenance 4.0).
    names = pd.read_csv(built_project / "data" / "processed" / "clusters.csv", dtype=str)
    names = [n for n in names["name"] if re.search(r"\d\.\d", n)]
    decimals = []
    for t in texts(html, prose=True):
        for name in names:
            t = t.replace(name, "")
        t = re.sub(r"«[^»]*»", "", t)
        if re.search(r"(?<![\d.])\d+\.\d+(?![\d.])", t) and not re.fullmatch(r"[\d.]+", t):
            decimals.append(t)
    assert not decimals, decimals[:10]


def test_no_edition_names_a_source_by_its_id(built_project):
    """A reader finds a source by the name the bibliography gives it ('Pommier (2019)'), in
    the prose, the tables, the annexes and the figures' texts; an id may show only as the name
    of the file the build annex hashes ('ipemed-2019.txt')."""
    from clusters_maghreb.sources import load_sources

    ids = [s["id"] for s in load_sources(built_project / "data" / "raw" / "sources.yaml")]
    named_by_id = re.compile(rf"(?<![\w-])({'|'.join(map(re.escape, ids))})(?![\w-])(?!\.txt)")
    left = []
    for html in ("report.html", "report-fr.html"):
        page = built_project / "report" / "_output" / html
        left += [(html, t) for t in texts(page) if named_by_id.search(t)]
    for lang in ("", "fr"):
        for svg in sorted((built_project / "results" / "figures" / lang).glob("*.svg")):
            left += [(svg.name, t) for t in svg_texts(svg) if named_by_id.search(t)]
    assert not left, left[:10]


def test_each_edition_gets_its_facts_in_its_language():
    from clusters_maghreb.report.variables import localised as facts_in

    facts = {"sectors": {"ma": {"share": 31.2, "n": 5, "clause": "31.2%", "clause_fr": "31.2 %"}}}
    fr, en = facts_in(facts, "fr")["sectors"]["ma"], facts_in(facts, "en")["sectors"]["ma"]
    assert (fr["share"], fr["n"], fr["clause"]) == ("31,2", 5, "31,2 %")
    assert (en["share"], en["clause"]) == (31.2, "31.2%")


def test_every_rationale_of_the_methods_annex_has_its_french():
    """The French annex shows each reference table's rationales in French, through
    locale/fr/LC_MESSAGES/reference.po keyed by the English text: a row added (or a rationale
    edited) without its French fails here, naming the table and the text to translate
    (``python tools/reference_po.py --list`` prints them all)."""
    from clusters_maghreb.report.annex import REFERENCE_TABLES, untranslated

    reference = i18n.LOCALE_DIR.parents[2] / "data" / "reference"
    missing = {
        table: untranslated(reference / f"{table}.csv", "fr", prose)
        for table, prose in REFERENCE_TABLES.items()
    }
    missing = {table: texts for table, texts in missing.items() if texts}
    assert not missing, {table: (len(texts), texts[0]) for table, texts in missing.items()}


def test_a_rationale_is_shown_in_french_with_its_sources_named(tmp_path, capsys):
    """A hand-made table: the French annex shows the catalog's French, the English annex the
    text as written; neither shows a source id; a rationale without French (an analyst's new
    row) is shown as written, marked, and named on the console with its line and the tool
    that adds its French (the catalog test below fails until it has it)."""
    from clusters_maghreb.report.annex import reference_markdown
    from clusters_maghreb.report.bibliography import short_names

    i18n.use_source_names(short_names(i18n.LOCALE_DIR.parents[2] / "data/raw/sources.yaml"))
    known = "Any other mention"  # field_precedence.csv's, translated in reference.po
    table = tmp_path / "t.csv"
    pd.DataFrame({"source_id": ["ipemed-2019"], "rationale": [known]}).to_csv(table, index=False)
    fr = reference_markdown(table, "fr", prose=["rationale"])
    en = reference_markdown(table, "en", prose=["rationale"])
    assert i18n.messages("fr", i18n.REFERENCE_DOMAIN)[known] in fr and known not in fr
    assert known in en
    assert "ipemed-2019" not in fr + en and "Pommier (2019)" in fr
    pd.DataFrame({"rationale": [known, "Not in the catalog"]}).to_csv(table, index=False)
    fr = reference_markdown(table, "fr", prose=["rationale"])
    assert "Not in the catalog (pas encore traduit)" in fr
    warning = capsys.readouterr().err
    assert "t.csv: 1 rationale(s) (line(s) 3)" in warning and "reference_po.py" in warning
    assert "Not in the catalog" in reference_markdown(table, "en", prose=["rationale"])


def test_a_source_is_written_by_its_name_its_table_and_lines_in_words():
    from clusters_maghreb.report.bibliography import short_names

    i18n.use_source_names(short_names(i18n.LOCALE_DIR.parents[2] / "data/raw/sources.yaml"))
    cases = {
        "ipemed-2019:410-417": ("Pommier (2019), lines 410-417", "Pommier (2019), lignes 410-417"),
        "ipemed-2019 cards l. 1277": (
            "Pommier (2019), identity cards, line 1277",
            "Pommier (2019), fiches d'identité, ligne 1277",
        ),
        "ecomnews-2020 ipemed-2019": (
            "Fernandez (2020); Pommier (2019)",
            "Fernandez (2020); Pommier (2019)",
        ),
        # a file name keeps its id
        "ipemed-2019.txt": ("ipemed-2019.txt", "ipemed-2019.txt"),
    }
    for text, (en, fr) in cases.items():
        assert (i18n.readable(text, "en"), i18n.readable(text, "fr")) == (en, fr), text


def test_a_reference_table_shows_fields_by_name_and_keeps_ids_and_spellings(tmp_path):
    """A hand-made places-like table: a dataset field shows by its reader's name in both
    editions (not 'members_smes'), a rule code in words, an id without thousands separators
    (the 'named' column too); the French edition names the place in French only."""
    from clusters_maghreb.report.annex import reference_markdown

    table = tmp_path / "t.csv"
    pd.DataFrame(
        {
            "location": ["Gabes"],
            "place": ["Gabes"],
            "name_en": ["Gabes"],
            "field": ["members_smes"],
            "geonames_id": ["2468369"],
            "named": ["2505329"],
            "rule": ["first-named"],
        }
    ).to_csv(table, index=False)
    en, fr = reference_markdown(table, "en"), reference_markdown(table, "fr")
    for shown in (en, fr):
        assert "members_smes" not in shown and "| first-named |" not in shown
        assert "2505329" in shown and "2468369" in shown
    assert "| Gabes | Gabes | Gabes |" in en
    assert "Gabes" not in fr and "| Gabès | Gabès |" in fr
    assert "SMEs" in en and "Cities named" in en and "first-named town" in en
    assert "PME" in fr and "Villes nommées" in fr and "première ville nommée" in fr


def test_french_city_names_in_tables_and_figures_follow_the_places_table():
    """A city the French edition names differently (places.csv name_fr: Gabès, Le Kef, Béja)
    is translated in every table and figure label the notebooks write in English."""
    places = pd.read_csv(
        i18n.LOCALE_DIR.parents[2] / "data" / "reference" / "places.csv",
        dtype=str,
        keep_default_na=False,
    )
    cities = places[(places["level"] == "city") & (places["name_en"] != places["name_fr"])]
    pairs = dict(zip(cities["name_en"], cities["name_fr"], strict=False))
    assert {"Gabes", "El Kef", "Beja"} <= set(pairs)
    assert {en: i18n.localise(en, "fr") for en in pairs} == pairs
    assert i18n.localise("Gabes (1)", "fr") == "Gabès (1)"


def test_discrepancy_values_and_figure_texts_read_in_french():
    assert i18n.localise("Rabat (provisional)", "fr") == "Rabat (provisoire)"
    assert i18n.localise("42 (sum of the counts by type)", "fr") == (
        "42 (somme des décomptes par type)"
    )
    assert i18n.localise("Source: snakemake --rulegraph of this build", "fr") == (
        "Source : snakemake --rulegraph de cette construction"
    )
    assert i18n.localise("11700", "en") == "11,700"
    assert i18n.localise("11700", "fr") == "11\u202f700"
