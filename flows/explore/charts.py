"""Bar charts as inline SVG, drawn on the server: no script, nothing fetched.

    bars([("2026-W02", 4), ("2026-W03", 0), ("2026-W04", 3)], title="quotes per week")
    # Markup('<svg class="chart" viewBox="0 0 600 160" role="img" aria-label="quotes per week" …>…</svg>'
    #        '<div class="axis"><span>2026-W02</span><span>2026-W04</span></div>')

The SVG scales to its container's width (no fixed width: a phone does not scroll sideways);
the first and last labels are HTML under it, not SVG text, so they keep the page's font size
(text inside the SVG would shrink with it, to 7 px on a phone). Every label is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH = 600
HEIGHT = 160
AXIS = 1  # the axis line's width under the bars


def bars(points: Sequence[tuple[str, int]], *, title: str) -> Markup:
    """One bar per point, each with a tooltip; the first and last labels written under the chart."""
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
    parts.append('</svg><div class="axis muted">')
    parts.append(f"<span>{escape(points[0][0])}</span>")
    if len(points) > 1:
        parts.append(f"<span>{escape(points[-1][0])}</span>")
    parts.append("</div>")
    return Markup("".join(parts))
