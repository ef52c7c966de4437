"""Corpus-level knowledge: which rows of different articles name the same person, organization
or quotation, and which articles are copies of one story.

records        NameRecord: what resolution reads of a `people` / `organizations` row
names          the parts of a name as resolution compares them (pure string rules, no spaCy)
people         one component of people (one surname): canonical keys, namesakes, surnames alone
organizations  one component of organizations: folded names, acronyms, party plurals
resolve        records in, corpus entity ids out (blockwise, order-independent, stable ids)
update         one commit's change: the batch's ids, the `entities` rows it touches, redirects
quotes         the same quotation across articles (clusters per speaker entity)
copies         syndicated copies: MinHash/LSH fingerprints of word shingles
stories        `copy_of` at commit time
commit_step    the corpus tables of one commit: the `derive` a run gives the store (open_store)
"""
