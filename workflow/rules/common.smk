import shutil

from snakemake.utils import validate

from clusters_maghreb.extract.registry import MODULES, table_ids

validate(config, "../schemas/config.schema.yaml")

SOURCE_IDS = list(MODULES)
COUNTRIES = config["countries"]
# The package's code, declared as input of the rules that import it (Snakemake only reruns for
# code it can see).
PACKAGE = "src/clusters_maghreb"


def package_files(*modules):
    """Files of the package a rule imports, e.g. package_files("extract", "io.py")."""
    files = []
    for module in modules:
        path = Path(PACKAGE) / module
        if path.is_dir():
            files += sorted(
                str(p)
                for p in path.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts
            )
        else:
            files.append(str(path))
    return files


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
