"""Closed vocabularies: every fixed set of values a column may hold, defined once.

The extraction code writes these values and the pandera models check them with
``isin``, both from the enums below, so a new value is added in one place. They are
``StrEnum``s: a member *is* its string (``QuoteType.DIRECT == "direct"``), so rows,
Parquet files and SQL see plain strings.

    >>> QuoteType("partial") is QuoteType.PARTIAL
    True
"""

from enum import StrEnum


class Table(StrEnum):
    """The dataset's tables, in the order every listing uses."""

    ARTICLES = "articles"
    PEOPLE = "people"
    ORGANIZATIONS = "organizations"
    QUOTES = "quotes"
    MENTIONS = "mentions"
    FINGERPRINTS = "fingerprints"
    ENTITIES = "entities"
    ENTITY_REDIRECTS = "entity_redirects"
    QUOTE_CLUSTERS = "quote_clusters"
    REJECTS = "rejects"


#: every table name, in `Table` order
TABLE_NAMES: tuple[str, ...] = tuple(t.value for t in Table)
#: the corpus-level tables: one row per corpus entity, id merged into one, or quotation followed
#: across articles, keyed by its id, derived at each commit from the article tables (flows/corpus)
CORPUS_TABLES: tuple[Table, ...] = (Table.ENTITIES, Table.ENTITY_REDIRECTS, Table.QUOTE_CLUSTERS)
#: the tables schema version 4 added: a dataset written before has no file of them until its next commit
NEW_IN_V4: tuple[Table, ...] = (Table.FINGERPRINTS, *CORPUS_TABLES)
#: the columns schema version 5 added (table, column), and what a row written before holds:
#: a file from an earlier version reads, and is rewritten, with these values
NEW_IN_V5: dict[tuple[Table, str], object] = {
    (Table.PEOPLE, "gender"): "unknown",
    (Table.PEOPLE, "gender_evidence"): [],
}
#: the tables whose rows belong to inputs (articles and rejects): what commits add and replace by input
INPUT_TABLES: tuple[Table, ...] = tuple(t for t in Table if t not in CORPUS_TABLES)
#: the tables that hold an article's extraction (each row has an `article_id`); `rejects` stands apart
ARTICLE_TABLES: tuple[Table, ...] = tuple(t for t in Table if t is not Table.REJECTS and t not in CORPUS_TABLES)


class EntityKind(StrEnum):
    """`people`/`organizations`, `mentions.entity_type`, `quotes.speaker_type`."""

    PERSON = "person"
    ORGANIZATION = "organization"


#: the id prefix of each kind of entity: `per_…`, `org_…`
ENTITY_ID_PREFIX = {EntityKind.PERSON.value: "per_", EntityKind.ORGANIZATION.value: "org_"}


class Gender(StrEnum):
    """`people.gender`: what the article states, never guessed from a name (flows/extraction/entities/gender.py)."""

    FEMALE = "female"
    MALE = "male"
    UNKNOWN = "unknown"  # the article states nothing, or its words disagree


class QuoteType(StrEnum):
    """`quotes.quote_type`."""

    DIRECT = "direct"  # a clause or a whole utterance in quotation marks
    PARTIAL = "partial"  # a quoted fragment inside the writer's own sentence
    INDIRECT = "indirect"  # reported speech without quotation marks


class AttributionKind(StrEnum):
    """`quotes.attribution`: how the speaker was found (null when unattributed)."""

    EXPLICIT = "explicit"  # a cue in the text names the speaker
    CONTINUATION = "continuation"  # carries on the previous attribution


class RejectStage(StrEnum):
    """`rejects.stage`: where an input or a row was turned away."""

    DISCOVER = "discover"
    READ = "read"
    DECODE = "decode"
    LANGUAGE = "language"  # the article is not in the language of the spaCy pipeline
    DEDUPE = "dedupe"
    PARSE = "parse"
    EXTRACT = "extract"
    VALIDATE = "validate"


class ManifestStatus(StrEnum):
    """What each input became, as the dataset's manifest records it."""

    ARTICLE = "article"  # stored in `articles`
    REJECTED = "rejected"  # in `rejects`; tried again only when the input changes
    DUPLICATE = "duplicate"  # its text is stored under another input
    RETRY = "retry"  # to be read again on the next run (a transient I/O error, rows a repair lost)
    FAILED = "failed"  # extraction raised (a quoteflow bug): tried again when the extraction changes
    CONTAINER = "container"  # a feed or archive whose records are inputs of their own (`feed.jsonl#a1`)


class Encoding(StrEnum):
    """`articles.encoding`: the decoding rule's outcomes."""

    UTF8 = "utf-8"
    UTF8_SIG = "utf-8-sig"
    UTF16 = "utf-16"
    CP1252 = "cp1252"


class InputFormat(StrEnum):
    """`articles.format`: how the input was read (`sources.formats`)."""

    TEXT = "text"
    HTML = "html"
    JSONL = "jsonl"
    WARC = "warc"


def values(vocabulary: type[StrEnum]) -> list[str]:
    """The plain strings of a vocabulary, in definition order (for pandera's ``isin``)."""
    return [member.value for member in vocabulary]
