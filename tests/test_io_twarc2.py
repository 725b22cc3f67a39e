"""The twarc2 / X API v2 reader on hand-made fixtures whose counts are worked out by hand.

tests/data/ingest/twarc2/pages.jsonl, line by line (9 lines, the last without a newline):

1. a page of 3 tweets: 101 (original, hashtag, mention, url), 102 (retweet of 100, which is in
   includes.tweets), 103 (reply to 101). includes.tweets holds 100 and 101 (101 is also
   collected). retrieved_at 2024-11-27.                                        → 3 records
2. a page of 2 tweets: 104 (quote of 105, which is deleted: listed in errors) and 101 again with
   50 likes instead of 5. retrieved_at 2024-11-28 (later).                      → 2 records
3. ``{"data": [ {"id": "106",``: not JSON                                       → 1 record, bad_json
4. blank                                                                        → not a record
5. a page of 3: 107 (created_at "yesterday": bad_date), a tweet without id (missing_id), 109
   (retweet of 199, deleted: in errors; its author comes from the RT @ mention) → 3 records
6. ``[1, 2]``: JSON, but not an object                                        → 1 record, wrong_type
7. a page of 2 whose first tweet has like_count "many" (the page cannot be typed) → 2 wrong_type
8. a page whose text holds bytes that are not UTF-8                            → 1 record, bad_utf8
9. ``{"data": [{"id": "110", "te`` cut off at the end of the file            → 1 record, truncated

read 14 = accepted 5 (101, 102, 103, 104, 109) + rejected 8 + duplicates 1 (101 seen twice).
References: 100 and 101 seen in includes; 101 was collected (merged), 100 added.
Deleted originals reported by the API: 105 and 199 → 2.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from discourse.io import UnknownFormatError, detect_format, read_posts
from discourse.schema import POSTS_COLUMNS

DATA = Path(__file__).parent / "data" / "ingest" / "twarc2"


@pytest.fixture(scope="module")
def pages():
    return read_posts(DATA / "pages.jsonl")


def test_pages_counts_reconcile_by_hand(pages):
    posts, report = pages
    assert report.read == 14
    assert report.accepted == 5
    assert report.duplicates == 1
    assert dict(report.rejected) == {
        "bad_json": 1,
        "bad_date": 1,
        "missing_id": 1,
        "wrong_type": 3,
        "bad_utf8": 1,
        "truncated": 1,
    }
    assert report.read == report.accepted + report.rejected_total + report.duplicates
    assert report.references_seen == 2
    assert report.references_added == 1
    assert report.references_merged == 1
    assert report.deleted_originals == 2
    assert list(posts.columns) == list(POSTS_COLUMNS)
    collected = posts[~posts["is_reference"]]
    assert sorted(collected["post_id"]) == ["101", "102", "103", "104", "109"]
    assert posts.loc[posts["is_reference"], "post_id"].tolist() == ["100"]


def test_reject_lines_and_fields(tmp_path):
    _, _report = read_posts(DATA / "pages.jsonl", rejects_path=tmp_path / "rejects.jsonl")
    rejects = [json.loads(x) for x in (tmp_path / "rejects.jsonl").read_text().splitlines()]
    by_reason = {}
    for r in rejects:
        by_reason.setdefault(r["reason"], []).append(r)
    assert [r["line"] for r in by_reason["bad_json"]] == [3]
    assert [r["line"] for r in by_reason["bad_date"]] == [5]
    assert by_reason["bad_date"][0]["field"] == "created_at"
    assert "yesterday" in by_reason["bad_date"][0]["detail"]
    assert [r["line"] for r in by_reason["missing_id"]] == [5]
    assert sorted(r["line"] for r in by_reason["wrong_type"]) == [6, 7, 7]
    assert any("like_count" in r["detail"] for r in by_reason["wrong_type"])
    assert [r["line"] for r in by_reason["bad_utf8"]] == [8]
    assert [r["line"] for r in by_reason["truncated"]] == [9]
    # the raw record is kept so nothing is lost
    assert (
        all(
            r["file"].endswith("pages.jsonl") and r["raw"]
            for r in rejects
            if r["reason"] != "missing_id"
        )
        and len(rejects) == 8
    )


def test_relations_resolved_from_includes(pages):
    posts, _ = pages
    p = posts.set_index("post_id")
    assert p.loc["102", "kind"] == "retweet"
    assert p.loc["102", "retweeted_post_id"] == "100"
    assert p.loc["102", "retweeted_author_id"] == "10"
    assert p.loc["102", "retweeted_author_handle"] == "kpu_prov_demo"
    # the automatic "RT @x:" mention is not a mention
    assert list(p.loc["102", "mentions"]) == []
    assert p.loc["103", "kind"] == "reply"
    assert p.loc["103", "reply_to_post_id"] == "101"
    assert p.loc["103", "reply_to_author_id"] == "1"
    assert p.loc["103", "reply_to_author_handle"] == "warga_smd_1"
    assert p.loc["103", "conversation_id"] == "101"
    assert p.loc["101", "author_handle"] == "warga_smd_1"
    assert list(p.loc["101", "hashtags"]) == ["pilkadakaltim2024"]
    assert list(p.loc["101", "mentions"]) == ["kpu_prov_demo"]
    assert list(p.loc["101", "urls"]) == ["https://kaltim.kpu.go.id/info"]
    assert p.loc["100", "author_followers"] == 5000


def test_deleted_original_is_not_invented(pages):
    posts, _ = pages
    p = posts.set_index("post_id")
    # quote of the deleted 105: the id is kept, no author is made up, no row for 105
    assert p.loc["104", "kind"] == "quote"
    assert p.loc["104", "quoted_post_id"] == "105"
    assert pd.isna(p.loc["104", "quoted_author_id"])
    assert "105" not in p.index and "199" not in p.index
    # retweet of the deleted 199: the author is known from the RT @ mention entity, flagged
    assert p.loc["109", "retweeted_author_id"] == "11"
    assert p.loc["109", "retweeted_author_handle"] == "buzzer_x_11"
    assert "retweeted_author_from_mention" in list(p.loc["109", "derived"])


def test_duplicate_keeps_the_newer_collection(pages):
    posts, _ = pages
    row = posts[posts["post_id"] == "101"].iloc[0]
    assert row["like_count"] == 50  # from line 2, retrieved a day later
    assert row["source_line"] == 2


def test_timestamps_are_utc(pages):
    posts, _ = pages
    assert str(posts["created_at"].dt.tz) == "UTC"
    t = posts.set_index("post_id").loc["102", "created_at"]
    assert t == pd.Timestamp("2024-11-26T01:05:00Z")


def test_stream_flat_and_pretty_document_give_the_same_rows():
    stream, rs = read_posts(DATA / "stream.jsonl")
    flat, rf = read_posts(DATA / "flat.jsonl")
    pretty, rp = read_posts(DATA / "response_pretty.json")
    assert detect_format(DATA / "stream.jsonl").kind == "twarc2-stream"
    assert detect_format(DATA / "flat.jsonl").kind == "twarc2-flat"
    assert detect_format(DATA / "response_pretty.json").kind == "api-v2-document"
    # stream: 100 (collected on line 1) and 102 (retweet of 100; 100 also in its includes)
    assert rs.read == 2 and rs.accepted == 2 and rs.references_merged == 1
    # flat: 102 with its retweeted 100 inlined, and 101
    assert rf.read == 2 and rf.accepted == 2 and rf.references_added == 1
    assert rp.read == 2 and rp.accepted == 2
    cols = ["kind", "author_handle", "retweeted_author_id", "retweeted_author_handle", "text"]
    s = stream.set_index("post_id").loc["102", cols]
    f = flat.set_index("post_id").loc["102", cols]
    assert s.tolist() == f.tolist()
    # a whole-document file has no per-record line
    assert pretty["source_line"].isna().all()
    assert pretty.set_index("post_id").loc["101", "author_handle"] == "warga_smd_1"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("counts.jsonl", "twarc2-counts"),
        ("users.jsonl", "twarc2-users"),
        ("compliance.jsonl", "compliance"),
        ("empty.jsonl", "empty"),
    ],
)
def test_files_without_posts_are_refused_as_a_whole(name, kind):
    assert detect_format(DATA / name).kind == kind
    posts, report = read_posts(DATA / name)
    assert len(posts) == 0 and report.read == 0
    assert [s.path for s in report.skipped] == [str(DATA / name)]
    assert report.skipped[0].format == kind


def test_unknown_explicit_file_is_a_clear_error(tmp_path):
    p = tmp_path / "notes.csv"
    p.write_text("a;b;c\n1;2;3\n")
    with pytest.raises(UnknownFormatError) as e:
        read_posts(p)
    msg = str(e.value)
    assert str(p) in msg and "twarc2-page" in msg and "harvest-csv" in msg


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"nothere\.jsonl"):
        read_posts(tmp_path / "nothere.jsonl")


def test_chunked_parallel_read_equals_single_read(tmp_path):
    # many pages, split into tiny chunks read by 2 worker processes
    src = (DATA / "pages.jsonl").read_bytes()
    good = b"\n".join(src.split(b"\n")[:2]) + b"\n"
    lines = []
    for k in range(60):
        lines.append(good.replace(b'"10', b'"7' + str(k).encode() + b"0"))
    big = tmp_path / "big.jsonl"
    big.write_bytes(b"".join(lines) + src)
    one, r1 = read_posts(big, workers=1, as_arrow=True)
    two, r2 = read_posts(big, workers=2, chunk_bytes=4096, as_arrow=True)
    assert one.combine_chunks().equals(two.combine_chunks())
    assert r1.totals() == r2.totals()
    assert r2.read == 60 * 5 + 14 - 0  # 60 copies of lines 1-2 (5 records each) + the fixture
