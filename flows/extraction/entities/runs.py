"""Names the model missed or cut into pieces, found by capitals and honorifics; and the
whole candidate list in order (`extend_candidates`).

    name_runs        capitalised words the model left untagged ("Ilsa Brack gave …"): candidates
                     labelled NAME, which count only with evidence of their kind; a lone
                     capitalised word opening a sentence counts when it ends a longer name
                     ("Brack, 24, …" after "Ilsa Brack")
    honorific_names  "Mr Holloway-Pike": the honorific and the capitalised words after it
                     are one person's name, whatever pieces the model made of it

    extend_candidates(doc, layout, view, candidate_spans(view))
    # the model's candidates re-cut (`reshape`), plus these; none in a shouted line
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..layout import DocumentLayout
from ..lexicon import (
    HONORIFICS,
    NAME_PARTICLES,
    OCCUPATIONS,
    ORG_HEADS,
    ORG_OPENING_TITLES,
    ORG_ROLES,
    POST_NOMINALS,
    TITLE_WORDS,
)
from ..punctuation import HYPHENS
from .candidates import Candidate, clean_candidate
from .lineups import sheet_candidates
from .reshape import (
    campaign_names,
    dateline_credit,
    drop_role_words,
    extend_given_name,
    extend_tail,
    join_conjoined,
    join_escaped,
    join_pieces,
    join_possessive,
    shouting_tokens,
    split_glued,
)
from .tokens import TokenView

#: lower-case words that may join the capitalised words of one name ("Bank of X", "van der Berg")
_JOINERS = frozenset({"of", "and", "&", "for"}) | NAME_PARTICLES
#: parts of speech a word of a name gets from the tagger (it reads unknown names as nouns)
_NAME_TAGS = frozenset({"PROPN", "NOUN", "ADJ", "X"})
#: a sentence is in title case when this share of its words of four letters or more is capitalised
_TITLE_CASE_SHARE = 0.7
_LONG_WORD = 4
_MIN_TITLE_WORDS = 4


def extend_candidates(
    doc: Doc, layout: DocumentLayout, view: TokenView, candidates: list[Candidate]
) -> list[Candidate]:
    """The model's candidates, split and merged where the text says so, plus the names it
    missed; none in a shouted line or a dateline place, none made only of title words;
    non-overlapping, in order."""
    shouting = shouting_tokens(layout, view)
    cands = honorific_names(doc, view, split_glued(doc, campaign_names(doc, candidates)))
    out = dateline_credit(view, [c for c in cands if not shouting & set(range(c.start, c.end))])
    taken = {i for c in out for i in range(c.start, c.end)}
    # a lone capitalised word opening a sentence counts when it ends a person's name or opens
    # a longer organization's ("Quillon chief executive …" after "Quillon Mining Company")
    short_forms = {view.text[c.end - 1] for c in out if c.label == "PERSON"}
    short_forms |= {view.text[c.start] for c in out if c.label == "ORG" and c.end - c.start > 1}
    for start, end in name_runs(view, taken, shouting | title_case_tokens(layout, view), short_forms):
        found = clean_candidate(view, start, end, "NAME", rule="name_run")
        # "Deputy High Court Judge": a title before a name, not a name
        out.extend(c for c in found if not _title_word(view, c.end - 1))
    out.sort(key=lambda c: c.start)
    out = extend_tail(doc, join_possessive(doc, join_conjoined(doc, drop_role_words(doc, out))))
    out = join_escaped(view, extend_given_name(view, join_pieces(doc, out)))
    # "Vice President", "MPs", "QC" alone are no names; "Senate" and "House" name bodies
    out = [
        c
        for c in out
        if not all(_title_word(view, i) for i in range(c.start, c.end)) or view.lower[c.end - 1] in ORG_HEADS
    ]
    # a team sheet's names, whatever the model made of them ("Gorman, Hale" as one organization)
    sheet = sheet_candidates(view)
    listed = {i for c in sheet for i in range(c.start, c.end)}
    out = [c for c in out if not listed & set(range(c.start, c.end))] + sheet
    out.sort(key=lambda c: c.start)
    return out


def title_case_tokens(layout: DocumentLayout, view: TokenView) -> set[int]:
    """Tokens of the headline and of sentences written in title case ("Mayor Vows To
    Fight Tax Plan"): where every word is capitalised, capitals say nothing of names."""
    out = set(view.tokens_in(*layout.headline)) if layout.headline is not None else set()
    for sent in view.sentences():
        long_words = [view.text[i] for i in sent if view.letters[i] >= _LONG_WORD]
        capitalised = sum(w[:1].isupper() for w in long_words)
        if len(long_words) >= _MIN_TITLE_WORDS and capitalised >= _TITLE_CASE_SHARE * len(long_words):
            out.update(sent)
    return out


def _title_word(view: TokenView, i: int) -> bool:
    """'Former', 'Vice President', 'MPs', 'QC': words of titles and occupations, not names."""
    low = view.lower[i].rstrip(".")
    return (
        view.lower[i] in HONORIFICS
        or low in TITLE_WORDS
        or low in OCCUPATIONS
        or low in POST_NOMINALS
        or low.removesuffix("s") in TITLE_WORDS
    )


def _name_word(view: TokenView, i: int) -> bool:
    """A capitalised word that may be part of a name: a noun or an adjective to the tagger
    (not "Keep" in "Keep Jo Doe Out"), not shouted."""
    text = view.text[i]
    if not text[:1].isupper() or not any(c.isalpha() for c in text) or view.pos[i] not in _NAME_TAGS:
        return False
    return not (len(text) > 1 and text.isupper())  # all capitals: acronyms have rules of their own


def name_runs(view: TokenView, taken: set[int], excluded: set[int], last_words: set[str]) -> list[tuple[int, int]]:
    """(start, end) of runs of capitalised words outside every model entity and the
    `excluded` tokens (shouted lines, title case), and of lone words opening a sentence
    that end a longer name (`last_words`) or name a body ("Lakeside coach Jo Doe")."""
    untagged = {i for i, ent in enumerate(view.ent) if not ent} - taken - excluded
    runs = _capital_runs(view, untagged)
    last_words = last_words | {view.text[e - 1] for s, e in runs if e - s == 2}  # "Ilsa Brack"
    free = untagged - {i for s, e in runs for i in range(s, e)}
    starts = [i for i in sorted(free) if view.sent_start[i] and _lone_name(view, i, last_words)]
    return sorted(runs + [(i, i + 1) for i in starts])


def _capital_runs(view: TokenView, untagged: set[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i in sorted(untagged):
        if runs and i < runs[-1][1]:
            continue  # inside the run found last
        if not _name_word(view, i) or (i > 0 and i - 1 in untagged and _name_word(view, i - 1)):
            continue
        j = _run_end(view, i, untagged)
        start = i
        while start < j and view.sent_start[start] and (view.lower[start] in HONORIFICS or view.stop[start]):
            start += 1  # "But Jo Doe": a capitalised function word opening the sentence
        titles = [k for k in range(start, j - 1) if _title_word(view, k)]
        if titles and view.lower[titles[-1]] not in ORG_OPENING_TITLES and view.lower[j - 1] not in ORG_HEADS:
            start = titles[-1] + 1  # "Radical MEP Anouk Verlaine": the name follows the last title word
        if j - start > 1 or (j - start == 1 and not view.sent_start[start]):
            runs.append((start, j))
    return runs


def _lone_name(view: TokenView, i: int, last_words: set[str]) -> bool:
    """A capitalised word opening a sentence on its own: a surname used before ("Brack,
    24, …" after "Ilsa Brack"), or a body's name before a post in it and the post's
    holder ("Lakeside coach Dee Mbeki said …")."""
    text = view.text[i]
    if not text[:1].isupper() or not text.isalpha():
        return False
    after = view.text[i + 1] if i + 1 < len(view) else ""
    if text in last_words:
        real_start = i == 0 or view.pos[i - 1] in {"PUNCT", "SPACE"}
        return real_start and not after[:1].isupper()
    return (
        _name_word(view, i)
        and i + 2 < len(view)
        and view.lower[i + 1] in ORG_ROLES
        and after.islower()
        and view.ent[i + 2] == "PERSON"
    )


def _run_end(view: TokenView, i: int, untagged: set[int]) -> int:
    j = i + 1
    while j < len(view) and j in untagged:
        if _name_word(view, j) or (view.text[j] in HYPHENS and not view.space[j] and not view.space[j - 1]):
            j += 1
        elif view.lower[j] in _JOINERS and j + 1 in untagged and _name_word(view, j + 1):
            j += 2
        else:
            break
    return j


def honorific_names(doc: Doc, view: TokenView, candidates: list[Candidate]) -> list[Candidate]:
    """'Mr Holloway-Pike', 'Greeting Mr Penn': an honorific and the capitalised words
    after it are one person's name, whatever pieces the model made of them."""
    at = {i: c for c in candidates for i in range(c.start, c.end)}
    dropped: set[int] = set()  # id() of candidates replaced
    added: list[Candidate] = []
    for h in (i for i, low in enumerate(view.lower) if low in HONORIFICS and view.text[i][:1].isupper()):
        j = h + 1
        while j < len(view) and (
            _name_word(view, j)
            or (view.text[j] in HYPHENS and not view.space[j - 1] and j + 1 < len(view) and _name_word(view, j + 1))
        ):
            j += 1
        inside = {id(c): c for k in range(h, j) if (c := at.get(k)) is not None}
        if j == h + 1 or any(c.end > j for c in inside.values()):
            continue  # nothing capitalised follows, or the model's name runs past these words
        new = clean_candidate(view, h, j, "PERSON")
        if new:
            dropped.update(inside)
            added.extend(new)
    out = [c for c in candidates if id(c) not in dropped] + added
    out.sort(key=lambda c: c.start)
    return out
