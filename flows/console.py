"""What the command line prints: run progress, the run summary (as text or JSON), and the
tables of `quoteflow show`. Plain functions over rich consoles; no Prefect.

    with run_progress(err, style="lines"):         # or "bar" (a terminal), "off"; one line per batch:
        ...                                        # batch 3/12: 200 inputs, 180 articles, … (1.4 s)
    print_summary(out, summary, seconds=12.8)      # seconds since the command started
    print(summary_json(summary, seconds=12.8))     # {"run_id": "…", "new": 12, "rows": {…}, …}

Durations are counted from the start of the command's process, not of the run: a run's
temporary Prefect API takes seconds to start, and the user waited for those too.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .counts import QUOTATION_COLUMNS, plural, quotation_count, quotations
from .progress import BatchDone, Event, Planned, listening
from .report.corpus import NO_ENTITIES, EntityLine, by_article_ids, current, current_ids, quoted_entities
from .schemas.vocab import TABLE_NAMES

if TYPE_CHECKING:
    from .dataset.reader import Dataset
    from .summary import RunSummary

_IMPORTED = time.monotonic()


def seconds_since_start() -> float:
    """Seconds since this process started (Linux: from /proc; elsewhere: since this module loaded)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            ticks = int(fh.read().rsplit(")", 1)[1].split()[19])  # field 22: start time, in clock ticks
        with open("/proc/uptime", encoding="ascii") as fh:
            uptime = float(fh.read().split()[0])
        return max(0.0, uptime - ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return time.monotonic() - _IMPORTED


@contextmanager
def run_progress(console: Console, *, style: Literal["bar", "lines", "off"]) -> Iterator[None]:
    """Show the run's progress on `console`: a bar (on a terminal), one line per batch, or nothing
    (`--verbose`: Prefect's log has a line per batch already)."""
    if style == "off":
        yield
        return
    if style == "lines":
        with listening(lambda event: _print_line(console, event)):
            yield
        return
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    task = progress.add_task("listing inputs", total=None)

    def draw(event: Event) -> None:
        if isinstance(event, Planned):
            progress.update(task, total=event.batches, description=f"{plural(event.to_read, 'input')} to read")
        else:
            progress.update(task, total=event.total, completed=event.number, description=event.line())

    with progress, listening(draw):
        yield


def _print_line(console: Console, event: Event) -> None:
    if isinstance(event, BatchDone):
        console.print(event.line(), highlight=False, soft_wrap=True)


def nothing_new(summary: RunSummary) -> bool:
    """The run found nothing to do: no input new, changed, retried, rejected, pruned or extracted again."""
    return not (
        summary.new
        or summary.changed
        or summary.retried
        or summary.rejected
        or summary.records.read
        or summary.pruned
        or summary.reextracted
    )


def print_summary(console: Console, summary: RunSummary, *, seconds: float) -> None:
    """The run's outcome in a few lines (`seconds`: the command's, from its start)."""
    if summary.status == "stood_down":
        console.print(f"[yellow]{summary.message}[/]", highlight=False)
        return
    if summary.message:  # another run committed first (object storage): what this run did about it
        console.print(f"[yellow]{summary.message}[/]", highlight=False)
    if nothing_new(summary):
        said = (
            f"nothing new under {summary.source} since the last run ({plural(summary.unchanged, 'input')} unchanged)"
            if summary.inputs
            else f"no inputs under {summary.source}"
        )
        console.print(f"{said}: no rows written ({seconds:.1f} s)", highlight=False, soft_wrap=True)
        _print_lines(console, summary.skipped_lines())
        return
    console.print(f"quoteflow run {summary.run_id} finished in {seconds:.1f} s", highlight=False)
    table = Table(show_header=True)
    table.add_column("table")
    table.add_column("rows written", justify="right")
    for name in TABLE_NAMES:
        table.add_row(name, f"{summary.rows.get(name, 0):,}")
    console.print(table)
    _print_lines(console, summary.outcome_lines())
    base = summary.out.rstrip("/")
    tables = ", ".join(f"{base}/{name}" for name in TABLE_NAMES)
    version = f", version {summary.snapshot}" if summary.snapshot is not None else ""
    console.print(f"tables: {tables} (Parquet{version})", highlight=False, soft_wrap=True)
    _print_lines(console, summary.skipped_lines() + summary.rejected_lines())


def _print_lines(console: Console, lines: list[str]) -> None:
    for line in lines:
        console.print(line, highlight=False, soft_wrap=True, markup=False)


def summary_json(summary: RunSummary, *, seconds: float) -> str:
    """The summary as one JSON object: `seconds` is the command's, `run_seconds` the run's own."""
    data: dict[str, Any] = summary.to_dict()
    data["run_seconds"] = data.pop("seconds")
    data["seconds"] = round(seconds, 2)
    data["nothing_new"] = nothing_new(summary)
    return json.dumps(data, ensure_ascii=False, sort_keys=False)


# ------------------------------------------------------------------ quoteflow show --
def _short(text: str | None, width: int = 120) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def articles_table(articles: Sequence[Mapping[str, Any]], quotes: Sequence[Mapping[str, Any]]) -> Table:
    """One row per article: id, source, title, quotations (counts.py)."""
    counts = Counter(q["article_id"] for q in quotations(quotes))
    table = Table(title=plural(len(articles), "article"), title_justify="left")
    table.add_column("article_id", no_wrap=True)
    table.add_column("source", overflow="fold")
    table.add_column("title", overflow="fold")
    table.add_column("quotations", justify="right")
    for a in sorted(articles, key=lambda a: a["source"]):
        table.add_row(a["article_id"], a["source"], _short(a["title"]), str(counts.get(a["article_id"], 0)))
    return table


def _distinct(data: Dataset, table: str, id_column: str, ids: Mapping[str, str] | None) -> tuple[int, int]:
    """Distinct people (or organizations) and rows: by corpus entity (`ids`: the redirects), else by id."""
    rows = data[table].to_table(columns=[id_column, "entity_id"]).to_pylist()
    if ids is None:
        return len({r[id_column] for r in rows}), len(rows)
    return len({current(ids, r["entity_id"]) or r[id_column] for r in rows}), len(rows)


def dataset_totals(data: Dataset) -> str:
    """The dataset in one line, counted as the run summary and the report count it."""
    quotes = data["quotes"].to_table(columns=QUOTATION_COLUMNS).to_pylist()
    ids = current_ids(data["entity_redirects"].to_table().to_pylist()) if data["entities"].count_rows() else None
    people, people_rows = _distinct(data, "people", "person_id", ids)
    orgs, org_rows = _distinct(data, "organizations", "organization_id", ids)
    by = "corpus entity" if ids is not None else "id"
    return (
        f"{plural(data['articles'].count_rows(), 'article')}, {plural(quotation_count(quotes), 'quotation')} "
        f"({plural(len(quotes), 'row')} of quotes), "
        f"{plural(people, 'person', 'people')} ({plural(people_rows, 'row')}), "
        f"{plural(orgs, 'organization')} ({plural(org_rows, 'row')}), "
        f"{plural(data['rejects'].count_rows(), 'reject')}; people and organizations are counted once "
        f"across the dataset (by {by}), their tables have a row per article naming one"
    )


def article_heading(article: Mapping[str, Any]) -> str:
    """`source (id): title`, then what is known of it: outlet, authors, date, URL."""
    heading = f"{article['source']} ({article['article_id']}): {_short(article['title']) or 'no title'}"
    about = [
        article.get("outlet") or "",
        f"by {', '.join(article['authors'])}" if article.get("authors") else "",
        article["published_at"].isoformat() if article.get("published_at") else "",
        article.get("url") or "",
    ]
    about = [a for a in about if a]
    return heading + ("\n" + " · ".join(about) if about else "")


def article_tables(
    article: Mapping[str, Any], quotes: Sequence[Mapping[str, Any]], speakers: Sequence[Mapping[str, Any]]
) -> tuple[str, Table, Table]:
    """One article: a heading, its quotes (type, speaker, cue, text) and its speakers (people and organizations)."""
    counted = quotations(quotes)
    title = plural(len(counted), "quotation")
    if len(counted) != len(quotes):
        title += f" ({plural(len(quotes), 'row')} of quotes: a partial quote inside a reported clause is one with it)"
    quoted = Table(title=title, title_justify="left")
    for column in ("type", "speaker", "cue"):
        quoted.add_column(column, overflow="fold")
    quoted.add_column("text", overflow="fold", ratio=1)
    for q in sorted(quotes, key=lambda q: (q["start_char"], -q["end_char"])):
        who = q["speaker"] or (f"({q['speaker_mention']})" if q["speaker_mention"] else "—")
        quoted.add_row(q["quote_type"], who, q["cue"] or "", _short(q["text"], 300))
    said = Counter(q["speaker_id"] for q in counted if q["speaker_id"])
    named = plural(len(speakers), "person or organization", "people and organizations")
    people = Table(title=named, title_justify="left")
    for column in ("name", "kind", "quotations", "mentions", "role", "organization"):
        people.add_column(column, overflow="fold", justify="right" if column in ("quotations", "mentions") else "left")
    for s in sorted(speakers, key=lambda s: (-said[s["id"]], s["first_char"])):
        people.add_row(
            s["name"],
            s["kind"],
            str(said[s["id"]]),
            str(s["mention_count"]),
            s.get("role") or "",
            s.get("organization") or "",
        )
    return article_heading(article), quoted, people


def rejects_table(rejects: Sequence[Mapping[str, Any]]) -> Table:
    """Every `rejects` row: the input, the stage that turned it away, and why."""
    table = Table(title=plural(len(rejects), "reject"), title_justify="left")
    table.add_column("source", overflow="fold")
    table.add_column("stage", no_wrap=True)
    table.add_column("reason", overflow="fold", ratio=1)
    for r in sorted(rejects, key=lambda r: (r["source"], r["stage"])):
        stage = r["stage"] + (f" ({r['table_name']})" if r.get("table_name") else "")
        table.add_row(r["source"], stage, r["reason"])
    return table


def _day(when: Any) -> str:
    return when.date().isoformat() if when is not None else ""


def people_table(lines: Sequence[EntityLine], *, top: int) -> Table:
    """The `top` most quoted people, one row per corpus entity: name, quotations, articles,
    outlets of its quotations' articles, first and last seen (article dates)."""
    shown = lines[:top]
    title = plural(len(lines), "person", "people") + " quoted"
    if len(shown) < len(lines):
        title += f", the {len(shown)} most quoted"
    table = Table(title=title, title_justify="left")
    table.add_column("name", overflow="fold")
    table.add_column("quotations", justify="right")
    table.add_column("articles", justify="right")
    table.add_column("outlets", overflow="fold", ratio=1)
    table.add_column("first seen", no_wrap=True)
    table.add_column("last seen", no_wrap=True)
    for e in shown:
        table.add_row(
            e.name, str(e.quotes), str(e.articles), ", ".join(e.outlets), _day(e.first_seen), _day(e.last_seen)
        )
    return table


def most_quoted_people(data: Dataset) -> tuple[list[EntityLine], str | None]:
    """The quoted people of `data`, most quoted first, by corpus entity; by per-article id (and
    the line that says so) for a dataset without `entities` rows."""
    quotes = data["quotes"].to_table(columns=[*QUOTATION_COLUMNS, "speaker_entity_id"]).to_pylist()
    about = data["articles"].to_table(columns=["article_id", "outlet", "published_at", "ingested_at"]).to_pylist()
    outlets = {a["article_id"]: a["outlet"] for a in about}
    if data["entities"].count_rows():
        entities = data["entities"].to_table().to_pylist()
        redirects = data["entity_redirects"].to_table().to_pylist()
        return quoted_entities(entities, quotes, redirects, kind="person", outlets=outlets), None
    dates = {a["article_id"]: a["published_at"] or a["ingested_at"] for a in about}
    people = data["people"].to_table(columns=["article_id", "person_id", "name", "role", "organization"]).to_pylist()
    return by_article_ids(people, "person_id", "person", quotes, dates=dates, outlets=outlets), NO_ENTITIES


def show_dataset(
    console: Console, data: Dataset, article: str | None, *, rejects: bool = False, people: int | None = None
) -> str | None:
    """Print the articles of `data` (or its rejects, or its `people` most quoted people), or the
    quotes and speakers of the article whose id starts with `article`; returns what is wrong
    when no single article matches."""
    columns = ["article_id", "source", "title"]
    if people is not None:
        lines, note = most_quoted_people(data)
        console.print(people_table(lines, top=people))
        if note:
            console.print(note, highlight=False, soft_wrap=True, markup=False)
        return None
    if rejects:
        rows = data["rejects"].to_table(columns=["source", "stage", "reason", "table_name"]).to_pylist()
        console.print(rejects_table(rows))
        return None
    if article is None:
        quotes = data["quotes"].to_table(columns=QUOTATION_COLUMNS).to_pylist()
        console.print(articles_table(data["articles"].to_table(columns=columns).to_pylist(), quotes))
        console.print(dataset_totals(data), highlight=False, soft_wrap=True)
        return None
    import pyarrow.compute as pc

    ids = data["articles"].to_table(columns=["article_id"]).column("article_id").to_pylist()
    matches = [a for a in ids if a.startswith(article.strip().lower())] if article.strip() else []
    if len(matches) != 1:
        found = "no article" if not matches else plural(len(matches), "article")
        return f"{found} in {data.out} with an id starting {article!r}; `quoteflow show {data.out}` lists them"
    only = pc.field("article_id") == matches[0]
    about = [*columns, "outlet", "authors", "published_at", "url"]
    (row,) = data["articles"].to_table(columns=about, filter=only).to_pylist()
    quotes = data["quotes"].to_table(filter=only).to_pylist()
    named = [{**p, "kind": "person", "id": p["person_id"]} for p in data["people"].to_table(filter=only).to_pylist()]
    orgs = [
        {**o, "kind": "organization", "id": o["organization_id"]}
        for o in data["organizations"].to_table(filter=only).to_pylist()
    ]
    heading, quoted, speakers = article_tables(row, quotes, named + orgs)
    console.print(heading, highlight=False, soft_wrap=True, markup=False)
    console.print(quoted)
    console.print(speakers)
    return None
