"""Tests of discourse.polarization: hand-computed fixtures, exact vs Monte-Carlo RWC, null model."""

from __future__ import annotations

import math
import time
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from discourse.polarization import (
    assortativity,
    bootstrap_interval,
    boundary_polarization,
    echo_chamber_summary,
    echo_chambers,
    ei_index,
    leaning_from_shares,
    modularity,
    null_model,
    randomise,
    rwc_exact,
    rwc_monte_carlo,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def two_cliques() -> tuple[nx.Graph, dict]:
    # K4 on {0,1,2,3} (side A), K4 on {4,5,6,7} (side B), bridge 3-4.
    G = nx.complete_graph(4)
    G.add_edges_from((u + 4, v + 4) for u, v in nx.complete_graph(4).edges())
    G.add_edge(3, 4)
    return G, {v: "A" if v < 4 else "B" for v in G}


# ----------------------------------------------------------------- hand-computed indices


def test_ei_index_two_cliques_equals_minus_11_over_13():
    G, sides = two_cliques()
    # E = 1 (the bridge), I = 6 + 6 = 12  ->  (1 - 12) / 13
    assert ei_index(G, sides) == pytest.approx(-11 / 13)


def test_modularity_two_cliques_equals_11_over_26():
    G, sides = two_cliques()
    # m = 13; each side: 6 internal edges, degree sum 3*4 + 1 = 13
    # Q = 2 * (6/13 - (13/26)^2) = 12/13 - 1/2 = 11/26
    assert modularity(G, sides) == pytest.approx(11 / 26)


def test_boundary_polarization_two_cliques_equals_quarter():
    G, sides = two_cliques()
    # B = {3, 4}: each has the bridge and own-side neighbours (0,1,2 / 5,6,7) with no cross edge.
    # d_i(3) = 3 (0,1,2 internal), d_b(3) = 1 (4 is boundary of B): 3/4 - 1/2 = 1/4; same for 4.
    assert boundary_polarization(G, sides) == pytest.approx(0.25)


def test_ei_index_complete_bipartite_is_one_and_boundary_undefined():
    G = nx.complete_bipartite_graph(2, 3)  # every edge crosses
    sides = {v: G.nodes[v]["bipartite"] for v in G}
    assert ei_index(G, sides) == 1.0
    # no node has an own-side neighbour -> no boundary node -> NaN (documented)
    assert math.isnan(boundary_polarization(G, sides))


def test_star_with_both_sides_documented_values():
    # centre 0 and leaves 1, 2 on side A; leaves 3, 4, 5 on side B
    G = nx.star_graph(5)
    sides = {0: "A", 1: "A", 2: "A", 3: "B", 4: "B", 5: "B"}
    assert ei_index(G, sides) == pytest.approx((3 - 2) / 5)
    # only the centre is a boundary node: d_i = 2 (leaves 1, 2), d_b = 0  ->  1 - 0.5
    assert boundary_polarization(G, sides) == pytest.approx(0.5)


def test_weighted_ei_index_sums_weights():
    G, sides = two_cliques()
    G[3][4]["weight"] = 12.0  # E = 12, I = 12 (other edges have no weight -> 1)
    assert ei_index(G, sides, weight="weight") == pytest.approx(0.0)


def test_unsided_nodes_are_ignored():
    G, sides = two_cliques()
    H = G.copy()
    H.add_edges_from([(99, 0), (99, 7)])  # node 99 has no side
    assert ei_index(H, sides) == ei_index(G, sides)
    assert modularity(H, sides) == pytest.approx(modularity(G, sides))
    assert rwc_exact(H, sides, k=1) == pytest.approx(rwc_exact(G, sides, k=1))


def test_sides_with_three_labels_raise_naming_argument():
    G, sides = two_cliques()
    sides = {**sides, 0: "C"}
    with pytest.raises(ValueError, match="sides"):
        ei_index(G, sides)


def test_inputs_are_not_mutated():
    G, sides = two_cliques()
    before = (sorted(G.edges(data=True)), dict(G.nodes(data=True)), dict(sides))
    for f in (ei_index, modularity, boundary_polarization):
        f(G, sides)
    rwc_exact(G, sides, k=1)
    randomise(G, seed=1)
    assert (sorted(G.edges(data=True)), dict(G.nodes(data=True)), dict(sides)) == before


def test_assortativity_path_hand_value():
    # edges (0,1),(1,2),(2,3) with leanings -1,-1,1,1; symmetric pairs:
    # (-1,-1)x2, (-1,1), (1,-1), (1,1)x2 -> mean 0, var 1, cov = (2 - 2 + 2)/6 = 1/3
    G = nx.path_graph(4)
    assert assortativity(G, {0: -1.0, 1: -1.0, 2: 1.0, 3: 1.0}) == pytest.approx(1 / 3)


# ----------------------------------------------------------------- RWC


def test_rwc_two_disconnected_cliques_is_one():
    G = nx.disjoint_union(nx.complete_graph(6), nx.complete_graph(6))
    sides = {v: v // 6 for v in G}
    assert rwc_exact(G, sides, k=2) == 1.0


def test_rwc_complete_graph_random_sides_is_near_zero():
    # K200, sides 100/100 at random, k = 2: from a transient node the walk is symmetric
    # (2 absorbing nodes per side), so it ends in Y with prob 1/2. Absorbing start nodes end at
    # home: P_XY = 98 * 0.5 / 100 = 0.49 -> RWC = 1 - 0.49 - 0.49 = 0.02.
    rng = np.random.default_rng(5)
    labels = rng.permutation([0] * 100 + [1] * 100)
    G = nx.complete_graph(200)
    sides = {v: int(labels[v]) for v in G}
    assert rwc_exact(G, sides, k=2) == pytest.approx(0.02, abs=1e-9)


def test_rwc_dangling_component_is_excluded():
    # A component without absorbing nodes does not change RWC (its nodes are not start nodes)
    G = nx.disjoint_union(nx.complete_graph(6), nx.complete_graph(6))
    sides = {v: v // 6 for v in G}
    H = nx.disjoint_union(G, nx.path_graph(3))
    sides_h = {**sides, 12: 0, 13: 1, 14: 0}
    assert rwc_exact(H, sides_h, k=2) == 1.0


@pytest.mark.parametrize("seed", range(5))
def test_rwc_exact_agrees_with_monte_carlo_within_3_se(seed):
    G = nx.stochastic_block_model([25, 35], [[0.25, 0.04], [0.04, 0.2]], seed=seed)
    sides = {v: G.nodes[v]["block"] for v in G}
    exact = rwc_exact(G, sides, k=3)
    est, se = rwc_monte_carlo(G, sides, k=3, n_walks=3000, seed=seed)
    assert se > 0
    assert abs(est - exact) <= 3 * se


@pytest.mark.parametrize("seed", range(3))
def test_rwc_directed_exact_agrees_with_monte_carlo(seed):
    G = nx.gnp_random_graph(50, 0.08, seed=seed, directed=True)
    sides = {v: int(v >= 25) for v in G}
    exact = rwc_exact(G, sides, k=3)
    with pytest.warns(RuntimeWarning) if any(d == 0 for _, d in G.out_degree()) else _nullcontext():
        est, se = rwc_monte_carlo(G, sides, k=3, n_walks=3000, seed=seed)
    assert abs(est - exact) <= 3 * se + 1e-12


def test_rwc_weighted_exact_agrees_with_monte_carlo():
    G = nx.stochastic_block_model([20, 20], [[0.3, 0.05], [0.05, 0.3]], seed=11)
    rng = np.random.default_rng(0)
    for u, v in G.edges():
        G[u][v]["w"] = float(rng.uniform(0.1, 5.0))
    sides = {v: G.nodes[v]["block"] for v in G}
    exact = rwc_exact(G, sides, k=2, weight="w")
    est, se = rwc_monte_carlo(G, sides, k=2, n_walks=3000, seed=3, weight="w")
    assert abs(est - exact) <= 3 * se
    assert exact != pytest.approx(rwc_exact(G, sides, k=2))  # weights matter


def test_rwc_monte_carlo_is_deterministic_for_a_seed():
    G = nx.stochastic_block_model([20, 20], [[0.3, 0.05], [0.05, 0.3]], seed=2)
    sides = {v: G.nodes[v]["block"] for v in G}
    assert rwc_monte_carlo(G, sides, k=2, n_walks=500, seed=9) == rwc_monte_carlo(
        G, sides, k=2, n_walks=500, seed=9
    )


class _nullcontext:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


# ----------------------------------------------------------------- null model


def test_randomise_keeps_every_degree_undirected():
    G = nx.gnm_random_graph(40, 100, seed=1)
    R = randomise(G, seed=2, swaps_per_edge=5)
    assert dict(R.degree()) == dict(G.degree())
    assert set(R.edges()) != set(G.edges())


def test_randomise_keeps_in_and_out_degrees_directed():
    G = nx.gnm_random_graph(40, 120, seed=1, directed=True)
    R = randomise(G, seed=2, swaps_per_edge=5)
    assert R.is_directed()
    assert dict(R.in_degree()) == dict(G.in_degree())
    assert dict(R.out_degree()) == dict(G.out_degree())


def _halves(G, seed):
    # recompute by Louvain (deterministic for a seed), two largest communities
    comms = sorted(nx.community.louvain_communities(G, seed=seed), key=len, reverse=True)
    return {v: i for i, c in enumerate(comms[:2]) for v in c}


def test_null_model_reproducible_and_complete():
    G = nx.connected_caveman_graph(3, 6)
    a = null_model(G, ei_index, n=4, seed=7, recompute=_halves, swaps_per_edge=3)
    b = null_model(G, ei_index, n=4, seed=7, recompute=_halves, swaps_per_edge=3)
    assert a == b
    assert len(a["values"]) == 4
    assert a["difference"] == pytest.approx(a["observed"] - a["null_mean"])
    assert a["null_low"] <= a["null_mean"] <= a["null_high"]
    # caveman graph is far more segregated than its randomisations
    assert a["observed"] < a["null_low"]


def test_null_model_default_recompute_runs():
    G = nx.connected_caveman_graph(2, 8)
    res = null_model(G, modularity, n=2, seed=1, swaps_per_edge=2)
    assert res["observed"] > res["null_mean"]


def test_bootstrap_interval_reproducible_and_below_zero_for_cliques():
    G = nx.connected_caveman_graph(3, 6)
    sides = {v: int(v >= 6) for v in G}  # cave 0 vs caves 1-2
    a = bootstrap_interval(G, sides, ei_index, n=30, seed=4)
    assert a == bootstrap_interval(G, sides, ei_index, n=30, seed=4)
    assert len(a["values"]) == 30
    assert a["low"] <= a["high"] < 0  # E-I of near-disjoint cliques is strongly negative
    assert a["observed"] == ei_index(G, sides)


# ----------------------------------------------------------------- echo chambers


def test_echo_chamber_table_on_hand_graph():
    # 0 - 1, 0 - 2, 2 - 3; node 3 has no leaning
    G = nx.Graph([(0, 1), (0, 2), (2, 3)])
    t = echo_chambers(G, {0: 1.0, 1: 0.5, 2: -0.5})
    assert list(t.columns) == ["node", "leaning", "neighbour_leaning", "degree"]
    assert t["node"].tolist() == [0, 1, 2]
    # node 0: mean(0.5, -0.5) = 0; node 1: 1.0; node 2: 1.0 (node 3 has no leaning)
    assert t["neighbour_leaning"].tolist() == [0.0, 1.0, 1.0]
    assert t["degree"].tolist() == [2, 1, 1]


def test_echo_chambers_directed_uses_out_neighbours():
    G = nx.DiGraph([(0, 1), (2, 0)])
    t = echo_chambers(G, {0: -1.0, 1: 1.0, 2: 0.0}).set_index("node")
    assert t.loc[0, "neighbour_leaning"] == 1.0  # out-neighbour 1 only
    assert math.isnan(t.loc[1, "neighbour_leaning"])  # no out-neighbours
    assert t.loc[2, "neighbour_leaning"] == -1.0


def test_echo_chamber_summary_fisher_interval():
    t = pd.DataFrame(
        {"leaning": np.linspace(-1, 1, 20), "neighbour_leaning": np.linspace(-1, 1, 20) ** 3}
    )
    s = echo_chamber_summary(t)
    r = np.corrcoef(t["leaning"], t["neighbour_leaning"])[0, 1]
    assert s["pearson_r"] == pytest.approx(r)
    assert s["ci_low"] == pytest.approx(
        math.tanh(math.atanh(r) - 1.959963984540054 / math.sqrt(17))
    )
    assert s["ci_low"] < r < s["ci_high"]
    assert s["n"] == 20


def test_leaning_from_shares_sums_rows_and_drops_empty():
    counts = pd.DataFrame({"node": ["u", "u", "v", "w"], "n_a": [1, 2, 0, 0], "n_b": [1, 0, 4, 0]})
    # u: a=3, b=1 -> (1-3)/4 = -0.5; v: +1; w: no shares -> dropped
    assert leaning_from_shares(counts) == {"u": -0.5, "v": 1.0}


# ----------------------------------------------------------------- real data


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "polblogs" / "polblogs.gml").exists(), reason="no shared data")
def test_polblogs_is_polarised():
    M = nx.read_gml(SHARED / "polblogs" / "polblogs.gml", label="id")
    G = nx.Graph(M)
    G.remove_edges_from(list(nx.selfloop_edges(G)))
    G = G.subgraph(max(nx.connected_components(G), key=len)).copy()
    sides = {v: d["value"] for v, d in G.nodes(data=True)}
    t = time.perf_counter()
    rwc = rwc_exact(G, sides, k=10)
    dt = time.perf_counter() - t
    ei, q, bp = ei_index(G, sides), modularity(G, sides), boundary_polarization(G, sides)
    print(
        f"polblogs n={G.number_of_nodes()} m={G.number_of_edges()} RWC={rwc:.4f} ({dt:.2f}s)"
        f" EI={ei:.4f} Q={q:.4f} BP={bp:.4f}"
    )
    assert G.number_of_nodes() == 1222
    assert q == pytest.approx(0.4052, abs=1e-3)  # PROVENANCE.md
    assert rwc > 0.5
    assert q > 0.3


def _conover(name):
    D = nx.read_graphml(SHARED / "conover-icwsm2011" / f"{name}.graphml.gz")
    G = nx.Graph(D.to_undirected())
    G.remove_edges_from(list(nx.selfloop_edges(G)))
    sides = {v: c for v, c in D.nodes(data="cluster") if c in ("left", "right")}
    return G, sides


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "conover-icwsm2011").exists(), reason="no shared data")
def test_conover_retweet_more_controversial_than_mention():
    out = {}
    for name in ("retweet", "mention"):
        G, sides = _conover(name)
        t = time.perf_counter()
        out[name] = rwc_exact(G, sides, k=10)
        print(
            f"conover {name}: RWC={out[name]:.4f} ({time.perf_counter() - t:.2f}s)"
            f" Q={modularity(G, sides):.4f} EI={ei_index(G, sides):.4f}"
        )
    assert out["retweet"] > out["mention"] + 0.2


