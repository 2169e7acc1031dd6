"""What the pipeline knows about each source table, read from one place:
``data/reference/tables.yaml`` (schema: ``workflow/schemas/tables.schema.yaml``).

Every stage reads it: extraction (which module extracts which table, which source holds none),
entity resolution (which cells name clusters, ``mentions``), the sector crosswalk (which column
holds a sector) and the observations (which field each column gives, ``fields``). A bad entry
stops the load with the file, the line and the entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jsonschema
import yaml

from clusters_maghreb import PROJECT_ROOT

DEFAULT = PROJECT_ROOT / "data" / "reference" / "tables.yaml"
SCHEMA = PROJECT_ROOT / "workflow" / "schemas" / "tables.schema.yaml"
CHAPTER = "chapter"  # country of the ipemed-2019 chapter holding the line the row cites
# Kinds a field is read as besides the value parsers of normalise/values.py (PARSERS).
READER_KINDS = {"text", "sector", "place", "status"}


class TableRegistryError(ValueError):
    """A bad entry of the table registry: the message names the file, the line and the entry."""


@dataclass(frozen=True)
class MentionSpec:
    """Which cells of one extracted table name a cluster.

    ``country`` is an ISO code, ``"column:<name>"`` (a country cell, see
    mentions.COUNTRY_NAMES) or CHAPTER; ``location`` the columns whose first non-empty cell
    says where the cluster is; ``pattern`` a regex whose group ``name`` is the part of the cell
    naming the cluster; ``rows`` keeps only the rows whose cell is one of the given values,
    ``why`` says why the rows or columns left out name no cluster.
    """

    columns: tuple[str, ...]
    country: str
    location: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()  # columns that may be empty (the row then names no cluster)
    pattern: str | None = None
    split: str | None = None
    rows: dict[str, tuple[str, ...]] = field(default_factory=dict)
    why: str = ""


@dataclass(frozen=True)
class Field:
    field: str  # the snapshots.csv column this value fills
    column: str  # the extracted column holding the raw text
    kind: str  # how to read it: text, sector, place, status, or a kind of values.parse


@dataclass(frozen=True)
class Table:
    source_id: str
    table_id: str
    extractor: str  # the module whose TABLES[table_id] extracts it
    where: str  # 'file:line' of its entry, for messages
    mentions: MentionSpec | None = None
    no_mentions: str = ""  # why it names no cluster
    sector: str | None = None  # the column holding a free-text sector
    no_sector: str = ""  # why it gives no sector to crosswalk
    places_read_elsewhere: str = ""  # where its mentions' places are read, if not by fields
    fields: tuple[Field, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return (self.source_id, self.table_id)


@dataclass(frozen=True)
class TableRegistry:
    path: Path
    tables: dict[tuple[str, str], Table]  # in extraction order
    no_table: dict[str, str]  # source_id -> why it holds no table

    def of_source(self, source_id: str) -> list[Table]:
        return [t for t in self.tables.values() if t.source_id == source_id]

    def table_ids(self, source_id: str) -> list[str]:
        return [t.table_id for t in self.of_source(source_id)]

    def modules(self, source_id: str) -> list[str]:
        """The extractor modules of a source, in order of first use."""
        return list(dict.fromkeys(t.extractor for t in self.of_source(source_id)))

    @property
    def mention_specs(self) -> dict[tuple[str, str], MentionSpec]:
        return {k: t.mentions for k, t in self.tables.items() if t.mentions}

    @property
    def no_mentions(self) -> dict[tuple[str, str], str]:
        return {k: t.no_mentions for k, t in self.tables.items() if not t.mentions}

    @property
    def sector_columns(self) -> dict[tuple[str, str], str]:
        return {k: t.sector for k, t in self.tables.items() if t.sector}

    @property
    def no_sector(self) -> dict[tuple[str, str], str]:
        return {k: t.no_sector for k, t in self.tables.items() if not t.sector}

    @property
    def fields(self) -> dict[tuple[str, str], list[Field]]:
        return {k: list(t.fields) for k, t in self.tables.items() if t.fields}

    @property
    def places_read_elsewhere(self) -> dict[tuple[str, str], str]:
        return {
            k: t.places_read_elsewhere for k, t in self.tables.items() if t.places_read_elsewhere
        }

    def check_sources(self, source_ids, metadata) -> None:
        """Every source of the metadata has tables or a reason for having none, and every
        table's source is in the metadata."""
        known = set(source_ids)
        problems = [
            f"{t.where}: {t.source_id}/{t.table_id}: source {t.source_id!r} is not in {metadata}"
            for t in self.tables.values()
            if t.source_id not in known
        ]
        problems += [
            f"{self.path}: source {s!r} (in {metadata}) has no table and no reason for having "
            "none; add its tables, or a 'no_table' reason under 'sources'"
            for s in source_ids
            if not self.of_source(s) and s not in self.no_table
        ]
        problems += [
            f"{self.path}: source {s!r} has both tables and a 'no_table' reason"
            for s in self.no_table
            if self.of_source(s)
        ]
        if problems:
            raise TableRegistryError("table registry out of date:\n" + "\n".join(problems))


