"""Credit lines: where an article names its own writers and photographers, not its subjects.

    By Jo Whit, Local Reporter                       a byline
    Additional reporting by Oswy Wenlow                  a credit
    Photograph: Tam Wenlow                              a picture credit
    Follow Ann Wenlow on Twitter: @annvale             a social-media line
    Ann Wenlow writes about science for the Daily X.   the author's closing line

`credit_ranges(doc, layout)` gives the character ranges of such lines. A person named only
there is not a person of the article; an organization named there stays (a news agency in
a credit is one), and so does a person the body names too.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span

from ..layout import DocumentLayout

#: words that open a credit line (lower case, the first two words at most)
_CREDIT_OPENERS = (
    ("additional", "reporting"),
    ("reporting", "by"),
    ("writing", "by"),
    ("editing", "by"),
    ("edited", "by"),
    ("compiled", "by"),
    ("photograph",),
    ("photographs",),
    ("photo",),
    ("photos",),
    ("picture",),
    ("pictures",),
    ("image",),
    ("illustration",),
    ("video",),
)
_SOCIAL = frozenset({"twitter", "instagram", "facebook", "x", "threads", "bluesky", "linkedin", "tiktok"})
#: a byline or credit is a short line
_MAX_CREDIT_TOKENS = 20
#: verbs of an author's closing line ("X is a correspondent at Y", "X writes about Y for Z")
_BIO_VERBS = frozenset({"be", "write", "cover", "report", "edit", "teach", "direct"})
_MAX_BIO_TOKENS = 60


class CreditRanges:
    """Sorted, non-overlapping character ranges of credit lines."""

    def __init__(self, ranges: list[tuple[int, int]]):
        self.ranges = sorted(ranges)
        self._starts = [r[0] for r in self.ranges]

    def covers(self, offset: int) -> bool:
        k = bisect.bisect_right(self._starts, offset) - 1
        return k >= 0 and offset < self.ranges[k][1]


def credit_ranges(doc: Doc, layout: DocumentLayout) -> CreditRanges:
    """The bylines, credits, social-media lines and the author's closing line of `doc`."""
    found: list[tuple[int, int]] = []
    spans = layout.paragraphs.spans
    for start, end in spans:
        para = doc.char_span(start, end, alignment_mode="expand")
        if para is not None and len(para) <= _MAX_CREDIT_TOKENS and _is_credit_line(para):
            found.append((start, end))
    closing = _closing_unit(doc, layout)
    if closing is not None and _is_author_line(closing):
        found.append((closing.start_char, closing.end_char))
    return CreditRanges(found)


def _words(span: Span) -> list[str]:
    return [t.lower_ for t in span if not t.is_punct and not t.is_space]


def _is_credit_line(para: Span) -> bool:
    words = _words(para)
    if len(words) < 2:
        return False
    if words[0] == "by" and para[1].text[:1].isupper():
        return True  # "By Jo Whit, Local Reporter"
    if any(tuple(words[: len(opener)]) == opener for opener in _CREDIT_OPENERS):
        return True
    # "Follow Ann Wenlow on Twitter": a name, then the network
    return words[0] == "follow" and "on" in words and bool(_SOCIAL & set(words[words.index("on") + 1 :]))


def _closing_unit(doc: Doc, layout: DocumentLayout) -> Span | None:
    """The article's last paragraph, or its last sentence when the text is one block."""
    spans = layout.paragraphs.spans
    if len(spans) > 2:
        return doc.char_span(spans[-1][0], spans[-1][1], alignment_mode="expand")
    sents = list(doc.sents)
    return sents[-1] if len(spans) <= 1 and len(sents) >= 3 else None


def _is_author_line(unit: Span) -> bool:
    """'Ann Wenlow is science correspondent at the Daily X.' / 'Ann Wenlow writes about TV for Y.'

    A short present-tense statement about the job of the person it opens with, with no
    quotation: the author's note that closes an opinion piece or a feature.
    """
    if len(unit) > _MAX_BIO_TOKENS or unit[0].ent_type_ != "PERSON" or any(t.is_quote for t in unit):
        return False
    verbs = [t for t in unit if t.tag_ == "VBZ" and t.lemma_.lower() in _BIO_VERBS]
    # the job is held somewhere: "at X", "for X"
    return bool(verbs) and any(t.lower_ in {"at", "for"} and t.i > verbs[0].i for t in unit)
