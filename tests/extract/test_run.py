"""Running a source's extractors: all tables or none, and a manifest that says what was read."""

import shutil

import pytest

from clusters_maghreb.errors import SourceLayoutError
from clusters_maghreb.extract.registry import MODULES, NO_TABLE, table_ids
from clusters_maghreb.extract.run import extract_source, write_source
from clusters_maghreb.io import read_csv


def test_every_source_yields_its_tables_or_a_reason(raw_dir):
    for source_id in MODULES:
        tables, manifest = extract_source(raw_dir / f"{source_id}.txt", source_id)
        assert list(tables) == table_ids(source_id)
        if not tables:
            assert manifest["note"].tolist() == [f"read; no table: {NO_TABLE[source_id]}"]
        for table_id, df in tables.items():
            assert list(df.columns[:4]) == ["source_id", "table_id", "line_start", "line_end"]
            assert df.columns[-1] == "raw_text"
            assert (df["line_start"] <= df["line_end"]).all(), table_id
            assert (df["table_id"] == table_id).all()
        announced = manifest[manifest["announced"] != ""]
        assert (announced["announced"] == announced["rows"]).all()


def test_manifest_counts(raw_dir):
    _, manifest = extract_source(raw_dir / "ipemed-2019.txt", "ipemed-2019")
    rows = dict(zip(manifest["table_id"], manifest["rows"], strict=True))
    assert rows["cards"] == 28
    assert rows["carte-ma"] + rows["carte-dz"] + rows["carte-tn"] == 38
    assert rows["list-tn-poles"] == 10
    assert rows["list-ma-contract-clusters"] == 11


def test_a_broken_source_writes_nothing(tmp_path, raw_dir):
    raw = tmp_path / "ipemed-2019.txt"
    shutil.copy(raw_dir / "ipemed-2019.txt", raw)
    # Break the last extractor's input only: earlier tables would extract fine.
    text = raw.read_text(encoding="utf-8")
    raw.write_text(text.replace("\nTUNISIE\n", "\nTUNISIA\n"), encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(SourceLayoutError):
        write_source(raw, "ipemed-2019", out, out / "manifest-part.csv")
    assert not out.exists() or not any(out.iterdir())


def test_written_tables_read_back_identically(tmp_path, raw_dir):
    out = tmp_path / "ecomnews-2020"
    write_source(raw_dir / "ecomnews-2020.txt", "ecomnews-2020", out, out / "manifest-part.csv")
    tables, _ = extract_source(raw_dir / "ecomnews-2020.txt", "ecomnews-2020")
    for table_id, df in tables.items():
        back = read_csv(out / f"{table_id}.csv")
        assert back.astype(str).equals(df.astype(str)), table_id
