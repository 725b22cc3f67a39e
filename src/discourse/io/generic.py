"""Any CSV or Parquet export of posts or comments, read through a column mapping.

Comment-export tools for TikTok, Instagram, Facebook and YouTube, and tweet exporters such as
twitwi/minet, write tables whose columns differ from tool to tool. A :class:`ColumnMapping`
names, for each canonical column (:data:`discourse.schema.POSTS_SCHEMA`), the export's column
that holds it; :func:`iter_generic` reads the file through it.

Rules (the same for CSV and Parquet):

* empty cells are NA; ids are strings as given (an id written as a float, ``1.3e+18``, is exact
  only when integral and below 2**53; otherwise the row is rejected ``id_lost_precision``, and
  an author or conversation id becomes NA with the ``author_id_lost`` /
  ``conversation_id_lost`` flag);
* a leading ``@`` is removed from handle columns; list columns (``mentions``, ``hashtags``,
  ``urls``) are split on ``list_sep``; mentions and hashtags are lowercased without ``@``/``#``;
  a mention of the account named by a leading ``RT @x:`` in the text is dropped once (DESIGN §2:
  mentions exclude the automatic ``RT @x:``);
* counts accept integers and integral floats (``"12"``, ``"12.0"``); anything else (``"1,234"``,
  ``"1.2K"``, negative numbers) is NA, not a reject: thousands separators are not guessed,
  because ``.`` and ``,`` swap roles in Indonesian exports;
* ``kind`` follows which relation columns are filled: ``retweet`` (a share/repost) >
  ``quote`` > ``reply`` > ``original``. When no retweet column is mapped and
  ``derive_from_text`` is on, a leading ``RT @x:`` makes a retweet of ``x``
  (``retweet_from_text``); unmapped mentions, hashtags and urls are taken from the text
  (``mentions_from_text``, ``hashtags_from_text``, ``urls_from_text``, flagged on rows where
  the text gave any).

Rejects: ``bad_utf8`` (a CSV record with bytes that are not UTF-8), ``wrong_field_count`` (a
CSV row with a different number of fields than the header; never shifted), ``missing_id``,
``id_lost_precision``, ``bad_date`` (``created_at`` empty or unparseable, or naive when no
``timezone`` is given).
"""

from __future__ import annotations

import csv
import dataclasses
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import orjson

from ._chunk import ChunkResult
from ._rows import (
    RowBuffer,
    count_value,
    csv_records,
    hashtags_in,
    id_value,
    mentions_in,
    parse_date,
    rt_handle,
    sniff_delimiter,
    urls_in,
)
from ._rows import (
    is_na as _is_na,
)
from .report import Reject

__all__ = [
    "COLUMN_FIELDS",
    "TWITWI_MAPPING",
    "ColumnMapping",
    "count_value",
    "date_value",
    "id_value",
    "iter_generic",
    "row_to_post",
    "sniff_delimiter",
]

csv.field_size_limit(1 << 28)

#: Mapping fields that name a column of the export, in canonical order.
COLUMN_FIELDS: tuple[str, ...] = (
    "post_id",
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
    "mentions",
    "hashtags",
    "urls",
    "like_count",
    "retweet_count",
    "reply_count",
    "quote_count",
)
_ID_FIELDS = (
    "author_id",
    "retweeted_post_id",
    "retweeted_author_id",
    "quoted_post_id",
    "quoted_author_id",
    "reply_to_post_id",
    "reply_to_author_id",
    "conversation_id",
)
_HANDLE_FIELDS = (
    "author_handle",
    "retweeted_author_handle",
    "quoted_author_handle",
    "reply_to_author_handle",
)
_COUNT_FIELDS = ("author_followers", "like_count", "retweet_count", "reply_count", "quote_count")
_RELATIONS = {
    "retweet": ("retweeted_post_id", "retweeted_author_id", "retweeted_author_handle"),
    "quote": ("quoted_post_id", "quoted_author_id", "quoted_author_handle"),
    "reply": ("reply_to_post_id", "reply_to_author_id", "reply_to_author_handle"),
}
_LOST_FLAG = {"author_id": "author_id_lost", "conversation_id": "conversation_id_lost"}


