"""discourse.text: each preprocessing step on hand-written Indonesian examples, the tokenizer's
equivalence with nltk's TweetTokenizer, the posts-table wrapper and its report, and the
pipeline on real Indonesian tweets from ../shared/data (skipped when absent).

Expected tokens are written by hand from the rules in the module docstring; where a word list
decides (stopwords, slang), the comment names the list.
"""

from __future__ import annotations

import collections
import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.tokenize import TweetTokenizer

from discourse import text as tx
from discourse.text import (
    learn_phrases,
    load_lexicon,
    load_slang,
    load_stopwords,
    oov_rate,
    preprocess,
    tokenize_posts,
)

# every normalising step off except the one under test
BARE = dict(
    slang=False,
    elongation=False,
    reduplication=False,
    stopwords=False,
    drop_numbers=False,
    min_length=1,
)


def one(text: str, **kw) -> list[str]:
    return preprocess([text], **kw)[0]


# --------------------------------------------------------------------------- steps, one by one


def test_lowercase_and_its_switch():
    assert one("Kaltim BERDAULAT", **BARE) == ["kaltim", "berdaulat"]
    assert one("Kaltim BERDAULAT", lowercase=False, **BARE) == ["Kaltim", "BERDAULAT"]


def test_rt_prefix_url_and_mentions():
    t = "RT @kpu_prov_demo: Cek DPT di https://cekdptonline.kpu.go.id/x ya @warga_smd"
    assert one(t, **BARE) == ["cek", "dpt", "di", "ya"]
    # the prefix kept: "rt" is a word, the handle inside it a mention (dropped)
    assert one(t, strip_rt=False, **BARE) == ["rt", "cek", "dpt", "di", "ya"]
    assert one(t, mentions="keep", **BARE) == ["cek", "dpt", "di", "ya", "@warga_smd"]
    assert one(t, urls="keep", **BARE) == [
        "cek", "dpt", "di", "https://cekdptonline.kpu.go.id/x", "ya",
    ]  # fmt: skip
    # naked domains and e-mail addresses count as URLs
    assert one("baca kaltimpost.id atau tulis ke redaksi@kaltimpost.id", **BARE) == [
        "baca", "atau", "tulis", "ke",
    ]  # fmt: skip


def test_hashtags_word_keep_drop_and_no_spelling_rules_inside_tags():
    t = "Pahamlah ikam #KaltimBerdaulat #Nomor2"
    assert one(t, **BARE) == ["pahamlah", "ikam", "kaltimberdaulat", "nomor2"]
    assert one(t, hashtags="keep", **BARE) == ["pahamlah", "ikam", "#kaltimberdaulat", "#nomor2"]
    assert one(t, hashtags="drop", **BARE) == ["pahamlah", "ikam"]
    # in running text "janji2" is a reduplication; in a tag "#Nomor2" is ballot number 2
    assert one("janji2 #Nomor2", reduplication=True, stopwords=False) == ["janji-janji", "nomor2"]


def test_emoji_dropped_or_kept_one_token_each():
    t = "Nangis kai kalah 😭😭 👍🏽"
    assert one(t, **BARE) == ["nangis", "kai", "kalah"]
    # skin-tone modifier stays with its emoji (TweetTokenizer's ZWJ/modifier rule)
    assert one(t, emoji="keep", **BARE) == ["nangis", "kai", "kalah", "😭", "😭", "👍🏽"]


def test_punctuation_is_always_dropped():
    assert one("Gratispol?!... (sampe S3) -- 'beneran'", **BARE) == [
        "gratispol", "sampe", "s3", "beneran",
    ]  # fmt: skip


