rule carte_notebook:
    """One country's clusters by sector and status, as a table, a figure and facts."""
    input:
        notebook="notebooks/carte_country.ipynb",
        carte="data/interim/normalised/carte.csv",
        code=notebook_code("notebooks/carte_country.ipynb", extra=("house.mplstyle",)),
    output:
        notebook="results/notebooks/carte_country-{country}.ipynb",
        table="results/tables/tbl-carte-{country}.csv",
        table_md="results/tables/tbl-carte-{country}.md",
        counts="results/tables/tbl-sector-status-{country}.csv",
        counts_md="results/tables/tbl-sector-status-{country}.md",
        svg="results/figures/fig-sector-status-{country}.svg",
        png="results/figures/fig-sector-status-{country}.png",
        facts="results/facts/carte_country-{country}.json",
    log:
        "logs/compare/carte_country-{country}.log",
    wildcard_constraints:
        country="[a-z]{2}",
    conda:
        "../envs/pipeline.yaml"
    params:
        kernel=config["kernel"],
        country=lambda wc: wc.country.upper(),
    shell:
        "papermill {input.notebook} {output.notebook} -k {params.kernel} --cwd . "
        "-p country {params.country} -p carte {input.carte} "
        "-p tables_dir results/tables -p figures_dir results/figures "
        "-p facts_dir results/facts > {log} 2>&1"
