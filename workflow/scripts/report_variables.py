from clusters_maghreb.warm import hand_over

hand_over()  # the rest runs in a warm process, its imports done, if one is ready

from clusters_maghreb.report.variables import write_variables
from clusters_maghreb.rules import run


def step():
    write_variables(snakemake.input.facts, snakemake.output.all)
    for lang, out in zip(snakemake.params.languages, snakemake.output.languages, strict=True):
        write_variables(snakemake.input.facts, out, lang)


run(snakemake, step)
