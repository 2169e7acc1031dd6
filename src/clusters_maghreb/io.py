"""Deterministic, atomic file writes: a killed build never leaves a truncated output."""

from __future__ import annotations

import glob
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: the rules that only hash or copy files skip pandas
    import pandas as pd


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place. The
    temporary files of an earlier writer of ``path`` that was killed (SIGKILL: no clean-up)
    go first: one job writes a given output, so they cannot be another writer's."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for orphan in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        orphan.unlink(missing_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; outputs are ordinary readable files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_csv(df: pd.DataFrame, path: str | Path) -> None:
    """CSV with fixed line endings and float format, so that two builds give the same bytes."""
    write_atomic(path, df.to_csv(index=False, lineterminator="\n", float_format="%.6g"))


def write_json(obj, path: str | Path) -> None:
    write_atomic(path, json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def read_csv(path: str | Path) -> pd.DataFrame:
    """Read an extracted or normalised CSV keeping every cell a string ('' for empty)."""
    import pandas as pd

    return pd.read_csv(path, dtype=str, keep_default_na=False)
