"""Render the report project to one self-contained HTML file and a PDF per language.

Each language is a folder of the project with its own ``report.qmd`` and chapters
(``report/en``, ``report/fr``). With Quarto (``engine: quarto``, or ``auto`` and ``quarto`` on
PATH), ``quarto render`` builds each language as Quarto users expect. Without it, the same
files go through pandoc (from the ``pypandoc-binary`` wheel) with the ``quarto-compat.lua``
filter, to HTML and, through pandoc's Typst writer and the ``typst`` wheel, to PDF. Either
way every file the PDF embeds must lie inside the project (Quarto gives Typst the project as
its root), and what the tools print goes to a log, warnings included.
"""

from __future__ import annotations

import base64
import html as html_text
import mimetypes
import os
import re
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.io import write_atomic

FILTER = Path(__file__).with_name("quarto-compat.lua")
MAIN = "report.qmd"  # each language folder's main document
HTML_CSS = Path(__file__).with_name("report.css")


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def _pandoc(
    project: Path, source: str, to: str, extra: list[str], env: dict[str, str] | None = None
) -> bytes:
    """pandoc in ``project`` (a language's folder): includes, images and the .typ file resolve
    against it. Its warnings (a citation not found, an image it cannot read) go to the log."""
    start = time.perf_counter()
    done = subprocess.run(
        [pandoc_path(), source, f"--to={to}", f"--lua-filter={FILTER.resolve()}", *extra],
        cwd=project,
        capture_output=True,
        env={**os.environ, **(env or {})},
    )
    stderr = done.stderr.decode(errors="replace")
    if done.returncode != 0:
        raise ValueError(f"{project / MAIN}: pandoc failed ({to}): {stderr}")
    _log(f"pandoc {project.name}/{MAIN} --to={to}", stderr, start)
    return done.stdout


_messages: list[str] = []  # what the tools printed during this render, for its log


def _log(command: str, output: str, start: float) -> None:
    """A command, how long it took (since ``start``), and what it printed."""
    took = f"# {time.perf_counter() - start:.1f} s"
    _messages.append(f"$ {command}  {took}\n" + (f"{output.rstrip()}\n" if output.strip() else ""))


def parse_cache(project: Path) -> Path:
    """Where the first pass keeps the included files it has read, as pandoc's JSON
    (``quarto-compat.lua``): ``_generated/parse-cache/<language>`` in the report project, which
    `make clean` removes with the rest of ``_generated``."""
    return project.resolve().parent / "_generated" / "parse-cache" / project.name


def expand(project: Path, metadata: Path) -> Path:
    """The first pass, shared by both formats of a language: ``report.qmd`` with its includes,
    conditional content and variables resolved, and its citations of the sources rendered
    (citeproc, once for both formats, after the filter has set cross-references aside), as a
    pandoc JSON file beside it. An included file whose text (after its variables are replaced)
    is the same as in the last render comes from its parse cache (``parse_cache``)."""
    ast = _pandoc(
        project,
        MAIN,
        "json",
        ["--from=markdown", f"--metadata-file={metadata.resolve()}", "--citeproc"],
        env={"CLUSTERS_MAGHREB_PARSE_CACHE": str(parse_cache(project))},
    )
    return _temporary(project, ast, ".json")


def _write(project: Path, ast: Path, to: str, extra: list[str]) -> bytes:
    # the citations are rendered already (``expand``); the filter turns the cross-references
    # into this format's
    return _pandoc(
        project,
        ast.name,
        to,
        [
            "--from=json",
            "--standalone",
            "--toc",
            "--toc-depth=2",
            "--number-sections",
            *extra,
        ],
    )


def _temporary(project: Path, data: bytes, suffix: str) -> Path:
    """A file beside report.qmd (Typst resolves image paths against it, and may not read
    above ``root``), named .render-* so that nothing mistakes it for a source."""
    with tempfile.NamedTemporaryFile(
        "wb", suffix=suffix, dir=project, prefix=".render-", delete=False
    ) as fh:
        fh.write(data)
    return Path(fh.name)


