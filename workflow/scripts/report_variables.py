from clusters_maghreb.report.variables import write_variables
from clusters_maghreb.rules import run

run(snakemake, lambda: write_variables(snakemake.input.facts, snakemake.output[0]))
