"""Benchmark: twarc2 JSONL → canonical posts table, wall time and peak memory.

Generates (once, into ``benchmarks/_data/``) twarc2 page files of 10k, 100k and 1M tweets with
``benchmarks/make_twarc2.py``, then times two paths on each, every run in a fresh interpreter:

``read_posts``
    the canonical table in memory (``discourse.read_posts(path, as_arrow=True)``): parse,
    transform, de-duplicate.
``ingest``
    the processed output on disk (``discourse.ingest``): the same, plus pseudonymisation, the
    Parquet dataset, rejects and a manifest with the sha256 of the input.

Peak memory is the largest sum of resident memory over the measuring process and its worker
processes, sampled every 20 ms. Prints a table; asserts nothing (benchmarks are not tests).

Usage::

    python benchmarks/bench_ingest.py [--sizes 10000 100000 1000000] [--workers 2] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
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
    """Generate the n-tweet file once, in a subprocess (so its memory is not measured)."""
    DATA.mkdir(exist_ok=True)
    path = DATA / f"twarc2_{n}.jsonl"
    if not path.exists():
        t = time.perf_counter()
        tmp = path.with_suffix(".tmp")
        subprocess.run(
            [
                sys.executable,
                str(HERE / "make_twarc2.py"),
                str(tmp),
                "--tweets",
                str(n),
                "--seed",
                str(seed),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        os.replace(tmp, path)
        print(
            f"generated {path} ({path.stat().st_size / 1e9:.2f} GB) in "
            f"{time.perf_counter() - t:.1f} s"
        )
    return path


def bench(path: Path, workers: int | None, mode: str) -> dict:
    """One measured run in a fresh interpreter (peak memory of that process and its workers)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", str(path), "--mode", mode]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _bench_here(path: Path, workers: int | None, mode: str) -> dict:
    import discourse

    out = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    try:
        with PeakRSS() as mem:
            t = time.perf_counter()
            if mode == "ingest":
                report = discourse.ingest(
                    path, out=out, key=b"benchmark-key-000000000000000000", workers=workers
                )
            else:
                _table, report = discourse.read_posts(path, as_arrow=True, workers=workers)
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
            "mode": mode,
            "parquet_mb": sum(f.stat().st_size for f in out.rglob("*.parquet") if f.is_file())
            / 1e6,
        }
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument(
        "--modes", nargs="+", default=["read_posts", "ingest"], choices=["read_posts", "ingest"]
    )
    ap.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--mode", default="ingest", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(_bench_here(args.one, args.workers, args.mode)))
        return
    print(
        f"machine: {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.1f} GiB; workers={args.workers or 'auto'}"
    )
    print(
        f"{'mode':>10} {'tweets':>9} {'file GB':>8} {'rows':>9} {'wall s':>7} {'tweets/s':>10} "
        f"{'peak GiB':>9} {'worker GiB':>10} {'parquet MB':>10} reconciles"
    )
    for n in args.sizes:
        path = ensure_file(n)
        for mode in args.modes:
            for _ in range(args.repeat):
                r = bench(path, args.workers, mode)
                print(
                    f"{mode:>10} {r['tweets']:>9,} {r['file_gb']:>8.2f} {r['rows']:>9,} "
                    f"{r['wall_s']:>7.2f} {r['tweets'] / r['wall_s']:>10,.0f} "
                    f"{r['peak_gib']:>9.2f} {r['peak_worker_gib']:>10.2f} "
                    f"{r['parquet_mb']:>10.1f} {r['reconciles']}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
