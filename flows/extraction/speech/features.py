"""What the ranker knows about a candidate speaker: named groups of parse features.

    “We will rebuild,” she said.     candidate "she", proposed as the cue's subject
    features(ctx, record, window, candidate, context)
    # -> {"distance:after_0-2": 1.0, "path:1": 1.0, "role:nsubj": 1.0, "kind:pronoun": 1.0,
    #     "rule:cue_subject": 1.0, "rule:choice*explicit": 1.0, …}

Every feature is a one-hot indicator (1.0) named `group:value`, so a linear model's weights
read as preferences and a group can be dropped whole (`GROUPS`, the training's ablation).
The groups: distance (tokens and sentences to the quote), path (dependency steps to the
cue), role (the head's dependency), chain (its place among the subjects), agreement
(gender and number with the pronoun the rules found), count (mentions so far), last
(the previous quotation's speaker), paragraph (where it sits), kind (name, pronoun,
description), rule (who proposed it, and whether it is the rules' own choice), pair
(conjunctions a linear model cannot form: the cue's subject and a pronoun, the same entity
as the rules' choice, in the cue's sentence) and rank (`relative_features`: the nearest
candidate before and after the quote, the nearest mention of its entity).
"""

from __future__ import annotations

import bisect
from typing import NamedTuple

from spacy.tokens import Token

from ...schemas.vocab import EntityKind
from ..deps import APPOSED, NOMINAL_SUBJECTS, ROOT
from ..entities.model import Entity
from ..lexicon import PERSON_PRONOUNS
from .candidates import RULE_NAMES, Candidate, QuoteWindow, token_span
from .document import DocContext
from .records import QuoteRecord

GROUPS = (
    "distance", "path", "role", "chain", "agreement", "count", "last", "paragraph", "kind", "rule", "pair", "rank"
)  # fmt: skip
_ROLES = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "appos", "poss", "compound", "conj", "ROOT", "attr"})
_PLURAL_PRONOUNS = frozenset({"they", "we"})
_TOKEN_BUCKETS = ((2, "0-2"), (5, "3-5"), (10, "6-10"), (20, "11-20"), (40, "21-40"))
_MAX_PATH = 6


class RecordContext(NamedTuple):
    """What the features compare every candidate of one quotation with."""

    rule_span: tuple[int, int] | None  # the rules' choice, in tokens
    rule_gender: str | None  # 'm'/'f' when the rules' choice is he/she
    rule_plural: bool
    previous_entity: Entity | None  # the previous quotation's speaker
    previous_span: tuple[int, int] | None
    mention_ends: dict[int, list[int]]  # id(entity) -> where its mentions end, in order (per document)
    rule_entity: Entity | None  # what the rules' choice resolves to


def mention_ends(ctx: DocContext) -> dict[int, list[int]]:
    """Each entity's mention ends, sorted: "mentions so far" by bisection, not by a walk per quote."""
    return {id(e): sorted(m.end for m in e.mentions) for e in ctx.index.entities}


def record_context(
    ctx: DocContext, record: QuoteRecord, previous: QuoteRecord | None, ends: dict[int, list[int]]
) -> RecordContext:
    rule_span = token_span(ctx, record.speaker_span) if record.speaker_span is not None else None
    gender = None
    plural = False
    if rule_span is not None and rule_span[1] - rule_span[0] == 1:
        word = ctx.doc[rule_span[0]].lower_
        gender = PERSON_PRONOUNS.get(word)
        plural = word in _PLURAL_PRONOUNS or ctx.doc[rule_span[0]].tag_ in {"NNS", "NNPS"}
    prev_span = None
    if previous is not None and previous.speaker_span is not None:
        prev_span = token_span(ctx, previous.speaker_span)
    last = previous.speaker if previous is not None else None
    return RecordContext(rule_span, gender, plural, last, prev_span, ends, record.speaker)


