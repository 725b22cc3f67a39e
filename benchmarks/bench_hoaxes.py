"""Benchmark: the hoaxes stage on a 1,000,000-post synthetic corpus (prints figures; not a test).

Targets (issue 6): cascades and metrics for all cascades of a 1,000,000-post corpus in ≤ 20 s;
matching 1,000,000 posts against a catalogue of 100 claims in ≤ 30 s.

The corpus is ``discourse.synth.generate(..., SynthConfig(n_posts=1_000_000, seed=2024))``,
written once to ``benchmarks/_data/synth_1000000/`` (git-ignored; ~60 s) and read once with
``discourse.read_posts`` (ids not pseudonymised, so the planted follower table applies); the
posts table is cached there as ``posts.parquet``.

The 100-claim catalogue is the corpus's own 11 claims (``raw/claims.csv``) plus 89 *decoy*
claims built from the synthetic vocabulary, seeded: each decoy takes a title of five and
six keywords drawn from one narrative's keyword list (``discourse.synth.lexicon.NARRATIVES``,
so decoys share words with the posts and the keyword and similarity rules do real work), two
fictional domains and a fictional fact-check URL. Decoys are load, not claims: their matches
are not evaluated.

Timed (wall clock, after the posts table is loaded): ``match_posts`` (preprocessing included);
``build_cascades`` (observed) + ``cascade_metrics``; ``build_cascades(method="time")`` with
the interaction edges and the follower table + ``cascade_metrics``; and, for information,
the coordination signals.

Usage::

    python benchmarks/bench_hoaxes.py [--posts 1000000] [--claims 100]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

HERE = Path(__file__).parent


def corpus(n: int):
    """The posts table and truth folder of the n-post synthetic corpus (generated once)."""
    import pyarrow.parquet as pq

    from discourse.io import read_posts
    from discourse.schema import from_pandas, to_pandas
    from discourse.synth import SynthConfig, generate

    base = HERE / "_data" / f"synth_{n}"
    raw, truth, cache = base / "raw", base / "truth", base / "posts.parquet"
    if not (truth / "counts.json").is_file():
        t = time.perf_counter()
        generate(raw, truth, SynthConfig(n_posts=n, seed=2024))
        print(f"generated the corpus in {time.perf_counter() - t:.0f} s -> {base}")
    if not cache.is_file():
        posts, _ = read_posts(raw / "twarc2")
        pq.write_table(from_pandas(posts), cache)
    return to_pandas(pq.read_table(cache)), raw, truth


def catalogue(raw: Path, n_claims: int, seed: int = 0):
    """The corpus's claims plus seeded decoys from the narrative keyword lists."""
    import numpy as np
    import pandas as pd

    from discourse.hoaxes import read_catalogue, validate_catalogue
    from discourse.synth.lexicon import NARRATIVES

    own = read_catalogue(raw / "claims.csv")
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n_claims - len(own)):
        words = list(NARRATIVES[i % len(NARRATIVES)].keywords)
        pick = rng.choice(len(words), size=min(6, len(words)), replace=False)
        kws = [words[j].lower() for j in pick]
        rows.append(
            {
                "claim_id": f"D{i + 1}",
                "title": " ".join(kws[:5]),
                "verdict": "SALAH",
                "keywords": "|".join(kws),
                "urls": f"decoy-{i}.example|viral-{i % 7}.example",
                "debunk_url": f"https://cekfakta.example/decoy/{i}",
                "debunk_date": "2024-11-20",
            }
        )
    decoys = validate_catalogue(pd.DataFrame(rows))
    return pd.concat([own, decoys], ignore_index=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=1_000_000)
    ap.add_argument("--claims", type=int, default=100)
    args = ap.parse_args()
    import pandas as pd

    from discourse import hoaxes

    t = time.perf_counter()
    posts, raw, truth = corpus(args.posts)
    print(f"posts table: {len(posts):,} rows ({time.perf_counter() - t:.1f} s to load)")
    cat = catalogue(raw, args.claims)
    follows = pd.read_parquet(truth / "follows.parquet")
    print(f"catalogue: {len(cat)} claims; follower table: {len(follows):,} ties")
    print(f"load average before: {os.getloadavg()[0]:.2f} (2 cores)")

    def timed(label, fn):
        t0 = time.perf_counter()
        out = fn()
        print(f"{label}: {time.perf_counter() - t0:.1f} s")
        return out

    _, rep = timed(
        f"match_posts ({len(posts):,} posts x {len(cat)} claims, preprocessing included)",
        lambda: hoaxes.match_posts(posts, cat),
    )
    print(f"  {rep.matched_posts:,} matched posts, {rep.ambiguous_posts:,} ambiguous")

    def observed():
        nodes, _ = hoaxes.build_cascades(posts)
        return nodes, hoaxes.cascade_metrics(nodes)

    nodes, metrics = timed("observed cascades + metrics", observed)
    print(f"  {len(metrics):,} cascades, {len(nodes):,} nodes")

    def inferred():
        nodes, rep = hoaxes.build_cascades(posts, method="time", follows=follows)
        return nodes, rep, hoaxes.cascade_metrics(nodes)

    nodes, crep, metrics = timed(
        "time-inferred cascades (interaction edges + follower table) + metrics", inferred
    )
    print(f"  inferred retweet parents: {crep.inferred}")
    clusters, _ = timed("near-duplicate bursts", lambda: hoaxes.near_duplicate_bursts(posts))
    squads, _ = timed("co-retweet squads", lambda: hoaxes.coretweet_squads(posts))
    print(f"  {len(clusters):,} bursts, {len(squads):,} squads")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
