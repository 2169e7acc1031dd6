"""Render the report project to one self-contained HTML file and a PDF.

Each language is a folder of the project with its own ``report.qmd`` and chapters
(``report/en``, ``report/fr``). With Quarto on PATH, ``quarto render`` builds the project as
Quarto users expect. Without it, the same files go through pandoc (from the
``pypandoc-binary`` wheel) with the ``quarto-compat.lua`` filter, to HTML and, through
pandoc's Typst writer and the ``typst`` wheel, to PDF.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path

from clusters_maghreb.io import write_atomic

FILTER = Path(__file__).with_name("quarto-compat.lua")
MAIN = "report.qmd"  # each language folder's main document
HTML_CSS = Path(__file__).with_name("report.css")


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def _pandoc(project: Path, source: str, to: str, extra: list[str]) -> bytes:
    """pandoc in ``project`` (a language's folder): includes, images and the .typ file resolve
    against it."""
    done = subprocess.run(
        [pandoc_path(), source, f"--to={to}", f"--lua-filter={FILTER.resolve()}", *extra],
        cwd=project,
        capture_output=True,
    )
    if done.returncode != 0:
        raise ValueError(
            f"{project / MAIN}: pandoc failed ({to}): {done.stderr.decode(errors='replace')}"
        )
    return done.stdout


def expand(project: Path, metadata: Path) -> Path:
    """The first pass, shared by both formats of a language: ``report.qmd`` with its includes,
    conditional content and variables resolved, as a pandoc JSON file beside it."""
    ast = _pandoc(
        project,
        MAIN,
        "json",
        ["--from=markdown", f"--metadata-file={metadata.resolve()}"],
    )
    return _temporary(project, ast, ".json")


def _write(project: Path, ast: Path, to: str, extra: list[str]) -> bytes:
    # --citeproc after the filter: the filter turns @fig-/@tbl- into references first.
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
            "--citeproc",
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
    html = _write(
        project, ast, "html5", ["--embed-resources", f"--css={HTML_CSS}", "--resource-path=."]
    )
    write_atomic(out, html)


def write_typst(project: Path, ast: Path) -> Path:
    return _temporary(project, _write(project, ast, "typst", []), ".typ")


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
    import typst

    # Typst may read no file above root: the figures live in the repository's results/.
    root = os.path.commonpath([project.resolve(), Path.cwd().resolve()])
    pdf = typst.compile(
        str(typ),
        root=root,
        timestamp=creation_timestamp(),
        font_paths=pdf_font_paths(),
        ignore_system_fonts=True,
    )
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


def render_quarto(project: Path, html: Path, pdf: Path, metadata: Path) -> None:
    for fmt, out in (("html", html), ("typst", pdf)):
        built = project / "_output" / f".quarto-{fmt}{out.suffix}"
        done = subprocess.run(
            [
                "quarto",
                "render",
                MAIN,
                "--to",
                fmt,
                "--metadata-file",
                str(metadata.resolve()),
                "--output",
                built.name,
            ],
            cwd=project,
        )
        if done.returncode != 0:
            raise ValueError(f"{project / MAIN}: quarto render --to {fmt} failed")
        shutil.move(built, out)


def render(
    project: str | Path,
    outputs: list[tuple[str, str, str, str]],
    quarto: bool,
    threads: int = 1,
) -> None:
    """Render the project once per language: ``outputs`` holds (language, metadata file,
    html, pdf); the language's sources are the folder ``project/<language>``."""
    project = Path(project)
    if not quarto:
        render_pandoc(
            [(project / lang, *(Path(p) for p in rest)) for lang, *rest in outputs], threads
        )
        return
    # One Quarto project: its renders share .quarto/ and must not run at once.
    for lang, metadata, html, pdf in outputs:
        render_quarto(project / lang, Path(html), Path(pdf), Path(metadata))
