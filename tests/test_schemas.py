"""Table contracts: pyarrow and pandera agree; bad rows fail the precise check and are quarantined."""

import copy
from datetime import UTC, datetime

import pandas as pd
import pyarrow as pa
import pytest

from quoteflow.extraction.entities.model import entity_id
from quoteflow.records import content_hash
from quoteflow.rows.build import TableRows, quote_id
from quoteflow.rows.validate import failures, frame_of, validate_batch
from quoteflow.schemas.tables import TABLES

TEXT = "Jane Roe of Initech said “we won” today."
SHA = content_hash(TEXT)
AID = SHA[:16]
PID = entity_id("person", "Jane Roe")
OID = entity_id("organization", "Initech")
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
Q_START = TEXT.index("we won")


def valid_rows() -> TableRows:
    rows = TableRows()
    rows.rows["articles"].append(
        dict(
            article_id=AID,
            source="a/roe.txt",
            title=None,
            published_at=None,
            text=TEXT,
            char_count=len(TEXT),
            paragraph_count=1,
            sentence_count=1,
            content_sha256=SHA,
            encoding="utf-8",
            run_id="run-1",
            ingested_at=NOW,
            pipeline_version="0.1.0",
            spacy_model="en_test==1.0",
        )
    )
    rows.rows["fingerprints"].append(dict(article_id=AID, method="minhash test", bands=[7, -3], signature=[1, 2]))
    rows.rows["people"].append(
        dict(
            article_id=AID,
            person_id=PID,
            entity_id=PID,
            name="Jane Roe",
            aliases=["Jane Roe"],
            mention_count=1,
            quote_count=1,
            first_char=0,
            role=None,
            organization="Initech",
            organization_id=OID,
            gender="unknown",
            gender_evidence=[],
        )
    )
    rows.rows["organizations"].append(
        dict(
            article_id=AID,
            organization_id=OID,
            entity_id=OID,
            name="Initech",
            aliases=["Initech"],
            mention_count=1,
            quote_count=0,
            first_char=12,
        )
    )
    rows.rows["quotes"].append(
        dict(
            article_id=AID,
            quote_id=quote_id(AID, Q_START, Q_START + 6, "direct"),
            text="we won",
            start_char=Q_START,
            end_char=Q_START + 6,
            quote_type="direct",
            speaker="Jane Roe",
            speaker_id=PID,
            speaker_entity_id=PID,
            speaker_type="person",
            speaker_mention="Jane Roe",
            speaker_start=0,
            speaker_end=8,
            cue="said",
            cue_start=20,
            cue_end=24,
            attribution="explicit",
            paragraph_index=0,
            sentence_index=0,
            marks_closed=True,
        )
    )
    rows.rows["mentions"].extend(
        [
            dict(
                article_id=AID,
                local_id=PID,
                entity_type="person",
                start_char=0,
                end_char=8,
                text="Jane Roe",
                paragraph_index=0,
                sentence_index=0,
                in_quote=False,
            ),
            dict(
                article_id=AID,
                local_id=OID,
                entity_type="organization",
                start_char=12,
                end_char=19,
                text="Initech",
                paragraph_index=0,
                sentence_index=0,
                in_quote=False,
            ),
        ]
    )
    return rows


def checked(mutate) -> tuple:
    rows = valid_rows()
    mutate(rows.rows)
    result = validate_batch(rows, {AID: "a/roe.txt"})
    return result, {(r.table_name, check) for r in result.rejections for check in r.check_name.split(" | ")}


@pytest.mark.parametrize("name", list(TABLES))
def test_arrow_schema_and_pandera_model_agree(name):
    contract = TABLES[name]
    schema = contract.model.to_schema()
    assert list(schema.columns) == contract.arrow_schema.names
    for field in contract.arrow_schema:
        column = schema.columns[field.name]
        assert column.nullable == field.nullable, field.name
        assert str(column.dtype) == str(pd.ArrowDtype(field.type)) or column.dtype.type == pd.ArrowDtype(field.type), (
            field.name
        )


def test_the_valid_batch_passes_untouched():
    result, failed = checked(lambda r: None)
    assert failed == set()
    assert result.counts() == {
        "articles": 1,
        "organizations": 1,
        "people": 1,
        "quotes": 1,
        "mentions": 2,
        "fingerprints": 1,
    }


