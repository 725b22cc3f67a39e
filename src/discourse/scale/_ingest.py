"""The ingest engine's tasks run as a Dask job (internal; see :func:`discourse.io.ingest`).

The same plan (:func:`discourse.io.engine.plan`: a file, a worksheet or a 64 MiB byte range of
a JSON-lines file per task) and the same task function (:func:`discourse.io.engine.run_task`:
the format's reader, pseudonymisation, Parquet parts written by the worker) as on one machine.
What differs is how the pieces meet:

1. **Line numbers.** A byte range's rows carry their physical line numbers in the file, so a
   range needs the number of lines before it. One small task per range counts its newlines
   (:func:`~discourse.io.engine.range_lines`); a range is read as soon as the ranges before it
   are counted. One task per file hashes it (sha256, for the manifest).
2. **De-duplication without gathering every key.** Each read task writes its de-duplication
   keys (post id, the ranking fields, where the record sits) into one Arrow file, bucketed by
   a hash of the post id. One task per bucket then ranks the records of its posts with
   :func:`~discourse.io.engine.rank_keys`, the single-machine rule, on rows kept in reading
   order; every record of a post lands in the same bucket, so the decisions are the same as
   on the whole table. Buckets hold about 16 tasks' keys, whatever the corpus size.
3. **Dropping the losers.** Only the parts that hold a record which lost to a record of
   another part are rewritten (:func:`~discourse.io.engine.drop_part`, idempotent).

The counts come back to the client and go through the single-machine report code, so the
report reconciles exactly as on one machine. Parts and key files are written under temporary
names and renamed; if a worker dies, the cluster reruns its tasks (they are idempotent), and if
it cannot (a task killed its worker too often) the job stops with a clear error and
:func:`discourse.io.ingest` removes the unfinished dataset folder: nothing is published.
"""

from __future__ import annotations

import dataclasses
import math
import os
import uuid
from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.ipc as ipc

from ..io import engine as eng

#: Read tasks whose keys share one de-duplication bucket (sets the number of buckets).
TASKS_PER_BUCKET = 16


class ClusterJobError(RuntimeError):
    """A Dask job could not finish: its workers died, or the cluster went away.

    Raised by :func:`discourse.io.ingest` (and :func:`discourse.scale.ingest`) with a
    scheduler; the message names the file (and byte range) whose task killed its workers, and
    nothing was published.

    Examples
    --------
    >>> str(ClusterJobError("ingest failed on the Dask cluster; nothing was published"))
    'ingest failed on the Dask cluster; nothing was published'
    """


def _bucket_of(post_id: pa.ChunkedArray | pa.Array, n_buckets: int) -> np.ndarray:
    """Bucket of each post id: the same in every process (pandas' fixed-key SipHash)."""
    if n_buckets == 1:
        return np.zeros(len(post_id), dtype=np.int64)
    import pandas as pd

    values = post_id.to_numpy(zero_copy_only=False)
    h = pd.util.hash_array(values.astype(object), categorize=True)
    return (h % np.uint64(n_buckets)).astype(np.int64)


def read_task(
    task: eng.Task,
    part_dir: str,
    pseudo_spec,
    part_format: str,
    keys_path: str,
    n_buckets: int,
) -> eng.TaskResult:
    """Worker side: :func:`~discourse.io.engine.run_task`, then its keys (plus whether each
    record was written) bucketed into one Arrow IPC file with one record batch per bucket."""
    res = eng.run_task(task, part_dir, pseudo_spec, part_format)
    keys, res.keys = res.keys, None
    if keys is not None and keys.num_rows:
        written = np.concatenate([w for (_, _, _, w) in res.parts])
        keys = keys.append_column("written", pa.array(written))
        bucket = _bucket_of(keys.column("post_id"), n_buckets)
        order = np.argsort(bucket, kind="stable")  # reading order kept within a bucket
        keys = keys.take(pa.array(order))
        bounds = np.searchsorted(bucket[order], np.arange(n_buckets + 1))
        tmp = f"{keys_path}.{uuid.uuid4().hex[:8]}.tmp"
        with pa.OSFile(tmp, "wb") as sink, ipc.new_file(sink, keys.schema) as w:
            for b in range(n_buckets):
                piece = keys.slice(bounds[b], bounds[b + 1] - bounds[b])
                cols = [c.combine_chunks() for c in piece.columns]
                w.write_batch(pa.RecordBatch.from_arrays(cols, schema=keys.schema))
        os.replace(tmp, keys_path)
    return res


