"""Reading the posts researchers collect into one canonical posts table.

The entry points:

:func:`read_posts`
    Files or folders in, ``(posts, report)`` out, in memory. Nothing is written except, when
    asked, the rejects.
:func:`ingest`
    The same, written to ``data/processed/`` (``posts.parquet`` pseudonymised by default,
    ``rejects.jsonl``, ``manifest.json``), atomically and with bounded memory.
:func:`inspect`
    What each file is, how many records it holds and what would be rejected, writing nothing.
:func:`read_edgelist`
    Two-column edge lists (e.g. repost lists) for the network stage.

Formats are detected from the content (:data:`POST_FORMATS`); see :mod:`discourse.io.twarc2`,
:mod:`discourse.io.twitter_v1`, :mod:`discourse.io.harvest_csv` and
:mod:`discourse.io.generic` for what each reader handles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from ..schema import POSTS_SCHEMA
from .detect import NOT_POSTS, POST_FORMATS, Detected, UnknownFormatError, detect_format
from .processed import read_processed
from .report import REJECT_REASONS, FileReport, IngestReport, Reject, SkippedFile

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "NOT_POSTS",
    "POST_FORMATS",
    "REJECT_REASONS",
    "Detected",
    "FileReport",
    "IngestReport",
    "Reject",
    "SkippedFile",
    "UnknownFormatError",
    "detect_format",
    "ingest",
    "inspect",
    "read_edgelist",
    "read_posts",
    "read_processed",
]

PathLike = str | Path


def _as_list(paths: PathLike | Iterable[PathLike]) -> list[PathLike]:
    if isinstance(paths, (str, Path)):
        return [paths]
    return list(paths)


def _mapping(mapping):
    if mapping is None or not isinstance(mapping, (str, Path, dict)):
        return mapping
    from .generic import ColumnMapping

    if isinstance(mapping, dict):
        return ColumnMapping.from_dict(mapping)
    return ColumnMapping.from_file(mapping)


def _pseudo_spec(pseudonymise: bool, key: bytes | None, allowlist):
    if not pseudonymise:
        return None
    from ..privacy import Allowlist, load_allowlist, load_key

    secret = key if key is not None else load_key()
    al = allowlist if isinstance(allowlist, Allowlist) else load_allowlist(allowlist)
    return (bytes(secret), al.handles, al.ids)


def read_posts(
    paths: PathLike | Iterable[PathLike],
    *,
    format: str | None = None,
    mapping=None,
    pseudonymise: bool = False,
    key: bytes | None = None,
    allowlist=None,
    workers: int | None = None,
    rejects_path: PathLike | None = None,
    as_arrow: bool = False,
    progress: Callable[[int, int], None] | None = None,
    chunk_bytes: int | None = None,
) -> tuple[pd.DataFrame | pa.Table, IngestReport]:
    """Read post files (or folders of them) into the canonical posts table.

    Parameters
    ----------
    paths : path or list of paths
        Files or folders. Folders are walked; files that hold no posts are skipped with the
        reason (see ``report.skipped``). A file named explicitly that matches no format raises.
    format : str, optional
        Force a format (a key of :data:`POST_FORMATS`) instead of detecting it.
    mapping : ColumnMapping, dict or path, optional
        Column mapping for ``format="generic"`` (see :class:`discourse.io.generic.ColumnMapping`).
    pseudonymise : bool
        Replace account ids and handles by keyed pseudonyms (default False in memory; the
        written table of :func:`ingest` is pseudonymised by default).
    key : bytes, optional
        Pseudonymisation key (default: ``$DISCOURSE_KEY`` or ``data/.discourse_key``).
    allowlist : path or Allowlist, optional
        Public actors kept readable (default: the shipped list).
    workers : int, optional
        Worker processes (default: up to 2; inputs under 32 MB are read in this process).
    rejects_path : path, optional
        Also write the rejected records there as JSON lines.
    as_arrow : bool
        Return a ``pyarrow.Table`` instead of a pandas DataFrame.
    progress : callable, optional
        Called as ``progress(done, total)`` after each task.
    chunk_bytes : int, optional
        Bytes of JSON lines per task (default 64 MiB); smaller means less memory per worker.

    Returns
    -------
    posts : pandas.DataFrame or pyarrow.Table
        The columns of :data:`discourse.schema.POSTS_SCHEMA`, one row per distinct post.
    report : IngestReport
        Counts per file; ``read == accepted + rejected + duplicates`` for every file.

    Raises
    ------
    FileNotFoundError
        A path does not exist.
    UnknownFormatError
        A file named explicitly matches no format (the message lists the formats tried).

    Examples
    --------
    >>> import os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> p = os.path.join(d, "page.jsonl")
    >>> _ = open(p, "w").write(
    ...     '{"data": [{"id": "2", "text": "RT @kpu_prov_demo: Ayo nyoblos 27 November", '
    ...     '"author_id": "20", "created_at": "2024-11-26T01:00:00.000Z", '
    ...     '"referenced_tweets": [{"type": "retweeted", "id": "1"}]}], '
    ...     '"includes": {"users": [{"id": "20", "username": "warga_smd_1"}, '
    ...     '{"id": "10", "username": "kpu_prov_demo"}], "tweets": [{"id": "1", '
    ...     '"text": "Ayo nyoblos 27 November", "author_id": "10", '
    ...     '"created_at": "2024-11-26T00:00:00.000Z"}]}}\\n')
    >>> posts, report = read_posts(p)
    >>> posts[["post_id", "kind", "retweeted_author_handle", "is_reference"]].values.tolist()
    [['2', 'retweet', 'kpu_prov_demo', False], ['1', 'original', <NA>, True]]
    >>> report.read, report.accepted, report.references_added
    (1, 1, 1)
    """
    import shutil
    import tempfile

    from .engine import CHUNK_BYTES, _read_part, collect, part_files, plan

    pl = plan(
        _as_list(paths),
        format=format,
        mapping=_mapping(mapping),
        chunk_bytes=chunk_bytes or CHUNK_BYTES,
    )
    part_dir = tempfile.mkdtemp(prefix="discourse-read-")
    try:
        col = collect(
            pl,
            part_dir=part_dir,
            workers=workers,
            pseudo_spec=_pseudo_spec(pseudonymise, key, allowlist),
            progress=progress,
            part_format="ipc",
        )
        tables = []
        for f in part_files(part_dir):
            t = _read_part(str(f), "ipc")
            base = col.line_base.get(int(f.name[2:8]), 0)
            if base:
                i = t.schema.get_field_index("source_line")
                t = t.set_column(i, "source_line", pc.add(t.column(i), base))
            tables.append(t)
        table = pa.concat_tables(tables) if tables else POSTS_SCHEMA.empty_table()
        table = table.cast(POSTS_SCHEMA)
        if rejects_path is not None:
            from .processed import write_rejects

            write_rejects(col.rejects, rejects_path)
    finally:
        shutil.rmtree(part_dir, ignore_errors=True)
    col.report.check()
    if as_arrow:
        return table, col.report
    from ..schema import to_pandas

    return to_pandas(table), col.report


def ingest(
    paths: PathLike | Iterable[PathLike],
    *,
    out: PathLike = "data/processed",
    format: str | None = None,
    mapping=None,
    pseudonymise: bool = True,
    key: bytes | None = None,
    allowlist=None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    chunk_bytes: int | None = None,
    scheduler=None,
) -> IngestReport:
    """Read post files and write the processed outputs (see :mod:`discourse.io.processed`).

    Writes ``posts.parquet/`` (a Parquet dataset folder, pseudonymised unless
    ``pseudonymise=False``), ``rejects.jsonl`` and ``manifest.json`` into ``out``, each
    atomically. The workers write the Parquet parts themselves, so memory stays bounded by the
    chunk size times the number of workers. Input files are only read, never written.

    Parameters
    ----------
    paths, format, mapping, key, allowlist, workers, progress, chunk_bytes
        As in :func:`read_posts`.
    out : path
        Output folder (created if needed). Must not be inside ``data/raw``.
    pseudonymise : bool
        Default True: the written table names no private account.
    scheduler : str or distributed.Client, optional
        None (default): this machine (``workers`` processes). Otherwise the tasks run as a Dask
        job (:mod:`discourse.scale`): ``"local"`` (a local cluster), the address of a running
        cluster, or a ``distributed.Client``; ``workers`` is then ignored. The outputs are the
        same, byte for byte in the table. On a cluster, the inputs and ``out`` must be on a
        file system all workers see under the same paths.

    Returns
    -------
    IngestReport

    Examples
    --------
    >>> import os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> p = os.path.join(d, "t.csv")
    >>> _ = open(p, "w").write('"created_at","full_text","id_str","username"\\n'
    ...     '"Wed Nov 27 03:15:42 +0000 2024","Sudah nyoblos @kpu_prov_demo","1","warga_1"\\n')
    >>> r = ingest(p, out=os.path.join(d, "out"), key=b"k" * 32)
    >>> sorted(os.listdir(os.path.join(d, "out")))
    ['manifest.json', 'posts.parquet', 'rejects.jsonl']
    """
    import shutil

    from .. import __version__
    from .engine import CHUNK_BYTES, collect, plan
    from .processed import (
        MANIFEST_FILE,
        POSTS_FILE,
        REJECTS_FILE,
        publish_folder,
        temp_folder,
        write_manifest,
        write_rejects,
    )

    out = Path(out)
    pl = plan(
        _as_list(paths),
        format=format,
        mapping=_mapping(mapping),
        chunk_bytes=chunk_bytes or CHUNK_BYTES,
    )
    resolved_out = out.resolve()
    for f, _ in pl.files:
        if resolved_out in Path(f).resolve().parents:
            raise ValueError(f"{f}: an input lies inside the output folder {out}")
    parts = resolved_out.parts
    if "data" in parts and parts[parts.index("data") + 1 : parts.index("data") + 2] == ("raw",):
        raise ValueError(f"{out}: refusing to write into data/raw (raw data is never modified)")
    tmp = temp_folder(out / POSTS_FILE)
    try:
        if scheduler is None:
            col = collect(
                pl,
                part_dir=str(tmp),
                workers=workers,
                hash_inputs=True,
                pseudo_spec=_pseudo_spec(pseudonymise, key, allowlist),
                progress=progress,
            )
        else:  # the same tasks as a Dask job; the key travels in the task graph, in memory
            from ..scale._cluster import runner
            from ..scale._ingest import collect as collect_on

            with runner(scheduler) as run:
                col = collect_on(
                    pl,
                    runner=run,
                    part_dir=str(tmp),
                    hash_inputs=True,
                    pseudo_spec=_pseudo_spec(pseudonymise, key, allowlist),
                    progress=progress,
                )
        col.report.check()
        rows = col.report.accepted + col.report.references_added
        write_rejects(col.rejects, out / REJECTS_FILE)
        publish_folder(tmp, out / POSTS_FILE)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    params = {
        "format": format,
        "pseudonymised": pseudonymise,
        "mapping": repr(mapping) if mapping is not None else None,
        "package_version": __version__,
    }
    write_manifest(
        out / MANIFEST_FILE, report=col.report, inputs=col.digests, parameters=params, rows=rows
    )
    return col.report


def inspect(paths: PathLike | Iterable[PathLike], *, format: str | None = None, mapping=None):
    """Say what each file is and what reading it would give, without writing anything.

    Returns
    -------
    pandas.DataFrame
        One row per file (or worksheet): ``path``, ``format``, ``records``, ``accepted``,
        ``rejected``, ``duplicates``, ``references``, ``rejected_by_reason``, ``status``
        (``read`` or ``skipped``) and ``note`` (why a file is skipped, the detected form).

    Examples
    --------
    >>> import os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> _ = open(os.path.join(d, "empty.jsonl"), "w").close()
    >>> inspect(d)[["format", "status"]].values.tolist()
    [['empty', 'skipped']]
    """
    import pandas as pd

    from .engine import collect, plan

    pl = plan(_as_list(paths), format=format, mapping=_mapping(mapping))
    col = collect(pl, part_dir=None, pseudo_spec=None)
    rows = []
    for f in col.report.files:
        rows.append(
            {
                "path": f.path,
                "format": f.format,
                "records": f.read,
                "accepted": f.accepted,
                "rejected": f.rejected_total,
                "duplicates": f.duplicates,
                "references": f.references_added,
                "rejected_by_reason": dict(f.rejected),
                "status": "read",
                "note": "; ".join(f.notes),
            }
        )
    for s in col.report.skipped:
        rows.append(
            {
                "path": s.path,
                "format": s.format or "unknown",
                "records": 0,
                "accepted": 0,
                "rejected": 0,
                "duplicates": 0,
                "references": 0,
                "rejected_by_reason": {},
                "status": "skipped",
                "note": s.reason,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "path",
            "format",
            "records",
            "accepted",
            "rejected",
            "duplicates",
            "references",
            "rejected_by_reason",
            "status",
            "note",
        ],
    )


def read_edgelist(path: PathLike, **kwargs):
    """Read a two-column edge list; see :func:`discourse.io.edgelist.read_edgelist` (imported on
    first use, so that the ingest workers do not load pandas).

    Examples
    --------
    >>> import os, tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "reposts.csv")
    >>> _ = open(p, "w").write(
    ...     "username,reposted_username\\nAna,kpu_prov_demo\\nana,kpu_prov_demo\\n")
    >>> edges, report = read_edgelist(p)
    >>> edges.values.tolist(), report.duplicate_rows
    ([['ana', 'kpu_prov_demo', 2]], 1)
    """
    from .edgelist import read_edgelist as _read

    return _read(path, **kwargs)
