"""Cascades and their metrics: structural virality against brute force, hand-built trees with
known size/depth/breadth, reconstruction of the planted synthetic trees."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discourse.hoaxes import build_cascades, cascade_metrics, structural_virality
from discourse.schema import conform, to_pandas


def brute_force_mean_distance(parent: list[int]) -> float:
    """Mean shortest-path distance over all pairs, by networkx (the definition)."""
    G = nx.Graph()
    G.add_nodes_from(range(len(parent)))
    G.add_edges_from((i, p) for i, p in enumerate(parent) if p >= 0)
    d = dict(nx.all_pairs_shortest_path_length(G))
    pairs = list(itertools.combinations(range(len(parent)), 2))
    return sum(d[i][j] for i, j in pairs) / len(pairs)


@st.composite
def trees(draw, max_nodes: int = 40):
    """A random rooted tree on n nodes, labels shuffled (the root need not be node 0)."""
    n = draw(st.integers(2, max_nodes))
    attach = [draw(st.integers(0, i - 1)) for i in range(1, n)]
    perm = draw(st.permutations(range(n)))
    parent = [-1] * n
    for child, p in enumerate(attach, start=1):
        parent[perm[child]] = perm[p]
    return parent


@settings(max_examples=300, deadline=None)
@given(trees())
def test_structural_virality_is_the_mean_pairwise_distance(parent):
    assert structural_virality(parent) == pytest.approx(brute_force_mean_distance(parent))


@settings(max_examples=40, deadline=None)
@given(st.lists(trees(max_nodes=15), min_size=1, max_size=6))
def test_forest_metrics_equal_per_tree_values(forest):
    """Many trees in one node table: every cascade gets its own tree's virality and size."""
    rows, offset = [], 0
    for k, parent in enumerate(forest):
        for i, p in enumerate(parent):
            rows.append((f"{k}-{i}", None if p < 0 else f"{k}-{p}"))
        offset += len(parent)
    nodes = pd.DataFrame(rows, columns=["post_id", "parent_id"]).sample(frac=1, random_state=0)
    m = cascade_metrics(nodes).set_index("cascade_id")
    for k, parent in enumerate(forest):
        root = f"{k}-{parent.index(-1)}"
        assert m.loc[root, "size"] == len(parent)
        assert m.loc[root, "structural_virality"] == pytest.approx(
            brute_force_mean_distance(parent)
        )


def test_structural_virality_rejects_non_trees():
    with pytest.raises(ValueError, match="exactly one root"):
        structural_virality([-1, -1])
    with pytest.raises(ValueError, match="cycle"):
        structural_virality([-1, 2, 1])
    assert np.isnan(structural_virality([-1]))


def hand_nodes():
    """Two hand-built cascades (times in hours after 08:00 UTC).

    A: r -> a, b, c (depth 1); a -> d, e (depth 2); d -> f (depth 3).
       size 7, depth 3, breadth 3 (a, b, c), accounts u1..u6 (f is u2 again),
       subtree sizes a 4, b 1, c 1, d 2, e 1, f 1: Wiener index 4*3 + 3*(1*6) + 2*5 + 1*6
       = 46 over 21 pairs -> virality 46/21.
    B: a single post s, size 1, depth 0, breadth 1, virality undefined.
    """
    ids = ["r", "a", "b", "c", "d", "e", "f", "s"]
    parent = [None, "r", "r", "r", "a", "a", "d", None]
    author = ["u1", "u2", "u3", "u4", "u5", "u6", "u2", "u9"]
    hours = [0, 1, 2, 3, 4, 5, 10, 0]
    t = pd.Timestamp("2024-11-27 08:00", tz="UTC") + pd.to_timedelta(hours, unit="h")
    return pd.DataFrame({"post_id": ids, "parent_id": parent, "author_id": author, "created_at": t})


def test_hand_built_cascades_have_the_known_metrics():
    m = cascade_metrics(
        hand_nodes(), accounts=(2, 6, 7), depths=(1, 3, 4), camps={"u2": "01", "u3": "02"}
    )
    a, b = m.set_index("cascade_id").loc["r"], m.set_index("cascade_id").loc["s"]
    assert (a["size"], a["unique_accounts"], a["depth"], a["max_breadth"]) == (7, 6, 3, 3)
    assert a["structural_virality"] == pytest.approx(46 / 21)
    assert a["lifetime_hours"] == 10.0
    # accounts in order of first appearance: u1 (0h), u2 (1h), u3, u4, u5, u6 (5h)
    assert (a["hours_to_2_accounts"], a["hours_to_6_accounts"]) == (1.0, 5.0)
    assert np.isnan(a["hours_to_7_accounts"])
    assert (a["hours_to_depth_1"], a["hours_to_depth_3"]) == (1.0, 10.0)
    assert np.isnan(a["hours_to_depth_4"])
    # reshares a..f: u2 twice (a, f) and u3 once of 6
    assert a["share_01"] == pytest.approx(2 / 6) and a["share_02"] == pytest.approx(1 / 6)
    assert a["share_unlabelled"] == pytest.approx(3 / 6) and a["root_camp"] is pd.NA
    assert (b["size"], b["depth"], b["max_breadth"]) == (1, 0, 1)
    assert np.isnan(b["structural_virality"]) and np.isnan(b["share_01"])


