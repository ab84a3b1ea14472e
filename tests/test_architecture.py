"""The package's shape, checked from the source: imports point one way (no cycle, lazy
imports included), stages sit in layers, no module grows past a reviewable size, and the
tests mirror the package tree."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "corroborator"

#: A module above this many lines holds several concerns (trafilatura's largest is ~900).
MAX_MODULE_LINES = 900

#: Layers from the bottom: a module may import its own layer and the ones below it.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"version", "errors", "settings", "lifetime", "lexicon", "text"}),
    frozenset({"model"}),
    frozenset({"nlp", "inputs"}),
    frozenset({"article"}),
    frozenset({"corpus"}),
    frozenset({"story"}),
    frozenset({"run", "pipeline", "render"}),
    frozenset({"store"}),
    frozenset({"app"}),
    frozenset({"web", "cli", "__init__", "__main__"}),
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(name: str) -> set[str]:
    """The package modules ``name`` imports anywhere (function bodies too), except in
    ``if TYPE_CHECKING:`` blocks, which never run."""
    path = modules()[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            subs = {f"{base}.{a.name}" for a in node.names} & modules().keys()
            found.update(subs)
            if len(subs) < len(node.names):  # names from the module itself
                found.add(base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    known = modules()
    return {m for m in found if m in known and m != name and m != "corroborator"}


def top(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


#: Modules whose layer is not their package's: the render registry (``corroborator.render``
#: itself) sits beside the model, which renders through it (the renderers sit above), and
#: so does the store's encoding of analyses, which the backends use to ship them.
MODULE_LAYERS = {"corroborator.render": 1, "corroborator.store.codec": 1}


def layer(name: str) -> int:
    if name in MODULE_LAYERS:
        return MODULE_LAYERS[name]
    for i, members in enumerate(LAYERS):
        if top(name) in members:
            return i
    raise AssertionError(f"{name} is in no layer: add its package to LAYERS")


def test_every_module_has_a_layer() -> None:
    for name in modules():
        layer(name)


def test_no_import_cycle() -> None:
    graph = {m: imports_of(m) for m in modules()}
    state: dict[str, int] = {}
    path: list[str] = []

    def walk(m: str) -> None:
        state[m] = 1
        path.append(m)
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                cycle = [*path[path.index(n):], n]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if n not in state:
                walk(n)
        path.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            walk(m)


@pytest.mark.parametrize("name", sorted(modules()))
def test_imports_point_down(name: str) -> None:
    upward = sorted(m for m in imports_of(name) if layer(m) > layer(name))
    assert not upward, f"{name} imports a higher layer: {upward}"


def test_model_imports_no_renderer_and_nlp_no_stage() -> None:
    assert not {m for m in imports_of("corroborator.model") if top(m) == "render"
                and m != "corroborator.render"}
    for name in modules():
        if top(name) == "nlp":
            assert not {m for m in imports_of(name)
                        if top(m) in {"article", "corpus", "story"}}, name


@pytest.mark.parametrize("name", sorted(modules()))
def test_module_size(name: str) -> None:
    lines = modules()[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_MODULE_LINES, f"{name}: {lines} lines"


#: Test folders that do not mirror a package: the quality gates on the dev sets.
TEST_ONLY_FOLDERS = frozenset({"gates"})


def test_test_tree_mirrors_the_package() -> None:
    """``tests/<package>/test_<module>.py`` sits beside the stage it tests; a test folder
    with no package of that name is a misplaced test."""
    tests = Path(__file__).resolve().parent
    folders = {p.parent.name for p in tests.glob("*/test_*.py")}
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert folders - TEST_ONLY_FOLDERS <= packages, sorted(folders - TEST_ONLY_FOLDERS - packages)
    assert all((tests / f / "__init__.py").exists() for f in folders)
