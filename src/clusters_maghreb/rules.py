"""What every Snakemake rule script shares: a log, and one clear message on bad input."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from clusters_maghreb.errors import SourceLayoutError
from clusters_maghreb.sources import SourceHashError

# Errors that describe bad input: shown as one message, without a traceback.
INPUT_ERRORS = (SourceLayoutError, SourceHashError, ValueError, LookupError)


def run(snakemake, step: Callable[[], None]) -> None:
    """Run a rule's ``step``; on bad input print one message, log it, and exit 1."""
    log = Path(snakemake.log[0]) if snakemake.log else None
    if log:
        log.parent.mkdir(parents=True, exist_ok=True)
    try:
        step()
    except INPUT_ERRORS as err:
        message = f"ERROR in rule {snakemake.rule}: {err}{_how_to_fix(err)}"
        print(message, file=sys.stderr)
        if log:
            log.write_text(message + "\n", encoding="utf-8")
        sys.exit(1)
    if log:
        log.write_text("ok\n", encoding="utf-8")


def folder(files, depth: int = 1) -> Path:
    """The one folder ``depth`` levels above every file of a rule's declared input (1: the
    reference folder of its reference tables; 2: the extracted folder of its
    ``<source_id>/<table_id>.csv``), so that a script takes its paths from its rule."""
    paths = [Path(files)] if isinstance(files, str | Path) else [Path(f) for f in files]
    folders = {p.parents[depth - 1] for p in paths}
    if len(folders) != 1:
        raise ValueError(f"expected files of one folder, found {sorted(map(str, folders))}")
    return folders.pop()


def _how_to_fix(err: Exception) -> str:
    """The fix, where the error itself only says what is wrong (a layout error names the line
    and what was expected there, but a source can be wrong, or its extractor)."""
    if isinstance(err, SourceLayoutError):
        at = f"line {err.line} of {err.path}" if err.line is not None else err.path
        return (
            f"\n  how to fix: if {err.path} was edited, correct {at} and record the file's "
            f"new sha256 in data/raw/sources.yaml; if it is the published text, teach its "
            f"extractor (src/clusters_maghreb/extract/) this layout"
        )
    return ""
