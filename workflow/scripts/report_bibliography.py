from clusters_maghreb.warm import hand_over

hand_over()  # the rest runs in a warm process, its imports done, if one is ready

from clusters_maghreb.report.bibliography import write_bibliography
from clusters_maghreb.rules import run

run(snakemake, lambda: write_bibliography(snakemake.input.metadata, snakemake.output[0]))
