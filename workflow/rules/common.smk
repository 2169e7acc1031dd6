import shutil

import yaml

from snakemake.exceptions import WorkflowError
from snakemake.utils import validate

from clusters_maghreb.deps import code_files, notebook_modules
from clusters_maghreb.i18n import SOURCE_LANGUAGE, languages
from clusters_maghreb import table_registry
from clusters_maghreb.param_hashing import pandas_only_when_loaded
from clusters_maghreb.scheduling import one_pending_reevaluation
from clusters_maghreb.sources import load_sources
from clusters_maghreb.version import pipeline_commit

# Snakemake's scheduler wakes once a second per finished job, and its exit waits for the last
# wake-up: one pending wake-up is enough (src/clusters_maghreb/scheduling.py)
one_pending_reevaluation()
# Snakemake imports pandas (0.2-0.3 s) to hash the params of every job, in case one is a
# DataFrame; none is here (src/clusters_maghreb/param_hashing.py)
pandas_only_when_loaded()

try:
    validate(config, "../schemas/config.schema.yaml")
except WorkflowError as err:
    raise WorkflowError(
        f"config/config.yaml: invalid value; fix it as the schema "
        f"(workflow/schemas/config.schema.yaml) says: {err}"
    ) from None


def load_notebooks():
    """notebooks/<name>.yaml: how to run each notebook, validated."""
    out = {}
    for sidecar in sorted(Path("notebooks").glob("*.yaml")):
        with open(sidecar, encoding="utf-8") as fh:
            spec = yaml.load(fh, Loader=yaml.CSafeLoader)  # libyaml: read by every run
        validate(spec, "../schemas/notebook.schema.yaml")
        out[sidecar.stem] = spec
    return out


NOTEBOOKS = load_notebooks()


# The message catalogs (src/clusters_maghreb/i18n.py): every rule that prints labels reads them.
CATALOGS = sorted(
    str(p) for p in Path("src/clusters_maghreb/locale").glob("*/LC_MESSAGES/*.po")
)


def with_translations(files):
    """``files`` and, for each table (.md) and figure, its copy in each other language of
    the catalog, which tables.write and figures.save write under <dir>/<lang>/."""
    translated = [
        str(Path(f).parent / lang / Path(f).name)
        for f in files
        if Path(f).suffix in {".md", ".svg"}
        for lang in languages()
        if lang != SOURCE_LANGUAGE
    ]
    return [*files, *translated]


def notebook_outputs(nb):
    """Every file a notebook writes, for every country it runs for."""
    spec = NOTEBOOKS[nb]
    ccs = [c.lower() for c in spec["countries"]]
    files = with_translations([f"results/{o}" for o in spec["outputs"]])
    files += [f"results/facts/{nb}-{{cc}}.json", f"results/notebooks/{nb}-{{cc}}.ipynb"]
    return expand(files, cc=ccs)


SOURCES = {s["id"]: s for s in load_sources(config["sources_metadata"])}
SOURCE_IDS = list(SOURCES)
# What the pipeline knows about each source table (extractor, mentions, sectors, fields).
TABLE_REGISTRY = "data/reference/tables.yaml"
TABLES = table_registry.load(TABLE_REGISTRY)
TABLES.check_sources(SOURCE_IDS, config["sources_metadata"])
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
        for table_id in TABLES.table_ids(source_id)
    ]


def use_quarto():
    engine = config["report"]["engine"]
    return engine == "quarto" or (
        engine == "auto" and shutil.which("quarto") is not None
    )


LANGUAGES = config["report"]["languages"]


def report_outputs(ext):
    """report/_output/report.<ext> in the first language, report-<lang>.<ext> in the others."""
    from clusters_maghreb.report.language import output_name

    return [f"report/_output/{output_name(lang, LANGUAGES, ext)}" for lang in LANGUAGES]
