"""discourse.topics: reproducibility, recovery of the synthetic corpus's planted narratives and
camp vocabularies, the Monroe et al. log-odds on a hand-computed example, prevalence tables,
the K sweep, save/load, and coherence on real Indonesian election tweets (skipped when
../shared/data is absent). Models here use few passes so that the file runs in seconds.
"""

from __future__ import annotations

import hashlib
import math
import os
import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest

from discourse.synth import lexicon as lx
from discourse.text import preprocess, tokenize_posts
from discourse.topics import (
    TopicModel,
    distinctive_words,
    dominant_topic,
    match_topics,
    sweep,
    term_overlap,
    topic_agreement,
    topic_prevalence,
)

K = len(lx.NARRATIVES)  # 12 planted narratives


@pytest.fixture(scope="module")
def corpus(small_corpus):
    tokens, _ = tokenize_posts(small_corpus.posts)
    truth = small_corpus.truth_posts.set_index("post_id")
    accounts = small_corpus.accounts
    camp_of = dict(zip(accounts["account_id"], accounts["camp"], strict=True))
    narrative = tokens["post_id"].map(truth["narrative"]).replace("", np.nan)
    camp = tokens["post_id"].map(truth["author_id"]).map(camp_of)
    return tokens, narrative, camp


@pytest.fixture(scope="module")
def fitted(corpus):
    tokens, _, _ = corpus
    return TopicModel(K, seed=0, passes=10, iterations=50).fit(tokens)


def _planted_vocab(words) -> set[str]:
    """Planted words through the same preprocessing as the posts."""
    return {t for ts in preprocess(list(words)) for t in ts}


# --------------------------------------------------------------------------- reproducibility


def test_same_seed_gives_bitwise_equal_topics(corpus):
    tokens = corpus[0].head(1500)
    a = TopicModel(6, seed=11, passes=2, iterations=20).fit(tokens)
    b = TopicModel(6, seed=11, passes=2, iterations=20).fit(tokens)
    pd.testing.assert_frame_equal(a.topic_terms(topn=20), b.topic_terms(topn=20), check_exact=True)
    assert np.array_equal(a.model_.get_topics(), b.model_.get_topics())
    pd.testing.assert_frame_equal(a.transform(tokens), b.transform(tokens), check_exact=True)
    c = TopicModel(6, seed=12, passes=2, iterations=20).fit(tokens)
    assert not np.array_equal(a.model_.get_topics(), c.model_.get_topics())


_SCRIPT = textwrap.dedent(
    """
    import hashlib, sys
    from discourse.topics import TopicModel
    docs = [w.split() for w in sys.stdin.read().splitlines()]
    tm = TopicModel(3, seed=5, passes=3, no_below=1, no_above=1.0).fit(docs)
    print(hashlib.sha256(tm.topic_terms(topn=8).to_csv().encode()).hexdigest())
    """
)


def test_same_seed_same_topics_in_a_new_process_with_another_hash_seed():
    """Dictionary ids and LDA must not depend on Python's string-hash randomisation."""
    rng = np.random.default_rng(0)
    vocab = ["banjir", "jalan", "rusak", "tambang", "lubang", "sawit", "survei", "unggul", "idm"]
    docs = [" ".join(rng.choice(vocab, size=6)) for _ in range(60)]
    here = TopicModel(3, seed=5, passes=3, no_below=1, no_above=1.0).fit([d.split() for d in docs])
    expected = hashlib.sha256(here.topic_terms(topn=8).to_csv().encode()).hexdigest()
    # this process runs with a random hash seed unless PYTHONHASHSEED is set; the child
    # gets a fixed, different one
    hash_seed = "12345" if os.environ.get("PYTHONHASHSEED") != "12345" else "54321"
    out = subprocess.run(
        [sys.executable, "-c", _SCRIPT],
        input="\n".join(docs),
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": hash_seed},
        check=True,
    )
    assert out.stdout.strip() == expected


# --------------------------------------------------------------------------- planted truth


