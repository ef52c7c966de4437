"""An article's text as HTML with its quotes, speakers and cues marked, everything escaped.

    spans = [Span(0, 12, "quote", "direct", quote_id="q_1", speaker="Jane Roe", speaker_id="per_1"),
             Span(14, 17, "speaker", speaker="Jane Roe", speaker_id="per_1"), Span(18, 22, "cue")]
    highlight("We are ready, Roe said.", spans)
    # Markup('<mark class="q q-direct" data-quote-id="q_1" …>We are ready</mark>, '
    #        '<a class="spk" href="#per_1" …>Roe</a> <span class="cue">said</span>.')

Spans may nest (a partial quote inside an indirect one: both are shown, one element
inside the other) and may cross; a span that crosses another is cut into pieces, each
carrying the same attributes, so the elements always nest. The text itself is only ever
escaped: an article holding `<script>` shows it as text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup, escape

SpanKind = Literal["quote", "speaker", "cue"]
#: which of two spans with the same extent goes outside
_RANK = {"quote": 0, "speaker": 1, "cue": 2}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: SpanKind
    quote_type: str | None = None  # for a quote: direct, partial or indirect
    quote_id: str | None = None
    speaker: str | None = None  # the canonical name (a quote's speaker, or who a mention is)
    speaker_id: str | None = None  # the people / organizations row the speaker links to


def _opening(span: Span, in_link: bool) -> tuple[str, str]:
    """The start and end tags of one piece of `span` (no link inside a link: HTML forbids it)."""
    if span.kind == "quote":
        who = span.speaker or "speaker unknown"
        attrs = (
            f' class="q q-{escape(span.quote_type)}" data-quote-id="{escape(span.quote_id)}"'
            f' data-quote-type="{escape(span.quote_type)}" data-speaker="{escape(span.speaker or "")}"'
            f' title="{escape(span.quote_type)} quote: {escape(who)}"'
        )
        return f"<mark{attrs}>", "</mark>"
    if span.kind == "speaker":
        title = f' title="speaker: {escape(span.speaker or "not resolved to a name")}"'
        if span.speaker_id and not in_link:
            return f'<a class="spk" href="#{escape(span.speaker_id)}"{title}>', "</a>"
        return f'<span class="spk{"" if span.speaker_id else " spk-unresolved"}"{title}>', "</span>"
    return '<span class="cue" title="cue">', "</span>"


def _ordered(spans: Iterable[Span]) -> list[Span]:
    """Spans outermost first (earlier start, then longer, then quote before speaker before cue)."""
    return sorted(spans, key=lambda s: (s.start, -s.end, _RANK[s.kind]))


def highlight(text: str, spans: Sequence[Span]) -> Markup:
    """`text` escaped, with every span in `spans` marked (empty or out-of-range spans ignored)."""
    spans = _ordered(s for s in set(spans) if 0 <= s.start < s.end <= len(text))
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    parts: list[str] = []
    stack: list[tuple[Span, str]] = []  # the open spans, outermost first, with their end tag
    for left, right in zip(cuts, cuts[1:], strict=False):
        active = [s for s in spans if s.start <= left and right <= s.end]  # already outermost first
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep][0] is active[keep]:
            keep += 1
        while len(stack) > keep:
            parts.append(stack.pop()[1])
        for span in active[keep:]:
            in_link = any(end == "</a>" for _, end in stack)
            start_tag, end_tag = _opening(span, in_link)
            parts.append(start_tag)
            stack.append((span, end_tag))
        parts.append(str(escape(text[left:right])))
    parts.extend(end for _, end in reversed(stack))
    return Markup("".join(parts))
