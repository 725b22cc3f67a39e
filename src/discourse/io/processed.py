"""Writing and reading the processed outputs, atomically.

``data/processed/`` (or the folder given) receives:

``posts.parquet/``
    The canonical posts table (pseudonymised unless switched off) as a Parquet dataset: a
    folder of part files written in parallel by the workers, ``c-*.parquet`` (collected posts)
    then ``r-*.parquet`` (posts seen only as referenced material), in table order. pandas,
    pyarrow, DuckDB, R arrow and Spark read the folder as one table
    (``pandas.read_parquet("data/processed/posts.parquet")``), and :func:`read_processed`
    reads it in table order.
``rejects.jsonl``
    One JSON object per rejected record: ``file``, ``line``, ``reason``, ``field``, ``detail``,
    ``raw``. It holds raw third-party content: keep it private.
``manifest.json``
    Inputs (path, size, sha256), the report's counts, skipped files, schema and package
    version, parameters. No key, no timestamp: re-running on the same inputs gives the same
    files.

Each file is written to a temporary name in the same folder and renamed into place, so a crash
leaves either the old file or the new one, never half of one. The dataset folder is built under
a temporary name and swapped in by :func:`publish_folder`.
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


def publish_folder(tmp: str | Path, target: str | Path) -> None:
    """Move a finished folder ``tmp`` onto ``target``, replacing an older one.

    The new folder is complete before it gets the target's name. An older target is first
    renamed aside and removed after the swap, so readers see the old or the new table, never
    a mix; if the process dies between the two renames, the old table is left under
    ``.<name>.old-*`` and nothing half-written carries the target's name.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "posts.parquet"
    >>> for content in (b"old", b"new"):
    ...     tmp = temp_folder(target)
    ...     _ = (tmp / "part-0.parquet").write_bytes(content)
    ...     publish_folder(tmp, target)
    >>> (target / "part-0.parquet").read_bytes(), len(list(target.parent.iterdir()))
    (b'new', 1)
    """
    import shutil

    tmp, target = Path(tmp), Path(target)
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        if old.exists():
            shutil.rmtree(old) if old.is_dir() else old.unlink()
        os.replace(target, old)
    os.replace(tmp, target)
    if old is not None:
        if old.is_dir():
            shutil.rmtree(old)
        else:
            old.unlink()


def temp_folder(target: str | Path) -> Path:
    """A new empty folder next to ``target`` for building it.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "posts.parquet"
    >>> tmp = temp_folder(target)
    >>> tmp.parent == target.parent, tmp.name.startswith(".posts.parquet.tmp-"), list(tmp.iterdir())
    (True, True, [])
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))


def write_rejects(rejects: Iterable[Reject], path: str | Path) -> int:
    """Write rejects as JSON lines, atomically; return how many.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "rejects.jsonl"
    >>> write_rejects([Reject("a.csv", 3, "bad_date", "created_at 'kemarin'", "...")], p)
    1
    >>> json.loads(p.read_text())["reason"]
    'bad_date'
    """
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
    """Write ``manifest.json`` atomically and return it as a dict.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "manifest.json"
    >>> m = write_manifest(p, report=IngestReport(), inputs={"a.csv": (10, "ab12")},
    ...                    parameters={"pseudonymised": True}, rows=0)
    >>> json.loads(p.read_text())["inputs"] == m["inputs"] == [
    ...     {"path": "a.csv", "size": 10, "sha256": "ab12"}]
    True
    """
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


def read_processed(
    folder: str | Path = "data/processed",
    *,
    columns: list[str] | None = None,
    as_arrow: bool = False,
):
    """Read the posts table of a processed folder, in table order.

    Parameters
    ----------
    folder : path
        The folder ``ingest`` wrote (holding ``posts.parquet/``).
    columns : list of str, optional
        Only these columns.
    as_arrow : bool
        Return a ``pyarrow.Table`` instead of pandas (NA-aware dtypes).

    Examples
    --------
    >>> import os, tempfile
    >>> from discourse.io import ingest
    >>> d = tempfile.mkdtemp()
    >>> p = os.path.join(d, "t.csv")
    >>> _ = open(p, "w").write('"created_at","full_text","id_str","username"\\n'
    ...     '"Wed Nov 27 03:15:42 +0000 2024","Sudah nyoblos","1","warga_1"\\n')
    >>> _ = ingest(p, out=os.path.join(d, "out"), key=b"k" * 32)
    >>> read_processed(os.path.join(d, "out"))["post_id"].tolist()
    ['1']
    """
    from ..schema import to_pandas
    from .engine import part_files

    base = Path(folder) / POSTS_FILE
    if not base.exists():
        raise FileNotFoundError(f"{base} does not exist: run `discourse ingest` first")
    files = part_files(base) if base.is_dir() else [base]
    schema = (
        POSTS_SCHEMA if columns is None else pa.schema([POSTS_SCHEMA.field(c) for c in columns])
    )
    tables = [pq.read_table(f, columns=columns) for f in files]
    table = pa.concat_tables(tables).cast(schema) if tables else schema.empty_table()
    return table if as_arrow else to_pandas(table)
