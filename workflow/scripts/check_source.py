from clusters_maghreb.warm import hand_over

hand_over()  # the rest runs in a warm process, its imports done, if one is ready

from clusters_maghreb.io import write_atomic
from clusters_maghreb.rules import run
from clusters_maghreb.sources import verify_one


def step():
    digest = verify_one(snakemake.input.raw, snakemake.params.expected, snakemake.params.metadata)
    write_atomic(snakemake.output[0], f"{digest}  {snakemake.input.raw}\n")


run(snakemake, step)
