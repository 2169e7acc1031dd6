"""The report's renderer without Quarto (pandoc, the compat filter, Typst) on small projects."""

import base64
import json
import re
import shutil
import subprocess

import pytest

from clusters_maghreb.report.render import (
    HTML_CSS,
    compile_pdf,
    embed_resources,
    pandoc_path,
    parse_cache,
    render,
)
from tests.pdf_text import fonts, page_texts

MAIN = """---
title: A small report
---

# One chapter {#sec-one}

{{< include _chapter.qmd >}}
"""
# The chapters write a var unspaced (tests/test_chapters.py says why); the spaced form, which
# Quarto's documentation shows, is read as well.
CHAPTER = {
    "en": "There are {{{{<var census.ma.n_clusters>}}}} clusters.\n",
    "fr": "Il y a {{{{< var {key} >}}}} clusters.\n",
}


def small_project(root, key="census.ma.n_clusters"):
    project = root / "report"
    project.mkdir()
    (project / "_variables.yml").write_text("census:\n  ma:\n    n_clusters: 27\n", "utf-8")
    outputs = []
    for lang in ("en", "fr"):
        (project / lang).mkdir()
        (project / lang / "report.qmd").write_text(MAIN, encoding="utf-8")
        (project / lang / "_chapter.qmd").write_text(
            CHAPTER[lang].format(key=key), encoding="utf-8"
        )
        meta = project / f"lang-{lang}.yml"
        meta.write_text(f"lang: {lang}\nis_{lang}: true\n", encoding="utf-8")
        outputs.append((lang, meta, root / f"out-{lang}.html", root / f"out-{lang}.pdf"))
    return project, outputs


def test_each_language_gets_its_html_and_pdf_with_the_variables(tmp_path):
    project, outputs = small_project(tmp_path)
    render(project, outputs, quarto=False, threads=2)
    for (_, _, html, pdf), sentence in zip(
        outputs, ("There are 27 clusters.", "Il y a 27 clusters."), strict=True
    ):
        assert sentence in html.read_text(encoding="utf-8")
        assert sentence in page_texts(pdf)[0]
    assert not list(project.glob("*/.render-*"))


def test_a_var_in_the_main_file_is_read_as_in_an_included_one(tmp_path):
    """The filter reads the main file's vars before splicing the includes in (an included
    file's vars are replaced as text when it is read), in both spellings."""
    project, outputs = small_project(tmp_path)
    for lang, spelt in (
        ("en", "{{<var census.ma.n_clusters>}}"),
        ("fr", "{{< var census.ma.n_clusters >}}"),
    ):
        main = project / lang / "report.qmd"
        main.write_text(main.read_text("utf-8") + f"\nMain: {spelt} here.\n", "utf-8")
    render(project, outputs, quarto=False, threads=2)
    for _, _, html, _ in outputs:
        text = html.read_text(encoding="utf-8")
        assert "Main: 27 here." in text and "{{&lt;" not in text and "{{<" not in text


def test_two_renders_give_the_same_pdf_dated_by_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1577836800")  # 2020-01-01
    project, outputs = small_project(tmp_path)
    render(project, outputs[:1], quarto=False)
    first = outputs[0][3].read_bytes()
    render(project, outputs[:1], quarto=False, threads=2)
    assert outputs[0][3].read_bytes() == first
    assert b"D:20200101000000" in first


def test_an_unknown_variable_stops_the_render_naming_it_and_leaves_nothing(tmp_path):
    # in the French text only: it stops the English render too (a fact the report lacks)
    project, outputs = small_project(tmp_path, key="census.ma.no_such_fact")
    with pytest.raises(ValueError, match=r"unknown variable census\.ma\.no_such_fact"):
        render(project, outputs, quarto=False, threads=2)
    assert not list(project.glob("*/.render-*"))
    assert not [p for _, _, html, pdf in outputs for p in (html, pdf) if p.exists()]


def test_a_failure_in_one_language_leaves_no_file_of_the_other(tmp_path):
    project, outputs = small_project(tmp_path)
    _, meta, html, pdf = outputs[1]
    meta.unlink()  # the French pass fails; the English one has written its JSON by then
    with pytest.raises(ValueError, match="pandoc failed"):
        render(project, outputs, quarto=False, threads=2)
    assert not list(project.glob("*/.render-*"))
    assert not [p for _, _, html, pdf in outputs for p in (html, pdf) if p.exists()]


# Fonts the PDF may get: Typst's own, and matplotlib's (pdf_font_paths).
SHIPPED = ("DejaVu", "Libertinus", "New Computer Modern", "NewCM", "STIX", "cm")


def a_machine_font() -> str | None:
    """A font family of this machine that neither Typst nor matplotlib ships, or None."""
    if shutil.which("fc-list") is None:
        return None
    listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    families = sorted({f.split(",")[0].strip() for f in listed.splitlines() if f.strip()})
    return next((f for f in families if not f.startswith(SHIPPED)), None)


