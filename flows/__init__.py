"""quoteflow: news articles in, validated Parquet tables of people, organizations and quotes out."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("quoteflow")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
