# One rule per source, so that editing one source reruns only its own extraction.
for _source_id in SOURCE_IDS:

    rule:
        name:
            f"extract_{_source_id.replace('-', '_')}"
        input:
            raw=f"data/raw/{_source_id}.txt",
            verified=f"data/interim/verified/{_source_id}.sha256",
            table_registry=TABLE_REGISTRY,
            code=code("clusters_maghreb.extract.run", *TABLES.modules(_source_id)),
        output:
            tables=extracted(_source_id),
            manifest=f"data/interim/extracted/{_source_id}/manifest-part.csv",
        log:
            f"logs/extract/{_source_id}.log",
        priority: 10
        conda:
            "../envs/pipeline.yaml"
        params:
            source_id=_source_id,
        script:
            "../scripts/extract_source.py"


rule extraction_manifest:
    """Rows extracted per table, line spans and the counts the sources announce."""
    input:
        expand(
            "data/interim/extracted/{source_id}/manifest-part.csv",
            source_id=SOURCE_IDS,
        ),
    output:
        "data/interim/extracted/manifest.csv",
    log:
        "logs/extraction_manifest.log",
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/concat_csv.py"
