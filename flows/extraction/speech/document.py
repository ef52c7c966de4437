"""One document as the attribution stages see it: token lookups over its parse and layout.

ctx = DocContext(doc, index, layout)
ctx.in_quote[i]            # is token i inside quotation marks?
ctx.quote_of_token.get(i)  # which quotation (index into layout.quote_marks) holds it
ctx.speaker_of(verb)       # the token naming who speaks through a reporting verb
ctx.attribution_for(verb)  # that speaker resolved to an entity, with the cue
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ...schemas.vocab import AttributionKind, EntityKind, QuoteType
from ..deps import ACTIVE_SUBJECTS, dobj, nsubj, pobj, subject_of
from ..entities.model import EntityIndex
from ..layout import DocumentLayout
from ..lexicon import PERSON_PRONOUNS, POST_NOMINALS, UNGENDERED_SPEAKER_PRONOUNS
from .coref import SpeakerResolver
from .cues import cue_of, relative_subject, speaker_head
from .descriptions import apposed_name
from .records import Attribution, Cue, MentionSpan, QuoteRecord
from .speakernames import with_named_speakers

_NEAR = 8  # tokens from a relative pronoun to its verb
# verbs of showing and perceiving: "a video shows Roe saying", "heard Roe telling"
_SHOWING_VERBS = frozenset({"show", "feature", "capture", "catch", "film", "record", "hear", "see", "watch"})


class DocContext:
    """Per-document lookups shared by the stages."""

    def __init__(self, doc: Doc, index: EntityIndex, layout: DocumentLayout):
        self.doc = doc
        self.layout = layout
        self.text = layout.text
        self.index = index
        self.paragraphs = layout.paragraphs
        self.quotes = layout.quote_marks
        self.in_quote = [False] * len(doc)
        self.quote_of_token: dict[int, int] = {}
        for qi, q in enumerate(self.quotes):
            span = doc.char_span(q.open_start, q.close_end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                self.in_quote[t.i] = True
                self.quote_of_token[t.i] = qi
        self.paragraph_of_token = [layout.paragraph_of(t.idx) for t in doc]
        # a name that speaks is someone, whether or not the tagger found it
        self.index = index = with_named_speakers(doc, index, self.in_quote, layout)
        self.resolver = SpeakerResolver(doc, index, self.in_quote, self.paragraph_of_token)

    def token_at_or_after(self, char: int) -> int:
        doc = self.doc
        lo, hi = 0, len(doc)
        while lo < hi:
            mid = (lo + hi) // 2
            if doc[mid].idx < char:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def speaker_of(self, verb: Token) -> Token | None:
        head = speaker_head(verb, skip=lambda t: self.in_quote[t.i])
        if verb.tag_ == "VBG" and subject_of(verb, ACTIVE_SUBJECTS) is None:
            head = self._shown_speaking(verb) or head
        if head is None and verb.tag_ in {"VBG", "VB"}:
            head = self._subject_before(verb)
        if head is not None:
            # "Its chief engineer, Jo Doe, said": the named person speaks, not the description
            head = apposed_name(self.doc, self.index, self.in_quote, head) or self._before_letters(head) or head
        return head

    def _before_letters(self, head: Token) -> Token | None:
        """'Judge Jo Doe, QC told the hearing': the parser makes the letters after a name the
        subject; the name is."""
        if head.lower_.rstrip(".") not in POST_NOMINALS or head.i < 2:
            return None
        prev = self.doc[head.i - 2 if self.doc[head.i - 1].text == "," else head.i - 1]
        if self.index.at(prev.i) is None or self.in_quote[prev.i]:
            return None
        return prev

    def _shown_speaking(self, verb: Token) -> Token | None:
        """'footage of Roe saying', 'a video showing Roe asking': the person named right
        before the participle is the one speaking, not the subject of the sentence."""
        if verb.i == 0:
            return None
        prev = self.doc[verb.i - 1]
        hit = self.index.at(prev.i)
        if hit is None or hit[0].kind != EntityKind.PERSON or hit[1].token_end != verb.i or self.in_quote[prev.i]:
            return None
        if prev.dep == pobj and prev.head.lower_ == "of":
            return prev
        if prev.dep == dobj and prev.head.lemma_.lower() in _SHOWING_VERBS:
            return prev
        return None

    def _subject_before(self, verb: Token) -> Token | None:
        """'Roe said …, going on to say “…”': a participle whose subject the parse lost
        takes the nearest subject before it in its sentence, outside quotations."""
        sent_start = verb.sent.start
        for i in range(verb.i - 1, sent_start - 1, -1):
            t = self.doc[i]
            if t.dep == nsubj and not self.in_quote[i] and not self.in_quote[t.head.i]:
                return t if self.names_someone(t) else None
        return None

    def attribution_for(self, verb: Token, head: Token | None = None, cue: Cue | None = None) -> Attribution:
        head = self.speaker_of(verb) if head is None else head
        mention = entity = None
        if head is not None:
            said_by = head
            head = self.resolver.speaker_token(head)
            mention = self.resolver.mention_span(head)
            entity = self.resolver.resolve(head)
            pronoun = relative_subject(verb)
            if pronoun is not None and head.i == said_by.i < pronoun.i and verb.i - pronoun.i < _NEAR:
                # "Roe, who said": the clause's own subject is the mention, as for "he said"
                mention = MentionSpan(pronoun.i, pronoun.i + 1)
        return Attribution(cue or cue_of(verb), mention, entity, self.paragraph_of_token[verb.i], verb.idx)

    def names_someone(self, tok: Token | None) -> bool:
        """A named person or organization, a personal pronoun, or a description the article
        resolves ("the former governor", "a spokesman for Acme")."""
        return tok is not None and (
            self.index.at(tok.i) is not None
            or tok.lower_ in PERSON_PRONOUNS
            or tok.lower_ in UNGENDERED_SPEAKER_PRONOUNS
            or (tok.pos_ in {"NOUN", "ADJ"} and self.resolver.resolve(tok) is not None)
        )

    def named_in(self, tokens: list[Token]) -> Token | None:
        """The first person or organization named among `tokens` (outside quotations)."""
        for t in tokens:
            hit = self.index.at(t.i)
            if hit is not None and not self.in_quote[t.i]:
                return self.doc[hit[1].token_end - 1]
        return None

    def record(
        self,
        start: int,
        end: int,
        quote_type: QuoteType,
        att: Attribution | None,
        how: AttributionKind | None,
        paragraph: int,
        closed: bool | None,
    ) -> QuoteRecord:
        """The quotation [start, end) with its attribution (`how` None: left unattributed)."""
        speaker_span = None
        if att is not None and att.mention is not None:
            span = self.doc[att.mention.token_start : att.mention.token_end]
            speaker_span = (span.start_char, span.end_char)
        return QuoteRecord(
            start=start,
            end=end,
            text=self.text[start:end],
            quote_type=quote_type,
            speaker=att.speaker if att is not None and how is not None else None,
            speaker_span=speaker_span if how is not None else None,
            cue=att.cue if att is not None else None,
            attribution=how,
            paragraph=paragraph,
            sentence=self.layout.sentence_of(start),
            marks_closed=closed,
        )
