"""Replacing a method of Snakemake only where its code is the code the replacement was written
for: after an upgrade the installed method stays as it is, and a test names what to read again.
"""

from __future__ import annotations

import hashlib
import inspect


def source_digest(function) -> str:
    """sha256 of the function's source, its first 16 hex digits."""
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16]


def unchanged(owner: type, name: str, expected: str, replacement) -> bool:
    """Whether ``owner.name`` is ``replacement`` already or has the source ``expected`` (not
    when it is gone, or its source cannot be read: the build then runs Snakemake's own)."""
    method = getattr(owner, name, None)
    if method is None:
        return False
    try:
        return method is replacement or source_digest(method) == expected
    except (OSError, TypeError):
        return False


def replace(owner: type, name: str, expected: str, replacement) -> bool:
    """``owner.name = replacement`` where ``unchanged``; whether it was."""
    if not unchanged(owner, name, expected, replacement):
        return False
    setattr(owner, name, replacement)
    return True
