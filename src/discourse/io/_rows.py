"""Row-wise building blocks for the readers that work record by record (CSV, XLSX, v1.1).

These readers turn each record into a ``dict`` keyed by canonical column names (see
:data:`discourse.schema.POSTS_SCHEMA`) and collect them with :class:`RowBuffer`, which builds an
Arrow table in the chunk layout. The text helpers derive relations that a source does not give
(``RT @x:`` retweets, ``@handle`` mentions, ``#tags``, URLs), always with a flag in ``derived``.
"""

from __future__ import annotations

import csv
import itertools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import pyarrow as pa

from ._arrow import CHUNK_SCHEMA

#: A leading ``RT @handle:`` (the retweet marker tweet-harvest leaves in ``full_text``).
RT_PREFIX = re.compile(r"^RT @([A-Za-z0-9_]{1,50}):")
#: ``@handle`` (X handles are ASCII letters, digits, ``_``) not preceded by a word character or
#: ``@`` (so e-mail addresses do not count).
MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_]{1,50})")
HASHTAG = re.compile(r"(?<![\w#&])#(\w*[^\W\d_]\w*)")
URL = re.compile(r"https?://[^\s\"'<>]+")
STATUS_URL = re.compile(r"(?:twitter|x)\.com/(?:[^/\s]+|i/web)/status(?:es)?/(\d{1,20})")

LEGACY_DATE = "%a %b %d %H:%M:%S %z %Y"

_DELIMITERS = (",", ";", "\t")
_MAX_EXACT = 2**53
_DIGITS = re.compile(r"^\d{1,30}$")
_FLOATISH = re.compile(r"^[+-]?(\d+\.\d*|\.\d+|\d+(\.\d*)?[eE][+-]?\d+)$")


