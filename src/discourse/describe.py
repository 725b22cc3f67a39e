"""Descriptive tables of a corpus: what was collected, when, and how connected.

Tidy tables for notebook 01 and the figures: daily volume in WITA days, a corpus summary,
degree distributions of the interaction networks, and the camp of each post's author from the
networks stage. Nothing here draws (that is :mod:`discourse.plotting`).

Examples
--------
>>> import pandas as pd
>>> posts = pd.DataFrame({
...     "created_at": pd.to_datetime(["2024-11-26T15:00:00Z", "2024-11-26T17:00:00Z"]),
...     "kind": ["original", "retweet"], "is_reference": [False, False]})
>>> daily_volume(posts)["posts"].tolist()  # 23:00 WITA on the 26th, 01:00 WITA on the 27th
[1, 1]
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .times import phase_of, to_wita

__all__ = [
    "attach_camps",
    "corpus_summary",
    "daily_volume",
    "degree_distribution",
]


def _require(table: pd.DataFrame, columns, name: str) -> None:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{name}: expected a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{name}: missing column(s) {missing}")


def _collected(posts: pd.DataFrame) -> pd.DataFrame:
    if "is_reference" not in posts.columns:
        return posts
    return posts[~posts["is_reference"].fillna(False).astype(bool)]


def daily_volume(
    posts: pd.DataFrame, *, by: str | None = None, collected_only: bool = True
) -> pd.DataFrame:
    """Posts per WITA day, optionally split by a column (``kind``, ``platform``, ``camp``...).

    Every day between the first and the last post is present (0 when nothing was posted), for
    every group, so lines do not skip quiet days.

    Parameters
    ----------
    posts : pandas.DataFrame
        The posts table (``created_at`` UTC; ``is_reference`` optional).
    by : str, optional
        Column to split by; NA values become the group ``"NA"``.
    collected_only : bool, default True
        Leave out ``is_reference`` rows (originals seen only as referenced material).

    Returns
    -------
    pandas.DataFrame
        ``day`` (midnight WITA, timezone ``Asia/Makassar``), ``phase`` (campaign phase key,
        :func:`discourse.times.phase_of`), then ``by`` if given, then ``posts`` (int64).

    Examples
    --------
    >>> import pandas as pd
    >>> posts = pd.DataFrame({
    ...     "created_at": pd.to_datetime(["2024-11-25T01:00:00Z", "2024-11-27T01:00:00Z"]),
    ...     "kind": ["original", "retweet"]})
    >>> t = daily_volume(posts, by="kind")
    >>> t.assign(day=t["day"].dt.strftime("%d")).values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['25', 'P3', 'original', 1], ['25', 'P3', 'retweet', 0], ['26', 'P3', 'original', 0],
     ['26', 'P3', 'retweet', 0], ['27', 'P4', 'original', 0], ['27', 'P4', 'retweet', 1]]
    """
    _require(posts, ["created_at"] + ([by] if by else []), "posts")
    rows = _collected(posts) if collected_only else posts
    day = to_wita(rows["created_at"]).dt.floor("D").rename("day")
    cols = ["day", "phase", *([by] if by else []), "posts"]
    if not len(rows):
        return pd.DataFrame({c: [] for c in cols}).astype({"posts": "int64"})
    days = pd.date_range(day.min(), day.max(), freq="D", name="day")
    if by:
        group = rows[by].astype("string").fillna("NA").rename(by)
        counts = day.groupby([day, group]).size()
        full = pd.MultiIndex.from_product([days, sorted(group.unique())], names=["day", by])
        table = counts.reindex(full, fill_value=0).rename("posts").reset_index()
    else:
        counts = day.value_counts()
        table = counts.reindex(days, fill_value=0).rename("posts").reset_index()
    table["posts"] = table["posts"].astype("int64")
    table.insert(1, "phase", phase_of(table["day"]).astype("string").fillna("NA"))
    return table[cols]


def corpus_summary(posts: pd.DataFrame) -> pd.DataFrame:
    """What the corpus holds: posts, accounts, time span (WITA) and posts by kind and platform.

    Parameters
    ----------
    posts : pandas.DataFrame
        The posts table.

    Returns
    -------
    pandas.DataFrame
        ``quantity`` (str), ``value`` (str, so that counts and dates share a column).

    Examples
    --------
    >>> import pandas as pd
    >>> posts = pd.DataFrame({
    ...     "created_at": pd.to_datetime(["2024-11-27T01:00:00Z", "2024-11-27T02:00:00Z"]),
    ...     "author_id": ["a", "b"], "kind": ["original", "retweet"], "platform": ["x", "x"],
    ...     "is_reference": [False, False]})
    >>> corpus_summary(posts).set_index("quantity")["value"].to_dict()
    ... # doctest: +NORMALIZE_WHITESPACE
    {'collected posts': '2', 'reference posts': '0', 'accounts (authors)': '2',
     'first post (WITA)': '2024-11-27 09:00', 'last post (WITA)': '2024-11-27 10:00',
     'kind: original': '1', 'kind: retweet': '1', 'platform: x': '2'}
    """
    _require(posts, ["created_at"], "posts")
    rows = _collected(posts)
    n_ref = len(posts) - len(rows)
    out: list[tuple[str, str]] = [
        ("collected posts", f"{len(rows)}"),
        ("reference posts", f"{n_ref}"),
    ]
    if "author_id" in rows.columns:
        out.append(("accounts (authors)", f"{rows['author_id'].nunique()}"))
    if len(rows):
        local = to_wita(rows["created_at"])
        out.append(("first post (WITA)", local.min().strftime("%Y-%m-%d %H:%M")))
        out.append(("last post (WITA)", local.max().strftime("%Y-%m-%d %H:%M")))
    for col in ("kind", "platform"):
        if col in rows.columns:
            counts = rows[col].astype("string").fillna("NA").value_counts().sort_index()
            out.extend((f"{col}: {k}", f"{v}") for k, v in counts.items())
    return pd.DataFrame(out, columns=["quantity", "value"])


def degree_distribution(edge_table: pd.DataFrame, *, weighted: bool = False) -> pd.DataFrame:
    """In-, out- and total-degree distributions of a directed edge table, with the CCDF.

    Degrees count distinct neighbours (one row of an edge table is one distinct pair, see
    :mod:`discourse.networks`); with ``weighted=True`` they are strengths (sums of
    ``weight``, the number of actions). ``total`` counts in- plus out-degree. Accounts with
    degree 0 in one direction are left out of that direction's distribution (a log axis cannot
    show them).

    Parameters
    ----------
    edge_table : pandas.DataFrame
        ``source``, ``target`` (and ``weight`` when ``weighted``).
    weighted : bool, default False

    Returns
    -------
    pandas.DataFrame
        ``direction`` (``"in"``, ``"out"``, ``"total"``), ``degree`` (int64), ``accounts`` (int64:
        accounts with that degree), ``ccdf`` (share of accounts with degree >= ``degree``).

    Examples
    --------
    >>> import pandas as pd
    >>> et = pd.DataFrame({"source": ["a", "b", "c"], "target": ["x", "x", "y"]})
    >>> t = degree_distribution(et)
    >>> t[t["direction"] == "in"][["degree", "accounts", "ccdf"]].values.tolist()
    [[1.0, 1.0, 1.0], [2.0, 1.0, 0.5]]
    """
    _require(edge_table, ["source", "target"] + (["weight"] if weighted else []), "edge_table")
    w = edge_table["weight"].astype("int64") if weighted else pd.Series(1, index=edge_table.index)
    src = edge_table["source"].astype(str)
    tgt = edge_table["target"].astype(str)
    deg = {
        "in": w.groupby(tgt.to_numpy()).sum(),
        "out": w.groupby(src.to_numpy()).sum(),
    }
    deg["total"] = deg["in"].add(deg["out"], fill_value=0)
    frames = []
    for direction, d in deg.items():
        d = d[d > 0].astype("int64")
        counts = d.value_counts().sort_index()
        n = counts.sum()
        ccdf = counts[::-1].cumsum()[::-1] / n if n else counts.astype(float)
        frames.append(
            pd.DataFrame(
                {
                    "direction": direction,
                    "degree": counts.index.to_numpy(dtype=np.int64),
                    "accounts": counts.to_numpy(dtype=np.int64),
                    "ccdf": ccdf.to_numpy(dtype=float),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def attach_camps(
    posts: pd.DataFrame,
    communities: pd.DataFrame | Mapping[str, str],
    *,
    column: str = "author_id",
    unlabelled: str = "unlabelled",
) -> pd.DataFrame:
    """The posts table with a ``camp`` column: the camp of each post's author.

    Camps come from the networks stage (``communities.csv``: ``node``, ``camp``; the camp of
    the account's community, labelled from seed accounts). Accounts outside the retweet
    network's largest component are ``unlabelled``. A camp is a property of a *community*,
    never a verdict on an account (DESIGN.md §7).

    Parameters
    ----------
    posts : pandas.DataFrame
        Not mutated.
    communities : pandas.DataFrame or dict
        Table with ``node`` and ``camp``, or ``{node: camp}``.
    column : str, default ``"author_id"``
        The posts column matched against ``node``.
    unlabelled : str
        Camp given to authors without one.

    Returns
    -------
    pandas.DataFrame
        A copy of ``posts`` with ``camp`` (string).

    Examples
    --------
    >>> import pandas as pd
    >>> posts = pd.DataFrame({"author_id": ["a", "b", None]})
    >>> attach_camps(posts, {"a": "01"})["camp"].tolist()
    ['01', 'unlabelled', 'unlabelled']
    """
    _require(posts, [column], "posts")
    if isinstance(communities, pd.DataFrame):
        _require(communities, ["node", "camp"], "communities")
        mapping = dict(
            zip(communities["node"].astype(str), communities["camp"].astype(str), strict=True)
        )
    else:
        mapping = {str(k): str(v) for k, v in communities.items()}
    keys = posts[column].astype("string")
    camp = keys.map(mapping).astype("string").fillna(unlabelled)
    return posts.assign(camp=camp)
