"""Which extractors run on which source, and the contract they share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

import pandas as pd

from clusters_maghreb import table_registry
from clusters_maghreb.extract.raw_source import RawSource
from clusters_maghreb.table_registry import TableRegistry


@dataclass(frozen=True)
class Extracted:
    """One extracted table and what the source itself announces about it."""

    table: pd.DataFrame
    announced: int | None = None  # the row count the source states, where it states one
    note: str = ""


Extractor = Callable[[RawSource], Extracted]


def modules(tables: TableRegistry | None = None) -> dict[str, list[str]]:
    """source_id -> the modules whose ``TABLES`` dict extracts its tables, as
    data/reference/tables.yaml declares them (a source with no table has none)."""
    reg = tables or table_registry.load()
    ids = [t.source_id for t in reg.tables.values()] + list(reg.no_table)
    return {s: reg.modules(s) for s in dict.fromkeys(ids)}


def _tables_of(module: str, where: str) -> dict[str, Extractor]:
    """The ``TABLES`` dict of an extractor module that the registry names at ``where``."""
    try:
        found = import_module(module)
    except ModuleNotFoundError as err:
        if err.name is None or not module.startswith(err.name):
            raise  # the module exists, but something it imports does not
        raise table_registry.TableRegistryError(
            f"{where}: extractor {module!r}: no such module (expected a file "
            f"src/{module.replace('.', '/')}.py)"
        ) from None
    if not isinstance(getattr(found, "TABLES", None), dict):
        raise table_registry.TableRegistryError(
            f"{where}: extractor {module!r} has no TABLES dict (table_id -> extractor)"
        )
    return found.TABLES


def extractors(source_id: str, tables: TableRegistry | None = None) -> dict[str, Extractor]:
    """All extractors of a source, by table_id, in the registry's order. A table that a module
    extracts but the registry does not declare, or the reverse, stops with the entry to fix."""
    reg = tables or table_registry.load()
    if source_id not in modules(reg):
        raise KeyError(
            f"unknown source_id {source_id!r}; {reg.path} declares {sorted(modules(reg))}"
        )
    out: dict[str, Extractor] = {}
    problems = []
    for name in reg.modules(source_id):
        entries = [t for t in reg.of_source(source_id) if t.extractor == name]
        defined = _tables_of(name, entries[0].where)
        declared = {t.table_id for t in entries}
        problems += [
            f"{name}: extracts {source_id}/{t}, which {reg.path} does not declare; add an entry "
            f"(source: {source_id}, table: {t}, extractor: {name}, and its mentions and sector)"
            for t in defined
            if t not in declared
        ]
    for table in reg.of_source(source_id):
        fn = _tables_of(table.extractor, table.where).get(table.table_id)
        if fn is None:
            problems.append(
                f"{table.where}: {source_id}/{table.table_id}: its extractor {table.extractor} "
                f"has no TABLES[{table.table_id!r}]"
            )
        out[table.table_id] = fn
    if problems:
        raise table_registry.TableRegistryError(
            "extractors and table registry disagree:\n" + "\n".join(problems)
        )
    return out


def table_ids(source_id: str, tables: TableRegistry | None = None) -> list[str]:
    return (tables or table_registry.load()).table_ids(source_id)


# Derived from the registry, for readers that want the project's own.
MODULES: dict[str, list[str]] = modules()
NO_TABLE: dict[str, str] = table_registry.load().no_table
