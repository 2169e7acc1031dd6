"""The hash check: the build starts only from the exact source files."""

import shutil

import pytest

from clusters_maghreb.sources import SourceHashError, load_sources, sha256, verify

SHARED = [
    "ipemed-2019",
    "ipemed-2020-summary",
    "moroccan-clusters-2020",
    "ecomnews-2020",
    "errajaoui-nokairi-2023",
]


def test_real_sources_pass_and_match_the_shared_files(raw_dir):
    sources = verify(raw_dir / "sources.yaml")
    assert [s["id"] for s in sources] == SHARED
    shared = raw_dir.parents[2] / "shared" / "sources"
    for s in sources:
        assert s["file"] == f"{s['id']}.txt"
        if shared.exists():  # the copy in data/raw is byte-identical to ../shared
            assert (raw_dir / s["file"]).read_bytes() == (shared / s["file"]).read_bytes()


def test_metadata_has_what_a_citation_needs(raw_dir):
    for s in load_sources(raw_dir / "sources.yaml"):
        for key in (
            "title",
            "publisher",
            "date_published",
            "language",
            "reference_year",
            "sha256",
            "holds",
            "citation",
        ):
            assert s.get(key) not in (None, ""), (s["id"], key)
        assert s["reference_year"] in (2019, 2023)


@pytest.fixture
def raw_copy(tmp_path, raw_dir):
    dst = tmp_path / "raw"
    shutil.copytree(raw_dir, dst)
    return dst


def test_a_modified_source_stops_the_check_naming_the_file(raw_copy):
    path = raw_copy / "ecomnews-2020.txt"
    path.write_bytes(path.read_bytes().replace(b"clusters", b"clusterz", 1))
    with pytest.raises(SourceHashError) as err:
        verify(raw_copy / "sources.yaml")
    message = str(err.value)
    assert f"{path}: sha256 is {sha256(path)}" in message
    assert "a059d69e89ba7ee3010f37a912903554732efd07eef51dbfc5648ee40d832116" in message
    assert "ipemed-2019" not in message  # only the bad file is named


def test_a_missing_source_stops_the_check_naming_the_file(raw_copy):
    (raw_copy / "ipemed-2019.txt").unlink()
    with pytest.raises(SourceHashError, match=r"ipemed-2019\.txt: missing"):
        verify(raw_copy / "sources.yaml")
