"""Matching posts to claims: the rules on hand-made posts, the TF-IDF weights against gensim,
recovery of the planted hoax and debunk posts of the synthetic corpus (precision and recall
reported and bounded), and the real TurnBackHoax files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from discourse.hoaxes import (
    catalogue_from_turnbackhoax,
    match_posts,
    match_quality,
    read_catalogue,
)
from discourse.hoaxes.matching import _gensim_tfidf, _tfidf, _tokens_to_csr

CAT = pd.DataFrame(
    {
        "claim_id": ["H3", "H9"],
        "title": ["Exit poll palsu sebelum pukul empat", "Kolom kosong menang di Samarinda"],
        "verdict": ["HOAKS", "SALAH"],
        "keywords": ["exit poll|responden|bocoran|unggul", "kolom kosong menang|pilkada ulang"],
        "urls": [
            "survei-kilat.example|berita.example|https://viral.example/h3",
            "viral.example|berita.example",
        ],
        "debunk_url": ["https://cekfakta.example/h3", "https://cekfakta.example/h9"],
    }
)


def posts_of(texts, urls=None, kinds=None, rt=None):
    n = len(texts)
    return pd.DataFrame(
        {
            "post_id": [str(i) for i in range(n)],
            "kind": kinds or ["original"] * n,
            "text": texts,
            "urls": urls or [[] for _ in range(n)],
            "retweeted_post_id": rt or [None] * n,
        }
    )


def by_post(m):
    return {r.post_id: (r.claim_id, r.role, r.rule, r.ambiguous) for r in m.itertuples()}


def test_each_rule_fires_and_is_recorded():
    posts = posts_of(
        [
            "BOCORAN exit poll 1200 responden, nomor 2 unggul jauh",  # 4 keywords
            "cek link ini",  # the claim's exact URL
            "baca penjelasannya",  # the fact-check article
            "kolom kosong menang, pilkada ulang tahun depan di Samarinda",  # similarity + kw
            "ayo ke TPS besok pagi, jangan golput",  # nothing
            "video lengkap",  # a page on a domain of H3 only
        ],
        urls=[
            [],
            ["http://www.viral.example/h3/?utm=x"],
            ["https://cekfakta.example/h3"],
            [],
            [],
            ["https://sub.survei-kilat.example/v/1"],
        ],
    )
    m, rep = match_posts(posts, CAT)
    got = by_post(m)
    assert got["0"][:2] == ("H3", "spreads") and "keyword" in got["0"][2] and not got["0"][3]
    assert got["1"][:2] == ("H3", "spreads") and "url" in got["1"][2]
    assert got["2"][:3] == ("H3", "debunks", "debunk_url")
    assert got["3"][:2] == ("H9", "spreads") and "similarity" in got["3"][2]
    assert got["5"][:3] == ("H3", "spreads", "domain")
    assert "4" not in got
    assert rep.matched_posts == 5 and rep.ambiguous_posts == 0
    assert (m.loc[m["rule"].str.contains("url"), "score"] == 1.0).all()


def test_debunk_cues_set_the_role():
    posts = posts_of(
        [
            "[HOAKS] exit poll 1200 responden yang beredar palsu, bocoran tidak benar, unggul?",
            "Cek fakta: bocoran exit poll responden unggul itu keliru",
            "bocoran exit poll 1200 responden unggul, ini hoaks bukan sih??",  # asks: spreads
        ]
    )
    roles = match_posts(posts, CAT)[0].set_index("post_id")["role"]
    assert roles.to_dict() == {"0": "debunks", "1": "debunks", "2": "spreads"}


def test_shared_domain_is_flagged_ambiguous_not_guessed():
    posts = posts_of(["lihat videonya"], urls=[["https://berita.example/v/1"]])
    m, rep = match_posts(posts, CAT)
    assert sorted(m["claim_id"]) == ["H3", "H9"] and m["ambiguous"].all()
    assert rep.ambiguous_posts == 1 and rep.matched_posts == 0


def test_retweets_take_their_originals_match_and_unresolved_ones_their_own():
    texts = [
        "BOCORAN exit poll 1200 responden, nomor 2 unggul jauh",
        "RT @a: BOCORAN exit poll 1200 responden, nomor 2 unggul jauh",
        "RT @b: bocoran exit poll responden paslon unggul",  # original not in the table
    ]
    posts = posts_of(texts, kinds=["original", "retweet", "retweet"], rt=[None, "0", "77"])
    m, rep = match_posts(posts, CAT)
    got = by_post(m)
    assert got["1"] == ("H3", "spreads", "retweet", False)
    assert got["2"][:2] == ("H3", "spreads") and got["2"][2] != "retweet"
    assert rep.inherited == 1 and rep.documents == 2


def test_bad_options_and_examples_are_refused():
    posts = posts_of(["x"])
    with pytest.raises(ValueError, match="threshold"):
        match_posts(posts, CAT, threshold=0)
    with pytest.raises(ValueError, match="min_keywords"):
        match_posts(posts, CAT, min_keywords=0)
    bad = pd.DataFrame({"claim_id": ["H99"], "role": ["spreads"], "text": ["t"]})
    with pytest.raises(ValueError, match="examples: row 1: claim_id 'H99'"):
        match_posts(posts, CAT, examples=bad)
    with pytest.raises(ValueError, match="missing column 'text'"):
        match_posts(posts.drop(columns="text"), CAT)


def test_vectorised_tfidf_equals_gensims_model():
    docs = [["kolom", "kosong", "menang", "kolom"], ["exit", "poll", "palsu"], ["kolom", "poll"]]
    counts, vocab = _tokens_to_csr(docs)
    df = np.bincount(counts.indices, minlength=len(vocab))
    dct, model, idf = _gensim_tfidf(vocab, df, counts.shape[0], counts.nnz)
    ours = _tfidf(counts, idf).toarray()
    for i, d in enumerate(docs):
        theirs = np.zeros(len(vocab))
        for j, w in model[dct.doc2bow(d)]:
            theirs[j] = w
        np.testing.assert_allclose(ours[i], theirs, atol=1e-12)


# ----------------------------------------------------------------------- synthetic corpus
@pytest.fixture(scope="module")
def synthetic(small_corpus):
    """Posts (collected, raw ids), the catalogue, the planted labels, and five labelled
    examples per claim and role taken from the planted originals/quotes/replies (left out of
    the evaluation when used)."""
    posts = small_corpus.posts
    cat = read_catalogue(small_corpus.raw / "claims.csv")
    truth = small_corpus.truth_posts
    collected = set(posts.loc[~posts["is_reference"], "post_id"])
    truth = truth[truth["post_id"].isin(collected)]
    text = posts.set_index("post_id")["text"]
    lab = truth[(truth["claim_id"] != "") & (truth["kind"] != "retweet")]
    ex = lab.sort_values("post_id").groupby(["claim_id", "role"]).head(5)
    examples = pd.DataFrame(
        {"claim_id": ex["claim_id"], "role": ex["role"], "text": text.loc[ex["post_id"]].values}
    )
    return posts, cat, truth, examples, set(ex["post_id"])


def test_matching_recovers_planted_hoax_and_debunk_posts(synthetic):
    posts, cat, truth, examples, ex_ids = synthetic
    m, _ = match_posts(posts, cat)
    q = match_quality(m, truth)
    held_out = truth[~truth["post_id"].isin(ex_ids)]
    m2, _ = match_posts(posts, cat, examples=examples)
    q2 = match_quality(m2, held_out)
    print(
        f"\nplanted claim posts: {q['labelled']}; catalogue only: precision "
        f"{q['precision']:.3f}, recall {q['recall']:.3f} ({q['ambiguous']} ambiguous); "
        f"with {len(examples)} examples: precision {q2['precision']:.3f}, recall "
        f"{q2['recall']:.3f} on {q2['labelled']} held-out posts"
    )
    print(q2["per_claim"].round(3).to_string(index=False))
    # bounds a broken matcher fails: matching nothing gives recall 0, everything precision
    # ~0.1, the wrong role halves the precision
    assert q["precision"] >= 0.8 and q["recall"] >= 0.5
    assert q2["precision"] >= 0.8 and q2["recall"] >= 0.85
    assert q2["recall"] > q["recall"]
    # the role is right for nearly every post matched to the right claim
    assert q2["correct"] >= 0.95 * q2["claim_only"]["precision"] * q2["predicted"]


def test_synthetic_debunks_link_the_fact_check_and_are_found_by_url(synthetic):
    posts, cat, truth, _, _ = synthetic
    m, _ = match_posts(posts, cat)
    by_url = m[m["rule"].str.contains("debunk_url")]
    assert len(by_url) > 0 and (by_url["role"] == "debunks").all()
    t = truth.set_index("post_id").loc[by_url["post_id"]]
    assert (t["role"] == "debunk").mean() > 0.95 and (
        t["claim_id"].values == by_url["claim_id"]
    ).all()


# ------------------------------------------------------------------ real TurnBackHoax data
@pytest.mark.shared
def test_turnbackhoax_catalogue_matches_fact_check_headlines_not_news(shared_data):
    """Claims: the 1,973 TurnBackHoax articles of 2019–2025. Posts: the election headlines
    file (1,899 TurnBackHoax headlines with their article link, 3,650 news headlines). The
    46 article URLs the two scrapes share (PROVENANCE) must be found as debunks by URL;
    news headlines must match far less often than fact-check headlines."""
    cat, _ = catalogue_from_turnbackhoax(
        shared_data / "turnbackhoax-2019-2025-reynaldaryansyah25" / "turnbackhoax_fix.csv"
    )
    heads = pd.read_csv(
        shared_data / "hoax-election-titles-aptaarkana" / "data_berita.csv", dtype=str
    )
    posts = pd.DataFrame(
        {
            "post_id": [str(i) for i in range(len(heads))],
            "kind": "original",
            "text": heads["Judul Artikel"],
            "urls": [[u] for u in heads["Link"]],
        }
    )
    m, rep = match_posts(posts, cat)
    clear = m[~m["ambiguous"]]
    is_tbh = heads["Link"].str.contains("turnbackhoax.id").to_numpy()
    hit = np.zeros(len(heads), dtype=bool)
    hit[clear["post_id"].astype(int).unique()] = True
    shared_urls = set(cat["debunk_url"].str.rstrip("/")) & set(heads["Link"].str.rstrip("/"))
    by_url = clear[clear["rule"].str.contains("debunk_url")]
    print(
        f"\n{len(cat)} claims x {len(heads)} headlines: matched {hit[is_tbh].mean():.1%} of "
        f"TurnBackHoax headlines, {hit[~is_tbh].mean():.1%} of news headlines; "
        f"{len(by_url)} by the article URL ({len(shared_urls)} shared URLs), "
        f"{rep.ambiguous_posts} ambiguous; rules {rep.by_rule}"
    )
    assert len(shared_urls) == 46  # PROVENANCE of both folders
    linked = heads["Link"].str.rstrip("/").isin(shared_urls).to_numpy()
    assert hit[linked].all() and (by_url["role"] == "debunks").all()
    assert hit[~is_tbh].mean() < 0.5 * hit[is_tbh].mean()
