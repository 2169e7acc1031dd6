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


def _pandoc(project: Path, to: str, extra: list[str]) -> bytes:
    cmd = [
        pandoc_path(),
        MAIN,
        "--from=markdown",
        f"--to={to}",
        "--standalone",
        "--toc",
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


def render_html(project: Path, out: Path) -> None:
    html = _pandoc(
        project, "html5", ["--embed-resources", f"--css={HTML_CSS}", "--resource-path=."]
    )
    write_atomic(out, html)


def render_pdf(project: Path, out: Path) -> None:
    import typst

    source = _pandoc(project, "typst", [])
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


def render_quarto(project: Path, html: Path, pdf: Path) -> None:
    for fmt in ("html", "typst"):
        done = subprocess.run(["quarto", "render", MAIN, "--to", fmt], cwd=project)
        if done.returncode != 0:
            raise ValueError(f"{project / MAIN}: quarto render --to {fmt} failed")
    for built, out in (
        (project / "_output" / "report.html", html),
        (project / "_output" / "report.pdf", pdf),
    ):
        if built.resolve() != out.resolve():
            shutil.copyfile(built, out)


def render(project: str | Path, html: str | Path, pdf: str | Path, quarto: bool) -> None:
    project, html, pdf = Path(project), Path(html), Path(pdf)
    if quarto:
        render_quarto(project, html, pdf)
    else:
        render_html(project, html)
        render_pdf(project, pdf)