def test_topics_recover_the_planted_narratives(corpus, fitted):
    tokens, narrative, _ = corpus
    theta = fitted.transform(tokens)
    match = match_topics(theta, narrative)
    share = match.attrs["share"]
    # control: the same model scored against shuffled labels
    shuffled = narrative.sample(frac=1.0, random_state=0).to_numpy()
    chance = match_topics(theta, shuffled).attrs["share"]

    vocab = {
        n.key: _planted_vocab([*n.keywords, *(w for ws in n.camp_words.values() for w in ws)])
        for n in lx.NARRATIVES
    }
    overlap = term_overlap(fitted.topic_terms(topn=10), vocab, topn=10)
    # control: every "topic" made of the corpus's ten most frequent terms
    freq = pd.Series([t for d in tokens["tokens"] for t in d]).value_counts().index[:10]
    flat = pd.DataFrame(
        [(k, r + 1, t, 0.1) for k in range(K) for r, t in enumerate(freq)],
        columns=["topic", "rank", "term", "weight"],
    )
    flat_overlap = term_overlap(flat, vocab, topn=10)["overlap"].mean()
    print(
        f"\nK={K}, {len(tokens):,} documents: dominant topic = planted narrative for "
        f"{share:.1%} of posts (shuffled labels {chance:.1%}); mean best-match top-10 overlap "
        f"{overlap['overlap'].mean():.2f} (flat control {flat_overlap:.2f})"
    )
    print(overlap.assign(terms=overlap["terms"].map(", ".join)).to_string(index=False))
    assert share >= 0.45 and share > chance + 0.25
    assert overlap["overlap"].mean() >= 0.45 > flat_overlap + 0.15
    # most narratives have a topic sharing at least three of its top ten words
    assert (overlap["overlap"] >= 0.3).sum() >= 8


def test_distinctive_words_of_each_camp_are_its_planted_vocabulary(corpus):
    tokens, _, camp = corpus
    table = distinctive_words(tokens, camp, topn=20)
    planted = {}
    for c in ("01", "02", "kk"):
        words = [w for n in lx.NARRATIVES for w in n.camp_words.get(c, ())]
        words += [tag for tag, _ in lx.HASHTAGS[c]]
        planted[c] = _planted_vocab(words)
    for c in ("01", "02", "kk"):
        top = table.loc[table["group"] == c, "term"].tolist()
        own = [t for t in top if t in planted[c]]
        others = set().union(*(planted[o] for o in planted if o != c)) - planted[c]
        print(f"\ncamp {c}: {len(own)}/20 planted: {', '.join(top)}")
        assert len(own) >= 12, top
        assert not set(top[:10]) & others  # no other camp's own words near the top
        assert (table.loc[table["group"] == c, "z"].head(10) > 1.96).all()


def test_log_odds_informative_dirichlet_by_hand():
    # group A: x x x y, group B: x y y y. Pooled counts x 4, y 4 (N = 8).
    docs = [["x", "x", "x", "y"], ["x", "y", "y", "y"]]
    t = distinctive_words(docs, ["A", "B"], min_count=1, topn=None).set_index(["group", "term"])
    # default prior alpha_w = pooled count (alpha_0 = 8): alpha_x = 4
    # delta_x = log((3+4)/(4+8-3-4)) - log((1+4)/(4+8-1-4)) = log(7/5) - log(5/7)
    # var = 1/(3+4) + 1/(1+4)
    delta = math.log(7 / 5) - math.log(5 / 7)
    assert t.loc[("A", "x"), "delta"] == pytest.approx(delta)
    assert t.loc[("A", "x"), "z"] == pytest.approx(delta / math.sqrt(1 / 7 + 1 / 5))
    assert t.loc[("B", "x"), "z"] == pytest.approx(-delta / math.sqrt(1 / 7 + 1 / 5))
    # alpha_0 = 2: alpha_x = alpha_y = 1; delta_x = log(4/2) - log(2/4), var = 1/4 + 1/2
    t2 = distinctive_words(docs, ["A", "B"], alpha0=2, min_count=1, topn=None)
    row = t2[(t2["group"] == "A") & (t2["term"] == "x")].iloc[0]
    assert row["delta"] == pytest.approx(2 * math.log(2))
    assert row["z"] == pytest.approx(2 * math.log(2) / math.sqrt(0.75))
    # versus: A against B explicitly gives the same numbers with two groups
    t3 = distinctive_words(docs, ["A", "B"], versus="B", min_count=1, topn=None)
    assert set(t3["group"]) == {"A"}
    with pytest.raises(ValueError, match="versus"):
        distinctive_words(docs, ["A", "B"], versus="C")
    with pytest.raises(ValueError, match="groups"):
        distinctive_words(docs, ["A"])


