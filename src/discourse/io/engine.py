"""The ingest engine: plan files into tasks, run them (in parallel), de-duplicate, write.

A file is one task, or, for JSON-lines files, one task per 64 MiB byte range cut at line
boundaries. Each task goes through its format's reader and, in the worker, writes its rows as
Parquet (``ingest``) or Arrow IPC (``read_posts``) parts, collected posts and referenced posts
apart, keeping only a few key columns to send back. De-duplication then works on those keys
alone, and only the parts that hold losing records are rewritten. Memory is therefore bounded by
the chunk size and the number of workers, not by the size of the input. For ``ingest``, one
background pass over the inputs hashes them (sha256, for the manifest) and counts the lines of
every byte range ahead of the workers, so every row gets its exact physical line number.

The same tasks run as a Dask job when :func:`discourse.io.ingest` is given a ``scheduler``
(:mod:`discourse.scale._ingest`): the per-task functions here (``run_task``, ``range_lines``,
``file_digest``, ``rank_keys``, ``task_counts``, ``drop_part``) are shared by both paths.

Which record of a post wins when it was read more than once (pages that overlap, a file given
twice, re-run twins ``NAME.csv`` / ``NAME.old.csv``, a post both collected and referenced):

1. a collected record beats a referenced one (``is_reference``);
2. then the more complete record (more non-null fields);
3. then the newer collection: a file named ``*.old.*`` (tweet-harvest renames the previous run
   so) loses to the others, and among twarc2 pages the later ``__twarc.retrieved_at`` wins;
4. then the larger engagement (sum of like, retweet, reply and quote counts);
5. then the first read (input order).

The losers are counted as ``duplicates`` of the file they came from (collected records) or as
``references_merged`` (referenced records).
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc

from ..schema import COUNT_COLUMNS, POSTS_SCHEMA
from ._chunk import ChunkResult
from .detect import (
    NOT_POSTS,
    POST_FORMATS,
    Detected,
    UnknownFormatError,
    describe_formats,
    detect_format,
    is_doc_file,
    walk,
)
from .report import FileReport, IngestReport, Reject, SkippedFile

log = logging.getLogger("discourse.io")

#: Bytes of JSON lines per task (a twarc2 file is split at line boundaries).
CHUNK_BYTES = 64 << 20
#: Rows per Parquet row group in the written parts.
PARQUET_ROW_GROUP = 128_000
_LINE_FORMATS = {"twarc2-page": "page", "twarc2-stream": "stream", "twarc2-flat": "flat"}
_HANDLE_COLUMNS = (
    "author_handle",
    "retweeted_author_handle",
    "quoted_author_handle",
    "reply_to_author_handle",
)
#: Columns counted for "more complete": every informative scalar column of the table.
_COMPLETENESS = tuple(
    c
    for c in POSTS_SCHEMA.names
    if c
    not in {
        "post_id",
        "platform",
        "kind",
        "mentions",
        "hashtags",
        "urls",
        "is_reference",
        "derived",
        "source_file",
        "source_line",
    }
)


@dataclass(frozen=True)
class Task:
    """One unit of reading: a whole file, a worksheet, or a byte range of a JSON-lines file."""

    path: str
    kind: str
    report_path: str
    seq: int
    start: int = 0
    end: int = -1
    is_last: bool = True
    sheet: str | None = None
    older: bool = False
    mapping: object = None
    line_base: int = 0
    n_lines: int | None = None


@dataclass
class TaskResult:
    task: Task
    # per chunk: (path of collected rows or None, path of reference rows or None, is_ref mask,
    # written mask: rows that won within their chunk and so were written)
    parts: list[tuple[str | None, str | None, np.ndarray, np.ndarray]] = field(default_factory=list)
    keys: pa.Table | None = None
    read: int = 0
    rejected: int = 0
    rejects: list[Reject] = field(default_factory=list)
    references_seen: int = 0
    references_invalid: int = 0
    deleted_ids: set = field(default_factory=set)
    lines: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class Plan:
    tasks: list[Task]
    skipped: list[SkippedFile]
    files: list[tuple[str, str]]  # (path, kind) of files read, in order


def _is_older(path: Path) -> bool:
    return ".old." in path.name.lower()


def plan(
    paths: Iterable[str | Path],
    *,
    format: str | None = None,
    mapping: object = None,
    chunk_bytes: int = CHUNK_BYTES,
) -> Plan:
    """Turn paths (files or folders) into tasks; skip what holds no posts, with the reason.

    Raises
    ------
    FileNotFoundError
        A path does not exist.
    UnknownFormatError
        A file named explicitly matches no format (the message lists the formats tried).
    """
    if format is not None and format not in POST_FORMATS:
        raise ValueError(f"unknown format {format!r}; choose one of {sorted(POST_FORMATS)}")
    if format == "generic" and mapping is None:
        raise ValueError("format 'generic' needs a column mapping (ColumnMapping or a YAML file)")
    paths = list(paths)
    for p in paths:
        if not Path(p).exists():
            raise FileNotFoundError(f"no such file or folder: {p}")
    tasks: list[Task] = []
    skipped: list[SkippedFile] = []
    files: list[tuple[str, str]] = []
    for path, explicit in walk(paths):
        if not explicit and is_doc_file(path):
            skipped.append(SkippedFile(str(path), "documentation, not data"))
            continue
        if format is not None:
            det = Detected(str(path), format)
            if format in _LINE_FORMATS or format == "api-v2-document":
                auto = detect_format(path)
                if auto.kind in NOT_POSTS:
                    det = auto
        else:
            det = detect_format(path)
        if det.kind == "unknown":
            if explicit:
                raise UnknownFormatError(
                    f"{path}: matches no known post format ({det.reason}). Formats tried: "
                    f"{describe_formats()}"
                )
            skipped.append(SkippedFile(str(path), det.reason or "no known format"))
            continue
        if det.kind in NOT_POSTS:
            skipped.append(SkippedFile(str(path), det.reason or NOT_POSTS[det.kind], det.kind))
            continue
        files.append((str(path), det.kind))
        older = _is_older(path)
        if det.kind in _LINE_FORMATS:
            for start, end, last in _ranges(path, chunk_bytes):
                tasks.append(
                    Task(str(path), det.kind, str(path), len(tasks), start, end, last, older=older)
                )
        elif det.kind == "harvest-xlsx":
            from .harvest_csv import xlsx_sheets

            for name, ok, why in xlsx_sheets(path):
                if ok:
                    tasks.append(
                        Task(
                            str(path),
                            det.kind,
                            f"{path}#{name}",
                            len(tasks),
                            sheet=name,
                            older=older,
                        )
                    )
                else:
                    skipped.append(SkippedFile(f"{path}#{name}", why, "xlsx-sheet"))
        else:
            tasks.append(
                Task(str(path), det.kind, str(path), len(tasks), older=older, mapping=mapping)
            )
    return Plan(tasks, skipped, files)


def _ranges(path: Path, chunk_bytes: int) -> list[tuple[int, int, bool]]:
    size = path.stat().st_size
    out = []
    start = 0
    with open(path, "rb") as f:
        while start < size:
            end = min(start + chunk_bytes, size)
            if end < size:
                f.seek(end)
                rest = f.readline()
                end += len(rest)
            out.append((start, end, end >= size))
            start = end
    return out or [(0, 0, True)]


# ------------------------------------------------------------------------------------------
# Running one task (in this process or in a worker)


def _iter_chunks(task: Task) -> Iterator[ChunkResult]:
    kind = task.kind
    if kind in _LINE_FORMATS:
        from .twarc2 import read_chunk

        with open(task.path, "rb") as f:
            f.seek(task.start)
            buf = f.read(task.end - task.start)
        yield read_chunk(
            buf,
            _LINE_FORMATS[kind],
            task.report_path,
            is_file_end=task.is_last,
            line_base=task.line_base,
            n_lines=task.n_lines,
        )
    elif kind == "api-v2-document":
        import orjson

        from .twarc2 import read_chunk

        try:
            doc = orjson.loads(Path(task.path).read_bytes())
        except orjson.JSONDecodeError as e:
            yield ChunkResult(
                table=_empty_chunk(),
                rejects=[Reject(task.report_path, None, "bad_json", str(e), "")],
                read=1,
                rejected=1,
            )
            return
        shape = "page" if isinstance(doc.get("data"), list) else "stream"
        yield read_chunk(orjson.dumps(doc) + b"\n", shape, task.report_path, document=True)
    elif kind in ("v1-lines", "v1-search", "v1-document", "v1-array"):
        from .twitter_v1 import iter_v1

        yield from iter_v1(task.path, kind.split("-", 1)[1], source=task.report_path)
    elif kind == "harvest-csv":
        from .harvest_csv import iter_harvest_csv

        yield from iter_harvest_csv(task.path, source=task.report_path)
    elif kind == "harvest-xlsx":
        from .harvest_csv import iter_harvest_xlsx

        yield from iter_harvest_xlsx(task.path, task.sheet, source=task.report_path)
    elif kind in ("twitwi-csv", "generic"):
        from .generic import TWITWI_MAPPING, iter_generic

        mapping = TWITWI_MAPPING if kind == "twitwi-csv" else task.mapping
        yield from iter_generic(task.path, mapping, source=task.report_path)
    elif kind == "posts-parquet":
        yield from _iter_posts_parquet(task)
    else:  # pragma: no cover - plan() only emits known kinds
        raise ValueError(f"no reader for {kind!r}")


def _iter_posts_parquet(task: Task) -> Iterator[ChunkResult]:
    import pyarrow.parquet as pq

    from ..schema import conform

    pf = pq.ParquetFile(task.path)
    for batch in pf.iter_batches(batch_size=200_000):
        t = conform(pa.Table.from_batches([batch]))
        t = t.append_column("_collected_at", pa.nulls(t.num_rows, pa.timestamp("us", tz="UTC")))
        n_coll = int(pc.sum(pc.invert(t.column("is_reference")).cast(pa.int64())).as_py() or 0)
        yield ChunkResult(table=t, read=n_coll, references_seen=t.num_rows - n_coll)


def _empty_chunk() -> pa.Table:
    from ._arrow import CHUNK_SCHEMA

    return CHUNK_SCHEMA.empty_table()


def _lower_handles(table: pa.Table) -> pa.Table:
    for name in _HANDLE_COLUMNS:
        i = table.schema.get_field_index(name)
        table = table.set_column(i, name, pc.utf8_lower(table.column(i)))
    return table


def _keys(table: pa.Table, task: Task, part: int) -> pa.Table:
    n = table.num_rows
    comp = np.zeros(n, dtype=np.int16)
    for name in _COMPLETENESS:
        comp += table.column(name).is_valid().to_numpy(zero_copy_only=False).astype(np.int16)
    eng = np.zeros(n, dtype=np.int64)
    for name in COUNT_COLUMNS:
        eng += pc.fill_null(table.column(name), 0).to_numpy(zero_copy_only=False)
    return pa.table(
        {
            "post_id": table.column("post_id"),
            "is_reference": table.column("is_reference"),
            "completeness": pa.array(comp),
            "older": pa.array(np.full(n, task.older)),
            "collected_at": table.column("_collected_at"),
            "engagement": pa.array(eng),
            "task": pa.array(np.full(n, task.seq, dtype=np.int32)),
            "part": pa.array(np.full(n, part, dtype=np.int32)),
            "row": pa.array(np.arange(n, dtype=np.int64)),
        }
    )


_PSEUDO_CACHE: dict = {}


def _pseudonymiser(spec):
    if spec is None:
        return None
    key = spec
    p = _PSEUDO_CACHE.get(key)
    if p is None:
        from ..privacy import Pseudonymiser

        secret, handles, ids = spec
        p = Pseudonymiser(secret, allow_handles=handles, allow_ids=ids)
        _PSEUDO_CACHE.clear()
        _PSEUDO_CACHE[key] = p
    return p


def _write_part(table: pa.Table, path: str, fmt: str) -> None:
    # under a temporary name, then renamed: a worker killed while writing (or a task run twice
    # on a cluster) never leaves a half-written part under a part's name
    tmp = f"{path}.{os.getpid()}-{threading.get_ident()}.tmp"
    try:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            pq.write_table(table, tmp, compression="zstd", row_group_size=PARQUET_ROW_GROUP)
        else:
            with pa.OSFile(tmp, "wb") as sink, ipc.new_file(sink, table.schema) as w:
                w.write_table(table)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def _part_rows(path: str, fmt: str) -> int:
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    with pa.memory_map(path) as src:
        r = ipc.open_file(src)
        return sum(r.get_batch(i).num_rows for i in range(r.num_record_batches))


def _read_part(path: str, fmt: str) -> pa.Table:
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.read_table(path)
    with pa.memory_map(path) as src:
        return ipc.open_file(src).read_all()


def run_task(
    task: Task, part_dir: str | None, pseudo_spec=None, part_format: str = "parquet"
) -> TaskResult:
    """Read one task; write its rows as parts (collected and referenced rows apart), return
    counts, rejects and the de-duplication keys. ``part_dir=None`` writes nothing."""
    res = TaskResult(task)
    keys = []
    pseudo = _pseudonymiser(pseudo_spec)
    ext = "parquet" if part_format == "parquet" else "arrow"
    for part, chunk in enumerate(_iter_chunks(task)):
        table = _lower_handles(chunk.table)
        chunk_keys = _keys(table, task, part)
        keys.append(chunk_keys)
        is_ref = table.column("is_reference").to_numpy(zero_copy_only=False)
        # A record that loses within its chunk loses globally (the ranking is a total order):
        # write only the chunk's winners. Keys of every record go back for the accounting.
        written = _dedupe([chunk_keys])[0].get((task.seq, part), np.ones(len(is_ref), bool))
        paths: list[str | None] = [None, None]
        if part_dir is not None:
            table = table.select(POSTS_SCHEMA.names)
            if not written.all():
                table = table.filter(pa.array(written))
            if pseudo is not None:
                table = pseudo.table(table)
            kept_ref = is_ref[written]
            for j, want in enumerate((False, True)):
                sel = kept_ref == want
                if sel.any():
                    sub = table if sel.all() else table.filter(pa.array(sel))
                    name = f"{'cr'[j]}-{task.seq:06d}-{part:05d}.{ext}"
                    paths[j] = os.path.join(part_dir, name)
                    _write_part(sub, paths[j], part_format)
        res.parts.append((paths[0], paths[1], is_ref, written))
        res.read += chunk.read
        res.rejected += chunk.rejected
        res.rejects.extend(chunk.rejects)
        res.references_seen += chunk.references_seen
        res.references_invalid += chunk.references_invalid
        res.deleted_ids |= chunk.deleted_ids
        res.lines += chunk.lines
        res.notes.extend(n for n in chunk.notes if n not in res.notes)
    res.keys = pa.concat_tables(keys) if keys else None
    return res


# ------------------------------------------------------------------------------------------
# The whole ingest


@dataclass
class Collected:
    """Written parts, which rows of them are kept, and the report."""

    results: list[TaskResult]
    keep: dict[tuple[int, int], np.ndarray]
    report: IngestReport
    rejects: list[Reject]
    part_dir: str | None
    part_format: str
    digests: dict[str, tuple[int, str]] = field(default_factory=dict)
    #: lines to add to ``source_line`` of each task's parts when reading them back
    line_base: dict[int, int] = field(default_factory=dict)


def _parallel(fn, jobs, n_workers: int, progress=None, *, total: int | None = None) -> list:
    """Run ``fn(*args)`` for each job (an iterable, consumed lazily), in this process or in
    joblib's loky workers.

    loky workers do not re-run the caller's script (no ``__main__`` guard is needed) and are
    reused between calls. Results come back in job order.
    """
    out = []
    if n_workers <= 1:
        for i, args in enumerate(jobs):
            out.append(fn(*args))
            if progress:
                progress(i + 1, total or i + 1)
        return out
    from joblib import Parallel, delayed

    par = Parallel(n_jobs=n_workers, backend="loky", return_as="generator")
    for i, r in enumerate(par(delayed(fn)(*args) for args in jobs)):
        out.append(r)
        if progress:
            progress(i + 1, total or i + 1)
    return out


class Scanner:
    """Read the input files in task order in a background thread (hashlib releases the GIL):
    with ``count``, the number of lines in each byte range of a JSON-lines file and before it
    (:meth:`task` waits until a range's counts are known, so tasks go to the workers while the
    scan goes on, with exact line numbers); with ``digest``, the sha256 of each file for the
    manifest."""

    def __init__(self, tasks: list[Task], *, count: bool = True, digest: bool = True):
        self._ranges: dict[str, list[tuple[int, int]]] = {}
        if count:
            for t in tasks:
                if t.kind in _LINE_FORMATS:
                    self._ranges.setdefault(t.path, []).append((t.start, t.end))
        paths = dict.fromkeys(t.path for t in tasks)
        self._order = list(paths) if digest else [p for p in paths if p in self._ranges]
        self._digest = digest
        self._counts: dict[tuple[str, int], tuple[int, int]] = {}
        self.digests: dict[str, tuple[int, str]] = {}
        self._cond = threading.Condition()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            for path in self._order:
                self._scan(path)
        except BaseException as e:
            with self._cond:
                self._error = e
                self._cond.notify_all()

    def _scan(self, path: str) -> None:
        ranges = sorted(self._ranges.get(path, []))
        h = hashlib.sha256() if self._digest else None
        buf = bytearray(16 << 20)
        view = memoryview(buf)
        pos = 0
        lines = 0  # complete lines before the current range
        k = 0  # current range
        in_range = 0  # newlines seen in the current range
        last = b"\n"
        with open(path, "rb") as f:
            while True:
                limit = len(buf)
                if k < len(ranges):
                    limit = min(limit, ranges[k][1] - pos) or len(buf)
                n = f.readinto(view[:limit])
                if not n:
                    break
                if h is not None:
                    h.update(view[:n])
                if k < len(ranges):
                    in_range += buf.count(b"\n", 0, n)
                    last = bytes(view[n - 1 : n])
                pos += n
                while k < len(ranges) and pos >= ranges[k][1]:
                    count = in_range + (0 if last == b"\n" else 1)
                    self._publish(path, ranges[k][0], lines, count)
                    lines += in_range
                    in_range = 0
                    k += 1
        while k < len(ranges):  # empty ranges (an empty file)
            self._publish(path, ranges[k][0], lines, 0)
            k += 1
        if h is not None:
            self.digests[path] = (pos, h.hexdigest())

    def _publish(self, path: str, start: int, base: int, count: int) -> None:
        with self._cond:
            self._counts[(path, start)] = (base, count)
            self._cond.notify_all()

    def task(self, task: Task) -> Task:
        """``task`` with its line base and line count (waits for the scan to reach it)."""
        if task.kind not in _LINE_FORMATS:
            return task
        key = (task.path, task.start)
        with self._cond:
            while key not in self._counts:
                if self._error is not None:
                    raise self._error
                self._cond.wait()
            base, count = self._counts[key]
        return replace(task, line_base=base, n_lines=count)

    def finish(self) -> dict[str, tuple[int, str]]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self.digests


def range_lines(path: str, start: int, end: int) -> tuple[int, int]:
    """``(newlines, lines)`` of the byte range ``[start, end)`` of a file: the newlines it holds
    (what the next range's line numbers start after) and its physical lines, a last line
    without a newline counted (as :class:`Scanner` counts them, for one range at a time)."""
    newlines = 0
    last = b"\n"
    with open(path, "rb") as f:
        f.seek(start)
        left = end - start
        while left > 0:
            block = f.read(min(left, 16 << 20))
            if not block:
                break
            newlines += block.count(b"\n")
            last = block[-1:]
            left -= len(block)
    return newlines, newlines + (0 if last == b"\n" else 1)


def file_digest(path: str) -> tuple[int, str]:
    """``(size, sha256 hex digest)`` of a file, as the manifest records it."""
    with open(path, "rb") as f:
        h = hashlib.file_digest(f, "sha256")
    return os.path.getsize(path), h.hexdigest()


def _line_bases(results: list[TaskResult]) -> dict[int, int]:
    """Lines before each range task, from the lines each task counted itself."""
    base: dict[int, int] = {}
    running: dict[str, int] = {}
    for r in results:
        t = r.task
        if t.kind in _LINE_FORMATS:
            base[t.seq] = running.get(t.path, 0)
            running[t.path] = base[t.seq] + r.lines
    return base


def collect(
    plan_: Plan,
    *,
    part_dir: str | None = None,
    workers: int | None = None,
    pseudo_spec=None,
    progress: Callable[[int, int], None] | None = None,
    part_format: str = "parquet",
    hash_inputs: bool = False,
) -> Collected:
    """Run all tasks (writing parts into ``part_dir`` unless None), then decide which record
    of each post is kept and drop the others from the written parts."""
    tasks = plan_.tasks
    total_bytes = sum((t.end - t.start) if t.end >= 0 else _size(t.path) for t in tasks)
    n_workers = workers if workers is not None else min(os.cpu_count() or 1, 2)
    n_workers = max(1, min(n_workers, len(tasks)))
    if total_bytes < (32 << 20) and workers is None:
        n_workers = 1
    t0 = time.perf_counter()
    # ingest: one background pass counts lines ahead of the workers and hashes the inputs
    scanner = Scanner(tasks, count=True, digest=True) if hash_inputs else None
    jobs = ((scanner.task(t) if scanner else t, part_dir, pseudo_spec, part_format) for t in tasks)
    results: list[TaskResult] = _parallel(run_task, jobs, n_workers, progress, total=len(tasks))
    t1 = time.perf_counter()
    digests = scanner.finish() if scanner else {}
    t2 = time.perf_counter()
    # Without the scan, range tasks numbered their lines from 1: shift them now (the rejects
    # here; the rows when their parts are read back, see ``line_base``).
    line_base = {} if scanner else _line_bases(results)
    if any(line_base.values()):
        if part_format == "parquet" and part_dir is not None:
            raise ValueError("Parquet parts need exact line numbers: use hash_inputs=True")
        for r in results:
            b = line_base.get(r.task.seq, 0)
            if b:
                for rej in r.rejects:
                    if rej.line is not None:
                        rej.line += b
    keep, per_task = _dedupe([r.keys for r in results if r.keys is not None and r.keys.num_rows])
    report = _report(plan_, results, per_task)
    rejects = [rej for r in results for rej in r.rejects]
    col = Collected(results, keep, report, rejects, part_dir, part_format, digests, line_base)
    t3 = time.perf_counter()
    if part_dir is not None:
        _drop_losers(col)
    t4 = time.perf_counter()
    log.info(
        "ingest phases: %d tasks on %d workers %.2f s, waiting for the input scan %.2f s, "
        "de-duplication %.2f s, rewriting parts %.2f s",
        len(tasks),
        n_workers,
        t1 - t0,
        t2 - t1,
        t3 - t2,
        t4 - t3,
    )
    return col


def _drop_losers(col: Collected) -> None:
    """Rewrite (or remove) the parts that hold records which lost to another record."""
    for r in col.results:
        for part, (c_path, r_path, is_ref, written) in enumerate(r.parts):
            mask = col.keep.get((r.task.seq, part))
            if mask is not None:
                drop_part(c_path, r_path, is_ref, written, mask, col.part_format)


def drop_part(
    c_path: str | None,
    r_path: str | None,
    is_ref: np.ndarray,
    written: np.ndarray,
    keep: np.ndarray,
    part_format: str,
) -> None:
    """Rewrite (or remove) the written parts of one chunk so that only rows with ``keep``
    remain (``keep``, ``is_ref`` and ``written`` are per record of the chunk).

    Idempotent: a part that already holds only its kept rows is left alone, so a task that is
    run again (a cluster reruns the tasks of a worker that died) does not filter twice."""
    for path, want in ((c_path, False), (r_path, True)):
        if path is None:
            continue
        sub = keep[written & (is_ref == want)]
        if sub.all():
            continue
        if not sub.any():
            if os.path.exists(path):
                os.remove(path)
            continue
        if _part_rows(path, part_format) != len(sub):  # already rewritten
            continue
        table = _read_part(path, part_format).filter(pa.array(sub))
        _write_part(table, path, part_format)


def part_files(part_dir: str | Path) -> list[Path]:
    """The parts of a posts dataset in table order: collected posts, then references."""
    return sorted(
        p
        for p in Path(part_dir).iterdir()
        if p.name[:2] in ("c-", "r-") and not p.name.endswith(".tmp")
    )


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _dedupe(keys: list[pa.Table]) -> tuple[dict[tuple[int, int], np.ndarray], dict]:
    """Keep-mask per (task, part) and, per task, counts of dropped collected/referenced rows."""
    if not keys:
        return {}, {}
    k = pa.concat_tables(keys).combine_chunks()
    n = k.num_rows
    if n == 0:
        return {}, {}
    keep_flat = rank_keys(k)
    task = k.column("task").to_numpy()
    part = k.column("part").to_numpy()
    out: dict[tuple[int, int], np.ndarray] = {}
    # rows of one (task, part) are contiguous and in row order
    boundaries = np.flatnonzero((np.diff(task) != 0) | (np.diff(part) != 0)) + 1
    for s, e in zip(np.r_[0, boundaries], np.r_[boundaries, n], strict=False):
        out[(int(task[s]), int(part[s]))] = keep_flat[s:e]
    return out, task_counts(k, keep_flat)


def rank_keys(k: pa.Table) -> np.ndarray:
    """Which records of the key table ``k`` (see ``_keys``; rows in reading order) are kept:
    one per post id, chosen by the rule in the module docstring. The rule only compares
    records of the same post, so any subset of posts (a hash bucket of post ids, on a
    cluster) gives the same decisions as the whole table, as long as the rows stay in
    reading order."""
    n = k.num_rows
    if n == 0:
        return np.zeros(0, dtype=bool)
    k = k.combine_chunks()
    # group by post id through integer codes (hashing), then one numpy lexsort on integers:
    # the last key is the primary one
    group = pc.dictionary_encode(k.column("post_id")).chunk(0).indices.to_numpy()
    keep_flat = np.zeros(n, dtype=bool)
    sizes = np.bincount(group)
    single = sizes[group] == 1
    keep_flat[single] = True
    dup = np.flatnonzero(~single)  # only posts read more than once need ranking
    if len(dup):
        g = group[dup]
        collected_at = pc.fill_null(
            k.column("collected_at").take(pa.array(dup)).cast(pa.int64()),
            np.iinfo(np.int64).min,
        ).to_numpy()

        def col(name: str) -> np.ndarray:
            return k.column(name).take(pa.array(dup)).to_numpy(zero_copy_only=False)

        # np.lexsort: the last key is the primary one
        order = np.lexsort(
            (
                dup,  # 5. first read
                -col("engagement"),  # 4. larger engagement
                -collected_at,  # 3. newer collection ...
                col("older"),  #    ... an .old file loses
                -col("completeness").astype(np.int64),  # 2. more complete
                col("is_reference"),  # 1. collected before referenced
                g,
            )
        )
        g_sorted = g[order]
        first = np.ones(len(dup), dtype=bool)
        first[1:] = g_sorted[1:] != g_sorted[:-1]
        keep_flat[dup[order[first]]] = True
    return keep_flat


def task_counts(k: pa.Table, keep_flat: np.ndarray) -> dict[int, dict[str, int]]:
    """Per task: accepted, duplicates, references added and merged, from the keep mask."""
    task = k.column("task").to_numpy()
    is_ref = k.column("is_reference").to_numpy(zero_copy_only=False)
    counts: dict[int, dict[str, int]] = {}
    for name, mask in (
        ("accepted", keep_flat & ~is_ref),
        ("duplicates", ~keep_flat & ~is_ref),
        ("references_added", keep_flat & is_ref),
        ("references_merged", ~keep_flat & is_ref),
    ):
        tids, cnt = np.unique(task[mask], return_counts=True)
        for t, c in zip(tids, cnt, strict=False):
            counts.setdefault(int(t), {})[name] = int(c)
    return counts


def _report(plan_: Plan, results: list[TaskResult], per_task: dict) -> IngestReport:
    report = IngestReport(skipped=list(plan_.skipped))
    by_path: dict[str, FileReport] = {}
    deleted: dict[str, set] = {}
    for r in results:
        t = r.task
        fr = by_path.get(t.report_path)
        if fr is None:
            fr = FileReport(path=t.report_path, format=t.kind)
            by_path[t.report_path] = fr
            report.files.append(fr)
        c = per_task.get(t.seq, {})
        fr.read += r.read
        fr.accepted += c.get("accepted", 0)
        fr.duplicates += c.get("duplicates", 0)
        fr.references_seen += r.references_seen
        fr.references_added += c.get("references_added", 0)
        fr.references_merged += c.get("references_merged", 0)
        fr.references_invalid += r.references_invalid
        deleted.setdefault(t.report_path, set()).update(r.deleted_ids)
        for rej in r.rejects:
            fr.rejected[rej.reason] += 1
        # a rejected twarc2 line that held several records produced one Reject per record;
        # a line that could not be decoded stands for one record: counts agree by construction
        for note in r.notes:
            if note not in fr.notes:
                fr.notes.append(note)
        if not r.read and not r.rejects:
            fr.notes.append("no records")
    for path, ids in deleted.items():
        by_path[path].deleted_originals = len(ids)
    for fr in report.files:
        fr.notes = sorted(set(fr.notes))
    return report
