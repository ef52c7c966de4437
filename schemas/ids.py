"""The one rule every id in the tables follows: a kind's prefix, then the first 16 hex digits
of a SHA-256 (of the article's text, or of what names the row).

    hex_id("Mayor Jane Roe said the bridge would reopen.")   # -> "5d1f…" (16 hex digits): an article id
    hex_id("person:jane roe", "per_")                        # -> "per_9c0e…": an entity id
    short_id(content_hash(text))                             # -> the article id of a hash already computed
    id_pattern("q_")                                         # -> r"^q_[0-9a-f]{16}$": what the tables check

The producers (records, rows.build, corpus, extraction.entities.model) and the tables'
patterns (dtypes) all read it from here.
"""

import hashlib

#: 64 bits: no two of a dataset's articles (or of an article's quotes, or of the corpus's
#: entities) share an id in practice. Changing it changes every id already written.
ID_HEX_DIGITS = 16


def short_id(sha256_hex: str) -> str:
    """The id digits of a SHA-256 already computed, in hex (an article's content hash)."""
    return sha256_hex[:ID_HEX_DIGITS]


def hex_id(key: str, prefix: str = "") -> str:
    """`prefix` and the id digits of the SHA-256 of `key` (UTF-8)."""
    return prefix + short_id(hashlib.sha256(key.encode("utf-8")).hexdigest())


def id_pattern(prefix: str = "") -> str:
    """The regular expression an id with `prefix` (itself a pattern: "(per|org)_") matches whole."""
    return rf"^{prefix}[0-9a-f]{{{ID_HEX_DIGITS}}}$"