# --------------------------------------------------------------------------- tables


def test_prevalence_by_phase_day_and_camp(corpus, fitted, small_corpus):
    tokens, _, camp = corpus
    theta = fitted.transform(tokens)
    posts = small_corpus.posts
    by_phase = topic_prevalence(theta, posts, by="phase")
    sums = by_phase.groupby("phase", observed=True)["prevalence"].sum()
    assert np.allclose(sums, 1.0)
    # phases in calendar order, and every document with terms counted once
    phases = by_phase["phase"].drop_duplicates().tolist()
    assert phases == sorted(
        phases, key=["P0", "P1", "P2a", "P2c", "P3", "P4", "P5", "P6", "P7"].index
    )
    n_docs = theta.notna().all(axis=1).sum()
    assert by_phase.drop_duplicates("phase")["documents"].sum() == n_docs
    by_day = topic_prevalence(theta, posts, by="day")
    assert str(by_day["day"].dt.tz) == "Asia/Makassar"
    with_camp = posts.assign(
        camp=posts["post_id"].map(dict(zip(tokens["post_id"], camp, strict=True)))
    )
    by_camp = topic_prevalence(theta, with_camp, by="camp")
    assert {"01", "02"} <= set(by_camp["camp"])
    # the Gratispol topic (the one matched to it) is more prevalent among 02 posts (lean 1.6 vs 1.0)
    match = match_topics(theta, corpus[1])
    g = int(match.loc[match["label"] == "gratispol", "topic"].iloc[0])
    prev = by_camp[by_camp["topic"] == g].set_index("camp")["prevalence"]
    assert prev["02"] > prev["01"]


def test_prevalence_wita_day_boundary_and_empty_documents():
    theta = pd.DataFrame(
        [[1.0, 0.0], [0.0, 1.0], [np.nan, np.nan]],
        index=pd.Index(["a", "b", "c"], name="post_id"),
    )
    posts = pd.DataFrame(
        {
            "post_id": ["a", "b", "c"],
            # 23:59 WITA on the 26th, 00:30 WITA on the 27th, an empty document
            "created_at": pd.to_datetime(
                ["2024-11-26T15:59:00Z", "2024-11-26T16:30:00Z", "2024-11-26T16:40:00Z"]
            ),
        }
    )
    t = topic_prevalence(theta, posts, by="day")
    got = t.assign(day=t["day"].dt.strftime("%m-%d"))[["day", "topic", "prevalence", "documents"]]
    assert got.values.tolist() == [
        ["11-26", 0, 1.0, 1], ["11-26", 1, 0.0, 1], ["11-27", 0, 0.0, 1], ["11-27", 1, 1.0, 1],
    ]  # fmt: skip
    assert topic_prevalence(theta, posts, by="phase")["phase"].astype(str).unique().tolist() == [
        "P3", "P4",
    ]  # fmt: skip
    with pytest.raises(ValueError, match="camp"):
        topic_prevalence(theta, posts, by="camp")


def test_transform_dominant_topic_and_empty_documents(fitted):
    theta = fitted.transform([["gratispol", "kuliah", "gratis"], [], ["qqqq"]])
    assert theta.shape == (3, K)
    assert theta.iloc[0].sum() == pytest.approx(1.0)
    assert theta.iloc[1:].isna().all().all()
    top = dominant_topic(theta)
    assert top.iloc[1:].isna().all() and 0 <= top.iloc[0] < K


def test_filters_are_recorded(fitted, corpus):
    f = fitted.filters_
    assert f["no_below"] == 5 and f["no_above"] == 0.5 and f["keep_n"] == 100_000
    assert f["vocabulary_after"] == len(fitted.dictionary_) < f["vocabulary_before"]
    assert f["documents"] == len(corpus[0])
    # every kept term is in at least no_below documents
    assert min(fitted.dictionary_.dfs.values()) >= 5


# --------------------------------------------------------------------------- model selection


