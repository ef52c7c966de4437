"""What several commands share: their arguments and options, the standard output console,
and how a command stopped by Ctrl-C or SIGTERM ends (one line, exit code 130 or 143).

    def check(out_dir: OutArgument) -> None: ...     # `quoteflow check DIR`
    out.print("report of data written to report.html (12 kB)", highlight=False)
"""

from __future__ import annotations

from typing import Annotated, NoReturn

import typer
from rich.console import Console

from ..clichecks import err
from ..clihelp import setting_option

out = Console(soft_wrap=True)

SourceArgument = Annotated[
    str,
    typer.Argument(
        metavar="SOURCE",
        help="An input file, a folder (every .txt, .html/.htm, .jsonl/.json and .warc/.warc.gz below it) "
        "or an s3://bucket/prefix.",
    ),
]
FieldOption = Annotated[
    list[str] | None,
    typer.Option(
        "--field",
        help="JSON feeds: take an article field from another record field, NAME=FIELD (repeatable), "
        "e.g. --field text=body --field authors=meta.writers.",
        show_default=False,
    ),
]
OutOption = Annotated[str, typer.Option("--out", "-o", help="Output folder (or filesystem URI) for the tables.")]
OutArgument = Annotated[str, typer.Argument(metavar="DIR", help="An output folder (or URI) quoteflow wrote.")]
BatchSizeOption = Annotated[int | None, setting_option("batch_size", min=1)]
ModelOption = Annotated[str | None, setting_option("spacy_model", "--model")]
SpeakerModelOption = Annotated[
    str | None,
    setting_option("speaker_model", "--speaker-model", help="Who chooses speakers: rules, ranker or combined."),
]
WorkersOption = Annotated[int | None, setting_option("workers", min=1)]
TaskRunnerOption = Annotated[
    str | None,
    setting_option("task_runner", "--task-runner", help="Where extraction runs: processes (here) or dask (a cluster)."),
]
AddressOption = Annotated[str | None, setting_option("dask_address", "--address")]


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: stop now, keep what is committed (`cli.main` installs the handler)."""


def stop_code(exc: KeyboardInterrupt) -> int:
    """The exit code of a command stopped by Ctrl-C (130) or SIGTERM (143), as shells report them."""
    return 143 if isinstance(exc, Terminated) else 130


def interrupted(exc: KeyboardInterrupt) -> NoReturn:
    """A run stopped: say what is kept, in one line."""
    err.print("interrupted: batches committed so far are kept; run again to resume", highlight=False)
    raise typer.Exit(stop_code(exc))
