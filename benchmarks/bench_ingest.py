"""Benchmark: twarc2 JSONL → canonical posts table (``discourse.ingest``), wall time and memory.

Generates (once, into ``benchmarks/_data/``) twarc2 page files of 10k, 100k and 1M tweets with
``benchmarks/make_twarc2.py``, then times ``discourse.ingest`` on each: parse, transform,
pseudonymise, de-duplicate, write ``posts.parquet`` + rejects + manifest (with sha256 of the
input). Peak memory is the largest sum of resident memory over this process and its worker
processes, sampled every 20 ms. Prints a table; asserts nothing (benchmarks are not tests).

Usage::

    python benchmarks/bench_ingest.py [--sizes 10000 100000 1000000] [--workers 2] [--repeat 1]
"""

from __future__ import annotations

import argparse
import os
import runpy
import shutil
import tempfile
import threading
import time
from pathlib import Path

import psutil

HERE = Path(__file__).parent
DATA = HERE / "_data"


class PeakRSS:
    """Sample the summed RSS of this process and all its descendants."""

    def __init__(self, interval: float = 0.02):
        self.interval = interval
        self.peak = 0
        self.peak_worker = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            try:
                procs = [me, *me.children(recursive=True)]
                rss = []
                for p in procs:
                    try:
                        rss.append(p.memory_info().rss)
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, sum(rss))
                if len(rss) > 1:
                    self.peak_worker = max(self.peak_worker, max(rss[1:]))
            except psutil.Error:
                pass
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRSS:
        self._t.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._t.join()


def ensure_file(n: int, seed: int = 2024) -> Path:
    DATA.mkdir(exist_ok=True)
    path = DATA / f"twarc2_{n}.jsonl"
    if not path.exists():
        gen = runpy.run_path(str(HERE / "make_twarc2.py"))
        t = time.perf_counter()
        tmp = path.with_suffix(".tmp")
        gen["generate"](tmp, n, seed=seed)
        os.replace(tmp, path)
        print(
            f"generated {path} ({path.stat().st_size / 1e9:.2f} GB) in "
            f"{time.perf_counter() - t:.1f} s"
        )
    return path


def bench(path: Path, workers: int | None) -> dict:
    import discourse

    out = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    try:
        with PeakRSS() as mem:
            t = time.perf_counter()
            report = discourse.ingest(
                path, out=out, key=b"benchmark-key-000000000000000000", workers=workers
            )
            wall = time.perf_counter() - t
        rows = report.accepted + report.references_added
        return {
            "file_gb": path.stat().st_size / 1e9,
            "tweets": report.read,
            "rows": rows,
            "wall_s": wall,
            "peak_gib": mem.peak / 2**30,
            "peak_worker_gib": mem.peak_worker / 2**30,
            "reconciles": report.reconciles(),
            "parquet_mb": (out / "posts.parquet").stat().st_size / 1e6,
        }
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    print(
        f"machine: {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.1f} GiB; workers={args.workers or 'auto'}"
    )
    print(
        f"{'tweets':>9} {'file GB':>8} {'rows':>9} {'wall s':>7} {'tweets/s':>10} "
        f"{'peak GiB':>9} {'worker GiB':>10} {'parquet MB':>10} reconciles"
    )
    for n in args.sizes:
        path = ensure_file(n)
        for _ in range(args.repeat):
            r = bench(path, args.workers)
            print(
                f"{r['tweets']:>9,} {r['file_gb']:>8.2f} {r['rows']:>9,} {r['wall_s']:>7.2f} "
                f"{r['tweets'] / r['wall_s']:>10,.0f} {r['peak_gib']:>9.2f} "
                f"{r['peak_worker_gib']:>10.2f} {r['parquet_mb']:>10.1f} {r['reconciles']}"
            )


if __name__ == "__main__":
    main()