def test_metrics_reject_dangling_parents_and_cycles():
    with pytest.raises(ValueError, match="not post ids"):
        cascade_metrics(pd.DataFrame({"post_id": ["a"], "parent_id": ["zz"]}))
    with pytest.raises(ValueError, match="cycles"):
        cascade_metrics(pd.DataFrame({"post_id": ["a", "b"], "parent_id": ["b", "a"]}))


def posts_table(**cols):
    n = len(cols["post_id"])
    return to_pandas(conform(pa.table({"platform": ["x"] * n, **cols})))


def test_build_cascades_placeholders_missing_parents_and_cycles():
    posts = posts_table(
        post_id=["1", "2", "3", "4", "5", "6"],
        kind=["retweet", "retweet", "reply", "retweet", "reply", "reply"],
        author_id=["a", "b", "c", "d", "e", "f"],
        created_at=[f"2024-11-27T0{i}:00:00Z" for i in range(6)],
        # 1 and 2 retweet the uncollected original 99 (by "z"); 4 is a retweet known only by
        # handle (no parent id); 5 and 6 reply to each other (malformed)
        retweeted_post_id=["99", "99", None, None, None, None],
        retweeted_author_id=["z", "z", None, None, None, None],
        reply_to_post_id=[None, None, "2", None, "6", "5"],
    )
    nodes, rep = build_cascades(posts)
    assert rep.placeholders == 1 and rep.no_parent_id == 1 and rep.cycles_broken == 2
    ph = nodes[nodes["placeholder"]]
    assert ph[["post_id", "author_id", "kind"]].values.tolist() == [["99", "z", "missing"]]
    tree = nodes[nodes["cascade_id"] == "99"].set_index("post_id")
    assert tree.loc["3", "parent_id"] == "2" and tree.loc["3", "depth"] == 2
    assert nodes.set_index("post_id").loc["4", "cascade_id"] == "4"
    assert rep.cascades == nodes["parent_id"].isna().sum()


def test_build_cascades_refuses_duplicate_ids_and_bad_method():
    posts = posts_table(post_id=["1", "1"], kind=["original"] * 2)
    with pytest.raises(ValueError, match="not unique"):
        build_cascades(posts)
    with pytest.raises(ValueError, match="method"):
        build_cascades(posts.iloc[:1], method="guess")


def test_time_inference_picks_the_most_recent_tied_earlier_adopter():
    """Root 1 by a; retweets by b (08:10), c (08:20), d (08:30), e (08:40).

    d follows b and c: most recent earlier tied adopter is c. e interacted with b only (a
    reply to b's post 9): parent b. c has no tie among b: the root. A retweet never hangs
    under a later one.
    """
    posts = posts_table(
        post_id=["1", "2", "3", "4", "5", "9", "10"],
        kind=["original", "retweet", "retweet", "retweet", "retweet", "original", "reply"],
        author_id=["a", "b", "c", "d", "e", "b", "e"],
        created_at=[
            "2024-11-27T08:00:00Z",
            "2024-11-27T08:10:00Z",
            "2024-11-27T08:20:00Z",
            "2024-11-27T08:30:00Z",
            "2024-11-27T08:40:00Z",
            "2024-11-20T08:00:00Z",
            "2024-11-20T09:00:00Z",
        ],
        retweeted_post_id=[None, "1", "1", "1", "1", None, None],
        reply_to_post_id=[None, None, None, None, None, None, "9"],
        reply_to_author_id=[None, None, None, None, None, None, "b"],
    )
    follows = pd.DataFrame({"follower_id": ["d", "d", "b"], "followee_id": ["b", "c", "d"]})
    nodes, rep = build_cascades(posts, method="time", follows=follows)
    got = nodes.set_index("post_id")
    assert got.loc["4", "parent_id"] == "3" and got.loc["4", "parent_source"] == "follows"
    assert got.loc["5", "parent_id"] == "2" and got.loc["5", "parent_source"] == "interaction"
    assert got.loc["3", "parent_id"] == "1" and got.loc["3", "parent_source"] == "root"
    assert got.loc["2", "parent_id"] == "1"  # b follows d, but d adopted later
    assert got.loc[["2", "3", "4", "5"], "inferred"].all() and not got.loc["10", "inferred"]
    assert got.loc["4", "depth"] == 2
    assert rep.inferred == {"follows": 1, "interaction": 1, "root": 2}
    observed, _ = build_cascades(posts)
    assert (observed.set_index("post_id").loc[["2", "3", "4", "5"], "parent_id"] == "1").all()


