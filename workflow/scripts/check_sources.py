import pandas as pd

from clusters_maghreb.io import write_csv
from clusters_maghreb.rules import run
from clusters_maghreb.sources import verify


def step():
    sources = verify(snakemake.input.metadata)
    table = pd.DataFrame(sources)[["id", "file", "sha256"]]
    write_csv(table, snakemake.output[0])


run(snakemake, step)
