"""The code a rule declares (clusters_maghreb.deps): its imports, found by scanning for import
statements, are those a full parse of each module finds."""

import ast

import pytest

from clusters_maghreb import deps


def parsed_imports(text: str) -> frozenset[str]:
    """Every import of the package a full walk of the module's syntax tree finds."""
    found = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == deps.PACKAGE}
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and (node.module or "").split(".")[0] == deps.PACKAGE
        ):
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return frozenset(found)


def test_the_scan_finds_what_a_full_parse_finds_in_every_module_of_the_package():
    modules = sorted(deps.ROOT.rglob("*.py"))
    assert len(modules) > 50
    for path in modules:
        assert deps._imports(path) == parsed_imports(path.read_text(encoding="utf-8")), path


MODULE = '''"""A docstring.

import this line is prose, not code
"""
import os, clusters_maghreb.io as io
from clusters_maghreb.a import (  # a comment (with a bracket
    b,
    c,  # )
)


def lazy():
    from clusters_maghreb.d import \\
        e
    import json  # clusters_maghreb in a comment
    return os, io, json, e
'''


@pytest.mark.parametrize("text", [MODULE, MODULE.replace("\n", "\r\n")])
def test_the_scan_reads_lists_comments_continuations_and_lazy_imports(tmp_path, text):
    path = tmp_path / "module.py"
    path.write_bytes(text.encode())
    assert deps._imports(path) == parsed_imports(MODULE)
    assert deps._imports(path) >= {
        "clusters_maghreb.io",
        "clusters_maghreb.a.c",
        "clusters_maghreb.d.e",
    }


@pytest.mark.parametrize(
    "line",
    [
        "import os; import clusters_maghreb.a",
        "import clusters_maghreb.b; import clusters_maghreb.a",
        "x = 1; import clusters_maghreb.a",
        "if x: import clusters_maghreb.a",
        "import \\\n    clusters_maghreb.a",
        "from \\\n    clusters_maghreb import a",
        "import os, \\\n    clusters_maghreb.a",
        "from clusters_maghreb import (a as b)",
    ],
)
def test_imports_off_the_start_of_a_line_are_found_too(tmp_path, line):
    # ruff keeps such lines out of the package today; a module with one is parsed whole
    path = tmp_path / "module.py"
    path.write_text(f"x = 0\n{line}\n", encoding="utf-8")
    found = deps._imports(path)
    assert found == parsed_imports(path.read_text(encoding="utf-8"))
    assert "clusters_maghreb.a" in found