# --------------------------------------------------------------------------------------------
# The mapping


@dataclass(frozen=True)
class ColumnMapping:
    """Which column of an export holds which canonical column, and how to read it.

    Every field from ``post_id`` to ``quote_count`` is the name of a column of the export
    (``None``: the export has no such column). ``post_id`` and ``created_at`` are required.

    Attributes
    ----------
    retweeted_post_id, retweeted_author_id, retweeted_author_handle : str or None
        A share/repost of another post.
    mentions, hashtags, urls : str or None
        List columns, items separated by ``list_sep``.
    retweet_count : str or None
        Shares.
    platform : str
        The constant written to the ``platform`` column (``"tiktok"``, ``"youtube"``, ...).
    list_sep : str
        Separator of items in list columns (CSV cells; Parquet list columns are used as is).
    date_format : str or None
        A :func:`datetime.strptime` format; ``None`` = :func:`discourse.io._rows.parse_date`'s
        rules (X legacy form, ISO 8601); ``"epoch"`` = seconds since 1970-01-01 UTC (``1610005273``
        or ``1610005273.0``).
    timezone : str or None
        IANA zone assumed for timestamps without one (``"Asia/Makassar"`` for WITA). ``None``:
        such timestamps are rejected ``bad_date`` rather than guessed.
    derive_from_text : bool
        Derive unmapped mentions, hashtags, urls and (when no retweet column is mapped)
        ``RT @x:`` retweets from the text, with flags in ``derived``.
    delimiter : str or None
        CSV delimiter; ``None`` = sniffed from the header line among ``,``, ``;`` and tab.

    Examples
    --------
    >>> m = ColumnMapping(post_id="comment_id", created_at="create_time", text="text",
    ...                   platform="tiktok", date_format="epoch")
    >>> m.columns()
    {'post_id': 'comment_id', 'created_at': 'create_time', 'text': 'text'}
    """

    post_id: str | None = None
    text: str | None = None
    created_at: str | None = None
    author_id: str | None = None
    author_handle: str | None = None
    author_followers: str | None = None
    reply_to_post_id: str | None = None
    reply_to_author_id: str | None = None
    reply_to_author_handle: str | None = None
    retweeted_post_id: str | None = None
    retweeted_author_id: str | None = None
    retweeted_author_handle: str | None = None
    quoted_post_id: str | None = None
    quoted_author_id: str | None = None
    quoted_author_handle: str | None = None
    conversation_id: str | None = None
    lang: str | None = None
    like_count: str | None = None
    retweet_count: str | None = None
    reply_count: str | None = None
    quote_count: str | None = None
    mentions: str | None = None
    hashtags: str | None = None
    urls: str | None = None
    platform: str = "x"
    list_sep: str = "|"
    date_format: str | None = None
    timezone: str | None = None
    derive_from_text: bool = True
    delimiter: str | None = None

    def __post_init__(self) -> None:
        for name in COLUMN_FIELDS:
            v = getattr(self, name)
            if v is not None and (not isinstance(v, str) or not v.strip()):
                raise ValueError(f"ColumnMapping.{name} must be a column name or None, got {v!r}")
        for name in ("post_id", "created_at"):
            if getattr(self, name) is None:
                raise ValueError(f"ColumnMapping.{name} is required (the column holding it)")
        if not isinstance(self.platform, str) or not self.platform.strip():
            raise ValueError(
                f"ColumnMapping.platform must be a non-empty string, got {self.platform!r}"
            )
        if not isinstance(self.list_sep, str) or not self.list_sep:
            raise ValueError(
                f"ColumnMapping.list_sep must be a non-empty string, got {self.list_sep!r}"
            )
        if self.delimiter is not None and (
            not isinstance(self.delimiter, str) or len(self.delimiter) != 1
        ):
            raise ValueError(
                f"ColumnMapping.delimiter must be one character or None, got {self.delimiter!r}"
            )
        if self.timezone is not None:
            try:
                ZoneInfo(self.timezone)
            except (ZoneInfoNotFoundError, ValueError, TypeError) as e:
                raise ValueError(
                    f"ColumnMapping.timezone {self.timezone!r} is not a known IANA zone name"
                ) from e
        if not isinstance(self.derive_from_text, bool):
            raise ValueError(
                f"ColumnMapping.derive_from_text must be True or False, got "
                f"{self.derive_from_text!r}"
            )

    def columns(self) -> dict[str, str]:
        """Canonical field → export column, for the mapped fields (canonical order)."""
        return {f: getattr(self, f) for f in COLUMN_FIELDS if getattr(self, f) is not None}

    @classmethod
    def from_dict(cls, d: dict[str, Any], *, origin: str = "column mapping") -> ColumnMapping:
        """Build a mapping from a dict; unknown keys raise ``ValueError`` naming them.

        Examples
        --------
        >>> ColumnMapping.from_dict({"post_id": "id", "created_at": "date"}).post_id
        'id'
        >>> ColumnMapping.from_dict({"post_id": "id", "created_at": "d", "txt": "x"})
        Traceback (most recent call last):
        ...
        ValueError: column mapping: unknown key(s) ['txt']; known keys: post_id, text, ...
        """
        if not isinstance(d, dict):
            raise ValueError(
                f"{origin}: expected a mapping of keys to values, got {type(d).__name__}"
            )
        known = [f.name for f in dataclasses.fields(cls)]
        unknown = sorted(str(k) for k in d if k not in known)
        if unknown:
            raise ValueError(f"{origin}: unknown key(s) {unknown}; known keys: {', '.join(known)}")
        return cls(**d)

    @classmethod
    def from_file(cls, path: str | Path) -> ColumnMapping:
        """Read a mapping from a YAML (``.yaml``/``.yml``) or JSON file of ``key: value`` pairs.

        Examples
        --------
        >>> import tempfile, os
        >>> p = os.path.join(tempfile.mkdtemp(), "tiktok.yaml")
        >>> _ = open(p, "w").write("post_id: cid\\ncreated_at: createTime\\nplatform: tiktok\\n")
        >>> ColumnMapping.from_file(p).platform
        'tiktok'
        """
        p = Path(path)
        raw = p.read_bytes()
        if p.suffix.lower() == ".json":
            d = orjson.loads(raw)
        else:
            import yaml

            d = yaml.safe_load(raw.decode("utf-8-sig"))
        return cls.from_dict(d if d is not None else {}, origin=str(p))


