"""Render the report project to one self-contained HTML file and a PDF.

With Quarto on PATH, ``quarto render`` builds the project as Quarto users expect. Without it,
the same ``report.qmd`` goes through pandoc (from the ``pypandoc-binary`` wheel) with the
``quarto-compat.lua`` filter, to HTML and, through pandoc's Typst writer and the ``typst``
wheel, to PDF.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from clusters_maghreb.io import write_atomic

FILTER = Path(__file__).with_name("quarto-compat.lua")
MAIN = "report.qmd"
HTML_CSS = Path(__file__).with_name("report.css")


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def _pandoc(project: Path, to: str, extra: list[str], metadata: Path) -> bytes:
    cmd = [
        pandoc_path(),
        MAIN,
        f"--metadata-file={metadata.resolve()}",
        "--from=markdown",
        f"--to={to}",
        "--standalone",
        "--toc",
        "--toc-depth=2",
        "--number-sections",
        f"--lua-filter={FILTER}",
        "--citeproc",
        *extra,
    ]
    done = subprocess.run(cmd, cwd=project, capture_output=True)
    if done.returncode != 0:
        raise ValueError(
            f"{project / MAIN}: pandoc failed ({to}): {done.stderr.decode(errors='replace')}"
        )
    return done.stdout


def render_html(project: Path, out: Path, metadata: Path) -> None:
    html = _pandoc(
        project,
        "html5",
        ["--embed-resources", f"--css={HTML_CSS}", "--resource-path=."],
        metadata,
    )
    write_atomic(out, html)


def render_pdf(project: Path, out: Path, metadata: Path) -> None:
    import typst

    source = _pandoc(project, "typst", [], metadata)
    # Typst resolves image paths against the .typ file and may not read above ``root``.
    with tempfile.NamedTemporaryFile(
        "wb", suffix=".typ", dir=project, prefix=".render-", delete=False
    ) as fh:
        fh.write(source)
    typ = Path(fh.name)
    try:
        pdf = typst.compile(str(typ), root=str(project.resolve().parent))
    finally:
        typ.unlink()
    write_atomic(out, pdf)


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


def render(project: str | Path, outputs: list[tuple[str, str, str]], quarto: bool) -> None:
    """Render the project once per language: ``outputs`` holds (metadata file, html, pdf)."""
    project = Path(project)
    for metadata, html, pdf in outputs:
        metadata, html, pdf = Path(metadata), Path(html), Path(pdf)
        if quarto:
            render_quarto(project, html, pdf, metadata)
        else:
            render_html(project, html, metadata)
            render_pdf(project, pdf, metadata)
