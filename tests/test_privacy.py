"""Pseudonymisation: keyed, consistent, reversible only with the key, public actors readable."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discourse.privacy import (
    KEY_ENV,
    Pseudonymiser,
    default_allowlist_path,
    load_allowlist,
    load_key,
)

KEY = b"0123456789abcdef0123456789abcdef"


def test_same_key_same_pseudonym_other_key_other_pseudonym():
    a, b = Pseudonymiser(KEY), Pseudonymiser(KEY)
    c = Pseudonymiser(b"another key of thirty-two bytes!")
    assert a.handle("warga_smd_1") == b.handle("warga_smd_1") != c.handle("warga_smd_1")
    assert a.account_id("12345") == b.account_id("12345") != c.account_id("12345")
    # case-insensitive for handles, and ids and handles live in separate namespaces
    assert a.handle("Warga_SMD_1") == a.handle("@warga_smd_1")
    assert a.handle("12345")[2:] != a.account_id("12345")[3:]


def test_pseudonyms_are_not_a_plain_hash():
    import hashlib

    h = Pseudonymiser(KEY).handle("warga_smd_1")[2:]
    assert h not in hashlib.sha256(b"warga_smd_1").hexdigest()
    assert h not in hashlib.blake2b(b"handle:warga_smd_1").hexdigest()


def test_allowlisted_public_actors_stay_readable():
    p = Pseudonymiser(KEY, allow_handles={"KPU_Prov_Demo"}, allow_ids={"777"})
    assert p.handle("kpu_prov_demo") == "kpu_prov_demo"
    assert p.account_id("777") == "777"
    assert p.text("Info dari @KPU_Prov_Demo buat @warga_1") == (
        "Info dari @KPU_Prov_Demo buat @" + p.handle("warga_1")
    )


def test_shipped_allowlist_holds_only_synthetic_stand_ins():
    a = load_allowlist()
    assert a.handles and all(h.endswith("_demo") for h in a.handles)
    assert default_allowlist_path().exists()


def test_allowlist_needs_a_handle_column(tmp_path):
    bad = tmp_path / "actors.csv"
    bad.write_text("name,category\nKPU,election_commission\n")
    with pytest.raises(ValueError, match=r"actors\.csv.*handle"):
        load_allowlist(bad)


def test_key_from_environment_and_file(tmp_path, monkeypatch):
    monkeypatch.delenv(KEY_ENV, raising=False)
    kf = tmp_path / "data" / ".discourse_key"
    k1 = load_key(key_file=kf)
    assert len(k1) == 32 and kf.exists()
    assert oct(kf.stat().st_mode & 0o777) == "0o600"
    assert load_key(key_file=kf) == k1
    with pytest.raises(FileNotFoundError, match="DISCOURSE_KEY"):
        load_key(key_file=tmp_path / "missing", create=False)
    monkeypatch.setenv(KEY_ENV, "aa" * 16)
    assert load_key(key_file=kf) == bytes.fromhex("aa" * 16)


def test_empty_key_is_refused():
    with pytest.raises(ValueError, match="empty"):
        Pseudonymiser(b"")


def test_text_rules_by_example():
    p = Pseudonymiser(KEY)
    u = p.handle
    assert p.text("email x@y.id, @@double, @ok!") == f"email x@y.id, @@double, @{u('ok')}!"
    assert p.text("https://x.com/Someone/status/1") == f"https://x.com/{u('someone')}/status/1"
    assert p.text("netflix.com/abc/status/2") == "netflix.com/abc/status/2"
    assert p.text("x.com/abc/profile") == "x.com/abc/profile"  # not a status URL


_alphabet = st.sampled_from(
    [
        "@",
        "@@",
        "x.com/",
        "twitter.com/",
        "www.",
        "mobile.",
        "/status/",
        "status",
        "https://",
        " ",
        "\n",
        "a",
        "Z",
        "_",
        "9",
        "é",
        "\u0301",
        "ü",
        "kpu_prov_demo",
        "warga_1",
        ".",
        ",",
        "netfli",
        "🗳️",
        "RT ",
        ":",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_alphabet, max_size=14).map("".join) | st.none(), max_size=12))
def test_vectorised_texts_equal_the_scalar_rule(texts):
    p = Pseudonymiser(KEY, allow_handles={"kpu_prov_demo"})
    got = p.texts(pa.array(texts, pa.string())).to_pylist()
    assert got == [p.text(t) for t in texts]


def test_table_pseudonymises_every_account_column():
    p = Pseudonymiser(KEY)
    t = pa.table(
        {
            "author_id": ["1"],
            "author_handle": ["warga_1"],
            "retweeted_author_id": ["2"],
            "retweeted_author_handle": ["warga_2"],
            "mentions": [["warga_3"]],
            "urls": [["https://x.com/warga_4/status/9"]],
            "text": ["RT @warga_2: halo @warga_3"],
        }
    )
    row = p.table(t).to_pylist()[0]
    assert row["author_id"] == p.account_id("1")
    assert row["retweeted_author_handle"] == p.handle("warga_2")
    assert row["mentions"] == [p.handle("warga_3")]
    assert row["urls"] == [f"https://x.com/{p.handle('warga_4')}/status/9"]
    assert "warga" not in str(row)