def write_html(project: Path, ast: Path, out: Path) -> None:
    html = _write(project, ast, "html5", [f"--css={HTML_CSS}"])
    write_atomic(out, embed_resources(html.decode("utf-8"), project).encode("utf-8"))


# What pandoc's --embed-resources would put in the page for this report: its images (the
# figures) as data URIs, and its stylesheet. Pandoc does it by reading the whole page again,
# a second of each edition's two; these two patterns take milliseconds.
IMAGE = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]+)(")')
STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)" />')
# Anything else the page would fetch: none today (no script, no other link); one day, a clear
# error rather than a page that is not self-contained.
FETCHED = re.compile(r'<(?:script|link|iframe|source|video|audio)\b[^>]*\s(?:src|href)="(?!data:)')


def embed_resources(page: str, project: Path) -> str:
    """``page`` (pandoc's HTML, its links relative to ``project``) with each image it shows as
    a data URI and its stylesheet inline, self-contained as --embed-resources makes it."""

    def read(link: str) -> bytes:
        path = Path(html_text.unescape(link))
        path = path if path.is_absolute() else project / path
        if not path.is_file():
            raise ValueError(f"{project / MAIN}: the page shows {link}, which is not a file")
        return path.read_bytes()

    def image(match: re.Match) -> str:
        link = match[2]
        if link.startswith("data:"):
            return match[0]
        kind = mimetypes.guess_type(link)[0] or "application/octet-stream"
        data = base64.b64encode(read(link)).decode("ascii")
        return f"{match[1]}data:{kind};base64,{data}{match[3]}"

    def stylesheet(match: re.Match) -> str:
        css = read(match[1]).decode("utf-8")
        if re.search(r"url\(\s*['\"]?(?!data:)", css):  # a font or image it would fetch
            raise ValueError(f"{match[1]}: a url() that embed_resources does not embed")
        return f'<style type="text/css">\n{css}</style>'

    page = STYLESHEET.sub(stylesheet, IMAGE.sub(image, page))
    left = FETCHED.search(page)
    if left is not None:
        raise ValueError(
            f"{project / MAIN}: the page would fetch {page[left.start() : left.end() + 80]!r}: "
            "embed it in clusters_maghreb.report.render.embed_resources"
        )
    return page


def write_typst(project: Path, ast: Path) -> Path:
    # sections numbered 3.1.1 as Quarto's Typst numbers them (pandoc's default is 3.1.a)
    # -citations: the rendered citations as text, not Typst's own @key (pandoc's default
    # without --citeproc)
    typ = _write(project, ast, "typst-citations", ["--variable=section-numbering:1.1.1"])
    return _temporary(project, typ, ".typ")


def creation_timestamp() -> int:
    """The PDF's creation date: SOURCE_DATE_EPOCH when the builder sets one (the
    reproducible-builds convention), else the epoch, so that two builds give the same bytes."""
    return int(os.environ.get("SOURCE_DATE_EPOCH", "0"))


def pdf_font_paths() -> list[str]:
    """Where the PDF's fonts come from besides Typst's own (Libertinus, New Computer Modern,
    DejaVu Sans Mono): matplotlib's DejaVu and STIX fonts, which the figures' SVG text names.
    The machine's fonts are not looked at, so that any machine with the pinned packages
    makes the same PDF."""
    import matplotlib

    return [str(Path(matplotlib.get_data_path()) / "fonts" / "ttf")]