def test_elongation_beyond_nltk_reduce_len():
    # nltk reduce_len alone cuts runs to three letters
    assert one("bangetttttt", **BARE) == ["bangettt"]
    assert one("bangetttttt", reduce_len=False, **BARE) == ["bangetttttt"]
    # our step: runs of 3+ letters -> one letter
    assert one("bangetttttt gooool WIFIIII", **{**BARE, "elongation": True}) == [
        "banget", "gol", "wifi",
    ]  # fmt: skip
    # a doubled letter is undone only when that gives a known word: "banget" is the formal
    # form of "bgt" in the built-in list, "maf" is nothing, so "maaf" stays
    assert one("bangett maaf", elongation=True, stopwords=False) == ["banget", "maaf"]


def test_reduplication_with_digit_two():
    assert one("janji2 manis", **{**BARE, "reduplication": True}) == ["janji-janji", "manis"]


def test_builtin_election_slang():
    # slang_election.csv: yg->yang, gak->tidak, bgt->banget, paslon->pasangan calon,
    # nyoblos->mencoblos, golput->golput (identity)
    got = one("yg gak nyoblos bgt paslon golput", **{**BARE, "slang": True})
    assert got == ["yang", "tidak", "mencoblos", "banget", "pasangan", "calon", "golput"]


def test_user_lexicon_mapping_and_precedence():
    lex = {"kuy": "ayo", "gak": "enggak"}
    # the built-in list wins for its own slang (gak -> tidak)
    assert one("kuy gak", lexicon=lex, stopwords=False) == ["ayo", "tidak"]
    # slang=False with a lexicon: the lexicon alone
    assert one("kuy gak yg", lexicon=lex, slang=False, stopwords=False) == ["ayo", "enggak", "yg"]
    assert load_slang(lex)["paslon"] == "pasangan calon"


def test_numbers_and_single_characters():
    t = "TPS buka 07.00 s/d 13.00, 50rb x 2"
    # "s/d" tokenises to s, /, d; 50rb is not a number
    assert one(t, **{**BARE, "drop_numbers": True, "min_length": 2}) == ["tps", "buka", "50rb"]
    assert one(t, **{**BARE, "drop_numbers": True}) == ["tps", "buka", "s", "d", "50rb", "x"]
    assert one(t, **BARE) == ["tps", "buka", "07.00", "s", "d", "13.00", "50rb", "x", "2"]


def test_stopwords_sastrawi_and_domain_lists():
    # "yang", "di", "dan" are PySastrawi stopwords; "wkwk" and "sih" the domain list's;
    # laughter of any length too
    assert one("wkwkwkwk yang di sini sih banjir dan macet") == ["banjir", "macet"]
    assert one("banjir macet", extra_stopwords=["macet"]) == ["banjir"]
    assert one("banjir macet", stopwords=["banjir"]) == ["macet"]


def test_stemming_with_sastrawi_memoised(monkeypatch):
    calls = []
    real = tx._sastrawi_stemmer()

    class Counting:
        def stem(self, word):
            calls.append(word)
            return real.stem(word)

    monkeypatch.setattr(tx, "_sastrawi_stemmer", Counting)
    tx.clear_stem_cache()
    assert one("pemilihan gubernur mencoblos berdaulat", stem=True) == [
        "pilih", "gubernur", "coblos", "daulat",
    ]  # fmt: skip
    assert sorted(calls) == ["berdaulat", "gubernur", "mencoblos", "pemilihan"]
    # the same words are not stemmed again, in this call or the next
    one("pemilihan gubernur mencoblos berdaulat pemilihan", stem=True)
    assert len(calls) == 4
    # a stem that is a stopword is dropped: "kebenaran" (not a stopword) -> "benar" (one)
    assert one("kebenaran banjir", stem=True) == ["banjir"]
    assert one("kebenaran banjir") == ["kebenaran", "banjir"]


def test_parallel_stemming_gives_the_same_tokens(monkeypatch):
    monkeypatch.setattr(tx, "PARALLEL_MIN_WORDS", 5)
    texts = ["pemilihan gubernur mencoblos berdaulat", "kebanjiran jalanan dipersoalkan"] * 3
    tx.clear_stem_cache()
    serial = preprocess(texts, stem=True)
    tx.clear_stem_cache()
    assert preprocess(texts, stem=True, n_jobs=2) == serial


