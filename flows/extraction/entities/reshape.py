"""Names the model cut wrongly, re-cut by the shape of the text around them.

    campaign_names   "the Ferro campaign" is an organization named "Ferro campaign", and so is
                     "the Roe administration" (not the person Ferro or Roe)
    dateline_credit  "OSTLAKE (Newswire) —": the agency credited in a dateline
    split_glued      "the Daily Post Voss said": a newspaper run into a person's name
    join_conjoined   "the North and West Vandian Forum": one organization, not a region and a forum
    join_possessive  "the supermarket group Hobb's Pantry", "Marrow's Quay": a name with a possessive inside
    extend_tail      "the channel Corvid 9", "Brakke IF": a number or a club's letters after a name
    extend_given_name "Ana Roe" where the model tagged "Roe" alone: the given name before it
    join_escaped     "Jos&#233; Verlaine": a given name with an HTML character reference opens the name
    join_pieces      "Ostlake Fisk LLP" cut by the model into "Ostlake" and "Fisk LLP"
    drop_role_words  "Radical MEP Jo Doe": a title word ends no organization's name
    shouting_tokens  lines in capitals ("COUNCIL DELAYS VOTE") and dateline places ("TARROWBY, Ore. -")

Each takes and returns candidates in text order (`shouting_tokens`: token indices).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..deps import compound
from ..layout import DocumentLayout
from ..lexicon import (
    HONORIFICS,
    NAMED_BODIES,
    NER_PLACES,
    OCCUPATIONS,
    ORG_HEADS,
    ORG_NOUNS,
    PLACE_NOUNS,
    POSSESSIVE_CLITICS,
    TITLE_WORDS,
    VENUE_HEADS,
)
from ..punctuation import DASHES
from .candidates import Candidate
from .tokens import TokenView

_DASHES = frozenset(DASHES)
_AGENCY = re.compile(r"^[A-Z]{2,6}$")
#: letters after a club's or a company's name ("IF", "BK", "AG"): two to four capitals
_DESIGNATOR = re.compile(r"^[A-Z]{2,4}$")
#: a line is shouted when this share of its words (two letters or more) is in capitals
_SHOUTED_SHARE = 0.8
_MAX_NAME_NUMBER = 999
#: "Jos&#233", "Fran&ccedil": a capitalised word ending in an HTML character reference (its ";" cut off)
_ESCAPED_WORD = re.compile(r"^[A-Z][A-Za-z]*&(?:#\d{2,5}|#x[0-9a-fA-F]{2,4}|[a-z]{2,8})$")


def campaign_names(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """'the Ferro campaign': the name and its head noun become one organization."""
    out: list[Candidate] = []
    for c in candidates:
        head = doc[c.end] if c.end < len(doc) else None
        if head is not None and head.lower_ in NAMED_BODIES and head.text.islower() and c.label != "NAME":
            out.append(Candidate(c.start, c.end + 1, "ORG", rule="campaign"))
        else:
            out.append(c)
    return out


def dateline_credit(view: TokenView, candidates: list[Candidate]) -> list[Candidate]:
    """'OSTLAKE (Newswire) —': the agency credited in a dateline, whatever the model read."""
    text = view.text
    credited = {
        i + 1
        for i, t in enumerate(text)
        if t == "("
        and i + 3 < len(text)
        and _AGENCY.match(text[i + 1])
        and text[i + 2] == ")"
        and text[i + 3] in _DASHES
    }
    out = [c for c in candidates if c.start not in credited]
    out += [Candidate(i, i + 1, "ORG", rule="dateline") for i in sorted(credited)]
    out.sort(key=lambda c: c.start)
    return out


def split_glued(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """'of the Daily Post Voss said': an organization's head noun, then the surname of a
    person the article names elsewhere, read as one name: two candidates."""
    surnames = {doc[c.end - 1].text for c in candidates if c.label == "PERSON"}
    out: list[Candidate] = []
    for c in candidates:
        last = doc[c.end - 1]
        if (
            c.end - c.start >= 3
            and doc[c.end - 2].lower_ in ORG_HEADS
            and last.text in surnames
            and last.pos_ == "PROPN"
        ):
            out.append(Candidate(c.start, c.end - 1, "ORG"))
            out.append(Candidate(c.end - 1, c.end, "PERSON", rule="split"))
        else:
            out.append(c)
    return out


def join_conjoined(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """'the North and West Vandian Forum', 'the Tarrowby and Ostlake Institute': a short name,
    "and", then a name with an organizational head noun, with nothing between, are one name."""
    out: list[Candidate] = []
    for c in candidates:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.end + 1 == c.start
            and doc[prev.end].lower_ == "and"
            and prev.end - prev.start <= 2
            and prev.label in NER_PLACES | {"NAME"}  # "North", "Ostlake"; not "the AFB and X Department"
            and doc[c.end - 1].lower_ in ORG_HEADS
            and prev.start > 0
            and doc[prev.start - 1].lower_ == "the"
        ):
            out[-1] = Candidate(prev.start, c.end, "ORG")
        else:
            out.append(c)
    return out


def join_possessive(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """ "the supermarket group Hobb's Pantry", "Marrow's Quay": a name, "'s" and a capitalised
    word nobody else claims are one name when a describing noun comes first or the word is
    a place noun; not "Civic's Jo Doe" (a name of its own follows)."""
    starts = {c.start: c for c in candidates}
    out: list[Candidate] = []
    skip: set[int] = set()
    for c in candidates:
        if id(c) in skip:
            continue
        k = c.end
        nxt = doc[k + 1] if k + 1 < len(doc) and doc[k].text in POSSESSIVE_CLITICS else None
        claimed = starts.get(k + 1)
        if nxt is not None and (claimed is None or (claimed.rule == "name_run" and claimed.end == k + 2)):
            described = c.start > 0 and doc[c.start - 1].lower_ in ORG_NOUNS
            place = nxt.lower_ in PLACE_NOUNS or nxt.lower_ in VENUE_HEADS
            if nxt.text[:1].isupper() and nxt.is_alpha and (described or place):
                out.append(Candidate(c.start, k + 2, "ORG" if described else "FAC"))
                if claimed is not None:
                    skip.add(id(claimed))
                continue
        out.append(c)
    return out


def extend_tail(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """'the channel Corvid 9', 'joined Brakke IF': a small number or a club's capital
    letters right after a name (not a person's) belong to it; a score ("24-22") does not."""
    starts = {c.start for c in candidates}
    out: list[Candidate] = []
    for c in candidates:
        k = c.end
        if c.label != "PERSON" and k < len(doc) and k not in starts and doc[k - 1].whitespace_:
            tok = doc[k]
            after = doc[k + 1] if k + 1 < len(doc) else None
            ends = after is None or (after.is_punct and after.text not in {"-", "–", "%"}) or after.text.islower()
            numbered = tok.text.isdigit() and int(tok.text) <= _MAX_NAME_NUMBER
            if ends and (numbered or (_DESIGNATOR.match(tok.text) and not tok.ent_type_ and tok.text != "TV")):
                out.append(Candidate(c.start, k + 1, c.label, rule=c.rule))
                continue
        out.append(c)
    return out


def shouting_tokens(layout: DocumentLayout, view: TokenView) -> set[int]:
    """Tokens of lines written in capitals, and of the place that opens a dateline."""
    out: set[int] = set()
    for start, end in layout.paragraphs.spans:
        para = view.tokens_in(start, end)
        words = [view.text[i] for i in para if view.letters[i] >= 2]
        if len(words) >= 2 and sum(w.isupper() for w in words) >= _SHOUTED_SHARE * len(words):
            out.update(para)
            continue
        k = para.start  # "TARROWBY, Ore., May 4 (XNA) —", "OSTLAKE -"
        while k < para.stop and view.text[k].isupper() and view.text[k].isalpha() and len(view.text[k]) >= 2:
            k += 1
        if para.start < k < para.stop and (view.text[k] in {",", "("} or view.text[k] in _DASHES):
            out.update(range(para.start, k))
    return out


def join_pieces(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """Two candidates side by side on one line, one of them proper nouns the model did not
    tag, are one name ("Ostlake" + "Fisk LLP"); not a word before a person's name
    ("Radical Jo Doe", "Lucky Jo", "Sen. Jo Doe"), unless the whole is a firm's."""
    out: list[Candidate] = []
    for c in candidates:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.end == c.start
            and "\n" not in doc[prev.end - 1].whitespace_
            and _untagged_proper(doc, prev, c)
            and ("PERSON" not in {prev.label, c.label} or doc[c.end - 1].lower_ in ORG_HEADS)
        ):
            label = prev.label if prev.label != "NAME" else c.label
            out[-1] = Candidate(prev.start, c.end, label, honorific=prev.honorific, title=prev.title)
            continue
        out.append(c)
    return out


def _untagged_proper(doc: Doc, a: Candidate, b: Candidate) -> bool:
    """Is one of two pieces a run of proper nouns the model did not tag (no abbreviation)?"""
    return any(
        c.rule == "name_run" and all(t.pos_ == "PROPN" and not t.text.endswith(".") for t in c.span(doc))
        for c in (a, b)
    )


def drop_role_words(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """'Radical MEP Jo Doe', 'Acme Chief Executive Jo Doe': a name the model ran into the title
    of the person named next ends before the title."""
    out: list[Candidate] = []
    for k, c in enumerate(candidates):
        nxt = candidates[k + 1] if k + 1 < len(candidates) else None
        end = c.end
        if nxt is not None and nxt.start == c.end and nxt.label == "PERSON" and c.label != "PERSON":
            while end > c.start + 1 and doc[end - 1].lower_.rstrip(".") in TITLE_WORDS:
                end -= 1
        out.append(c if end == c.end else Candidate(c.start, end, c.label, rule=c.rule))
    return out


def extend_given_name(view: TokenView, candidates: list[Candidate]) -> list[Candidate]:
    """'Ana Roe, last year's winner': the model tagged the surname alone (under any label) and
    left the capitalised word before it, which the parse makes part of the same name."""
    taken = {i for c in candidates for i in range(c.start, c.end)}
    out: list[Candidate] = []
    for c in candidates:
        i = c.start - 1
        if (
            c.end - c.start == 1
            and i >= 0
            and i not in taken
            and not view.ent[i]
            and view.pos[i] == "PROPN"
            and view.text[i].isalpha()
            and view.text[i][:1].isupper()
            and not view.text[i].isupper()
            and not view.stop[i]
            and view.lower[i] not in HONORIFICS
            and view.lower[i] not in TITLE_WORDS
            and view.lower[i] not in OCCUPATIONS
            and view.token(i).dep == compound
            and view.token(i).head.i == c.start
        ):
            c = Candidate(i, c.end, c.label, rule=c.rule, honorific=c.honorific, title=c.title)
        out.append(c)
    return out


def join_escaped(view: TokenView, candidates: list[Candidate]) -> list[Candidate]:
    """'Jos&#233; Verlaine': a given name written with an HTML character reference, which the
    tokenizer cuts at its ";", opens the name after it (read as a person's when the model
    tagged either piece so, or the rest is one word: a surname)."""
    out: list[Candidate] = []
    for c in candidates:
        k = c.start - 2
        if k < 0 or view.text[k + 1] != ";" or view.space[k] or not _ESCAPED_WORD.match(view.text[k]):
            out.append(c)
            continue
        piece = out.pop() if out and out[-1].end > k else None
        person = (piece is not None and piece.label == "PERSON") or c.label == "PERSON" or c.end - c.start == 1
        start = piece.start if piece is not None else k
        out.append(Candidate(start, c.end, "PERSON" if person else c.label, rule=c.rule, title=c.title))
    return out
