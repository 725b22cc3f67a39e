"""Tests for discourse.networks: edge tables, co-action, nodes, graphs, backbone, export.

Fixtures are hand-made posts tables small enough to count by hand; the expected numbers are
explained next to each table.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pyarrow as pa
import pytest

from discourse import networks as N
from discourse.schema import conform, to_pandas

T0 = pd.Timestamp("2024-11-01T08:00:00Z")


def make_posts(rows: list[dict]) -> pd.DataFrame:
    """A canonical posts table from a list of partial records (missing fields are NA)."""
    defaults = {"platform": "x", "kind": "original", "is_reference": False}
    recs = []
    for k, r in enumerate(rows):
        rec = {**defaults, "post_id": str(k + 1), **r}
        if "at" in rec:
            rec["created_at"] = (T0 + pd.Timedelta(rec.pop("at"))).isoformat()
        recs.append(rec)
    keys = sorted({k for r in recs for k in r})
    cols = {k: [r.get(k) for r in recs] for k in keys}
    for k in ("mentions", "hashtags"):
        if k in cols:
            cols[k] = pa.array(cols[k], pa.list_(pa.string()))
    return to_pandas(conform(pa.table(cols)))


def pairs(table: pd.DataFrame) -> dict[tuple[str, str], int]:
    return {(s, t): int(w) for s, t, w in table[["source", "target", "weight"]].values}


# ------------------------------------------------------------------ interaction edges
@pytest.fixture
def small() -> pd.DataFrame:
    # accounts: a(ana), b(budi), c(citra); d is known only by handle "dewi" (harvest style)
    return make_posts(
        [
            # 1: a's original
            {"author_id": "a", "author_handle": "Ana", "at": "0h", "hashtags": ["x", "y"]},
            # 2, 3: b retweets a twice -> one edge b->a weight 2
            {
                "author_id": "b",
                "author_handle": "budi",
                "kind": "retweet",
                "at": "1h",
                "retweeted_post_id": "1",
                "retweeted_author_id": "a",
                "text": "RT @ana: halo",
                "mentions": [],
            },
            {
                "author_id": "b",
                "author_handle": "budi",
                "kind": "retweet",
                "at": "2h",
                "retweeted_post_id": "9",
                "retweeted_author_id": "a",
                "text": "RT @ana: lagi",
                "mentions": [],
            },
            # 4: c retweets a, given only by handle "ANA" -> resolved to id a
            {
                "author_id": "c",
                "author_handle": "citra",
                "kind": "retweet",
                "at": "3h",
                "retweeted_author_handle": "ANA",
                "text": "RT @ANA: x",
                "mentions": [],
            },
            # 5: c retweets "dewi" who never appears with an id -> node "@dewi"
            {
                "author_id": "c",
                "author_handle": "citra",
                "kind": "retweet",
                "at": "4h",
                "retweeted_author_handle": "dewi",
                "mentions": [],
            },
            # 6: a retweets itself -> self-loop
            {
                "author_id": "a",
                "author_handle": "ana",
                "kind": "retweet",
                "at": "5h",
                "retweeted_post_id": "1",
                "retweeted_author_id": "a",
                "mentions": [],
            },
            # 7: retweet of a deleted original: no author id, no handle, post not in table
            {
                "author_id": "b",
                "author_handle": "budi",
                "kind": "retweet",
                "at": "6h",
                "retweeted_post_id": "404",
            },
            # 8: retweet with author unknown but original post 1 in the table -> a (via post)
            {
                "author_id": "c",
                "author_handle": "citra",
                "kind": "retweet",
                "at": "7h",
                "retweeted_post_id": "1",
            },
            # 9: b quotes a and mentions c and budi (itself) -> quote b->a, mention b->c, self
            {
                "author_id": "b",
                "author_handle": "budi",
                "kind": "quote",
                "at": "8h",
                "quoted_post_id": "1",
                "quoted_author_id": "a",
                "quoted_author_handle": "ana",
                "mentions": ["citra", "budi"],
            },
            # 10: c replies to b; mentions "@budi" twice (counted once) and unknown "eko"
            {
                "author_id": "c",
                "author_handle": "citra",
                "kind": "reply",
                "at": "9h",
                "reply_to_post_id": "9",
                "reply_to_author_id": "b",
                "mentions": ["budi", "budi", "eko"],
            },
            # 11: a reference row (original seen only as referenced material): no action
            {
                "post_id": "ref",
                "author_id": "z",
                "author_handle": "zed",
                "kind": "retweet",
                "is_reference": True,
                "retweeted_author_id": "a",
                "at": "0h",
            },
        ]
    )


def test_retweet_direction_weights_and_resolution(small):
    table, rep = N.edges(small, "retweet")
    # retweeter -> original author; b->a twice; c->a via handle (4) and via post (8)
    assert pairs(table) == {("b", "a"): 2, ("c", "a"): 2, ("c", "@dewi"): 1}
    assert table["weight"].dtype == "int64"
    assert str(table["first_at"].dtype) == "datetime64[us, UTC]"
    ba = table[(table.source == "b") & (table.target == "a")].iloc[0]
    assert ba.first_at == T0 + pd.Timedelta("1h") and ba.last_at == T0 + pd.Timedelta("2h")
    # rows 2-8 are the collected retweets (the reference row 11 is not an action)
    assert rep.actions == 7
    assert rep.unresolved == 1 and rep.by_reason == {"target_unknown": 1}
    assert rep.self_loops == 1 and not rep.self_loops_kept
    assert rep.resolved_by == {"id": 3, "post": 1, "handle": 1, "handle_node": 1}
    assert rep.edges == 3
    assert table["target"].notna().all() and table["source"].notna().all()
    # weights account for every action: resolved - dropped self-loops
    assert table["weight"].sum() == rep.actions - rep.unresolved - rep.self_loops


def test_self_loops_kept_on_request(small):
    table, rep = N.edges(small, "retweet", keep_self_loops=True)
    assert pairs(table)[("a", "a")] == 1
    assert rep.self_loops == 1 and rep.self_loops_kept


def test_references_are_not_actions_unless_asked(small):
    table, _ = N.edges(small, "retweet", include_references=True)
    assert pairs(table)[("z", "a")] == 1
    assert ("z", "a") not in pairs(N.edges(small, "retweet")[0])


def test_quote_reply_and_mention_edges(small):
    assert pairs(N.edges(small, "quote")[0]) == {("b", "a"): 1}
    assert pairs(N.edges(small, "reply")[0]) == {("c", "b"): 1}
    table, rep = N.edges(small, "mention")
    # post 9: b->c, b->b (self, dropped); post 10: c->b once (duplicate handle), c->@eko
    assert pairs(table) == {("b", "c"): 1, ("c", "b"): 1, ("c", "@eko"): 1}
    assert rep.actions == 4 and rep.self_loops == 1


def test_automatic_rt_mention_is_not_a_mention_edge(small):
    table, _ = N.edges(small, "mention")
    # retweets 2, 3, 4 have "RT @ana:" in the text but no mention entity: no edge to a
    assert not (table["target"] == "a").any()


def test_time_window_and_platform_filters(small):
    table, rep = N.edges(
        small, "retweet", start="2024-11-01T09:00:00Z", end=T0 + pd.Timedelta("2h")
    )
    # start inclusive (row 2 at 1h), end exclusive (row 3 at 2h)
    assert pairs(table) == {("b", "a"): 1} and rep.actions == 1
    # a naive string is read as UTC
    assert N.edges(small, "retweet", start="2024-11-01 15:00")[1].actions == 1
    assert N.edges(small, "retweet", platform="tiktok")[1].actions == 0
    assert len(N.edges(small, "retweet", platform=["x"])[0]) == 3


def test_inputs_not_mutated_and_arrow_input_agrees(small):
    before = small.copy()
    table, _ = N.edges(small, "retweet")
    pd.testing.assert_frame_equal(small, before)
    arrow = pa.Table.from_pandas(small, preserve_index=False)
    table2, _ = N.edges(conform(arrow), "retweet")
    assert pairs(table2) == pairs(table)


def test_unknown_kind_raises(small):
    with pytest.raises(ValueError, match="kind"):
        N.edges(small, "like")


def test_source_without_id_or_handle_is_unresolved():
    posts = make_posts([{"kind": "retweet", "retweeted_author_id": "a", "at": "0h"}])
    table, rep = N.edges(posts, "retweet")
    assert table.empty and rep.by_reason == {"source_unknown": 1} and rep.unresolved == 1


def test_harvest_fixture_handle_only_retweets():
    from discourse.io import read_posts

    posts, _ = read_posts("tests/data/ingest/harvest")
    table, rep = N.edges(posts, "retweet")
    # three 'RT @x:' retweets; none of the retweeted handles is an author with an id there
    assert rep.actions == 3 and rep.unresolved == 0
    assert set(table["target"]) == {"@paslon01_resmi_demo", "@kpu_prov_demo", "@bawaslu_prov_demo"}


# ------------------------------------------------------------------ hashtags
def test_hashtag_cooccurrence_by_hand():
    posts = make_posts(
        [
            {"hashtags": ["a", "b", "c"], "at": "0h"},  # ab ac bc
            {"hashtags": ["b", "a", "a"], "at": "1h"},  # ab (duplicate tag once)
            {"hashtags": ["c"], "at": "2h"},  # no pair
            {"hashtags": ["a", "b"], "is_reference": True},  # not collected
        ]
    )
    table = N.hashtag_edges(posts)
    assert pairs(table) == {("a", "b"): 2, ("a", "c"): 1, ("b", "c"): 1}
    assert (table["source"] < table["target"]).all()
    assert pairs(N.hashtag_edges(posts, min_weight=2)) == {("a", "b"): 2}


# ------------------------------------------------------------------ co-action
def test_coretweet_within_window_vs_outside():
    rt = {"kind": "retweet"}
    posts = make_posts(
        [
            # post P: a at 0s, b at 30s (within 60 s), c at 10 min (outside)
            {**rt, "author_id": "a", "retweeted_post_id": "P", "at": "0s"},
            {**rt, "author_id": "b", "retweeted_post_id": "P", "at": "30s"},
            {**rt, "author_id": "c", "retweeted_post_id": "P", "at": "600s"},
            # post Q: a and b again within 60 s; c 61 s after b (outside), 90 s after a
            {**rt, "author_id": "b", "retweeted_post_id": "Q", "at": "1000s"},
            {**rt, "author_id": "a", "retweeted_post_id": "Q", "at": "1060s"},
            {**rt, "author_id": "c", "retweeted_post_id": "Q", "at": "1121s"},
            # a retweets Q again: counted once
            {**rt, "author_id": "a", "retweeted_post_id": "Q", "at": "1070s"},
        ]
    )
    table, rep = N.coaction_edges(posts, window="60s", min_weight=1)
    # a-b co-retweet P and Q; c-a: Q at 1121 vs a's first at 1060 -> 61 s, outside
    assert pairs(table) == {("a", "b"): 2}
    assert rep.actions == 6 and rep.capped_groups == 0
    assert pairs(N.coaction_edges(posts, window="61s", min_weight=1)[0]) == {
        ("a", "b"): 2,
        ("a", "c"): 1,
    }
    assert N.coaction_edges(posts, window="60s", min_weight=3)[0].empty


def test_coaction_cap_is_reported():
    posts = make_posts(
        [
            {"kind": "retweet", "author_id": f"u{k}", "retweeted_post_id": "P", "at": f"{k}s"}
            for k in range(5)
        ]
    )
    table, rep = N.coaction_edges(posts, min_weight=1, max_group_size=3)
    assert rep.capped_groups == 1 and rep.capped_actions == 2
    assert pairs(table) == {("u0", "u1"): 1, ("u0", "u2"): 1, ("u1", "u2"): 1}


def test_text_coaction_normalised_exact_match():
    msg = "Ayo pilih paslon nomor satu"
    posts = make_posts(
        [
            {"author_id": "a", "text": f"{msg}! https://t.co/abc", "at": "0s"},
            {"author_id": "b", "text": f"@kpu  {msg.upper()} ...", "at": "20s"},
            {"author_id": "c", "text": f"{msg} sekarang", "at": "25s"},  # different text
            {"author_id": "d", "text": msg, "at": "300s"},  # outside the window
            {"author_id": "e", "text": f"RT @a: {msg}", "kind": "retweet", "at": "5s"},
        ]
    )
    table, rep = N.coaction_edges(posts, mode="text", window="60s", min_weight=1)
    assert pairs(table) == {("a", "b"): 1}
    assert rep.mode == "text"


# ------------------------------------------------------------------ nodes and graphs
def test_nodes_table(small):
    table, _ = N.edges(small, "retweet")
    accounts = pd.DataFrame(
        {"account_id": ["a", "b"], "type": ["official", "buzzer"], "camp": ["01", "02"]}
    )
    nt = N.nodes(small, table, accounts=accounts).set_index("node")
    # every edge node is present, including the handle node
    assert set(table["source"]) | set(table["target"]) <= set(nt.index)
    assert nt.loc["a", "handle"] == "ana"  # "ana" twice beats "Ana" once
    assert nt.loc["a", "posts"] == 2 and nt.loc["b", "posts"] == 4
    assert nt.loc["a", "retweets_received"] == 4  # b twice, c twice; not a's own
    assert nt.loc["@dewi", "handle"] == "dewi" and nt.loc["@dewi", "posts"] == 0
    assert nt.loc["a", "camp"] == "01" and pd.isna(nt.loc["c", "type"])
    assert nt["followers"].dtype == "Int64"


def test_to_graph_and_backbone_directed():
    et = pd.DataFrame(
        {"source": ["a", "a", "a", "b"], "target": ["b", "c", "d", "a"], "weight": [98, 1, 1, 3]}
    )
    G = N.to_graph(et)
    assert isinstance(G, nx.DiGraph) and G["a"]["b"]["weight"] == 98
    U = N.to_graph(et, directed=False)
    assert U["a"]["b"]["weight"] == 101
    # source a: out-degree 3, out-strength 100. a->b: (1-0.98)^2 = 4e-4 < 0.05 kept;
    # a->c: (1-0.01)^2 = 0.98, but c has in-degree 1 -> kept by the degree-one convention.
    B = N.backbone(G, alpha=0.05)
    assert set(B.edges()) == {("a", "b"), ("a", "c"), ("a", "d"), ("b", "a")}
    B2 = N.backbone(G, alpha=0.05, keep_degree_one=False)
    assert set(B2.edges()) == {("a", "b")}
    assert B2["a"]["b"]["alpha"] == pytest.approx(0.02**2)


def test_backbone_undirected_by_hand():
    G = nx.Graph()
    # a: k=3, s=12; a-b p=10/12 -> (1/6)^2 = 0.028 < 0.05; a-c, a-d p=1/12 -> 0.84
    # c, d, b: degree 2 each; c-d: p=1/2 -> 0.5; b-c, b-d: b has s=12, p=1/12 -> 0.92
    G.add_weighted_edges_from(
        [("a", "b", 10), ("a", "c", 1), ("a", "d", 1), ("c", "d", 1), ("b", "c", 1), ("b", "d", 1)]
    )
    assert set(map(frozenset, N.backbone(G, alpha=0.05).edges())) == {frozenset("ab")}


# ------------------------------------------------------------------ synthetic corpus
@pytest.fixture(scope="module")
def synth(tmp_path_factory):
    from discourse.io import read_posts
    from discourse.synth import SynthConfig, generate

    root = tmp_path_factory.mktemp("synth")
    generate(root / "raw", root / "truth", SynthConfig(n_posts=10000, seed=1))
    posts, _ = read_posts(root / "raw" / "twarc2")
    accounts = pd.read_csv(root / "truth" / "accounts.csv", dtype=str)
    return posts, accounts


def test_synthetic_retweets_stay_within_camp(synth):
    posts, accounts = synth
    table, _ = N.edges(posts, "retweet")
    camp = dict(zip(accounts["account_id"], accounts["camp"], strict=True))
    s, t = table["source"].map(camp), table["target"].map(camp)
    # edges between accounts of the two candidate camps (neutral accounts have no side)
    partisan = s.isin(["01", "02"]) & t.isin(["01", "02"])
    assert partisan.sum() > 500
    assert (s == t)[partisan].mean() > 0.7


def test_synthetic_weights_sum_to_resolved_retweets(synth):
    posts, _ = synth
    table, rep = N.edges(posts, "retweet")
    collected_rts = int(((posts["kind"] == "retweet") & ~posts["is_reference"]).sum())
    assert rep.actions == collected_rts
    assert table["weight"].sum() == rep.actions - rep.unresolved - rep.self_loops
    assert not table.duplicated(["source", "target"]).any()


def test_export_round_trip(synth, tmp_path):
    posts, accounts = synth
    table, _ = N.edges(posts, "retweet")
    table = table.head(1000)  # keep the (slow, pure-Python) XML writers quick
    nt = N.nodes(posts, table, accounts=accounts[["account_id", "type", "camp"]])
    nt = nt[nt["node"].isin(set(table["source"]) | set(table["target"]))]
    nt["community"] = range(len(nt))  # numpy ints: must export as ints
    G = N.to_graph(table, nodes=nt)
    want = {(u, v): d["weight"] for u, v, d in G.edges(data=True)}
    for writer, reader, name in (
        (N.write_gexf, nx.read_gexf, "g.gexf"),
        (N.write_graphml, nx.read_graphml, "g.graphml"),
    ):
        path = writer(G, tmp_path / name)
        H = reader(path)
        got = {(u, v): d["weight"] for u, v, d in H.edges(data=True)}
        assert got == pytest.approx(want)
        some = next(iter(nt["node"][nt["camp"].notna()]))
        assert H.nodes[some]["camp"] == G.nodes[some]["camp"]
        assert int(H.nodes[some]["community"]) == G.nodes[some]["community"]
    N.write_edges_csv(table, tmp_path / "e.csv")
    back = pd.read_csv(tmp_path / "e.csv", dtype={"source": str, "target": str})
    assert len(back) == len(table) and back["weight"].sum() == table["weight"].sum()
    N.write_nodes_csv(nt, tmp_path / "n.csv")
    assert len(pd.read_csv(tmp_path / "n.csv")) == len(nt)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.csv", "g.gexf", "g.graphml", "n.csv"]
