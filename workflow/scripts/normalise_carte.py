from clusters_maghreb.warm import hand_over

hand_over()  # the rest runs in a warm process, its imports done, if one is ready

import pandas as pd

from clusters_maghreb.io import read_csv, write_csv
from clusters_maghreb.normalise.carte import normalise_carte
from clusters_maghreb.rules import run


def step():
    legend = read_csv(snakemake.input.legend)
    parts = [
        normalise_carte(read_csv(path), country, legend)
        for country, path in zip(snakemake.params.countries, snakemake.input.tables, strict=True)
    ]
    write_csv(pd.concat(parts, ignore_index=True), snakemake.output[0])


run(snakemake, step)
