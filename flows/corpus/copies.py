"""Syndicated copies: near-duplicate articles found by MinHash/LSH, incrementally.

A wire story reprinted by several outlets (another headline, a dateline and a
"Reporting by …" line added, the last paragraph trimmed) is one story; counting it once
per outlet inflates every count. Each article gets a `Fingerprint` once, from its text
alone; a commit then compares its new articles only with the stored fingerprints that
share at least one LSH band hash (a Parquet filter on the `bands` list), never with the
corpus text.

    >>> a = fingerprint("a1", "Harbourton council voted on Tuesday to close the old ferry pier ...")
    >>> b = fingerprint("b7", "HARBOURTON (Wire) - Harbourton council voted on Tuesday to close ...")
    >>> find_copies([b], [a])      # {"b7": "a1"} when their estimated Jaccard is >= THRESHOLD

Choices (and why):
- Shingles are word 5-grams of the normalized text (NFKC, case-folded, punctuation
  dropped, whitespace collapsed). Five words is long enough that two reporters writing
  about the same event with the same names and facts rarely share a shingle outside
  quotations, and short enough that a changed word or an added dateline disturbs only
  five shingles.
- THRESHOLD 0.5 on the estimated Jaccard similarity of the shingle sets. A reprint that
  keeps most of the story scores 0.7-1.0; separately written articles on one event score
  under 0.1 (they share only quotations, and a story is rarely more than a third shared
  quotation, which stays under 0.35). 0.5 also takes a reprint cut to about half its length.
- 128 MinHash values (datasketch's MinHash, seed 1, scheme "affine32", so the same text
  gives the same values in any process and any later datasketch default), cut into
  32 bands of 4 rows: a pair at Jaccard s becomes a candidate with probability
  1 - (1 - s^4)^32: 0.873 at 0.5, 0.9998 at 0.7, > 0.999999 at 0.8 and 0.9.
  The standard deviation of the estimate is about sqrt(s(1-s)/128), 0.044 at 0.5.
- An article under MIN_WORDS words has too few shingles for a similarity estimate: its
  fingerprint is one exact hash of its normalized text (also its one band), so it is a
  copy only of an identical short text, and nothing is a copy of it otherwise. An article
  without any word has no band and is never a copy.
- `copy_of` always names a root (an article that is not itself a copy): a match that is
  a copy is followed to the article it copies, so "distinct stories" is simply the rows
  whose `copy_of` is empty.
"""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import NamedTuple

SHINGLE_WORDS = 5
THRESHOLD = 0.5
NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
MIN_WORDS = 50
SEED = 1
# stored next to the fingerprints: fingerprints made with other parameters are not comparable
PARAMETERS = f"minhash-affine32 seed={SEED} perm={NUM_PERM} bands={BANDS}x{ROWS} shingle={SHINGLE_WORDS}w"

# \w+ over case-folded NFKC text: letters and digits of any script are words, everything
# else (punctuation, quote marks, dashes) only separates them
_WORD = re.compile(r"\w+")


class Fingerprint(NamedTuple):
    article_id: str
    bands: tuple[int, ...]  # LSH band hashes (signed int64, so they fit a Parquet int64 list column)
    signature: tuple[int, ...]  # the MinHash values (or what the Jaccard estimate needs), int64-safe