def test_default_pipeline_end_to_end():
    t = "RT @warga_smd_0412: Gratispol sampe S3?? duitnya dr mana coba, APBD kita ga segitu bgt 🤔 #PilgubKaltim https://t.co/abc"
    # sampe->sampai (stopword), duitnya->uangnya, dr->dari (stopword), mana/kita (stopwords),
    # ga->tidak (stopword), bgt->banget (domain stopword), #PilgubKaltim -> pilgubkaltim
    assert one(t) == ["gratispol", "s3", "uangnya", "coba", "apbd", "segitu", "pilgubkaltim"]


def test_missing_texts_give_empty_lists_and_series_input():
    s = pd.Series(["Banjir lagi", None, pd.NA], dtype="string")
    assert preprocess(s) == [["banjir"], [], []]


def test_same_input_same_tokens_and_duplicates_are_independent_lists():
    texts = ["kotak kosong menang", "kotak kosong menang"]
    a, b = preprocess(texts), preprocess(texts)
    assert a == b == [["kotak", "kosong", "menang"]] * 2
    a[0].append("x")
    assert a[1] == ["kotak", "kosong", "menang"]


def test_invalid_options_are_named():
    with pytest.raises(ValueError, match="hashtags"):
        preprocess(["x"], hashtags="split")
    with pytest.raises(ValueError, match="min_length"):
        preprocess(["x"], min_length=-1)
    with pytest.raises(TypeError, match="texts"):
        preprocess("one string")


def test_phrases_learned_and_reused():
    # "kotak kosong" 12 times, "coblos kotak" only twice (= min_count: score 0)
    docs = [["kotak", "kosong", "menang"]] * 10 + [["coblos", "kotak", "kosong"]] * 2
    docs += [["coblos", "ulang"]] * 10
    model = learn_phrases(docs, min_count=2, threshold=0.1)
    assert model[["coblos", "kotak", "kosong"]] == ["coblos", "kotak_kosong"]
    texts = [" ".join(d) for d in docs]
    got = preprocess(texts, phrases=True, phrases_min_count=2, phrases_threshold=0.1)
    assert got[10] == ["coblos", "kotak_kosong"]
    _, report = tokenize_posts(
        pd.DataFrame({"post_id": range(len(texts)), "text": texts}),
        phrases=True,
        phrases_min_count=2,
        phrases_threshold=0.1,
    )
    assert report.rewritten["phrases"] == 12 + 10  # kotak_kosong 12 times, coblos_ulang 10
    # a fitted model is applied as is (the same phrases for every partition)
    assert preprocess(["kotak kosong"], phrases=model) == [["kotak_kosong"]]


# --------------------------------------------------------------------------- word lists


def test_stopword_sources_and_errors():
    assert "yang" in load_stopwords(sources=["sastrawi"])
    assert "wkwk" in load_stopwords(sources=["domain"])
    with pytest.raises(ValueError, match="sources"):
        load_stopwords(sources=["tala"])


def test_nltk_indonesian_list_used_only_when_its_data_is_installed(tmp_path, shared_data):
    import nltk

    # nltk data is not installed here: the nltk source adds nothing and is not reported
    base = set(load_stopwords(sources=["nltk"]))
    corpus = tmp_path / "corpora" / "stopwords"
    corpus.mkdir(parents=True)
    (corpus / "indonesian").write_bytes(
        (shared_data / "indonesian-stopwords" / "nltk-indonesian.txt").read_bytes()
    )
    nltk.data.path.insert(0, str(tmp_path))
    try:
        words = load_stopwords(sources=["nltk"])
        _, report = tokenize_posts(pd.DataFrame({"post_id": ["1"], "text": ["yangbisa"]}))
    finally:
        nltk.data.path.remove(str(tmp_path))
    # 758 words, with the quirk "yangbisa" (PROVENANCE)
    assert len(words) == 758 and "yangbisa" in words
    assert "nltk" in report.stopword_sources
    assert "yangbisa" not in base