def test_null_model_same_values_in_worker_processes():
    # the randomisations are split over processes; each keeps its own seed, so the
    # result must not depend on n_jobs
    G = nx.connected_caveman_graph(3, 6)
    one = null_model(G, ei_index, n=5, seed=3, recompute=_halves, swaps_per_edge=3)
    two = null_model(G, ei_index, n=5, seed=3, recompute=_halves, swaps_per_edge=3, n_jobs=2)
    assert one == two


def test_randomise_mixes_a_segregated_graph():
    # two cliques joined by one edge: after the swaps many edges run between the halves,
    # which a no-op or degree-only shuffle of node labels would not produce
    G = nx.barbell_graph(10, 0)
    half = {v: v < 10 for v in G}
    R = randomise(G, seed=4)
    crossing = sum(half[u] != half[v] for u, v in R.edges())
    assert dict(R.degree()) == dict(G.degree())
    assert crossing >= 5


def test_rwc_is_conditional_on_the_end_side_as_in_the_paper():
    # Garimella et al.: P_AB = Pr[start A | end B], start side 1/2 each. Hand computation:
    # X = {x0 hub, x1, x2, x3}, Y = {y0 hub, y1, y2}; k = 1 -> x0 and y0 absorb.
    # x1 is joined to x0 and to y0, so a walk from x1 ends in Y with prob 1/2:
    # a = Pr[end Y | start X] = (1/2)/4 = 1/8; no Y walk reaches X: c = 0.
    # end X: 7/8 (all from X) -> P_XX = 1, P_YX = 0; end Y: 1/8 + 1 = 9/8 -> P_YY = 8/9.
    # RWC = 1 * 8/9 - 0 = 8/9 (the start-conditional shortcut 1 - a - c would give 7/8).
    G = nx.Graph(
        [("x0", "x1"), ("x0", "x2"), ("x0", "x3"), ("x1", "y0"), ("y0", "y1"), ("y0", "y2")]
    )
    sides = {"x0": "X", "x1": "X", "x2": "X", "x3": "X", "y0": "Y", "y1": "Y", "y2": "Y"}
    assert rwc_exact(G, sides, k=1) == pytest.approx(8 / 9)
    est, se = rwc_monte_carlo(G, sides, k=1, n_walks=20_000, seed=2)
    assert abs(est - 8 / 9) < 3 * se


def test_rwc_absorbing_nodes_are_the_top_degree_nodes_when_few_nodes_have_sides():
    # Two stars (hubs a0, b0, five leaves each) joined by the leaf edge a1-b1, plus 40
    # unsided isolates listed first, so fewer than half of G's nodes have a side (a subgraph
    # view then iterates its nodes in another order than G). k = 1 -> the hubs absorb.
    # From a1: x = 1/2 * 0 + 1/2 * y; from b1: y = 1/2 + 1/2 * x -> x = 1/3 (a1 ends in B).
    # a = c = (1/3)/6 = 1/18 -> RWC = 1 - 2/18 = 8/9.
    G = nx.Graph()
    G.add_nodes_from(f"u{i}" for i in range(40))
    for hub in ("a", "b"):
        G.add_edges_from((f"{hub}0", f"{hub}{i}") for i in range(1, 6))
    G.add_edge("a1", "b1")
    sides = {v: v[0] for v in G if v[0] in "ab"}
    assert rwc_exact(G, sides, k=1) == pytest.approx(8 / 9)
