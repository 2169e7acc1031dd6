"""An analyst's edits flow through (issue 14): on a copy of a good build, edit the real sources
as an analyst would (recording each file's new sha256), run the build as `make report` does,
and look at the dataset, the claims and the console.

Slow (each case is a build): one copy takes every legitimate edit at once, one copy takes a bad
one. Marked ``e2e``.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from clusters_maghreb.io import read_csv
from tests.test_bad_input import record_sha256
from tests.test_workflow import snakemake, why_failed

pytestmark = pytest.mark.e2e

PARAGRAPH = "Note de l'éditeur.\nCe paragraphe a été ajouté en tête du fichier.\n\n"
ROW_DELETED = "| <b>Agrinova</b> "  # its row of errajaoui-nokairi-2023's Table 2 (line 209)


def _copy(good: Path, dst: Path) -> Path:
    shutil.copytree(good, dst, symlinks=True, copy_function=shutil.copy2)
    return dst


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _digests(project: Path, *folders: str) -> dict[str, str]:
    return {
        str(p.relative_to(project)): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in folders
        for p in sorted((project / folder).rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def edited(built_project, tmp_path_factory):
    """A copy of the session's build with four legitimate edits, built again."""
    project = _copy(built_project, tmp_path_factory.mktemp("edited") / "project")
    raw = project / "data/raw"
    ipemed = raw / "ipemed-2019.txt"
    # 1. a paragraph (3 lines) inserted at the top: every line below moves down by 3
    ipemed.write_text(PARAGRAPH + ipemed.read_text(encoding="utf-8"), encoding="utf-8")
    # 2. a member count corrected in an identity card (MNC: 24 -> 42 members)
    _edit(ipemed, "<p>24 membres dont :</p>", "<p>42 membres dont :</p>")
    # 3. a row of a table deleted
    table = raw / "errajaoui-nokairi-2023.txt"
    lines = table.read_text(encoding="utf-8").split("\n")
    hit = [i for i, line in enumerate(lines) if line.startswith(ROW_DELETED)]
    assert hit[0] == 208, hit  # Table 2's row (Table 3 names Agrinova too, and keeps it)
    table.write_text("\n".join(lines[:208] + lines[209:]), encoding="utf-8")
    # 4. a source saved with Windows line endings
    ecomnews = raw / "ecomnews-2020.txt"
    ecomnews.write_bytes(ecomnews.read_bytes().replace(b"\n", b"\r\n"))
    for source_id in ("ipemed-2019", "errajaoui-nokairi-2023", "ecomnews-2020"):
        record_sha256(project, source_id)
    done = snakemake(project, "--rerun-incomplete", "--show-failed-logs")
    assert done.returncode == 0, why_failed(project, done)
    return project


def _observations(project: Path):
    return read_csv(project / "data/processed/observations.csv")


def test_a_paragraph_at_the_top_moves_the_evidence_with_the_text(built_project, edited):
    before, after = _observations(built_project), _observations(edited)
    old = before[before["source_id"] == "ipemed-2019"]
    new = after[after["source_id"] == "ipemed-2019"]
    assert len(new) == len(old)
    # every ipemed-2019 value is where it was, three lines down
    assert sorted(new["line_start"].astype(int)) == sorted(old["line_start"].astype(int) + 3)
    claims = read_csv(edited / "results/tables/tbl-claims-all.csv").set_index("Claim")
    was = read_csv(built_project / "results/tables/tbl-claims-all.csv").set_index("Claim")
    assert claims.loc["ip-tn-ten-poles", "Lines"] == str(
        int(was.loc["ip-tn-ten-poles", "Lines"]) + 3
    )


def test_a_corrected_card_count_reaches_the_dataset_and_reevaluates_the_claim(edited):
    obs = _observations(edited)
    mnc = obs[(obs["cluster_id"] == "ma-mnc") & (obs["field"] == "members_total")]
    mnc = mnc[mnc["source_id"] == "ipemed-2019"]
    assert list(mnc["value"]) == ["42"], mnc
    assert list(mnc["line_start"].astype(int)) == [1141 + 3]  # the card, three lines down
    claims = read_csv(edited / "results/tables/tbl-claims-all.csv").set_index("Claim")
    row = claims.loc["ip-card-mnc-members"]
    assert row["Lines"] == str(1148 + 3)
    assert row["Quote"].startswith("42 membres dont")
    assert "20 + 10 + 12 = 42, claimed total <= 42" in row["Arithmetic"]
    assert row["Verdict"] == "consistent"  # was contradicted with 24


def test_a_deleted_table_row_changes_the_verdicts_not_the_build(edited):
    t2 = read_csv(edited / "data/interim/extracted/errajaoui-nokairi-2023/table-2.csv")
    assert len(t2) == 16 and "Agrinova" not in set(t2["name"])
    claims = read_csv(edited / "results/tables/tbl-claims-all.csv").set_index("Claim")
    assert claims.loc["en-17-operational", "Verdict"] == "contradicted"
    assert (
        "16 rows of errajaoui-nokairi-2023/table-2, claimed 17"
        in (claims.loc["en-17-operational", "Arithmetic"])
    )


def test_a_source_saved_with_crlf_gives_the_same_values(built_project, edited):
    before, after = _observations(built_project), _observations(edited)
    columns = ["observation_id", "line_start", "line_end", "field", "value", "raw_value"]
    columns = [c for c in columns if c in before.columns]
    old = before[before["source_id"] == "ecomnews-2020"][columns].reset_index(drop=True)
    new = after[after["source_id"] == "ecomnews-2020"][columns].reset_index(drop=True)
    assert len(old) > 0
    assert new.equals(old)


def test_a_quote_no_longer_in_its_source_stops_with_its_cause_on_the_console(
    built_project, tmp_path_factory
):
    """A claim's quote edited to words the source does not hold: the build fails, its console
    names the file, the claim and the closest line, and the last good outputs stay."""
    project = _copy(built_project, tmp_path_factory.mktemp("bad-quote") / "project")
    kept = _digests(project, "data/processed", "results/facts")
    _edit(
        project / "data/reference/claims.yaml",
        '"the number of labelled cluster companies is {companies} companies"',
        '"the number of labelled cluster firms is {companies} companies"',
    )
    done = snakemake(project, "--rerun-incomplete", "--show-failed-logs")
    assert done.returncode != 0
    console = done.stdout + done.stderr
    for needle in (
        "ERROR in notebook notebooks/claims.ipynb",
        "ClaimsError: data/reference/claims.yaml: claim mc-total-companies-252: the quote",
        "is not in data/raw/moroccan-clusters-2020.txt; the closest is line 1190",
        "Fix the quote to the source's words",
    ):
        assert needle in console, f"{needle!r} not on the console:\n{console[-4000:]}"
    assert _digests(project, "data/processed", "results/facts") == kept
