"""Generic CSV/Parquet reader (discourse.io.generic): a hand-made TikTok comment export whose
counts are explained in tests/data/ingest/generic/README.md, Parquet written here, and the real
twitwi CSV export in ../shared/data (skipped when absent)."""

from __future__ import annotations

import csv
import dataclasses
import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discourse.io._arrow import CHUNK_SCHEMA
from discourse.io.generic import (
    TWITWI_MAPPING,
    ColumnMapping,
    count_value,
    id_value,
    iter_generic,
)
from discourse.io.report import REJECT_REASONS

FIXTURES = Path(__file__).parent / "data" / "ingest" / "generic"
TIKTOK = FIXTURES / "tiktok_comments.csv"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
TWITWI_CSV = SHARED / "x-api-twitwi-resources" / "tweet-export.csv"


def read_all(path, mapping, **kw):
    chunks = list(iter_generic(path, mapping, **kw))
    table = pa.concat_tables([c.table for c in chunks]) if chunks else CHUNK_SCHEMA.empty_table()
    return table, chunks


def totals(chunks):
    return sum(c.read for c in chunks), sum(c.rejected for c in chunks)


def tiktok_mapping(**changes) -> ColumnMapping:
    m = ColumnMapping.from_file(FIXTURES / "tiktok_mapping.yaml")
    return dataclasses.replace(m, **changes)


# ------------------------------------------------------------------------------------------
# The hand-made TikTok export


def test_tiktok_fixture_counts_reconcile():
    table, chunks = read_all(TIKTOK, tiktok_mapping())
    read, rejected = totals(chunks)
    # README: 7 records = 4 rows + 3 rejects
    assert (read, rejected, table.num_rows) == (7, 3, 4)
    assert read == table.num_rows + rejected
    assert sum(c.references_seen for c in chunks) == 0
    assert sum(c.lines for c in chunks) == 10
    assert table.schema == CHUNK_SCHEMA


def test_tiktok_fixture_rejects_name_reason_and_start_line():
    _, chunks = read_all(TIKTOK, tiktok_mapping())
    rejects = [r for c in chunks for r in c.rejects]
    assert [(r.line, r.reason, r.field) for r in rejects] == [
        (6, "wrong_field_count", None),
        (7, "missing_id", "comment_id"),
        (9, "bad_date", "create_time"),
    ]
    physical = TIKTOK.read_text(encoding="utf-8").split("\n")
    for r in rejects:
        assert r.reason in REJECT_REASONS
        assert r.raw == physical[r.line - 1]
        assert r.file == str(TIKTOK)
    assert "kemarin sore" in rejects[2].detail


def test_tiktok_fixture_rows():
    table, _ = read_all(TIKTOK, tiktok_mapping())
    got = {r["post_id"]: r for r in table.to_pylist()}
    ids = [f"744000000000000000{i}" for i in (1, 2, 3, 7)]
    assert list(got) == ids
    # a record's line is where it starts: the two-line comment starts at line 4
    assert [got[i]["source_line"] for i in ids] == [2, 3, 4, 10]
    assert [got[i]["kind"] for i in ids] == ["original", "reply", "original", "reply"]
    first = got[ids[0]]
    assert first["platform"] == "tiktok"
    assert first["created_at"] == datetime(2024, 11, 20, 0, 15, tzinfo=UTC)  # 08:15 WITA
    assert first["conversation_id"] == "7439999999999999999"
    assert (first["mentions"], first["hashtags"]) == (["kpu_kaltim"], ["pilkadakaltim"])
    assert first["derived"] == ["mentions_from_text", "hashtags_from_text"]
    assert (first["like_count"], first["reply_count"]) == (12, 2)
    assert (first["author_id"], first["author_handle"]) == ("6800000000000000001", "warga_smd")
    reply = got[ids[1]]
    assert (reply["reply_to_post_id"], reply["reply_to_author_handle"]) == (ids[0], "warga_smd")
    assert (reply["like_count"], reply["reply_count"]) == (3, None)  # "3.0" → 3; "" → NA
    assert reply["text"] == "setuju, jangan golput"
    two_lines = got[ids[2]]
    assert two_lines["text"] == "komentar\ndua baris"
    assert two_lines["like_count"] is None  # "1.5K": NA, not a reject
    last = got[ids[3]]
    assert last["created_at"] == datetime(2024, 11, 20, 1, 30, tzinfo=UTC)  # its own Z wins
    assert last["reply_to_author_handle"] == "budi_bpp"
    assert last["like_count"] is None  # "1,234": thousands separators are not guessed
    for r in got.values():
        assert r["is_reference"] is False and r["_collected_at"] is None
        assert r["retweeted_post_id"] is None and r["lang"] is None


