"""The package's shape: no import cycle (imports inside functions count), Prefect only at the
edges, modules small enough to read, and every package folder installed."""

from __future__ import annotations

import ast
import os
import tomllib
from pathlib import Path

import pytest

from .conftest import REPO

PACKAGE_DIR = REPO / "flows"  # the `quoteflow` package (flows/schemas links to ../schemas)
# `commands.serve` registers and serves a deployment, which is Prefect's API through and through;
# `cli` builds the app from the commands and imports Prefect no more
EDGES = {"quoteflow.flow", "quoteflow.commands.serve", "quoteflow.local_api"}
MAX_LINES = 500


def module_name(path: Path) -> str:
    parts = ["quoteflow", *path.relative_to(PACKAGE_DIR).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def python_files(root: Path) -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(root, followlinks=True):  # flows/schemas is a link
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found.extend(Path(folder) / f for f in files if f.endswith(".py"))
    return sorted(found)


MODULES = {module_name(p): p for p in python_files(PACKAGE_DIR)}


def imports(name: str, path: Path) -> list[tuple[str, int]]:
    """(imported module, line) for every import in the module, at any depth (functions included)."""
    is_package = path.name == "__init__.py"
    here = name.split(".") if is_package else name.split(".")[:-1]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:  # `from . import pipeline` imports a module
                candidate = f"{target}.{alias.name}"
                out.append((candidate if candidate in MODULES else target, node.lineno))
    return out


GRAPH = {
    name: sorted({m for m, _ in imports(name, path) if m in MODULES and m != name}) for name, path in MODULES.items()
}


def find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in graph:
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_walk_sees_the_whole_package():
    assert {"quoteflow", "quoteflow.cli", "quoteflow.schemas.vocab", "quoteflow.extraction.speech.quotes"} <= set(
        MODULES
    )
    # and the graph has the edges a reader expects, function-level ones included
    assert "quoteflow.flow" in GRAPH["quoteflow.commands.run"]  # imported inside `run`
    assert "quoteflow.schemas.vocab" in GRAPH["quoteflow.dataset.commit"]


def test_no_import_cycle():
    assert find_cycle(GRAPH) is None, " -> ".join(find_cycle(GRAPH) or [])


def test_a_cycle_would_be_found():
    assert find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]}) == ["a", "b", "c", "a"]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_prefect_only_at_the_edges(name):
    if name in EDGES:
        return
    prefect = [(m, line) for m, line in imports(name, MODULES[name]) if m == "prefect" or m.startswith("prefect.")]
    assert not prefect, f"{name} imports Prefect ({prefect}); keep Prefect in {sorted(EDGES)}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_readable(name):
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines (at most {MAX_LINES}): split it by job"


def test_every_package_folder_is_installed():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {name for name, path in MODULES.items() if path.name == "__init__.py"}
    assert listed == on_disk


OPENERS = {"open", "read_bytes", "read_text", "fdopen", "open_input_stream", "open_input_file"}


def test_inputs_are_opened_only_through_the_safe_open_function():
    """`sources/safe_open.py` is the one place that opens an input: every other reader of
    inputs (today's and later formats') calls it, so its rules hold for all of them."""
    offenders = []
    for name, path in MODULES.items():
        if not name.startswith("quoteflow.sources.") or name == "quoteflow.sources.safe_open":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if called in OPENERS:
                    offenders.append(f"{name}:{node.lineno} calls {called}()")
    assert not offenders, offenders


