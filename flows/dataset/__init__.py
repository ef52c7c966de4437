"""The store: finished Arrow tables committed atomically batch by batch, the manifest as one more
table. It builds no row (rows are built, validated and deduplicated in `quoteflow.rows`) and
imports nothing of extraction, rows or the corpus: the tables a commit derives (the corpus
tables) come from a `derive` it is given, `open_store("data", derive=corpus_step)`.

manifest     what each input became (size, mtime, hash, status), the record of what is new
commit       the commit algorithm both backends share, over a small file interface
derive       what a commit is given to derive tables from the batch and the committed state
keyed        tables replaced by key (`entities`, `entity_redirects`, `quote_clusters`)
snapshots    a local output folder: snapshots swapped by one atomic rename, a writer lock
objectstore  any pyarrow filesystem URI (s3://, gs://, file://): versioned manifests, created only if absent
upgrade      outputs an earlier quoteflow wrote (`_quoteflow/`, one-file manifests), converted once
store        the `Store` interface, and `open_store(out)` choosing a backend by URI scheme
versions     each version's commit record, `VacuumReport`; objectversions: an object store's versions
parquet      writing Parquet files durably
crashpoints  a test hook that kills the process at a named step of a commit
"""