def test_chunks_split_records_but_not_lines():
    whole, _ = read_all(TIKTOK, tiktok_mapping())
    table, chunks = read_all(TIKTOK, tiktok_mapping(), chunk_rows=2)
    assert [c.read for c in chunks] == [2, 2, 2, 1]
    assert totals(chunks) == (7, 3)
    assert sum(c.lines for c in chunks) == 10
    assert table.to_pylist() == whole.to_pylist()


def test_naive_times_without_timezone_are_rejected_not_guessed():
    table, chunks = read_all(TIKTOK, tiktok_mapping(timezone=None))
    reasons = Counter(r.reason for c in chunks for r in c.rejects)
    # only the last row (…Z) has a zone; 3 naive rows join the bad date of line 9
    assert reasons == {"bad_date": 4, "wrong_field_count": 1, "missing_id": 1}
    assert table.column("source_line").to_pylist() == [10]
    assert "no timezone" in next(r for c in chunks for r in c.rejects if r.line == 2).detail


def test_derive_from_text_off_gives_empty_lists_and_no_flags():
    table, _ = read_all(TIKTOK, tiktok_mapping(derive_from_text=False))
    assert {len(m) for m in table.column("mentions").to_pylist()} == {0}
    assert {len(d) for d in table.column("derived").to_pylist()} == {0}


def test_missing_mapped_columns_raise_before_reading(tmp_path):
    m = tiktok_mapping(quote_count="quotes", lang="language")
    with pytest.raises(ValueError, match=r"tiktok_comments\.csv.*\['language', 'quotes'\]"):
        next(iter_generic(TIKTOK, m))


def test_bad_utf8_record_is_rejected_with_its_line(tmp_path):
    p = tmp_path / "fb.csv"
    p.write_bytes(
        b"\xef\xbb\xbfid;time;msg\n"  # a byte-order mark and ';' separators
        b"1;2024-11-20T08:00:00+08:00;ok\n"
        b'2;2024-11-20T08:00:00+08:00;"caf\xe9\nlanjut"\n'  # bad byte on line 3, record 3-4
        b"3;2024-11-20T08:00:00+08:00;ok juga\n"
    )
    m = ColumnMapping(post_id="id", created_at="time", text="msg", platform="facebook")
    table, chunks = read_all(p, m)
    assert totals(chunks) == (3, 1)
    (r,) = chunks[0].rejects
    assert (r.line, r.reason) == (3, "bad_utf8")
    assert "\\xe9" in r.raw
    assert table.column("source_line").to_pylist() == [2, 5]
    assert chunks[0].notes == ["delimiter ';'"]


def test_tab_delimiter_is_sniffed_and_can_be_forced(tmp_path):
    p = tmp_path / "yt.tsv"
    p.write_text(
        "id\tpublished\ttext\nUgx1\t2024-11-20T08:00:00Z\thalo, semua; ya\n", encoding="utf-8"
    )
    m = ColumnMapping(post_id="id", created_at="published", text="text", platform="youtube")
    table, _ = read_all(p, m)
    assert table.column("post_id").to_pylist() == ["Ugx1"]  # a non-numeric id is kept as is
    assert table.column("text").to_pylist() == ["halo, semua; ya"]
    forced = dataclasses.replace(m, delimiter=",")
    with pytest.raises(ValueError, match="not in the header"):
        next(iter_generic(p, forced))