def test_wrong_type_fails_the_dtype_check():
    frame = frame_of(pa.Table.from_pylist(valid_rows().rows["quotes"], schema=TABLES["quotes"].arrow_schema))
    frame["start_char"] = frame["start_char"].astype(str)
    got = failures(TABLES["quotes"].model, frame)
    assert ("start_char", "dtype('int32[pyarrow]')") in {(f.column, f.check) for f in got}


def _span(word: str) -> dict[str, object]:
    return {"text": word, "start_char": TEXT.index(word), "end_char": TEXT.index(word) + len(word)}


BAD_ROWS = [
    # (id, mutation, expected (table, check) failures, rows left in that table)
    (
        "dangling-speaker-id",
        lambda r: r["quotes"][0].update(speaker_id=entity_id("person", "Nobody")),
        {("quotes", "speaker_id_exists_in_article")},
        0,
    ),
    (
        "offset-out-of-range",
        lambda r: r["quotes"][0].update(end_char=len(TEXT) + 5),
        {("quotes", "end_char_within_text"), ("quotes", "text_slices_article")},
        0,
    ),
    (
        "span-does-not-slice-back",
        lambda r: r["mentions"][0].update(text="Jane Doe"),
        {("mentions", "text_slices_article")},
        1,
    ),
    (
        "start-not-before-end",
        lambda r: r["quotes"][0].update(start_char=Q_START + 6),
        {("quotes", "start_before_end")},
        0,
    ),
    (
        "unknown-quote-type",
        lambda r: r["quotes"][0].update(quote_type="rumour"),
        {("quotes", "isin(['direct', 'partial', 'indirect'])")},
        0,
    ),
    (
        "speaker-id-of-wrong-kind",
        lambda r: r["quotes"][0].update(speaker_id=OID),
        {("quotes", "speaker_id_prefix_matches_type")},
        0,
    ),
    (
        "organization-with-a-blank-alias",
        lambda r: r["organizations"][0].update(aliases=["Initech", " "]),
        {("organizations", "aliases_nonempty_unique_strings")},
        0,
    ),
    (
        "gender-outside-its-vocabulary",
        lambda r: r["people"][0].update(gender="woman", gender_evidence=[_span("Jane")]),
        {("people", "isin(['female', 'male', 'unknown'])")},
        0,
    ),
    (
        "known-gender-without-evidence",
        lambda r: r["people"][0].update(gender="female"),
        {("people", "gender_evidence_when_known")},
        0,
    ),
    (
        "unknown-gender-with-evidence",
        lambda r: r["people"][0].update(gender_evidence=[_span("Jane")]),
        {("people", "gender_evidence_when_known")},
        0,
    ),
    (
        "gender-evidence-does-not-slice-back",
        lambda r: r["people"][0].update(
            gender="female", gender_evidence=[{"text": "she", "start_char": 0, "end_char": 3}]
        ),
        {("people", "gender_evidence_slices_article")},
        0,
    ),
    (
        "duplicate-key",
        lambda r: r["mentions"].append(copy.deepcopy(r["mentions"][0])),
        {("mentions", "multiple_fields_uniqueness")},
        1,
    ),
]


@pytest.mark.parametrize(("mutate", "expected", "left"), [c[1:] for c in BAD_ROWS], ids=[c[0] for c in BAD_ROWS])
def test_bad_rows_fail_their_precise_check_and_are_quarantined(mutate, expected, left):
    result, failed = checked(mutate)
    assert expected <= failed, failed
    (table,) = {t for t, _ in expected}
    assert result.tables[table].num_rows == left  # the failing rows left their table ...
    for rej in result.rejections:  # ... and rejects hold them, with where they came from
        assert rej.stage == "validate" and rej.source == "a/roe.txt" and rej.record and rej.reason


def test_a_rejected_person_takes_its_mentions_and_quotes_along():
    result, failed = checked(lambda r: r["people"][0].update(aliases=["Jane Roe", ""]))
    assert ("people", "aliases_nonempty_unique_strings") in failed
    assert ("quotes", "speaker_id_exists_in_article") in failed
    assert ("mentions", "local_id_exists_in_article") in failed
    assert result.counts() == {
        "articles": 1,
        "organizations": 1,
        "people": 0,
        "quotes": 0,
        "mentions": 1,
        "fingerprints": 1,
    }


def test_a_failing_article_row_rejects_the_whole_article():
    result, failed = checked(lambda r: r["articles"][0].update(char_count=3))
    assert failed == {("articles", "char_count_is_len_text")}
    assert result.rejected_articles == {AID}
    assert all(n == 0 for n in result.counts().values())


