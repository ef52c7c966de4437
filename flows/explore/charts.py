"""Bar charts as inline SVG, drawn on the server: no script, nothing fetched.

    bars([("2026-W02", 4), ("2026-W03", 0), ("2026-W04", 3)], title="quotes per week")
    # Markup('<svg class="chart" viewBox="0 0 600 160" role="img" aria-label="quotes per week" …>…</svg>')

The SVG scales to its container's width (no fixed width: a phone does not scroll sideways);
every label is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH = 600
HEIGHT = 160
AXIS = 18  # room under the bars for the first and last label


def bars(points: Sequence[tuple[str, int]], *, title: str) -> Markup:
    """One bar per point, each with a tooltip; the first and last labels written under the axis."""
    if not points:
        return Markup("")
    top = max(n for _, n in points) or 1
    step = WIDTH / len(points)
    width = max(step * 0.8, 1.0)
    plot = HEIGHT - AXIS
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}"'
        f' xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line x1="0" y1="{plot}" x2="{WIDTH}" y2="{plot}" stroke="#999" stroke-width="1"/>',
    ]
    for k, (label, n) in enumerate(points):
        h = plot * n / top
        parts.append(
            f'<rect class="bar" x="{k * step + (step - width) / 2:.2f}" y="{plot - h:.2f}" width="{width:.2f}"'
            f' height="{h:.2f}" fill="#0b57d0" data-label="{escape(label)}" data-count="{n}">'
            f"<title>{escape(label)}: {n}</title></rect>"
        )
    first, last = points[0][0], points[-1][0]
    parts.append(f'<text x="0" y="{HEIGHT - 4}" font-size="12" fill="#555">{escape(first)}</text>')
    if len(points) > 1:
        parts.append(
            f'<text x="{WIDTH}" y="{HEIGHT - 4}" font-size="12" fill="#555" text-anchor="end">{escape(last)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