def dedupe_bucket(keys_paths: list[str], bucket: int) -> tuple[dict, dict]:
    """Worker side: rank one bucket's records; return the written losers per task as
    ``{task: (part, row)}`` arrays and the per-task counts."""
    batches = []
    for p in keys_paths:
        with pa.memory_map(p) as src:
            b = ipc.open_file(src).get_batch(bucket)
            if b.num_rows:
                batches.append(pa.Table.from_batches([b]).combine_chunks())
    if not batches:
        return {}, {}
    k = pa.concat_tables(batches).combine_chunks()
    keep = eng.rank_keys(k)
    counts = eng.task_counts(k, keep)
    lose = ~keep & k.column("written").to_numpy(zero_copy_only=False)
    losers: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    if lose.any():
        task = k.column("task").to_numpy()[lose]
        part = k.column("part").to_numpy()[lose]
        row = k.column("row").to_numpy()[lose]
        for t in np.unique(task):
            sel = task == t
            losers[int(t)] = (part[sel], row[sel])
    return losers, counts


def drop_task(parts: list, losers: list[tuple[np.ndarray, np.ndarray]], part_format: str) -> int:
    """Worker side: rewrite the parts of one task that hold losing records; return how many
    parts were touched."""
    part = np.concatenate([p for p, _ in losers])
    row = np.concatenate([r for _, r in losers])
    touched = 0
    for i in np.unique(part):
        c_path, r_path, is_ref, written = parts[int(i)]
        keep = np.ones(len(is_ref), dtype=bool)
        keep[row[part == i]] = False
        eng.drop_part(c_path, r_path, is_ref, written, keep, part_format)
        touched += 1
    return touched


def _describe(task: eng.Task) -> str:
    if task.kind in eng._LINE_FORMATS and not (task.start == 0 and task.is_last):
        return f"{task.report_path} (bytes {task.start}-{task.end})"
    return task.report_path


def collect(
    plan_: eng.Plan,
    *,
    runner,
    part_dir: str,
    pseudo_spec=None,
    part_format: str = "parquet",
    hash_inputs: bool = True,
    progress: Callable[[int, int], None] | None = None,
    n_buckets: int | None = None,
) -> eng.Collected:
    """Run the plan's tasks through ``runner`` (see :mod:`discourse.scale._cluster`) and
    return what :func:`discourse.io.engine.collect` returns, with the parts de-duplicated."""
    tasks = plan_.tasks
    run = uuid.uuid4().hex[:10]
    keys_dir = os.path.join(part_dir, "_keys")
    os.makedirs(keys_dir, exist_ok=True)
    nb = n_buckets or max(1, math.ceil(len(tasks) / TASKS_PER_BUCKET))
    live: list = []
    try:
        return _collect(
            plan_,
            runner,
            run,
            part_dir,
            keys_dir,
            pseudo_spec,
            part_format,
            hash_inputs,
            progress,
            nb,
            live,
        )
    except Exception as e:
        runner.cancel(live)
        from distributed import KilledWorker

        if isinstance(e, KilledWorker):
            seq = str(e.task).rsplit("-", 1)[-1]
            what = next((_describe(t) for t in tasks if str(t.seq) == seq), str(e.task))
            raise ClusterJobError(
                f"ingest failed on the Dask cluster: the workers running the task for {what} "
                f"died {e.allowed_failures + 1} times (last: {e.last_worker.address}); "
                "nothing was published"
            ) from e
        if type(e).__name__ in ("CancelledError", "FutureCancelledError", "CommClosedError"):
            raise ClusterJobError(
                f"ingest failed on the Dask cluster ({type(e).__name__}: {e}); nothing was "
                "published"
            ) from e
        raise
    finally:
        import shutil

        shutil.rmtree(keys_dir, ignore_errors=True)


