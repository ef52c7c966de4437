"""quoteflow: news articles in, validated Parquet tables of people, organizations and quotes out.

    import quoteflow
    data = quoteflow.open_dataset("data")      # pin the committed version of an output
    data["quotes"].to_table().to_pandas()

Importing the package loads nothing heavy (no Prefect, no spaCy); what it offers is loaded
when first used.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("quoteflow")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

if TYPE_CHECKING:
    from .dataset.reader import Dataset, open_dataset

__all__ = ["Dataset", "__version__", "open_dataset"]

_LAZY = {"open_dataset": ".dataset.reader", "Dataset": ".dataset.reader"}


def __getattr__(name: str) -> Any:
    """The public API, imported on first use."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module 'quoteflow' has no attribute {name!r}")
