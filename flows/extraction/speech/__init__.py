"""Who said what: one module per stage of attribution, behind the `quotes` facade.

cues         reporting verbs ("said", "according to", "as she put it") and the
             mention their subject names as the speaker
coref        from that mention to a named entity (names, pronouns, descriptions)
pronouns     what the sentence around a pronoun says (speaking on, gender, subject rank)
speakernames a proper name that speaks is an entity, even when the tagger missed it
descriptions what a description says about whom it means (appositions, ages, issuers)
document     per-document lookups the stages share (DocContext)
nonspeech    quotation marks that hold no speech (markup, names, labels, titles, terms)
signatures   speakers named by punctuation: a dash, a colon, a transcript or headline label
attribution  the cue and speaker of one quotation, found where news English puts them
reported     reported speech without quotation marks (`indirect` rows)
quotetype    direct or partial: the one rule that types a quotation in marks
quotes       every quotation in order: typing, continuation, then reported speech
records      the value objects: Cue, MentionSpan, Attribution, QuoteRecord
"""
