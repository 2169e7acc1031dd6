"""The carte notebook runs for every country and its facts match an independent count."""

import pytest

from clusters_maghreb.extract.ipemed_2019 import TABLES
from clusters_maghreb.io import write_csv
from clusters_maghreb.normalise.carte import normalise_carte
from tests.notebook_run import run_notebook


@pytest.fixture(scope="module")
def raw(read_source):
    src = read_source("ipemed-2019")
    return {
        t: fn(src).table.astype({"line_start": str, "line_end": str}) for t, fn in TABLES.items()
    }


@pytest.fixture(scope="module")
def carte_csv(raw, tmp_path_factory):
    path = tmp_path_factory.mktemp("normalised") / "carte.csv"
    import pandas as pd

    parts = [
        normalise_carte(raw[f"carte-{c.lower()}"], c, raw["carte-legend"])
        for c in ("MA", "DZ", "TN")
    ]
    write_csv(pd.concat(parts), path)
    return path


@pytest.mark.parametrize("country", ["MA", "DZ", "TN"])
def test_notebook_executes_and_its_facts_match_the_source(country, raw, carte_csv, tmp_path):
    facts = run_notebook(
        "carte_country",
        country,
        tmp_path,
        carte=carte_csv,
    )
    cc = country.lower()
    # Recount from the raw extracted cells, not from the normalised table the notebook read.
    table = raw[f"carte-{cc}"]
    assert facts["n_clusters"] == len(table)
    assert facts["n_constituted"] == (table["constitue"] == "oui").sum()
    assert facts["n_emergent"] == (table["emergent"] == "oui").sum()
    assert facts["n_expected"] == (table["attendu"] == "oui").sum()
    assert facts["n_partner_north"] == (table["partenariat_nord"] == "oui").sum()
    assert facts["n_rooted"] == (table["territoire_enracine"] != "").sum()
    assert facts["n_sectors"] == table["activite"].nunique()
    assert facts["line_start"] == int(table["line_start"].iloc[0])
    for name in (
        f"tables/tbl-carte-{cc}.csv",
        f"tables/tbl-carte-{cc}.md",
        f"tables/tbl-sector-status-{cc}.md",
        f"figures/fig-sector-status-{cc}.svg",
    ):
        assert (tmp_path / name).stat().st_size > 0, name
    md = (tmp_path / "tables" / f"tbl-carte-{cc}.md").read_text()
    assert md.count("\n") == len(table) + 2  # header, rule, one line per cluster
