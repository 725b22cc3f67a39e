"""Benchmark: LDA training time per pass on 100k and 1M posts (prints figures; not a test).

Uses the synthetic corpora ``bench_text.py`` caches under ``benchmarks/_data/synth_text_<n>/``
(generated here if missing), preprocesses them with ``tokenize_posts`` (retweets
deduplicated), builds the dictionary and bag-of-words corpus once, then times gensim
``LdaModel`` (single process, reproducible; the package default) with K=12 for one pass and for
``--passes`` passes, wall and CPU time. Passes are not equally long (the E-step converges faster
once the topics have formed), so both totals are printed with the mean per pass over
``--passes``. Optionally ``LdaMulticore`` (not reproducible) for comparison.

Usage::

    python benchmarks/bench_topics.py [--posts 100000 1000000] [--passes 2] [--multicore]
"""

from __future__ import annotations

import argparse
import logging
import os
import time

from bench_text import synthetic_posts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--passes", type=int, default=2)
    ap.add_argument("--k", type=int, default=12)
    ap.add_argument("--multicore", action="store_true", help="also time LdaMulticore (2 workers)")
    args = ap.parse_args()
    logging.disable(logging.WARNING)
    from discourse.text import tokenize_posts
    from discourse.topics import TopicModel

    print(f"load average {os.getloadavg()[0]:.2f} (2 cores shared: figures are noisy)")
    for n in args.posts:
        posts = synthetic_posts(n)
        t = time.perf_counter()
        tokens, report = tokenize_posts(posts)
        print(
            f"{n:,} posts: tokenize_posts {time.perf_counter() - t:.1f} s -> "
            f"{report.documents:,} documents, {report.tokens_out:,} tokens"
        )
        base = TopicModel(args.k, seed=0)
        t = time.perf_counter()
        dictionary, corpus, filters = base._prepare(tokens["tokens"].tolist())
        print(
            f"  dictionary + bag of words {time.perf_counter() - t:.1f} s "
            f"({filters['vocabulary_after']:,} terms of {filters['vocabulary_before']:,})"
        )
        for passes in sorted({1, args.passes}):
            t, c = time.perf_counter(), time.process_time()
            TopicModel(args.k, seed=0, passes=passes)._train(dictionary, corpus)
            wall, cpu = time.perf_counter() - t, time.process_time() - c
            print(
                f"  LdaModel K={args.k}, {passes} pass(es): {wall:.1f} s wall, {cpu:.1f} s CPU "
                f"({wall / passes:.1f} s wall, {cpu / passes:.1f} s CPU per pass)"
            )
        if args.multicore:
            t = time.perf_counter()
            TopicModel(args.k, seed=0, passes=1, multicore=True, workers=2)._train(
                dictionary, corpus
            )
            print(f"  LdaMulticore (2 workers, not reproducible), 1 pass: "
                  f"{time.perf_counter() - t:.1f} s")  # fmt: skip
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
