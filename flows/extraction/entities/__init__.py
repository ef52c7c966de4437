"""People and organizations of one article, one module per stage:

candidates  where the text names someone or something (the model's entities, trimmed,
            plus organizations found by rule)
kinds       whether each name is a person, an organization, or neither
clusters    names of one referent become one entity
roles       titles and appositions give a person's role and affiliation
build       the stages in order: `build_entities(doc, layout) -> EntityIndex`
model       Mention, Entity, EntityIndex and entity ids
names       the parts of a name (surname, initials)
"""
