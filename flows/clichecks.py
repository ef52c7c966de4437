"""What the command line checks before it starts work: each user mistake said in one line
on stderr (exit code 2), never a traceback, and before Prefect is imported.

    source = check_source("incoming/")     # the absolute path, or fail("SOURCE … does not exist")
    check_out("data")                      # fail("--out data is a file, not a folder") …
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from .settings import Settings
from .uri import is_uri

err = Console(stderr=True)


def fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def settings_from(overrides: dict[str, Any] | None = None) -> Settings:
    """The QUOTEFLOW_* settings with the command's options on top, or one line saying which is wrong."""
    from pydantic import ValidationError

    try:
        return Settings.with_overrides(**(overrides or {}))
    except ValidationError as exc:
        problem = exc.errors()[0]
        name = "QUOTEFLOW_" + str(problem["loc"][0]).upper()
        fail(f"{name}: {problem['msg']} (got {problem.get('input')!r})")


def check_source(name: str) -> str:
    """SOURCE as the flow takes it: an absolute path, or an s3:// prefix (listed by the run)."""
    if not name.strip():
        fail("SOURCE is empty: give an input file (.txt, .html, .jsonl, .warc …) or a folder of them")
    if is_uri(name):
        if not name.startswith("s3://"):
            fail(f"SOURCE {name} cannot be read: give a local file or folder, or an s3://bucket/prefix")
        return name
    source = Path(name)
    if not source.exists():
        fail(f"SOURCE {source} does not exist (give an input file or a folder of them)")
    if not os.access(source, os.R_OK):
        fail(f"SOURCE {source} is not readable")
    return str(source.resolve())


def check_out(path: str) -> None:
    from .dataset.store import open_store
    from .errors import StoreError

    if not path.strip():
        fail("--out is empty: give the output folder (or a filesystem URI), e.g. --out data")
    if not is_uri(path) and Path(path).exists() and not Path(path).is_dir():
        fail(f"--out {path} is a file, not a folder: give the folder to write the tables to (it is created if needed)")
    try:
        open_store(path).open()
    except StoreError as exc:
        fail(str(exc))


def check_fields(options: list[str] | None) -> list[str] | None:
    """The `--field` options, or one line saying which is wrong (exit 2)."""
    from .sources.formats.jsonl import FieldOptionError, parse_field_options

    try:
        parse_field_options(options or [])
    except FieldOptionError as exc:
        fail(str(exc))
    return options or None


def check_model(name: str) -> None:
    from .errors import SpacyModelError
    from .extraction.package import check_pipeline

    try:
        check_pipeline(name)  # from its meta.json: the model itself is loaded where extraction runs
    except SpacyModelError as exc:
        fail(str(exc))


def existing_store(out_dir: str) -> Any:
    from .dataset.store import open_store
    from .errors import StoreError

    if not out_dir.strip():
        fail("the output is empty: give the folder (or filesystem URI) quoteflow wrote")
    if not is_uri(out_dir) and not Path(out_dir, ".quoteflow").is_dir():
        fail(f"{out_dir} holds no quoteflow dataset")
    try:
        return open_store(out_dir, retention_seconds=settings_from().snapshot_retention_seconds)
    except StoreError as exc:
        fail(str(exc))
