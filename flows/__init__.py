"""quoteflow: news articles in, validated Parquet tables of people, organizations and quotes out.

    import quoteflow
    data = quoteflow.open_dataset("data")      # pin the committed version of an output
    data["quotes"].to_table().to_pandas()
    quoteflow.extract("“We are ready,” Mayor Jane Roe said.").quotes   # one text, no output folder

Importing the package loads nothing heavy (no Prefect, no spaCy); what it offers is loaded
when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .about import __version__

if TYPE_CHECKING:
    from .api import Tables, extract
    from .dataset.reader import Dataset, open_dataset
    from .errors import ArticleRejected, QuoteflowError

__all__ = ["ArticleRejected", "Dataset", "QuoteflowError", "Tables", "__version__", "extract", "open_dataset"]

_LAZY = {
    "open_dataset": ".dataset.reader",
    "Dataset": ".dataset.reader",
    "extract": ".api",
    "Tables": ".api",
    "ArticleRejected": ".errors",
    "QuoteflowError": ".errors",
}


def __getattr__(name: str) -> Any:
    """The public API, imported on first use."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module 'quoteflow' has no attribute {name!r}")
