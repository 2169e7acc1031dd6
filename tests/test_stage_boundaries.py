"""The report stage reads the published dataset and the results, with the shared definitions of
clusters_maghreb.schema: it imports no module of the extract or normalise stages."""

from __future__ import annotations

import ast

import pytest

from clusters_maghreb import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "src" / "clusters_maghreb"
INTERNALS = ("clusters_maghreb.extract", "clusters_maghreb.normalise")


def imported(path) -> set[str]:
    """Every module a file imports, at any depth of its code (``from a import b`` gives a.b
    and a: b may be a module)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out |= {f"{node.module}.{alias.name}" for alias in node.names}
    return out


@pytest.mark.parametrize("path", sorted((PACKAGE / "report").glob("*.py")), ids=lambda p: p.name)
def test_the_report_stage_imports_no_internals_of_earlier_stages(path):
    wrong = sorted(m for m in imported(path) if m.startswith(INTERNALS))
    assert not wrong, (
        f"{path.relative_to(PROJECT_ROOT)} imports {wrong}; use clusters_maghreb.schema"
    )


def test_the_check_sees_an_import_of_the_normalise_stage(tmp_path):
    path = tmp_path / "annex.py"
    path.write_text("def f():\n    from clusters_maghreb.normalise import snapshots\n")
    assert "clusters_maghreb.normalise.snapshots" in imported(path)
