"""Properties of the Indonesian content layer of the synthetic corpus (lexicon and text composer).

Each test names the property it checks. Sample sizes are small (hundreds of posts) so the suite
stays fast; thresholds leave room for sampling noise but fail on a broken composer.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import html
import json
from pathlib import Path

import numpy as np
import pytest

from discourse.synth import lexicon as lx
from discourse.synth.text import (
    compose,
    compose_many,
    harvest_2024_clean,
    is_toxic,
    near_duplicates,
    truncate_for_retweet,
)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"

INFORMAL = ("citizen", "supporter", "buzzer")
ALL_TYPES = ("citizen", "supporter", "buzzer", "official", "institution", "media", "factcheck",
             "influencer", "kk_activist")  # fmt: skip


def mixed_specs(seed: int, n: int) -> list[dict]:
    """Random specs over every option, including claims, roles and mentions."""
    r = np.random.default_rng(seed)
    specs = []
    for _ in range(n):
        d = {
            "kind": ("original", "quote", "reply")[r.integers(3)],
            "topic": int(r.integers(-1, 12)),
            "camp": lx.CAMPS[r.integers(4)],
            "account_type": lx.ACCOUNT_TYPES[r.integers(len(lx.ACCOUNT_TYPES))],
            "noise": float(r.random()),
        }
        if r.random() < 0.2:
            d["claim"] = f"H{r.integers(1, 12)}"
            d["role"] = ("hoax", "debunk", "share")[r.integers(3)]
        if r.random() < 0.3:
            d["mentions"] = [f"warga_smd_{i:04d}" for i in range(int(r.integers(1, 4)))]
        specs.append(d)
    return specs


# ------------------------------------------------------------------------------------ lexicon


def test_lexicon_has_twelve_narratives_with_lean_and_camp_words_for_both_pairs():
    assert [n.id for n in lx.NARRATIVES] == list(range(12))
    assert len({n.key for n in lx.NARRATIVES}) == 12
    for n in lx.NARRATIVES:
        assert set(n.lean) == set(lx.CAMPS)
        assert {"01", "02"} <= set(n.camp_words)
        assert len(n.keywords) >= 10
    assert [n.key for n in lx.NARRATIVES if n.toxic] == ["sara"]


def test_lexicon_has_eleven_claims_with_valid_fields():
    assert [c.claim_id for c in lx.HOAX_CLAIMS] == [f"H{i}" for i in range(1, 12)]
    lo, hi = dt.datetime(2024, 6, 1), dt.datetime(2025, 3, 31, 23, 59)
    for c in lx.HOAX_CLAIMS:
        assert c.verdict in lx.VERDICTS
        assert 0 <= c.narrative < 12
        assert c.favours in lx.CAMPS
        assert 3 <= len(c.hoax_templates) <= 6
        assert 2 <= len(c.debunk_templates) <= 4
        assert all(t.startswith(f"[{c.verdict}]") for t in c.debunk_templates)
        assert all(d.endswith(".example") for d in c.hoax_domains)
        assert c.debunk_url.startswith("https://cekfakta.example/")
        assert lo <= dt.datetime.fromisoformat(c.first_seen) <= hi
        assert 2 <= c.debunk_delay_hours <= 48
    assert lx.CLAIMS_BY_ID["H10"].is_hoax is None
    assert lx.CLAIMS_BY_ID["H10"].verdict == "KLARIFIKASI"
    assert all(c.is_hoax is True for c in lx.HOAX_CLAIMS if c.claim_id != "H10")


def test_public_actor_handles_match_the_shipped_csv():
    rows = list(csv.DictReader((ROOT / "src/discourse/data/public_actors.csv").open()))
    shipped = {r["handle"] for r in rows}
    ours = set()
    for v in lx.PUBLIC_ACTORS.values():
        ours.update((v,) if isinstance(v, str) else v)
    assert ours == shipped


def test_hashtag_groups_and_weights():
    assert set(lx.HASHTAGS) == {"neutral", "01", "02", "kk", "civic"}
    for pairs in lx.HASHTAGS.values():
        assert all(not t.startswith("#") and w > 0 for t, w in pairs)


# ----------------------------------------------------------------------------------- compose


def test_same_seed_gives_identical_posts_and_compose_many_equals_compose_loop():
    specs = mixed_specs(1, 400)
    a = compose_many(np.random.default_rng(42), specs)
    b = compose_many(np.random.default_rng(42), specs, block=7)  # block size is invisible
    rng = np.random.default_rng(42)
    c = [compose(rng, **s) for s in specs]
    assert a == b == c
    assert compose_many(np.random.default_rng(43), specs) != a


@pytest.mark.parametrize("topic", range(12))
def test_every_narrative_is_recoverable_from_its_keywords(topic):
    rng = np.random.default_rng(100 + topic)
    keywords = [k.lower() for k in lx.NARRATIVES[topic].keywords]
    hits = 0
    for i in range(500):
        text = compose(
            rng,
            kind=("original", "quote", "reply")[i % 3],
            topic=topic,
            camp=lx.CAMPS[i % 4],
            account_type=ALL_TYPES[i % len(ALL_TYPES)],
            noise=0.5,
        ).lower()
        hits += any(k in text for k in keywords)
    assert hits / 500 > 0.8


@pytest.mark.parametrize("topic", range(12))
def test_camps_use_their_own_words_on_the_same_topic(topic):
    rng = np.random.default_rng(200 + topic)
    words = {c: [w.lower() for w in lx.NARRATIVES[topic].camp_words[c]] for c in ("01", "02")}

    def rate(camp: str, vocab: str) -> float:
        n = 300
        texts = [
            compose(rng, kind="original", topic=topic, camp=camp, account_type="supporter").lower()
            for _ in range(n)
        ]
        return sum(any(w in t for w in words[vocab]) for t in texts) / n

    for own, other in (("01", "02"), ("02", "01")):
        r_own, r_other = rate(own, own), rate(other, own)
        assert r_own > 0.8, (own, r_own)
        assert r_own > 4 * r_other, (own, r_own, r_other)


def test_all_mentions_are_included_and_posts_fit_in_280_characters():
    specs = mixed_specs(2, 3000)
    for s, text in zip(specs, compose_many(np.random.default_rng(2), specs), strict=True):
        assert 0 < len(text) <= 280
        assert "\n" not in text
        for h in s.get("mentions", ()):
            assert f"@{h}" in text
        if "mentions" not in s:
            assert "@" not in text  # no invented mentions


def test_mentions_survive_a_very_long_post():
    handles = [f"akun_sangat_panjang_demo_{i:02d}" for i in range(6)]
    for seed in range(50):
        t = compose(
            np.random.default_rng(seed),
            kind="original",
            topic=0,
            camp="neutral",
            account_type="factcheck",
            claim="H3",
            role="debunk",
            mentions=handles,
        )
        assert len(t) <= 280
        assert all(f"@{h}" in t for h in handles)


@pytest.mark.parametrize("claim", [c.claim_id for c in lx.HOAX_CLAIMS])
def test_debunks_start_with_the_verdict_label(claim):
    verdict = lx.CLAIMS_BY_ID[claim].verdict
    rng = np.random.default_rng(7)
    for at in ("factcheck", "media", "institution", "citizen"):
        for _ in range(20):
            t = compose(
                rng, kind="original", topic=-1, camp="neutral", account_type=at, claim=claim,
                role="debunk",
            )  # fmt: skip
            assert t.startswith(f"[{verdict}]")


def test_debunks_usually_carry_the_fact_check_url_and_hoaxes_never_do():
    rng = np.random.default_rng(8)
    c = lx.CLAIMS_BY_ID["H1"]
    debunks = [
        compose(rng, kind="original", topic=8, camp="neutral", account_type="factcheck",
                claim="H1", role="debunk")
        for _ in range(200)
    ]  # fmt: skip
    hoaxes = [
        compose(rng, kind="original", topic=8, camp="02", account_type="buzzer", claim="H1",
                role="hoax")
        for _ in range(200)
    ]  # fmt: skip
    assert sum(c.debunk_url in t for t in debunks) > 150
    assert not any("cekfakta.example" in t for t in hoaxes)
    assert any(any(d in t for d in c.hoax_domains) for t in hoaxes)
    assert not any(t.startswith("[") for t in hoaxes)


def test_shares_ask_about_the_claim_with_its_keywords():
    rng = np.random.default_rng(9)
    for claim in lx.HOAX_CLAIMS:
        kws = [k.lower() for k in claim.keywords]
        texts = [
            compose(rng, kind="original", topic=-1, camp="neutral", account_type="citizen",
                    claim=claim.claim_id, role="share").lower()
            for _ in range(100)
        ]  # fmt: skip
        assert sum(any(k in t for k in kws) for t in texts) >= 80, claim.claim_id
        assert sum("?" in t for t in texts) >= 70


def test_identity_posts_always_carry_counter_speech():
    rng = np.random.default_rng(10)
    markers = ("sara", "benua etam", "miniatur indonesia", "persatuan", "politik identitas",
               "saudara")  # fmt: skip
    for i in range(300):
        t = compose(
            rng, kind="original", topic=10, camp=lx.CAMPS[i % 4],
            account_type=ALL_TYPES[i % len(ALL_TYPES)],
        ).lower()  # fmt: skip
        assert any(m in t for m in markers), t


def test_formal_registers_carry_no_informal_slang():
    rng = np.random.default_rng(11)
    slang = {"yg", "gak", "bgt", "udh", "wkwk", "gaes", "cuy", "anjir"}
    for at in ("institution", "media", "factcheck"):
        for i in range(200):
            t = compose(rng, kind="original", topic=i % 12, camp="neutral", account_type=at,
                        noise=1.0)  # fmt: skip
            assert not slang & set(t.lower().replace(",", " ").split()), t


def test_noise_zero_gives_fewer_slang_and_emoji_than_noise_one():
    def stats(noise: float) -> tuple[int, int]:
        rng = np.random.default_rng(12)
        texts = [
            compose(rng, kind="original", topic=i % 12, camp="01", account_type="citizen",
                    noise=noise)
            for i in range(400)
        ]  # fmt: skip
        slang = sum(any(w in {"yg", "gak", "ga", "udh", "tdk", "klo"} for w in t.split())
                    for t in texts)  # fmt: skip
        emoji = sum(any(e in t for e in lx.EMOJI) for t in texts)
        return slang, emoji

    s0, e0 = stats(0.0)
    s1, e1 = stats(1.0)
    assert s1 > 2 * max(s0, 5)
    assert e1 > 2 * e0


def test_bad_options_raise_errors_that_name_the_argument():
    rng = np.random.default_rng(0)
    base = dict(kind="original", topic=0, camp="01", account_type="citizen")
    for key, bad in (("kind", "retweet"), ("topic", 12), ("camp", "03"),
                     ("account_type", "bot"), ("noise", 1.5)):  # fmt: skip
        with pytest.raises(ValueError, match=key):
            compose(rng, **{**base, key: bad})
    with pytest.raises(ValueError, match="claim"):
        compose(rng, **base, claim="H99", role="hoax")
    with pytest.raises(ValueError, match="role"):
        compose(rng, **base, claim="H1")


def test_is_toxic_matches_whole_words_only():
    assert is_toxic("dasar Cebong!")
    assert not is_toxic("kampretnya")
    assert not is_toxic("kampanye damai")


# --------------------------------------------------------------------------- near_duplicates


def test_near_duplicates_are_distinct_and_close_to_the_original():
    rng = np.random.default_rng(13)
    originals = [
        compose(rng, kind=k, topic=t, camp=c, account_type="buzzer")
        for k in ("original", "quote", "reply")
        for t in range(-1, 12)
        for c in ("01", "02", "kk")
    ]
    for text in originals:
        variants = near_duplicates(rng, text, 12)
        assert len(variants) == 12
        assert len(set(variants)) == 12
        assert text not in variants
        for v in variants:
            assert len(v) <= 280
            # autojunk=False: with the default, difflib treats characters that make up more than
            # 1 % of a text of 200+ characters as junk, and near-identical posts score ~0.3
            assert difflib.SequenceMatcher(None, text, v, autojunk=False).ratio() > 0.8, (text, v)


def test_near_duplicates_of_a_short_text_still_terminate_distinct():
    v = near_duplicates(np.random.default_rng(0), "cek", 30)
    assert len(set(v)) == 30 and "cek" not in v


# ------------------------------------------------------------------------ harvest_2024_clean


def test_harvest_2024_clean_reproduces_tweet_harvest_2_6():
    raw = (
        'A\nB,C"D\u2066E\u2069F’G‘H“I”J…K—L–M•N'  # every replaced character, one each
        # both ends of every emoji range, written as escapes
        " \U0001f600\U0001f64f\U0001f300\U0001f5ff\U0001f680\U0001f6ff\U0001f700\U0001f77f"
        "\U0001f780\U0001f7ff\U0001f800\U0001f8ff\U0001f900\U0001f9ff\U0001fa00\U0001fa6f"
        "\U0001fa70\U0001faff\u2600\u26ff\u2700\u27bf"
        " 🗳️ ✌️ 🇮🇩 ‼ ⭐"  # U+FE0F, flags and out-of-range emoji survive
        "\tx\r\ny  \u00a0z\ufeff\ufeffw\n"  # single tab kept; runs of JS whitespace collapse
    )
    expected = "A B C D E F G H I J K L M N \ufe0f \ufe0f 🇮🇩 ‼ ⭐\tx y z w "
    assert harvest_2024_clean(raw) == expected


def test_harvest_2024_clean_keeps_plain_text_and_does_not_trim():
    assert harvest_2024_clean("biasa aja #Pilkada @kpu_prov_demo") == (
        "biasa aja #Pilkada @kpu_prov_demo"
    )
    assert harvest_2024_clean("\nhalo\n") == " halo "
    # JavaScript's \s, not Python's: two NEL (U+0085) are not whitespace there
    assert harvest_2024_clean("a\u0085\u0085b") == "a\u0085\u0085b"


# ---------------------------------------------------------------------- truncate_for_retweet


def test_truncate_for_retweet_keeps_short_texts_and_cuts_long_ones_at_139_plus_ellipsis():
    assert truncate_for_retweet("halo", "a") == "RT @a: halo"
    exact = "x" * (140 - len("RT @a: "))
    assert truncate_for_retweet(exact, "a") == "RT @a: " + exact
    long = "x" * 200
    assert truncate_for_retweet(long, "a") == ("RT @a: " + long)[:139] + "…"
    spaced = "y" * 131 + " " + "z" * 50  # char 139 (0-based 138) is the space: stripped
    rt = truncate_for_retweet(spaced, "a")
    assert rt == "RT @a: " + "y" * 131 + "…" and len(rt) == 139


def test_truncate_for_retweet_never_splits_an_emoji_sequence():
    text = "x" * 130 + " 👏🏼 lanjut"  # the skin tone would be char 139
    rt = truncate_for_retweet(text, "a")
    assert rt.endswith("x…") and "👏" not in rt
    flag = "x" * 131 + "🇮🇩 lanjut"
    assert truncate_for_retweet(flag, "a").endswith("x…")


@pytest.mark.shared
def test_truncate_for_retweet_matches_real_api_retweets():
    path = SHARED / "twarc2-twarc-csv-testdata" / "brexit.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    page = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    originals = {t["id"]: t["text"] for t in page["includes"]["tweets"]}
    checked = 0
    for t in page["data"]:
        refs = [r for r in t.get("referenced_tweets", []) if r["type"] == "retweeted"]
        if not refs or refs[0]["id"] not in originals or not t["text"].startswith("RT @"):
            continue
        handle = t["text"][4 : t["text"].index(": ")]
        api = html.unescape(t["text"])
        ours = truncate_for_retweet(html.unescape(originals[refs[0]["id"]]), handle)
        if api.endswith("…"):  # untruncated ones may lose a trailing media link: skip those
            assert ours == api
            assert len(ours) <= 140
            checked += 1
    assert checked >= 40
