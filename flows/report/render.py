"""The report as one self-contained HTML page: Jinja2 with autoescaping, inline CSS, no
script and no network resource (a Content-Security-Policy forbids both).

    html = render(report_view(tables))
    Path("report.html").write_text(html, encoding="utf-8")

The template (`report.html.j2`) ships inside the package.
"""

from __future__ import annotations

import functools
from datetime import datetime
from importlib import resources

from jinja2 import Environment, StrictUndefined, Template

from .model import ReportView

TEMPLATE = "report.html.j2"


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value is not None else "—"


@functools.cache
def template() -> Template:
    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["when"] = _when
    source = resources.files(__package__).joinpath(TEMPLATE).read_text(encoding="utf-8")
    return env.from_string(source)


def render(view: ReportView, *, title: str = "quoteflow report") -> str:
    """The page for `view`."""
    return template().render(view=view, title=title)