def features(
    ctx: DocContext, record: QuoteRecord, window: QuoteWindow, cand: Candidate, rc: RecordContext
) -> dict[str, float]:
    """The candidate's features, `group:value` -> 1.0."""
    doc = ctx.doc
    head = doc[cand.head]
    out: list[str] = []
    # distance: tokens to the nearer edge of the quotation, and sentences
    if cand.end <= window.start:
        side, gap = "before", window.start - cand.end
    elif cand.start >= window.end:
        side, gap = "after", cand.start - window.end
    else:
        side, gap = "inside", 0
    bucket = next((name for top, name in _TOKEN_BUCKETS if gap <= top), "far")
    out.append(f"distance:{side}_{bucket}")
    out.append(f"distance:sent_{_sentence_gap(ctx, cand, window)}")
    # path: dependency steps between the candidate's head and the cue
    steps = _path(head, doc[record.cue.token]) if record.cue is not None and record.cue.token < len(doc) else None
    out.append(f"path:{'none' if steps is None else min(steps, _MAX_PATH)}")
    # role
    out.append(f"role:{head.dep_ if head.dep_ in _ROLES else 'other'}")
    # chain: the main clause's subject, another subject, or none; first subject of the paragraph
    out.append(f"chain:{_subject_rank(head)}")
    if head.dep in NOMINAL_SUBJECTS and window.para_first[0] <= head.i < window.para_first[1]:
        out.append("chain:paragraph_subject")
    # agreement with the pronoun the rules found (an unknown gender agrees with anything)
    gender = PERSON_PRONOUNS.get(head.lower_) or (cand.entity.gender if cand.entity is not None else None)
    if rc.rule_gender is None or gender is None:
        out.append("agreement:gender_unknown")
    else:
        out.append("agreement:gender_" + ("agree" if gender == rc.rule_gender else "conflict"))
    plural = head.lower_ in _PLURAL_PRONOUNS or head.tag_ in {"NNS", "NNPS"}
    out.append(f"agreement:number_{'same' if plural == rc.rule_plural else 'differ'}")
    # count: how often the entity was named before the quote
    n = bisect.bisect_right(rc.mention_ends.get(id(cand.entity), []), record.start) if cand.entity is not None else 0
    out.append(f"count:{n if n < 3 else '3+' if n < 6 else '6+'}")
    # last: the previous quotation's speaker
    if rc.previous_entity is not None and cand.entity is rc.previous_entity:
        out.append("last:same_entity")
    if rc.previous_span is not None and (cand.start, cand.end) == rc.previous_span:
        out.append("last:same_mention")
    # paragraph
    para = ctx.paragraph_of_token[cand.head]
    delta = record.paragraph - para
    where = "same" if delta == 0 else "previous" if delta == 1 else "next" if delta < 0 else "earlier"
    out.append(f"paragraph:{where}")
    if window.para_first[0] <= cand.head < window.para_first[1]:
        out.append("paragraph:first_sentence")
    if ctx.paragraphs.spans[record.paragraph][0] >= record.start - 1:
        out.append("paragraph:quote_opens")
    # kind
    out.append(f"kind:{_kind(ctx, head, cand.entity)}")
    out.append("kind:resolved" if cand.entity is not None else "kind:unresolved")
    # rule: who proposed it; the rules' own choice, by how the rules attributed the quote
    out.extend(f"rule:{r}" for r in cand.rules)
    how = record.attribution.value if record.attribution is not None else "none"
    if rc.rule_span is not None and (cand.start, cand.end) == rc.rule_span:
        out.append(f"rule:choice*{how}")
    out.append(f"rule:quote_{how}*{record.quote_type.value}")
    # pair: conjunctions a linear model cannot form from the groups above
    kind = _kind(ctx, head, cand.entity)
    if "cue_subject" in cand.rules:
        out.append(f"pair:cue_subject*{kind}")
        out.append(f"pair:cue_subject*{side}")
    if rc.rule_entity is not None and cand.entity is rc.rule_entity:
        out.append(f"pair:rule_entity*{how}")
    if record.cue is not None and record.cue.token < len(doc) and doc[record.cue.token].sent.start == head.sent.start:
        out.append("pair:cue_sentence")
    return dict.fromkeys(out, 1.0)


def relative_features(ctx: DocContext, window: QuoteWindow, cands: list[Candidate]) -> list[list[str]]:
    """What sets each candidate apart from the quotation's others (`rank:…`): the nearest
    candidate before and after the quotation, the nearest mention of its entity, the nearest
    subject; names only one candidate of the quotation can carry."""
    out: list[list[str]] = [[] for _ in cands]
    before = [k for k, c in enumerate(cands) if c.end <= window.start]
    after = [k for k, c in enumerate(cands) if c.start >= window.end]
    if before:
        out[before[-1]].append("rank:nearest_before")
    if after:
        out[after[0]].append("rank:nearest_after")
    subjects = [k for k in before if ctx.doc[cands[k].head].dep in NOMINAL_SUBJECTS]
    if subjects:
        out[subjects[-1]].append("rank:nearest_subject_before")
    subjects = [k for k in after if ctx.doc[cands[k].head].dep in NOMINAL_SUBJECTS]
    if subjects:
        out[subjects[0]].append("rank:nearest_subject_after")
    nearest: dict[int, tuple[int, int]] = {}
    for k, c in enumerate(cands):
        if c.entity is None:
            continue
        gap = window.start - c.end if c.end <= window.start else max(0, c.start - window.end)
        if id(c.entity) not in nearest or gap < nearest[id(c.entity)][0]:
            nearest[id(c.entity)] = (gap, k)
    for _, k in nearest.values():
        out[k].append("rank:entity_nearest")
    return out