def test_topic_agreement_is_one_for_the_same_topics_in_any_order():
    terms = [["a", "b", "c"], ["d", "e", "f"], ["g", "h", "i"]]
    assert topic_agreement(terms, terms[::-1]) == 1.0
    # one topic changed at depth 3 only: AJ = (1 + 1 + 2/4) / 3 for that pair
    other = [["a", "b", "x"], ["d", "e", "f"], ["g", "h", "i"]]
    assert topic_agreement(terms, other) == pytest.approx((2 + (1 + 1 + 0.5) / 3) / 3)


def test_sweep_reports_coherence_and_stability(corpus):
    tokens, _, _ = corpus
    table = sweep(
        tokens, [4, 8], seeds=[0, 1], passes=2, iterations=20, coherence_docs=800, topn=10
    )
    assert len(table) == 2 * 2 * 4
    wide = table.pivot_table(index=["k", "seed"], columns="measure", values="value")
    print("\n" + wide.round(3).to_string())
    assert wide["c_v"].between(0, 1).all() and wide["c_npmi"].between(-1, 1).all()
    assert (wide["u_mass"] < 0).all() and wide["stability"].between(0, 1).all()
    # the two seeds' stability at one K is the same pairwise agreement
    assert np.isclose(*wide.loc[4, "stability"])


# --------------------------------------------------------------------------- persistence


def test_save_and_load_round_trip(tmp_path, fitted, corpus):
    tokens, _, _ = corpus
    path = fitted.save(tmp_path / "model")
    assert sorted(p.name for p in path.iterdir()) == [
        "dictionary.txt", "lda", "model.json", "topic_terms.csv",
    ]  # fmt: skip
    back = TopicModel.load(path)
    assert back.get_params() == fitted.get_params() and back.filters_ == fitted.filters_
    pd.testing.assert_frame_equal(back.topic_terms(), fitted.topic_terms(), check_exact=True)
    sample = tokens.head(200)
    pd.testing.assert_frame_equal(back.transform(sample), fitted.transform(sample))
    assert pd.read_csv(path / "topic_terms.csv")["topic"].nunique() == K
    with pytest.raises(FileNotFoundError, match=r"model\.json"):
        TopicModel.load(tmp_path)


def test_invalid_parameters_and_unfitted_use():
    with pytest.raises(ValueError, match="n_topics"):
        TopicModel(0).fit([["a"]])
    with pytest.raises(ValueError, match="multicore"):
        TopicModel(2, alpha="auto", multicore=True).fit([["a", "b"]] * 10)
    with pytest.raises(RuntimeError, match="fit"):
        TopicModel(2).topic_terms()
    with pytest.raises(ValueError, match="no_below"):
        TopicModel(2, no_below=50).fit([["a", "b"]] * 3)


# --------------------------------------------------------------------------- real tweets


@pytest.mark.shared
def test_coherence_on_real_election_tweets(shared_data):
    from test_text import _pilpres_tweets

    texts = _pilpres_tweets(shared_data)
    lexicon = shared_data / "colloquial-indonesian-lexicon" / "colloquial-indonesian-lexicon.csv"
    tokens, report = tokenize_posts(
        pd.DataFrame({"post_id": range(len(texts)), "text": texts}), lexicon=lexicon
    )
    model = TopicModel(8, seed=0, passes=5, iterations=50, no_below=3).fit(tokens)
    values = {m: model.coherence(tokens, measure=m) for m in ("u_mass", "c_npmi", "c_v")}
    # control: the same vocabulary with tokens shuffled across documents
    rng = np.random.default_rng(0)
    pool = [t for d in tokens["tokens"] for t in d]
    rng.shuffle(pool)
    sizes = tokens["tokens"].map(len).to_numpy()
    shuffled = np.split(np.array(pool, dtype=object), np.cumsum(sizes)[:-1])
    control = TopicModel(8, seed=0, passes=5, iterations=50, no_below=3).fit(
        [list(d) for d in shuffled]
    )
    # its topics are word lists without co-occurrence structure; score them on the real tweets
    control_values = {m: control.coherence(tokens, measure=m) for m in ("u_mass", "c_npmi", "c_v")}
    print(
        f"\npilpres2019, {report.documents:,} tweets, K=8: "
        + ", ".join(f"{k} {v:.3f}" for k, v in values.items())
        + "; control (words shuffled across tweets before fitting): "
        + ", ".join(f"{k} {v:.3f}" for k, v in control_values.items())
    )
    print("\n".join(model.topic_labels(topn=6).values()))
    # u_mass rewards frequent words, which the control's topics are made of: not compared
    assert values["c_npmi"] > control_values["c_npmi"] + 0.02
    assert values["c_v"] > control_values["c_v"] + 0.05
    assert all(np.isfinite(v) for v in values.values())


