"""`quoteflow explore OUT`: a local, read-only web app over the committed version of a dataset.

    cache = open_cache("data")       # a DuckDB copy of the pinned version, outside OUT (cache.py)
    app = create_app(cache)          # Starlette: HTML pages and a JSON API (app.py)

The queries (queries.py) are plain functions over a cursor of that cache.
"""
