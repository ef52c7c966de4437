"""Candidate names: where the text names someone or something, before deciding what it is.

The model's entities (PERSON, ORG, and the labels it confuses with them: GPE, NORP,
FAC, LOC, PRODUCT, WORK_OF_ART, EVENT, LAW), trimmed of determiners, possessives,
edge punctuation and, for people, leading honorifics and titles (kept aside for
roles); plus the organizations the small model misses, found by linguistic rules:

    "the Federal Widget Agency (FWA)"   an acronym in parentheses after a name that fits it
    "told KQXR", "on WXYZ-TV"           a broadcast call sign
    "she told ZENTRA"                   an all-capitals name after "told", "on", "at" …
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..lexicon import HONORIFICS, ORG_HEADS, TITLE_WORDS
from .model import normalize_name
from .names import initials_fit

#: model labels whose spans may be people or organizations the model mistyped
KEPT_NER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})
CALL_SIGN = re.compile(r"^[KW][A-Z]{2,3}(?:-(?:TV|FM|AM|DT|LP))?$")
_ACRONYM = re.compile(r"^[A-Z][A-Z&.\-]{1,9}$")
_ALL_CAPS_NAME = re.compile(r"^[A-Z]{3,6}$")
_BEFORE_CAPS_ORG = frozenset({"on", "at", "told", "to", "with", "from", "for", "by", "via", "joined"})
_APOSTROPHES = {"'s", "’s", "'", "’", "s'", "s’"}
_ARTICLES = frozenset({"the", "a", "an"})


@dataclass
class Candidate:
    start: int  # token index
    end: int  # token index, exclusive
    label: str  # spaCy label, or ORG for rule-found organizations
    rule: str | None = None  # the rule that found or relabelled it
    honorific: str | None = None  # stripped honorific ("Mr.")
    title: str | None = None  # stripped title ("Mayor")
    in_headline: bool = False  # title case misleads the tagger there

    def span(self, doc: Doc) -> Span:
        return doc[self.start : self.end]

    def key(self, doc: Doc) -> str:
        return normalize_name(self.span(doc).text)


def _is_name_token(tok: Token) -> bool:
    return any(c.isalpha() for c in tok.text) and (tok.text[0].isupper() or tok.text[0].isdigit())


def _is_punct_or_space(text: str) -> bool:
    return all(c.isspace() or unicodedata.category(c)[0] in "PSZ" for c in text)


def _trim(doc: Doc, start: int, end: int, label: str) -> tuple[int, int, str | None, str | None]:
    """Drop determiners, possessives, edge punctuation and (for people) leading titles."""
    honorific = title = None
    while start < end and (doc[start].lower_ in _ARTICLES or _is_punct_or_space(doc[start].text)):
        start += 1
    while end > start and (
        doc[end - 1].text in _APOSTROPHES or doc[end - 1].tag_ == "POS" or _is_punct_or_space(doc[end - 1].text)
    ):
        end -= 1
    if label == "PERSON":
        title_tokens = []
        while end - start > 1 and (doc[start].lower_ in HONORIFICS or doc[start].lower_.rstrip(".") in TITLE_WORDS):
            if doc[start].lower_ in HONORIFICS:
                honorific = doc[start].text
            else:
                title_tokens.append(doc[start].text)
            start += 1
        title = " ".join(title_tokens) or None
    return start, end, honorific, title


def _split_lines(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    parts, s = [], start
    for i in range(start, end):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            if "\n" in doc[i].text:
                if i > s:
                    parts.append((s, i))
                s = i + 1
            else:
                parts.append((s, i + 1))
                s = i + 1
    if end > s:
        parts.append((s, end))
    return parts


def candidate_spans(doc: Doc) -> list[Candidate]:
    """Model entities, trimmed and split, plus rule-found organizations; non-overlapping, in order."""
    out: list[Candidate] = []
    for ent in doc.ents:
        if ent.label_ not in KEPT_NER_LABELS:
            continue
        for s, e in _split_lines(doc, ent.start, ent.end):
            out.extend(_clean_candidate(doc, s, e, ent.label_))
    taken = {i for c in out for i in range(c.start, c.end)}

    acronyms = acronyms_in_parentheses(doc, out)
    for c in out:
        if c.end - c.start == 1 and doc[c.start].text in acronyms and c.label != "ORG":
            c.label, c.rule = "ORG", "acronym"
    for tok in doc:
        if tok.i in taken or not tok.text[:1].isupper():
            continue
        rule = None
        if tok.text in acronyms:
            rule = "acronym"
        elif CALL_SIGN.match(tok.text):
            rule = "call_sign"
        elif _caps_after_preposition(doc, tok):
            rule = "caps_after_preposition"
        if rule:
            out.append(Candidate(tok.i, tok.i + 1, "ORG", rule=rule))
            taken.add(tok.i)
    for c in out:
        if c.label != "ORG" and c.end - c.start == 1 and CALL_SIGN.match(doc[c.start].text):
            c.label, c.rule = "ORG", "call_sign"
        elif c.label == "PERSON" and c.end - c.start == 1 and _caps_after_preposition(doc, doc[c.start]):
            c.label, c.rule = "ORG", "caps_after_preposition"  # "told ZENTRA": people are not written in capitals
    out.sort(key=lambda c: c.start)
    return out


def _caps_after_preposition(doc: Doc, tok: Token) -> bool:
    """An all-capitals name after "on", "at", "told" ...: a broadcaster, an agency, a company."""
    return bool(
        _ALL_CAPS_NAME.match(tok.text)
        and tok.i > 0
        and doc[tok.i - 1].lower_ in _BEFORE_CAPS_ORG
        and not (tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN")
    )


def _clean_candidate(doc: Doc, start: int, end: int, label: str) -> list[Candidate]:
    # "Acme's Widget Project": the owner is a mention; the rest only if it is an organisation
    for i in range(start, end):
        if doc[i].tag_ == "POS" or doc[i].text in {"'s", "’s"}:
            head = _clean_candidate(doc, start, i, label)
            rest_start, rest_end, _, _ = _trim(doc, i + 1, end, label)
            if rest_end > rest_start and doc[rest_end - 1].lower_ in ORG_HEADS:
                head += _clean_candidate(doc, rest_start, rest_end, "ORG")
            return head
    for i in range(start + 1, end - 1):
        if doc[i].like_num and doc[i + 1].lower_ in {"percent", "%", "pct"}:
            end = i  # "Acme 13 percent": the tagger ran the name into a figure
            break
    s, e, honorific, title = _trim(doc, start, end, label)
    if label == "ORG":
        while s < e - 1 and doc[s].text[:1].islower():
            s += 1  # "federal Widget Safety Commission": the name starts at the capital
    if e <= s or not any(_is_name_token(doc[i]) for i in range(s, e)):
        return []
    if sum(ch.isalpha() for ch in doc[s:e].text) < 2:
        return []  # "I." or a stray initial
    return [Candidate(s, e, label, honorific=honorific, title=title)]


def acronyms_in_parentheses(doc: Doc, candidates: list[Candidate]) -> dict[str, int]:
    """'Full Name (FN)': acronym -> index of the candidate it abbreviates."""
    found = {}
    for idx, c in enumerate(candidates):
        e = c.end
        while e < len(doc) and doc[e].tag_ == "POS":
            e += 1
        if e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")":
            acr = doc[e + 1].text
            if _ACRONYM.match(acr) and initials_fit(acr, c.span(doc).text):
                found[acr] = idx
    return found
