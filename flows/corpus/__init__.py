"""Corpus-level views across articles: syndicated copies (copies.py)."""
