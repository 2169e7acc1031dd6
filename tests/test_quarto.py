"""The report through the real Quarto CLI, compared with the pandoc render of the same build.

One build (the session's ``built_project``) is copied and its report rendered again with the
other engine (``--config report={engine: ...}``), so that both renders read the same inputs.
Quarto is the one on PATH, or the one `make quarto` installs from ../shared/quarto into
.quarto-cli/ (installed here too when missing). Without either, these tests are skipped.
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.report.render import QUARTO_KIT, find_quarto
from tests.conftest import build_env, build_once, shared_build
from tests.pdf_text import outline, page_texts
from tests.test_workflow import SNAKEMAKE, repeated_ids_and_lost_links, why_failed

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

EDITIONS = [("en", "report"), ("fr", "report-fr")]
JOB = re.compile(r"^\s*(?:local)?(?:rule|checkpoint) (\w+):$", re.MULTILINE)


def quarto_dir() -> Path:
    """The folder of a `quarto`; installs one with `make quarto` from ../shared/quarto when
    there is none."""
    found = find_quarto()
    if found is None and (QUARTO_KIT / "install.sh").exists():
        done = subprocess.run(["make", "quarto"], cwd=PROJECT_ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        found = find_quarto()
    if found is None:
        pytest.skip(
            f"no `quarto` on PATH and no {QUARTO_KIT} to install one from: the report's "
            "Quarto render is not tested here"
        )
    return found.parent


def render_engine(project: Path) -> str:
    """The engine that rendered a built project's report, as its render log records it."""
    log = (project / "logs/report/render-tools.log").read_text(encoding="utf-8")
    return "quarto" if re.search(r"^\$ quarto render", log, re.MULTILINE) else "pandoc"


@pytest.fixture(scope="session")
def renders(built_project, tmp_path_factory) -> dict[str, Path]:
    """{"pandoc": project, "quarto": project}: the session's build, and a copy of it whose
    report the other engine rendered (once per run, whichever worker asks first)."""
    return quarto_renders(tmp_path_factory)


