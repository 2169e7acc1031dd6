"""The whole build, as the README's `make report` runs it, in a fresh copy of the project."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from clusters_maghreb import PROJECT_ROOT
from tests.conftest import build_env
from tests.pdf_text import page_texts

SNAKEMAKE = Path(sys.executable).with_name("snakemake")
COPIED = [
    "Snakefile",
    "config",
    "workflow",
    "notebooks",
    "report",
    "src",
    "data/raw",
    "data/reference",
]


def copy_project(dst: Path) -> Path:
    for name in COPIED:
        src = PROJECT_ROOT / name
        if src.is_dir():
            shutil.copytree(
                src,
                dst / name,
                ignore=shutil.ignore_patterns(
                    "_output", "_generated", "_variables.yml", "__pycache__", ".render-*"
                ),
            )
        elif src.exists():
            (dst / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst / name)
    return dst


def snakemake(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`snakemake --cores 2 ARGS` in ``project``, with ``env`` added to the environment."""
    return subprocess.run(
        [str(SNAKEMAKE), "--cores", "2", *args],
        cwd=project,
        env=build_env(project, **(env or {})),
        capture_output=True,
        text=True,
    )


def why_failed(project: Path, done: subprocess.CompletedProcess) -> str:
    """The end of a failed build's output, then the end of each failed job's own log (a
    notebook's traceback is only there), for an assertion message."""
    parts = [done.stderr[-3000:]]
    named = re.findall(r"log: (.+?) \(check log file", done.stderr)  # 'a.log, b.log (check'
    for log in dict.fromkeys(part for logs in named for part in logs.split(", ")):
        path = project / log
        tail = path.read_text(errors="replace")[-3000:] if path.exists() else "(no such file)"
        parts.append(f"--- {log} ---\n{tail}")
    return "\n".join(parts)


@pytest.fixture(scope="module")
def built(built_project):
    return built_project


CHAPTERS = {
    "en": ["Foreword", "Morocco", "Algeria", "Tunisia", "Mauritania and Libya"],
    "fr": ["Avant-propos", "Maroc", "Algérie", "Tunisie", "Mauritanie et Libye"],
}


@pytest.mark.parametrize(("lang", "name"), [("en", "report.html"), ("fr", "report-fr.html")])
def test_report_has_its_chapters_with_their_tables(built, lang, name):
    html = (built / "report/_output" / name).read_text(encoding="utf-8")
    for chapter in CHAPTERS[lang]:
        assert f"</span> {chapter}</h1>" in html, chapter
    for cc in ("ma", "dz", "tn"):
        assert f'id="tbl-carte-{cc}"' in html
        assert f'id="fig-sector-status-{cc}"' in html
    assert "Cluster Mecatronic de Tunisie (CMT)" in html
    assert "{{&lt;" not in html and "{{<" not in html  # every shortcode was expanded
    maps = {
        "en": "its map of Moroccan clusters, a table of 15 rows",
        "fr": "sa carte des clusters marocains, un tableau de 15 lignes",
    }
    assert maps[lang] in " ".join(html.split())
    other = CHAPTERS["fr" if lang == "en" else "en"][0]
    assert f"</span> {other}</h1>" not in html  # the other language's blocks are gone
    assert 'src="http' not in html and 'href="http' not in html.split("<body")[0]


def repeated_ids_and_lost_links(page: Path) -> tuple[list[str], list[str]]:
    """The ids an HTML page repeats, and its in-page links that find no id."""
    html = page.read_text(encoding="utf-8")
    ids = re.findall(r'\sid="([^"]+)"', html)
    targets = set(re.findall(r'\shref="#([^"]+)"', html))
    return sorted({i for i in ids if ids.count(i) > 1}), sorted(targets - set(ids))


@pytest.mark.parametrize("name", ["report.html", "report-fr.html"])
def test_every_id_is_once_in_the_page_and_every_link_in_it_finds_its_target(built, name):
    # each annex has a heading per country: a repeated id sent the contents' links to the
    # first annex that has one
    assert repeated_ids_and_lost_links(built / "report/_output" / name) == ([], [])


def test_report_pdf_has_the_chapters_and_the_numbers(built):
    text = "\n".join(page_texts(built / "report/_output/report.pdf"))
    # a sentence of the Tunisia chapter, its numbers and clause from the notebook's facts
    tn = json.loads((built / "results/facts/carte_country-tn.json").read_text(encoding="utf-8"))
    for needle in (
        "Morocco",
        "Algeria",
        "Tunisia",
        "Agadir Haliopôle (AHP)",
        f"Its rows: {tn['n_clusters']}; by status, {tn['statuses']}",
    ):
        assert needle in " ".join(text.split()), needle


# A second build with nothing changed runs nothing: tests/test_incremental.py
# (test_nothing_changed_runs_nothing, a real build of a copy, which a dry run here repeated).


def test_a_changed_source_stops_the_build_naming_the_file(built, tmp_path):
    project = copy_project(tmp_path)
    raw = project / "data/raw/ecomnews-2020.txt"
    raw.write_bytes(raw.read_bytes() + b"\n")
    done = snakemake(project)
    assert done.returncode != 0
    assert "ERROR in rule check_source" in done.stderr
    assert "data/raw/ecomnews-2020.txt: sha256 is" in done.stderr
    assert not (project / "data/interim/extracted/ecomnews-2020").exists()


def digests(project: Path) -> dict[str, str]:
    import hashlib

    out = {}
    for folder in (
        "data/interim",
        "data/processed",
        "results/tables",
        "results/facts",
        "results/figures",
        "report/_output",  # HTML and PDF: the PDF's date is fixed (SOURCE_DATE_EPOCH or 1970)
    ):
        for path in sorted((project / folder).rglob("*")):
            if path.is_file():
                out[str(path.relative_to(project))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def test_warm_kernels_execute_every_notebook_as_ordinary_kernels_do(built, rebuilt_project):
    # the second build started every kernel and notebook run the ordinary way
    # (tests/conftest.py, rebuilt_project; clusters_maghreb.warm): every executed copy, its
    # outputs (printed tables, warnings) included, is what the warm ones are
    from tests.test_notebook_engine import executed

    copies = sorted(p.name for p in (built / "results/notebooks").glob("*.ipynb"))
    assert len(copies) >= 20
    for name in copies:
        warm, ordinary = (p / "results/notebooks" / name for p in (built, rebuilt_project.project))
        assert executed(warm) == executed(ordinary), name


def test_two_clean_builds_give_identical_files(built, rebuilt_project):
    # the second build is the offline one of tests/test_offline.py, where the machine allows
    first, second = digests(built), digests(rebuilt_project.project)
    assert first.keys() == second.keys()
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, differ
    assert any(name.startswith("data/interim/extracted/") for name in first)
