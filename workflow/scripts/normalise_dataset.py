from clusters_maghreb.warm import hand_over

hand_over()  # the rest runs in a warm process, its imports done, if one is ready

from clusters_maghreb.normalise.dataset import write_dataset
from clusters_maghreb.rules import folder, run

inputs = snakemake.input
run(
    snakemake,
    lambda: write_dataset(
        folder(inputs.tables, depth=2),
        inputs.observations,
        inputs.mentions,
        folder(inputs.reference),
        dict(snakemake.output.items()),
        folder(inputs.raw),
    ),
)
