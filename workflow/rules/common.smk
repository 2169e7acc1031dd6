import shutil

from snakemake.utils import validate

from clusters_maghreb.deps import code_files, notebook_modules
from clusters_maghreb.extract.registry import MODULES, table_ids
from clusters_maghreb.sources import load_sources

validate(config, "../schemas/config.schema.yaml")

SOURCES = {s["id"]: s for s in load_sources(config["sources_metadata"])}
SOURCE_IDS = list(MODULES)
if sorted(SOURCES) != sorted(SOURCE_IDS):
    raise ValueError(
        f"{config['sources_metadata']} lists {sorted(SOURCES)}, but the extractors know "
        f"{sorted(SOURCE_IDS)} (src/clusters_maghreb/extract/registry.py)"
    )
COUNTRIES = config["countries"]


def code(*modules, extra=()):
    """Package files that a script of the workflow runs (its imports, transitively)."""
    return code_files("clusters_maghreb.rules", *modules, extra=extra)


def notebook_code(notebook, extra=()):
    """Package files a notebook imports (Snakemake only reruns for code it can see)."""
    return code_files(*notebook_modules(notebook), extra=extra)


def extracted(source_id):
    return [
        f"data/interim/extracted/{source_id}/{table_id}.csv"
        for table_id in table_ids(source_id)
    ]


def use_quarto():
    engine = config["report"]["engine"]
    return engine == "quarto" or (
        engine == "auto" and shutil.which("quarto") is not None
    )
