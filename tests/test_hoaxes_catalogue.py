"""The claim catalogue: CSV/YAML loading, validation errors naming file, row and field, and the
catalogue built from the real TurnBackHoax scrapes in ../shared/data (expected counts from
their PROVENANCE.md, measured independently of this code)."""

from __future__ import annotations

import pandas as pd
import pytest

from discourse.hoaxes import (
    VERDICTS,
    CatalogueError,
    catalogue_from_turnbackhoax,
    read_catalogue,
    validate_catalogue,
    verdict_from_url,
)

HEADER = "claim_id,title,verdict,keywords,urls,debunk_url,debunk_date,narrative,is_hoax\n"


def write(tmp_path, text, name="claims.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_synthetic_catalogue_loads_with_lists_verdicts_and_dates(small_corpus):
    cat = read_catalogue(small_corpus.raw / "claims.csv")
    # the generator writes the eleven claims H1..H11 of DOMAIN 6.6
    assert cat["claim_id"].tolist() == [f"H{i}" for i in range(1, 12)]
    assert set(cat["verdict"]) <= set(VERDICTS)
    assert cat.loc[cat["claim_id"] == "H2", "verdict"].item() == "PENIPUAN"
    # is_hoax: H4 (KLARIFIKASI) is marked true in the file; H10 (an allegation, KLARIFIKASI)
    # is left empty and takes the verdict's default, not a hoax
    is_hoax = cat.set_index("claim_id")["is_hoax"]
    assert is_hoax["H4"] and not is_hoax["H10"] and is_hoax["H1"]
    assert cat.loc[cat["claim_id"] == "H1", "keywords"].item()[:2] == ["nangis", "menangis"]
    assert all(isinstance(u, list) and u for u in cat["urls"])
    assert cat["debunk_date"].notna().all()


def test_yaml_and_csv_give_the_same_catalogue(tmp_path):
    csv = write(
        tmp_path,
        HEADER + "H3,Exit poll palsu,hoaks,exit poll|Responden,survei.example,"
        "https://cekfakta.example/h3,2024-11-27,penyelenggara,\n",
    )
    yml = write(
        tmp_path,
        "- claim_id: H3\n  title: Exit poll palsu\n  verdict: '[HOAKS]'\n"
        "  keywords: [exit poll, Responden]\n  urls: survei.example\n"
        "  debunk_url: https://cekfakta.example/h3\n  debunk_date: 2024-11-27\n"
        "  narrative: penyelenggara\n",
        "claims.yaml",
    )
    a, b = read_catalogue(csv), read_catalogue(yml)
    pd.testing.assert_frame_equal(a, b)
    assert a.loc[0, "keywords"] == ["exit poll", "responden"]  # lower-cased
    assert a.loc[0, "is_hoax"]  # default from the HOAKS verdict


@pytest.mark.parametrize(
    ("row", "field", "fragment"),
    [
        ("H1,Judul,MAYBE,,,,,,", "verdict", "'MAYBE' is not a known verdict"),
        (",Judul,SALAH,,,,,,", "claim_id", "missing"),
        ("H1,,SALAH,,,,,,", "title", "missing"),
        ("H1,Judul,SALAH,,,notaurl,,,", "debunk_url", "not an http(s) URL"),
        ("H1,Judul,SALAH,,,,27/13/2024,,", "debunk_date", "not a date"),
        ("H1,Judul,SALAH,,bad domain!,,,,", "urls", "neither a URL"),
        ("H1,Judul,SALAH,,,,,,perhaps", "is_hoax", "not true/false"),
    ],
)
def test_errors_name_file_row_and_field(tmp_path, row, field, fragment):
    p = write(tmp_path, HEADER + "H0,Baik,SALAH,,,,,,\n" + row + "\n")
    with pytest.raises(CatalogueError) as e:
        read_catalogue(p)
    msg = str(e.value)
    assert str(p) in msg and "row 2" in msg and f"field '{field}'" in msg and fragment in msg


def test_every_problem_is_reported_at_once(tmp_path):
    p = write(tmp_path, HEADER + "H1,A,SALAH,,,,,,\nH1,B,NOPE,,,,,,\n")
    with pytest.raises(CatalogueError) as e:
        read_catalogue(p)
    assert len(e.value.problems) == 2  # duplicate id and unknown verdict, same row
    assert "duplicate of row 1" in str(e.value)


def test_a_posts_file_is_refused_and_named(small_corpus, tmp_path):
    harvest = next((small_corpus.raw / "tweet-harvest").glob("*.csv"))
    with pytest.raises(CatalogueError, match=r"missing column.*tweet-harvest"):
        read_catalogue(harvest)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        read_catalogue(tmp_path / "nope.csv")


def test_validate_does_not_modify_its_input_and_is_idempotent():
    raw = pd.DataFrame(
        {"claim_id": [" A "], "title": ["t"], "verdict": ["[salah]"], "keywords": ["X|y"]}
    )
    before = raw.copy()
    once = validate_catalogue(raw)
    pd.testing.assert_frame_equal(raw, before)
    pd.testing.assert_frame_equal(validate_catalogue(once), once)
    assert once.loc[0, "claim_id"] == "A" and once.loc[0, "verdict"] == "SALAH"


def test_verdict_from_url_slug():
    urls = pd.Series(
        [
            "https://turnbackhoax.id/2024/11/30/penipuan-tautan-undian",
            "https://turnbackhoax.id/2019/04/01/hoax-surat-suara/",
            "https://turnbackhoax.id/2020/01/02/satir-video",
            "https://turnbackhoax.id/?p=43473",
            None,
        ]
    )
    assert verdict_from_url(urls).tolist() == ["PENIPUAN", "HOAKS", "SATIRE", pd.NA, pd.NA]


# ------------------------------------------------------------------ real TurnBackHoax data
TBH = "turnbackhoax-2019-2025-reynaldaryansyah25/turnbackhoax_fix.csv"
TITLES = "hoax-election-titles-aptaarkana/data_berita.csv"
ALHARKAN = "turnbackhoax-2024-alharkan7"


@pytest.mark.shared
def test_turnbackhoax_verdicts_come_from_the_url_slug(shared_data):
    cat, rep = catalogue_from_turnbackhoax(shared_data / TBH)
    # PROVENANCE: 1,973 articles, unique URLs; slug verdicts salah 1,515, penipuan 416,
    # belum (terbukti) 13, klarifikasi 12, parodi 9, satire 3 + satir 3, berita 2
    assert len(cat) == 1973 and rep["dropped_unknown_verdict"] == 0
    assert cat["verdict"].value_counts().to_dict() == {
        "SALAH": 1515,
        "PENIPUAN": 416,
        "BELUM TERBUKTI": 13,
        "KLARIFIKASI": 12,
        "PARODI": 9,
        "SATIRE": 6,
        "BERITA": 2,
    }
    # the scraped flag says SALAH for 414 of the scams (PROVENANCE): slug and flag disagree
    disagree = (cat["scraped_flag"] == "SALAH") & (cat["verdict"] == "PENIPUAN")
    assert int(disagree.sum()) == 414
    assert cat["claim_id"].is_unique and cat["claim_text"].notna().all()
    print(f"\nTurnBackHoax 2019-2025: {len(cat)} claims, verdicts {rep['verdicts']}")


@pytest.mark.shared
def test_headline_file_keeps_only_fact_checks_and_merges_rescrapes(shared_data):
    cat, rep = catalogue_from_turnbackhoax(shared_data / TITLES)
    (f,) = rep["files"]
    # PROVENANCE: 3,650 news rows (not turnbackhoax.id); 1,899 debunk rows of which 441 are
    # re-scrapes of the same article -> 1,458 distinct articles, some with no verdict slug
    assert f["not_fact_checks"] == 3650
    assert rep["merged_duplicates"] + rep["dropped_unknown_verdict"] + len(cat) == 1899
    assert 1458 - 20 <= len(cat) <= 1458  # odd slugs (acara, live, numeric ids) dropped
    # PROVENANCE slug counts over distinct articles: benar 85, disinformasi 26, berita 25,
    # hoax 25 + hoaks 1, klarifikasi 9, edukasi 2
    counts = cat["verdict"].value_counts()
    assert counts["BENAR"] == 85 and counts["DISINFORMASI"] == 26 and counts["BERITA"] == 25
    assert counts["HOAKS"] == 26 and counts["KLARIFIKASI"] == 9 and counts["EDUKASI"] == 2
    assert abs(counts["SALAH"] - (1265 + 2)) <= 2  # salah + false
    assert not cat.loc[cat["verdict"] == "BENAR", "is_hoax"].any()


@pytest.mark.shared
def test_files_without_verdict_keep_it_unknown_unless_given(shared_data):
    path = shared_data / ALHARKAN / "politics_hoax_text.csv"
    cat, _ = catalogue_from_turnbackhoax(path)
    assert len(cat) == 1358 and cat["verdict"].isna().all()  # PROVENANCE: 1,358 rows
    cat2, rep2 = catalogue_from_turnbackhoax(path, verdict="salah")
    assert (cat2["verdict"] == "SALAH").all() and "file-level constant" in rep2["files"][0][
        "layout"
    ]
    # repeated headlines in one file are distinct articles (PROVENANCE: 4 in others, 7 in
    # scam): nothing merged, one claim per row
    for name, rows in (("others_hoax_text.csv", 1449), ("scam_hoax_text.csv", 939)):
        cat3, rep3 = catalogue_from_turnbackhoax(shared_data / ALHARKAN / name)
        assert len(cat3) == rows and rep3["merged_duplicates"] == 0


@pytest.mark.shared
def test_overlapping_scrapes_merge_into_one_catalogue(shared_data):
    paths = [shared_data / TBH, *sorted((shared_data / ALHARKAN).glob("*.csv"))]
    cat, rep = catalogue_from_turnbackhoax(paths)
    # 1,973 + 3,746 rows; PROVENANCE: 475 of the 2024 titles are the same articles
    # (merged only when title and date agree)
    assert len(cat) + rep["merged_duplicates"] == 1973 + 3746
    assert 300 <= rep["merged_duplicates"] <= 475
    assert cat["claim_id"].is_unique
    print(f"\nmerged catalogue: {len(cat)} claims, {rep['merged_duplicates']} merged")
