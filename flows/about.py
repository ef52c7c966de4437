"""The installed quoteflow's version, stamped on every row a run writes (`pipeline_version`).

    from quoteflow.about import __version__    # -> "0.1.0"; "0+unknown" from a source tree not installed

A module of its own so that modules the package root loads on demand (`api`) can read it
without importing the package root back.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("quoteflow")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
