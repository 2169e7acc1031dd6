from clusters_maghreb.report.render import render
from clusters_maghreb.rules import run

run(
    snakemake,
    lambda: render(
        "report",
        html=snakemake.output.html,
        pdf=snakemake.output.pdf,
        quarto=snakemake.params.quarto,
    ),
)
