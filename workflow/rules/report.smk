REPORT_SOURCES = sorted(str(p) for p in Path("report").glob("*/*.qmd")) + [
    "report/_quarto.yml",
]
ANNEXES = [
    "annex-cards",
    "annex-other-clusters",
    "annex-people",
    "annex-sector-crosswalk",
    "annex-places",
    "annex-cluster-aliases",
    "annex-cluster-events",
    "annex-status-crosswalk",
    "annex-field-precedence",
    "annex-snapshot-2014",
    "annex-partners",
    "annex-partner-aliases",
    "annex-prose-values",
    "annex-build",
]
CONTEXT_TABLES = ["tbl-ecosystems", "tbl-legend", "tbl-mr-projects"]
# Every figure the chapters may embed: the notebooks' and the rule graph.
# Every figure a chapter may embed, in each language, as a path under results/figures/
# ("fig-x.svg" in English, "fr/fig-x.svg" in French).
REPORT_FIGURES = sorted(
    {
        str(Path(f).relative_to("results/figures"))
        for f in [f for nb in NOTEBOOKS for f in notebook_outputs(nb)]
        + with_translations(["results/figures/fig-rulegraph-all.svg"])
        if f.endswith(".svg")
    }
)


rule report_variables:
    """Every number the report's prose shows, gathered from the facts files."""
    input:
        facts=[f for nb in NOTEBOOKS for f in notebook_outputs(nb) if "/facts/" in f]
        + [
            "results/facts/build-all.json",
            "data/interim/passages/passages-all.json",
            "results/facts/hand_check-all.json",
        ],
        code=code("clusters_maghreb.report.variables"),
    output:
        all="report/_variables.yml",
        languages=expand("report/{lang}/_variables.yml", lang=LANGUAGES),
    log:
        "logs/report/variables.log",
    conda:
        "../envs/pipeline.yaml"
    params:
        languages=LANGUAGES,
    script:
        "../scripts/report_variables.py"


rule report_passages:
    """The study's passages the prose cites, found by their quotes: current lines, figures."""
    input:
        passages=sorted(str(p) for p in Path("data/reference/passages").glob("*.yaml")),
        raw=expand("data/raw/{source_id}.txt", source_id=SOURCE_IDS),
        verified=expand(
            "data/interim/verified/{source_id}.sha256", source_id=SOURCE_IDS
        ),
        code=code("clusters_maghreb.report.passages"),
    output:
        # staged with the interim data: a build that stops elsewhere leaves results/ as it was
        "data/interim/passages/passages-all.json",
    log:
        "logs/report/passages.log",
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/report_passages.py"


rule report_build_facts:
    """Counts of the build itself (tables, mentions, clusters, reference rows)."""
    input:
        manifest="data/interim/extracted/manifest.csv",
        mentions="data/interim/normalised/mentions.csv",
        processed="data/processed/datapackage.json",
        reference=expand(
            "data/reference/{name}.csv",
            name=["cluster_aliases", "sector_crosswalk", "places", "snapshot_2014"],
        ),
        code=code("clusters_maghreb.report.facts"),
    output:
        "results/facts/build-all.json",
    log:
        "logs/report/build_facts.log",
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/report_build_facts.py"


rule report_annexes:
    """Identity cards with the source of every value, reference tables, build information."""
    input:
        processed="data/processed/datapackage.json",
        reference=expand(
            "data/reference/{name}.csv",
            name=[
                "sector_crosswalk",
                "places",
                "cluster_aliases",
                "cluster_events",
                "status_crosswalk",
                "field_precedence",
                "snapshot_2014",
                "partners",
                "partner_aliases",
                "prose_values",
            ],
        ),
        sources=config["sources_metadata"],
        extracted=[
            "data/interim/extracted/ipemed-2019/carte-legend.csv",
            "data/interim/extracted/ipemed-2019/list-mr-projects.csv",
            "data/interim/extracted/ipemed-2019/annex-1-people.csv",
            "data/interim/extracted/ipemed-2019/cards.csv",
            "data/interim/extracted/ipemed-2019/card-fields.csv",
        ],
        catalogs=CATALOGS,
        code=code("clusters_maghreb.report.annex"),
    output:
        expand("results/report/{{lang}}/{annex}.md", annex=ANNEXES + CONTEXT_TABLES),
    log:
        "logs/report/annexes-{lang}.log",
    conda:
        "../envs/pipeline.yaml"
    # a parameter: a commit that changes what the build reads rewrites the build annex, and a
    # commit of the README or the tests does not (clusters_maghreb.version)
    params:
        commit=pipeline_commit(),
    script:
        "../scripts/report_annexes.py"


