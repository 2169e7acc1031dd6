"""An analyst's edits flow through (issue 14): on a copy of a good build, edit the real sources
as an analyst would (recording each file's new sha256), run the build as `make report` does
up to the report's render (its facts, tables and figures included), and look at the dataset,
the claims and the console.

Slow (each case is a build): one copy takes all four legitimate edits (a paragraph inserted at
the top, a list's row deleted, a card's count corrected, CRLF), and three take a bad edit each.
Marked ``e2e``.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from clusters_maghreb.io import read_csv
from tests.conftest import build_once, shared_build
from tests.test_bad_input import record_sha256
from tests.test_workflow import snakemake, why_failed

pytestmark = pytest.mark.e2e

PARAGRAPH = "Note de l'éditeur.\nCe paragraphe a été ajouté en tête du fichier.\n\n"
# list-dz-emerging, ipemed-2019:621: a row no passage of the report's prose quotes (a row it
# quotes stops the build naming the passage, as a vanished quote should)
ROW_DELETED = "- Un cluster de la pharmacie et des biotechnologies"
CARD_COUNT = "<p>24 membres dont :</p>"  # MNC's identity card, ipemed-2019:1148
ANNOUNCED_ROW = "| <b>Agrinova</b> "  # its row of errajaoui-nokairi-2023's Table 2 (line 209)


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


def _build(project: Path):
    # up to the report's inputs (its facts, tables, figures), not its render: these tests read
    # the data and facts, and the render of the same kind of inputs is the shared build's test
    return snakemake(project, "--rerun-incomplete", "--show-failed-logs", "--omit-from", "report")


def _stops_keeping_outputs(project: Path, kept: dict[str, str], needles) -> None:
    """A bad edit's build: it fails, its console says each of ``needles``, and the last good
    outputs (``kept``, ``_digests`` of data/processed and results/facts) stay as they were."""
    done = _build(project)
    assert done.returncode != 0
    console = done.stdout + done.stderr
    for needle in needles:
        assert needle in console, f"{needle!r} not on the console:\n{console[-4000:]}"
    assert _digests(project, "data/processed", "results/facts") == kept


@pytest.fixture(scope="session")
def edited(built_project, tmp_path_factory):
    """The edited build (``edited_build``)."""
    return edited_build(tmp_path_factory)


def edited_build(tmp_path_factory) -> Path:
    """A copy of the session's build with four legitimate edits, built again once per run
    (``build_once``). In ipemed-2019.txt: a paragraph (3 lines) inserted at the top and a row
    of a list deleted (line 621, in the list of Algeria's emerging clusters), so lines above
    621 move down by 3 and lines below it by 2; and a member count corrected in an identity
    card (MNC, line 1148: 24 -> 42). And ecomnews-2020.txt saved with Windows line endings.

    One build for all four (each copy rebuilt nearly everything ipemed-2019 feeds): each
    test below checks its own edit's effect and allows for the others' (the card's moved
    line, the shifted test's one changed value). Also started as the run starts
    (tests/conftest.py, CHAINS)."""
    built_project = shared_build(tmp_path_factory)

    def build(project: Path) -> None:
        _copy(built_project, project)
        raw = project / "data/raw"
        ipemed = raw / "ipemed-2019.txt"
        _edit(ipemed, CARD_COUNT, CARD_COUNT.replace("24", "42"))
        lines = ipemed.read_text(encoding="utf-8").split("\n")
        hit = [i for i, line in enumerate(lines) if line.startswith(ROW_DELETED)]
        assert hit == [620], hit
        ipemed.write_text(PARAGRAPH + "\n".join(lines[:620] + lines[621:]), encoding="utf-8")
        ecomnews = raw / "ecomnews-2020.txt"
        ecomnews.write_bytes(ecomnews.read_bytes().replace(b"\n", b"\r\n"))
        for source_id in ("ipemed-2019", "ecomnews-2020"):
            record_sha256(project, source_id)
        done = _build(project)
        assert done.returncode == 0, why_failed(project, done)

    return build_once(tmp_path_factory, "edited", build)


def _observations(project: Path):
    return read_csv(project / "data/processed/observations.csv")


def _moved(line: int) -> int:
    return line + 3 if line < 621 else line + 2


def test_a_paragraph_at_the_top_moves_the_evidence_with_the_text(built_project, edited):
    before, after = _observations(built_project), _observations(edited)
    old = before[before["source_id"] == "ipemed-2019"]
    old = old[old["line_start"].astype(int) != 621].copy()  # the deleted row's values go
    new = after[after["source_id"] == "ipemed-2019"]
    # every other ipemed-2019 value is where it was, moved with its line (its id names the
    # line), and unchanged but for the card count corrected in the same copy
    start, end = old["line_start"].astype(int), old["line_end"].astype(int)
    old["observation_id"] = [
        i.replace(f":{s}:", f":{_moved(s)}:", 1)
        for i, s in zip(old["observation_id"], start, strict=True)
    ]
    old["line_start"], old["line_end"] = start.map(_moved).astype(str), end.map(_moved).astype(str)
    card = (old["cluster_id"] == "ma-mnc") & (old["field"] == "members_total")
    assert list(old.loc[card, "value"]) == ["24"]
    old.loc[card, "value"] = "42"
    old.loc[card, "raw_value"] = old.loc[card, "raw_value"].str.replace("24", "42")

    def rows(frame):
        return frame.sort_values("observation_id").reset_index(drop=True)

    assert rows(new).equals(rows(old))
    claims = read_csv(edited / "results/tables/tbl-claims-all.csv").set_index("Claim")
    assert claims.loc["ip-tn-ten-poles", "Lines"] == str(_moved(703))
    facts = (edited / "results/facts/claims-all.json").read_text(encoding="utf-8")
    assert f'"ip_card_mnc_members_line": {_moved(1148)}' in facts


def test_a_corrected_card_count_reaches_the_dataset_and_reevaluates_the_claim(edited):
    obs = _observations(edited)
    mnc = obs[(obs["cluster_id"] == "ma-mnc") & (obs["field"] == "members_total")]
    mnc = mnc[mnc["source_id"] == "ipemed-2019"]
    assert list(mnc["value"]) == ["42"], mnc
    assert list(mnc["line_start"].astype(int)) == [_moved(1141)]  # the card, where it now is
    claims = read_csv(edited / "results/tables/tbl-claims-all.csv").set_index("Claim")
    row = claims.loc["ip-card-mnc-members"]
    assert row["Lines"] == str(_moved(1148))
    assert row["Quote"].startswith("42 membres dont")
    assert "20 + 10 + 12 = 42, claimed total <= 42" in row["Arithmetic"]
    assert row["Verdict"] == "consistent"  # was contradicted with 24


def test_a_deleted_table_row_leaves_the_dataset(built_project, edited):
    path = "data/interim/extracted/ipemed-2019/list-dz-emerging.csv"
    before, after = read_csv(built_project / path), read_csv(edited / path)
    assert len(after) == len(before) - 1
    assert not after["raw_text"].str.contains("pharmacie").any()

    def from_row(obs):
        return obs[
            (obs["cluster_id"] == "dz-pharmacie-biotech-constantine")
            & (obs["table_id"] == "list-dz-emerging")
        ]

    assert len(from_row(_observations(built_project))) > 0
    assert from_row(_observations(edited)).empty


def test_a_source_saved_with_crlf_gives_the_same_values(built_project, edited):
    assert b"\r\n" in (edited / "data/raw/ecomnews-2020.txt").read_bytes()
    before, after = _observations(built_project), _observations(edited)
    columns = ["observation_id", "line_start", "line_end", "field", "value", "raw_value"]
    columns = [c for c in columns if c in before.columns]
    old = before[before["source_id"] == "ecomnews-2020"][columns].reset_index(drop=True)
    new = after[after["source_id"] == "ecomnews-2020"][columns].reset_index(drop=True)
    assert len(old) > 0
    assert new.equals(old)
    # and byte for byte, every column: a carriage return kept at a value's end is dropped by
    # pandas on reading, not by this comparison
    assert _rows(edited, "ecomnews-2020") == _rows(built_project, "ecomnews-2020")


def _rows(project: Path, source_id: str) -> list[bytes]:
    """observations.csv's rows (as bytes) of one source's values."""
    text = (project / "data/processed/observations.csv").read_bytes()
    return [row for row in text.split(b"\n") if row.startswith(f"{source_id}:".encode())]


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
    _stops_keeping_outputs(
        project,
        kept,
        (
            "ERROR in rule check_claims: data/reference/claims.yaml: claim "
            "mc-total-companies-252: the quote",
            "is not in data/raw/moroccan-clusters-2020.txt",
            "the closest is line 1190",
            "Fix the quote to the source's words",
        ),
    )


def test_a_row_deleted_from_a_table_whose_size_the_text_states_stops_naming_both_lines(
    built_project, tmp_path_factory
):
    """Table 2 of errajaoui-nokairi-2023 must have the 17 rows its text announces (line 170):
    deleting one without correcting the text is a bad edit; the console says where and how."""
    project = _copy(built_project, tmp_path_factory.mktemp("bad-row") / "project")
    kept = _digests(project, "data/processed", "results/facts")
    table = project / "data/raw/errajaoui-nokairi-2023.txt"
    lines = table.read_text(encoding="utf-8").split("\n")
    assert lines[208].startswith(ANNOUNCED_ROW)
    table.write_text("\n".join(lines[:208] + lines[209:]), encoding="utf-8")
    record_sha256(project, "errajaoui-nokairi-2023")
    _stops_keeping_outputs(
        project,
        kept,
        (
            "data/raw/errajaoui-nokairi-2023.txt:193: expected 17 rows, the 17 clusters announced "
            "at line 170, found 16 rows",
            "how to fix: if data/raw/errajaoui-nokairi-2023.txt was edited, correct line 193",
        ),
    )


def test_a_source_edit_that_loses_a_cited_passage_stops_before_publishing(
    built_project, tmp_path_factory
):
    """The study's sentence a chapter cites (passage dz_adc_role) reworded in the source: the
    build stops naming the passage file, the entry and the closest line, before the dataset
    is published, so data/processed/ and results/facts/ stay as the last good build left
    them (publish waits for the passages)."""
    project = _copy(built_project, tmp_path_factory.mktemp("lost-passage") / "project")
    kept = _digests(project, "data/processed", "results/facts")
    _edit(
        project / "data/raw/ipemed-2019.txt",
        "Le cluster a vocation à devenir une force de réflexion",
        "Le cluster veut devenir une force de réflexion",
    )
    record_sha256(project, "ipemed-2019")
    _stops_keeping_outputs(
        project, kept, ("data/reference/passages/algeria.yaml", "dz_adc_role", "closest")
    )
