# Early cutoff: normalise_carte and publish are checkpoints, the gates before the notebooks.
# When a checkpoint finishes, Snakemake looks at the DAG again, and a job that reads its
# outputs directly, newer than its own outputs but with the checksums recorded at its last
# run (files up to 1 MB), does not run. So a source edit that leaves the dataset
# byte-identical reruns the chain up to the gate, not the notebooks behind it. (Only direct
# dependants are looked at again, so the gates sit right before the jobs they spare.)
# Priority 10 (here, in sources.smk and extract.smk): the chain every notebook waits for runs
# first when the cores are busy.
checkpoint normalise_carte:
    """The three Carte des clusters tables of ipemed-2019, typed, in one table."""
    input:
        tables=expand(
            "data/interim/extracted/ipemed-2019/carte-{country}.csv",
            country=[c.lower() for c in COUNTRIES],
        ),
        legend="data/interim/extracted/ipemed-2019/carte-legend.csv",
        # Wait for every mention to resolve: a renamed cluster stops the build before any
        # notebook reads the Carte (this rule is the gate: unchanged, it spares them).
        resolved="data/interim/normalised/mentions.csv",
        code=code("clusters_maghreb.normalise.carte", "clusters_maghreb.io"),
    output:
        "data/interim/normalised/carte.csv",
    log:
        "logs/normalise_carte.log",
    conda:
        "../envs/pipeline.yaml"
    params:
        countries=COUNTRIES,
    script:
        "../scripts/normalise_carte.py"


REFERENCE = "data/reference"
# The dataset is built and validated here, then published to data/processed/ in one step, so a
# failing build leaves the last good data/processed/ (and all it feeds) as it was.
STAGING = "data/interim/dataset"
PROCESSED = [
    "clusters",
    "snapshots",
    "discrepancies",
    "partnerships",
    "levers",
    "ecosystems",
]


rule mentions:
    """Every extracted cell naming a cluster, resolved to a cluster_id through the aliases."""
    input:
        tables=[t for s in SOURCE_IDS for t in extracted(s)],
        sources=config["sources_metadata"],
        table_registry=TABLE_REGISTRY,
        registry=f"{REFERENCE}/cluster_registry.csv",
        aliases=f"{REFERENCE}/cluster_aliases.csv",
        code=code("clusters_maghreb.normalise.dataset"),
    output:
        "data/interim/normalised/mentions.csv",
    log:
        "logs/normalise/mentions.log",
    priority: 10
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/normalise_mentions.py"


rule observations:
    """One typed value per row, each with its source line."""
    input:
        mentions="data/interim/normalised/mentions.csv",
        tables=[t for s in SOURCE_IDS for t in extracted(s)],
        sources=config["sources_metadata"],
        table_registry=TABLE_REGISTRY,
        reference=expand(
            f"{REFERENCE}/{{name}}.csv",
            name=[
                "status_crosswalk",
                "sector_crosswalk",
                "places",
                "cluster_events",
                "snapshot_2014",
                "prose_values",
                "cluster_registry",
            ],
        ),
        raw=expand("data/raw/{source_id}.txt", source_id=SOURCE_IDS),
        code=code("clusters_maghreb.normalise.dataset"),
    output:
        f"{STAGING}/observations.csv",
    log:
        "logs/normalise/observations.log",
    priority: 10
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/normalise_observations.py"


rule dataset:
    """Clusters, snapshots (one row per cluster and year), discrepancies and side tables."""
    input:
        observations=f"{STAGING}/observations.csv",
        mentions="data/interim/normalised/mentions.csv",
        tables=[t for s in SOURCE_IDS for t in extracted(s)],
        reference=expand(
            f"{REFERENCE}/{{name}}.csv",
            name=[
                "cluster_registry",
                "cluster_aliases",
                "cluster_events",
                "field_precedence",
                "snapshot_2014",
                "snapshot_2014_carried",
                "partners",
                "partner_aliases",
            ],
        ),
        # the sources the 2014 snapshot's quotes are found in
        raw=expand("data/raw/{source_id}.txt", source_id=SOURCE_IDS),
        code=code("clusters_maghreb.normalise.dataset"),
    output:
        **{name: f"{STAGING}/{name}.csv" for name in PROCESSED},
    log:
        "logs/normalise/dataset.log",
    priority: 10
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/normalise_dataset.py"


rule datapackage:
    """Validate the staged tables (Table Schemas, pandera, domain checks), then describe them
    in datapackage.json."""
    input:
        tables=expand(f"{STAGING}/{{name}}.csv", name=["observations", *PROCESSED]),
        schema="workflow/schemas/datapackage.yaml",
        sources=config["sources_metadata"],
        code=code("clusters_maghreb.normalise.dataset"),
    output:
        f"{STAGING}/datapackage.json",
    log:
        "logs/normalise/datapackage.log",
    priority: 10
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/normalise_datapackage.py"


checkpoint publish:
    """Copy the validated dataset to data/processed/, only once it has passed validation and
    the passages the report cites have been found in the sources: a source edit that loses a
    cited passage stops the build there, with data/processed/ as the last good build left it.
    """
    input:
        tables=expand(f"{STAGING}/{{name}}.csv", name=["observations", *PROCESSED]),
        datapackage=f"{STAGING}/datapackage.json",
        passages_found="data/interim/passages/passages-all.json",
        code=code("clusters_maghreb.io"),
    output:
        tables=expand("data/processed/{name}.csv", name=["observations", *PROCESSED]),
        datapackage="data/processed/datapackage.json",
    log:
        "logs/normalise/publish.log",
    priority: 10
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/publish_dataset.py"
