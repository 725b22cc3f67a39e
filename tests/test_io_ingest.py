"""ingest(): processed outputs, atomic writes, pseudonymisation, determinism, nothing lost."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from discourse.io import ingest, read_posts
from discourse.io.processed import read_processed
from discourse.schema import POSTS_SCHEMA, validate_posts

DATA = Path(__file__).parent / "data" / "ingest"
KEY = b"test-key-0123456789abcdef-0123456"


def _tree_digest(root: Path) -> dict[str, tuple[int, str, float]]:
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            out[str(p.relative_to(root))] = (
                p.stat().st_size,
                hashlib.sha256(p.read_bytes()).hexdigest(),
                p.stat().st_mtime,
            )
    return out


@pytest.fixture
def raw_copy(tmp_path):
    raw = tmp_path / "data" / "raw"
    shutil.copytree(DATA, raw)
    return raw


def test_ingest_writes_three_files_atomically(raw_copy, tmp_path):
    out = tmp_path / "data" / "processed"
    report = ingest(raw_copy, out=out, key=KEY)
    assert sorted(os.listdir(out)) == ["manifest.json", "posts.parquet", "rejects.jsonl"]
    table = read_processed(out, as_arrow=True)
    assert table.schema.equals(POSTS_SCHEMA, check_metadata=False)
    validate_posts(table)
    # any Parquet reader sees the dataset folder as the same table
    assert pq.read_table(out / "posts.parquet").num_rows == table.num_rows
    # collected posts first, then posts seen only as references
    refs = table.column("is_reference").to_pylist()
    assert refs == sorted(refs)
    rejects = (out / "rejects.jsonl").read_text().splitlines()
    assert len(rejects) == report.rejected_total
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["read"] == report.read
    assert manifest["rows"] == table.num_rows == report.accepted + report.references_added
    inputs = {Path(i["path"]).name: i for i in manifest["inputs"]}
    assert (
        inputs["pages.jsonl"]["sha256"]
        == hashlib.sha256((raw_copy / "twarc2" / "pages.jsonl").read_bytes()).hexdigest()
    )
    assert manifest["schema_version"] and manifest["package_version"]
    assert manifest["parameters"]["pseudonymised"] is True
    # accepted + rejected + duplicates == read, per file and in total
    assert report.reconciles()
    for f in manifest["files"]:
        assert f["read"] == f["accepted"] + f["rejected_total"] + f["duplicates"], f["path"]


def test_raw_data_is_never_written(raw_copy, tmp_path):
    before = _tree_digest(raw_copy)
    ingest(raw_copy, out=tmp_path / "data" / "processed", key=KEY)
    read_posts(raw_copy)
    assert _tree_digest(raw_copy) == before
    with pytest.raises(ValueError, match="data/raw"):
        ingest(raw_copy, out=raw_copy / "out", key=KEY)
    assert _tree_digest(raw_copy) == before


def test_pseudonymised_output_names_no_private_account(raw_copy, tmp_path):
    out = tmp_path / "processed"
    ingest(raw_copy, out=out, key=KEY)
    table = read_processed(out, as_arrow=True)
    text = json.dumps(table.to_pylist(), default=str)
    for private in (
        "warga_smd_1",
        "warga_bpp_2",
        "warga_kukar_3",
        "buzzer_x_11",
        "warga_a",
        "warga_pst_4",
    ):
        assert private not in text, private
    # author ids are pseudonymised too; public actors on the allowlist stay readable
    assert '"author_id": "1"' not in text
    assert "kpu_prov_demo" in text and "paslon01_resmi_demo" in text
    # the key never appears in any output
    for f in out.rglob("*"):
        if f.is_file():
            blob = f.read_bytes()
            assert KEY not in blob and KEY.hex().encode() not in blob, f


def test_pseudonyms_are_consistent_across_columns(raw_copy, tmp_path):
    out = tmp_path / "processed"
    ingest(raw_copy / "twarc2" / "pages.jsonl", out=out, key=KEY)
    rows = {r["post_id"]: r for r in read_processed(out, as_arrow=True).to_pylist()}
    # 103 replies to 101's author and mentions them: same pseudonym everywhere
    h = rows["101"]["author_handle"]
    assert h.startswith("u_")
    assert rows["103"]["reply_to_author_handle"] == h
    assert rows["103"]["mentions"] == [h]
    assert rows["103"]["text"].startswith("@" + h)
    assert rows["103"]["reply_to_author_id"] == rows["101"]["author_id"]


def test_pseudonymisation_can_be_switched_off(raw_copy, tmp_path):
    out = tmp_path / "processed"
    ingest(raw_copy / "twarc2" / "pages.jsonl", out=out, pseudonymise=False)
    handles = read_processed(out, as_arrow=True).column("author_handle").to_pylist()
    assert "warga_smd_1" in handles


def test_rerun_gives_identical_files(raw_copy, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    ingest(raw_copy, out=a, key=KEY)
    ingest(raw_copy, out=b, key=KEY)
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert files_a == files_b and len(files_a) > 3
    for rel in files_a:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel


def test_failed_run_leaves_the_previous_output(raw_copy, tmp_path, monkeypatch):
    from discourse.io import engine

    out = tmp_path / "processed"
    ingest(raw_copy / "harvest", out=out, key=KEY)
    before = read_processed(out, as_arrow=True)

    def boom(col):
        raise OSError("disk full")

    monkeypatch.setattr(engine, "_drop_losers", boom)
    with pytest.raises(OSError, match="disk full"):
        ingest(raw_copy, out=out, key=KEY)
    # the earlier table is intact and no temporary folder is left behind
    assert read_processed(out, as_arrow=True).equals(before)
    assert sorted(os.listdir(out)) == ["manifest.json", "posts.parquet", "rejects.jsonl"]


def test_rerun_replaces_the_previous_output(raw_copy, tmp_path):
    out = tmp_path / "processed"
    ingest(raw_copy / "harvest", out=out, key=KEY)
    ingest(raw_copy / "twarc2", out=out, key=KEY)
    ids = set(read_processed(out)["post_id"])
    assert "101" in ids and "1861000000000000001" not in ids
    assert sorted(os.listdir(out)) == ["manifest.json", "posts.parquet", "rejects.jsonl"]


# -- property: corrupt lines never make the reader raise, and the counts always reconcile -----

_GOOD = (DATA / "twarc2" / "pages.jsonl").read_bytes().split(b"\n")[:2]
_corruption = st.sampled_from(
    ["truncate", "garbage", "flip", "drop_brace", "bad_utf8", "keep", "blank", "wrong_type"]
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ops=st.lists(st.tuples(_corruption, st.integers(0, 10_000)), min_size=1, max_size=12),
    final_newline=st.booleans(),
)
def test_corrupted_lines_always_reconcile(tmp_path, ops, final_newline):
    lines = []
    for op, k in ops:
        line = _GOOD[k % 2]
        if op == "truncate":
            line = line[: k % max(1, len(line))]
        elif op == "garbage":
            line = bytes((k * 7 + i) % 256 for i in range(k % 50))
        elif op == "flip":
            i = k % len(line)
            line = line[:i] + bytes([line[i] ^ 0x5A]) + line[i + 1 :]
        elif op == "drop_brace":
            line = line[:-1]
        elif op == "bad_utf8":
            line = line.replace(b"Ayo", b"A\xffo")
        elif op == "blank":
            line = b""
        elif op == "wrong_type":
            line = line.replace(b'"like_count": 5', b'"like_count": "lima"')
        lines.append(line.replace(b"\n", b" "))
    path = tmp_path / "fuzz.jsonl"
    path.write_bytes(b"\n".join(lines) + (b"\n" if final_newline else b""))
    posts, report = read_posts(path, as_arrow=True, format="twarc2-page")
    assert report.reconciles()
    assert report.read == report.accepted + report.rejected_total + report.duplicates
    assert isinstance(posts, pa.Table)
    n_collected = posts.num_rows - report.references_added
    assert n_collected == report.accepted


def test_detection_survives_a_corrupt_first_line(tmp_path):
    from discourse.io import detect_format

    path = tmp_path / "p.jsonl"
    path.write_bytes(b'{"data": [{"id": "1", "te\n' + _GOOD[0] + b"\n")
    assert detect_format(path).kind == "twarc2-page"
    _, report = read_posts(path)
    assert dict(report.rejected) == {"bad_json": 1} and report.accepted == 3


def _many_pages(tmp_path: Path) -> Path:
    src = (DATA / "twarc2" / "pages.jsonl").read_bytes()
    good = b"\n".join(src.split(b"\n")[:2]) + b"\n"
    body = b"".join(good.replace(b'"10', b'"7' + str(k).encode() + b"0") for k in range(40))
    path = tmp_path / "raw" / "many.jsonl"
    path.parent.mkdir()
    path.write_bytes(body + src)  # the fixture's bad lines come last
    return path


def test_parallel_chunked_ingest_equals_one_piece(tmp_path):
    path = _many_pages(tmp_path)
    ingest(path, out=tmp_path / "one", key=KEY, workers=1)
    ingest(path, out=tmp_path / "two", key=KEY, workers=2, chunk_bytes=4096)
    one = read_processed(tmp_path / "one", as_arrow=True)
    two = read_processed(tmp_path / "two", as_arrow=True)
    assert one.equals(two)  # same rows, same order, same source_line
    assert len(list((tmp_path / "two" / "posts.parquet").iterdir())) > 4
    r1 = (tmp_path / "one" / "rejects.jsonl").read_text()
    r2 = (tmp_path / "two" / "rejects.jsonl").read_text()
    assert r1 == r2 and '"line":83' in r1.replace(" ", "")  # bad JSON on line 80 + 3


def test_scripts_without_a_main_guard_can_use_workers(tmp_path):
    import subprocess
    import sys

    path = _many_pages(tmp_path)
    script = tmp_path / "analysis.py"
    script.write_text(
        "import discourse\n"
        f"posts, report = discourse.read_posts({str(path)!r}, workers=2, chunk_bytes=4096)\n"
        "print('read', report.read, 'accepted', report.accepted)\n"
    )
    r = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, check=False
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"read {40 * 5 + 14} accepted {40 * 4 + 5}"


def test_folder_walk_lists_what_it_skips_and_why(tmp_path):
    d = tmp_path / "collection"
    d.mkdir()
    shutil.copy(DATA / "twarc2" / "pages.jsonl", d / "pages.jsonl")
    (d / "mapping.yaml").write_text("post_id: comment_id\ntext: text\n")
    (d / "stopwords.txt").write_text("yang\ndan\n")
    (d / "notes.md").write_text("# notes\n")
    (d / ".hidden.jsonl").write_text("{}\n")
    _posts, report = read_posts(d)
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert set(reasons) == {"mapping.yaml", "stopwords.txt", "notes.md"}
    assert "YAML" in reasons["mapping.yaml"] and "documentation" in reasons["notes.md"]
    assert report.accepted == 5  # the one post file was read


def test_claim_catalogue_is_recognised_not_read(tmp_path):
    from discourse.io import detect_format

    p = tmp_path / "claims.csv"
    p.write_text(
        "claim_id,title,verdict,keywords\nH3,Exit poll palsu,HOAKS,exit poll|hitung cepat\n"
    )
    d = detect_format(p)
    assert d.kind == "claim-catalogue" and "claim catalogue" in d.reason
    posts, report = read_posts(p)
    assert len(posts) == 0 and report.skipped[0].format == "claim-catalogue"
