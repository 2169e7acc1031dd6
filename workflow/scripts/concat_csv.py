from clusters_maghreb.warm import hand_over

hand_over()  # the rest runs in a warm process, its imports done, if one is ready

import pandas as pd

from clusters_maghreb.io import read_csv, write_csv
from clusters_maghreb.rules import run

run(
    snakemake,
    lambda: write_csv(
        pd.concat([read_csv(p) for p in snakemake.input], ignore_index=True),
        snakemake.output[0],
    ),
)
