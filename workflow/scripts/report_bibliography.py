from clusters_maghreb.report.bibliography import write_bibliography
from clusters_maghreb.rules import run

run(snakemake, lambda: write_bibliography(snakemake.input.metadata, snakemake.output[0]))
