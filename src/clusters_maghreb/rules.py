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
        message = f"ERROR in rule {snakemake.rule}: {err}"
        print(message, file=sys.stderr)
        if log:
            log.write_text(message + "\n", encoding="utf-8")
        sys.exit(1)
    if log:
        log.write_text("ok\n", encoding="utf-8")