def test_sastrawi_list_is_the_installed_pysastrawi_list(shared_data):
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    installed = set(StopWordRemoverFactory().get_stop_words())
    assert load_stopwords(sources=["sastrawi"]) == installed
    # PySastrawi 1.2 ships a Tala-based list (809 words), not the 123 words of Sastrawi
    # 1.0.1 (PROVENANCE); it lacks 8 words of nltk's list, e.g. "tahun", "waktu"
    folder = shared_data / "indonesian-stopwords"
    tala = set((folder / "nltk-indonesian.txt").read_text().split())
    old = set((folder / "sastrawi-1.0.1.txt").read_text().split())
    print(
        f"\nPySastrawi stopwords: {len(installed)}; nltk (Tala) {len(tala)}: {len(tala - installed)} "
        f"not in PySastrawi; Sastrawi 1.0.1 {len(old)}: {len(old - installed)} not in PySastrawi"
    )
    assert len(installed & tala) > 0.9 * len(tala)


def test_load_lexicon_most_frequent_mapping_ties_to_first(tmp_path):
    p = tmp_path / "lex.csv"
    p.write_text(
        "slang,formal,context\n"
        "gk,enggak,a\ngk,tidak,b\ngk,enggak,c\n"  # enggak 2 x, tidak 1 x
        "tp,tapi,d\ntp,tetapi,e\n"  # tie: the first one wins
        " Yg ,Yang,f\n"  # stripped, lower-cased
        "sal fok,salah fokus,g\n"  # whitespace in the slang: skipped
        "kosong,,h\n"  # empty formal: skipped
    )
    assert load_lexicon(p) == {"gk": "enggak", "tp": "tapi", "yg": "yang"}


def test_load_lexicon_errors_name_the_file_and_columns(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"nope\.csv"):
        load_lexicon(tmp_path / "nope.csv")
    p = tmp_path / "bad.csv"
    p.write_text("informal,baku\nyg,yang\n")
    with pytest.raises(ValueError, match=r"bad\.csv.*slang"):
        load_lexicon(p)


def test_colloquial_lexicon_from_shared_data(shared_data):
    path = shared_data / "colloquial-indonesian-lexicon" / "colloquial-indonesian-lexicon.csv"
    lex = load_lexicon(path)
    # an independent count of the "most frequent mapping" rule with the csv module
    with open(path, newline="", encoding="utf-8") as f:
        rows = [
            (r["slang"].strip().lower(), r["formal"].strip().lower()) for r in csv.DictReader(f)
        ]
    by_slang: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for s, f_ in rows:
        if s and f_ and " " not in s:
            by_slang[s][f_] += 1
    assert set(lex) == set(by_slang)
    ambiguous = [s for s, c in by_slang.items() if len(c) > 1]
    assert len(ambiguous) > 50  # PROVENANCE: several slang map to more than one formal form
    for s in ambiguous:
        top = max(by_slang[s].values())
        assert by_slang[s][lex[s]] == top
    # PROVENANCE: 4,331 distinct slang tokens (one has a space, so 4,330 remain)
    assert 4300 <= len(lex) <= 4331
    assert lex["yg"] == "yang" and lex["bgt"] == "banget" and lex["bangettt"] == "banget"


def test_oov_rate_against_sastrawi_roots():
    # pemilihan -> pilih (a root), gubernur is a root; "bgt", "yg" are not words
    assert oov_rate([["pemilihan", "gubernur"], ["bgt", "yg"]]) == 0.5
    assert oov_rate([["a_b"]], vocabulary={"a", "b"}) == 0.0


