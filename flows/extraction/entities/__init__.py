"""People and organizations of one article, one module per stage:

candidates   where the model names someone or something: its entities, trimmed
             (determiners, honorifics, titles, "Jeweller Jo Doe"), plus acronyms and call signs
runs         names it missed or cut into pieces (runs of capitals, "Mr Holloway-Pike"), and the
             whole candidate list in order
reshape      names re-cut by the text around them ("the Ferro campaign", "Hobb's Pantry",
             "Corvid 9", datelines, shouted lines)
tokens       the token attributes the whole-article rules read, gathered once
evidence     what one occurrence says of its kind ("Mr X", "X, 61,", "the retailer X", "in X")
teams        in a sport report, the countries and towns that play
lineups      team sheets ("Harbour Town: Ames; Bell, Cray (Dunn 62) …"): players, with their team
works        titles, characters, awards and events: neither people nor organizations
informal     parties by their members' plural ("the Reformists"), peoples by demonyms, speaking
             titles ("The Evening Lantern said"), companies listed after "shares in"
credits      bylines and credit lines: their people are not the article's
kinds        the vote over every occurrence of a name and its short forms
clusters     names of one referent become one entity
roles        titles before a name give a person's role and affiliation
appositions  the phrases beside a name ("X, director of Y", "Its chairman, X", "X, who hosts …")
build        the stages in order: `build_entities(doc, layout) -> EntityIndex`
model        Mention, Entity, EntityIndex and entity ids
names        the parts of a name (surname, initials, abbreviations)
"""
