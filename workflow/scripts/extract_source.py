from clusters_maghreb.warm import hand_over

hand_over()  # the rest runs in a warm process, its imports done, if one is ready

from pathlib import Path

from clusters_maghreb.extract.run import write_source
from clusters_maghreb.rules import run

run(
    snakemake,
    lambda: write_source(
        snakemake.input.raw,
        snakemake.params.source_id,
        Path(snakemake.output.manifest).parent,
        snakemake.output.manifest,
        snakemake.input.table_registry,
    ),
)
