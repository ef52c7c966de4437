"""Speakers named by punctuation rather than by a reporting verb.

    speaker_by_dash(ctx, q)    # "“We will win.” — Jo Doe"
    name_and_dash(ctx, q)      # "… including the former governor Jo Doe -- “It is wrong”"
    cue_by_colon(ctx, q)       # "Roe had a warning: “…”"
    speaker_label(ctx, q, c)   # a transcript line "“ROE: We will …”"
    name_and_colon(ctx, q)     # a headline "Roe: ‘We will not sell’"

Each returns a `Found` (the punctuation or the clause's verb as the cue, the token naming
the speaker) or None.
"""

from __future__ import annotations

from spacy.tokens import Span

from ..deps import SUBJECTS, attr, dative, dobj, oprd, pobj, subject_of
from ..lexicon import PERSON_PRONOUNS
from ..punctuation import DASHES
from ..quotemarks import QuoteMarkSpan
from .cues import SPEAKER_LABEL
from .document import DocContext
from .records import Found

_TITLE_WORDS = 2  # capitalised words a signature may put before the name ("-Gov. Jo Doe")


def cue_by_colon(ctx: DocContext, q: QuoteMarkSpan) -> Found | None:
    """'Roe had a warning: “…”': a named (or he/she) subject of the clause before the colon."""
    doc = ctx.doc
    i = ctx.token_at_or_after(q.open_start) - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    if i < 0 or doc[i].text != ":" or ctx.in_quote[i]:
        return None
    root = doc[i].sent.root if i > 0 else None
    if root is None or ctx.in_quote[root.i] or root.pos_ not in {"VERB", "AUX"}:
        return None
    subj = subject_of(root, SUBJECTS)
    if subj is None:
        return None
    if ctx.index.at(subj.i) is None and subj.lower_ not in PERSON_PRONOUNS:
        return None
    return Found(root, subj)


def speaker_by_dash(ctx: DocContext, q: QuoteMarkSpan) -> Found | None:
    """'“…” — Jane Roe': (dash token, the name's last token) when a dash and a name follow the
    quote, on its line or opening the next one when the quote ends its own ("“…”\n\n-Jane Roe, …")."""
    doc, text = ctx.doc, ctx.text
    para_end = ctx.paragraphs.spans[q.paragraph][1]
    pos = q.close_end
    while pos < para_end and text[pos].isspace():
        pos += 1
    next_line = pos >= para_end and q.paragraph + 1 < len(ctx.paragraphs.spans)
    if next_line:
        pos, para_end = ctx.paragraphs.spans[q.paragraph + 1]
    dash = next((d for d in DASHES if text.startswith(d, pos)), None)
    if dash is None:
        return None
    dash_start = pos
    pos += len(dash)
    while pos < para_end and text[pos].isspace():
        pos += 1
    k = ctx.token_at_or_after(pos)
    hit = None
    for j in range(k, min(k + _TITLE_WORDS + 1, len(doc))):
        # the name, or a title before it ("-Governor Ada Vell"), up to the first punctuation
        if doc[j].idx >= para_end or doc[j].is_punct or ctx.in_quote[j]:
            break
        hit = ctx.index.at(j)
        if hit is not None or not doc[j].text[:1].isupper():
            break
    if hit is None:
        return None
    after = hit[1].token_end
    if next_line and after < len(doc) and doc[after].idx < para_end and not doc[after].is_punct:
        return None  # "- Jo Doe won the vote.": a list item, not a signature
    dash_token = (
        doc[ctx.token_at_or_after(dash_start)]
        if doc[ctx.token_at_or_after(dash_start)].idx == dash_start
        else doc[max(0, k - 1)]
    )
    return Found(dash_token, doc[hit[1].token_end - 1])


def name_and_dash(ctx: DocContext, q: QuoteMarkSpan) -> Found | None:
    """'… including the former governor Jo Doe -- “It is wrong”': a name, a dash, the quote."""
    text, doc = ctx.text, ctx.doc
    pos = q.open_start
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    dash = next((d for d in DASHES if d != "-" and text.endswith(d, 0, pos)), None)
    if dash is None:
        return None
    dash_start = pos - len(dash)
    k = ctx.token_at_or_after(dash_start)
    if k == 0 or k >= len(doc):
        return None
    hit = ctx.index.at(k - 1)
    if hit is None or hit[1].token_end != k or ctx.in_quote[k - 1]:
        return None
    name = doc[hit[1].token_start : k].root
    # a subject or one of a group ("including Jo Doe --"); not an object ("supportive of Jo Doe --")
    if name.dep == pobj and name.head.lower_ not in {"including", "like", "among"}:
        return None
    if name.dep in {dobj, dative, attr, oprd}:
        return None
    return Found(doc[k], doc[k - 1])


def speaker_label(ctx: DocContext, q: QuoteMarkSpan, content: Span) -> Found | None:
    """Transcripts: '“ROE: We will …”' names its speaker before a colon."""
    m = SPEAKER_LABEL.match(ctx.text, q.start, q.end)
    if m is None:
        return None
    colon = ctx.token_at_or_after(m.end(1))
    if colon >= len(ctx.doc) or ctx.doc[colon].text != ":":
        return None
    return Found(ctx.doc[colon], ctx.doc[colon - 1], content_start=m.end())  # the label is not quoted


def name_and_colon(ctx: DocContext, q: QuoteMarkSpan) -> Found | None:
    """Headlines: "Roe: ‘We will not sell’" opens its paragraph with the speaker's name and a colon."""
    doc = ctx.doc
    para_start = ctx.paragraphs.spans[q.paragraph][0]
    first = ctx.token_at_or_after(para_start)
    hit = ctx.index.at(first) if first < len(doc) else None
    if hit is None or hit[1].token_start != first:
        return None
    colon = hit[1].token_end
    if colon >= len(doc) or doc[colon].text != ":" or ctx.text[doc[colon].idx + 1 : q.open_start].strip():
        return None
    return Found(doc[colon], doc[colon - 1])
