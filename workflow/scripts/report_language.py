from clusters_maghreb.report.language import write_metadata
from clusters_maghreb.rules import run

run(snakemake, lambda: write_metadata(snakemake.wildcards.lang, snakemake.output[0]))
