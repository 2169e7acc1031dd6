"""The report as a reader sees it: the HTML in headless Chromium, and the PDF's pages."""

import shutil
from pathlib import Path

import pytest

from clusters_maghreb import PROJECT_ROOT
from tests.pdf_text import outline, page_count, page_texts

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = PROJECT_ROOT / "results" / "screenshots"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Debian's chromium is missing: `make setup` installs it (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def chapter_ids(report: Path) -> list[str]:
    """The ids of the chapters a language's report.qmd includes, as their headings declare
    them."""
    ids = []
    for line in (report / "report.qmd").read_text(encoding="utf-8").splitlines():
        if line.startswith("{{< include "):
            chapter = report / line.split()[2]
            for text in chapter.read_text(encoding="utf-8").splitlines():
                if text.startswith("# ") and "{#sec-" in text:
                    ids.append(text.split("{#")[1].rstrip("}"))
                    break
    return ids


@pytest.mark.parametrize(("name", "lang"), [("report.html", "en"), ("report-fr.html", "fr")])
def test_html_opens_complete_with_nothing_failing_to_load(built_project, browser, name, lang):
    report = built_project / "report" / lang
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    failed, external, errors = [], [], []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on(
        "request",
        lambda r: None if r.url.startswith(("file:", "data:")) else external.append(r.url),
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((report.parent / "_output" / name).as_uri())
    page.wait_for_load_state("load")
    assert failed == [] and external == [] and errors == []
    for chapter in chapter_ids(report):
        assert page.locator(f"h1#{chapter}").count() == 1, chapter
    qmd = "".join(p.read_text(encoding="utf-8") for p in report.glob("_*.qmd"))
    for kind in ("fig", "tbl"):
        ids = {part.split("}")[0] for part in qmd.split("{#" + kind + "-")[1:]}
        for i in ids:
            assert page.locator(f"#{kind}-{i}").count() == 1, f"{kind}-{i}"
    broken = page.evaluate(
        "Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).length"
    )
    assert broken == 0
    assert page.evaluate("document.images.length") >= 4
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{Path(name).stem}.png"))
    page.close()


@pytest.mark.parametrize(
    ("name", "heading"), [("report.pdf", "Foreword"), ("report-fr.pdf", "Avant-propos")]
)
def test_pdf_has_pages_outline_and_text(built_project, name, heading):
    pdf = built_project / "report/_output" / name
    assert page_count(pdf) >= 20
    titles = [title for level, title in outline(pdf) if level == 0]
    assert any(heading in t for t in titles), titles
    text = " ".join(" ".join(page.split()) for page in page_texts(pdf))
    assert "{{<" not in text
    assert "Carte des clusters" in text
