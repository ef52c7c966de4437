"""Corpus-level knowledge: the same person, organization or quotation across articles."""