def test_the_pdf_takes_no_font_from_the_machine(tmp_path):
    """A document asking for one of the machine's fonts gets Typst's own instead; the
    figures' DejaVu Sans comes from matplotlib."""
    family = a_machine_font()
    if family is None:
        pytest.skip("no font on this machine (fc-list) that Typst or matplotlib does not ship")
    project = tmp_path / "report"
    project.mkdir()
    typ = project / "doc.typ"
    typ.write_text(
        f'#set text(font: "{family}")\nA sentence.\n\n'
        '#text(font: "DejaVu Sans")[As the figures write.]\n',
        encoding="utf-8",
    )
    compile_pdf(project, typ, tmp_path / "doc.pdf")
    used = fonts(tmp_path / "doc.pdf")
    assert not any(f.startswith(family.replace(" ", "")) for f in used), (family, used)
    assert any(f.startswith("DejaVuSans") for f in used), used
    assert {f.split("-")[0] for f in used} <= {"LibertinusSerif", "DejaVuSans", "STIXGeneral"}


def test_the_labels_come_from_the_language_metadata(tmp_path):
    """Figures and tables are labelled with the words of the `language:` map the build writes
    for Quarto (French "Tableau", where Quarto's own French says "Table")."""
    from clusters_maghreb.report.language import write_metadata

    project, outputs = small_project(tmp_path)
    (project / "fr" / "_chapter.qmd").write_text(
        "Voir @tbl-x.\n\n::: {#tbl-x}\n| a |\n|---|\n| 1 |\n\nUn tableau.\n:::\n",
        encoding="utf-8",
    )
    write_metadata("fr", outputs[1][1])
    render(project, outputs[1:], quarto=False)
    html = outputs[1][2].read_text(encoding="utf-8")
    assert '<a href="#tbl-x">Tableau 1</a>' in html
    assert "<strong>Tableau 1:</strong> Un tableau." in html


def test_the_quarto_engine_without_quarto_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no quarto there
    project, outputs = small_project(tmp_path)
    with pytest.raises(ValueError, match=r"no `quarto` is on PATH.*report\.engine"):
        render(project, outputs, quarto=True)
    assert not [p for _, _, html, pdf in outputs for p in (html, pdf) if p.exists()]


def test_the_log_holds_each_command_and_what_it_printed(tmp_path):
    project, outputs = small_project(tmp_path)
    (project / "en" / "_chapter.qmd").write_text("As @nobody says.\n", encoding="utf-8")
    log = tmp_path / "render-tools.log"
    render(project, outputs[:1], quarto=False, log=log)
    text = log.read_text(encoding="utf-8")
    assert "$ pandoc en/report.qmd --to=html5" in text and "$ typst compile en/" in text
    assert "Citeproc: citation nobody not found" in text  # pandoc's warning, kept


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">'
    '<rect width="20" height="10" fill="#56B4E9"/></svg>\n'
)


def test_the_html_shows_its_figures_and_style_from_within_itself(tmp_path):
    project, outputs = small_project(tmp_path)
    (project / "_generated").mkdir()
    (project / "_generated" / "fig.svg").write_text(SVG, encoding="utf-8")
    chapter = project / "en" / "_chapter.qmd"
    chapter.write_text("![A blue bar](../_generated/fig.svg)\n", encoding="utf-8")
    render(project, outputs[:1], quarto=False)
    page = outputs[0][2].read_text(encoding="utf-8")
    shown = re.findall(r'<img\b[^>]*\ssrc="data:image/svg\+xml;base64,([^"]+)"', page)
    assert [base64.b64decode(data).decode("utf-8") for data in shown] == [SVG]
    # the stylesheet inline, not linked
    assert "<link" not in page and "max-width: 52rem" in HTML_CSS.read_text(encoding="utf-8")
    assert "max-width: 52rem" in page
    assert not re.search(r'\s(?:src|href)="(?!data:|#|https?:)', page), "a file it would fetch"


