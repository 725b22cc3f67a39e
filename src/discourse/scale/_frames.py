"""The processed posts as partitions: listing them, reading them, and the ingest entry point."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pyarrow as pa

from ..io import IngestReport
from ..schema import POSTS_SCHEMA

PathLike = str | Path


def part_files(processed: PathLike) -> list[str]:
    """The Parquet parts of a processed posts dataset, in table order (collected posts first).

    Parameters
    ----------
    processed : path
        The processed folder (holding ``posts.parquet/``) or the ``posts.parquet`` dataset.

    Returns
    -------
    list of str

    Raises
    ------
    FileNotFoundError
        No posts dataset there.

    Examples
    --------
    >>> import os, tempfile
    >>> from discourse.io import ingest
    >>> d = tempfile.mkdtemp()
    >>> p = os.path.join(d, "t.csv")
    >>> _ = open(p, "w").write('"created_at","full_text","id_str","username"\\n'
    ...     '"Wed Nov 27 03:15:42 +0000 2024","Sudah nyoblos","1","warga_1"\\n')
    >>> _ = ingest(p, out=os.path.join(d, "out"), key=b"k" * 32)
    >>> [os.path.basename(f) for f in part_files(os.path.join(d, "out"))]
    ['c-000000-00000.parquet']
    """
    from ..io.engine import part_files as _parts
    from ..io.processed import POSTS_FILE

    base = Path(processed)
    if base.name != POSTS_FILE:
        base = base / POSTS_FILE
    if not base.exists():
        raise FileNotFoundError(f"{base} does not exist: run `discourse ingest` first")
    if base.is_file():
        return [str(base)]
    return [str(p) for p in _parts(base)]


def read_part(path: str, columns: list[str] | None = None) -> pa.Table:
    """One part as an Arrow table with the canonical types of ``columns``."""
    import pyarrow.parquet as pq

    cols = columns or POSTS_SCHEMA.names
    return pq.read_table(path, columns=cols).cast(pa.schema([POSTS_SCHEMA.field(c) for c in cols]))


def posts_frame(processed: PathLike, *, columns: list[str] | None = None):
    """The processed posts as a ``dask.dataframe`` (one partition per Parquet part, in table
    order), for analyses of your own on a cluster.

    Strings, timestamps and lists keep their Arrow types (``pandas.ArrowDtype``).

    Parameters
    ----------
    processed : path
        The processed folder (holding ``posts.parquet/``).
    columns : list of str, optional
        Only these columns (default: all of :data:`discourse.schema.POSTS_SCHEMA`).

    Returns
    -------
    dask.dataframe.DataFrame

    Examples
    --------
    >>> import os, tempfile
    >>> from discourse.io import ingest
    >>> d = tempfile.mkdtemp()
    >>> p = os.path.join(d, "t.csv")
    >>> _ = open(p, "w").write('"created_at","full_text","id_str","username"\\n'
    ...     '"Wed Nov 27 03:15:42 +0000 2024","Sudah nyoblos","1","warga_1"\\n')
    >>> _ = ingest(p, out=os.path.join(d, "out"), key=b"k" * 32)
    >>> frame = posts_frame(os.path.join(d, "out"), columns=["post_id", "kind"])
    >>> frame.npartitions, frame.compute(scheduler="sync")["kind"].tolist()
    (1, ['original'])
    """
    import dask
    import dask.dataframe as dd
    import pandas as pd

    cols = list(columns or POSTS_SCHEMA.names)
    unknown = [c for c in cols if c not in POSTS_SCHEMA.names]
    if unknown:
        raise ValueError(f"columns: not posts columns: {unknown}")
    files = part_files(processed)

    def load(path: str) -> pd.DataFrame:
        return read_part(path, cols).to_pandas(types_mapper=pd.ArrowDtype)

    meta = pa.schema([POSTS_SCHEMA.field(c) for c in cols]).empty_table()
    meta = meta.to_pandas(types_mapper=pd.ArrowDtype)
    if not files:
        return dd.from_pandas(meta, npartitions=1)
    return dd.from_delayed([dask.delayed(load)(f) for f in files], meta=meta)


def ingest(
    paths: PathLike | Iterable[PathLike],
    *,
    out: PathLike = "data/processed",
    scheduler="local",
    format: str | None = None,
    mapping=None,
    pseudonymise: bool = True,
    key: bytes | None = None,
    allowlist=None,
    progress: Callable[[int, int], None] | None = None,
    chunk_bytes: int | None = None,
) -> IngestReport:
    """:func:`discourse.io.ingest` as a Dask job (``scheduler`` defaults to ``"local"``).

    Files, worksheets and 64 MiB byte ranges of JSON-lines files become tasks that run the
    single-machine readers on the workers; the workers write the Parquet parts of
    ``out/posts.parquet/`` themselves. De-duplication follows the single-machine rule exactly
    (one task per hash bucket of post ids), the report reconciles as on one machine
    (``accepted + rejected + duplicates == read``), and the outputs are identical to
    ``discourse.io.ingest(paths, out=out)``. The pseudonymisation key travels with the tasks,
    in memory; it is never written.

    On a cluster, ``paths`` and ``out`` must be on a file system every worker sees under the
    same path (the usual home or scratch file system of an HPC cluster).

    Parameters
    ----------
    paths, out, format, mapping, pseudonymise, key, allowlist, progress, chunk_bytes
        As in :func:`discourse.io.ingest`.
    scheduler : str or distributed.Client
        ``"local"``, a scheduler address, a ``distributed.Client`` or ``"sync"``.

    Returns
    -------
    IngestReport

    Raises
    ------
    discourse.scale.ClusterJobError
        Workers died more often than the cluster allows; nothing was published.

    Examples
    --------
    >>> import os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> p = os.path.join(d, "t.csv")
    >>> _ = open(p, "w").write('"created_at","full_text","id_str","username"\\n'
    ...     '"Wed Nov 27 03:15:42 +0000 2024","Sudah nyoblos @kpu_prov_demo","1","warga_1"\\n')
    >>> r = ingest(p, out=os.path.join(d, "out"), key=b"k" * 32, scheduler="sync")
    >>> r.read, r.accepted, sorted(os.listdir(os.path.join(d, "out")))
    (1, 1, ['manifest.json', 'posts.parquet', 'rejects.jsonl'])
    """
    from ..io import ingest as _ingest

    if scheduler is None:
        raise ValueError("scheduler: None means the single-machine path; use discourse.io.ingest")
    return _ingest(
        paths,
        out=out,
        format=format,
        mapping=mapping,
        pseudonymise=pseudonymise,
        key=key,
        allowlist=allowlist,
        progress=progress,
        chunk_bytes=chunk_bytes,
        scheduler=scheduler,
    )
