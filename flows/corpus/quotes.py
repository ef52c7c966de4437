"""Quotes followed across articles: one quotation by one speaker shares one `quote_cluster_id`.

Two quotes of the same speaker entity are one quotation when they are identical after
`quote_key` (lower-cased, punctuation removed, whitespace collapsed, as Quotebank does), when
one is contained in the other at word boundaries (a partial quote inside a longer direct one),
or when the shorter is a transcription variant of a stretch of the longer ("we will" /
"we'll": at least 80 % of its word trigrams found there, for quotes of 8 words or more).

    >>> recs = [
    ...     QuoteRecord("a1", "q1", "We will rebuild the north pier by spring.", "direct", "ent_ada"),
    ...     QuoteRecord("a2", "q2", "rebuild the north pier", "partial", "ent_ada"),
    ...     QuoteRecord("a2", "q3", "rebuild the north pier", "partial", "ent_bo"),
    ... ]
    >>> c = cluster_quotes(recs)
    >>> c["q1"] == c["q2"] != c["q3"]
    True

Choices, and why:
- Minimum for containment: the contained quote needs two content words (words outside a
  short list of function words) or five words of any kind ("it is not what we are"). A
  fragment with one content word ("late", "the ferries") is a coin toss: on PolNeAR dev
  a quoted single word sat inside an unrelated longer quote of the same speaker about as
  often as inside its own. It joins only a quotation the block carries in full in two
  articles or more (a line widely reported is the one a lone quoted word echoes); a fragment
  of function words only never joins. Identical quotes join whatever their length.
- A fragment contained in quotes of two different clusters joins neither (precision first:
  a wrong join corrupts two quotations, a missed one splits one).
- Reported speech (`indirect`) takes no part in containment: it is the writer's wording,
  so a paraphrase "contained" in a quotation is a coincidence of words, and the words it
  does quote are already their own `partial` rows. Identical reported rows (a reprint)
  share a cluster of their own. Quotebank likewise clusters direct quotations only.
- Blocks: a record's cluster depends only on the records of its speaker entity; inside a
  block, keys are visited longest first in a fixed order, so the clusters are a function
  of the set of records. A cluster's id is a hash of speaker, kind and its canonical
  (longest) key, so it does not depend on batches or on other speakers.
- Cost: candidate containers come from an index of word n-grams of the longer keys, looked
  up through the key's rarest trigrams only (prefix filtering), so a speaker's block costs
  about linear time in its quotes, never a comparison of every pair.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ..schemas.ids import hex_id
from ..schemas.vocab import QuoteType

# English function words: a contained fragment needs MIN_CONTENT_WORDS words outside this set.
_FUNCTION_WORDS = (
    "a an the and or but nor so yet if then than that this these those there here of to in on at "
    "for with by from as into onto about over under up down out off is are was were be been being "
    "am do does did done have has had having will would shall should can could may might must "
    "not no i me my mine you your yours he him his she her hers it its we us our ours they them "
    "their theirs who whom whose which what when where why how all any some each every very "
    "just too also s t ll ve re d m"
)
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())
MIN_CONTENT_WORDS = 2  # a fragment this rich in content words is contained on its own evidence
MIN_WORDS = 5  # ... and so is a sequence of five words or more ("it is not what we are")
ECHO_MIN_ARTICLES = 2  # a poorer fragment ("late") joins only a quotation reported in that many articles
FUZZY_MIN_WORDS = 8  # below this, one changed word is a large share of the quote
FUZZY_SHARE = 0.8  # share of the shorter key's word trigrams found in the longer one
_NON_WORD = re.compile(r"[\W_]+")

QUOTATION, REPORTED = "quotation", "reported"


class QuoteRecord(NamedTuple):
    """One `quotes` row, as far as clustering needs it."""

    article_id: str
    quote_id: str
    text: str
    quote_type: str  # "direct" | "partial" | "indirect" (schemas.vocab.QuoteType values)
    speaker_entity_id: str | None  # corpus entity id of the speaker (None: unattributed)


class QuoteCluster(NamedTuple):
    """One quotation followed across articles (a `quote_clusters` row before dates and outlets)."""

    cluster_id: str
    speaker_entity_id: str
    canonical_text: str  # the longest member's text
    quote_ids: tuple[str, ...]  # sorted
    article_ids: tuple[str, ...]  # sorted, distinct


def quote_key(text: str) -> str:
    """Lower-cased, punctuation removed, whitespace collapsed: "“We’ll GO!”" -> "we ll go"."""
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())


def cluster_quotes(records: Sequence[QuoteRecord]) -> dict[str, str]:
    """quote_id -> quote_cluster_id ("qc_" + 16 hex) for every record with a speaker."""
    return {qid: c.cluster_id for c in quote_clusters(records) for qid in c.quote_ids}


def quote_clusters(records: Iterable[QuoteRecord]) -> list[QuoteCluster]:
    """Every cluster of the records that have a speaker, sorted by cluster id."""
    blocks: dict[str, dict[str, QuoteRecord]] = defaultdict(dict)
    for r in records:
        if r.speaker_entity_id is not None:
            blocks[r.speaker_entity_id][r.quote_id] = r
    out = [c for speaker, block in blocks.items() for c in _block_clusters(speaker, list(block.values()))]
    return sorted(out, key=lambda c: c.cluster_id)


def _block_clusters(speaker: str, records: list[QuoteRecord]) -> list[QuoteCluster]:
    """The clusters of one speaker's records."""
    groups: dict[tuple[str, str], list[QuoteRecord]] = defaultdict(list)
    for r in records:
        kind = REPORTED if r.quote_type == QuoteType.INDIRECT else QUOTATION
        key = quote_key(r.text)
        # an empty key (a quote of punctuation only) says nothing: it stays alone
        groups[(kind, key or f"\x00{r.quote_id}")].append(r)
    root = _attach(
        {
            key: {r.article_id for r in rs}
            for (kind, key), rs in groups.items()
            if kind == QUOTATION and key[0] != "\x00"
        }
    )
    members: dict[tuple[str, str], list[QuoteRecord]] = defaultdict(list)
    for (kind, key), rs in groups.items():
        members[(kind, root.get(key, key) if kind == QUOTATION else key)].extend(rs)
    return [_cluster(speaker, kind, key, rs) for (kind, key), rs in members.items()]