def test_a_figure_that_is_not_a_file_stops_the_render_naming_it(tmp_path):
    project, outputs = small_project(tmp_path)
    chapter = project / "en" / "_chapter.qmd"
    chapter.write_text("![Gone](../_generated/gone.svg)\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"shows \.\./_generated/gone\.svg, which is not a file"):
        render(project, outputs[:1], quarto=False)
    assert not outputs[0][2].exists()


def test_a_page_that_would_fetch_anything_else_is_refused(tmp_path):
    page = '<html><head><script src="mathjax.js"></script></head><body></body></html>'
    with pytest.raises(ValueError, match=r"would fetch .*mathjax\.js"):
        embed_resources(page, tmp_path)


def test_an_included_file_read_before_comes_from_the_parse_cache(tmp_path):
    """The first pass keeps each included file it reads as pandoc's JSON, named by its text
    (after the vars) and the reader: a render that reads the same text takes it from there
    and gives the same bytes; a changed text, or a changed variable, is read anew and the
    unused entry removed; a damaged entry is read anew and replaced."""
    project, outputs = small_project(tmp_path)
    outputs = outputs[:1]
    html = outputs[0][2]
    cache = parse_cache(project / "en")
    render(project, outputs, quarto=False)
    first = html.read_bytes()
    (entry,) = cache.iterdir()
    assert json.loads(entry.read_text("utf-8"))["blocks"]  # the chapter, as pandoc's JSON
    written = entry.stat().st_mtime_ns
    render(project, outputs, quarto=False)
    assert html.read_bytes() == first
    assert list(cache.iterdir()) == [entry] and entry.stat().st_mtime_ns == written

    # the entry is what the render reads: another text in its place shows
    other = subprocess.run(
        [pandoc_path(), "--from=markdown", "--to=json"],
        input=b"Read from the cache.\n",
        capture_output=True,
        check=True,
    ).stdout
    entry.write_bytes(other)
    render(project, outputs, quarto=False)
    assert "Read from the cache." in html.read_text("utf-8")

    entry.write_bytes(other[:40])  # damaged: read the chapter again, and keep it rightly
    render(project, outputs, quarto=False)
    assert html.read_bytes() == first
    assert json.loads(entry.read_text("utf-8"))["blocks"]

    # a variable the chapter shows changes: its text after the vars is another
    variables = project / "_variables.yml"
    variables.write_text(variables.read_text("utf-8").replace("27", "28"), "utf-8")
    render(project, outputs, quarto=False)
    assert "There are 28 clusters." in html.read_text("utf-8")

    chapter = project / "en" / "_chapter.qmd"
    chapter.write_text(chapter.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    render(project, outputs, quarto=False)
    assert "One more sentence." in html.read_text("utf-8")
    assert [p.name for p in cache.iterdir()] != [entry.name] and len(list(cache.iterdir())) == 1
    assert not list(cache.glob("*.partial"))


def test_nested_includes_hidden_content_and_references_read_alike_from_the_cache(tmp_path):
    """An included file that includes another (its own relative path), conditional content and
    a table's cross-reference come out the same whether read from the Markdown or from the
    cache; a file of the cache folder not named as an entry is left alone."""
    project, outputs = small_project(tmp_path)
    outputs = outputs[:1]
    en = project / "en"
    (en / "parts").mkdir()
    (en / "_chapter.qmd").write_text(
        "See @tbl-x.\n\n{{< include parts/_leaf.qmd >}}\n\n"
        '::: {.content-hidden when-meta="is_en"}\nHidden in English.\n:::\n',
        encoding="utf-8",
    )
    (en / "parts" / "_leaf.qmd").write_text(
        "::: {#tbl-x}\n| a |\n|---|\n| {{<var census.ma.n_clusters>}} |\n\nA table.\n:::\n",
        encoding="utf-8",
    )
    cache = parse_cache(en)
    cache.mkdir(parents=True)
    (cache / "notes.txt").write_text("not an entry")
    html = outputs[0][2]
    render(project, outputs, quarto=False)
    cold = html.read_text("utf-8")
    assert '<a href="#tbl-x">Table 1</a>' in cold and "<td>27</td>" in cold
    assert "Hidden in English." not in cold
    assert len(list(cache.glob("*.json"))) == 2  # the chapter and the leaf
    render(project, outputs, quarto=False)
    assert html.read_text("utf-8") == cold
    assert (cache / "notes.txt").exists()


def test_a_file_whose_reading_warns_warns_at_every_render(tmp_path):
    """A text pandoc warns about is not kept in the cache: the next render reads it again, and
    the log shows the warning again (a warm render would otherwise hide it)."""
    project, outputs = small_project(tmp_path)
    (project / "en" / "_chapter.qmd").write_text(
        "A [link][a].\n\n[a]: https://example.org/one\n[a]: https://example.org/two\n",
        encoding="utf-8",
    )
    log = tmp_path / "render-tools.log"
    for _ in range(2):
        render(project, outputs[:1], quarto=False, log=log)
        assert "Duplicate link reference" in log.read_text("utf-8")
    assert not list(parse_cache(project / "en").glob("*.json"))


def test_a_parse_cache_that_cannot_be_written_is_said_and_the_render_goes_on(tmp_path):
    project, outputs = small_project(tmp_path)
    parse_cache(project / "en").parent.mkdir(parents=True)
    parse_cache(project / "en").write_text("a file where the folder should be")
    chapter = project / "en" / "_chapter.qmd"
    (project / "en" / "_more.qmd").write_text("More.\n", encoding="utf-8")
    chapter.write_text(chapter.read_text("utf-8") + "\n{{< include _more.qmd >}}\n", "utf-8")
    log = tmp_path / "render-tools.log"
    render(project, outputs[:1], quarto=False, log=log)
    assert "There are 27 clusters." in outputs[0][2].read_text("utf-8")
    assert "More." in outputs[0][2].read_text("utf-8")
    assert log.read_text("utf-8").count("parse cache not used") == 1  # once, for two files