def compile_pdf(project: Path, typ: Path, out: Path) -> None:
    """Typst reads no file outside the report project (the language folder's parent), as
    under Quarto, so that a chapter embedding a file from elsewhere fails with both engines."""
    import typst

    start = time.perf_counter()
    pdf, warnings = typst.compile_with_warnings(
        str(typ),
        root=str(project.resolve().parent),
        timestamp=creation_timestamp(),
        font_paths=pdf_font_paths(),
        ignore_system_fonts=True,
    )
    _log(f"typst compile {project.name}/{typ.name}", "\n".join(map(str, warnings or [])), start)
    write_atomic(out, pdf)


def _all(pool: ThreadPoolExecutor, calls: list[tuple], made: list[Path]) -> list:
    """Run ``calls`` ((function, *args)) on ``pool``; once all have ended, add the files they
    made to ``made`` (for clean-up) and raise the first failure, if any."""
    futures = [pool.submit(*call) for call in calls]
    wait(futures)
    results = [f.result() for f in futures if f.exception() is None]
    made += [r for r in results if isinstance(r, Path)]
    for f in futures:
        f.result()
    return results


def render_pandoc(outputs: list[tuple[Path, Path, Path, Path]], threads: int) -> None:
    """Each language read once (pandoc to JSON), then written (pandoc to HTML and to Typst),
    then the PDFs compiled (Typst), each stage on ``threads`` workers: pandoc runs in processes
    of its own and Typst releases the GIL. Stages, not a free-for-all, keep the peak memory
    down: two Typst compiles and two pandoc writers at once would hold about a GiB."""
    made: list[Path] = []
    try:
        with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
            asts = _all(pool, [(expand, doc, meta) for doc, meta, _, _ in outputs], made)
            htmls = [
                (write_html, doc, ast, html)
                for ast, (doc, _, html, _) in zip(asts, outputs, strict=True)
            ]
            # the Typst sources first, so the first results are their files
            typs = _all(
                pool,
                [(write_typst, doc, ast) for ast, (doc, *_) in zip(asts, outputs, strict=True)]
                + htmls,
                made,
            )
            pdfs = [
                (compile_pdf, doc, typ, pdf)
                for typ, (doc, _, _, pdf) in zip(typs[: len(asts)], outputs, strict=True)
            ]
            _all(pool, pdfs, made)
    finally:
        for path in made:
            path.unlink()


# Where `make quarto` installs Quarto from ../shared/quarto when none is on PATH; the tests and
# the benchmark look there, `make report` does not (auto means a quarto on PATH).
QUARTO_KIT = PROJECT_ROOT.parent / "shared" / "quarto"
LOCAL_QUARTO = PROJECT_ROOT / ".quarto-cli" / "bin" / "quarto"


def find_quarto() -> Path | None:
    """The `quarto` on PATH, else the one `make quarto` installed in .quarto-cli/, else None."""
    found = shutil.which("quarto")
    if found:
        return Path(found)
    return LOCAL_QUARTO if LOCAL_QUARTO.exists() else None


# Quarto's pandoc spends a quarter to a third of its time collecting garbage on this report
# (its Lua filters walk a large AST many times, allocating 40 GB): a 64 MB allocation area
# (pandoc's default is 8 MB) takes a tenth to a sixth off each of its runs, for about 70 MB
# more memory (measured with GHCRTS=-s). A GHCRTS of the user's own is kept.
QUARTO_PANDOC_RTS = "-A64m"


def _quarto_env() -> dict[str, str]:
    return {**os.environ, "GHCRTS": os.environ.get("GHCRTS", QUARTO_PANDOC_RTS)}