def _collect(
    plan_,
    runner,
    run,
    part_dir,
    keys_dir,
    pseudo_spec,
    part_format,
    hash_inputs,
    progress,
    nb,
    live,
) -> eng.Collected:
    tasks = plan_.tasks
    # ranges of each multi-range JSON-lines file, in order
    ranges: dict[str, list[eng.Task]] = {}
    for t in tasks:
        if t.kind in eng._LINE_FORMATS:
            ranges.setdefault(t.path, []).append(t)
    ac = runner.as_completed()
    role: dict[str, tuple] = {}

    def submit(kind: str, fn, *args, ident, priority=0):
        f = runner.submit(fn, *args, key=f"discourse-{kind}-{run}-{ident}", priority=priority)
        role[f.key] = (kind, ident)
        live.append(f)
        ac.add(f)
        return f

    def keys_path(t: eng.Task) -> str:
        return os.path.join(keys_dir, f"k-{t.seq:06d}.arrow")

    def submit_read(t: eng.Task) -> None:
        submit(
            "read",
            read_task,
            t,
            part_dir,
            pseudo_spec,
            part_format,
            keys_path(t),
            nb,
            ident=t.seq,
            priority=1,
        )

    # lines before each range of a multi-range file, known as the counts come back
    newlines: dict[tuple[str, int], int] = {}
    lines: dict[tuple[str, int], int] = {}
    bases: dict[str, list[int]] = {}
    submitted: dict[str, int] = {}
    for path, rs in ranges.items():
        if len(rs) > 1:
            bases[path], submitted[path] = [0], 0
            for t in rs[:-1]:  # the last range's count is not needed
                submit("count", eng.range_lines, path, t.start, t.end, ident=t.seq, priority=2)
    digest_path: dict[int, str] = {}
    if hash_inputs:
        for path in dict.fromkeys(t.path for t in tasks):
            digest_path[len(digest_path)] = path
            submit("digest", eng.file_digest, path, ident=len(digest_path) - 1)
    for t in tasks:
        if t.kind not in eng._LINE_FORMATS or len(ranges[t.path]) == 1:
            submit_read(t)

    def release_ranges(path: str) -> None:
        """Submit the ranges of ``path`` whose earlier ranges are all counted."""
        rs, b = ranges[path], bases[path]
        while len(b) < len(rs) and (path, rs[len(b) - 1].start) in newlines:
            b.append(b[-1] + newlines[(path, rs[len(b) - 1].start)])
        for j in range(submitted[path], len(b)):
            n = lines.get((path, rs[j].start))
            submit_read(dataclasses.replace(rs[j], line_base=b[j], n_lines=n))
        submitted[path] = len(b)

    for path in bases:
        release_ranges(path)

    by_seq = {t.seq: t for t in tasks}
    results: dict[int, eng.TaskResult] = {}
    digests: dict[str, tuple[int, str]] = {}
    done = 0
    for f in ac:
        kind, ident = role.pop(f.key)
        value = f.result()
        live.remove(f)
        if kind == "count":
            t = by_seq[ident]
            newlines[(t.path, t.start)], lines[(t.path, t.start)] = value
            release_ranges(t.path)
        elif kind == "digest":
            digests[digest_path[ident]] = value
        else:
            results[ident] = value
            done += 1
            if progress:
                progress(done, len(tasks))
    ordered = [results[t.seq] for t in tasks]

    # de-duplication, one task per bucket of post ids
    key_files = [keys_path(t) for t in tasks if os.path.exists(keys_path(t))]
    buckets = [submit("dedupe", dedupe_bucket, key_files, b, ident=b) for b in range(nb)]
    per_task: dict[int, dict[str, int]] = {}
    losers: dict[int, list] = {}
    for f, (lost, counts) in zip(buckets, runner.gather(buckets), strict=True):
        live.remove(f)
        for t, c in counts.items():
            d = per_task.setdefault(t, {})
            for name, v in c.items():
                d[name] = d.get(name, 0) + v
        for t, pr in lost.items():
            losers.setdefault(t, []).append(pr)
    report = eng._report(plan_, ordered, per_task)
    rejects = [rej for r in ordered for rej in r.rejects]

    drops = [
        submit("drop", drop_task, results[t].parts, lost, part_format, ident=t)
        for t, lost in sorted(losers.items())
    ]
    runner.gather(drops)
    live.clear()
    return eng.Collected(ordered, {}, report, rejects, part_dir, part_format, digests, {})
