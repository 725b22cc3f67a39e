"""Methods against the planted truth of the synthetic corpus (issue 4 validation).

The generator plants two camps (01, 02) and a follower graph whose within-camp share is the
``homophily`` parameter; retweets travel along it. So on the retweet network (1) communities
should recover the planted camps and (2) polarisation scores should rise with homophily. The
figures are printed (``pytest -s``) so they can be reported.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from discourse.communities import leiden, nmi
from discourse.io import read_posts
from discourse.networks import edges, to_graph
from discourse.polarization import ei_index, modularity, rwc_exact
from discourse.synth import SynthConfig, generate


def _retweet_graph_and_camps(tmp_path, homophily: float, seed: int = 5, n_posts: int = 12_000):
    raw, truth = tmp_path / f"raw_{homophily}", tmp_path / f"truth_{homophily}"
    generate(raw, truth, SynthConfig(n_posts=n_posts, seed=seed, homophily=homophily))
    posts, _ = read_posts(raw / "twarc2")
    table, _ = edges(posts, "retweet")
    G = to_graph(table, directed=False)
    G = G.subgraph(max(nx.connected_components(G), key=len)).copy()
    accounts = pd.read_csv(truth / "accounts.csv", dtype={"account_id": str})
    camp = dict(zip(accounts["account_id"], accounts["camp"], strict=True))
    sides = {n: camp[n] for n in G if camp.get(n) in ("01", "02")}
    return G, sides


@pytest.fixture(scope="module")
def graphs(tmp_path_factory):
    d = tmp_path_factory.mktemp("synthval")
    return {h: _retweet_graph_and_camps(d, h) for h in (0.5, 0.7, 0.9)}


def test_communities_recover_the_planted_camps(graphs):
    G, sides = graphs[0.9]
    part = leiden(G, seed=1)
    # NMI over the partisan accounts (01 and 02; neutral accounts have no planted camp)
    score = nmi({n: part[n] for n in sides}, sides)
    print(f"\nLeiden vs planted camps (homophily 0.9): NMI {score:.3f} on {len(sides)} accounts")
    assert score >= 0.3
    # each of the two largest communities is dominated by one camp
    frame = pd.DataFrame({"community": [part[n] for n in sides], "camp": list(sides.values())})
    top = frame["community"].value_counts().index[:2]
    purity = [frame[frame.community == c]["camp"].value_counts(normalize=True).iloc[0] for c in top]
    print(f"purity of the two largest communities: {purity}")
    assert min(purity) >= 0.8


def test_polarisation_rises_with_homophily(graphs):
    rows = []
    for h, (G, sides) in sorted(graphs.items()):
        rows.append(
            {
                "homophily": h,
                "rwc": rwc_exact(G, sides, k=10),
                "ei": ei_index(G, sides),
                "modularity": modularity(G, sides),
            }
        )
    table = pd.DataFrame(rows)
    print("\n" + table.to_string(index=False))
    assert table["rwc"].is_monotonic_increasing
    assert table["modularity"].is_monotonic_increasing
    assert table["ei"].is_monotonic_decreasing  # fewer cross-camp edges: E-I falls