def test_epoch_and_strptime_formats(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text(
        "id,t,d\n1,1610005273.0,20/11/2024 08:00\n2,abc,20/11/2024 09:00\n", encoding="utf-8"
    )
    epoch = ColumnMapping(post_id="id", created_at="t", date_format="epoch")
    table, chunks = read_all(p, epoch)
    assert table.column("created_at").to_pylist() == [datetime(2021, 1, 7, 7, 41, 13, tzinfo=UTC)]
    assert [(r.line, r.reason) for r in chunks[0].rejects] == [(3, "bad_date")]
    fmt = ColumnMapping(
        post_id="id", created_at="d", date_format="%d/%m/%Y %H:%M", timezone="Asia/Makassar"
    )
    table, _ = read_all(p, fmt)
    assert [t.hour for t in table.column("created_at").to_pylist()] == [0, 1]


def test_retweet_from_text_only_when_no_retweet_column_is_mapped(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text(
        "id,t,text,shared_from\n1,2024-11-20T08:00:00Z,RT @Paslon_A: debat @kpu,\n",
        encoding="utf-8",
    )
    m = ColumnMapping(post_id="id", created_at="t", text="text")
    (row,) = read_all(p, m)[0].to_pylist()
    assert (row["kind"], row["retweeted_author_handle"]) == ("retweet", "Paslon_A")
    assert row["mentions"] == ["kpu"]
    assert row["derived"] == ["retweet_from_text", "mentions_from_text"]
    mapped = ColumnMapping(
        post_id="id", created_at="t", text="text", retweeted_post_id="shared_from"
    )
    (row,) = read_all(p, mapped)[0].to_pylist()
    assert row["kind"] == "original" and "retweet_from_text" not in row["derived"]


def test_ids_that_lost_precision(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text(
        "id,t,uid\n1.3470858675847946e+18,2024-11-20T08:00:00Z,5\n"
        "123.0,2024-11-20T08:00:00Z,6.8e+18\n",
        encoding="utf-8",
    )
    m = ColumnMapping(post_id="id", created_at="t", author_id="uid")
    table, chunks = read_all(p, m)
    assert [(r.line, r.reason) for r in chunks[0].rejects] == [(2, "id_lost_precision")]
    (row,) = table.to_pylist()
    assert (row["post_id"], row["author_id"], row["derived"]) == ("123", None, ["author_id_lost"])


def test_parquet_rows_and_rejects(tmp_path):
    p = tmp_path / "ig.parquet"
    ts = pa.array(
        [datetime(2024, 11, 20, 0, 0, tzinfo=UTC)] * 3 + [None], pa.timestamp("us", tz="UTC")
    )
    pq.write_table(
        pa.table(
            {
                "media_id": pa.array([111, 112, None, 114], pa.int64()),
                "taken_at": ts,
                "owner": ["@ana", "budi", "cici", "dodi"],
                "caption": ["Ayo #Pilkada", None, "x", "y"],
                "tags": pa.array([["Pilkada", "Kaltim"], [], None, ["a"]], pa.list_(pa.string())),
                "likes": pa.array([5.0, float("nan"), 1.0, 2.0]),
                "reply_to": [None, "111", None, None],
            }
        ),
        p,
    )
    m = ColumnMapping(
        post_id="media_id",
        created_at="taken_at",
        author_handle="owner",
        text="caption",
        hashtags="tags",
        like_count="likes",
        reply_to_post_id="reply_to",
        platform="instagram",
    )
    table, chunks = read_all(p, m, chunk_rows=3)
    assert [c.read for c in chunks] == [3, 1]
    assert totals(chunks) == (4, 2)
    assert [(r.line, r.reason) for c in chunks for r in c.rejects] == [
        (3, "missing_id"),
        (4, "bad_date"),
    ]
    assert json.loads(chunks[0].rejects[0].raw)["owner"] == "cici"
    rows = table.to_pylist()
    assert [r["post_id"] for r in rows] == ["111", "112"]
    assert [r["source_line"] for r in rows] == [1, 2]  # 1-based row numbers
    assert [r["kind"] for r in rows] == ["original", "reply"]
    assert rows[0]["author_handle"] == "ana"
    assert rows[0]["hashtags"] == ["pilkada", "kaltim"]
    assert [r["like_count"] for r in rows] == [5, None]
    assert rows[1]["text"] is None
    assert {r["platform"] for r in rows} == {"instagram"}


def test_parquet_missing_columns_raise(tmp_path):
    p = tmp_path / "t.parquet"
    pq.write_table(pa.table({"id": ["1"]}), p)
    with pytest.raises(ValueError, match=r"t\.parquet.*\['when'\]"):
        next(iter_generic(p, ColumnMapping(post_id="id", created_at="when")))


# ------------------------------------------------------------------------------------------
# The mapping itself


def test_mapping_from_json_file_and_dict(tmp_path):
    p = tmp_path / "m.json"
    p.write_text(
        json.dumps({"post_id": "id", "created_at": "ts", "platform": "youtube"}), encoding="utf-8"
    )
    m = ColumnMapping.from_file(p)
    assert (m.post_id, m.platform, m.list_sep) == ("id", "youtube", "|")
    assert ColumnMapping.from_dict(m.__dict__) == m


def test_mapping_unknown_keys_are_named(tmp_path):
    p = tmp_path / "m.yaml"
    p.write_text("post_id: id\ncreated_at: ts\nlikes: like_count\nteks: text\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"m\.yaml: unknown key\(s\) \['likes', 'teks'\]"):
        ColumnMapping.from_file(p)


@pytest.mark.parametrize(
    "bad",
    [
        {"created_at": "t"},
        {"post_id": "id"},
        {"post_id": "id", "created_at": "t", "timezone": "Mars/Olympus"},
        {"post_id": "id", "created_at": "t", "list_sep": ""},
        {"post_id": "id", "created_at": "t", "text": 3},
    ],
)
def test_mapping_validates(bad):
    with pytest.raises(ValueError):
        ColumnMapping.from_dict(bad)


def test_mapping_is_frozen():
    with pytest.raises(AttributeError):
        TWITWI_MAPPING.post_id = "x"  # type: ignore[misc]


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**53 - 1))
def test_counts_and_ids_round_trip_integers(n):
    assert count_value(str(n)) == count_value(f"{n}.0") == count_value(n) == n
    assert id_value(str(n)) == (str(n), False)
    assert id_value(float(n)) == (str(n), False)


_ROW_KINDS = {
    "good": "{i},2024-11-20T08:00:00Z,teks",
    "blank": "",
    "missing_id": ",2024-11-20T08:00:00Z,teks",
    "bad_date": "{i},kemarin,teks",
    "wrong_field_count": "{i},2024-11-20T08:00:00Z,teks,lebih",
    "multiline": '{i},2024-11-20T08:00:00Z,"dua\nbaris"',
}


@settings(max_examples=40, deadline=None)
@given(
    kinds=st.lists(st.sampled_from(sorted(_ROW_KINDS)), max_size=25),
    chunk=st.integers(min_value=1, max_value=6),
)
def test_every_record_is_a_row_or_a_reject(tmp_path_factory, kinds, chunk):
    p = tmp_path_factory.mktemp("g") / "x.csv"
    body = "".join(_ROW_KINDS[k].format(i=i + 1) + "\n" for i, k in enumerate(kinds))
    p.write_text("id,t,text\n" + body, encoding="utf-8")
    table, chunks = read_all(
        p, ColumnMapping(post_id="id", created_at="t", text="text"), chunk_rows=chunk
    )
    read, rejected = totals(chunks)
    assert read == sum(k != "blank" for k in kinds) == table.num_rows + rejected
    expected = Counter(k for k in kinds if k not in ("good", "blank", "multiline"))
    assert Counter(r.reason for c in chunks for r in c.rejects) == expected
    starts, line = [], 2
    for k in kinds:
        if k in ("good", "multiline"):
            starts.append(line)
        line += 2 if k == "multiline" else 1
    assert table.column("source_line").to_pylist() == starts


# ------------------------------------------------------------------------------------------
# Real data: twitwi's CSV export (see x-api-twitwi-resources/PROVENANCE.md)


@pytest.mark.shared
def test_twitwi_export_kinds_and_counts():
    if not TWITWI_CSV.exists():
        pytest.skip(f"shared data not present: {TWITWI_CSV}")
    with open(TWITWI_CSV, encoding="utf-8", newline="") as f:
        raw = list(csv.DictReader(f))
    table, chunks = read_all(TWITWI_CSV, TWITWI_MAPPING)
    assert totals(chunks) == (4, 0)
    rows = table.to_pylist()
    assert [r["post_id"] for r in rows] == [r["id"] for r in raw]
    # PROVENANCE: "1 retweet, 1 quote, 2 plain tweets". The two "plain" ones are replies
    # (to_tweetid / to_userid / to_username filled), checked on the raw file here, so the
    # canonical kinds are 1 retweet, 1 quote, 2 replies.
    assert sum(bool(r["retweeted_id"]) for r in raw) == 1
    assert sum(bool(r["quoted_id"]) for r in raw) == 1
    assert sum(bool(r["to_tweetid"]) for r in raw) == 2
    assert Counter(r["kind"] for r in rows) == {"retweet": 1, "quote": 1, "reply": 2}
    for r, x in zip(rows, raw, strict=True):
        assert r["created_at"] == datetime.fromtimestamp(float(x["timestamp_utc"]), UTC)
        assert r["author_handle"] == x["user_screen_name"]
        assert r["author_followers"] == int(x["user_followers"])
        assert r["text"] == x["text"]
        assert r["hashtags"] == [h for h in x["hashtags"].split("|") if h]
        assert r["urls"] == [u for u in x["links"].split("|") if u]
        assert r["reply_to_post_id"] == (x["to_tweetid"] or None)
        assert r["quoted_author_handle"] == (x["quoted_user"] or None)
        assert r["retweeted_author_id"] == (x["retweeted_user_id"] or None)
        assert r["quote_count"] is None  # the export has no quote_count column
        if r["kind"] != "retweet":
            assert r["mentions"] == [m for m in x["mentioned_names"].split("|") if m]
    (rt,) = [r for r in rows if r["kind"] == "retweet"]
    # twitwi lists the RT @Fr_Conservateur: account in mentioned_names; the canonical table
    # does not count the automatic RT mention (DESIGN §2)
    (x,) = [x for x in raw if x["retweeted_id"]]
    assert x["mentioned_names"] == "fr_conservateur" and rt["text"].startswith(
        "RT @Fr_Conservateur:"
    )
    assert rt["mentions"] == []
    # source_line: the physical line where each record starts (the second text spans lines)
    physical = TWITWI_CSV.read_text(encoding="utf-8").split("\n")
    starts = [
        next(i for i, line in enumerate(physical, 1) if line.startswith(x["id"] + ",")) for x in raw
    ]
    assert [r["source_line"] for r in rows] == starts
    assert starts != [2, 3, 4, 5]  # the check is not vacuous: some text spans lines
