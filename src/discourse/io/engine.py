"""The ingest engine: plan files into tasks, run them (in parallel), de-duplicate, write.

Every task goes through the format's reader and spills its rows to an Arrow IPC file, keeping
only a few key columns in memory. De-duplication then works on those keys alone, and the final
pass streams the spilled chunks, in input order, into the output. Memory is therefore bounded by
the chunk size and the number of workers, not by the size of the input.

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
import multiprocessing as mp
import os
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
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

#: Bytes of JSON lines per task (a twarc2 file is split at line boundaries).
CHUNK_BYTES = 64 << 20
_LINE_FORMATS = {"twarc2-page": "page", "twarc2-stream": "stream", "twarc2-flat": "flat"}
_HANDLE_COLUMNS = (
    "author_handle",
    "retweeted_author_handle",
    "quoted_author_handle",
    "reply_to_author_handle",
)
#: Columns counted for "more complete".
_COMPLETENESS = (
    "created_at",
    "author_id",
    "author_handle",
    "author_followers",
    "text",
    "lang",
    "retweeted_post_id",
    "retweeted_author_id",
    "retweeted_author_handle",
    "quoted_post_id",
    "quoted_author_id",
    "quoted_author_handle",
    "reply_to_post_id",
    "reply_to_author_id",
    "reply_to_author_handle",
    "conversation_id",
    *COUNT_COLUMNS,
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


@dataclass
class TaskResult:
    task: Task
    parts: list[str] = field(default_factory=list)
    keys: pa.Table | None = None
    read: int = 0
    rejected: int = 0
    rejects: list[Reject] = field(default_factory=list)
    references_seen: int = 0
    references_invalid: int = 0
    deleted_originals: int = 0
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
        yield read_chunk(buf, _LINE_FORMATS[kind], task.report_path, is_file_end=task.is_last)
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


def run_task(task: Task, spill_dir: str, pseudo_spec=None) -> TaskResult:
    """Read one task and spill its rows; return counts, rejects and the dedupe keys."""
    res = TaskResult(task)
    keys = []
    pseudo = _pseudonymiser(pseudo_spec)
    for part, chunk in enumerate(_iter_chunks(task)):
        table = _lower_handles(chunk.table)
        keys.append(_keys(table, task, part))
        if pseudo is not None:
            table = pseudo.table(table)
        path = os.path.join(spill_dir, f"t{task.seq:06d}-p{part:05d}.arrow")
        with pa.OSFile(path, "wb") as sink, ipc.new_file(sink, table.schema) as w:
            w.write_table(table)
        res.parts.append(path)
        res.read += chunk.read
        res.rejected += chunk.rejected
        res.rejects.extend(chunk.rejects)
        res.references_seen += chunk.references_seen
        res.references_invalid += chunk.references_invalid
        res.deleted_originals += chunk.deleted_originals
        res.lines += chunk.lines
        res.notes.extend(n for n in chunk.notes if n not in res.notes)
    res.keys = pa.concat_tables(keys) if keys else None
    return res


# ------------------------------------------------------------------------------------------
# The whole ingest


@dataclass
class Collected:
    """Spilled chunks, keep-masks and the report, ready for the final pass."""

    results: list[TaskResult]
    keep: dict[tuple[int, int], np.ndarray]
    line_base: dict[int, int]
    report: IngestReport
    rejects: list[Reject]
    spill: tempfile.TemporaryDirectory


def collect(
    plan_: Plan,
    *,
    workers: int | None = None,
    pseudo_spec=None,
    progress: Callable[[int, int], None] | None = None,
    spill_root: str | None = None,
) -> Collected:
    """Run all tasks, then decide which record of each post is kept."""
    spill = tempfile.TemporaryDirectory(prefix="discourse-ingest-", dir=spill_root)
    tasks = plan_.tasks
    total_bytes = sum((t.end - t.start) if t.end >= 0 else _size(t.path) for t in tasks)
    n_workers = workers if workers is not None else min(os.cpu_count() or 1, 2)
    n_workers = max(1, min(n_workers, len(tasks)))
    if total_bytes < (32 << 20) and workers is None:
        n_workers = 1
    results: list[TaskResult] = [None] * len(tasks)  # type: ignore[list-item]
    done = 0
    if n_workers == 1:
        for t in tasks:
            results[t.seq] = run_task(t, spill.name, pseudo_spec)
            done += 1
            if progress:
                progress(done, len(tasks))
    else:
        ctx = mp.get_context("spawn")
        with ProcessPoolExecutor(max_workers=n_workers, mp_context=ctx) as ex:
            futs = {ex.submit(run_task, t, spill.name, pseudo_spec): t for t in tasks}
            from concurrent.futures import as_completed

            for fut in as_completed(futs):
                r = fut.result()
                results[r.task.seq] = r
                done += 1
                if progress:
                    progress(done, len(tasks))
    # line numbers of range tasks are local: offset them by the lines of earlier ranges
    line_base: dict[int, int] = {}
    running: dict[str, int] = {}
    for r in results:
        t = r.task
        if t.kind in _LINE_FORMATS:
            line_base[t.seq] = running.get(t.path, 0)
            running[t.path] = running.get(t.path, 0) + r.lines
            for rej in r.rejects:
                if rej.line is not None:
                    rej.line += line_base[t.seq]
    keep, per_task = _dedupe([r.keys for r in results if r.keys is not None and r.keys.num_rows])
    report = _report(plan_, results, per_task)
    rejects = [rej for r in results for rej in r.rejects]
    return Collected(results, keep, line_base, report, rejects, spill)


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
    seq = np.arange(n, dtype=np.int64)
    k = k.append_column("seq", pa.array(seq))
    # unknown collection time ranks below any known one (no null placement needed)
    ci = k.schema.get_field_index("collected_at")
    k = k.set_column(
        ci, "collected_at", pc.fill_null(k.column(ci).cast(pa.int64()), np.iinfo(np.int64).min)
    )
    order = pc.sort_indices(
        k,
        sort_keys=[
            ("post_id", "ascending"),
            ("is_reference", "ascending"),
            ("completeness", "descending"),
            ("older", "ascending"),
            ("collected_at", "descending"),
            ("engagement", "descending"),
            ("seq", "ascending"),
        ],
    ).to_numpy()
    ids_sorted = pc.take(k.column("post_id"), pa.array(order))
    first = np.ones(n, dtype=bool)
    if n > 1:
        same = pc.equal(ids_sorted.slice(1), ids_sorted.slice(0, n - 1))
        first[1:] = ~pc.fill_null(same, False).to_numpy(zero_copy_only=False)
    keep_flat = np.zeros(n, dtype=bool)
    keep_flat[order[first]] = True
    task = k.column("task").to_numpy()
    part = k.column("part").to_numpy()
    is_ref = k.column("is_reference").to_numpy(zero_copy_only=False)
    out: dict[tuple[int, int], np.ndarray] = {}
    # rows of one (task, part) are contiguous and in row order
    boundaries = np.flatnonzero((np.diff(task) != 0) | (np.diff(part) != 0)) + 1
    for s, e in zip(np.r_[0, boundaries], np.r_[boundaries, n], strict=False):
        out[(int(task[s]), int(part[s]))] = keep_flat[s:e]
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
    return out, counts


def _report(plan_: Plan, results: list[TaskResult], per_task: dict) -> IngestReport:
    report = IngestReport(skipped=list(plan_.skipped))
    by_path: dict[str, FileReport] = {}
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
        fr.deleted_originals += r.deleted_originals
        for rej in r.rejects:
            fr.rejected[rej.reason] += 1
        # a rejected twarc2 line that held several records produced one Reject per record;
        # a line that could not be decoded stands for one record: counts agree by construction
        for note in r.notes:
            if note not in fr.notes:
                fr.notes.append(note)
        if not r.read and not r.rejects:
            fr.notes.append("no records")
    for fr in report.files:
        fr.notes = sorted(set(fr.notes))
    return report


def iter_kept(col: Collected, *, strip_internal: bool = True) -> Iterator[pa.Table]:
    """The kept rows in input order, with final line numbers: first every collected post (in
    the order of files, lines and positions within a page), then the referenced-only posts in
    the order they were first met. The order does not depend on chunking or workers."""
    for want_reference in (False, True):
        for r in col.results:
            base = col.line_base.get(r.task.seq, 0)
            for part, path in enumerate(r.parts):
                mask = col.keep.get((r.task.seq, part))
                if mask is None or not mask.any():
                    continue
                with pa.memory_map(path) as src:
                    table = ipc.open_file(src).read_all()
                is_ref = table.column("is_reference").to_numpy(zero_copy_only=False)
                sel = mask & (is_ref == want_reference)
                if not sel.any():
                    continue
                if not sel.all():
                    table = table.filter(pa.array(sel))
                if base:
                    i = table.schema.get_field_index("source_line")
                    table = table.set_column(i, "source_line", pc.add(table.column(i), base))
                if strip_internal:
                    table = table.select(POSTS_SCHEMA.names)
                yield table


def hash_files(paths: list[str]) -> dict[str, tuple[int, str]]:
    """(size, sha256) of each file."""
    out = {}
    for p in paths:
        h = hashlib.sha256()
        with open(p, "rb") as f:
            while True:
                b = f.read(8 << 20)
                if not b:
                    break
                h.update(b)
        out[p] = (os.path.getsize(p), h.hexdigest())
    return out


class BackgroundHash:
    """Hash input files in a thread while the workers read them (hashlib releases the GIL)."""

    def __init__(self, paths: list[str]):
        self.result: dict[str, tuple[int, str]] = {}
        self._t = threading.Thread(target=self._run, args=(paths,), daemon=True)
        self._t.start()

    def _run(self, paths: list[str]) -> None:
        self.result = hash_files(paths)

    def get(self) -> dict[str, tuple[int, str]]:
        self._t.join()
        return self.result
