"""The package files a rule's code reads, found by following its imports.

Snakemake reruns a rule when an input changes, but only sees code it is told about: a rule
declares ``code_files(<modules it imports>)`` as input, so editing a module reruns exactly the
rules whose code reaches it, and nothing else.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from importlib.util import find_spec
from pathlib import Path

PACKAGE = "clusters_maghreb"
ROOT = Path(__file__).resolve().parent


@cache  # asked again for every rule that reaches the module
def _module_file(name: str) -> Path | None:
    parts = name.split(".")[1:]
    if not parts:
        return ROOT / "__init__.py"
    rel = Path(*parts)
    for candidate in (ROOT / rel.with_suffix(".py"), ROOT / rel / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


# A line that may start an import of the package: only those statements are parsed, not the
# whole module (walking every module's full syntax tree was a third of a no-op build's Snakefile
# time). A match inside a string parses as an import too: one dependency more, never one less.
IMPORT_START = re.compile(
    rf"^[ \t]*(?:from[ \t]+{PACKAGE}\b|import[ \t][^\n#]*\b{PACKAGE}\b)", re.MULTILINE
)
# What the scan would miss: an import after `;` or `:` on a line, or split by a backslash.
# ruff forbids the first two in the package (E701, E702); a module with any of them is parsed
# whole, as before.
NOT_AT_LINE_START = re.compile(r"[;:][ \t]*(?:import|from)[ \t]|\\\n")


def _statement(text: str, start: int) -> str:
    """The logical line that starts at ``start``: up to a newline outside brackets and not
    escaped by a backslash."""
    depth, at = 0, start
    while at < len(text):
        char = text[at]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "\\" and text[at + 1 : at + 2] == "\n":
            at += 1
        elif char == "#":  # a comment: it ends the statement, or its line inside brackets
            if depth <= 0:
                break
            end = text.find("\n", at)
            at = (end if end >= 0 else len(text)) - 1
        elif char == "\n" and depth <= 0:
            break
        at += 1
    return text[start:at]


def _package_imports(tree: ast.AST) -> set[str]:
    """The package's modules (and names from them) that the imports in ``tree`` name."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == PACKAGE}
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and (node.module or "").split(".")[0] == PACKAGE
        ):
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


@cache  # every rule asks for its code: scan each module once per Snakemake run
def _imports(path: Path) -> frozenset[str]:
    """The package's modules that ``path`` imports, whether by module or by name."""
    text = path.read_text(encoding="utf-8")
    if NOT_AT_LINE_START.search(text):
        return frozenset(_package_imports(ast.parse(text)))
    found = set()
    for match in IMPORT_START.finditer(text):
        try:
            found |= _package_imports(ast.parse(_statement(text, match.start()).strip()))
        except SyntaxError:  # not an import after all (a line of a string)
            continue
    return frozenset(found)


def code_files(*modules: str, extra: tuple[str, ...] = ()) -> list[str]:
    """Files of ``modules`` and of every package module they import, transitively.

    ``modules`` are dotted names (``clusters_maghreb.extract.run``); names reached by
    ``importlib.import_module`` at run time must be listed explicitly. ``extra`` adds data
    files of the package (a style sheet, a Lua filter), relative to the package folder.
    """
    seen: set[Path] = set()
    todo = list(modules)
    while todo:
        name = todo.pop()
        path = _module_file(name)
        if path is None:
            if find_spec(name.rpartition(".")[0] or name) is None:
                raise ModuleNotFoundError(name)
            continue  # a name imported from a module, not a module itself
        if path in seen:
            continue
        seen.add(path)
        parts = name.split(".")
        # importing a.b.c runs a/__init__ and a/b/__init__ too
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]
        todo += sorted(_imports(path))
    files = {p.relative_to(ROOT.parents[1]) for p in seen}
    files |= {(ROOT / e).relative_to(ROOT.parents[1]) for e in extra}
    return sorted(str(f) for f in files)


def notebook_modules(notebook: str | Path) -> list[str]:
    """The package modules a notebook's code cells import."""
    import json

    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    found: set[str] = set()
    for cell in cells:
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            tree = ast.parse("\n".join(ln for ln in source.splitlines() if not ln.startswith("%")))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(PACKAGE):
                    found.add(node.module)
                    found |= {f"{node.module}.{a.name}" for a in node.names}
                elif isinstance(node, ast.Import):
                    found |= {a.name for a in node.names if a.name.startswith(PACKAGE)}
    return sorted(found)
