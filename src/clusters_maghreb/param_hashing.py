"""Snakemake's parameter hashing without importing pandas for it (applied by the Snakefile).

To tell whether a job's ``params:`` changed, Snakemake 9 (``PersistenceBase`` in
``snakemake.persistence``) writes each parameter out; where pandas is installed it does so
with ``_serialize_param_pandas``, which imports pandas to ask whether the value is a
DataFrame, Series or Index. No parameter of this workflow is one, but the import alone is
0.2-0.3 s of every Snakemake run, a no-op build's included (measured with ``-X importtime``:
it was the only import of pandas in a no-op build).

A value can be a pandas object only if pandas has been imported, so the replacement asks only
then: where pandas is loaded it writes the values exactly as Snakemake does, and otherwise as
``_serialize_param_builtin`` does, which is what Snakemake's own code returns for a value
that is not a pandas object. The recorded parameters, and so what reruns, stay the same. It
is applied only to the code it was written for (``EXPECTED``, Snakemake 9.27.1's); another
version keeps its own, and ``tests/test_param_hashing.py`` says so.
"""

from __future__ import annotations

import sys
from typing import Any

from clusters_maghreb import patching

# sha256 (first 16 hex digits) of the source of PersistenceBase._serialize_param_pandas
EXPECTED = "bb3b93502e24a372"


def _serialize_param_if_pandas_loaded(self, value: Any) -> str | object:
    if "pandas" in sys.modules:
        # an import, not the sys.modules entry: another thread may be importing pandas (a job
        # of the build), and the import waits until it has finished
        import pandas as pd

        if isinstance(value, (pd.DataFrame, pd.Series, pd.Index)):
            return repr(pd.util.hash_pandas_object(value).tolist())
    return self._serialize_param_builtin(value)


def applies() -> bool:
    """Whether the installed Snakemake's hashing is the one this change was written for."""
    from snakemake.persistence import PersistenceBase

    return patching.unchanged(
        PersistenceBase, "_serialize_param_pandas", EXPECTED, _serialize_param_if_pandas_loaded
    )


def pandas_only_when_loaded() -> bool:
    """Apply the change where it applies; whether it did."""
    from snakemake.persistence import PersistenceBase

    return patching.replace(
        PersistenceBase, "_serialize_param_pandas", EXPECTED, _serialize_param_if_pandas_loaded
    )
