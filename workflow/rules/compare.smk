# One rule per notebook, from its sidecar notebooks/<name>.yaml: adding a notebook is adding
# the two files. One job runs the notebook for each of its countries in turn, in one kernel
# (clusters_maghreb.notebook_engine.SharedKernel: each run as in a fresh kernel), forked with
# the heavy imports done from a process the build's notebook jobs share
# (clusters_maghreb.warm); each run writes its tables, figures, facts and executed copy under
# results/.
for _nb, _spec in NOTEBOOKS.items():

    rule:
        name:
            f"notebook_{_nb}"
        input:
            **_spec["inputs"],
            notebook=f"notebooks/{_nb}.ipynb",
            sidecar=f"notebooks/{_nb}.yaml",
            code=notebook_code(f"notebooks/{_nb}.ipynb", extra=("house.mplstyle",)),
            engine=code_files(
                "clusters_maghreb.notebook_engine", "clusters_maghreb.notebook_failure"
            ),
            catalogs=CATALOGS,
        output:
            notebook_outputs(_nb),
        log:
            f"logs/compare/{_nb}.log",
        # before the annexes and the other report inputs, the priority of the rules that lead
        # to the dataset (sources, extract, normalise): the report's variables wait for every
        # notebook's facts, the annexes take a second each
        priority: 10
        conda:
            "../envs/pipeline.yaml"
        params:
            kernel=config["kernel"],
            countries=" ".join(_spec["countries"]),
            inputs=" ".join(f"-p {k} {v}" for k, v in _spec["inputs"].items()),
        # run by a child of the warm process that holds papermill's and the kernels' imports
        # (src/clusters_maghreb/warm.py); the kernel on private Unix sockets, not TCP ports two
        # jobs may both pick (src/clusters_maghreb/notebook_engine.py); on failure the
        # notebook's own exception goes to the console, not only to the log
        # (src/clusters_maghreb/notebook_failure.py)
        shell:
            "python -m clusters_maghreb.warm --run clusters_maghreb.notebook_engine "
            "{input.notebook} results/notebooks "
            "-k {params.kernel} --countries {params.countries} {params.inputs} "
            "-p results_dir results > {log} 2>&1 "
            "|| {{ python -m clusters_maghreb.notebook_failure {input.notebook} {log}; exit 1; }}"


rule check_claims:
    """claims.yaml loaded (its quotes found in the sources) and evaluated before the claims
    notebook runs: a broken claim stops the build here with one message (the file, the claim,
    the closest line), and the notebook's last good results and facts stay as they were.
    """
    input:
        claims="data/reference/claims.yaml",
        sources="data/raw/sources.yaml",
        extracted="data/interim/extracted/manifest.csv",
        processed="data/processed/datapackage.json",
        code=code("clusters_maghreb.compare.claims"),
    output:
        "data/interim/claims/verdicts.csv",
    log:
        "logs/compare/check_claims.log",
    priority: 10
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/check_claims.py"
