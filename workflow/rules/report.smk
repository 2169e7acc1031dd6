REPORT_SOURCES = sorted(str(p) for p in Path("report").rglob("*.qmd")) + [
    "report/_quarto.yml",
]


rule report_variables:
    """Every number the report's prose shows, gathered from the notebooks' facts files."""
    input:
        facts=[f for nb in NOTEBOOKS for f in notebook_outputs(nb) if "/facts/" in f],
        code=code("clusters_maghreb.report.variables"),
    output:
        "report/_variables.yml",
    log:
        "logs/report_variables.log",
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/report_variables.py"


rule report_bibliography:
    """The sources as a CSL-JSON bibliography, from the same metadata the hash check uses."""
    input:
        metadata=config["sources_metadata"],
        code=code("clusters_maghreb.report.bibliography"),
    output:
        "report/_generated/references.json",
    log:
        "logs/report_bibliography.log",
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/report_bibliography.py"


rule report:
    """One render of the whole report project (parallel renders of one project race)."""
    input:
        chapters=REPORT_SOURCES,
        variables="report/_variables.yml",
        bibliography="report/_generated/references.json",
        results=[f for nb in NOTEBOOKS for f in notebook_outputs(nb)],
        code=code(
            "clusters_maghreb.report.render",
            extra=("report/quarto-compat.lua", "report/report.css"),
        ),
    output:
        html="report/_output/report.html",
        pdf="report/_output/report.pdf",
    log:
        "logs/report.log",
    conda:
        "../envs/pipeline.yaml"
    params:
        quarto=use_quarto(),
    script:
        "../scripts/render_report.py"