def render_quarto(project: Path, lang: str, metadata: Path, html: Path, pdf: Path) -> None:
    """``quarto render <lang>/report.qmd --to all``: the HTML and the Typst PDF in one run (one
    start of Quarto, one read of the project), into ``_output/<lang>/``, then moved to the
    build's output names."""
    quarto = shutil.which("quarto")
    if quarto is None:
        raise ValueError(
            "report.engine is quarto, but no `quarto` is on PATH: install Quarto "
            "(https://quarto.org or conda-forge), or set report.engine to auto or pandoc "
            "in config/config.yaml"
        )
    source = f"{lang}/{MAIN}"
    # Quarto's Typst reads the machine's fonts (the figures' DejaVu Sans among them, where the
    # machine has it), not only Typst's and matplotlib's as the pandoc path does: its PDF is
    # Quarto's, like its template.
    command = [quarto, "render", source, "--to", "all", "--metadata-file", str(metadata.resolve())]
    start = time.perf_counter()
    # Quarto reads the project's _variables.yml only: it holds this language's facts (numbers
    # written its way) while its edition renders, and the file as the build wrote it after.
    variables, own = project / "_variables.yml", project / lang / "_variables.yml"
    kept = variables.read_bytes() if variables.exists() else None
    try:
        if own.exists():
            shutil.copyfile(own, variables)
        done = subprocess.run(
            command, cwd=project, env=_quarto_env(), capture_output=True, text=True
        )
    finally:
        if kept is not None:
            variables.write_bytes(kept)
        else:
            variables.unlink(missing_ok=True)
    output = done.stdout + done.stderr
    if done.returncode != 0:
        raise ValueError(f"{project / source}: quarto render failed:\n{output[-4000:]}")
    _log(" ".join(["quarto", *command[1:]]), output, start)
    built = project / "_output" / lang
    for out in (html, pdf):
        made = built / f"report{out.suffix}"
        if not made.exists():
            raise ValueError(f"{project / source}: quarto render made no {made}")
        out.parent.mkdir(parents=True, exist_ok=True)
        os.replace(made, out)
    # Quarto copies the files a page links to into the output folder too; the HTML embeds
    # them already, so the copies (_output/_generated/figures/) go.
    for folder in (built, project / "_output" / "_generated"):
        shutil.rmtree(folder, ignore_errors=True)


def render_quarto_editions(
    project: Path, outputs: list[tuple[str, str, str, str]], threads: int
) -> None:
    """Each language's ``quarto render`` at once, on ``threads`` workers (each takes a core
    for about a minute). Two renders of one Quarto project must not overlap (they share
    .quarto/ and _variables.yml), so the first language renders in the project and each
    other in a copy of it beside it, ``.render-<project>-<lang>`` (its includes reach
    ../../results from there as from the project), made before any render starts and
    removed once all have ended."""
    copies = {lang: project.parent / f".render-{project.name}-{lang}" for lang, *_ in outputs[1:]}

    def edition(lang: str, metadata: str, html: str, pdf: str) -> None:
        where = copies.get(lang, project)
        try:
            render_quarto(where, lang, Path(metadata), Path(html), Path(pdf))
        except ValueError as err:  # named as the project's files, not the copy's
            raise ValueError(str(err).replace(str(where), str(project))) from None

    try:
        for copy in copies.values():
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(
                project, copy, ignore=shutil.ignore_patterns("_output", ".quarto", "parse-cache")
            )
        with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
            _all(pool, [(edition, *o) for o in outputs], [])
    finally:
        for copy in copies.values():
            shutil.rmtree(copy, ignore_errors=True)


def write_log(log: str | Path | None) -> None:
    """Everything the tools printed, each after its command; warnings show up here."""
    if log is not None:
        write_atomic(log, "".join(_messages))


def render(
    project: str | Path,
    outputs: list[tuple[str, str, str, str]],
    quarto: bool,
    threads: int = 1,
    log: str | Path | None = None,
) -> None:
    """Render the project once per language: ``outputs`` holds (language, metadata file,
    html, pdf); the language's sources are the folder ``project/<language>``. ``log``
    receives what pandoc, Typst or Quarto printed."""
    project = Path(project)
    _messages.clear()
    try:
        if not quarto:
            render_pandoc(
                [(project / lang, *(Path(p) for p in rest)) for lang, *rest in outputs], threads
            )
            return
        render_quarto_editions(project, outputs, threads)
    finally:
        write_log(log)
