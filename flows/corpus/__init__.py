"""Corpus-level identity: which rows of different articles name the same person or organization.

names    the parts of a name as resolution compares them (pure string rules, no spaCy)
resolve  records in, corpus entity ids out (blockwise, order-independent, stable ids)
"""