def parse_date(value: object) -> datetime | None:
    """Parse an X legacy date (``Wed Nov 27 03:15:42 +0000 2024``), ISO 8601 with a zone, or
    epoch seconds; return an aware UTC datetime or ``None``.

    Examples
    --------
    >>> parse_date("Wed Nov 27 03:15:42 +0000 2024").isoformat()
    '2024-11-27T03:15:42+00:00'
    >>> parse_date("2024-11-27T03:15:42.000Z").isoformat()
    '2024-11-27T03:15:42+00:00'
    >>> parse_date("0") is None
    True
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else None
    s = str(value).strip()
    if not s:
        return None
    try:
        return datetime.strptime(s, LEGACY_DATE).astimezone(UTC)
    except ValueError:
        pass
    try:
        d = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return None
    if d.tzinfo is None:
        return None
    return d.astimezone(UTC)


def rt_handle(text: str | None) -> str | None:
    """The handle of a leading ``RT @x:``, or None.

    Examples
    --------
    >>> rt_handle("RT @kpu_kaltim: Ayo nyoblos")
    'kpu_kaltim'
    """
    if not text:
        return None
    m = RT_PREFIX.match(text)
    return m.group(1) if m else None


def mentions_in(text: str | None, *, skip_rt: bool = True) -> list[str]:
    """Lowercased ``@handles`` in ``text``, in order, excluding a leading ``RT @x:``.

    Examples
    --------
    >>> mentions_in("RT @a: halo @Bawaslu_Kaltim dan @kpu, email x@y.id")
    ['bawaslu_kaltim', 'kpu']
    """
    if not text:
        return []
    start = 0
    if skip_rt:
        m = RT_PREFIX.match(text)
        if m:
            start = m.end()
    return [h.lower() for h in MENTION.findall(text, start)]


def hashtags_in(text: str | None) -> list[str]:
    """Lowercased hashtags without ``#``.

    Examples
    --------
    >>> hashtags_in("Ayo #PilkadaKaltim2024 #TolakHoaks &#39;")
    ['pilkadakaltim2024', 'tolakhoaks']
    """
    return [h.lower() for h in HASHTAG.findall(text or "")]


def urls_in(text: str | None) -> list[str]:
    """URLs written in the text (``t.co`` links are not expanded)."""
    return URL.findall(text or "")


def id_from_url(url: object) -> str | None:
    """The status id in an x.com/twitter.com status URL.

    Examples
    --------
    >>> id_from_url("https://x.com/someone/status/1804871062037110937")
    '1804871062037110937'
    """
    if not url:
        return None
    m = STATUS_URL.search(str(url))
    return m.group(1) if m else None


class RowBuffer:
    """Collect canonical row dicts and build a chunk table (missing keys become null)."""

    def __init__(self) -> None:
        self.rows: list[dict] = []

    def append(self, row: dict) -> None:
        self.rows.append(row)

    def extend(self, rows: Iterable[dict]) -> None:
        self.rows.extend(rows)

    def __len__(self) -> int:
        return len(self.rows)

    def table(self) -> pa.Table:
        rows = self.rows
        for r in rows:
            r.setdefault("is_reference", False)
            r.setdefault("platform", "x")
            for k in ("mentions", "hashtags", "urls", "derived"):
                if r.get(k) is None:
                    r[k] = []
        return pa.Table.from_pylist(rows, schema=CHUNK_SCHEMA)


def is_na(v: object) -> bool:
    """True for None, NaN and blank strings (an empty cell).

    Examples
    --------
    >>> is_na(None), is_na(float("nan")), is_na("  "), is_na("0")
    (True, True, True, False)
    """
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and not v.strip()


def id_value(v: object) -> tuple[str | None, bool]:
    """Return ``(id, lost)`` for an id cell.

    Strings are ids as given (digits or not: YouTube comment ids are letters); a number, or a
    string that is a number in float notation, is exact only if integral and below 2**53.

    Examples
    --------
    >>> id_value("7401234567890123456"), id_value("UgzA1b2"), id_value("121640063.0")
    (('7401234567890123456', False), ('UgzA1b2', False), ('121640063', False))
    >>> id_value("1.3470858675847946e+18"), id_value(""), id_value(12.5)
    ((None, True), (None, False), (None, True))
    """
    if is_na(v):
        return None, False
    if isinstance(v, bool):
        return None, True
    if isinstance(v, int):
        return str(v), False
    if isinstance(v, float):
        if not math.isfinite(v) or not v.is_integer() or abs(v) >= _MAX_EXACT:
            return None, True
        return str(int(v)), False
    s = str(v).strip()
    if _DIGITS.match(s) or not _FLOATISH.match(s):
        return s, False
    return id_value(float(s))


def count_value(v: object) -> int | None:
    """A non-negative integer count from ``12``, ``"12"``, ``"12.0"``; else None (NA).

    Examples
    --------
    >>> count_value("12"), count_value("12.0"), count_value("1,234"), count_value("-1")
    (12, 12, None, None)
    """
    if is_na(v) or isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v if v >= 0 else None
    try:
        f = float(str(v).strip()) if not isinstance(v, float) else v
    except ValueError:
        return None
    if not math.isfinite(f) or not f.is_integer() or f < 0:
        return None
    return int(f)


def sniff_delimiter(line: str) -> str:
    """The most frequent of ``,``, ``;`` and tab outside double quotes (``,`` on a tie).

    Examples
    --------
    >>> sniff_delimiter('id;text;"a,b,c"'), sniff_delimiter("id\\ttext"), sniff_delimiter("id")
    (';', '\\t', ',')
    """
    outside = re.sub(r'"[^"]*("|$)', "", line)
    counts = [outside.count(d) for d in _DELIMITERS]
    best = max(counts)
    return _DELIMITERS[counts.index(best)] if best else ","


_BOM = b"\xef\xbb\xbf"


class _Lines:
    """Physical lines of a file, decoded one by one; remembers the lines of the current record."""

    def __init__(self, fh) -> None:
        self._it = iter(fh)
        self.no = 0
        self.pending: list[str] = []
        self.bad = False  # some line of the current record is not UTF-8

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        raw = next(self._it)
        self.no += 1
        if self.no == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM) :]
        try:
            s = raw.decode("utf-8")
        except UnicodeDecodeError:
            s = raw.decode("utf-8", errors="surrogateescape")
            self.bad = True
        self.pending.append(s)
        return s

    def take(self) -> tuple[str, bool]:
        """The raw text of the record just read and whether it had bad bytes; then reset."""
        raw = "".join(self.pending).rstrip("\r\n")
        bad = self.bad
        self.pending, self.bad = [], False
        if bad:
            raw = raw.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        return raw, bad


@dataclass
class CsvRecord:
    """One CSV record: the physical line it starts on, its fields (None when unreadable), its raw
    text, what is wrong with it (``(reason, detail)`` or None) and the lines read so far."""

    line: int
    row: list[str] | None
    raw: str
    problem: tuple[str, str] | None
    lines_read: int


def csv_records(fh, *, source: str, delimiter: str | None = None):
    """Read a CSV opened in binary mode: return ``(header, delimiter, records, header_lines)``.

    ``records`` yields a :class:`CsvRecord` for every record after the header (blank lines are
    not records): CSV errors and records of another width than the header are
    ``wrong_field_count``, records with bytes that are not UTF-8 ``bad_utf8``. Line numbers are
    those where a record starts. Raises ``ValueError`` naming ``source`` for an empty file or a
    header that is not UTF-8.
    """
    lines = _Lines(fh)
    try:
        first = next(lines)
    except StopIteration:
        raise ValueError(f"{source}: the file is empty (no header row)") from None
    delimiter = delimiter or sniff_delimiter(first)
    reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter)
    header = next(reader)
    _, bad_header = lines.take()
    if bad_header:
        raise ValueError(f"{source}: the header row is not valid UTF-8")
    width = len(header)

    def records():
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                raw, _ = lines.take()
                yield CsvRecord(
                    start, None, raw, ("wrong_field_count", f"CSV error: {e}"), lines.no
                )
                continue
            raw, bad = lines.take()
            if not row:
                continue  # a blank line is not a record
            problem = None
            if bad:
                problem = ("bad_utf8", "the record holds bytes that are not UTF-8")
            elif len(row) != width:
                problem = ("wrong_field_count", f"{len(row)} fields, header has {width}")
            yield CsvRecord(start, row, raw, problem, lines.no)

    return header, delimiter, records(), lines.no