#: twitwi/minet tweet CSV export (``minet twitter scrape``, twitwi ``format_tweet_as_csv_row``):
#: epoch ``timestamp_utc``, ``|``-joined lists. That export has no quote count and no
#: conversation id; ``retweet_count``/``like_count`` on a retweet row are the original's.
TWITWI_MAPPING = ColumnMapping(
    post_id="id",
    created_at="timestamp_utc",
    date_format="epoch",
    text="text",
    author_id="user_id",
    author_handle="user_screen_name",
    author_followers="user_followers",
    lang="lang",
    retweeted_post_id="retweeted_id",
    retweeted_author_id="retweeted_user_id",
    retweeted_author_handle="retweeted_user",
    quoted_post_id="quoted_id",
    quoted_author_id="quoted_user_id",
    quoted_author_handle="quoted_user",
    reply_to_post_id="to_tweetid",
    reply_to_author_id="to_userid",
    reply_to_author_handle="to_username",
    like_count="like_count",
    retweet_count="retweet_count",
    reply_count="reply_count",
    mentions="mentioned_names",
    hashtags="hashtags",
    urls="links",
    platform="x",
    list_sep="|",
)


# --------------------------------------------------------------------------------------------
# Cell values


def _str_value(v: object) -> str | None:
    if _is_na(v):
        return None
    return v.strip() if isinstance(v, str) else str(v)


def _aware(d: datetime, zone: str | None) -> datetime | None:
    if d.tzinfo is None:
        if zone is None:
            return None
        d = d.replace(tzinfo=ZoneInfo(zone))
    return d.astimezone(UTC)