def _cluster(speaker: str, kind: str, canonical_key: str, members: list[QuoteRecord]) -> QuoteCluster:
    # the canonical member is the one the id names: the first key _attach visits in the cluster
    canonical = [r for r in members if quote_key(r.text) == canonical_key] or members
    longest = min(canonical, key=lambda r: (-len(r.text), r.text))
    return QuoteCluster(
        cluster_id=hex_id(f"{speaker}\x1f{kind}\x1f{canonical_key}", "qc_"),
        speaker_entity_id=speaker,
        canonical_text=longest.text,
        quote_ids=tuple(sorted(r.quote_id for r in members)),
        article_ids=tuple(sorted({r.article_id for r in members})),
    )


Gram = str  # words joined by one space: strings are not tracked by the garbage collector


def _ngrams(words: Sequence[str], n: int) -> set[Gram]:
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def _attach(articles_of: dict[str, set[str]]) -> dict[str, str]:
    """key -> the key of its cluster's canonical (longest) member, for one speaker's quotations.

    `articles_of` maps each key to the articles it occurs in. Keys are visited longest first
    (most words, then most characters, then by the key itself); each joins the one cluster
    whose visited keys contain it, if exactly one does, else starts its own.
    """
    root: dict[str, str] = {}
    reported_in: dict[str, set[str]] = defaultdict(set)  # cluster root -> articles quoting it in full
    trigrams_of: dict[str, set[Gram]] = {}
    index: dict[int, dict[Gram, list[str]]] = {n: defaultdict(list) for n in (1, 2, 3)}  # n-gram -> keys
    for key in sorted(articles_of, key=lambda k: (-len(k.split()), -len(k), k)):
        words = key.split()
        grams = _ngrams(words, 3)
        content = sum(w not in FUNCTION_WORDS for w in words)
        strong = content >= MIN_CONTENT_WORDS or len(words) >= MIN_WORDS
        clusters = {root[c] for c in _containers(key, words, grams, index, trigrams_of)} if strong or content else set()
        if not strong:  # an echo: only of a quotation reported in full in several articles
            clusters = {c for c in clusters if len(reported_in[c]) >= ECHO_MIN_ARTICLES}
        root[key] = clusters.pop() if len(clusters) == 1 else key
        if strong:
            reported_in[root[key]] |= articles_of[key]
        trigrams_of[key] = grams
        for n, table in index.items():
            for gram in _ngrams(words, n):
                table[gram].append(key)
    return root


def _containers(
    key: str,
    words: list[str],
    grams: set[Gram],
    index: dict[int, dict[Gram, list[str]]],
    trigrams_of: dict[str, set[Gram]],
) -> set[str]:
    """The visited (longer) keys that contain `key` or of which it is a transcription variant.

    A key of one or two words looks up its own n-gram: each distinct key reads one posting
    list, so a block reads each indexed n-gram's list once at most.
    """
    if len(words) < 3:
        candidates: Iterable[str] = index[len(words)].get(key, ())  # the key is its own n-gram
        return {c for c in candidates if f" {key} " in f" {c} "}
    fuzzy = len(words) >= FUZZY_MIN_WORDS
    need = math.ceil(FUZZY_SHARE * len(grams)) if fuzzy else len(grams)
    # a key sharing `need` of the trigrams shares one of the len - need + 1 rarest (prefix filter)
    rarest = sorted(grams, key=lambda g: (len(index[3].get(g, ())), g))[: len(grams) - need + 1]
    found = set()
    for c in {c for g in rarest for c in index[3].get(g, ())}:
        if f" {key} " in f" {c} " or (fuzzy and len(grams & trigrams_of[c]) >= need):
            found.add(c)
    return found