def _node_at(node, path) -> yaml.Node:
    """The deepest YAML node along a JSON-schema error path (for its line)."""
    for part in path:
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            child = node.value[part] if part < len(node.value) else None
        else:
            child = None
        if child is None:
            break
        node = child
    return node


def _entry(data, path) -> str:
    """'source/table' of the tables entry an error path is in, else ''."""
    if len(path) >= 2 and path[0] == "tables" and isinstance(path[1], int):
        entry = data["tables"][path[1]]
        if isinstance(entry, dict):
            return f"entry {entry.get('source', '?')}/{entry.get('table', '?')}: "
    return ""


def _check(data, root, path: Path) -> None:
    """Schema errors, then what a schema cannot say (one of mentions/no_mentions, unique keys,
    known kinds), each at its file:line."""
    from clusters_maghreb.normalise.values import PARSERS  # the value kinds, defined there

    schema = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))
    errors = sorted(
        jsonschema.Draft202012Validator(schema).iter_errors(data),
        key=lambda e: [str(p) for p in e.absolute_path],
    )
    problems = []
    for e in errors:
        at = list(e.absolute_path)
        line = _node_at(root, at).start_mark.line + 1
        problems.append(f"{path}:{line}: {_entry(data, at)}{e.message} (schema: {SCHEMA.name})")
    if not problems:
        seen: dict[tuple, int] = {}
        kinds = READER_KINDS | set(PARSERS)
        for i, entry in enumerate(data["tables"]):
            line = root_line(root, ["tables", i])
            name = f"{path}:{line}: entry {entry['source']}/{entry['table']}"
            key = (entry["source"], entry["table"])
            if key in seen:
                problems.append(f"{name}: declared twice (first at line {seen[key]})")
            seen.setdefault(key, line)
            for a, b in (("mentions", "no_mentions"), ("sector", "no_sector")):
                if (a in entry) == (b in entry):
                    problems.append(
                        f"{name}: expected exactly one of {a!r} (the columns) or {b!r} (why "
                        "none), found " + ("both" if a in entry else "neither")
                    )
            for f in entry.get("fields", []):
                if f["kind"] not in kinds:
                    problems.append(
                        f"{name}: field {f['field']!r} has kind {f['kind']!r}; expected one "
                        f"of {sorted(kinds)}"
                    )
    if problems:
        raise TableRegistryError("bad table registry:\n" + "\n".join(problems))


def root_line(root, path) -> int:
    return _node_at(root, path).start_mark.line + 1


def _table(entry: dict, where: str) -> Table:
    spec = entry.get("mentions")
    mentions = None
    if spec is not None:
        mentions = MentionSpec(
            columns=tuple(spec["columns"]),
            country=spec["country"],
            location=tuple(spec.get("location", ())),
            optional=tuple(spec.get("optional", ())),
            pattern=spec.get("pattern"),
            split=spec.get("split"),
            rows={c: tuple(v) for c, v in spec.get("rows", {}).items()},
            why=spec.get("why", ""),
        )
    return Table(
        source_id=entry["source"],
        table_id=entry["table"],
        extractor=entry["extractor"],
        where=where,
        mentions=mentions,
        no_mentions=entry.get("no_mentions", ""),
        sector=entry.get("sector"),
        no_sector=entry.get("no_sector", ""),
        places_read_elsewhere=entry.get("places_read_elsewhere", ""),
        fields=tuple(Field(f["field"], f["column"], f["kind"]) for f in entry.get("fields", [])),
    )


@cache
def _load(path: Path, mtime_ns: int) -> TableRegistry:  # mtime: an edited file is read again
    text = path.read_text(encoding="utf-8")
    try:
        # libyaml (PyYAML's C parser): a tenth of the pure-Python parser's time, each run
        data = yaml.load(text, Loader=yaml.CSafeLoader)
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as err:
        raise TableRegistryError(f"{path}: not valid YAML: {err}") from None
    _check(data, root, path)
    tables = {}
    for i, entry in enumerate(data["tables"]):
        table = _table(entry, f"{path}:{root_line(root, ['tables', i])}")
        tables[table.key] = table
    no_table = {s: v["no_table"] for s, v in data["sources"].items()}
    return TableRegistry(path, tables, no_table)


def load(path: str | Path | None = None) -> TableRegistry:
    """The table registry at ``path`` (the project's ``data/reference/tables.yaml`` by
    default), checked; read once per path."""
    path = Path(DEFAULT if path is None else path).resolve()
    return _load(path, path.stat().st_mtime_ns)