def date_value(
    v: object, *, date_format: str | None = None, zone: str | None = None
) -> tuple[datetime | None, str]:
    """Parse a ``created_at`` cell to an aware UTC datetime; return ``(value, why_not)``.

    Examples
    --------
    >>> date_value("1610005273.0", date_format="epoch")[0].isoformat()
    '2021-01-07T07:41:13+00:00'
    >>> date_value("2024-11-27 11:15:42", zone="Asia/Makassar")[0].isoformat()
    '2024-11-27T03:15:42+00:00'
    >>> date_value("2024-11-27 11:15:42")
    (None, 'has no time zone and the mapping gives no timezone')
    """
    if _is_na(v):
        return None, "is empty"
    if isinstance(v, datetime):
        d = _aware(v, zone)
        return (d, "") if d else (None, "has no time zone and the mapping gives no timezone")
    if isinstance(v, date):
        return date_value(datetime(v.year, v.month, v.day), zone=zone)
    if date_format == "epoch":
        try:
            f = float(str(v).strip()) if not isinstance(v, (int, float)) else float(v)
            if not math.isfinite(f):
                raise ValueError
            return datetime.fromtimestamp(f, tz=UTC), ""
        except (ValueError, OverflowError, OSError):
            return None, "is not a number of seconds since the epoch"
    s = str(v).strip()
    if date_format is not None:
        try:
            d = datetime.strptime(s, date_format)
        except ValueError:
            return None, f"does not match the format {date_format!r}"
        a = _aware(d, zone)
        return (a, "") if a else (None, "has no time zone and the mapping gives no timezone")
    d = parse_date(s)
    if d is not None:
        return d, ""
    try:
        naive = datetime.fromisoformat(s)
    except ValueError:
        return None, "is neither ISO 8601 nor X's legacy form"
    a = _aware(naive, zone)
    return (a, "") if a else (None, "has no time zone and the mapping gives no timezone")


def _items(v: object, sep: str) -> list[str]:
    if _is_na(v):
        return []
    if isinstance(v, (list, tuple)):
        vals = ["" if x is None else str(x) for x in v]
    else:
        vals = str(v).split(sep)
    return [x.strip() for x in vals if x is not None and x.strip()]


def _kind_of(row: dict) -> str:
    for kind in ("retweet", "quote", "reply"):
        if any(row.get(c) is not None for c in _RELATIONS[kind]):
            return kind
    return "original"


