"""Table contracts, the data format of every table quoteflow writes.

    vocab      the closed vocabularies (table names, quote types, entity kinds, stages …),
               shared by the extraction code and the models' ``isin`` checks
    dtypes     the Arrow-backed column types and id patterns
    contract   a table's contract: a pandera model, and the pyarrow schema derived from it
    tables     every table's contract, by name (`TABLES`)
    articles, people, organizations, quotes, mentions, rejects   one pandera model per table
    checks     row checks several models share; cross   checks that need another table

`data/README.md` documents every column for readers of the Parquet datasets.
"""
