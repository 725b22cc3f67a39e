"""X API v2 posts as saved by twarc2 or by hand: pages, stream lines, flattened lines.

Three JSON shapes carry the same tweet objects, and all go through one vectorised Arrow
transform (:func:`_canonical`):

``page``
    One API response per line: ``{"data": [tweets], "includes": {"users", "tweets"},
    "errors": [...], "meta": {...}, "__twarc": {...}}`` (``twarc2 search``), or a plain API
    response saved as one (possibly pretty-printed) JSON document.
``stream``
    One tweet per line with its own includes: ``{"data": {tweet}, "includes": ...,
    "matching_rules": [...]}`` (``twarc2 stream``, filtered stream), or a single-tweet lookup.
``flat``
    ``twarc2 flatten`` output: one tweet per line with ``author`` and
    ``referenced_tweets[].tweet`` inlined.

Authors are resolved from ``includes.users`` of the same page; referenced originals come from
``includes.tweets`` and are kept as ``is_reference`` rows. Page ``errors`` about referenced
tweets (deleted or protected originals) are counted; no account is invented for them. A
retweet whose original is missing keeps the original's id and, from the ``RT @x:`` mention
entity, its author (flagged ``retweeted_author_from_mention`` in ``derived``).

Parsing uses ``pyarrow.json`` with an explicit schema (fields not listed are skipped at C++
speed). A block that does not parse is re-read line by line to find and reject exactly the
bad lines; the good lines take the same path as before.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj

from ._arrow import (
    CHUNK_SCHEMA,
    composite_key,
    flags_column,
    lists_from_parents,
    lookup,
    parse_iso_utc,
    scatter,
    take_or_null,
)
from ._chunk import ChunkResult
from .report import Reject

S = pa.string()
I64 = pa.int64()

_MENTION = pa.struct([("username", S), ("id", S), ("start", I64)])
_ENTITIES = pa.struct(
    [
        ("mentions", pa.list_(_MENTION)),
        ("hashtags", pa.list_(pa.struct([("tag", S)]))),
        ("urls", pa.list_(pa.struct([("expanded_url", S), ("url", S)]))),
    ]
)
_METRICS = pa.struct(
    [("like_count", I64), ("retweet_count", I64), ("reply_count", I64), ("quote_count", I64)]
)
_REF = pa.struct([("type", S), ("id", S)])
_TWEET_FIELDS = [
    ("id", S),
    ("text", S),
    ("note_tweet", pa.struct([("text", S)])),
    ("author_id", S),
    ("created_at", S),
    ("lang", S),
    ("conversation_id", S),
    ("in_reply_to_user_id", S),
    ("referenced_tweets", pa.list_(_REF)),
    ("entities", _ENTITIES),
    ("public_metrics", _METRICS),
]
TWEET = pa.struct(_TWEET_FIELDS)
USER = pa.struct(
    [("id", S), ("username", S), ("public_metrics", pa.struct([("followers_count", I64)]))]
)
_ERROR = pa.struct([("resource_type", S), ("parameter", S), ("resource_id", S)])
_TWARC = pa.struct([("retrieved_at", S)])
_INCLUDES = pa.struct([("users", pa.list_(USER)), ("tweets", pa.list_(TWEET))])

PAGE_SCHEMA = pa.schema(
    [
        ("data", pa.list_(TWEET)),
        ("includes", _INCLUDES),
        ("errors", pa.list_(_ERROR)),
        ("__twarc", _TWARC),
    ]
)
STREAM_SCHEMA = pa.schema(
    [("data", TWEET), ("includes", _INCLUDES), ("errors", pa.list_(_ERROR)), ("__twarc", _TWARC)]
)
_FLAT_REF = pa.struct(
    [("type", S), ("id", S), ("tweet", pa.struct([*_TWEET_FIELDS, ("author", USER)]))]
)
FLAT_SCHEMA = pa.schema(
    [
        *[(n, t) for n, t in _TWEET_FIELDS if n != "referenced_tweets"],
        ("referenced_tweets", pa.list_(_FLAT_REF)),
        ("author", USER),
        ("__twarc", _TWARC),
    ]
)
SCHEMAS = {"page": PAGE_SCHEMA, "stream": STREAM_SCHEMA, "flat": FLAT_SCHEMA}


# --------------------------------------------------------------------------------------------
# Parsing with a careful fallback


def _parse_options(shape: str) -> pj.ParseOptions:
    return pj.ParseOptions(explicit_schema=SCHEMAS[shape], unexpected_field_behavior="ignore")


def _read(buf: bytes, shape: str) -> pa.Table:
    return pj.read_json(
        io.BytesIO(buf),
        read_options=pj.ReadOptions(use_threads=False, block_size=max(1 << 20, len(buf) + 1)),
        parse_options=_parse_options(shape),
    )


def _records_in(obj: object, shape: str) -> list:
    """The post records a decoded line holds (for counting and per-record rejects)."""
    if shape == "page" and isinstance(obj, dict):
        data = obj.get("data")
        if isinstance(data, list):
            return data
        return [] if data is None else [data]
    if shape == "stream" and isinstance(obj, dict):
        return [obj.get("data")] if "data" in obj else []
    return [obj]


def _raw(b: bytes) -> str:
    return b.decode("utf-8", errors="backslashreplace")


def parse_lines(
    chunk: bytes, shape: str, source: str, *, is_file_end: bool, n_lines: int | None = None
) -> tuple[pa.Table, np.ndarray, list[Reject], int, int]:
    """Parse a chunk of JSON lines; return (table, line_of_row, rejects, records_rejected, lines).

    ``line_of_row`` gives the 1-based local line number of each parsed row. Rejected lines are
    classified (``bad_utf8``, ``bad_json``, ``truncated``, ``wrong_type``) and counted as the
    number of post records they hold (1 when the line cannot be decoded).
    """
    if n_lines is None:  # physical lines; a last line without newline counts
        n_lines = chunk.count(b"\n") + (0 if chunk.endswith(b"\n") or not chunk else 1)
    try:
        table = _read(chunk, shape)
        # The fast path holds only when rows map one-to-one onto lines (no blank lines).
        if table.num_rows == n_lines:
            return table, np.arange(1, n_lines + 1), [], 0, n_lines
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        pass
    return _parse_carefully(chunk, shape, source, is_file_end=is_file_end, n_lines=n_lines)


def _parse_carefully(
    chunk: bytes, shape: str, source: str, *, is_file_end: bool, n_lines: int
) -> tuple[pa.Table, np.ndarray, list[Reject], int, int]:
    lines = chunk.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    good: list[bytes] = []
    good_no: list[int] = []
    rejects: list[Reject] = []
    n_rejected = 0
    last = len(lines)
    for i, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as e:
            rejects.append(Reject(source, i, "bad_utf8", str(e), _raw(raw)))
            n_rejected += 1
            continue
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError as e:
            truncated = is_file_end and i == last and not chunk.endswith(b"\n")
            reason = "truncated" if truncated else "bad_json"
            rejects.append(Reject(source, i, reason, str(e), _raw(raw)))
            n_rejected += 1
            continue
        if not isinstance(obj, dict):
            rejects.append(
                Reject(
                    source,
                    i,
                    "wrong_type",
                    f"expected a JSON object, got {type(obj).__name__}",
                    _raw(raw),
                )
            )
            n_rejected += 1
            continue
        good.append(line)
        good_no.append(i)
    try:
        table = _read(b"\n".join(good) + b"\n", shape) if good else SCHEMAS[shape].empty_table()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        # Some line has a field of the wrong type: find it line by line.
        keep, keep_no = [], []
        for line, i in zip(good, good_no, strict=False):
            try:
                _read(line + b"\n", shape)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError) as e:
                obj = orjson.loads(line)
                records = _records_in(obj, shape) or [obj]
                for rec in records:
                    rejects.append(
                        Reject(source, i, "wrong_type", str(e), orjson.dumps(rec).decode())
                    )
                n_rejected += len(records)
                continue
            keep.append(line)
            keep_no.append(i)
        good, good_no = keep, keep_no
        table = _read(b"\n".join(good) + b"\n", shape) if good else SCHEMAS[shape].empty_table()
    return table, np.asarray(good_no, dtype=np.int64), rejects, n_rejected, n_lines


# --------------------------------------------------------------------------------------------
# Normalising the three shapes to one batch


@dataclass
class _Batch:
    tweets: pa.StructArray
    tweet_line: np.ndarray
    tweet_pos: np.ndarray  # index of the tweet within its line's data list
    users: pa.StructArray
    user_line: np.ndarray
    refs: pa.StructArray
    ref_line: np.ndarray
    retrieved_at: pa.Array  # per parsed row (line)
    deleted_ids: frozenset[str]


def _flatten_with_parents(col: pa.ChunkedArray | pa.Array) -> tuple[pa.Array, np.ndarray]:
    arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    if len(arr) == 0:
        return pc.list_flatten(arr), np.zeros(0, np.int64)
    values = pc.list_flatten(arr)
    parents = pc.list_parent_indices(arr).to_numpy()
    return values, parents


def _positions(parents: np.ndarray) -> np.ndarray:
    """0-based position of each element within its parent list (parents sorted)."""
    if len(parents) == 0:
        return parents
    starts = np.r_[0, np.flatnonzero(np.diff(parents)) + 1]
    pos = np.arange(len(parents))
    pos -= np.repeat(starts, np.diff(np.r_[starts, len(parents)]))
    return pos


def _as_struct(table: pa.Table, names: list[str]) -> pa.StructArray:
    cols = [table.column(n).combine_chunks() for n in names]
    return pa.StructArray.from_arrays(cols, names=names)


def _deleted_ids(errors: pa.ChunkedArray) -> frozenset[str]:
    """Ids of referenced tweets the API could not return (deleted or protected originals)."""
    vals, _ = _flatten_with_parents(errors)
    if len(vals) == 0:
        return frozenset()
    rtype = pc.struct_field(vals, "resource_type")
    param = pc.struct_field(vals, "parameter")
    hit = pc.fill_null(
        pc.and_(pc.equal(rtype, "tweet"), pc.starts_with(param, "referenced_tweets")), False
    )
    ids = pc.struct_field(vals, "resource_id").filter(hit)
    return frozenset(x for x in ids.to_pylist() if x is not None)


def _normalise(table: pa.Table, shape: str, line_no: np.ndarray) -> _Batch:
    n_rows = table.num_rows
    retrieved = pc.struct_field(table.column("__twarc").combine_chunks(), "retrieved_at")
    if shape == "flat":
        names = [n for n, _ in _TWEET_FIELDS if n != "referenced_tweets"]
        refs_full = table.column("referenced_tweets").combine_chunks()
        ref_items, ref_parent = _flatten_with_parents(refs_full)
        # referenced_tweets without the inlined tweet, for the common transform
        slim_items = pa.StructArray.from_arrays(
            [pc.struct_field(ref_items, "type"), pc.struct_field(ref_items, "id")],
            names=["type", "id"],
        )
        offsets = refs_full.offsets
        slim = pa.ListArray.from_arrays(offsets, slim_items, mask=refs_full.is_null())
        cols = [table.column(n).combine_chunks() for n in names] + [slim]
        tweets = _reorder(pa.StructArray.from_arrays(cols, names=[*names, "referenced_tweets"]))
        inlined = pc.struct_field(ref_items, "tweet")
        has = pc.invert(pc.is_null(pc.struct_field(inlined, "id"))).to_numpy(zero_copy_only=False)
        ref_tweets = inlined.filter(pa.array(has))
        ref_parent = ref_parent[has]
        ref_authors = pc.struct_field(ref_tweets, "author")
        users = pa.concat_arrays([table.column("author").combine_chunks(), ref_authors])
        user_line = np.r_[line_no, line_no[ref_parent]]
        refs = _reorder(
            pa.StructArray.from_arrays(
                [pc.struct_field(ref_tweets, n) for n, _ in _TWEET_FIELDS],
                names=[n for n, _ in _TWEET_FIELDS],
            )
        )
        return _Batch(
            tweets=tweets,
            tweet_line=line_no.astype(np.int64),
            tweet_pos=np.zeros(n_rows, np.int64),
            users=users,
            user_line=user_line,
            refs=refs,
            ref_line=line_no[ref_parent],
            retrieved_at=retrieved,
            deleted_ids=frozenset(),
        )
    data = table.column("data").combine_chunks()
    if shape == "stream":
        tweets, t_parent = data, np.arange(n_rows)
        keep = pc.invert(data.is_null()).to_numpy(zero_copy_only=False)
        tweets, t_parent = data.filter(pa.array(keep)), t_parent[keep]
    else:
        tweets, t_parent = _flatten_with_parents(data)
    includes = table.column("includes").combine_chunks()
    users, u_parent = _flatten_with_parents(pc.struct_field(includes, "users"))
    refs, r_parent = _flatten_with_parents(pc.struct_field(includes, "tweets"))
    return _Batch(
        tweets=tweets,
        tweet_line=line_no[t_parent],
        tweet_pos=_positions(t_parent) if shape == "page" else np.zeros(len(t_parent), np.int64),
        users=users,
        user_line=line_no[u_parent],
        refs=refs,
        ref_line=line_no[r_parent],
        retrieved_at=retrieved,
        deleted_ids=_deleted_ids(table.column("errors")),
    )


def _reorder(tweets: pa.StructArray) -> pa.StructArray:
    names = [n for n, _ in _TWEET_FIELDS]
    return pa.StructArray.from_arrays([pc.struct_field(tweets, n) for n in names], names=names)


# --------------------------------------------------------------------------------------------
# The one transform from v2 tweet objects to canonical rows


def _typed_refs(tweets: pa.StructArray, n: int) -> dict[str, pa.Array]:
    items, parents = _flatten_with_parents(pc.struct_field(tweets, "referenced_tweets"))
    out = {}
    if len(items) == 0:
        for t in ("retweeted", "quoted", "replied_to"):
            out[t] = pa.nulls(n, S)
        return out
    rtype = pc.struct_field(items, "type")
    rid = pc.struct_field(items, "id")
    for t in ("retweeted", "quoted", "replied_to"):
        mask = pc.fill_null(pc.equal(rtype, t), False)
        out[t] = scatter(rid.filter(mask), parents[mask.to_numpy(zero_copy_only=False)], n)
    return out


def _canonical(
    tweets: pa.StructArray,
    line: np.ndarray,
    *,
    users: pa.StructArray,
    user_line: np.ndarray,
    refs: pa.StructArray,
    ref_line: np.ndarray,
    collected_at: pa.Array,
    source: str,
    is_reference: bool,
) -> tuple[pa.Table, np.ndarray, np.ndarray, np.ndarray]:
    """Canonical rows for ``tweets``; return (table, missing_id, bad_date, not_a_post) masks."""
    n = len(tweets)
    line_arr = pa.array(line, pa.int64())
    post_id = pc.struct_field(tweets, "id")
    note = pc.struct_field(pc.struct_field(tweets, "note_tweet"), "text")
    raw_text = pc.struct_field(tweets, "text")
    text = pc.coalesce(note, raw_text)
    created, bad_date = parse_iso_utc(pc.struct_field(tweets, "created_at"))
    missing_id = pc.fill_null(pc.equal(pc.utf8_length(post_id), 0), True)
    missing_id = missing_id.to_numpy(zero_copy_only=False)
    not_a_post = raw_text.is_null().to_numpy(zero_copy_only=False)

    # authors, resolved within the page
    author_id = pc.struct_field(tweets, "author_id")
    u_keys = composite_key(pa.array(user_line, pa.int64()), pc.struct_field(users, "id"))
    u_idx = lookup(composite_key(line_arr, author_id), u_keys)
    handle = take_or_null(pc.struct_field(users, "username"), u_idx)
    fill_rt = np.zeros(n, dtype=bool)
    followers = take_or_null(
        pc.struct_field(pc.struct_field(users, "public_metrics"), "followers_count"), u_idx
    )

    typed = _typed_refs(tweets, n)
    r_keys = composite_key(pa.array(ref_line, pa.int64()), pc.struct_field(refs, "id"))
    ref_author = pc.struct_field(refs, "author_id")
    rt_id, q_id, rp_id = typed["retweeted"], typed["quoted"], typed["replied_to"]
    rt_author = take_or_null(ref_author, lookup(composite_key(line_arr, rt_id), r_keys))
    q_author = take_or_null(ref_author, lookup(composite_key(line_arr, q_id), r_keys))
    is_rt = rt_id.is_valid().to_numpy(zero_copy_only=False)
    is_q = q_id.is_valid().to_numpy(zero_copy_only=False)
    is_rp = rp_id.is_valid().to_numpy(zero_copy_only=False)
    kind = np.where(is_rt, "retweet", np.where(is_q, "quote", np.where(is_rp, "reply", "original")))

    # mentions (dropping the automatic "RT @x:" one), hashtags, urls
    ents = pc.struct_field(tweets, "entities")
    m_items, m_par = _flatten_with_parents(pc.struct_field(ents, "mentions"))
    rt_prefix = pc.fill_null(pc.starts_with(raw_text, "RT @"), False).to_numpy(zero_copy_only=False)
    if len(m_items):
        m_start = pc.fill_null(pc.struct_field(m_items, "start"), -1).to_numpy()
        auto = rt_prefix[m_par] & (m_start == 3)
        m_name = pc.utf8_lower(pc.struct_field(m_items, "username"))
        # retweet author from the RT mention when the original is missing from includes
        auto_id = scatter(pc.struct_field(m_items, "id").filter(pa.array(auto)), m_par[auto], n)
        auto_name = scatter(m_name.filter(pa.array(auto)), m_par[auto], n)
        keep = ~auto & pc.is_valid(m_name).to_numpy(zero_copy_only=False)
        mentions = lists_from_parents(m_name.filter(pa.array(keep)), m_par[keep], n)
    else:
        auto_id = pa.nulls(n, S)
        auto_name = pa.nulls(n, S)
        mentions = lists_from_parents(pa.array([], S), np.zeros(0, np.int64), n)
    rt_missing = rt_author.is_null().to_numpy(zero_copy_only=False)
    fill_rt = is_rt & rt_missing & auto_id.is_valid().to_numpy(zero_copy_only=False)
    rt_author = pc.if_else(pa.array(fill_rt), auto_id, rt_author)
    usernames = pc.struct_field(users, "username")

    def handle_of(ids: pa.Array) -> pa.Array:
        return take_or_null(usernames, lookup(composite_key(line_arr, ids), u_keys))

    rt_handle = pc.coalesce(handle_of(rt_author), pc.if_else(pa.array(is_rt), auto_name, None))
    reply_author = pc.struct_field(tweets, "in_reply_to_user_id")

    h_items, h_par = _flatten_with_parents(pc.struct_field(ents, "hashtags"))
    h_tag = pc.utf8_lower(pc.struct_field(h_items, "tag")) if len(h_items) else pa.array([], S)
    h_ok = pc.is_valid(h_tag).to_numpy(zero_copy_only=False)
    hashtags = lists_from_parents(h_tag.filter(pa.array(h_ok)), h_par[h_ok], n)
    u_items, u_par = _flatten_with_parents(pc.struct_field(ents, "urls"))
    if len(u_items):
        u_val = pc.coalesce(
            pc.struct_field(u_items, "expanded_url"), pc.struct_field(u_items, "url")
        )
    else:
        u_val = pa.array([], S)
    u_ok = pc.is_valid(u_val).to_numpy(zero_copy_only=False)
    urls = lists_from_parents(u_val.filter(pa.array(u_ok)), u_par[u_ok], n)

    metrics = pc.struct_field(tweets, "public_metrics")
    derived = flags_column({"retweeted_author_from_mention": fill_rt}, n)
    cols = {
        "post_id": post_id,
        "platform": pa.array(np.full(n, "x", dtype=object), S),
        "created_at": created,
        "author_id": author_id,
        "author_handle": handle,
        "author_followers": followers,
        "text": text,
        "lang": pc.struct_field(tweets, "lang"),
        "kind": pa.array(kind.astype(object), S),
        "retweeted_post_id": rt_id,
        "retweeted_author_id": rt_author,
        "retweeted_author_handle": rt_handle,
        "quoted_post_id": q_id,
        "quoted_author_id": q_author,
        "quoted_author_handle": handle_of(q_author),
        "reply_to_post_id": rp_id,
        "reply_to_author_id": reply_author,
        "reply_to_author_handle": handle_of(reply_author),
        "conversation_id": pc.struct_field(tweets, "conversation_id"),
        "mentions": mentions,
        "hashtags": hashtags,
        "urls": urls,
        "like_count": pc.struct_field(metrics, "like_count"),
        "retweet_count": pc.struct_field(metrics, "retweet_count"),
        "reply_count": pc.struct_field(metrics, "reply_count"),
        "quote_count": pc.struct_field(metrics, "quote_count"),
        "is_reference": pa.array(np.full(n, is_reference), pa.bool_()),
        "derived": derived,
        "source_file": pa.array(np.full(n, source, dtype=object), S),
        "source_line": line_arr,
        "_collected_at": collected_at,
    }
    table = pa.Table.from_arrays(
        [cols[f.name].cast(f.type) for f in CHUNK_SCHEMA], schema=CHUNK_SCHEMA
    )
    return table, missing_id, bad_date, not_a_post


def _retrieved_per(line_no: np.ndarray, retrieved: pa.Array, rows_line: np.ndarray) -> pa.Array:
    """``__twarc.retrieved_at`` (per parsed line) spread to rows by their line numbers."""
    if len(rows_line) == 0:
        return pa.nulls(0, pa.timestamp("us", tz="UTC"))
    ts, _ = parse_iso_utc(retrieved)
    pos = np.searchsorted(line_no, rows_line)
    return pc.take(ts, pa.array(pos))


def read_chunk(
    chunk: bytes,
    shape: str,
    source: str,
    *,
    is_file_end: bool = True,
    line_base: int = 0,
    n_lines: int | None = None,
    document: bool = False,
) -> ChunkResult:
    """Read one chunk of twarc2/API v2 JSON lines into canonical rows.

    Parameters
    ----------
    chunk : bytes
        Whole lines of the file (the last may lack its newline only at the end of the file).
    shape : {"page", "stream", "flat"}
    source : str
        The file name recorded in ``source_file`` and in rejects.
    is_file_end : bool
        Whether the chunk ends the file (a cut-off last line is then ``truncated``).
    line_base : int
        Added to local line numbers (0 when the caller fixes them up later).
    n_lines : int, optional
        The number of physical lines in ``chunk`` when the caller already counted them.
    document : bool
        The chunk is one whole JSON document re-serialised to one line: ``source_line`` is NA.
    """
    table, line_no, rejects, n_rej, n_lines = parse_lines(
        chunk, shape, source, is_file_end=is_file_end, n_lines=n_lines
    )
    b = _normalise(table, shape, line_no)
    data_at = _retrieved_per(line_no, b.retrieved_at, b.tweet_line)
    data, missing_id, bad_date, not_a_post = _canonical(
        b.tweets,
        b.tweet_line,
        users=b.users,
        user_line=b.user_line,
        refs=b.refs,
        ref_line=b.ref_line,
        collected_at=data_at,
        source=source,
        is_reference=False,
    )
    ref_at = _retrieved_per(line_no, b.retrieved_at, b.ref_line)
    refs, r_missing, r_bad, r_nap = _canonical(
        b.refs,
        b.ref_line,
        users=b.users,
        user_line=b.user_line,
        refs=b.refs,
        ref_line=b.ref_line,
        collected_at=ref_at,
        source=source,
        is_reference=True,
    )
    bad = missing_id | bad_date | not_a_post
    if bad.any():
        lines_needed = {}
        for k in np.flatnonzero(bad):
            ln = int(b.tweet_line[k])
            reason = (
                "missing_id" if missing_id[k] else "not_a_post" if not_a_post[k] else "bad_date"
            )
            fld = {"missing_id": "id", "not_a_post": "text", "bad_date": "created_at"}[reason]
            raw = _record_raw(chunk, ln, int(b.tweet_pos[k]), shape, lines_needed)
            detail = {
                "missing_id": "no 'id'",
                "not_a_post": "no 'text': not a post object",
                "bad_date": f"created_at {_created_at_of(raw)!r} is missing or not ISO 8601",
            }[reason]
            rejects.append(Reject(source, ln, reason, detail, raw, fld))
        n_rej += int(bad.sum())
        data = data.filter(pa.array(~bad))
    rbad = r_missing | r_bad | r_nap
    if rbad.any():
        refs = refs.filter(pa.array(~rbad))
    if document:
        data = data.set_column(
            data.schema.get_field_index("source_line"), "source_line", pa.nulls(data.num_rows, I64)
        )
        refs = refs.set_column(
            refs.schema.get_field_index("source_line"), "source_line", pa.nulls(refs.num_rows, I64)
        )
        for r in rejects:
            r.line = None
    elif line_base:
        data = _shift_lines(data, line_base)
        refs = _shift_lines(refs, line_base)
        for r in rejects:
            if r.line is not None:
                r.line += line_base
    return ChunkResult(
        table=pa.concat_tables([data, refs]),
        rejects=rejects,
        read=data.num_rows + n_rej,
        rejected=n_rej,
        references_seen=refs.num_rows,
        references_invalid=int(rbad.sum()),
        deleted_ids=b.deleted_ids,
        lines=n_lines,
    )


def _shift_lines(table: pa.Table, base: int) -> pa.Table:
    i = table.schema.get_field_index("source_line")
    return table.set_column(i, "source_line", pc.add(table.column(i), base))


def _record_raw(chunk: bytes, line: int, pos: int, shape: str, cache: dict) -> str:
    if line not in cache:
        cache[line] = orjson.loads(chunk.split(b"\n")[line - 1])
    obj = cache[line]
    recs = _records_in(obj, shape)
    rec = recs[pos] if pos < len(recs) else obj
    return orjson.dumps(rec).decode()


def _created_at_of(raw: str) -> object:
    try:
        return orjson.loads(raw).get("created_at")
    except (orjson.JSONDecodeError, AttributeError):
        return None
