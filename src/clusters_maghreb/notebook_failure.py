"""The cause of a failed notebook, on the console.

papermill writes the notebook's traceback to the rule's log, which the console only points to
("check log file(s)"). The notebook rules call this module when papermill fails: it prints the
exception the notebook raised (its type and message: for a bad reference entry, the file, the
entry, the line and the fix) to stderr, where `make report` shows it, and the build still fails.

    python -m clusters_maghreb.notebook_failure notebooks/claims.ipynb logs/compare/claims-all.log
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# A traceback's last line: ``ClaimsError: <message>`` (the message may run on several lines).
_EXCEPTION = re.compile(r"^[A-Za-z_][\w.]*(?:Error|Exception)\b", re.M)


def cause(log: str) -> str:
    """The exception a notebook raised, as its traceback's last lines state it."""
    text = _ANSI.sub("", log).rsplit("Exception encountered at", 1)[-1]
    found = list(_EXCEPTION.finditer(text))
    if not found:
        return "\n".join(text.strip().splitlines()[-15:]) or "(the log is empty)"
    return text[found[-1].start() :].strip()


def main(argv: list[str]) -> int:
    notebook, log = argv
    path = Path(log)
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    print(
        f"ERROR in notebook {notebook} (full traceback in {log}):\n{cause(text)}", file=sys.stderr
    )
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
