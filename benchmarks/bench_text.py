"""Benchmark: Indonesian preprocessing throughput (prints figures; not a test).

Generates the synthetic Pilkada Kaltim corpus with ``discourse.synth.generate`` at each size
(cached under ``benchmarks/_data/synth_text_<n>/``; ~48 s for 1M posts) and times, on every post
text (retweets included, as a raw column would be):

* ``preprocess(texts)``: the default pipeline without stemming, 1 and 2 worker processes;
* ``preprocess(texts, stem=True)`` with Sastrawi's per-token cache emptied first, so the
  memoisation inside one call is what is measured;
* ``tokenize_posts(posts)``: the same on the posts table with retweets deduplicated.

Then the same on real Indonesian tweets from ``../shared/data`` when present (Ibrohim & Budi
2019, 13,169 tweets, and Pilpres 2019, 1,815 tweets): a cold run on varied vocabulary, where the
per-chunk memoisation helps least. Targets (issue 5): >= 50,000 posts/s on 2 cores without
stemming; with stemming no worse than 3x slower.

Usage::

    python benchmarks/bench_text.py [--posts 100000 1000000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

HERE = Path(__file__).parent
SHARED = HERE.parent.parent / "shared" / "data"


def synthetic_posts(n: int):
    """The posts table of a synthetic corpus of ``n`` collected posts (generated once)."""
    import pandas as pd

    from discourse.io import read_posts
    from discourse.synth import SynthConfig, generate

    cache = HERE / "_data" / f"synth_text_{n}" / "posts.parquet"
    if cache.exists():
        return pd.read_parquet(cache)
    folder = cache.parent
    t = time.perf_counter()
    generate(folder / "raw", folder / "truth", SynthConfig(n_posts=n, seed=2024))
    print(f"  generated {n:,} posts in {time.perf_counter() - t:.0f} s")
    posts, _ = read_posts(folder / "raw" / "twarc2")
    cols = ["post_id", "text", "kind", "retweeted_post_id", "is_reference", "created_at"]
    posts[cols].to_parquet(cache)
    return posts[cols]


def timed(label: str, n: int, fn, repeat: int):
    """Best wall time of ``repeat`` runs, and the CPU time of this process in that run (under
    load the CPU time is the steadier figure; worker processes' CPU is not included)."""
    best, cpu = float("inf"), float("nan")
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        out = fn()
        wall = time.perf_counter() - t
        if wall < best:
            best, cpu = wall, time.process_time() - c
    print(
        f"  {label:44s} {best:7.2f} s wall {n / best:>10,.0f} posts/s | "
        f"{cpu:7.2f} s CPU {n / cpu:>10,.0f} posts/CPU-s"
    )
    return best, out


def run(texts, posts, repeat: int) -> None:
    from discourse import text as tx

    n = len(texts)
    base, _ = timed("preprocess, default, 1 process", n, lambda: tx.preprocess(texts), repeat)
    timed("preprocess, default, n_jobs=2", n, lambda: tx.preprocess(texts, n_jobs=2), repeat)

    def stemmed(jobs: int):
        tx.clear_stem_cache()
        return tx.preprocess(texts, stem=True, n_jobs=jobs)

    stem, _ = timed("preprocess, stem=True (cold stem cache)", n, lambda: stemmed(1), repeat)
    print(f"  stemming costs {stem / base:.2f}x the default pipeline (target <= 3x)")
    stem2, _ = timed("preprocess, stem=True, n_jobs=2 (cold)", n, lambda: stemmed(2), repeat)
    print(f"  with n_jobs=2 stemming costs {stem2 / base:.2f}x the 1-process default")
    if posts is not None:
        _, (_, report) = timed(
            "tokenize_posts (retweets deduplicated)", len(posts), lambda: tx.tokenize_posts(posts),
            repeat,
        )  # fmt: skip
        print(
            f"  -> {report.documents:,} documents, {report.unique_texts:,} distinct texts, "
            f"{report.tokens_out:,} tokens"
        )


def real_tweets() -> list[str]:
    import csv
    import io

    import pandas as pd

    hs = pd.read_csv(
        SHARED / "id-hatespeech-abusive-ibrohim2019" / "re_dataset.csv", encoding="latin-1"
    )["Tweet"].tolist()
    raw = (SHARED / "pilpres2019-sentiment-tweets" / "tweet.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(raw)))[1:]
    pilpres = [(next(csv.reader(io.StringIO(r[0]))) if len(r) == 1 else r)[2] for r in rows]
    return hs + pilpres


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--repeat", type=int, default=2, help="runs per measurement (best kept)")
    args = ap.parse_args()
    from discourse import text as tx

    tx.preprocess(["warm up: imports, word lists, Sastrawi"], stem=True)
    print(f"load average {os.getloadavg()[0]:.2f} (2 cores shared: figures are noisy)")
    for n in args.posts:
        posts = synthetic_posts(n)
        texts = posts["text"]
        print(f"synthetic corpus, {len(posts):,} rows ({n:,} collected posts):")
        run(texts, posts, args.repeat)
    if SHARED.is_dir():
        texts = real_tweets()
        print(f"real Indonesian tweets (Ibrohim & Budi 2019 + Pilpres 2019), {len(texts):,}:")
        run(texts, None, args.repeat)
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
