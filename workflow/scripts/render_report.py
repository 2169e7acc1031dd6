# Not handed over to a warm process (clusters_maghreb.warm.hand_over), as the other scripts are:
# its work is pandoc's and Typst's, and its two threads set variables (OMP_NUM_THREADS...) that
# would need a warm process of their own.
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