def row_to_post(
    values: dict[str, object], mapping: ColumnMapping, *, source: str, line: int | None
) -> tuple[dict | None, tuple[str, str | None, str] | None]:
    """Map one record (canonical field → cell value) to a canonical row dict.

    Parameters
    ----------
    values : dict
        Cell values keyed by canonical field (only mapped fields); not modified.
    mapping : ColumnMapping
    source : str
        Recorded in ``source_file``.
    line : int or None
        Recorded in ``source_line``.

    Returns
    -------
    (dict, None) or (None, (reason, column, detail))

    Examples
    --------
    >>> m = ColumnMapping(post_id="id", created_at="t", text="x", reply_to_author_handle="to",
    ...                   platform="tiktok", date_format="epoch")
    >>> row, _ = row_to_post({"post_id": "5", "created_at": "0", "text": "@Ana mantap #Kaltim",
    ...                       "reply_to_author_handle": "@ana"}, m, source="f", line=2)
    >>> row["kind"], row["reply_to_author_handle"], row["mentions"], row["derived"]
    ('reply', 'ana', ['ana'], ['mentions_from_text', 'hashtags_from_text'])
    >>> row_to_post({"post_id": "", "created_at": "0"}, m, source="f", line=3)[1][0]
    'missing_id'
    """
    cols = mapping.columns()
    post_id, lost = id_value(values.get("post_id"))
    if post_id is None:
        raw_id = values.get("post_id")
        if lost:
            return None, (
                "id_lost_precision",
                cols["post_id"],
                f"{cols['post_id']} {raw_id!r} is a float that lost digits",
            )
        return None, ("missing_id", cols["post_id"], f"{cols['post_id']} is empty")
    created_raw = values.get("created_at")
    created, why = date_value(created_raw, date_format=mapping.date_format, zone=mapping.timezone)
    if created is None:
        return None, ("bad_date", cols["created_at"], f"{cols['created_at']} {created_raw!r} {why}")
    derived: list[str] = []
    row: dict[str, Any] = {
        "post_id": post_id,
        "platform": mapping.platform,
        "created_at": created,
        "source_file": source,
        "source_line": line,
        "is_reference": False,
        "_collected_at": None,
    }
    raw_text = values.get("text")
    text = None if _is_na(raw_text) else str(raw_text)
    row["text"] = text
    row["lang"] = _str_value(values.get("lang"))
    for f in _ID_FIELDS:
        v, f_lost = id_value(values.get(f))
        row[f] = v
        if f_lost and f in _LOST_FLAG:
            derived.append(_LOST_FLAG[f])
    for f in _HANDLE_FIELDS:
        h = _str_value(values.get(f))
        row[f] = (h.lstrip("@") or None) if h is not None else None
    for f in _COUNT_FIELDS:
        row[f] = count_value(values.get(f))
    rt = rt_handle(text)
    if rt and mapping.derive_from_text and not any(f in cols for f in _RELATIONS["retweet"]):
        row["retweeted_author_handle"] = rt
        derived.append("retweet_from_text")
    row["kind"] = _kind_of(row)

    if "mentions" in cols:
        mentions = [m.lstrip("@").lower() for m in _items(values.get("mentions"), mapping.list_sep)]
        mentions = [m for m in mentions if m]
        if rt and rt.lower() in mentions:
            mentions.remove(rt.lower())
    elif mapping.derive_from_text:
        mentions = mentions_in(text)
        if mentions:
            derived.append("mentions_from_text")
    else:
        mentions = []
    if "hashtags" in cols:
        tags = [h.lstrip("#").lower() for h in _items(values.get("hashtags"), mapping.list_sep)]
        hashtags = [h for h in tags if h]
    elif mapping.derive_from_text:
        hashtags = hashtags_in(text)
        if hashtags:
            derived.append("hashtags_from_text")
    else:
        hashtags = []
    if "urls" in cols:
        urls = _items(values.get("urls"), mapping.list_sep)
    elif mapping.derive_from_text:
        urls = urls_in(text)
        if urls:
            derived.append("urls_from_text")
    else:
        urls = []
    row["mentions"], row["hashtags"], row["urls"] = mentions, hashtags, urls
    row["derived"] = derived
    return row, None


# --------------------------------------------------------------------------------------------
# Reading CSV with exact line numbers


def _header_positions(header: list[str], mapping: ColumnMapping, source: str) -> dict[str, int]:
    names = [h.strip() for h in header]
    cols = mapping.columns()
    missing = sorted({c for c in cols.values() if c not in names})
    if missing:
        raise ValueError(
            f"{source}: mapped column(s) {missing} not in the header; the header has {names}"
        )
    doubled = sorted({c for c in cols.values() if names.count(c) > 1})
    if doubled:
        raise ValueError(
            f"{source}: mapped column(s) {doubled} appear more than once in the header"
        )
    return {f: names.index(c) for f, c in cols.items()}


class _Acc:
    def __init__(self, notes: list[str]) -> None:
        self.buf = RowBuffer()
        self.rejects: list[Reject] = []
        self.read = 0
        self.lines = 0
        self.notes = notes

    def add(
        self, post: dict | None, why: tuple | None, *, source: str, line: int | None, raw: str
    ) -> None:
        self.read += 1
        if why is not None:
            reason, fld, detail = why
            self.rejects.append(Reject(source, line, reason, detail, raw, fld))
        else:
            self.buf.append(post)

    def result(self) -> ChunkResult:
        return ChunkResult(
            table=self.buf.table(),
            rejects=self.rejects,
            read=self.read,
            rejected=len(self.rejects),
            lines=self.lines,
            notes=list(self.notes),
        )


def _iter_csv(
    path: Path, mapping: ColumnMapping, source: str, chunk_rows: int
) -> Iterator[ChunkResult]:
    with open(path, "rb") as fh:
        header, delimiter, records, consumed = csv_records(
            fh, source=source, delimiter=mapping.delimiter
        )
        pos = _header_positions(header, mapping, source)
        notes = [f"delimiter {delimiter!r}"]
        acc = _Acc(notes)
        acc.lines = consumed  # the header's physical lines
        for rec in records:
            acc.lines += rec.lines_read - consumed
            consumed = rec.lines_read
            if rec.problem is not None:
                reason, detail = rec.problem
                acc.add(None, (reason, None, detail), source=source, line=rec.line, raw=rec.raw)
            else:
                values = {f: rec.row[i] for f, i in pos.items()}
                post, why = row_to_post(values, mapping, source=source, line=rec.line)
                acc.add(post, why, source=source, line=rec.line, raw=rec.raw)
            if acc.read >= chunk_rows:
                yield acc.result()
                acc = _Acc(notes)
        if acc.read or acc.lines:
            yield acc.result()