rule report_hand_check:
    """The hand-checked sample: its counts, the table of the values not judged correct, and a
    stop when a checked value is no longer in the data (its check must be redone)."""
    input:
        checked="data/reference/hand_check.csv",
        processed="data/processed/datapackage.json",
        sources="data/raw/sources.yaml",
        code=code("clusters_maghreb.report.hand_check"),
    output:
        facts="results/facts/hand_check-all.json",
        annexes=expand("results/report/{lang}/annex-hand-check.md", lang=LANGUAGES),
    log:
        "logs/report/hand_check.log",
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/report_hand_check.py"


rule report_language:
    """The metadata that switches the report's language (title, headings, blocks)."""
    input:
        code=code("clusters_maghreb.report.language"),
    output:
        "report/_generated/lang-{lang}.yml",
    log:
        "logs/report/language-{lang}.log",
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/report_language.py"


rule rulegraph_dot:
    """The pipeline's rule graph, as Snakemake describes it."""
    input:
        workflow=[
            "Snakefile",
            *sorted(str(p) for p in Path("workflow/rules").glob("*.smk")),
        ],
        sidecars=[f"notebooks/{nb}.yaml" for nb in NOTEBOOKS],
    output:
        "results/report/rulegraph.dot",
    log:
        "logs/report/rulegraph_dot.log",
    conda:
        "../envs/pipeline.yaml"
    shell:
        "snakemake --rulegraph --nolock --quiet all > {output} 2> {log}"


rule rulegraph:
    """The rule graph drawn as a figure of the methods annex."""
    input:
        dot="results/report/rulegraph.dot",
        code=code("clusters_maghreb.report.rulegraph"),
        # its texts go through the catalogs: a new translation redraws it
        catalogs=CATALOGS,
    output:
        svg="results/figures/fig-rulegraph-all.svg",
        # figures.save draws it in every language of the catalog
        translations=with_translations(["results/figures/fig-rulegraph-all.svg"])[1:],
    log:
        "logs/report/rulegraph.log",
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/draw_rulegraph.py"


rule report_bibliography:
    """The sources as a CSL-JSON bibliography, from the same metadata the hash check uses."""
    input:
        metadata=config["sources_metadata"],
        code=code("clusters_maghreb.report.bibliography"),
    output:
        "report/_generated/references.json",
    log:
        "logs/report/bibliography.log",
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/report_bibliography.py"


rule report_figures:
    """The figures, copied inside the report project: Quarto lets Typst read no file outside
    it (typst --root report/), so the chapters embed report/_generated/figures/*.svg."""
    input:
        expand("results/figures/{name}", name=REPORT_FIGURES),
    output:
        expand("report/_generated/figures/{name}", name=REPORT_FIGURES),
    log:
        "logs/report/figures.log",
    conda:
        "../envs/pipeline.yaml"
    params:
        names=REPORT_FIGURES,
    shell:
        "(cd results/figures && cp --parents {params.names} ../../report/_generated/figures/)"
        " 2> {log}"


rule report:
    """Every language and format of the report in one job, on its threads: with Quarto one
    render per language, each in a project of its own (renders of one project race); without
    Quarto, pandoc and Typst.
    """
    input:
        chapters=REPORT_SOURCES,
        variables=expand("report/{lang}/_variables.yml", lang=LANGUAGES),
        bibliography="report/_generated/references.json",
        languages=expand("report/_generated/lang-{lang}.yml", lang=LANGUAGES),
        annexes=expand(
            "results/report/{lang}/{annex}.md", lang=LANGUAGES, annex=ANNEXES
        ),
        figures=expand("report/_generated/figures/{name}", name=REPORT_FIGURES),
        hand_check=rules.report_hand_check.output.annexes,
        results=[f for nb in NOTEBOOKS for f in notebook_outputs(nb)],
        code=code(
            "clusters_maghreb.report.render",
            extra=("report/quarto-compat.lua", "report/report.css"),
        ),
    output:
        html=report_outputs("html"),
        pdf=report_outputs("pdf"),
    log:
        "logs/report/render.log",
        tools="logs/report/render-tools.log",
    conda:
        "../envs/pipeline.yaml"
    threads: 2
    params:
        quarto=use_quarto(),
        languages=LANGUAGES,
    script:
        "../scripts/render_report.py"