def words(text: str) -> list[str]:
    """The normalized words of `text`: "Don't  STOP—now." -> ["don", "t", "stop", "now"]."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _int64(data: bytes, person: bytes) -> int:
    """A signed 64-bit hash, the same in every process (Python's hash() is salted per process)."""
    digest = hashlib.blake2b(data, digest_size=8, person=person).digest()
    value: int = struct.unpack("<q", digest)[0]
    return value


def fingerprint(article_id: str, text: str) -> Fingerprint:
    """The fingerprint of one article's text (its title left out: reprints change headlines)."""
    tokens = words(text)
    if not tokens:
        return Fingerprint(article_id, (), ())
    if len(tokens) < MIN_WORDS:
        exact = _int64(" ".join(tokens).encode("utf-8"), b"qf-short")
        return Fingerprint(article_id, (exact,), (exact,))
    # imported here: datasketch imports scipy, which only a commit that fingerprints needs
    from datasketch import MinHash  # type: ignore[import-untyped]

    shingles = {" ".join(tokens[i : i + SHINGLE_WORDS]) for i in range(len(tokens) - SHINGLE_WORDS + 1)}
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32")
    # a minimum does not depend on the order the set yields its shingles in (which does vary by process)
    minhash.update_batch([shingle.encode("utf-8") for shingle in shingles])
    signature = tuple(int(value) for value in minhash.hashvalues)
    bands = tuple(
        # the band's position is part of its hash: only the same band of two articles may match
        _int64(struct.pack(f"<B{ROWS}I", band, *signature[band * ROWS : (band + 1) * ROWS]), b"qf-band")
        for band in range(BANDS)
    )
    return Fingerprint(article_id, bands, signature)


def jaccard(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated Jaccard similarity of the two shingle sets: the share of equal MinHash values
    (datasketch's MinHash.jaccard); 1.0 or 0.0 for the exact hashes of short texts."""
    if not a.signature or len(a.signature) != len(b.signature):
        return 0.0
    same = sum(1 for x, y in zip(a.signature, b.signature, strict=True) if x == y)
    return same / len(a.signature)


def candidate_probability(similarity: float) -> float:
    """The LSH S-curve: the chance that a pair at this Jaccard similarity shares >= 1 band."""
    return float(1 - (1 - similarity**ROWS) ** BANDS)


def in_publication_order(
    fingerprints: Sequence[Fingerprint], published: Mapping[str, datetime | None]
) -> list[Fingerprint]:
    """A batch in the order `find_copies` needs: earliest date first (the caller passes
    published_at, or ingested_at where an article has none), then article_id; an article
    without any date comes last. The order a batch arrives in is not stable; this is."""

    dated = [fp for fp in fingerprints if published.get(fp.article_id) is not None]
    undated = [fp for fp in fingerprints if published.get(fp.article_id) is None]
    by_date = sorted(dated, key=lambda fp: (published[fp.article_id], fp.article_id))
    return by_date + sorted(undated, key=lambda fp: fp.article_id)


def find_copies(
    new: Sequence[Fingerprint],
    stored_candidates: Sequence[Fingerprint],
    stored_copy_of: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """new article_id -> the article it copies, for every new article whose estimated similarity to
    an earlier one (stored, or earlier in `new`) is >= THRESHOLD. Candidates are those sharing >= 1 band.

    `new` is taken in the order given (earliest first: see `in_publication_order`);
    `stored_candidates` all come before any new article (a commit never re-points a stored
    row, so a new article is the copy even when it was published earlier), in the same
    order (`in_publication_order` of them too, so the answer does not depend on the order
    a Parquet scan returns them in).
    The match kept is the first in that order (the earliest copy), followed to its root
    through `stored_copy_of` (the stored `copy_of` of the candidates) and through this
    batch's own answers, so a returned id is never itself a copy.
    """
    copy_of: dict[str, str] = dict(stored_copy_of or {})
    band_index: dict[int, list[int]] = {}
    seen: list[Fingerprint] = []

    def remember(fp: Fingerprint) -> None:
        for band in fp.bands:
            band_index.setdefault(band, []).append(len(seen))
        seen.append(fp)

    for fp in stored_candidates:
        remember(fp)
    found: dict[str, str] = {}
    for fp in new:
        positions = sorted({pos for band in fp.bands for pos in band_index.get(band, ())})
        for pos in positions:
            earlier = seen[pos]
            if earlier.article_id != fp.article_id and jaccard(fp, earlier) >= THRESHOLD:
                root = earlier.article_id
                hops = {root}
                while copy_of.get(root) not in (None, *hops):  # a stored cycle must not hang a commit
                    root = copy_of[root]
                    hops.add(root)
                if root != fp.article_id:
                    found[fp.article_id] = root
                    copy_of[fp.article_id] = root
                break
        remember(fp)
    return found
