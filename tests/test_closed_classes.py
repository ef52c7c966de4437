"""Closed-class word lists are stated once: reshape reads punctuation's dashes, and no two
written-out word sets of extraction/ restate each other unless the allow-list says why."""

import ast
import itertools
from pathlib import Path
from typing import Any

import pytest

from quoteflow.extraction import lexicon
from quoteflow.extraction.entities.reshape import dateline_credit, shouting_tokens
from quoteflow.extraction.entities.tokens import TokenView
from quoteflow.extraction.layout import DocumentLayout
from quoteflow.extraction.punctuation import DASHES

EXTRACTION = Path(lexicon.__file__).parent


@pytest.mark.parametrize("dash", [d for d in DASHES if d != "-"])
def test_every_dash_opens_a_dateline(nlp: Any, dash: str) -> None:
    doc = nlp(f"OSTLAKE (XNA) {dash} The minister resigned on Friday.")
    view = TokenView.of(doc)
    assert [doc[c.start].text for c in dateline_credit(view, [])] == ["XNA"]
    assert 0 in shouting_tokens(DocumentLayout.of(doc), view)