def _iter_parquet(
    path: Path, mapping: ColumnMapping, source: str, chunk_rows: int
) -> Iterator[ChunkResult]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    names = pf.schema_arrow.names
    pos = _header_positions(names, mapping, source)
    cols = mapping.columns()
    wanted = sorted(set(cols.values()), key=names.index)
    rownum = 0
    for batch in pf.iter_batches(batch_size=chunk_rows, columns=wanted):
        acc = _Acc([])
        for rec in batch.to_pylist():
            rownum += 1
            values = {f: rec[names[i]] for f, i in pos.items()}
            post, why = row_to_post(values, mapping, source=source, line=rownum)
            raw = "" if why is None else orjson.dumps(rec, default=str).decode()
            acc.add(post, why, source=source, line=rownum, raw=raw)
        acc.lines = batch.num_rows
        yield acc.result()


def iter_generic(
    path: str | Path,
    mapping: ColumnMapping,
    *,
    source: str | None = None,
    chunk_rows: int = 100_000,
) -> Iterator[ChunkResult]:
    """Read a CSV or Parquet export through a column mapping, in chunks.

    Parameters
    ----------
    path : str or Path
        A CSV (any suffix; UTF-8, a byte-order mark allowed) or a Parquet file (recognised by
        its ``PAR1`` magic bytes).
    mapping : ColumnMapping
        Which columns hold what; see :class:`ColumnMapping`.
    source : str, optional
        Recorded in ``source_file`` and in rejects (default ``str(path)``).
    chunk_rows : int
        Records read (accepted or rejected) per yielded chunk.

    Yields
    ------
    ChunkResult
        ``read`` = accepted rows + ``rejected``; no ``is_reference`` rows. ``source_line`` and
        ``Reject.line`` are, for CSV, the 1-based physical line where the record starts (the
        header is line 1; a quoted field may span lines) and, for Parquet, the 1-based row
        number. Blank CSV lines are not records.

    Raises
    ------
    ValueError
        Before any row is read, naming the file: mapped columns missing from the header (or
        repeated in it), an empty CSV, a header that is not UTF-8, ``chunk_rows`` < 1.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "comments.csv")
    >>> _ = open(p, "w").write("cid;created;user;text;parent\\n"
    ...     "c1;2024-11-20T08:00:00+08:00;ana;Ayo #Kaltim;\\n"
    ...     "c2;2024-11-20 09:00;budi;@ana setuju;c1\\n"
    ...     "c3;kemarin;cici;??;\\n")
    >>> m = ColumnMapping(post_id="cid", created_at="created", author_handle="user",
    ...     text="text", reply_to_post_id="parent", platform="tiktok", timezone="Asia/Makassar")
    >>> c = next(iter_generic(p, m))
    >>> c.read, c.rejected, c.rejects[0].reason, c.rejects[0].line
    (3, 1, 'bad_date', 4)
    >>> c.table.column("kind").to_pylist(), str(c.table.column("created_at")[1])
    (['original', 'reply'], '2024-11-20 01:00:00+00:00')
    """
    if chunk_rows < 1:
        raise ValueError(f"chunk_rows must be >= 1, got {chunk_rows!r}")
    if not isinstance(mapping, ColumnMapping):
        raise TypeError(f"mapping must be a ColumnMapping, got {type(mapping).__name__}")
    path = Path(path)
    source = source if source is not None else str(path)
    with open(path, "rb") as fh:
        magic = fh.read(4)
    if magic == b"PAR1":
        yield from _iter_parquet(path, mapping, source, chunk_rows)
    else:
        yield from _iter_csv(path, mapping, source, chunk_rows)
