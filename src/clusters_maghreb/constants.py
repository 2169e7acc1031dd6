"""Constants more than one module needs, defined once: the Maghreb countries and their names,
and the reference years of the dataset (read from the sources' metadata)."""

from __future__ import annotations

from pathlib import Path

from clusters_maghreb import PROJECT_ROOT
from clusters_maghreb.sources import load_sources

SOURCES_YAML = PROJECT_ROOT / "data" / "raw" / "sources.yaml"

# The five countries of the study (ISO 3166-1 alpha-2), in the study's order, with their English
# names (the catalogs of locale/ translate them).
COUNTRY_NAMES = {
    "MA": "Morocco",
    "DZ": "Algeria",
    "TN": "Tunisia",
    "MR": "Mauritania",
    "LY": "Libya",
}
MAGHREB = tuple(COUNTRY_NAMES)

# The year of IPEMED's 2014 study, which is not among the sources: its snapshot is
# reconstructed from what later sources say (data/reference/snapshot_2014.csv).
RECONSTRUCTED_YEAR = 2014


def reference_years(sources_yaml: str | Path = SOURCES_YAML) -> tuple[int, ...]:
    """The dataset's reference years: the reconstructed 2014 and each source's
    ``reference_year`` (data/raw/sources.yaml), in order."""
    stated = {int(s["reference_year"]) for s in load_sources(sources_yaml)}
    return tuple(sorted(stated | {RECONSTRUCTED_YEAR}))


YEARS = reference_years()
