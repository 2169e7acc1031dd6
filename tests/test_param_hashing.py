"""Snakemake's parameter hashing imports pandas only if loaded (clusters_maghreb.param_hashing)."""

import subprocess
import sys

import pandas as pd
import pytest

from clusters_maghreb import param_hashing
from tests.conftest import ROOT


def test_the_installed_snakemake_is_the_one_the_change_was_written_for():
    # after an upgrade, read the new PersistenceBase._serialize_param_pandas: the change may be
    # upstream already, or need writing again (then update EXPECTED)
    assert param_hashing.applies()


VALUES = [
    None,
    3,
    2.5,
    True,
    "MA DZ TN",
    ["a", 1],
    ("a",),
    {"k": [1, 2]},
    {1, 2},
    b"x",
    range(3),
    object(),  # unrepresentable: no rerun is decided on it
    pd.DataFrame({"a": [1, 2]}),
    pd.Series([1.5, None]),
    pd.Index(["x", "y"]),
]


def stub():
    """What the two methods use of Snakemake's persistence: its builtin writer."""
    from snakemake.persistence import PersistenceBase

    return type(
        "Persistence", (), {"_serialize_param_builtin": PersistenceBase._serialize_param_builtin}
    )()


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_with_pandas_loaded_every_value_is_written_as_snakemake_writes_it(value):
    from snakemake.persistence import PersistenceBase

    # Snakemake's own method, not the replacement (nothing in this process applies it)
    assert (
        PersistenceBase._serialize_param_pandas
        is not param_hashing._serialize_param_if_pandas_loaded
    )
    persistence = stub()
    mine = param_hashing._serialize_param_if_pandas_loaded(persistence, value)
    assert mine == PersistenceBase._serialize_param_pandas(persistence, value)


# Run in a fresh interpreter, where nothing has imported pandas yet.
WITHOUT_PANDAS = """
import sys
from snakemake.persistence import PersistenceBase
from clusters_maghreb import param_hashing
assert "pandas" not in sys.modules
builtin = PersistenceBase._serialize_param_builtin
persistence = type("P", (), {"_serialize_param_builtin": builtin})()
values = [None, 3, "MA", ["a", 1], {"k": 2}, object()]
written = [param_hashing._serialize_param_if_pandas_loaded(persistence, v) for v in values]
assert "pandas" not in sys.modules
assert written == [PersistenceBase._serialize_param_builtin(persistence, v) for v in values]
assert param_hashing.pandas_only_when_loaded()
assert param_hashing.pandas_only_when_loaded()  # applying twice is harmless
assert param_hashing.applies()
print("ok")
"""


def test_without_pandas_loaded_values_are_written_without_importing_it():
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_PANDAS], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_the_workflow_applies_it():
    common = (ROOT / "workflow/rules/common.smk").read_text(encoding="utf-8")
    assert "\npandas_only_when_loaded()\n" in common


# pandas imported by another thread while parameters are written (the build imported it in a
# thread once): each write must wait for the import to finish, not meet a half-made module.
WHILE_IMPORTED = """
import sys, threading
from snakemake.persistence import PersistenceBase
from clusters_maghreb import param_hashing
builtin = PersistenceBase._serialize_param_builtin
persistence = type("P", (), {"_serialize_param_builtin": builtin})()
importing = threading.Thread(target=__import__, args=("pandas",))
importing.start()
writes = 0
while importing.is_alive() or not writes:
    assert param_hashing._serialize_param_if_pandas_loaded(persistence, 3) == "3"
    writes += 1
importing.join()
print("ok", writes)
"""


def test_values_are_written_while_another_thread_imports_pandas():
    done = subprocess.run(
        [sys.executable, "-c", WHILE_IMPORTED], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok")
