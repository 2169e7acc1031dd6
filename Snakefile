# clusters-maghreb: regenerate the IPEMED study "Clusters au Maghreb" (2019) from its sources.
# Stages (workflow/rules): sources -> extract -> normalise -> compare -> report.


configfile: "config/config.yaml"


include: "workflow/rules/common.smk"
include: "workflow/rules/sources.smk"
include: "workflow/rules/extract.smk"
include: "workflow/rules/normalise.smk"
include: "workflow/rules/compare.smk"
include: "workflow/rules/report.smk"


rule all:
    default_target: True
    input:
        "data/interim/extracted/manifest.csv",
        "data/processed/datapackage.json",
        report_outputs("html"),
        report_outputs("pdf"),