# --------------------------------------------------------------------------- TweetTokenizer


def _alnum(tokens):
    return [t for t in tokens if any(c.isalnum() for c in t)]


_ALPHABET = "aAbeiknstu0123456789 .,:;!?@#&'/-_()<>=*😭👍🏽\u200d🇮🇩\n\t"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_chunk_tokenizer_gives_tweettokenizer_tokens(text):
    """Tokenising each whitespace chunk with nltk's expressions gives the word tokens
    TweetTokenizer(match_phone_numbers=False) gives on the whole text."""
    pipe = tx._TokenPipeline(tx._Options())
    nltk_tt = TweetTokenizer(preserve_case=True, reduce_len=True, match_phone_numbers=False)
    ours = [t for ch in text.split() for t in pipe.tweet_tokens(ch)]
    assert _alnum(ours) == _alnum(nltk_tt.tokenize(text))


# --------------------------------------------------------------------------- posts table


def _posts():
    # 1 original, 2 = its retweet (dropped: the original is a document), 3 and 4 = retweets of
    # an original not collected (one kept to stand for it), 5 = a reference row (left out),
    # 6 = a retweet of the reference row (kept: its original is not a document)
    return pd.DataFrame(
        {
            "post_id": ["1", "2", "3", "4", "5", "6"],
            "text": [
                "Gratispol sampe S3!! https://t.co/x",
                "RT @a: Gratispol sampe S3!!",
                "RT @b: Kotak kosong menang",
                "RT @b: Kotak kosong menang",
                "Banjir lagi @pemkot",
                "RT @c: Banjir lagi",
            ],
            "kind": ["original", "retweet", "retweet", "retweet", "original", "retweet"],
            "retweeted_post_id": [None, "1", "99", "99", None, "5"],
            "is_reference": [False, False, False, False, True, False],
        }
    )


def test_tokenize_posts_dedupes_retweets_and_reports_each_step():
    posts = _posts()
    before = posts.copy(deep=True)
    tokens, report = tokenize_posts(posts)
    pd.testing.assert_frame_equal(posts, before)  # not mutated
    assert tokens["post_id"].tolist() == ["1", "3", "6"]
    assert tokens["tokens"].tolist() == [
        ["gratispol", "s3"],
        ["kotak", "kosong", "menang"],
        ["banjir"],
    ]
    assert (report.posts, report.references_dropped, report.retweets_dropped) == (6, 1, 2)
    assert report.documents == 3 and report.empty_documents == 0
    # "RT @b:" and "RT @c:" stripped; one URL; "sampe" -> "sampai" (slang, then stopword),
    # "lagi" a stopword; "!!" is two punctuation tokens
    assert report.removed["rt_prefix"] == 2 and report.removed["urls"] == 1
    assert report.rewritten["slang"] == 1
    assert report.removed["stopwords"] == 2  # sampai, lagi
    assert report.removed["punctuation"] == 2
    assert report.tokens_out == 6
    frame = report.to_frame()
    assert set(frame["step"]) == set(tx.REMOVAL_STEPS) | set(tx.REWRITE_STEPS)
    assert "removed urls" in report.summary()


def test_tokenize_posts_options_and_switches():
    posts = _posts()
    tokens, report = tokenize_posts(posts, dedupe_retweets=False, include_references=True)
    assert len(tokens) == 6 and report.retweets_dropped == 0 and report.references_dropped == 0
    tokens, _ = tokenize_posts(posts, mentions="keep", include_references=True)
    assert ["banjir", "@pemkot"] in tokens["tokens"].tolist()
    with pytest.raises(ValueError, match="text"):
        tokenize_posts(posts.drop(columns="text"))
    with pytest.raises(TypeError, match="option"):
        tokenize_posts(posts, colour="red")


