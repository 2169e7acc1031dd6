from clusters_maghreb.warm import hand_over

hand_over()  # the rest runs in a warm process, its imports done, if one is ready

from pathlib import Path

from clusters_maghreb.report.rulegraph import draw
from clusters_maghreb.rules import run

run(
    snakemake,
    lambda: draw(
        Path(snakemake.input.dot).read_text(encoding="utf-8"),
        Path(snakemake.output.svg).with_suffix(""),
    ),
)
