"""Writing and reading the processed outputs, atomically.

``data/processed/`` (or the folder given) receives:

``posts.parquet``
    The canonical posts table (pseudonymised unless switched off), one file with row groups
    written as the chunks stream by, so memory stays bounded.
``rejects.jsonl``
    One JSON object per rejected record: ``file``, ``line``, ``reason``, ``field``, ``detail``,
    ``raw``. It holds raw third-party content: keep it private.
``manifest.json``
    Inputs (path, size, sha256), the report's counts, skipped files, schema and package
    version, parameters. No key, no timestamp: re-running on the same inputs gives the same
    files.

Each file is written to a temporary name in the same folder and renamed into place, so a crash
leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from ..schema import POSTS_SCHEMA, SCHEMA_VERSION
from .report import IngestReport, Reject

POSTS_FILE = "posts.parquet"
REJECTS_FILE = "rejects.jsonl"
MANIFEST_FILE = "manifest.json"
ROW_GROUP = 256_000


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; rename it onto ``target`` on success.

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> with atomic_path(os.path.join(d, "x.txt")) as tmp:
    ...     _ = tmp.write_text("ok")
    >>> open(os.path.join(d, "x.txt")).read(), sorted(os.listdir(d))
    ('ok', ['x.txt'])
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def write_posts_parquet(tables: Iterable[pa.Table], path: str | Path) -> int:
    """Stream canonical tables into one Parquet file, atomically; return the row count."""
    rows = 0
    with atomic_path(path) as tmp:
        with pq.ParquetWriter(tmp, POSTS_SCHEMA, compression="zstd", write_statistics=True) as w:
            for t in tables:
                if t.num_rows:
                    w.write_table(t.cast(POSTS_SCHEMA), row_group_size=ROW_GROUP)
                    rows += t.num_rows
    return rows


def write_rejects(rejects: Iterable[Reject], path: str | Path) -> int:
    """Write rejects as JSON lines, atomically; return how many."""
    n = 0
    with atomic_path(path) as tmp, open(tmp, "wb") as f:
        for r in rejects:
            f.write(orjson.dumps(r.to_dict()) + b"\n")
            n += 1
    return n


def write_manifest(
    path: str | Path,
    *,
    report: IngestReport,
    inputs: dict[str, tuple[int, str]],
    parameters: dict,
    rows: int,
) -> dict:
    """Write ``manifest.json`` atomically and return it as a dict."""
    from .. import __version__

    manifest = {
        "package": "discourse",
        "package_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "inputs": [
            {"path": p, "size": size, "sha256": digest}
            for p, (size, digest) in sorted(inputs.items())
        ],
        "parameters": parameters,
        "rows": rows,
        "counts": report.totals(),
        "files": [f.to_dict() for f in report.files],
        "skipped": [s.to_dict() for s in report.skipped],
    }
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=False) + "\n")
    return manifest


def read_processed(folder: str | Path = "data/processed", *, columns: list[str] | None = None):
    """Read ``posts.parquet`` from a processed folder into pandas (NA-aware dtypes).

    Examples
    --------
    >>> read_processed  # doctest: +ELLIPSIS
    <function read_processed at ...>
    """
    from ..schema import to_pandas

    table = pq.read_table(Path(folder) / POSTS_FILE, columns=columns)
    return to_pandas(table)