def test_tokenize_posts_on_the_synthetic_corpus(small_corpus):
    tokens, report = tokenize_posts(small_corpus.posts)
    p = small_corpus.posts
    collected = p[~p["is_reference"]]
    # every collected non-retweet is a document; retweets only stand in for originals that
    # are not themselves documents
    non_rt = int((collected["kind"] != "retweet").sum())
    assert non_rt <= report.documents < non_rt + (collected["kind"] == "retweet").sum()
    assert report.references_dropped == int(p["is_reference"].sum())
    assert report.documents + report.retweets_dropped + report.references_dropped == len(p)
    assert report.tokens_out == sum(map(len, tokens["tokens"]))
    assert report.empty_documents < 0.01 * report.documents


# --------------------------------------------------------------------------- real tweets


def _repair(chunk: str) -> str:
    try:
        return chunk.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return chunk


def _pilpres_tweets(shared: Path) -> list[str]:
    """tweet.csv rows: some lines are wrapped whole in quotes and must be parsed twice; 670
    tweets carry UTF-8 decoded as cp1252 (repaired by the round trip, word by word, where it
    applies)."""
    out = []
    raw = (shared / "pilpres2019-sentiment-tweets" / "tweet.csv").read_text(encoding="utf-8")
    for row in list(csv.reader(io.StringIO(raw)))[1:]:
        if len(row) == 1:
            row = next(csv.reader(io.StringIO(row[0])))
        out.append(" ".join(map(_repair, row[2].split(" "))))
    return out


@pytest.mark.shared
def test_real_tweets_oov_before_and_after_normalisation(shared_data):
    hs = pd.read_csv(
        shared_data / "id-hatespeech-abusive-ibrohim2019" / "re_dataset.csv", encoding="latin-1"
    )["Tweet"]
    pilpres = _pilpres_tweets(shared_data)
    assert len(hs) == 13169 and len(pilpres) == 1815
    # a fixed sample keeps the test fast (the OOV measure stems every distinct token)
    hs = hs.sample(3000, random_state=5).tolist()
    lexicon = shared_data / "colloquial-indonesian-lexicon" / "colloquial-indonesian-lexicon.csv"
    raw_steps = dict(slang=False, elongation=False, reduplication=False, stopwords=False)
    for name, texts in (("ibrohim2019", hs), ("pilpres2019", pilpres)):
        before = preprocess(texts, **raw_steps)
        builtin = preprocess(texts, stopwords=False)
        after = preprocess(texts, lexicon=lexicon, stopwords=False)
        r0, r1, r2 = oov_rate(before), oov_rate(builtin), oov_rate(after)
        print(
            f"\n{name}: {len(texts):,} tweets; OOV (not a Sastrawi root or its stem): "
            f"{r0:.1%} raw, {r1:.1%} built-in slang list, {r2:.1%} + colloquial lexicon"
        )
        assert r2 < r1 < r0
        assert r0 - r2 > 0.05  # normalisation removes a sizeable part of the informal forms
        _, report = tokenize_posts(
            pd.DataFrame({"post_id": range(len(texts)), "text": list(texts)}), lexicon=lexicon
        )
        assert report.documents == len(texts) and report.empty_documents < 0.02 * len(texts)
        assert report.rewritten["slang"] > 0.05 * report.tokens_out


def test_parallel_tokenising_gives_the_same_tokens(monkeypatch):
    # many distinct chunks so that the worker path runs (threshold lowered for the test)
    monkeypatch.setattr(tx, "PARALLEL_MIN_CHUNKS", 10)
    texts = [
        f"Warga{i} bilang banjir lagiii di jalan{i % 50} #Kaltim{i % 7} 😭" for i in range(300)
    ]
    one_proc = preprocess(texts)
    assert preprocess(texts, n_jobs=2) == one_proc
    tokens, report = tokenize_posts(pd.DataFrame({"post_id": range(300), "text": texts}), n_jobs=2)
    assert tokens["tokens"].tolist() == one_proc and report.removed["emoji"] == 300
