"""X API v1.1 reader (discourse.io.twitter_v1): hand-made fixtures whose counts are explained in
tests/data/ingest/v1/README.md, and the real v1.1 files in ../shared/data (skipped when absent)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discourse.io._arrow import CHUNK_SCHEMA
from discourse.io.report import REJECT_REASONS
from discourse.io.twitter_v1 import iter_v1
from discourse.schema import KINDS

FIXTURES = Path(__file__).parent / "data" / "ingest" / "v1"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
PYTHON_TWITTER = SHARED / "x-v1-python-twitter-testdata"
TWITWI = SHARED / "x-api-twitwi-resources"


def read_all(path, form, **kw):
    """Concatenate the chunks of one file; return (table, chunks)."""
    chunks = list(iter_v1(path, form, **kw))
    table = pa.concat_tables([c.table for c in chunks]) if chunks else CHUNK_SCHEMA.empty_table()
    return table, chunks


def totals(chunks):
    return (
        sum(c.read for c in chunks),
        sum(c.rejected for c in chunks),
        sum(c.references_seen for c in chunks),
    )


def rows(table, *, reference=False):
    return [r for r in table.to_pylist() if r["is_reference"] is reference]


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared data not present: {path}")
    return path


# ------------------------------------------------------------------------------------------
# Hand-made JSON lines


def test_jsonl_fixture_counts_reconcile():
    table, chunks = read_all(FIXTURES / "stream_rejects.jsonl", "lines")
    read, rejected, refs = totals(chunks)
    collected = rows(table)
    # README: 10 non-blank lines = 4 rows + 6 rejects; 3 reference rows
    assert (read, rejected, refs) == (10, 6, 3)
    assert read == len(collected) + rejected
    assert refs == len(rows(table, reference=True))
    assert table.schema == CHUNK_SCHEMA
    assert sum(c.lines for c in chunks) == 11


def test_jsonl_fixture_each_reject_has_reason_and_line():
    _, chunks = read_all(FIXTURES / "stream_rejects.jsonl", "lines")
    rejects = [r for c in chunks for r in c.rejects]
    assert [(r.line, r.reason) for r in rejects] == [
        (4, "bad_json"),
        (5, "wrong_type"),
        (6, "missing_id"),
        (7, "bad_date"),
        (10, "not_a_post"),
        (11, "truncated"),
    ]
    physical = (FIXTURES / "stream_rejects.jsonl").read_text(encoding="utf-8").split("\n")
    for r in rejects:
        assert r.reason in REJECT_REASONS
        assert r.file == str(FIXTURES / "stream_rejects.jsonl")
        assert r.raw == physical[r.line - 1]  # the raw record is the line as written
        assert r.detail
    by_reason = {r.reason: r for r in rejects}
    assert by_reason["bad_date"].field == "created_at"
    assert by_reason["missing_id"].field == "id_str"


def test_jsonl_fixture_row_mapping():
    table, _ = read_all(FIXTURES / "stream_rejects.jsonl", "lines")
    got = {r["post_id"]: r for r in rows(table)}
    assert sorted(got) == ["1001", "1002", "1005", "1006"]
    assert {k: r["source_line"] for k, r in got.items()} == {
        "1001": 1,
        "1002": 2,
        "1005": 8,
        "1006": 9,
    }
    original = got["1001"]
    assert original["kind"] == "original"
    assert original["text"].endswith("dan @Bawaslu")  # extended_tweet.full_text wins
    assert original["mentions"] == ["kpu_kaltim", "bawaslu"]  # extended entities
    assert original["hashtags"] == ["pilkadakaltim"]
    assert original["urls"] == ["https://kpu.go.id/info"]
    assert original["created_at"] == datetime(2024, 11, 27, 3, 15, 42, tzinfo=UTC)
    assert (original["author_id"], original["author_handle"], original["author_followers"]) == (
        "20",
        "warga_1",
        150,
    )
    assert (original["like_count"], original["retweet_count"]) == (3, 1)
    assert original["platform"] == "x" and original["conversation_id"] is None
    assert original["derived"] == []

    rt = got["1002"]
    assert rt["kind"] == "retweet"
    assert rt["text"] == "RT @paslon_a: Debat malam ini, lihat @kpu_kaltim"  # kept as collected
    assert (rt["retweeted_post_id"], rt["retweeted_author_id"], rt["retweeted_author_handle"]) == (
        "900",
        "30",
        "paslon_a",
    )
    assert (rt["quoted_post_id"], rt["quoted_author_id"], rt["quoted_author_handle"]) == (
        "800",
        "10",
        "kpu_kaltim",
    )
    assert rt["mentions"] == ["kpu_kaltim"]  # the automatic RT @paslon_a: is not a mention

    reply = got["1005"]
    assert reply["kind"] == "reply"
    assert (
        reply["reply_to_post_id"],
        reply["reply_to_author_id"],
        reply["reply_to_author_handle"],
    ) == ("900", "30", "paslon_a")
    assert reply["like_count"] is None and reply["author_followers"] is None  # NA, never 0

    quote = got["1006"]  # id only as an integer
    assert quote["kind"] == "quote" and quote["quoted_post_id"] == "700"
    assert quote["quoted_author_handle"] == "akun_x"
    assert quote["hashtags"] == ["cekfakta"]


def test_jsonl_fixture_reference_rows_carry_the_line_of_their_record():
    table, _ = read_all(FIXTURES / "stream_rejects.jsonl", "lines")
    refs = {r["post_id"]: r for r in rows(table, reference=True)}
    # 800 is carried twice by line 2 (top level and inside 900) but gives one reference row
    assert sorted(refs) == ["700", "800", "900"]
    assert {k: r["source_line"] for k, r in refs.items()} == {"700": 9, "800": 2, "900": 2}
    assert refs["900"]["kind"] == "quote" and refs["900"]["quoted_post_id"] == "800"
    assert refs["900"]["author_handle"] == "paslon_a"
    assert refs["800"]["kind"] == "original"


def test_bad_utf8_line_is_rejected_with_its_line(tmp_path):
    good = b'{"id_str": "1", "text": "ok", "created_at": "Wed Nov 27 03:15:42 +0000 2024"}'
    bad = b'{"id_str": "2", "text": "caf\xe9", "created_at": "Wed Nov 27 03:15:42 +0000 2024"}'
    p = tmp_path / "bad.jsonl"
    p.write_bytes(good + b"\n" + bad + b"\n" + good.replace(b'"1"', b'"3"') + b"\n")
    _, chunks = read_all(p, "lines")
    assert totals(chunks) == (3, 1, 0)
    (r,) = chunks[0].rejects
    assert (r.line, r.reason) == (2, "bad_utf8")
    assert "\\xe9" in r.raw


def test_broken_last_line_with_a_newline_is_bad_json_not_truncated(tmp_path):
    # A broken line followed by a newline is bad_json even at the end of the file.
    p = tmp_path / "a.jsonl"
    p.write_bytes(b'{"id_str": "1", "text": \n')
    _, chunks = read_all(p, "lines")
    assert [r.reason for r in chunks[0].rejects] == ["bad_json"]


def test_chunking_keeps_line_numbers_and_counts():
    # chunk_records=3 splits the 10 records into chunks of 3, 3, 3, 1
    table, chunks = read_all(FIXTURES / "stream_rejects.jsonl", "lines", chunk_records=3)
    assert [c.read for c in chunks] == [3, 3, 3, 1]
    assert totals(chunks) == (10, 6, 3)
    assert sorted(r.line for c in chunks for r in c.rejects) == [4, 5, 6, 7, 10, 11]
    whole, _ = read_all(FIXTURES / "stream_rejects.jsonl", "lines")
    assert table.to_pylist() == whole.to_pylist()


def test_source_defaults_to_path_and_can_be_given():
    table, _ = read_all(FIXTURES / "show.json", "document", source="raw/show.json")
    assert table.column("source_file").to_pylist() == ["raw/show.json"]


def test_search_fixture_rows_and_reject_have_no_line():
    table, chunks = read_all(FIXTURES / "search.json", "search")
    assert totals(chunks) == (3, 1, 1)  # README: 2 rows + 1 wrong_type; 1 reference
    (r,) = chunks[0].rejects
    assert (r.reason, r.line, r.raw) == ("wrong_type", None, '"bukan tweet"')
    assert table.column("source_line").null_count == table.num_rows == 3
    kinds = {r["post_id"]: r["kind"] for r in rows(table)}
    assert kinds == {"2001": "retweet", "2002": "original"}
    assert rows(table)[0]["mentions"] == []  # only the RT @kpu_kaltim: mention


def test_document_fixture_is_one_reply():
    table, chunks = read_all(FIXTURES / "show.json", "document")
    assert totals(chunks) == (1, 0, 0)
    (row,) = table.to_pylist()
    assert row["kind"] == "reply" and row["source_line"] is None
    assert row["mentions"] == ["kpu_kaltim"]
    assert row["author_followers"] == 0  # a real 0 stays 0


def test_array_form(tmp_path):
    tweets = json.loads((FIXTURES / "search.json").read_text(encoding="utf-8"))["statuses"]
    p = tmp_path / "a.json"
    p.write_text(json.dumps(tweets), encoding="utf-8")
    table, chunks = read_all(p, "array")
    assert totals(chunks) == (3, 1, 1)
    assert table.column("source_line").null_count == table.num_rows


@pytest.mark.parametrize("form", ["search", "document", "array"])
def test_unparseable_document_is_one_bad_json_record(tmp_path, form):
    p = tmp_path / "broken.json"
    p.write_text('{\n  "statuses": [\n    {"id_str": "1"\n', encoding="utf-8")
    table, chunks = read_all(p, form)
    assert totals(chunks) == (1, 1, 0)
    (r,) = chunks[0].rejects
    assert (r.reason, r.line) == ("bad_json", None)
    assert table.num_rows == 0


def test_document_of_the_wrong_shape_is_one_wrong_type_record(tmp_path):
    p = tmp_path / "obj.json"
    p.write_text('{"id_str": "1"}', encoding="utf-8")
    _, chunks = read_all(p, "array")
    assert [(r.reason, r.line) for r in chunks[0].rejects] == [("wrong_type", None)]
    assert chunks[0].read == 1


def test_unknown_form_and_bad_chunk_size_raise():
    with pytest.raises(ValueError, match="form must be one of"):
        list(iter_v1(FIXTURES / "show.json", "page"))
    with pytest.raises(ValueError, match="chunk_records"):
        list(iter_v1(FIXTURES / "show.json", "document", chunk_records=0))


def test_input_objects_are_not_modified():
    from discourse.io.twitter_v1 import tweet_row

    t = json.loads((FIXTURES / "show.json").read_text(encoding="utf-8"))
    before = json.dumps(t, sort_keys=True)
    tweet_row(t, source="s", line=1)
    assert json.dumps(t, sort_keys=True) == before


_DATE = "Wed Nov 27 03:15:42 +0000 2024"
_LINE_KINDS = {
    "good": lambda i: f'{{"id_str": "{i}", "text": "t", "created_at": "{_DATE}"}}',
    "blank": lambda i: "",
    "bad_json": lambda i: "{nope",
    "wrong_type": lambda i: "[1]",
    "missing_id": lambda i: f'{{"text": "t", "created_at": "{_DATE}"}}',
    "bad_date": lambda i: f'{{"id_str": "{i}", "text": "t", "created_at": "x"}}',
    "not_a_post": lambda i: '{"limit": {"track": 3}}',
}


@settings(max_examples=40, deadline=None)
@given(
    kinds=st.lists(st.sampled_from(sorted(_LINE_KINDS)), max_size=30),
    chunk=st.integers(min_value=1, max_value=7),
)
def test_every_nonblank_line_is_a_row_or_a_reject(tmp_path_factory, kinds, chunk):
    p = tmp_path_factory.mktemp("h") / "x.jsonl"
    p.write_text("".join(_LINE_KINDS[k](i) + "\n" for i, k in enumerate(kinds)), encoding="utf-8")
    table, chunks = read_all(p, "lines", chunk_records=chunk)
    read, rejected, _ = totals(chunks)
    assert read == sum(k != "blank" for k in kinds)
    assert read == table.num_rows + rejected
    expected = Counter(k for k in kinds if k not in ("good", "blank"))
    assert Counter(r.reason for c in chunks for r in c.rejects) == expected
    assert table.column("source_line").to_pylist() == [
        i + 1 for i, k in enumerate(kinds) if k == "good"
    ]


# ------------------------------------------------------------------------------------------
# Real data: bear/python-twitter test data (see its PROVENANCE.md)


def _load_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.shared
def test_python_twitter_stream_lines_counts_match_provenance():
    path = need(PYTHON_TWITTER / "lines.json")
    raw = _load_lines(path)
    table, chunks = read_all(path, "lines")
    read, rejected, refs = totals(chunks)
    collected = rows(table)
    # PROVENANCE: 72 lines, all tweet objects, all parse; 8 quotes, 0 retweets
    assert (read, rejected, len(collected)) == (72, 0, 72)
    kinds = Counter(r["kind"] for r in collected)
    assert kinds["quote"] == 8 and kinds["retweet"] == 0
    # PROVENANCE counts 33 replies by in_reply_to_status_id_str. Two more tweets start with
    # "@user" and carry in_reply_to_user_id_str without a status id (replies to an account, not
    # to a tweet): the reader's rule (status id OR user id) makes them replies too, 35 in all;
    # none of the 8 quotes is also a reply.
    assert sum(r["reply_to_post_id"] is not None for r in collected) == 33
    assert sum(bool(t.get("in_reply_to_status_id_str")) for t in raw) == 33
    user_only = [
        t
        for t in raw
        if t.get("in_reply_to_user_id_str") and not t.get("in_reply_to_status_id_str")
    ]
    assert len(user_only) == 2
    assert kinds["reply"] == 33 + 2
    assert kinds == {"original": 72 - 8 - 35, "reply": 35, "quote": 8}
    # the 8 quoted originals come back as reference rows
    assert refs == 8 == len(rows(table, reference=True))
    assert all(r["source_line"] == i for i, r in enumerate(collected, start=1))


@pytest.mark.shared
def test_python_twitter_stream_lines_fields_match_the_raw_json():
    path = need(PYTHON_TWITTER / "lines.json")
    raw = _load_lines(path)
    table, _ = read_all(path, "lines")
    collected = rows(table)
    # PROVENANCE: 72 of 72 are truncated with the full text in extended_tweet.full_text
    assert [r["text"] for r in collected] == [t["extended_tweet"]["full_text"] for t in raw]
    assert [r["post_id"] for r in collected] == [t["id_str"] for t in raw]
    assert [r["author_handle"] for r in collected] == [t["user"]["screen_name"] for t in raw]
    assert [r["like_count"] for r in collected] == [t["favorite_count"] for t in raw]
    # PROVENANCE: 2018-03-10 14:03:15 to 14:03:47 UTC; en 36
    times = [r["created_at"] for r in collected]
    assert min(times) == datetime(2018, 3, 10, 14, 3, 15, tzinfo=UTC)
    assert max(times) == datetime(2018, 3, 10, 14, 3, 47, tzinfo=UTC)
    assert Counter(r["lang"] for r in collected)["en"] == 36
    # PROVENANCE's "40 with entities.user_mentions" counts the top-level (truncated) entities;
    # the reader uses extended_tweet.entities (45 with mentions), minus the RT @x: mention of the
    # one tweet whose full text starts "RT @DataconomyMedia:" (an old-style manual retweet).
    assert sum(bool(t["entities"]["user_mentions"]) for t in raw) == 40
    expected = []
    for t in raw:
        text = t["extended_tweet"]["full_text"]
        expected.append(
            [
                m["screen_name"].lower()
                for m in t["extended_tweet"]["entities"]["user_mentions"]
                if not (text.startswith("RT @") and m["indices"][0] == 3)
            ]
        )
    assert [r["mentions"] for r in collected] == expected
    assert sum(bool(m) for m in expected) == 44
    quoted = {
        t["id_str"]: t["quoted_status"]["user"]["screen_name"] for t in raw if "quoted_status" in t
    }
    assert {
        r["post_id"]: r["quoted_author_handle"] for r in collected if r["kind"] == "quote"
    } == quoted


@pytest.mark.shared
def test_python_twitter_search_response_counts_match_provenance():
    path = need(PYTHON_TWITTER / "get_search_raw.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    statuses = doc["statuses"]
    table, chunks = read_all(path, "search")
    read, rejected, refs = totals(chunks)
    collected = rows(table)
    # PROVENANCE: 100 statuses, 74 retweets, 9 quotes, 1 reply
    assert (read, rejected, len(collected)) == (100, 0, 100)
    kinds = Counter(r["kind"] for r in collected)
    assert (kinds["retweet"], kinds["quote"]) == (74, 9)
    # PROVENANCE's 1 reply is the one with in_reply_to_status_id_str; 2 more are replies to an
    # account (in_reply_to_user_id_str only), which the reader also calls replies.
    assert sum(r["reply_to_post_id"] is not None for r in collected) == 1
    assert (
        kinds["reply"]
        == 3
        == sum(
            bool(t.get("in_reply_to_user_id_str"))
            for t in statuses
            if "retweeted_status" not in t and not t.get("quoted_status_id_str")
        )
    )
    assert kinds["original"] == 100 - 74 - 9 - 3
    # references: 74 retweeted originals + 9 quoted + 6 quoted inside retweeted ones (the copies
    # of one original carried by different records are all returned; the engine merges them)
    inner = sum(
        "quoted_status" in t["retweeted_status"] for t in statuses if "retweeted_status" in t
    )
    assert inner == 6
    assert refs == 74 + 9 + inner == len(rows(table, reference=True))
    assert table.column("source_line").null_count == table.num_rows  # a document: no lines
    # PROVENANCE: compat mode (text only); every created_at is Sat Jan 23 20:19:45 +0000 2016
    assert {r["created_at"] for r in collected} == {datetime(2016, 1, 23, 20, 19, 45, tzinfo=UTC)}
    assert [r["text"] for r in collected] == [t["text"] for t in statuses]
    by_id = {t["id_str"]: t for t in statuses}
    for r in collected:
        t = by_id[r["post_id"]]
        if r["kind"] == "retweet":
            assert r["retweeted_post_id"] == t["retweeted_status"]["id_str"]
            assert r["retweeted_author_handle"] == t["retweeted_status"]["user"]["screen_name"]
            assert r["text"].startswith("RT @")
    assert Counter(r["lang"] for r in collected)["en"] == 57


@pytest.mark.shared
@pytest.mark.parametrize("name", ["search", "show", "stream"])
def test_twitwi_single_tweet_documents(name):
    path = need(TWITWI / f"normalization-payload-{name}.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    table, chunks = read_all(path, "document")
    # PROVENANCE: one v1.1 tweet each, the same retweet; search/show have full_text, the
    # stream copy has text and also carries quoted_status at the top level
    assert totals(chunks)[:2] == (1, 0)
    (row,) = rows(table)
    assert row["kind"] == "retweet"
    assert row["post_id"] == doc["id_str"]
    assert row["text"] == doc.get("full_text", doc.get("text"))
    rs = doc["retweeted_status"]
    assert (row["retweeted_post_id"], row["retweeted_author_handle"]) == (
        rs["id_str"],
        rs["user"]["screen_name"],
    )
    assert row["quoted_post_id"] == doc["quoted_status_id_str"]
    assert row["mentions"] == []  # the only mention is the automatic RT @x:
    assert row["source_line"] is None
    # retweeted original and its quoted tweet; the stream copy carries the quoted tweet twice
    refs = rows(table, reference=True)
    assert sorted(r["post_id"] for r in refs) == sorted(
        [rs["id_str"], rs["quoted_status"]["id_str"]]
    )
    assert row["quoted_author_handle"] == rs["quoted_status"]["user"]["screen_name"]


def test_kinds_are_canonical():
    table, _ = read_all(FIXTURES / "stream_rejects.jsonl", "lines")
    assert set(table.column("kind").to_pylist()) <= set(KINDS)