# --------------------------------------------------------------------------- stage and CLI


def test_topics_stage_and_command_write_readable_tables(small_processed, tmp_path):
    from typer.testing import CliRunner

    from discourse.cli import app
    from discourse.pipeline import read_topic_tables

    out = tmp_path / "topics"
    args = ["topics", "--processed", str(small_processed), "--out", str(out), "--k", "6"]
    result = CliRunner().invoke(app, [*args, "--passes", "1", "--sweep", "4"])
    assert result.exit_code == 0, result.output
    assert "coherence: u_mass" in result.output and "sweep K=4 seed=1" in result.output
    tables = read_topic_tables(out)
    summary = tables["summary"]
    assert summary["parameters"]["n_topics"] == 6 and len(summary["labels"]) == 6
    # camps come from the networks stage's communities.csv in the processed folder
    assert {"01", "02"} <= set(summary["camps"])
    assert set(tables["distinctive_words"]["group"]) == set(summary["camps"])
    theta = tables["doc_topics"]
    assert theta.shape == (summary["documents"], 6)
    assert theta.index.equals(pd.Index(tables["tokens"]["post_id"], name="post_id"))
    assert tables["topic_prevalence_phase"]["phase"].cat.ordered
    assert str(tables["topic_prevalence_day"]["day"].dt.tz) == "Asia/Makassar"
    sweep_table = tables["topic_sweep"]
    assert set(sweep_table["k"]) == {4} and "stability" in set(sweep_table["measure"])
    assert TopicModel.load(out / "topic_model").n_topics == 6
    bad = CliRunner().invoke(app, ["topics", "--processed", str(tmp_path / "none")])
    assert bad.exit_code == 2 and "error" in bad.output


# --------------------------------------------------------------------------- figures


def test_topic_figures_draw_the_tidy_tables(corpus, fitted, small_corpus):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from discourse.plotting.style import camp_colour
    from discourse.plotting.topics import (
        plot_coherence_sweep,
        plot_distinctive_words,
        plot_topic_prevalence,
    )

    tokens, _, camp = corpus
    theta = fitted.transform(tokens)
    posts = small_corpus.posts.assign(
        camp=small_corpus.posts["post_id"].map(dict(zip(tokens["post_id"], camp, strict=True)))
    )
    labels = fitted.topic_labels()
    sweep_table = pd.DataFrame(
        {
            "k": [4, 4, 8, 8] * 2,
            "seed": [0, 1] * 4,
            "measure": ["c_v"] * 4 + ["u_mass"] * 4,
            "value": [0.4, 0.42, 0.5, 0.52, -3.0, -3.2, -2.5, -2.7],
        }
    )
    fig = plot_coherence_sweep(sweep_table, chosen=8)
    assert len(fig.axes) == 2 and fig.axes[0].get_xlabel() == "number of topics K"
    for by in ("phase", "camp", "day"):
        table = topic_prevalence(theta, posts, by=by)
        before = table.copy(deep=True)
        fig = plot_topic_prevalence(table, labels=labels)
        pd.testing.assert_frame_equal(table, before)
        ax = fig.axes[0]
        assert ax.has_data() or ax.images
        if by == "phase":  # one row per topic, labelled
            assert {t.get_text() for t in ax.get_yticklabels()} == set(labels.values())
        if by == "camp":  # bars in the camp colours
            colours = {matplotlib.colors.to_hex(p.get_facecolor()).upper() for p in ax.patches}
            assert camp_colour("01").upper() in colours and camp_colour("02").upper() in colours
        plt.close(fig)
    words = distinctive_words(tokens, camp, topn=10)
    fig = plot_distinctive_words(words, topn=10)
    assert [a.get_title(loc="left") for a in fig.axes][:2] == ["01 Isran–Hadi", "02 Rudy–Seno"]
    host, axs = plt.subplots(1, 2)
    assert plot_distinctive_words(words, ax=axs[1]) is host and axs[1].has_data()
    with pytest.raises(ValueError, match="z"):
        plot_distinctive_words(words.drop(columns="z"))
    plt.close("all")
