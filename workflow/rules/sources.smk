rule check_sources:
    """Stop the build unless every raw source matches the sha256 in sources.yaml."""
    input:
        metadata=config["sources_metadata"],
        raw=expand("data/raw/{source_id}.txt", source_id=SOURCE_IDS),
        code=code("clusters_maghreb.sources", "clusters_maghreb.io"),
    output:
        "data/interim/sources-verified.csv",
    log:
        "logs/check_sources.log",
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/check_sources.py"
