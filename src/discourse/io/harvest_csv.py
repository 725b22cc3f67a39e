"""tweet-harvest output: CSV in every generation it wrote, and XLSX workbooks.

tweet-harvest (helmisatria/tweet-harvest) scrapes X search results into CSV. Its files differ by
version, and students' copies differ again after Excel or pandas touched them:

=============  ==========================================================================
form           how to recognise it
=============  ==========================================================================
``semicolon``  before v2.4.1 (Nov 2023): ``;``-separated, ``created_at;id;id_str;full_text;...``,
               newlines in text written as a literal ``\\n``, no ``username`` column
``2023``       v2.4.1 to 2.4.2: 12 columns ``created_at,id_str,full_text,...,username,tweet_url``,
               no ``in_reply_to_screen_name``
``2024``       v2.5 to 2.6: 15 columns in alphabetical order, every field quoted, CRLF, legacy
               ``created_at`` (``Wed Nov 27 03:15:42 +0000 2024``), text stripped of quotes,
               commas, newlines and emoji
``2025``       v2.7 (Dec 2025): the same columns with ISO 8601 ``created_at`` and the raw text
=============  ==========================================================================

All forms are read by one function: columns are found by name, dates of either form parse.
What pandas or Excel did is undone where the truth survives and refused where it does not:

* a leading index column (empty name or ``Unnamed: 0``) is ignored;
* ids written as floats (``1.7355111797816568e+18``) are never used as keys: the exact id is
  recovered from ``tweet_url`` (``derived``: ``id_from_url``), otherwise the row is rejected
  ``id_lost_precision``; author and conversation ids that lost digits become NA with a flag;
* counts written as floats (``0.0``) are read as integers;
* rows with the wrong number of fields (a bare CR split them) are rejected with their line
  number, never shifted into other columns.

These files have no retweet, mention or hashtag fields: a leading ``RT @x:`` makes a retweet of
``x`` (``retweet_from_text``), ``@x`` in the text a mention, ``#tag`` a hashtag, and
``in_reply_to_screen_name`` a reply to that handle, each flagged in ``derived``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ._chunk import ChunkResult
from ._rows import (
    RowBuffer,
    count_value,
    hashtags_in,
    id_from_url,
    id_value,
    mentions_in,
    parse_date,
    rt_handle,
    sniff_delimiter,
    urls_in,
)
from .report import Reject

#: Columns without which a table is not tweet-harvest output.
REQUIRED = ("id_str", "full_text", "created_at")
INDEX_NAMES = re.compile(r"^(|unnamed: ?\d+(\.\d+)?)$")
_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")

csv.field_size_limit(1 << 28)


def normalise_header(names: Iterable[object]) -> list[str]:
    """Header cells stripped, lowercased, without a byte-order mark."""
    return [("" if n is None else str(n)).strip().lstrip("\ufeff").strip().lower() for n in names]


def is_harvest_header(names: Iterable[object]) -> bool:
    """Whether a header row is tweet-harvest's (``id_str``, ``full_text``, ``created_at``).

    Examples
    --------
    >>> is_harvest_header(["", "created_at", "id_str", "full_text", "username"])
    True
    """
    got = set(normalise_header(names))
    return all(c in got for c in REQUIRED)


def harvest_form(header: list[str], delimiter: str, first_date: object = None) -> str:
    """Name the tweet-harvest generation from its header (see the module docstring)."""
    if delimiter == ";":
        return "semicolon"
    if "in_reply_to_screen_name" not in header:
        return "2023"
    if first_date is not None and "T" in str(first_date) and "+0000" not in str(first_date):
        return "2025"
    return "2024"


def repair_mojibake(text: str) -> tuple[str, bool]:
    """Undo UTF-8 read as cp1252 (``ðŸ™`` → 🙏) and Excel's ``_x008f_`` escapes.

    Uses :func:`ftfy.fix_encoding`, which only changes text whose bytes decode as UTF-8 after
    re-encoding, so correct text is left alone. Returns (text, changed).

    Examples
    --------
    >>> repair_mojibake("Mantap ðŸ™_x008F_")
    ('Mantap 🙏', True)
    >>> repair_mojibake("Ayo nyoblos")
    ('Ayo nyoblos', False)
    """
    import ftfy

    s = _EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    fixed = ftfy.fix_encoding(s)
    if fixed == text:
        return text, False
    if s != text and fixed == s:
        # only Excel escapes of control characters: keep the original text
        return text, False
    return fixed, True


class _Columns:
    """Positions of the known columns in a header (None when absent)."""

    NAMES = (
        "id_str",
        "full_text",
        "created_at",
        "username",
        "user_id_str",
        "conversation_id_str",
        "in_reply_to_screen_name",
        "tweet_url",
        "lang",
        "favorite_count",
        "retweet_count",
        "reply_count",
        "quote_count",
    )

    def __init__(self, header: list[str]):
        self.width = len(header)
        self.pos = {n: (header.index(n) if n in header else None) for n in self.NAMES}

    def get(self, row: list, name: str) -> object:
        i = self.pos[name]
        return None if i is None or i >= len(row) else row[i]


def row_to_post(
    row: list, cols: _Columns, *, form: str, source: str, line: int | None, repair: bool
) -> tuple[dict | None, tuple[str, str, str] | None]:
    """Map one tweet-harvest row to a canonical row dict, or (None, (reason, field, detail))."""
    derived: list[str] = []
    raw_id = cols.get(row, "id_str")
    post_id, lost = exact_id(raw_id)
    if post_id is None:
        from_url = id_from_url(cols.get(row, "tweet_url"))
        if from_url is not None and (lost or raw_id in (None, "")):
            if lost:
                post_id = from_url
                derived.append("id_from_url")
            else:
                return None, ("missing_id", "id_str", "id_str is empty")
        elif lost:
            return None, (
                "id_lost_precision",
                "id_str",
                f"id_str {raw_id!r} lost precision and tweet_url holds no id",
            )
        else:
            return None, ("missing_id", "id_str", "id_str is empty")
    created_raw = cols.get(row, "created_at")
    created = parse_date(created_raw)
    if created is None:
        return None, ("bad_date", "created_at", f"created_at {created_raw!r} cannot be parsed")
    text = cols.get(row, "full_text")
    text = None if text is None else str(text)
    if text is not None and form == "semicolon":
        text = text.replace("\\n", "\n")
    if text and repair:
        text, changed = repair_mojibake(text)
        if changed:
            derived.append("text_mojibake_repaired")
    author_id, a_lost = exact_id(cols.get(row, "user_id_str"))
    if a_lost:
        derived.append("author_id_lost")
    conv_id, c_lost = exact_id(cols.get(row, "conversation_id_str"))
    if c_lost:
        derived.append("conversation_id_lost")
    handle = cols.get(row, "username")
    handle = str(handle).strip() or None if handle is not None else None
    rt = rt_handle(text)
    reply_to = cols.get(row, "in_reply_to_screen_name")
    reply_to = str(reply_to).strip() or None if reply_to is not None else None
    kind = "original"
    if rt:
        kind = "retweet"
        derived.append("retweet_from_text")
    elif reply_to:
        kind = "reply"
    if reply_to:
        derived.append("reply_from_screen_name")
    mentions = mentions_in(text)
    if mentions:
        derived.append("mentions_from_text")
    hashtags = hashtags_in(text)
    if hashtags:
        derived.append("hashtags_from_text")
    urls = urls_in(text)
    if urls:
        derived.append("urls_from_text")
    lang = cols.get(row, "lang")
    return {
        "post_id": post_id,
        "platform": "x",
        "created_at": created,
        "author_id": author_id,
        "author_handle": handle,
        "text": text,
        "lang": (str(lang).strip() or None) if lang is not None else None,
        "kind": kind,
        "retweeted_author_handle": rt,
        "reply_to_author_handle": reply_to,
        "conversation_id": conv_id,
        "mentions": mentions,
        "hashtags": hashtags,
        "urls": urls,
        "like_count": count_value(cols.get(row, "favorite_count")),
        "retweet_count": count_value(cols.get(row, "retweet_count")),
        "reply_count": count_value(cols.get(row, "reply_count")),
        "quote_count": count_value(cols.get(row, "quote_count")),
        "derived": derived,
        "source_file": source,
        "source_line": line,
    }, None


def exact_id(value: object) -> tuple[str | None, bool]:
    """Return ``(id, lost)`` for an X id cell: :func:`~discourse.io._rows.id_value`, and X ids are
    digits, so any other text counts as lost.

    Examples
    --------
    >>> exact_id("1804871062037110937")
    ('1804871062037110937', False)
    >>> exact_id("1.7355111797816568e+18")
    (None, True)
    >>> exact_id(121640063.0)
    ('121640063', False)
    >>> exact_id("")
    (None, False)
    """
    ident, lost = id_value(value)
    if ident is not None and not ident.isdigit():
        return None, True
    return ident, lost


def _raw_row(row: list, delimiter: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="").writerow(row)
    return buf.getvalue()


def iter_harvest_csv(
    path: str | Path,
    *,
    source: str | None = None,
    chunk_rows: int = 100_000,
    repair: bool = False,
) -> Iterator[ChunkResult]:
    """Read a tweet-harvest CSV (any generation) in chunks of rows.

    Parameters
    ----------
    path : str or Path
    source : str, optional
        Name recorded in ``source_file`` (default: ``path``).
    chunk_rows : int
        Rows per yielded chunk.
    repair : bool
        Undo mojibake in the text (on for XLSX, where Excel causes it).

    Yields
    ------
    ChunkResult
        ``source_line`` is the line where the record starts (lines counted as Python's csv
        module does: a bare CR also ends a line).

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "t.csv")
    >>> _ = open(p, "w").write('"created_at","full_text","id_str","username"\\n'
    ...     '"Wed Nov 27 03:15:42 +0000 2024","RT @kpu_kaltim: ayo nyoblos","1","warga_1"\\n')
    >>> [c.table.column("kind").to_pylist() for c in iter_harvest_csv(p)]
    [['retweet']]
    """
    source = source or str(path)
    data = Path(path).read_bytes()
    text = data.decode("utf-8", errors="surrogateescape")
    if text.startswith("\ufeff"):
        text = text[1:]
    first = text.split("\n", 1)[0]
    delimiter = sniff_delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = normalise_header(next(reader))
    except StopIteration:
        return
    cols = _Columns(header)
    form = None
    buf = RowBuffer()
    rejects: list[Reject] = []
    read = 0
    last_line = reader.line_num
    while True:
        start = last_line + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            last_line = reader.line_num
            read += 1
            rejects.append(Reject(source, start, "wrong_field_count", f"CSV error: {e}", ""))
            continue
        last_line = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue  # blank line: not a record
        read += 1
        raw = _raw_row(row, delimiter)
        if any("\udc80" <= ch <= "\udcff" for cell in row for ch in cell):
            rejects.append(
                Reject(
                    source,
                    start,
                    "bad_utf8",
                    "the row holds bytes that are not UTF-8",
                    raw.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"),
                )
            )
            continue
        if len(row) != cols.width:
            rejects.append(
                Reject(
                    source,
                    start,
                    "wrong_field_count",
                    f"{len(row)} fields, header has {cols.width}",
                    raw,
                )
            )
            continue
        if form is None:
            form = harvest_form(header, delimiter, cols.get(row, "created_at"))
        post, why = row_to_post(row, cols, form=form, source=source, line=start, repair=repair)
        if why:
            reason, fld, detail = why
            rejects.append(Reject(source, start, reason, detail, raw, fld))
            continue
        buf.append(post)
        if len(buf) >= chunk_rows:
            yield _chunk(buf, rejects, read, form)
            buf, rejects, read = RowBuffer(), [], 0
    if len(buf) or rejects or read:
        yield _chunk(buf, rejects, read, form)


def _chunk(buf: RowBuffer, rejects: list[Reject], read: int, form: str | None) -> ChunkResult:
    return ChunkResult(
        table=buf.table(),
        rejects=rejects,
        read=read,
        rejected=len(rejects),
        notes=[f"tweet-harvest form: {form}"] if form else [],
    )


_WORKBOOKS: dict[tuple[str, float, bool], object] = {}


def _workbook(path: str | Path, *, data_only: bool):
    """An open read-only workbook, loaded once per process (openpyxl parses every sheet's
    dimensions and the shared strings on each load)."""
    import openpyxl

    key = (str(Path(path).resolve()), Path(path).stat().st_mtime, data_only)
    wb = _WORKBOOKS.get(key)
    if wb is None:
        if len(_WORKBOOKS) >= 4:
            for old in _WORKBOOKS.values():
                old.close()
            _WORKBOOKS.clear()
        wb = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
        _WORKBOOKS[key] = wb
    return wb


def xlsx_sheets(path: str | Path) -> list[tuple[str, bool, str]]:
    """List the sheets of a workbook: (name, holds_posts, reason when it does not).

    Examples
    --------
    >>> import os, tempfile, openpyxl
    >>> wb = openpyxl.Workbook()
    >>> wb.active.title = "summary"
    >>> wb.active.append(["Tanggal", "TOTAL"]); wb.active.append(["2024-11-27", "=SUM(B1:B2)"])
    >>> ws = wb.create_sheet("27_nov")
    >>> ws.append(["created_at", "id_str", "full_text"])
    >>> ws.append(["Wed Nov 27 03:15:42 +0000 2024", "1", "nyoblos"])
    >>> p = os.path.join(tempfile.mkdtemp(), "harvest.xlsx"); wb.save(p)
    >>> [(name, ok) for name, ok, _ in xlsx_sheets(p)]
    [('summary', False), ('27_nov', True)]
    """
    out = []
    wb = _workbook(path, data_only=False)
    for ws in wb.worksheets:
        rows = ws.iter_rows(values_only=True, max_row=2)
        header = next(rows, None)
        if header is None:
            out.append((ws.title, False, "empty sheet"))
            continue
        if is_harvest_header(header):
            out.append((ws.title, True, ""))
            continue
        first = next(rows, ())
        formulas = any(isinstance(v, str) and v.startswith("=") for v in first)
        why = "formulas, not posts" if formulas else "no tweet-harvest columns"
        out.append((ws.title, False, f"{why} (header: {[h for h in header if h][:6]})"))
    return out


def iter_harvest_xlsx(
    path: str | Path, sheet: str, *, source: str | None = None, chunk_rows: int = 100_000
) -> Iterator[ChunkResult]:
    """Read one worksheet of tweet-harvest output pasted into or saved by Excel.

    ``source_file`` is ``"<path>#<sheet>"``, ``source_line`` the worksheet row number. Ids
    stored as Excel numbers are recovered from ``tweet_url`` (flag ``id_from_url``); mojibake
    is repaired (flag ``text_mojibake_repaired``); extra columns are ignored.
    """
    source = source or f"{path}#{sheet}"
    wb = _workbook(path, data_only=True)
    ws = wb[sheet]
    rows = ws.iter_rows(values_only=True)
    header = normalise_header(next(rows))
    width = len(header)
    while width and header[width - 1] == "":
        width -= 1  # trailing empty header cells
    cols = _Columns(header[:width])
    buf = RowBuffer()
    rejects: list[Reject] = []
    read = 0
    for rownum, values in enumerate(rows, start=2):
        row = list(values[:width]) + [None] * max(0, width - len(values))
        extra = [v for v in values[width:] if v not in (None, "")]
        if all(v in (None, "") for v in row) and not extra:
            continue
        read += 1
        raw = _raw_row(["" if v is None else str(v) for v in values], ",")
        if extra:
            rejects.append(
                Reject(
                    source,
                    rownum,
                    "wrong_field_count",
                    f"values beyond the header's {width} columns",
                    raw,
                )
            )
            continue
        post, why = row_to_post(row, cols, form="2023", source=source, line=rownum, repair=True)
        if why:
            reason, fld, detail = why
            rejects.append(Reject(source, rownum, reason, detail, raw, fld))
            continue
        buf.append(post)
        if len(buf) >= chunk_rows:
            yield _chunk(buf, rejects, read, "xlsx")
            buf, rejects, read = RowBuffer(), [], 0
    if len(buf) or rejects or read:
        yield _chunk(buf, rejects, read, "xlsx")