def group_of(name: str) -> str:
    return name.split(":", 1)[0]


def vocabulary() -> frozenset[str]:
    """Every feature name `features` can produce (the packaged model may name no other)."""
    sides = ("before", "after", "inside")
    buckets = [name for _, name in _TOKEN_BUCKETS] + ["far"]
    hows = ("explicit", "continuation", "none")
    names = [f"distance:{s}_{b}" for s in sides for b in buckets]
    names += [f"distance:sent_{s}" for s in ("same", "prev", "prev2+", "next", "next2+")]
    names += [f"path:{k}" for k in range(_MAX_PATH + 1)] + ["path:none"]
    names += [f"role:{r}" for r in _ROLES] + ["role:other"]
    names += [f"chain:{c}" for c in ("main_subject", "subject", "not_subject", "paragraph_subject")]
    names += [f"agreement:gender_{g}" for g in ("unknown", "agree", "conflict")]
    names += ["agreement:number_same", "agreement:number_differ"]
    names += [f"count:{c}" for c in ("0", "1", "2", "3+", "6+")] + ["last:same_entity", "last:same_mention"]
    names += [f"paragraph:{p}" for p in ("same", "previous", "next", "earlier", "first_sentence", "quote_opens")]
    names += [f"kind:{k}" for k in ("person_name", "org_name", "pronoun", "description", "other")]
    names += ["kind:resolved", "kind:unresolved"] + [f"rule:{r}" for r in RULE_NAMES]
    names += [f"rule:choice*{h}" for h in hows] + [f"rule:quote_{h}*{t}" for h in hows for t in ("direct", "partial")]
    kinds = ("person_name", "org_name", "pronoun", "description", "other")
    names += [f"pair:cue_subject*{k}" for k in kinds] + [f"pair:cue_subject*{s}" for s in sides]
    names += [f"pair:rule_entity*{h}" for h in hows] + ["pair:cue_sentence"]
    names += [f"rank:{r}" for r in ("nearest_before", "nearest_after", "entity_nearest")]
    names += [f"rank:nearest_subject_{s}" for s in ("before", "after")]
    return frozenset(names)


def _sentence_gap(ctx: DocContext, cand: Candidate, window: QuoteWindow) -> str:
    if window.sent_start <= cand.head < window.sent_end:
        return "same"
    doc = ctx.doc
    sent = doc[cand.head].sent
    if cand.head < window.sent_start:
        prev = doc[window.sent_start - 1].sent if window.sent_start > 0 else None
        return "prev" if prev is not None and prev.start == sent.start else "prev2+"
    return "next" if sent.start == window.sent_end else "next2+"


def _path(a: Token, b: Token) -> int | None:
    """Dependency steps from `a` to `b` through their lowest common ancestor (same sentence)."""
    if a.sent.start != b.sent.start:
        return None
    up: dict[int, int] = {}
    tok, k = a, 0
    while True:
        up[tok.i] = k
        if tok.head.i == tok.i:
            break
        tok, k = tok.head, k + 1
    tok, k = b, 0
    while tok.i not in up:
        if tok.head.i == tok.i:
            return None
        tok, k = tok.head, k + 1
    return up[tok.i] + k


def _subject_rank(head: Token) -> str:
    tok = head
    for _ in range(4):
        if tok.dep in NOMINAL_SUBJECTS:
            return "main_subject" if tok.head.dep == ROOT else "subject"
        if tok.dep not in APPOSED or tok.head.i == tok.i:
            return "not_subject"
        tok = tok.head
    return "not_subject"


def _kind(ctx: DocContext, head: Token, entity: Entity | None) -> str:
    hit = ctx.index.at(head.i)
    if hit is not None:
        return "person_name" if hit[0].kind == EntityKind.PERSON else "org_name"
    if head.pos_ == "PRON":
        return "pronoun"
    if head.pos_ in {"NOUN", "ADJ"}:
        return "description"
    return "other"
