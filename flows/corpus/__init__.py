"""Corpus-level identity: which rows of different articles name the same person or organization.

records        NameRecord: what resolution reads of a `people` / `organizations` row
names          the parts of a name as resolution compares them (pure string rules, no spaCy)
people         one component of people (one surname): canonical keys, namesakes, surnames alone
organizations  one component of organizations: folded names, acronyms, party plurals
resolve        records in, corpus entity ids out (blockwise, order-independent, stable ids)
"""
