"""Extraction: a parsed article in, its people, organizations and quotations out.

parse        load the spaCy pipeline once per process; parse texts of any length
layout       paragraphs, quotation marks, sentences and headline, computed once per article
paragraphs   the paragraph rules (one per line, or blank-line blocks when hard-wrapped)
quotemarks   pairing quotation marks into quoted spans
punctuation  the quotation marks, dashes and sentence ends the rules read
lexicon      closed word classes: honorifics, titles, speech verbs, organizational heads
syntax       dependency labels and small parse-tree helpers
entities/    candidates -> kinds -> clusters -> roles
speech/      cues -> speakers (coref) -> quotations (attribution) and reported speech
extract      the facade: `extract(doc) -> Extraction`
"""
