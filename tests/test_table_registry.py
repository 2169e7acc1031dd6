"""The table registry (data/reference/tables.yaml): one place for what the pipeline knows about
each source table, read by every stage, and a bad entry named by file and line."""

from __future__ import annotations

import re
from importlib import import_module
from pathlib import Path

import pytest

from clusters_maghreb import table_registry
from clusters_maghreb.extract.registry import extractors
from clusters_maghreb.sources import load_sources
from clusters_maghreb.table_registry import TableRegistryError

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "data" / "reference" / "tables.yaml"


def edited(tmp_path, old: str, new: str) -> Path:
    text = REGISTRY.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "tables.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_the_registry_covers_every_source_and_extractor():
    reg = table_registry.load()
    reg.check_sources([s["id"] for s in load_sources(ROOT / "data/raw/sources.yaml")], "yaml")
    for source_id in {t.source_id for t in reg.tables.values()}:
        extracted = extractors(source_id, reg)
        assert list(extracted) == reg.table_ids(source_id)
        assert all(callable(fn) for fn in extracted.values())


def test_the_stages_read_the_registry():
    """The mentions, sectors and observations declarations are the registry's, not copies."""
    from clusters_maghreb.normalise import mentions, observations, sectors

    reg = table_registry.load()
    assert reg.mention_specs == mentions.MENTION_SPECS
    assert reg.sector_columns == sectors.SECTOR_COLUMNS
    assert reg.fields == observations.FIELDS
    # every table is either mentioned or said why not, and either has a sector or says why not
    assert set(reg.mention_specs) | set(reg.no_mentions) == set(reg.tables)
    assert set(reg.sector_columns) | set(reg.no_sector) == set(reg.tables)


def test_a_schema_error_names_the_file_line_and_entry(tmp_path):
    path = edited(tmp_path, "      country: MA\n", "      country: Maroc\n")
    with pytest.raises(TableRegistryError) as e:
        table_registry.load(path)
    line = line_of(path, "country: Maroc")
    assert f"{path}:{line}: entry ipemed-2019/carte-ma: 'Maroc' does not match" in str(e.value)


def test_an_unknown_field_kind_is_named(tmp_path):
    path = edited(tmp_path, "kind: year}", "kind: yaer}")
    with pytest.raises(TableRegistryError, match=r"tables\.yaml:\d+: entry ipemed-2019/cards: "):
        table_registry.load(path)


def test_a_table_must_say_whether_it_names_clusters(tmp_path):
    text = REGISTRY.read_text(encoding="utf-8")
    path = tmp_path / "tables.yaml"
    path.write_text(
        re.sub(r"    no_mentions: \"the legend of the three Cartes[^\n]*\n", "", text, count=1),
        encoding="utf-8",
    )
    with pytest.raises(TableRegistryError) as e:
        table_registry.load(path)
    line = line_of(path, "table: carte-legend") - 1  # the entry starts at its '- source:'
    assert f"{path}:{line}: entry ipemed-2019/carte-legend: expected exactly one of " in str(
        e.value
    )


def test_a_table_declared_twice_is_named(tmp_path):
    path = edited(tmp_path, "    table: carte-dz\n", "    table: carte-ma\n")
    with pytest.raises(TableRegistryError, match=r"entry ipemed-2019/carte-ma: declared twice"):
        table_registry.load(path)


def test_an_extracted_table_missing_from_the_registry_stops_extraction(tmp_path):
    text = REGISTRY.read_text(encoding="utf-8")
    start = text.index("  - source: ecomnews-2020\n    table: figures\n")
    end = text.index("  - source:", start + 1)
    path = tmp_path / "tables.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(TableRegistryError, match=r"extracts ecomnews-2020/figures, which .* does"):
        extractors("ecomnews-2020", table_registry.load(path))


def test_a_registered_table_no_module_extracts_is_named(tmp_path):
    path = edited(tmp_path, "    table: figures\n", "    table: figures-2\n")
    with pytest.raises(TableRegistryError, match=r"has no TABLES\['figures-2'\]"):
        extractors("ecomnews-2020", table_registry.load(path))


def test_a_source_without_tables_or_reason_is_named(tmp_path):
    path = edited(tmp_path, "sources:\n  ipemed-2020-summary:", "sources:\n  other-source:")
    reg = table_registry.load(path)
    ids = [s["id"] for s in load_sources(ROOT / "data/raw/sources.yaml")]
    with pytest.raises(TableRegistryError, match="'ipemed-2020-summary' .* has no table and no"):
        reg.check_sources(ids, "data/raw/sources.yaml")


def test_each_extractor_module_is_registered_for_all_it_extracts():
    reg = table_registry.load()
    for module in {t.extractor for t in reg.tables.values()}:
        declared = {t.table_id for t in reg.tables.values() if t.extractor == module}
        assert set(import_module(module).TABLES) == declared


def test_an_extractor_module_that_does_not_exist_is_named(tmp_path):
    path = edited(
        tmp_path,
        "extractor: clusters_maghreb.extract.ecomnews_2020\n",
        "extractor: clusters_maghreb.extract.ecomnews_2021\n",
    )
    line = line_of(path, "ecomnews_2021") - 2  # the entry starts at its '- source:'
    with pytest.raises(TableRegistryError) as e:
        extractors("ecomnews-2020", table_registry.load(path))
    assert f"{path}:{line}: extractor 'clusters_maghreb.extract.ecomnews_2021': no such" in str(
        e.value
    )
