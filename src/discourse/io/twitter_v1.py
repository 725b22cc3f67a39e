"""X API v1.1 tweet objects: streaming lines, search responses, single documents, arrays.

Four file forms carry the same v1.1 tweet object:

``lines``
    JSON lines, one tweet object per line (streaming API, twarc1, ``tweepy`` dumps).
``search``
    One ``search/tweets`` response saved as a JSON document:
    ``{"statuses": [tweets], "search_metadata": {...}}``.
``document``
    One tweet object saved as a JSON document, possibly pretty-printed (``statuses/show``).
``array``
    A JSON array of tweet objects.

Every record becomes one canonical row (:data:`discourse.schema.POSTS_SCHEMA`) or one
:class:`~discourse.io.report.Reject`. The originals a record carries (``retweeted_status``,
``quoted_status``, and a ``quoted_status`` inside a ``retweeted_status``) become extra rows with
``is_reference=True``, with the same ``source_file`` and ``source_line`` as the record that
carried them; the same original carried twice by one record (the streaming API repeats a
retweeted quote at the top level) gives one reference row. Copies carried by different records
are all returned: the ingest engine merges them.

Mapping (v1.1 field → canonical column): ``id_str`` → ``post_id``; legacy ``created_at``
(``Thu Jul 28 16:10:07 +0000 2022``) → ``created_at`` (UTC); ``extended_tweet.full_text`` >
``full_text`` > ``text`` → ``text`` (a retweet keeps its truncated ``RT @x: ...`` text as
collected); ``user`` → ``author_id``, ``author_handle``, ``author_followers``;
``favorite_count`` → ``like_count``; ``in_reply_to_*`` → ``reply_to_*``; ``entities`` (those of
``extended_tweet`` when present) → ``mentions``, ``hashtags``, ``urls``. v1.1 has no
conversation id: ``conversation_id`` is NA. ``kind`` is ``retweet`` when ``retweeted_status`` is
present, else ``quote`` when a quoted id is given, else ``reply`` when
``in_reply_to_status_id_str`` or ``in_reply_to_user_id_str`` is given (a tweet that starts
with ``@x`` is a reply to the user ``x`` even without a status id), else ``original``.

Line numbers (``source_line`` and ``Reject.line``) are 1-based physical lines of the file for
``lines``, and NA for the document forms (a pretty-printed document has no per-record line).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson

from ._chunk import ChunkResult
from ._rows import RowBuffer, parse_date
from .report import Reject

__all__ = ["V1_FORMS", "iter_v1", "tweet_row"]

#: The file forms :func:`iter_v1` reads.
V1_FORMS: tuple[str, ...] = ("lines", "search", "document", "array")

_BOM = b"\xef\xbb\xbf"
#: How deep ``retweeted_status``/``quoted_status`` nesting is followed for reference rows.
_MAX_REF_DEPTH = 3


# --------------------------------------------------------------------------------------------
# Small typed getters (a v1.1 object may miss any key, or hold null)


def _id_of(obj: dict, key_str: str, key_int: str) -> str | None:
    """``obj[key_str]`` when a non-blank string (or an int), else ``str(obj[key_int])``."""
    v = obj.get(key_str)
    if isinstance(v, str) and v.strip():
        return v.strip()
    if isinstance(v, int) and not isinstance(v, bool):
        return str(v)
    v = obj.get(key_int)
    if isinstance(v, int) and not isinstance(v, bool):
        return str(v)
    if isinstance(v, str) and v.strip():
        return v.strip()
    return None


def _str_or_none(v: object) -> str | None:
    return v if isinstance(v, str) and v != "" else None


def _count(v: object) -> int | None:
    """A non-negative integer count, else None (NA)."""
    if isinstance(v, int) and not isinstance(v, bool) and v >= 0:
        return v
    return None


def _dict(v: object) -> dict:
    return v if isinstance(v, dict) else {}


def _list(v: object) -> list:
    return v if isinstance(v, list) else []


def _text_of(t: dict) -> tuple[str | None, str | None]:
    """Return ``(text, problem)``: the fullest text, or the reason there is none.

    ``problem`` is ``"not_a_post"`` when the object has none of ``extended_tweet``,
    ``full_text`` and ``text``, and ``"wrong_type"`` when the one it has is not a string.
    """
    ext = t.get("extended_tweet")
    if isinstance(ext, dict) and isinstance(ext.get("full_text"), str):
        return ext["full_text"], None
    for key in ("full_text", "text"):
        v = t.get(key)
        if isinstance(v, str):
            return v, None
    present = [k for k in ("extended_tweet", "full_text", "text") if t.get(k) is not None]
    return None, ("wrong_type" if present else "not_a_post")


def _entities_of(t: dict) -> dict:
    ext = t.get("extended_tweet")
    if isinstance(ext, dict) and isinstance(ext.get("entities"), dict):
        return ext["entities"]
    return _dict(t.get("entities"))


def _mentions(entities: dict, text: str) -> list[str]:
    """Lowercased ``user_mentions`` screen names, without the automatic ``RT @x:`` one."""
    rt = text.startswith("RT @")
    out = []
    for m in _list(entities.get("user_mentions")):
        if not isinstance(m, dict):
            continue
        name = m.get("screen_name")
        if not isinstance(name, str) or not name:
            continue
        idx = m.get("indices")
        if rt and isinstance(idx, list) and idx and idx[0] == 3:
            continue
        out.append(name.lower())
    return out


def _hashtags(entities: dict) -> list[str]:
    out = []
    for h in _list(entities.get("hashtags")):
        tag = h.get("text") if isinstance(h, dict) else None
        if isinstance(tag, str) and tag:
            out.append(tag.lower().lstrip("#"))
    return out


def _urls(entities: dict) -> list[str]:
    out = []
    for u in _list(entities.get("urls")):
        if not isinstance(u, dict):
            continue
        v = _str_or_none(u.get("expanded_url")) or _str_or_none(u.get("url"))
        if v:
            out.append(v)
    return out


def _references(t: dict, depth: int = 0) -> list[dict]:
    """The tweet objects ``t`` carries (retweeted, quoted, and theirs), outermost first."""
    out: list[dict] = []
    if depth >= _MAX_REF_DEPTH:
        return out
    for key in ("retweeted_status", "quoted_status"):
        r = t.get(key)
        if isinstance(r, dict):
            out.append(r)
            out.extend(_references(r, depth + 1))
    return out


# --------------------------------------------------------------------------------------------
# One tweet object → one canonical row


def tweet_row(
    t: dict,
    *,
    source: str,
    line: int | None,
    is_reference: bool = False,
    carried: dict[str, dict] | None = None,
) -> tuple[dict | None, tuple[str, str | None, str] | None]:
    """Map one v1.1 tweet object to a canonical row dict.

    Parameters
    ----------
    t : dict
        A decoded v1.1 tweet object (not modified).
    source : str
        Recorded in ``source_file``.
    line : int or None
        Recorded in ``source_line``.
    is_reference : bool
        Whether the object was only carried by another record.
    carried : dict, optional
        Tweet objects carried by the same record, by id, to resolve the author of a quoted
        tweet given only by ``quoted_status_id_str``.

    Returns
    -------
    (dict, None) or (None, (reason, field, detail))
        The row, or why the object is not a valid post (a key of
        :data:`~discourse.io.report.REJECT_REASONS`, the field, a message).

    Examples
    --------
    >>> row, why = tweet_row({"id_str": "7", "text": "halo @KPU #Pilkada",
    ...     "created_at": "Wed Nov 27 03:15:42 +0000 2024", "user": {"screen_name": "a"},
    ...     "entities": {"user_mentions": [{"screen_name": "KPU", "indices": [5, 9]}],
    ...                  "hashtags": [{"text": "Pilkada"}]}}, source="f", line=1)
    >>> row["kind"], row["mentions"], row["hashtags"], why
    ('original', ['kpu'], ['pilkada'], None)
    >>> tweet_row({"id_str": "7"}, source="f", line=1)[1][0]
    'not_a_post'
    """
    text, problem = _text_of(t)
    if problem == "not_a_post":
        return None, ("not_a_post", "text", "no 'text', 'full_text' or 'extended_tweet'")
    if problem == "wrong_type":
        return None, ("wrong_type", "text", "the text field is not a string")
    assert text is not None
    post_id = _id_of(t, "id_str", "id")
    if post_id is None:
        return None, ("missing_id", "id_str", "no 'id_str' or 'id'")
    created_raw = t.get("created_at")
    created = parse_date(created_raw)
    if created is None:
        return None, ("bad_date", "created_at", f"created_at {created_raw!r} cannot be parsed")
    user = t.get("user")
    if user is not None and not isinstance(user, dict):
        return None, ("wrong_type", "user", f"'user' is a {type(user).__name__}, not an object")
    user = _dict(user)
    carried = carried or {}

    rs = t.get("retweeted_status")
    rs = rs if isinstance(rs, dict) else None
    rs_user = _dict(rs.get("user")) if rs else {}
    qs = t.get("quoted_status")
    qs = qs if isinstance(qs, dict) else None
    q_id = _id_of(t, "quoted_status_id_str", "quoted_status_id") or (
        _id_of(qs, "id_str", "id") if qs else None
    )
    if qs is None and q_id is not None:
        qs = carried.get(q_id)
    q_user = _dict(qs.get("user")) if qs else {}
    reply_post = _id_of(t, "in_reply_to_status_id_str", "in_reply_to_status_id")
    reply_user = _id_of(t, "in_reply_to_user_id_str", "in_reply_to_user_id")
    if rs is not None:
        kind = "retweet"
    elif q_id is not None:
        kind = "quote"
    elif reply_post is not None or reply_user is not None:
        kind = "reply"
    else:
        kind = "original"
    entities = _entities_of(t)
    return {
        "post_id": post_id,
        "platform": "x",
        "created_at": created,
        "author_id": _id_of(user, "id_str", "id"),
        "author_handle": _str_or_none(user.get("screen_name")),
        "author_followers": _count(user.get("followers_count")),
        "text": text,
        "lang": _str_or_none(t.get("lang")),
        "kind": kind,
        "retweeted_post_id": _id_of(rs, "id_str", "id") if rs else None,
        "retweeted_author_id": _id_of(rs_user, "id_str", "id"),
        "retweeted_author_handle": _str_or_none(rs_user.get("screen_name")),
        "quoted_post_id": q_id,
        "quoted_author_id": _id_of(q_user, "id_str", "id"),
        "quoted_author_handle": _str_or_none(q_user.get("screen_name")),
        "reply_to_post_id": reply_post,
        "reply_to_author_id": reply_user,
        "reply_to_author_handle": _str_or_none(t.get("in_reply_to_screen_name")),
        "conversation_id": None,
        "mentions": _mentions(entities, text),
        "hashtags": _hashtags(entities),
        "urls": _urls(entities),
        "like_count": _count(t.get("favorite_count")),
        "retweet_count": _count(t.get("retweet_count")),
        "reply_count": _count(t.get("reply_count")),
        "quote_count": _count(t.get("quote_count")),
        "is_reference": is_reference,
        "derived": [],
        "source_file": source,
        "source_line": line,
        "_collected_at": None,
    }, None


# --------------------------------------------------------------------------------------------
# Chunk accumulation


class _Acc:
    """Rows, rejects and counts of the chunk being built."""

    def __init__(self) -> None:
        self.buf = RowBuffer()
        self.rejects: list[Reject] = []
        self.read = 0
        self.refs = 0
        self.refs_invalid = 0
        self.lines = 0

    def reject(self, source: str, line: int | None, why: tuple, raw: str) -> None:
        reason, fld, detail = why
        self.read += 1
        self.rejects.append(Reject(source, line, reason, detail, raw, fld))

    def record(self, obj: object, *, source: str, line: int | None, raw: str) -> None:
        """Add one decoded record: a row plus its reference rows, or a reject."""
        if not isinstance(obj, dict):
            why = ("wrong_type", None, f"expected a JSON object, got {_json_type(obj)}")
            self.reject(source, line, why, raw)
            return
        refs = _references(obj)
        carried = {}
        for r in refs:
            rid = _id_of(r, "id_str", "id")
            if rid is not None:
                carried.setdefault(rid, r)
        row, why = tweet_row(obj, source=source, line=line, carried=carried)
        if why is not None:
            self.reject(source, line, why, raw)
            return
        self.read += 1
        self.buf.append(row)
        seen: set[str] = set()
        for r in refs:
            ref, bad = tweet_row(r, source=source, line=line, is_reference=True, carried=carried)
            if bad is not None:
                self.refs_invalid += 1
                continue
            if ref["post_id"] in seen:
                continue
            seen.add(ref["post_id"])
            self.buf.append(ref)
            self.refs += 1

    def result(self) -> ChunkResult:
        return ChunkResult(
            table=self.buf.table(),
            rejects=self.rejects,
            read=self.read,
            rejected=len(self.rejects),
            references_seen=self.refs,
            references_invalid=self.refs_invalid,
            lines=self.lines,
        )


def _json_type(obj: object) -> str:
    return {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(obj), "a number"
    )


def _raw(b: bytes) -> str:
    return b.decode("utf-8", errors="backslashreplace")


# --------------------------------------------------------------------------------------------
# File forms


def _iter_lines(path: Path, source: str, chunk_records: int) -> Iterator[ChunkResult]:
    acc = _Acc()
    with open(path, "rb") as f:
        for lineno, raw in enumerate(f, start=1):
            acc.lines += 1
            last_cut = not raw.endswith(b"\n")  # only the last line can lack its newline
            line = raw.rstrip(b"\r\n")
            if lineno == 1 and line.startswith(_BOM):
                line = line[len(_BOM) :]
            if not line.strip():
                continue
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError as e:
                try:
                    line.decode("utf-8")
                except UnicodeDecodeError as u:
                    acc.reject(source, lineno, ("bad_utf8", None, str(u)), _raw(line))
                else:
                    reason = "truncated" if last_cut else "bad_json"
                    acc.reject(source, lineno, (reason, None, str(e)), _raw(line))
            else:
                acc.record(obj, source=source, line=lineno, raw=_raw(line))
            if acc.read >= chunk_records:
                yield acc.result()
                acc = _Acc()
    if acc.read or acc.lines:
        yield acc.result()


def _iter_document(path: Path, form: str, source: str, chunk_records: int) -> Iterator[ChunkResult]:
    data = path.read_bytes()
    n_lines = data.count(b"\n") + (0 if not data or data.endswith(b"\n") else 1)
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    acc = _Acc()
    acc.lines = n_lines
    if not data.strip():
        return
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as e:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as u:
            acc.reject(source, None, ("bad_utf8", None, str(u)), _raw(data))
        else:
            acc.reject(
                source, None, ("bad_json", None, f"the document does not parse: {e}"), _raw(data)
            )
        yield acc.result()
        return
    records, problem = _records_of(doc, form)
    if problem is not None:
        acc.reject(source, None, ("wrong_type", None, problem), _raw(data))
        yield acc.result()
        return
    for rec in records:
        acc.record(rec, source=source, line=None, raw=orjson.dumps(rec).decode())
        if acc.read >= chunk_records:
            yield acc.result()
            acc = _Acc()
    if acc.read or acc.lines:
        yield acc.result()


def _records_of(doc: object, form: str) -> tuple[list, str | None]:
    """The records of a decoded document, or why the document is not of ``form``."""
    if form == "search":
        if isinstance(doc, dict) and isinstance(doc.get("statuses"), list):
            return doc["statuses"], None
        return [], "a search response is an object with a 'statuses' array"
    if form == "array":
        if isinstance(doc, list):
            return doc, None
        return [], f"expected a JSON array of tweets, got {_json_type(doc)}"
    return [doc], None  # "document": a non-object is rejected per record as wrong_type


def iter_v1(
    path: str | Path,
    form: str,
    *,
    source: str | None = None,
    chunk_records: int = 50_000,
) -> Iterator[ChunkResult]:
    """Read X API v1.1 tweets into canonical rows, in chunks.

    Parameters
    ----------
    path : str or Path
        The file.
    form : {"lines", "search", "document", "array"}
        How the file holds the tweets (see the module docstring).
    source : str, optional
        Recorded in ``source_file`` and in rejects (default ``str(path)``).
    chunk_records : int
        Records read (accepted or rejected) per yielded chunk.

    Yields
    ------
    ChunkResult
        ``table`` holds the collected rows and their ``is_reference`` rows; ``read`` = collected
        rows + ``rejected``; ``references_seen`` = reference rows in ``table``;
        ``references_invalid`` = carried originals dropped for lack of id, text or date.
        ``lines`` is the number of physical lines the chunk spans (document forms: the whole
        file's line count on the first chunk). A file with nothing in it yields nothing.

    Raises
    ------
    ValueError
        If ``form`` is unknown or ``chunk_records`` < 1.

    Notes
    -----
    For ``lines``: blank lines are skipped (not records); a line that is not UTF-8 is
    ``bad_utf8``; one that does not parse is ``bad_json``, or ``truncated`` when it is the last
    line and the file does not end with a newline; a JSON value that is not an object is
    ``wrong_type``. For every record: no text fields → ``not_a_post`` (e.g. a stream ``delete``
    or ``limit`` notice), no id → ``missing_id``, ``created_at`` missing or unparseable →
    ``bad_date``. For the document forms a document that does not parse is one ``bad_json``
    record with line NA.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "stream.jsonl")
    >>> rt = ('{"id_str": "2", "text": "RT @kpu: ayo", "created_at": '
    ...       '"Wed Nov 27 03:15:42 +0000 2024", "user": {"id_str": "9", "screen_name": "b"}, '
    ...       '"retweeted_status": {"id_str": "1", "text": "ayo", "created_at": '
    ...       '"Wed Nov 27 03:00:00 +0000 2024", "user": {"id_str": "5", "screen_name": "kpu"}}}')
    >>> _ = open(p, "w").write(rt + "\\n" + "not json\\n")
    >>> c = next(iter_v1(p, "lines"))
    >>> c.read, c.rejected, c.references_seen, c.rejects[0].reason, c.rejects[0].line
    (2, 1, 1, 'bad_json', 2)
    >>> c.table.select(["post_id", "kind", "retweeted_author_handle", "is_reference"]).to_pylist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'post_id': '2', 'kind': 'retweet', 'retweeted_author_handle': 'kpu', 'is_reference': False},
     {'post_id': '1', 'kind': 'original', 'retweeted_author_handle': None, 'is_reference': True}]
    """
    if form not in V1_FORMS:
        raise ValueError(f"form must be one of {V1_FORMS}, got {form!r}")
    if chunk_records < 1:
        raise ValueError(f"chunk_records must be >= 1, got {chunk_records!r}")
    path = Path(path)
    source = source if source is not None else str(path)
    if form == "lines":
        yield from _iter_lines(path, source, chunk_records)
    else:
        yield from _iter_document(path, form, source, chunk_records)
