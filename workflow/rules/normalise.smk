rule normalise_carte:
    """The three Carte des clusters tables of ipemed-2019, typed, in one table."""
    input:
        tables=expand(
            "data/interim/extracted/ipemed-2019/carte-{country}.csv",
            country=[c.lower() for c in COUNTRIES],
        ),
        legend="data/interim/extracted/ipemed-2019/carte-legend.csv",
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
