"""The processed tables against their Table Schemas, and the domain checks.

``workflow/schemas/datapackage.yaml`` is the schema, written once: it becomes
``data/processed/datapackage.json`` (Frictionless) and the pandera schemas derived here. A
failing check stops the build and prints the offending rows.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import yaml

from clusters_maghreb import constants
from clusters_maghreb.io import read_csv, write_atomic
from clusters_maghreb.normalise.places import BOUNDS, BOUNDS_MARGIN
from clusters_maghreb.sources import load_sources

PANDAS_TYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}


class ValidationError(ValueError):
    """A processed table breaks its schema or a domain rule; the message shows the rows."""


def load_schema(path: str | Path, sources_yaml: str | Path | None = None) -> dict:
    """The schema, with its ``$source_ids`` and ``$reference_years`` enums filled in from the
    sources' metadata (``sources_yaml``, the project's data/raw/sources.yaml by default)."""
    with open(path, encoding="utf-8") as fh:
        schema = yaml.safe_load(fh)
    sources_yaml = constants.SOURCES_YAML if sources_yaml is None else sources_yaml
    filled = {
        "$source_ids": [s["id"] for s in load_sources(sources_yaml)],
        "$reference_years": list(constants.reference_years(sources_yaml)),
    }
    for res in schema["resources"]:
        for f in res["schema"]["fields"]:
            enum = f.get("constraints", {}).get("enum")
            if isinstance(enum, str):
                if enum not in filled:
                    raise ValueError(f"{path}: {res['name']}.{f['name']}: unknown enum {enum!r}")
                f["constraints"]["enum"] = filled[enum]
    return schema


def write_datapackage(schema: dict, out: str | Path) -> None:
    write_atomic(out, json.dumps(schema, ensure_ascii=False, indent=2) + "\n")


def resource(schema: dict, name: str) -> dict:
    (res,) = [r for r in schema["resources"] if r["name"] == name]
    return res


def typed(df: pd.DataFrame, table_schema: dict) -> pd.DataFrame:
    """A CSV read as strings, typed as its Table Schema says ('' is missing)."""
    out = df.replace("", pd.NA)
    for f in table_schema["fields"]:
        if f["type"] == "boolean":
            out[f["name"]] = out[f["name"]].map({"true": True, "false": False}, na_action="ignore")
        out[f["name"]] = out[f["name"]].astype(PANDAS_TYPES[f["type"]])
    return out


def pandera_schema(name: str, table_schema: dict) -> pa.DataFrameSchema:
    columns = {}
    for f in table_schema["fields"]:
        c = f.get("constraints", {})
        checks = []
        if "enum" in c:
            checks.append(pa.Check.isin(c["enum"]))
        if "minimum" in c:
            checks.append(pa.Check.ge(c["minimum"]))
        if "maximum" in c:
            checks.append(pa.Check.le(c["maximum"]))
        if "pattern" in c:
            checks.append(pa.Check.str_matches(f"^(?:{c['pattern']})$"))
        columns[f["name"]] = pa.Column(
            PANDAS_TYPES[f["type"]],
            checks=checks,
            nullable=not c.get("required", False),
            unique=c.get("unique", False),
        )
    keys = table_schema.get("primaryKey")
    return pa.DataFrameSchema(
        columns,
        strict=True,
        ordered=True,
        unique=keys if keys and len(keys) > 1 else None,
        name=name,
    )


def _fail(what: str, rows: pd.DataFrame) -> None:
    raise ValidationError(f"{what}:\n{rows.to_string(max_rows=40, max_colwidth=60)}")


def check_table(name: str, df: pd.DataFrame, schema: dict) -> pd.DataFrame:
    """Validate one table read as strings; return it typed."""
    table_schema = resource(schema, name)["schema"]
    expected = [f["name"] for f in table_schema["fields"]]
    if list(df.columns) != expected:
        raise ValidationError(
            f"data/processed/{name}.csv: expected columns {expected}, found {list(df.columns)}"
        )
    frame = typed(df, table_schema)
    try:
        pandera_schema(name, table_schema).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases[["column", "check", "index", "failure_case"]]
        _fail(f"data/processed/{name}.csv breaks its Table Schema", cases)
    return frame


def check_domain(tables: dict[str, pd.DataFrame]) -> None:
    """Foreign keys between tables, and coordinates inside the cluster's country."""
    ids = set(tables["clusters"]["cluster_id"])
    for name, df in tables.items():
        if name != "clusters" and "cluster_id" in df:
            orphans = df[~df["cluster_id"].isin(ids)]
            if len(orphans):
                _fail(f"data/processed/{name}.csv: cluster_id not in clusters.csv", orphans)
    snaps = tables["snapshots"]
    wrong_country = snaps[snaps["country"] != snaps["cluster_id"].str[:2].str.upper()]
    if len(wrong_country):
        _fail("snapshots.csv: country differs from the cluster_id's prefix", wrong_country)
    placed = snaps.dropna(subset=["lat", "lon"])
    outside = placed[
        [
            not (
                b[0] - BOUNDS_MARGIN <= lon <= b[2] + BOUNDS_MARGIN
                and b[1] - BOUNDS_MARGIN <= lat <= b[3] + BOUNDS_MARGIN
            )
            for lat, lon, b in zip(
                placed["lat"], placed["lon"], placed["country"].map(BOUNDS), strict=True
            )
        ]
    ]
    if len(outside):
        _fail("snapshots.csv: coordinates outside the cluster's country", outside)


def validate_package(processed_dir: str | Path, schema: dict) -> dict[str, pd.DataFrame]:
    processed_dir = Path(processed_dir)
    tables = {
        r["name"]: check_table(r["name"], read_csv(processed_dir / r["path"]), schema)
        for r in schema["resources"]
    }
    check_domain(tables)
    return tables