def test_no_module_reaches_into_another_modules_private_names():
    """`atexit._run_exitfuncs()`, `os._exit()`: a private name of another module can change or go
    in any release: the package uses public APIs."""
    offenders = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = {
            alias.asname or alias.name.split(".")[0]
            for n in ast.walk(tree)
            if isinstance(n, ast.Import)
            for alias in n.names
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in modules
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                offenders.append(f"{name}:{node.lineno} uses {node.value.id}.{node.attr}")
    assert not offenders, offenders


ROW_PACKAGE = "quoteflow.rows"  # builds and validates the rows of the tables an input gives


def _in(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def with_packages(graph: dict[str, list[str]]) -> dict[str, list[str]]:
    """`graph` plus what Python runs on an import: importing `quoteflow.a.b` runs `quoteflow/a/__init__`
    first. The root package is left out: it imports its public API lazily (on first use)."""
    parents = {name: [p for k in range(1, name.count(".")) if (p := name.rsplit(".", k)[0]) in graph] for name in graph}
    return {name: sorted({*targets, *parents[name]} - {name}) for name, targets in graph.items()}


def reach(graph: dict[str, list[str]], start: str) -> dict[str, list[str]]:
    """Every module `start` imports, directly or through other modules, with the chain that
    gets there (start first): a breadth-first walk, so each chain is a shortest one."""
    chains = {start: [start]}
    queue = [start]
    for node in queue:
        for nxt in graph.get(node, []):
            if nxt not in chains:
                chains[nxt] = [*chains[node], nxt]
                queue.append(nxt)
    return chains


@pytest.mark.parametrize("forbidden", ["quoteflow.extraction", ROW_PACKAGE, "quoteflow.corpus"])
def test_the_store_reaches_neither_extraction_nor_row_building_nor_the_corpus(forbidden):
    """`dataset/` persists finished Arrow tables: what an extraction is, how its rows are built,
    validated and deduplicated (the row package, run on workers) and how the corpus tables are
    derived at commit time (given to the store, `dataset.derive`) are not its business, not even
    through another quoteflow module."""
    offenders = sorted(
        " -> ".join(chain)
        for name in MODULES
        if _in(name, "quoteflow.dataset")
        for target, chain in reach(with_packages(GRAPH), name).items()
        if _in(target, forbidden)
    )
    assert not offenders, sorted(offenders, key=len)[:5]


def test_an_indirect_import_would_be_found():
    graph = {"store.a": ["store.b"], "store.b": ["util"], "util": ["extraction.x"], "extraction.x": []}
    assert reach(graph, "store.a")["extraction.x"] == ["store.a", "store.b", "util", "extraction.x"]
    assert "store.a" not in reach(graph, "util")
    # importing a module of a package runs the package's __init__ (and what it imports) first
    package = {
        "q": [],
        "q.store": [],
        "q.store.a": [],
        "q.formats": ["q.formats.x"],
        "q.formats.x": [],
        "q.formats.n": [],
    }
    assert reach(with_packages(package), "q.store.a")["q.store"] == ["q.store.a", "q.store"]
    assert reach(with_packages(package), "q.formats.n")["q.formats.x"] == ["q.formats.n", "q.formats", "q.formats.x"]
    assert "q" not in reach(with_packages(package), "q.store.a")  # the root imports lazily


def _row_literals(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, table) of every dict display whose keys are four or more columns of one table an
    input gives rows to: a row of that table being built (a struct value of one column, such as
    a `people.gender_evidence` span, has fewer)."""
    from quoteflow.schemas.tables import TABLES
    from quoteflow.schemas.vocab import INPUT_TABLES

    columns = {name: set(TABLES[name].arrow_schema.names) for name in INPUT_TABLES}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Dict):
            continue
        keys = {k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
        tables = [name for name, cols in columns.items() if len(keys) >= 4 and keys <= cols]
        found.extend((node.lineno, str(t)) for t in tables[:1])
    return found


def test_only_the_row_package_builds_rows():
    """Rows of `articles`, `quotes`, … and `rejects` are written in one package (one function
    builds a `rejects` row), so a column is filled the same way wherever a row comes from."""
    offenders = [
        f"{name}:{line} builds a {table} row"
        for name, path in MODULES.items()
        if not _in(name, ROW_PACKAGE)
        for line, table in _row_literals(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert not offenders, offenders


def test_a_row_built_by_hand_would_be_found():
    code = 'row = {"source": "made/up.txt", "stage": "dedupe", "reason": "same text", "run_id": "r1"}'
    assert [t for _, t in _row_literals(ast.parse(code))] == ["rejects"]
    assert _row_literals(ast.parse('{"source": 1, "stage": 2, "reason": 3, "not_a_column": 4}')) == []
    assert _row_literals(ast.parse('{"text": "she", "start_char": 0, "end_char": 3}')) == []  # a span value
