from clusters_maghreb.report.render import render
from clusters_maghreb.rules import run

run(
    snakemake,
    lambda: render(
        "report",
        list(
            zip(
                snakemake.params.languages,
                snakemake.input.languages,
                snakemake.output.html,
                snakemake.output.pdf,
                strict=True,
            )
        ),
        quarto=snakemake.params.quarto,
        threads=snakemake.threads,
        log=snakemake.log.tools,
    ),
)
