"""tweet-harvest CSV in every generation, on hand-made fixtures counted by hand.

tests/data/ingest/harvest/harvest_2024.csv (2024 form: 15 columns, all quoted, CRLF):

line 1  header
line 2  1861...001 original: #PilkadaKaltim2024, @kpu_prov_demo, a t.co link, 3 likes
line 3  1861...002 "RT @paslon01_resmi_demo: ..."             → retweet derived from text
line 4  1861...003 reply to warga_smd_1 (in_reply_to_screen_name)
line 5  id "1.861e+18" (Excel float), tweet_url holds ...004 → recovered, flagged id_from_url
line 6  id "1.861e+18" and no tweet_url                   → rejected id_lost_precision
line 7  created_at "0" (a ghost row)                        → rejected bad_date
line 8  only 14 fields                                      → rejected wrong_field_count
line 9  empty id and no tweet_url                           → rejected missing_id
line 10 1861...001 again with 7 likes                        → duplicate; this record wins
read 9 = accepted 4 + rejected 4 + duplicates 1
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from discourse.io import detect_format, read_posts
from discourse.io.harvest_csv import exact_id, harvest_form, repair_mojibake

DATA = Path(__file__).parent / "data" / "ingest" / "harvest"


def test_2024_form_counts_by_hand(tmp_path):
    posts, report = read_posts(DATA / "harvest_2024.csv", rejects_path=tmp_path / "r.jsonl")
    assert detect_format(DATA / "harvest_2024.csv").kind == "harvest-csv"
    assert (report.read, report.accepted, report.rejected_total, report.duplicates) == (9, 4, 4, 1)
    assert dict(report.rejected) == {
        "id_lost_precision": 1,
        "bad_date": 1,
        "wrong_field_count": 1,
        "missing_id": 1,
    }
    import json

    lines = {
        json.loads(x)["reason"]: json.loads(x)["line"]
        for x in (tmp_path / "r.jsonl").read_text().splitlines()
    }
    assert lines == {"id_lost_precision": 6, "bad_date": 7, "wrong_field_count": 8, "missing_id": 9}
    p = posts.set_index("post_id")
    assert sorted(p.index) == [
        "1861000000000000001",
        "1861000000000000002",
        "1861000000000000003",
        "1861000000000000004",
    ]
    assert p.loc["1861000000000000001", "like_count"] == 7
    assert p.loc["1861000000000000001", "source_line"] == 10


def test_relations_derived_from_text_are_flagged():
    posts, _ = read_posts(DATA / "harvest_2024.csv")
    p = posts.set_index("post_id")
    rt = p.loc["1861000000000000002"]
    assert rt["kind"] == "retweet"
    assert rt["retweeted_author_handle"] == "paslon01_resmi_demo"
    assert pd.isna(rt["retweeted_post_id"]) and pd.isna(rt["retweeted_author_id"])
    assert "retweet_from_text" in list(rt["derived"])
    assert list(rt["mentions"]) == []  # the RT @x: prefix is not a mention
    reply = p.loc["1861000000000000003"]
    assert reply["kind"] == "reply"
    assert reply["reply_to_author_handle"] == "warga_smd_1"
    assert pd.isna(reply["reply_to_post_id"])
    assert {"reply_from_screen_name", "mentions_from_text"} <= set(reply["derived"])
    orig = p.loc["1861000000000000001"]
    assert list(orig["hashtags"]) == ["pilkadakaltim2024"]
    assert list(orig["mentions"]) == ["kpu_prov_demo"]
    assert list(orig["urls"]) == ["https://t.co/a1"]
    assert orig["created_at"] == pd.Timestamp("2024-11-26T01:00:00Z")
    rec = p.loc["1861000000000000004"]
    assert "id_from_url" in list(rec["derived"])
    assert "conversation_id_lost" in list(rec["derived"]) and pd.isna(rec["conversation_id"])
    assert rec["like_count"] == 2  # written as "2.0"


def test_2025_form_iso_dates_and_raw_text():
    posts, report = read_posts(DATA / "harvest_2025.csv")
    assert report.read == 2 and report.accepted == 2
    p = posts.set_index("post_id")
    text = p.loc["1862000000000000001", "text"]
    assert "🗳️" in text and '"aman"' in text and "\n" in text
    assert p.loc["1862000000000000001", "created_at"] == pd.Timestamp("2024-11-27T00:30:00Z")
    assert p.loc["1862000000000000002", "kind"] == "retweet"
    assert p.loc["1862000000000000002", "retweeted_author_handle"] == "kpu_prov_demo"


def test_semicolon_form():
    posts, report = read_posts(DATA / "harvest_semicolon.csv")
    assert report.read == 2 and report.accepted == 2
    p = posts.set_index("post_id")
    assert p.loc["1697612345678901234", "text"] == "Pemilu damai\nayo #TolakHoaks"
    assert p.loc["1697612345678901234", "author_id"] == "1548880000000000001"
    assert pd.isna(p.loc["1697612345678901234", "author_handle"])  # this form has no username
    assert p.loc["1697612345678901235", "retweeted_author_handle"] == "bawaslu_prov_demo"


def test_rerun_twins_newer_collection_wins():
    # crawl.csv (newer) and crawl.old.csv share 1863...001; the old one has MORE likes (9 vs 1)
    # but the newer collection wins. 4 records: 3 distinct posts + 1 duplicate (from .old).
    posts, report = read_posts(DATA / "twins")
    assert (report.read, report.accepted, report.duplicates) == (4, 3, 1)
    by_file = {Path(f.path).name: f for f in report.files}
    assert by_file["crawl.old.csv"].duplicates == 1 and by_file["crawl.csv"].duplicates == 0
    row = posts.set_index("post_id").loc["1863000000000000001"]
    assert row["like_count"] == 1 and Path(row["source_file"]).name == "crawl.csv"


def test_pandas_resave_with_bare_cr_and_float_ids(tmp_path):
    # line 2: float id recovered from tweet_url; line 3 holds a bare CR inside an unquoted
    # field, which splits the record in two (4 and 10 fields): both halves rejected, never
    # shifted; line 5 (after the CR, Python's csv counts it as a line) is clean.
    posts, report = read_posts(DATA / "pandas_resaved_2023.csv", rejects_path=tmp_path / "r")
    assert (report.read, report.accepted, report.rejected_total) == (4, 2, 2)
    assert dict(report.rejected) == {"wrong_field_count": 2}
    p = posts.set_index("post_id")
    assert "1735511179781656951" in p.index  # from tweet_url, not the float
    assert p.loc["1735511179781656951", "like_count"] == 3
    assert "1735511127524851712" in p.index
    assert "1735511136202813536" not in p.index


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1804871062037110937", ("1804871062037110937", False)),
        ("1.7355111797816568e+18", (None, True)),
        (1.69761e18, (None, True)),
        ("121640063.0", ("121640063", False)),
        (121640063.0, ("121640063", False)),
        ("", (None, False)),
        (None, (None, False)),
        ("abc", (None, True)),
    ],
)
def test_exact_id(value, expected):
    assert exact_id(value) == expected


def test_harvest_form_names():
    h24 = ["conversation_id_str", "created_at", "full_text", "id_str", "in_reply_to_screen_name"]
    assert harvest_form(h24, ",", "Wed Nov 27 03:15:42 +0000 2024") == "2024"
    assert harvest_form(h24, ",", "2024-11-27T03:15:42.000Z") == "2025"
    assert harvest_form(["created_at", "id_str", "full_text"], ",") == "2023"
    assert harvest_form(["created_at", "id_str", "full_text"], ";") == "semicolon"


def test_mojibake_repair_only_changes_broken_text():
    assert repair_mojibake("Ayo nyoblos") == ("Ayo nyoblos", False)
    # 🙏 is F0 9F 99 8F; read as cp1252 that is "ðŸ™" plus 0x8F, which Excel writes _x008F_
    fixed, changed = repair_mojibake("Mantap ðŸ™_x008F_")
    assert changed and fixed == "Mantap 🙏"
    fixed, changed = repair_mojibake("Sudah â€œnyoblosâ€\x9d")
    assert changed and fixed == "Sudah “nyoblos”"