def test_written_files_carry_the_schema_derived_from_the_models(tmp_path):
    """One definition per column: every Parquet file a run writes has exactly the pyarrow
    schema derived from its table's pandera model (names, order, types, nullability)."""
    import pyarrow.parquet as pq

    from quoteflow.pipeline import run
    from quoteflow.schemas.contract import arrow_schema
    from quoteflow.settings import Settings

    from .conftest import ARTICLES, write_articles

    src = write_articles(tmp_path / "in", {**dict(list(ARTICLES.items())[:2]), "empty.txt": b""})
    run(str(src), str(tmp_path / "out"), Settings())
    for name, contract in TABLES.items():
        files = sorted((tmp_path / "out" / name).glob("*.parquet"))
        assert files, name
        for f in files:
            assert pq.read_schema(f).remove_metadata().equals(arrow_schema(contract.model)), (name, f.name)


def test_a_column_without_an_arrow_dtype_is_refused():
    import pandera.pandas as pandera
    from pandera.typing import Series

    from quoteflow.schemas.contract import arrow_schema

    class Loose(pandera.DataFrameModel):
        count: Series[int]

    with pytest.raises(TypeError, match="Arrow-backed dtype"):
        arrow_schema(Loose)


NEW_IN_V3 = ["url", "outlet", "authors", "language", "format"]


def test_every_file_carries_the_schema_version_and_a_version_2_dataset_is_read_and_appended_to(tmp_path):
    """A dataset written before schema version 3 (no url, outlet, authors, language, format,
    no version in the metadata) is read (those columns null) and appended to without error."""
    import pyarrow.parquet as pq

    from quoteflow.dataset.reader import open_dataset
    from quoteflow.pipeline import run
    from quoteflow.schemas.contract import SCHEMA_VERSION, SCHEMA_VERSION_KEY, schema_version
    from quoteflow.settings import Settings

    from .conftest import ARTICLES, write_articles

    src = write_articles(tmp_path / "in", dict(list(ARTICLES.items())[:2]))
    out = tmp_path / "out"
    run(str(src), str(out), Settings(batch_size=1))
    for name in TABLES:
        for f in (out / name).glob("*.parquet"):
            assert pq.read_schema(f).metadata[SCHEMA_VERSION_KEY.encode()] == str(SCHEMA_VERSION).encode()
    for path in (out / "articles").glob("*.parquet"):  # as the previous schema wrote them
        table = pq.read_table(path).drop_columns(NEW_IN_V3).replace_schema_metadata(None)
        target = path.resolve()
        target.unlink()  # a new file (snapshots share files by hard links)
        pq.write_table(table, target)
        assert schema_version(pq.read_schema(target)) == 2

    old = open_dataset(out)["articles"].to_table()
    assert old.num_rows == 2 and all(old.column(c).null_count == 2 for c in NEW_IN_V3)

    write_articles(src, {"news/story3.txt": ARTICLES["news/story3.txt"]})
    (src / "news" / "story1.txt").write_text(
        ARTICLES["news/story1.txt"] + "“More,” Roe1 said.\n"
    )  # an old file rewritten
    summary = run(str(src), str(out), Settings(batch_size=1))
    assert (summary.new, summary.changed) == (1, 1)
    articles = {r["source"]: r for r in open_dataset(out)["articles"].to_table().to_pylist()}
    assert sorted(articles) == ["news/story1.txt", "news/story2.txt", "news/story3.txt"]
    assert articles["news/story2.txt"]["format"] is None  # an old row: null
    assert (articles["news/story3.txt"]["format"], articles["news/story3.txt"]["language"]) == ("text", "en")


def test_a_version_4_people_file_reads_with_gender_unknown_and_no_evidence():
    """Schema version 5 added `people.gender` / `gender_evidence` (not null): a file written before
    conforms, and its rows come out "unknown" with no evidence, never null."""
    from quoteflow.schemas.evolution import conform, conforms, reading_schema

    contract = TABLES["people"].arrow_schema
    v4 = pa.Table.from_pylist(valid_rows().rows["people"], schema=contract).drop_columns(["gender", "gender_evidence"])
    assert conforms(v4.schema, contract)
    got = conform(v4, contract)
    assert got.schema.equals(contract, check_metadata=False)
    assert got.column("gender").to_pylist() == ["unknown"] and got.column("gender_evidence").to_pylist() == [[]]
    assert reading_schema(contract).field("gender").nullable  # open_dataset reads the old file too
