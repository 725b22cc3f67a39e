"""The canonical posts table: one place for column names and their Arrow types.

Every reader in :mod:`discourse.io` returns a table with exactly these columns, in this order and
with these types (see ``DESIGN.md`` §2). Missing information is null (NA), never a stand-in value.

One addition to DESIGN.md §2: the targets of retweets, quotes and replies have both an ``*_id``
and an ``*_handle`` column, because sources differ in what they give. The API gives ids (and
handles through ``includes.users``); tweet-harvest CSVs give only handles (``RT @x:``,
``in_reply_to_screen_name``). Putting handles into id columns would mix two namespaces.

Examples
--------
>>> from discourse.schema import POSTS_SCHEMA, empty_posts
>>> POSTS_SCHEMA.field("created_at").type
TimestampType(timestamp[us, tz=UTC])
>>> empty_posts().num_rows
0
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa

if TYPE_CHECKING:
    import pandas as pd

#: Version of the processed-table layout, recorded in ``manifest.json``. Bump on any change.
SCHEMA_VERSION = "1.0"

_S = pa.string()
_LIST_S = pa.list_(pa.string())
_I64 = pa.int64()

#: The canonical posts table (DESIGN.md §2).
POSTS_SCHEMA = pa.schema(
    [
        pa.field("post_id", _S, nullable=False),
        pa.field("platform", _S, nullable=False),
        pa.field("created_at", pa.timestamp("us", tz="UTC")),
        pa.field("author_id", _S),
        pa.field("author_handle", _S),
        pa.field("author_followers", _I64),
        pa.field("text", _S),
        pa.field("lang", _S),
        pa.field("kind", _S, nullable=False),
        pa.field("retweeted_post_id", _S),
        pa.field("retweeted_author_id", _S),
        pa.field("retweeted_author_handle", _S),
        pa.field("quoted_post_id", _S),
        pa.field("quoted_author_id", _S),
        pa.field("quoted_author_handle", _S),
        pa.field("reply_to_post_id", _S),
        pa.field("reply_to_author_id", _S),
        pa.field("reply_to_author_handle", _S),
        pa.field("conversation_id", _S),
        pa.field("mentions", _LIST_S),
        pa.field("hashtags", _LIST_S),
        pa.field("urls", _LIST_S),
        pa.field("like_count", _I64),
        pa.field("retweet_count", _I64),
        pa.field("reply_count", _I64),
        pa.field("quote_count", _I64),
        pa.field("is_reference", pa.bool_(), nullable=False),
        pa.field("derived", _LIST_S),
        pa.field("source_file", _S),
        pa.field("source_line", _I64),
    ]
)

#: Column names of the canonical table, in order.
POSTS_COLUMNS: tuple[str, ...] = tuple(POSTS_SCHEMA.names)

#: Allowed values of ``kind``. A post that is both a retweet and something else is a retweet;
#: a quote that is also a reply is a ``quote`` (its ``reply_to_*`` columns are still filled).
KINDS: tuple[str, ...] = ("original", "retweet", "quote", "reply")

#: Values that may appear in ``derived``: which fields were inferred rather than given.
DERIVED_FLAGS: dict[str, str] = {
    "retweet_from_text": "kind/retweeted_* inferred from a leading 'RT @x:' in the text",
    "mentions_from_text": "mentions extracted from '@handle' tokens in the text",
    "hashtags_from_text": "hashtags extracted from '#tag' tokens in the text",
    "reply_from_screen_name": "reply_to_* from in_reply_to_screen_name (a handle, no post id)",
    "id_from_url": "post_id recovered from tweet_url because the id column had lost precision",
    "conversation_id_lost": "conversation_id was written as a float that lost precision; set to NA",
    "author_id_lost": "author_id was written as a float that lost precision; set to NA",
    "retweeted_author_from_mention": "retweeted_author_* taken from the 'RT @x:' mention entity",
    "urls_from_text": "urls extracted from 'http(s)://' tokens in the text (not expanded)",
    "text_mojibake_repaired": "text had UTF-8 read as cp1252 (mojibake) and was repaired",
}

#: Engagement columns, summed to rank duplicate records.
COUNT_COLUMNS: tuple[str, ...] = ("like_count", "retweet_count", "reply_count", "quote_count")


def empty_posts() -> pa.Table:
    """Return an empty canonical posts table.

    Returns
    -------
    pyarrow.Table
        Zero rows, :data:`POSTS_SCHEMA`.

    Examples
    --------
    >>> empty_posts().schema.names[:3]
    ['post_id', 'platform', 'created_at']
    """
    return POSTS_SCHEMA.empty_table()


def conform(table: pa.Table) -> pa.Table:
    """Return ``table`` with exactly the canonical columns, order and types.

    Columns missing from ``table`` are added as nulls (``is_reference`` as ``False``); extra
    columns are dropped; types are cast safely (a lossy cast raises).

    Parameters
    ----------
    table : pyarrow.Table
        A table with some or all canonical columns.

    Returns
    -------
    pyarrow.Table

    Examples
    --------
    >>> import pyarrow as pa
    >>> t = conform(pa.table({"post_id": ["1"], "platform": ["x"], "kind": ["original"]}))
    >>> t.num_columns, t.column("is_reference").to_pylist()
    (30, [False])
    """
    n = table.num_rows
    cols = []
    for field in POSTS_SCHEMA:
        if field.name in table.column_names:
            col = table.column(field.name)
            if col.type != field.type:
                col = col.cast(field.type)
        elif field.name == "is_reference":
            col = pa.array([False] * n, pa.bool_())
        else:
            col = pa.nulls(n, field.type)
        cols.append(col)
    return pa.Table.from_arrays(cols, schema=POSTS_SCHEMA)


def validate_posts(table: pa.Table) -> None:
    """Check that ``table`` is a canonical posts table; raise ``ValueError`` naming the problem.

    Checks column names, order and types, non-null ``post_id``/``platform``/``kind``, the
    allowed ``kind`` values, and that ``post_id`` is unique.

    Parameters
    ----------
    table : pyarrow.Table

    Raises
    ------
    ValueError
        With the column and the first offending value.

    Examples
    --------
    >>> validate_posts(empty_posts())
    """
    import pyarrow.compute as pc

    if table.schema.names != list(POSTS_COLUMNS):
        missing = [c for c in POSTS_COLUMNS if c not in table.schema.names]
        extra = [c for c in table.schema.names if c not in POSTS_COLUMNS]
        raise ValueError(f"posts table columns differ: missing={missing}, extra={extra}")
    for field in POSTS_SCHEMA:
        got = table.schema.field(field.name).type
        if got != field.type:
            raise ValueError(f"column {field.name!r} has type {got}, expected {field.type}")
    for name in ("post_id", "platform", "kind"):
        nulls = table.column(name).null_count
        if nulls:
            raise ValueError(f"column {name!r} has {nulls} null values")
    bad = pc.invert(pc.is_in(table.column("kind"), value_set=pa.array(KINDS)))
    if pc.any(bad).as_py():
        first = table.column("kind").filter(bad)[0].as_py()
        raise ValueError(f"column 'kind' has a value outside {KINDS}: {first!r}")
    ids = table.column("post_id")
    if pc.count_distinct(ids).as_py() != len(ids):
        raise ValueError("column 'post_id' is not unique")


def _arrow_to_pandas_dtype(t: pa.DataType):
    import pandas as pd

    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return pd.StringDtype("pyarrow")
    if pa.types.is_int64(t):
        return pd.Int64Dtype()
    if pa.types.is_boolean(t):
        return pd.BooleanDtype()
    if pa.types.is_list(t):
        return pd.ArrowDtype(t)
    return None  # timestamps: numpy datetime64[us, UTC]


def to_pandas(table: pa.Table) -> pd.DataFrame:
    """Convert an Arrow posts table to pandas with NA-aware dtypes.

    Strings become ``string[pyarrow]``, counts ``Int64``, flags ``boolean``, list columns
    ``list<string>[pyarrow]`` (zero-copy) and ``created_at`` ``datetime64[us, UTC]``.

    Parameters
    ----------
    table : pyarrow.Table

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> to_pandas(empty_posts())["author_followers"].dtype
    Int64Dtype()
    """
    return table.to_pandas(types_mapper=_arrow_to_pandas_dtype)


def from_pandas(df: pd.DataFrame) -> pa.Table:
    """Convert a pandas posts table back to a canonical Arrow table.

    Parameters
    ----------
    df : pandas.DataFrame
        Canonical columns (extra columns are dropped).

    Returns
    -------
    pyarrow.Table

    Examples
    --------
    >>> from_pandas(to_pandas(empty_posts())).schema == POSTS_SCHEMA
    True
    """
    cols = [c for c in POSTS_COLUMNS if c in df.columns]
    table = pa.Table.from_pandas(df[cols], preserve_index=False)
    return conform(table)
