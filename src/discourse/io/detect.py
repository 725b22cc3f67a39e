"""Format detection and folder walking.

:func:`detect_format` looks at the first record of a file (not its name) and says what it is:
a post format the readers handle, a file that is valid platform output but holds no posts
(counts, user lookups, lists, compliance; refused as a whole with that name), an edge list, an
empty file, or nothing known (with the formats tried).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import orjson

#: Post formats, with what they are (the ``--format`` names of the CLI).
POST_FORMATS: dict[str, str] = {
    "twarc2-page": "X API v2 response pages, one per line (twarc2 search/timeline/lookup)",
    "twarc2-stream": "X API v2 stream lines, one tweet with its includes per line",
    "twarc2-flat": "twarc2 flatten output, one tweet with inlined author per line",
    "api-v2-document": "one X API v2 response saved as a JSON document (may be pretty-printed)",
    "v1-lines": "X API v1.1 tweet objects, one per line (streaming API, twarc1)",
    "v1-search": "one X API v1.1 search/tweets response ({'statuses': [...]})",
    "v1-document": "one X API v1.1 tweet object saved as a JSON document",
    "v1-array": "a JSON array of X API v1.1 tweet objects",
    "harvest-csv": "tweet-harvest CSV (2023, 2024, 2025 and the old semicolon form)",
    "harvest-xlsx": "tweet-harvest output in an Excel workbook (one or more sheets)",
    "twitwi-csv": "twitwi/minet tweet CSV export",
    "generic": "any CSV/Parquet export with a user-given column mapping",
    "posts-parquet": "a canonical posts table written by discourse",
}

#: Recognised files that hold no posts, and why they are refused.
NOT_POSTS: dict[str, str] = {
    "twarc2-users": "X API v2 user lookup (users, not posts)",
    "twarc2-counts": "X API v2 tweet counts (numbers of posts per time bucket, not posts)",
    "twarc2-lists": "X API v2 list lookup (lists, not posts)",
    "compliance": "X API compliance results (deletion/protection events, not posts)",
    "edgelist": "an edge list (actor, target): read it with discourse.io.read_edgelist",
    "claim-catalogue": "a hoax claim catalogue (claim_id, verdict, ...), not posts",
    "empty": "empty file",
    "v2-no-data": "X API v2 output with no 'data' in its first record",
}

_SNIFF_BYTES = 1 << 16
_MAX_DOC_BYTES = 1 << 31


class UnknownFormatError(ValueError):
    """A file matches none of the formats; the message lists what was tried.

    Examples
    --------
    >>> import os, tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "notes.txt")
    >>> _ = open(p, "w").write("just some notes, not posts")
    >>> from discourse.io import read_posts
    >>> try:
    ...     read_posts(p)
    ... except UnknownFormatError:
    ...     print("refused: no known format")
    refused: no known format
    """


@dataclass(frozen=True)
class Detected:
    """What a file is: ``kind`` is a key of :data:`POST_FORMATS` or :data:`NOT_POSTS`, or
    ``"unknown"``; ``reason`` explains non-post and unknown files.

    Examples
    --------
    >>> d = Detected("users.jsonl", "twarc2-users", NOT_POSTS["twarc2-users"])
    >>> d.holds_posts, d.reason
    (False, 'X API v2 user lookup (users, not posts)')
    """

    path: str
    kind: str
    reason: str = ""

    @property
    def holds_posts(self) -> bool:
        return self.kind in POST_FORMATS


def _first_lines(path: Path, n: int = 20, budget: int = 1 << 28) -> list[bytes]:
    """Up to ``n`` non-blank lines from the start of the file (within ``budget`` bytes)."""
    out: list[bytes] = []
    used = 0
    with open(path, "rb") as f:
        while len(out) < n and used < budget:
            line = f.readline(budget - used)
            if not line:
                break
            used += len(line)
            if line.strip():
                out.append(line)
    return out


def classify_json(obj: object) -> tuple[str, str]:
    """Classify one decoded JSON record: (kind, reason).

    Examples
    --------
    >>> classify_json({"data": [{"id": "1", "text": "halo"}], "includes": {}})[0]
    'twarc2-page'
    >>> classify_json({"data": [{"tweet_count": 3, "start": "x", "end": "y"}]})[0]
    'twarc2-counts'
    >>> classify_json({"id_str": "1", "text": "halo", "user": {}})[0]
    'v1-lines'
    """
    if isinstance(obj, list):
        items = [x for x in obj[:5] if isinstance(x, dict)]
        if items and all(classify_json(x)[0] == "v1-lines" for x in items):
            return "v1-array", ""
        if not obj:
            return "empty", "an empty JSON array"
        keys = sorted(items[0])[:6] if items else type(obj[0]).__name__
        return "unknown", f"a JSON array whose items are not tweet objects (first keys: {keys})"
    if not isinstance(obj, dict):
        return "unknown", f"a JSON {type(obj).__name__}, not an object"
    if "data" in obj:
        data = obj["data"]
        first = data[0] if isinstance(data, list) and data else data
        if isinstance(data, list) and not data:
            return "twarc2-page", ""
        if not isinstance(first, dict):
            return "unknown", "'data' holds no objects"
        if "tweet_count" in first and "start" in first:
            return "twarc2-counts", NOT_POSTS["twarc2-counts"]
        if "text" in first:
            return ("twarc2-page", "") if isinstance(data, list) else ("twarc2-stream", "")
        if "username" in first:
            return "twarc2-users", NOT_POSTS["twarc2-users"]
        if "name" in first and (
            "member_count" in first or "owner_id" in first or "follower_count" in first
        ):
            return "twarc2-lists", NOT_POSTS["twarc2-lists"]
        return "unknown", f"'data' items have no 'text' (keys: {sorted(first)[:8]})"
    if "statuses" in obj and isinstance(obj["statuses"], list):
        return "v1-search", ""
    if (
        ("id_str" in obj or "id" in obj)
        and "user" in obj
        and ("text" in obj or "full_text" in obj or "extended_tweet" in obj)
    ):
        return "v1-lines", ""
    if "id" in obj and "text" in obj and ("author_id" in obj or "author" in obj):
        return "twarc2-flat", ""
    if {"action", "id", "created_at"} <= set(obj) and ("reason" in obj or "action" in obj):
        return "compliance", NOT_POSTS["compliance"]
    if ("errors" in obj or "meta" in obj) and "data" not in obj:
        return "v2-no-data", NOT_POSTS["v2-no-data"]
    return "unknown", f"a JSON object with keys {sorted(obj)[:8]}"


def _detect_json(path: Path) -> Detected:
    # JSON lines: classify by the first of the first lines that parses (a corrupt first line
    # must not hide a good file); otherwise try the file as one (pretty-printed) document.
    lines = _first_lines(path)
    first_unknown: Detected | None = None
    for line in lines:
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError:
            continue
        if isinstance(obj, list) and len(lines) == 1:
            kind, reason = classify_json(obj)  # a JSON array on one line
            return Detected(str(path), kind, reason)
        if not isinstance(obj, dict):
            continue
        kind, reason = classify_json(obj)
        if kind != "unknown":
            return Detected(str(path), kind, reason)
        first_unknown = first_unknown or Detected(str(path), kind, reason)
    if first_unknown is not None:
        return first_unknown
    # not line-delimited: a whole (pretty-printed) document
    size = path.stat().st_size
    if size > _MAX_DOC_BYTES:
        return Detected(
            str(path),
            "unknown",
            "first line is not JSON and the file is too large to be one JSON document",
        )
    try:
        doc = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as e:
        return Detected(str(path), "unknown", f"not JSON lines and not one JSON document ({e})")
    kind, reason = classify_json(doc)
    if kind in ("twarc2-page", "twarc2-stream"):
        return Detected(str(path), "api-v2-document")
    if kind == "v1-lines":
        return Detected(str(path), "v1-document")
    return Detected(str(path), kind, reason)


def _csv_header(path: Path) -> tuple[list[str], str]:
    with open(path, "rb") as f:
        head = f.read(_SNIFF_BYTES)
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    first = text.splitlines()[0] if text.splitlines() else ""
    delim = max([",", ";", "\t"], key=first.count)
    row = next(csv.reader(io.StringIO(first), delimiter=delim), [])
    return [c.strip().lower() for c in row], delim


_HANDLE = re.compile(r"^@?\w{1,50}$")


def _looks_like_edgelist(path: Path, header: list[str], delim: str) -> bool:
    """Two named columns whose names and first values are all handle-like (no spaces)."""
    if delim != "," or len(header) != 2 or not all(_HANDLE.match(h) for h in header):
        return False
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        rows = csv.reader(f)
        next(rows, None)
        for i, row in enumerate(rows):
            if i >= 20:
                break
            if len(row) != 2 or not all(_HANDLE.match(v.strip()) for v in row):
                return False
    return True


def detect_format(path: str | Path) -> Detected:
    """Say what ``path`` holds, from its content.

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    Detected
        ``kind`` is a post format (:data:`POST_FORMATS`), a non-post kind (:data:`NOT_POSTS`)
        or ``"unknown"`` with the reason.

    Raises
    ------
    FileNotFoundError, PermissionError, IsADirectoryError
        When the file cannot be opened; the message names it.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "empty.jsonl")
    >>> _ = open(p, "w").close()
    >>> detect_format(p).kind
    'empty'
    """
    p = Path(path)
    with open(p, "rb") as f:  # raises a clear OSError naming the file
        head = f.read(_SNIFF_BYTES)
    if not head.strip():
        return Detected(str(p), "empty", NOT_POSTS["empty"])
    if head[:4] == b"PK\x03\x04":
        from .harvest_csv import xlsx_sheets

        try:
            sheets = xlsx_sheets(p)
        except Exception as e:
            return Detected(str(p), "unknown", f"a ZIP file that is not an Excel workbook ({e})")
        if any(ok for _, ok, _ in sheets):
            return Detected(str(p), "harvest-xlsx")
        return Detected(
            str(p),
            "unknown",
            "a workbook with no tweet-harvest sheet: "
            + "; ".join(f"{n}: {why}" for n, _, why in sheets),
        )
    if head[:4] == b"PAR1":
        import pyarrow.parquet as pq

        from ..schema import POSTS_COLUMNS

        names = pq.ParquetFile(p).schema_arrow.names
        if set(POSTS_COLUMNS) <= set(names):
            return Detected(str(p), "posts-parquet")
        return Detected(
            str(p),
            "unknown",
            f"a Parquet file that is not a discourse posts table "
            f"(columns {names[:8]}): read it with a column mapping (format 'generic')",
        )
    stripped = head.lstrip()
    if stripped[:1] in (b"{", b"["):
        return _detect_json(p)
    if p.suffix.lower() in (".yml", ".yaml"):
        return Detected(
            str(p), "unknown", "a YAML file (e.g. a column mapping or a claim catalogue), not posts"
        )
    header, delim = _csv_header(p)
    from .harvest_csv import is_harvest_header

    if is_harvest_header(header):
        return Detected(str(p), "harvest-csv")
    if {"id", "timestamp_utc", "user_screen_name", "text"} <= set(header):
        return Detected(str(p), "twitwi-csv")
    if {"claim_id", "verdict"} <= set(header):
        return Detected(str(p), "claim-catalogue", NOT_POSTS["claim-catalogue"])
    if _looks_like_edgelist(p, header, delim):
        return Detected(str(p), "edgelist", NOT_POSTS["edgelist"] + f" (columns {header})")
    if len(header) > 1:
        return Detected(
            str(p),
            "unknown",
            f"a table with columns {header[:8]} that is no known post format: give "
            "a column mapping (format 'generic')",
        )
    return Detected(str(p), "unknown", "not JSON, not CSV with a known header, not XLSX/Parquet")


#: File names that are never data (documentation next to data).
_DOC_SUFFIXES = {".md", ".rst", ".pdf", ".html", ".py", ".ipynb"}


def walk(paths: list[str | Path]) -> list[tuple[Path, bool]]:
    """Expand folders into files (sorted, hidden files skipped); return (path, named_explicitly)."""
    out: list[tuple[Path, bool]] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                if f.is_file() and not any(part.startswith(".") for part in rel.parts):
                    out.append((f, False))
        else:
            out.append((p, True))
    return out


def describe_formats() -> str:
    """The formats tried, for error messages."""
    return "; ".join(f"{k} ({v})" for k, v in POST_FORMATS.items())


def is_doc_file(path: Path) -> bool:
    """Documentation next to data (README, PROVENANCE, ...), skipped in folders without a look."""
    return path.suffix.lower() in _DOC_SUFFIXES