def quarto_renders(tmp_path_factory) -> dict[str, Path]:
    """What ``renders`` gives; also started as the run starts (tests/conftest.py, CHAINS)."""
    built_project = shared_build(tmp_path_factory)
    bin_dir = quarto_dir()
    first = render_engine(built_project)
    other = "pandoc" if first == "quarto" else "quarto"

    def build(copy: Path) -> None:
        shutil.copytree(built_project, copy, symlinks=True, copy_function=shutil.copy2)
        env = build_env(copy, bin_dir)
        done = subprocess.run(
            [str(SNAKEMAKE), "--cores", "2", "--config", f"report={{engine: {other}}}"],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, why_failed(copy, done)
        ran = JOB.findall(done.stdout + done.stderr)
        assert ran == ["report", "all"] or sorted(ran) == ["all", "report"], ran
        assert render_engine(copy) == other

    copy = build_once(tmp_path_factory, f"render-{other}", build)
    return {first: built_project, other: copy}


# -- what a reader gets from an HTML page, whichever engine wrote it ------------------------

VOID = {"img", "br", "hr", "meta", "link", "col", "input", "source", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def text(self) -> str:
        return " ".join(
            "".join(c if isinstance(c, str) else f" {c.text()} " for c in self.children).split()
        )

    def walk(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()

    def find(self, tag: str) -> Node | None:
        return next((n for n in self.walk() if n.tag == tag and n is not self), None)

    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def inside(self, tag: str) -> bool:
        node = self.parent
        while node is not None and node.tag != tag:
            node = node.parent
        return node is not None


class Tree(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.root = self.node = Node("#root", {}, None)
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.node)
        self.node.children.append(node)
        if tag not in VOID:
            self.node = node

    def handle_endtag(self, tag):
        node = self.node
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.node = node.parent

    def handle_data(self, data):
        self.node.children.append(data)


def body(html_file: Path) -> Node:
    tree = Tree(html_file.read_text(encoding="utf-8")).root
    main = tree.find("body")
    assert main is not None, html_file
    return main


def headings(page: Node) -> list[tuple[str, str]]:
    """Numbered headings, as (tag, "number title")."""
    return [
        (n.tag, n.text())
        for n in page.walk()
        if re.fullmatch(r"h[1-6]", n.tag)
        and any("header-section-number" in s.classes() for s in n.walk())
    ]


def ancestors(node: Node):
    while node.parent is not None:
        node = node.parent
        yield node


def caption(node: Node) -> str:
    for n in node.walk():
        if n.tag in ("figcaption", "caption"):
            return n.text()
    return ""


def float_nodes(page: Node, kind: str) -> list[Node]:
    """The figures ("fig") or tables ("tbl"), not their captions (Quarto ids those too)."""
    return [
        n
        for n in page.walk()
        if re.match(f"{kind}-", n.attrs.get("id", "")) and "-caption-" not in n.attrs["id"]
    ]


def floats(page: Node, kind: str) -> list[tuple[str, str]]:
    """(id, caption with its number) of each figure or table, in document order."""
    return [(n.attrs["id"], caption(n)) for n in float_nodes(page, kind)]


def figure_images(page: Node) -> dict[str, bytes]:
    """Each figure's embedded SVG, decoded: both engines must embed the same file."""
    out = {}
    for n in float_nodes(page, "fig"):
        head, _, data = n.find("img").attrs["src"].partition(",")
        assert head == "data:image/svg+xml;base64", head[:60]
        out[n.attrs["id"]] = base64.b64decode(data)
    return out


def table_cells(page: Node) -> dict[str, list[str]]:
    out = {}
    for n in float_nodes(page, "tbl"):
        table = n if n.tag == "table" else n.find("table")
        out[n.attrs["id"]] = [c.text() for c in table.walk() if c.tag in ("td", "th")]
    return out


def cross_references(page: Node) -> list[tuple[str, str]]:
    """(target, text) of every link to a figure, table or section, outside the contents."""
    return [
        (n.attrs["href"], n.text())
        for n in page.walk()
        if n.tag == "a"
        and re.match(r"#(fig|tbl|sec)-", n.attrs.get("href", ""))
        and not n.inside("nav")
    ]


def citations(page: Node) -> list[tuple[str, str]]:
    return [
        (n.attrs.get("data-cites", ""), n.text()) for n in page.walk() if "citation" in n.classes()
    ]


def callouts(page: Node) -> list[tuple[str, str]]:
    """(kind, title) of each callout box; Quarto adds the kind for screen readers."""
    out = []
    for n in page.walk():
        kinds = [c for c in n.classes() if re.fullmatch(r"callout-(note|tip|warning|important)", c)]
        if kinds:
            title = next(t for t in n.walk() if "callout-title-container" in t.classes())
            hidden = [t.text() for t in title.walk() if "screen-reader-only" in t.classes()]
            out.append((kinds[0], title.text().removeprefix(hidden[0] if hidden else "").strip()))
    return out


def bibliography(page: Node) -> dict[str, str]:
    return {
        n.attrs["id"]: n.text() for n in page.walk() if n.attrs.get("id", "").startswith("ref-")
    }


def paragraphs(page: Node) -> list[str]:
    """The text of every paragraph and list item outside the contents and the captions."""
    return [
        n.text()
        for n in page.walk()
        if n.tag in ("p", "li")
        and not n.inside("nav")
        and not n.inside("figcaption")
        and not n.inside("caption")
        and not any("callout-title-container" in a.classes() for a in ancestors(n))
        and n.text()
        and not n.find("p")  # a list item's own paragraphs count once
    ]


# -- the tests ------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=EDITIONS, ids=[lang for lang, _ in EDITIONS])
def pages(request, renders) -> dict[str, Node]:
    _, name = request.param
    return {
        engine: body(project / "report/_output" / f"{name}.html")
        for engine, project in renders.items()
    }


def test_both_engines_render_without_warnings(renders):
    for engine, project in renders.items():
        log = (project / "logs/report/render-tools.log").read_text(encoding="utf-8")
        assert log.count("$ ") >= 2, log  # the commands are there: the log is not empty
        lines = [re.sub(r"\x1b\[[0-9;]*m", "", ln) for ln in log.splitlines()]
        # pandoc's "[WARNING] ...", Quarto's "WARN: ..." / "ERROR: ...", Typst's "warning: ..."
        warnings = [ln for ln in lines if re.match(r"\s*\[?(warn|error)", ln, re.I)]
        assert warnings == [], (engine, warnings)


@pytest.mark.parametrize(("lang", "name"), EDITIONS)
def test_quartos_ids_are_once_in_the_page_and_its_links_find_them(renders, lang, name):
    page = renders["quarto"] / "report/_output" / f"{name}.html"
    assert repeated_ids_and_lost_links(page) == ([], [])


def test_same_chapters_and_section_numbers(pages):
    quarto, pandoc = headings(pages["quarto"]), headings(pages["pandoc"])
    assert quarto == pandoc
    assert len(pandoc) > 30 and pandoc[0][0] == "h1"


def test_same_figures_with_the_same_numbers_captions_and_images(pages):
    quarto, pandoc = floats(pages["quarto"], "fig"), floats(pages["pandoc"], "fig")
    assert len(pandoc) >= 20
    assert quarto == pandoc
    assert figure_images(pages["quarto"]) == figure_images(pages["pandoc"])


def test_same_tables_with_the_same_numbers_captions_and_cells(pages):
    quarto, pandoc = floats(pages["quarto"], "tbl"), floats(pages["pandoc"], "tbl")
    assert len(pandoc) >= 20
    assert quarto == pandoc
    assert table_cells(pages["quarto"]) == table_cells(pages["pandoc"])


def test_every_cross_reference_resolves_the_same(pages):
    ids = {n.attrs["id"] for n in pages["quarto"].walk() if "id" in n.attrs}
    quarto, pandoc = cross_references(pages["quarto"]), cross_references(pages["pandoc"])
    assert len(pandoc) >= 20
    assert quarto == pandoc
    for target, text in quarto:
        assert target[1:] in ids, target
        assert re.fullmatch(r"(Figure|Table|Tableau|Section) \d+(\.\d+)*", text), text


def test_every_citation_resolves_the_same(pages):
    quarto, pandoc = citations(pages["quarto"]), citations(pages["pandoc"])
    assert len(pandoc) >= 10
    assert quarto == pandoc
    refs = bibliography(pages["quarto"])
    assert refs == bibliography(pages["pandoc"])
    for keys, text in quarto:
        for key in keys.split():
            assert f"ref-{key}" in refs, key
        assert "?" not in text, text  # an unknown key renders as "(key?)"


def test_same_prose_with_the_same_facts(pages):
    assert callouts(pages["quarto"]) == callouts(pages["pandoc"])
    assert callouts(pages["pandoc"])
    quarto, pandoc = paragraphs(pages["quarto"]), paragraphs(pages["pandoc"])
    assert len(pandoc) > 100
    assert quarto == pandoc
    assert not [p for p in quarto if "{{<" in p or "?@" in p]


def squashed(text: str) -> str:
    """Text without whitespace and hyphens: PDF extraction and HTML markup space words
    differently, and Typst hyphenates words at line ends."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


PAGE_NUMBER = re.compile(r"\s*([0-9]+|[ivxlc]+)\s*", re.IGNORECASE)


def pdf_words(path: Path) -> str:
    """The PDF's text, squashed, without the page numbers that head or foot its pages (they
    would land inside a sentence that runs on to the next page)."""
    pages = []
    for text in page_texts(path):
        lines = text.splitlines()
        while lines and PAGE_NUMBER.fullmatch(lines[-1]):
            lines.pop()
        while lines and PAGE_NUMBER.fullmatch(lines[0]):
            lines.pop(0)
        pages.append("\n".join(lines))
    return squashed("".join(pages))


@pytest.mark.parametrize(("lang", "name"), EDITIONS)
def test_pdfs_have_the_same_outline_and_facts(renders, lang, name):
    pdfs = {
        engine: project / "report/_output" / f"{name}.pdf" for engine, project in renders.items()
    }
    assert outline(pdfs["quarto"]) == outline(pdfs["pandoc"])
    assert len(outline(pdfs["pandoc"])) > 40
    page = body(renders["pandoc"] / "report/_output" / f"{name}.html")
    # every figure and table caption and every citation of the HTML is in both PDFs
    for engine, pdf in pdfs.items():
        text = pdf_words(pdf)
        for _, cap in floats(page, "fig") + floats(page, "tbl"):
            start = squashed(cap.split(":", 1)[1])[:40]
            assert start in text, (engine, start)
        for _, cited in citations(page):
            assert squashed(cited) in text, (engine, cited)
        assert "{{<" not in text and "?@" not in text
