from clusters_maghreb.warm import hand_over

hand_over()  # the rest runs in a warm process, its imports done, if one is ready

from clusters_maghreb.report.language import write_metadata
from clusters_maghreb.rules import run

run(snakemake, lambda: write_metadata(snakemake.wildcards.lang, snakemake.output[0]))
