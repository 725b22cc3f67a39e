"""Benchmark: the scale path (Dask, a local cluster) against the single-machine path.

For each corpus size (twarc2 page files made deterministically by ``make_twarc2.py`` into
``benchmarks/_data/``, as ``bench_ingest.py`` makes them), every path runs in a fresh
interpreter through the same stages:

``ingest``
    raw twarc2 pages → ``posts.parquet/`` (pseudonymised), rejects, manifest.
``edges``
    retweet and mention edge tables and hashtag co-occurrence from the processed posts
    (single machine: ``read_processed`` then :mod:`discourse.networks`; Dask:
    :func:`discourse.scale.network_tables` on the Parquet parts).
``text``
    token counts (single machine: :func:`discourse.text.tokenize_posts` on the posts table;
    Dask: :func:`discourse.scale.token_counts`).

Printed per size, path and stage: wall time, peak resident memory of the main process (for Dask
it also holds the scheduler), the largest peak of any worker process, and the load average
(the machine is shared: compare figures taken under similar load). Then whether the two paths
gave identical outputs (posts parts, rejects and manifest byte for byte; edge tables and token
counts equal), and a projection for 100M posts. Asserts nothing (benchmarks are not tests).

Usage::

    python benchmarks/bench_dask.py [--sizes 1000000 2000000 5000000] [--workers 2]
        [--stages ingest edges text] [--paths single dask]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from bench_ingest import ensure_file  # noqa: E402

KEY = b"benchmark-key-000000000000000000"
STAGES = ("ingest", "edges", "text")


def _load() -> float:
    return os.getloadavg()[0]


class _Peaks:
    """Sample, every 50 ms, the resident memory of this process and of each child (the worker
    processes): peak of this process, largest peak of any child, peak of the sum."""

    def __init__(self, interval: float = 0.05):
        import threading

        self.interval = interval
        self.main = self.worker = self.total = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.is_set():
            try:
                main = me.memory_info().rss
                kids = []
                for c in me.children(recursive=True):
                    try:
                        kids.append(c.memory_info().rss)
                    except psutil.Error:
                        pass
                self.main = max(self.main, main)
                self.worker = max(self.worker, max(kids, default=0))
                self.total = max(self.total, main + sum(kids))
            except psutil.Error:
                pass
            self._stop.wait(self.interval)

    def __enter__(self) -> _Peaks:
        self._t.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._t.join()


class _Stage:
    """Time one stage and sample memory (see :class:`_Peaks`) and the load average."""

    def __init__(self, results: dict, name: str):
        self.results, self.name = results, name

    def __enter__(self):
        self.load0 = _load()
        self.mem = _Peaks().__enter__()
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        wall = time.perf_counter() - self.t0
        self.mem.__exit__(*exc)
        self.results[self.name] = {
            "wall_s": wall,
            "peak_main_gib": self.mem.main / 2**30,
            "peak_worker_gib": self.mem.worker / 2**30,
            "peak_total_gib": self.mem.total / 2**30,
            "load_start": self.load0,
            "load_end": _load(),
        }


def _run_one(path: Path, mode: str, stages: list[str], workers: int, out: Path) -> dict:
    import pandas as pd

    import discourse
    from discourse import networks as nw

    results: dict = {"mode": mode}
    processed = out / "processed"
    if mode == "dask":
        from distributed import Client, LocalCluster

        t = time.perf_counter()
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
        client = Client(cluster)
        results["cluster_start_s"] = time.perf_counter() - t
        sched = {"scheduler": client}
    else:
        client = cluster = None
        sched = {}
    try:
        if "ingest" in stages:
            with _Stage(results, "ingest"):
                report = discourse.ingest(
                    path, out=processed, key=KEY, **(sched or {"workers": workers})
                )
            results["ingest"]["tweets"] = report.read
            results["ingest"]["rows"] = report.accepted + report.references_added
            results["ingest"]["parts"] = len(list((processed / "posts.parquet").iterdir()))
            results["ingest"]["parquet_mb"] = (
                sum(f.stat().st_size for f in (processed / "posts.parquet").iterdir()) / 1e6
            )
        if "edges" in stages:
            with _Stage(results, "edges"):
                if mode == "dask":
                    tables = discourse.scale.network_tables(
                        processed,
                        scheduler=client,
                        kinds=("retweet", "mention"),
                        node_table=False,
                    )
                    rt, mention = tables["edges"]["retweet"][0], tables["edges"]["mention"][0]
                    tags = tables["hashtag"]
                else:
                    posts = discourse.io.processed.read_processed(processed)
                    rt, _ = nw.edges(posts, "retweet")
                    mention, _ = nw.edges(posts, "mention")
                    tags = nw.hashtag_edges(posts)
                    del posts
            results["edges"]["edges"] = {"retweet": len(rt), "mention": len(mention)}
            for name, table in (("retweet", rt), ("mention", mention), ("hashtag", tags)):
                table.to_parquet(out / f"edges_{name}.parquet", index=False)
        if "text" in stages:
            with _Stage(results, "text"):
                if mode == "dask":
                    counts, report = discourse.scale.token_counts(processed, scheduler=client)
                else:
                    from collections import Counter

                    posts = discourse.io.processed.read_processed(
                        processed,
                        columns=["post_id", "text", "kind", "retweeted_post_id", "is_reference"],
                    )
                    tokens, report = discourse.text.tokenize_posts(posts)
                    del posts
                    occ: Counter = Counter()
                    docs: Counter = Counter()
                    for toks in tokens["tokens"]:
                        occ.update(toks)
                        docs.update(set(toks))
                    counts = pd.DataFrame({"token": list(occ), "count": list(occ.values())}).assign(
                        documents=[docs[k] for k in occ]
                    )
                    counts = counts.sort_values(
                        ["count", "token"], ascending=[False, True], kind="stable"
                    ).reset_index(drop=True)
            results["text"]["documents"] = report.documents
            counts.to_parquet(out / "token_counts.parquet", index=False)
    finally:
        if client is not None:
            client.close()
            cluster.close()
    return results


def _digests(folder: Path) -> dict[str, str]:
    out = {}
    for f in sorted(folder.rglob("*")):
        if f.is_file():
            h = hashlib.sha256()
            with open(f, "rb") as fh:
                for block in iter(lambda fh=fh: fh.read(16 << 20), b""):
                    h.update(block)
            out[str(f.relative_to(folder))] = h.hexdigest()
    return out


def _identical(a: Path, b: Path, stages: list[str]) -> dict[str, bool]:
    import pandas as pd

    same: dict[str, bool] = {}
    if "ingest" in stages:
        same["ingest"] = _digests(a / "processed") == _digests(b / "processed")
    if "edges" in stages:
        ok = True
        for name in ("retweet", "mention", "hashtag"):
            ta = pd.read_parquet(a / f"edges_{name}.parquet")
            tb = pd.read_parquet(b / f"edges_{name}.parquet")
            ok &= ta.equals(tb)
        same["edges"] = bool(ok)
    if "text" in stages:
        same["text"] = pd.read_parquet(a / "token_counts.parquet").equals(
            pd.read_parquet(b / "token_counts.parquet")
        )
    return same


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 2_000_000, 5_000_000])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--stages", nargs="+", default=list(STAGES), choices=STAGES)
    ap.add_argument("--paths", nargs="+", default=["single", "dask"], choices=["single", "dask"])
    ap.add_argument("--keep", action="store_true", help="keep the outputs (benchmarks/_data)")
    ap.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--mode", help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(_run_one(args.one, args.mode, args.stages, args.workers, args.out)))
        return
    import psutil

    print(
        f"machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.1f} GiB; "
        f"{args.workers} workers (single machine: joblib processes; Dask: a LocalCluster of "
        f"{args.workers} single-threaded worker processes); ingest tasks of 64 MiB"
    )
    print(
        f"{'posts':>10} {'path':>6} {'stage':>6} {'wall s':>8} {'posts/s':>9} {'main GiB':>9} "
        f"{'worker GiB':>10} {'sum GiB':>8} {'load':>9}  notes"
    )
    measured: dict[int, dict[str, dict]] = {}
    for n in args.sizes:
        path = ensure_file(n)
        runs: dict[str, dict] = {}
        outs: dict[str, Path] = {}
        for mode in args.paths:
            out = Path(tempfile.mkdtemp(prefix=f"bench-dask-{mode}-", dir=HERE / "_data"))
            outs[mode] = out
            cmd = [
                sys.executable,
                str(Path(__file__).resolve()),
                "--one",
                str(path),
                "--mode",
                mode,
                "--workers",
                str(args.workers),
                "--out",
                str(out),
                "--stages",
                *args.stages,
            ]
            proc = subprocess.run(cmd, check=True, capture_output=True, text=True)
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            runs[mode] = r
            for stage in args.stages:
                s = r[stage]
                notes = []
                if stage == "ingest":
                    notes.append(f"{s['parts']} parts, {s['parquet_mb']:.0f} MB Parquet")
                if stage == "edges":
                    notes.append(
                        f"{s['edges']['retweet']:,} retweet + {s['edges']['mention']:,} "
                        "mention edges"
                    )
                if stage == "text":
                    notes.append(f"{s['documents']:,} documents")
                if mode == "dask" and stage == args.stages[0]:
                    notes.append(f"cluster start {r['cluster_start_s']:.1f} s (not counted)")
                print(
                    f"{n:>10,} {mode:>6} {stage:>6} {s['wall_s']:>8.1f} "
                    f"{n / s['wall_s']:>9,.0f} {s['peak_main_gib']:>9.2f} "
                    f"{s['peak_worker_gib']:>10.2f} {s['peak_total_gib']:>8.2f} "
                    f"{s['load_start']:>4.1f}-{s['load_end']:<4.1f}  " + "; ".join(notes),
                    flush=True,
                )
        if set(args.paths) == {"single", "dask"}:
            same = _identical(outs["single"], outs["dask"], args.stages)
            print(
                f"{n:>10,} identical outputs: "
                + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in same.items()),
                flush=True,
            )
        measured[n] = runs
        if not args.keep:
            for out in outs.values():
                shutil.rmtree(out, ignore_errors=True)
    if "dask" in args.paths:
        _project(measured, args.workers, args.stages)


def _project(measured: dict[int, dict[str, dict]], workers: int, stages: list[str]) -> None:
    """A linear projection for 100M posts from the largest corpus measured on Dask."""
    sizes = sorted(n for n in measured if "dask" in measured[n])
    if not sizes:
        return
    n = sizes[-1]
    r = measured[n]["dask"]
    target = 100_000_000
    print(f"\nprojection for {target:,} posts, from the {n:,}-post Dask run ({workers} workers):")
    if len(sizes) > 1:
        small = measured[sizes[0]]["dask"]
        for stage in stages:
            a, b = small[stage]["peak_worker_gib"], r[stage]["peak_worker_gib"]
            print(
                f"  {stage:>6}: peak per worker {a:.2f} GiB at {sizes[0]:,} posts, "
                f"{b:.2f} GiB at {n:,} ({n / sizes[0]:.0f}x the posts)"
            )
    for stage in stages:
        s = r[stage]
        per_worker = n / s["wall_s"] / workers  # posts per second per worker process
        hours = target / (per_worker * workers) / 3600
        need_1h = math.ceil(target / (per_worker * 3600))
        print(
            f"  {stage:>6}: {per_worker:,.0f} posts/s per worker; {workers} workers "
            f"{hours:.1f} h; {need_1h} workers for 1 h; memory per worker "
            f"~{max(s['peak_worker_gib'], 0.5) * 1.5:.1f} GiB (1.5x the measured peak)"
        )
    if "ingest" in stages:
        mb = r["ingest"]["parquet_mb"] / n * target / 1e3
        print(f"  disk: ~{mb:,.0f} GB of Parquet for the posts (plus the raw files)")
    if "edges" in stages:
        e = r["edges"]["edges"]
        per_post = (e["retweet"] + e["mention"]) / n
        print(
            f"  edge tables come back to the main process: ~{per_post * target / 1e6:,.0f}M "
            f"retweet+mention edges at this corpus's {per_post:.2f} edges per post "
            "(about 100 bytes each in memory)"
        )


if __name__ == "__main__":
    main()
