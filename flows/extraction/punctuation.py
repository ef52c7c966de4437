"""The punctuation the extraction rules read: quotation marks, dashes, sentence ends.

A closed class, like `lexicon`: defined once, used by the paragraph, quotation-mark
and attribution stages alike. Single quotes are listed apart: they double as
apostrophes, so only a few rules read them.
"""

import re

#: marks that open a quotation
OPENING_QUOTES = frozenset({"“", "„", "‟", "«", "``"})
#: marks that close one
CLOSING_QUOTES = frozenset({"”", "»"})
#: single quotes, read only where a double quote's closing mark was typed as one ("“…’")
SINGLE_QUOTES = frozenset({"’", "'", "‘"})
#: every double quotation mark, as one pattern (`` and '' are two characters)
DOUBLE_QUOTE_PATTERN = re.compile(r"``|''|[\"“”„‟«»]")

#: hyphens inside a word ("Smith-Jones"), typed or typeset
HYPHENS = frozenset({"-", "‐"})
#: dashes that introduce a signature ("“…” — Jane Roe"), longest first
DASHES = ("--", "―", "—", "–", "−", "-")

#: what a sentence (or a line that is one) ends with, closing quotation marks included
SENTENCE_END = (".", "!", "?", ":", '"', "”", "'", "’")
