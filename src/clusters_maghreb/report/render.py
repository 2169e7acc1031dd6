"""Render the report project to one self-contained HTML file and a PDF.

With Quarto on PATH, ``quarto render`` builds the project as Quarto users expect. Without it,
the same ``report.qmd`` goes through pandoc (from the ``pypandoc-binary`` wheel) with the
``quarto-compat.lua`` filter, to HTML and, through pandoc's Typst writer and the ``typst``
wheel, to PDF.
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
MAIN = "report.qmd"
HTML_CSS = Path(__file__).with_name("report.css")


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def _pandoc(project: Path, source: str, to: str, extra: list[str]) -> bytes:
    done = subprocess.run(
        [pandoc_path(), source, f"--to={to}", f"--lua-filter={FILTER}", *extra],
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
    with tempfile.NamedTemporaryFile(
        "wb", suffix=".json", dir=project, prefix=".render-", delete=False
    ) as fh:
        fh.write(ast)
    return Path(fh.name)


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


def render_html(project: Path, ast: Path, out: Path) -> None:
    html = _write(
        project, ast, "html5", ["--embed-resources", f"--css={HTML_CSS}", "--resource-path=."]
    )
    write_atomic(out, html)


def creation_timestamp() -> int:
    """The PDF's creation date: SOURCE_DATE_EPOCH when the builder sets one (the
    reproducible-builds convention), else the epoch, so that two builds give the same bytes."""
    return int(os.environ.get("SOURCE_DATE_EPOCH", "0"))


def render_pdf(project: Path, ast: Path, out: Path) -> None:
    import typst

    source = _write(project, ast, "typst", [])
    # Typst resolves image paths against the .typ file and may not read above ``root``.
    with tempfile.NamedTemporaryFile(
        "wb", suffix=".typ", dir=project, prefix=".render-", delete=False
    ) as fh:
        fh.write(source)
    typ = Path(fh.name)
    try:
        pdf = typst.compile(
            str(typ), root=str(project.resolve().parent), timestamp=creation_timestamp()
        )
    finally:
        typ.unlink()
    write_atomic(out, pdf)


def render_pandoc(project: Path, outputs: list[tuple[Path, Path, Path]], threads: int) -> None:
    """Each language read once, then written to HTML and PDF; the pandoc and Typst runs share
    ``threads`` workers (they are separate processes, or release the GIL)."""
    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        expanded = [pool.submit(expand, project, metadata) for metadata, _, _ in outputs]
        wait(expanded)
        asts = [f.result() for f in expanded if f.exception() is None]
        try:
            for f in expanded:
                f.result()  # the first failure, once every pass has ended
            writes = [
                pool.submit(write, project, ast, out)
                for ast, (_, html, pdf) in zip(asts, outputs, strict=True)
                for write, out in ((render_html, html), (render_pdf, pdf))
            ]
            for done in writes:
                done.result()
        finally:
            for ast in asts:
                ast.unlink()


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
    project: str | Path, outputs: list[tuple[str, str, str]], quarto: bool, threads: int = 1
) -> None:
    """Render the project once per language: ``outputs`` holds (metadata file, html, pdf)."""
    project = Path(project)
    outputs = [tuple(Path(p) for p in o) for o in outputs]
    if not quarto:
        render_pandoc(project, outputs, threads)
        return
    # One Quarto project: its renders share .quarto/ and must not run at once.
    for metadata, html, pdf in outputs:
        render_quarto(project, html, pdf, metadata)
