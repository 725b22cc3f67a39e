"""Benchmark: the retweet network of a 1,000,000-tweet corpus (prints figures; not a test).

Reads ``benchmarks/_data/twarc2_1000000.jsonl`` (made by ``bench_ingest.py`` /
``make_twarc2.py``; ~155k accounts) with ``discourse.read_posts``, then times, after the posts
table is loaded: the retweet edge table and the undirected graph, Leiden, exact RWC between the
two largest communities (k=10), one degree-preserving randomisation (the unit of the null model,
which parallelises over randomisations) and the recomputed partition on it.

Usage::

    python benchmarks/bench_networks.py [--tweets 1000000]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tweets", type=int, default=1_000_000)
    ap.add_argument("--null", type=int, default=4, help="randomisations for the null-model timing")
    args = ap.parse_args()
    import networkx as nx

    import discourse
    from discourse import communities, networks, polarization

    path = HERE / "_data" / f"twarc2_{args.tweets}.jsonl"
    if not path.exists():
        raise SystemExit(f"{path} is missing: run benchmarks/bench_ingest.py --sizes {args.tweets}")
    t = time.perf_counter()
    posts, _ = discourse.read_posts(path)
    print(f"read_posts: {time.perf_counter() - t:.1f} s, {len(posts):,} rows")

    def timed(label, fn):
        t0 = time.perf_counter()
        out = fn()
        print(f"{label}: {time.perf_counter() - t0:.2f} s")
        return out

    t_all = time.perf_counter()
    table, report = timed("retweet edge table", lambda: networks.edges(posts, "retweet"))
    G = timed("undirected graph", lambda: networks.to_graph(table, directed=False))
    print(f"edge table + graph: {time.perf_counter() - t_all:.2f} s")
    print(
        f"  {report.actions:,} retweets -> {len(table):,} weighted edges; graph "
        f"{G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges"
    )
    part = timed("Leiden (seed 0)", lambda: communities.leiden(G, seed=0))
    print(f"  {len(set(part.values())):,} communities")
    sizes = Counter(part.values())
    big = [c for c, _ in sizes.most_common(2)]
    lcc = G.subgraph(max(nx.connected_components(G), key=len)).copy()
    sides = {n: c for n, c in part.items() if c in big and n in lcc}
    rwc = timed(
        "exact RWC (k=10, two largest communities)",
        lambda: polarization.rwc_exact(lcc, sides, k=10),
    )
    print(f"  RWC = {rwc:.3f}")
    R = timed(
        "one degree-preserving randomisation (10 swap trials/edge)",
        lambda: polarization.randomise(lcc, seed=1),
    )
    timed("Leiden on the randomised graph", lambda: communities.leiden(R, seed=1))
    for jobs in (1, 2):
        t0 = time.perf_counter()
        res = polarization.null_model(
            lcc, {"rwc": polarization.rwc_exact}, n=args.null, seed=0, n_jobs=jobs
        )
        dt = time.perf_counter() - t0
        print(
            f"null model, {args.null} randomisations with recomputed Leiden + RWC, n_jobs={jobs}: "
            f"{dt:.1f} s ({dt / args.null:.1f} s per randomisation); "
            f"null mean RWC {res['rwc']['null_mean']:.3f}"
        )


if __name__ == "__main__":
    main()
