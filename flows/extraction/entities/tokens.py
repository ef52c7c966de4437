"""The token attributes the whole-article rules read, gathered in one pass.

spaCy builds a new Token object on every `doc[i]` and every `for t in doc`; rules that scan
the whole article (runs of capitals, shouted lines, datelines, sport words) read these
lists instead, so the article is walked once, not once per rule.

    view = TokenView.of(doc)
    view.text[3], view.pos[3], view.ent[3]   # "Roe", "PROPN", "PERSON"
    view.token(3).head                       # the parse, without building doc[3] again
    view.tokens_in(0, 24)                    # range of the tokens starting in characters [0, 24)
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

_ATTRS: list[int | str] = [
    *("ORTH", "LOWER", "LEMMA", "POS", "TAG", "ENT_TYPE", "IDX", "SENT_START", "IS_STOP", "SPACY", "LIKE_NUM")
]


@dataclass(frozen=True)
class TokenView:
    doc: Doc
    text: list[str]
    lower: list[str]
    lemma: list[str]  # lower case
    pos: list[str]
    tag: list[str]
    ent: list[str]  # the model's entity label, "" outside entities
    space: list[bool]  # whitespace after the token
    idx: list[int]  # character offset of the token
    sent_start: list[bool]
    stop: list[bool]  # a stop word ("the", "but", "when")
    like_num: list[bool]  # "13", "ten"
    letters: list[int]  # how many letters the token has
    _tokens: dict[int, Token] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, doc: Doc) -> TokenView:
        # one array of hashes, no Token objects: a long article holds fewer objects for the
        # garbage collector to walk
        columns = doc.to_array(_ATTRS).T.tolist()
        text, lower, lemma, pos, tag, ent, idx, sent_start, stop, space, like_num = columns
        names: dict[int, str] = {0: ""}
        strings = doc.vocab.strings

        def read(hashes: list[int]) -> list[str]:
            out = []
            for h in hashes:
                name = names.get(h)
                if name is None:
                    name = names[h] = strings[h]
                out.append(name)
            return out

        words = read(text)
        return cls(
            doc=doc,
            text=words,
            lower=read(lower),
            lemma=[w.lower() for w in read(lemma)],
            pos=read(pos),
            tag=read(tag),
            ent=read(ent),
            space=[bool(x) for x in space],
            idx=idx,
            sent_start=[x == 1 for x in sent_start],
            stop=[bool(x) for x in stop],
            like_num=[bool(x) for x in like_num],
            letters=[sum(map(str.isalpha, w)) for w in words],
        )

    def token(self, i: int) -> Token:
        """doc[i], built once: spaCy builds a new Token on every `doc[i]`."""
        tok = self._tokens.get(i)
        if tok is None:
            tok = self._tokens[i] = self.doc[i]
        return tok

    def words(self, start: int, end: int) -> list[str]:
        """The words of tokens [start, end), punctuation left out."""
        return [self.text[i] for i in range(start, end) if self.pos[i] != "PUNCT"]

    def __len__(self) -> int:
        return len(self.text)

    def tokens_in(self, start_char: int, end_char: int) -> range:
        """The tokens that start within [start_char, end_char)."""
        return range(bisect.bisect_left(self.idx, start_char), bisect.bisect_left(self.idx, end_char))

    def sentences(self) -> list[range]:
        """Token ranges of the sentences, in order."""
        starts = [i for i, s in enumerate(self.sent_start) if s] or [0]
        if starts[0] != 0:
            starts.insert(0, 0)
        return [range(a, b) for a, b in zip(starts, [*starts[1:], len(self.text)], strict=True)]
