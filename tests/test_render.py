"""The report's renderer without Quarto (pandoc, the compat filter, Typst) on small projects."""

import shutil
import subprocess

import pytest

from clusters_maghreb.report.render import compile_pdf, render
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