# ----------------------------------------------------------------------- synthetic corpus
@pytest.fixture(scope="module")
def planted(small_corpus):
    """Collected posts of the small corpus with their planted parents (truth posts.csv)."""
    truth = small_corpus.truth_posts.set_index("post_id")
    posts = small_corpus.posts
    return posts, truth.loc[posts["post_id"]]


def test_full_parent_information_gives_the_planted_trees_exactly(planted):
    posts, truth = planted
    full = posts.copy()
    rt = (full["kind"] == "retweet").to_numpy()
    # the platform hides where a retweet came from; give it the planted parent
    full.loc[rt, "retweeted_post_id"] = truth.loc[full.loc[rt, "post_id"], "true_parent_id"].values
    nodes, rep = build_cascades(full)
    got = nodes[~nodes["placeholder"]].set_index("post_id")
    want = truth.loc[got.index]
    want_parent = want["true_parent_id"].replace("", pd.NA)
    assert (got["parent_id"].fillna("") == want_parent.fillna("")).all()
    assert (got["cascade_id"] == want["root_id"]).all()
    assert rep.cycles_broken == 0 and not nodes["inferred"].any()


def chance_agreement(posts: pd.DataFrame) -> float:
    """Expected agreement of a parent drawn uniformly among the retweeted post and the earlier
    retweets of it (k earlier retweets: 1/(k+1))."""
    r = posts[posts["kind"] == "retweet"].sort_values(["retweeted_post_id", "created_at"])
    k = r.groupby("retweeted_post_id").cumcount().to_numpy()
    return float(np.mean(1.0 / (k + 1)))


def test_time_inferred_reconstruction_agrees_with_planted_parents_beyond_chance(
    planted, small_corpus
):
    posts, truth = planted
    follows = pd.read_parquet(small_corpus.truth / "follows.parquet")
    chance = chance_agreement(posts)
    rt = truth["kind"] == "retweet"
    all_root = float((truth.loc[rt, "api_parent_id"] == truth.loc[rt, "true_parent_id"]).mean())
    lines = []
    for label, kw in (
        ("follows", {"follows": follows, "interactions": False}),
        ("interactions", {}),
        ("follows+interactions", {"follows": follows}),
    ):
        nodes, rep = build_cascades(posts, method="time", **kw)
        got = nodes[(nodes["kind"] == "retweet") & ~nodes["placeholder"]].set_index("post_id")
        want = truth.loc[got.index, "true_parent_id"]
        agree = float((got["parent_id"] == want).mean())
        deep = want != truth.loc[got.index, "api_parent_id"]
        deep_agree = float((got["parent_id"][deep] == want[deep]).mean())
        lines.append(
            f"{label:22s} agreement {agree:.3f} (deep edges {deep_agree:.3f} of {int(deep.sum())})"
            f", inferred {rep.inferred}"
        )
        if label == "follows":
            follows_agree, follows_deep = agree, deep_agree
    print(
        f"\nretweet parent agreement with the planted trees ({int(rt.sum())} retweets); chance "
        f"{chance:.3f}, every retweet on the original {all_root:.3f}\n" + "\n".join(lines)
    )
    # the generator grows retweet trees through the follower graph: with it, the inferred
    # parent is right far more often than a random earlier adopter ...
    assert follows_agree > chance + 0.2
    # ... and most edges that did not come from the original are recovered
    assert follows_deep > 0.5


def test_time_inference_keeps_cascades_and_only_deepens_them(planted, small_corpus):
    """Re-attaching retweets changes paths, not membership: every cascade keeps its posts,
    and since a retweet moves only under an earlier retweet of the same post, no cascade
    gets shallower than with every retweet on the original. The planted depth is reported:
    the most-recent-adopter rule chains retweets and overestimates depth."""
    posts, truth = planted
    follows = pd.read_parquet(small_corpus.truth / "follows.parquet")
    full = posts.copy()
    rt = (full["kind"] == "retweet").to_numpy()
    full.loc[rt, "retweeted_post_id"] = truth.loc[full.loc[rt, "post_id"], "true_parent_id"].values
    true_m = cascade_metrics(build_cascades(full)[0]).set_index("cascade_id")
    inf_m = cascade_metrics(build_cascades(posts, method="time", follows=follows)[0])
    obs_m = cascade_metrics(build_cascades(posts)[0]).set_index("cascade_id")
    inf_m = inf_m.set_index("cascade_id")
    assert (inf_m["size"] == obs_m["size"]).all() and (inf_m["size"] == true_m["size"]).all()
    assert (inf_m["depth"] >= obs_m["depth"]).all()
    big = true_m["size"] >= 10
    print(
        f"\nmean depth / structural virality of cascades >= 10 posts ({int(big.sum())}): "
        + ", ".join(
            f"{name} {m.loc[big, 'depth'].mean():.2f} / {m.loc[big, 'structural_virality'].mean():.2f}"
            for name, m in (("planted", true_m), ("time-inferred", inf_m), ("observed", obs_m))
        )
    )
