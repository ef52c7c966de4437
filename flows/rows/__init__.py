"""The rows of the tables an input gives: built, validated and deduplicated before the store
sees them (the store, `quoteflow.dataset`, persists finished Arrow tables and builds no row).

build     an article's extraction as rows of every table (pyarrow)
validate  pandera and cross-table checks; failing rows become rejections
rejects   the one function that makes a `rejects` row from a rejection
dedupe    which rows of a batch are kept when an input already holds the same text

    rows = article_rows(article, extract(doc), run_info, spacy_model="en_core_web_sm==3.8.0")
    validated = validate_batch(rows, {"9f2c…": "city/bridge.txt"})
"""
