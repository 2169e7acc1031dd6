rule check_source:
    """Stop the build unless the raw source has the sha256 that sources.yaml records.

    The expected hash is a parameter: editing one source and its hash reruns only that
    source's check and what depends on it."""
    input:
        raw="data/raw/{source_id}.txt",
        code=code("clusters_maghreb.sources"),
    output:
        "data/interim/verified/{source_id}.sha256",
    log:
        "logs/check_source/{source_id}.log",
    priority: 10
    conda:
        "../envs/pipeline.yaml"
    params:
        expected=lambda wc: SOURCES[wc.source_id]["sha256"],
        metadata=config["sources_metadata"],
    script:
        "../scripts/check_source.py"


checkpoint source_names:
    """Each source's name as the bibliography gives it ('Pommier (2019)'), which the notebooks
    print instead of source ids. A checkpoint, so the early cutoff applies: a source edited
    with its new sha256 changes sources.yaml but not these names, and the notebooks are spared
    (see normalise.smk)."""
    input:
        metadata=config["sources_metadata"],
        code=code("clusters_maghreb.report.bibliography"),
    output:
        "data/interim/source_names.json",
    log:
        "logs/source_names.log",
    priority: 10
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/source_names.py"
