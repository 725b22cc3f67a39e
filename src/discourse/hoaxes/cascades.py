"""Cascades: one tree per root post, built from retweets, quotes and replies (DESIGN.md §6).

Every post whose API parent is known hangs under it: a retweet under the retweeted post, a
quote under the quoted post, a reply under the replied post. Following those parents up gives
the *root*, the post that started the cascade; the cascade id is the root's ``post_id``.

Reply and quote chains are observed paths. Retweets on X all point at the original, so the
path a retweet really travelled is not observed. :func:`build_cascades` with
``method="time"`` gives the time-inferred reconstruction of Goel, Watts & Goldstein (2012,
"The structure of online diffusion networks", ACM EC, doi:10.1145/2229012.2229058), used by
Vosoughi, Roy & Aral (2018, Science 359:1146, doi:10.1126/science.aap9559): a retweet's parent
is the **most recent earlier adopter** (the retweeted post itself or an earlier retweet of it)
whose author the retweeter follows (when a follower table is given) or is observed to interact
with (the interaction edges of :func:`discourse.networks.edges`: the retweeter retweeted,
quoted, replied to or mentioned that account anywhere in the table); if there is none, the
retweeted post itself. Such edges are marked ``inferred``.

Examples
--------
>>> import pyarrow as pa
>>> from discourse.schema import conform, to_pandas
>>> posts = to_pandas(conform(pa.table({
...     "post_id": ["1", "2", "3", "4"], "platform": ["x"] * 4,
...     "kind": ["original", "retweet", "retweet", "reply"],
...     "author_id": ["a", "b", "c", "d"],
...     "created_at": ["2024-11-27T08:00:00Z", "2024-11-27T08:05:00Z",
...                    "2024-11-27T08:09:00Z", "2024-11-27T08:10:00Z"],
...     "retweeted_post_id": [None, "1", "1", None],
...     "reply_to_post_id": [None, None, None, "3"]})))
>>> follows = pa.table({"follower_id": ["c"], "followee_id": ["b"]}).to_pandas()
>>> nodes, report = build_cascades(posts, method="time", follows=follows, interactions=False)
>>> nodes[["post_id", "parent_id", "depth", "parent_source"]].values.tolist()
[['1', <NA>, 0, <NA>], ['2', '1', 1, 'root'], ['3', '2', 2, 'follows'], ['4', '3', 3, 'observed']]
"""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "NODE_COLUMNS",
    "CascadeReport",
    "build_cascades",
    "interaction_ties",
]

#: Columns of the node table :func:`build_cascades` returns, in order.
NODE_COLUMNS: tuple[str, ...] = (
    "cascade_id",
    "post_id",
    "parent_id",
    "author_id",
    "created_at",
    "kind",
    "depth",
    "parent_source",
    "inferred",
    "placeholder",
    "is_reference",
)

#: API parent column of each kind of post.
_PARENT_OF = {
    "retweet": ("retweeted_post_id", "retweeted_author_id"),
    "quote": ("quoted_post_id", "quoted_author_id"),
    "reply": ("reply_to_post_id", "reply_to_author_id"),
}
_SOURCES = ("root", "observed", "follows", "interaction")
_TS = pa.timestamp("us", tz="UTC")


@dataclass
class CascadeReport:
    """What :func:`build_cascades` did.

    Attributes
    ----------
    method : str
        ``observed`` or ``time``.
    posts : int
        Rows of the posts table used (collected posts and references).
    nodes : int
        Rows of the node table (posts plus placeholders).
    cascades : int
        Distinct roots (single posts nobody reshared are cascades of size 1).
    placeholders : int
        Parents referred to by id but absent from the table, added as nodes
        (``placeholder = True``, time and often author unknown).
    no_parent_id : int
        Retweets, quotes and replies whose parent id is missing (e.g. tweet-harvest retweets,
        known only by ``RT @handle``): kept as roots of their own cascades.
    cycles_broken : int
        Posts on parent cycles (malformed input, e.g. two replies to each other) made roots
        to break the cycles.
    inferred : dict
        For ``method="time"``: retweets attached by ``follows``, ``interaction`` and
        ``root`` (no earlier adopter tied to the retweeter).

    Examples
    --------
    >>> CascadeReport(method="observed").to_dict()["placeholders"]
    0
    """

    method: str
    posts: int = 0
    nodes: int = 0
    cascades: int = 0
    placeholders: int = 0
    no_parent_id: int = 0
    cycles_broken: int = 0
    inferred: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The report as a plain dict.

        Examples
        --------
        >>> sorted(CascadeReport(method="time").to_dict())[:2]
        ['cascades', 'cycles_broken']
        """
        return asdict(self)


# ----------------------------------------------------------------------------- helpers
def _col(t: pa.Table, name: str) -> pa.Array:
    if name in t.column_names:
        return t.column(name).combine_chunks()
    return pa.nulls(t.num_rows, pa.string())


def _posts_arrow(posts: pd.DataFrame | pa.Table) -> dict[str, pa.Array]:
    cols = ["post_id", "author_id", "created_at", "kind", "is_reference"]
    for pid, aid in _PARENT_OF.values():
        cols += [pid, aid]
    if isinstance(posts, pa.Table):
        t = posts
    elif isinstance(posts, pd.DataFrame):
        missing = [c for c in ("post_id", "kind") if c not in posts.columns]
        if missing:
            raise ValueError(f"posts: missing column(s) {missing}")
        present = [c for c in cols if c in posts.columns]
        t = pa.Table.from_pandas(posts[present], preserve_index=False)
    else:
        raise TypeError(f"posts: expected a DataFrame or pyarrow Table, got {type(posts).__name__}")
    for c in ("post_id", "kind"):
        if c not in t.column_names:
            raise ValueError(f"posts: missing column {c!r}")
    out = {}
    for c in cols:
        a = _col(t, c)
        if c == "created_at":
            a = a.cast(_TS) if a.null_count < len(a) else pa.nulls(len(a), _TS)
        elif c == "is_reference":
            a = pc.fill_null(a.cast(pa.bool_()), False)
        else:
            a = a.cast(pa.string())
        out[c] = a
    return out


def _pandas_dtype(t: pa.DataType):
    """Strings as ``string[pyarrow]``; numbers, flags and times as numpy dtypes."""
    return pd.StringDtype("pyarrow") if pa.types.is_string(t) else None


def _unique(a: np.ndarray) -> np.ndarray:
    """Sorted unique values (sort-based; faster than numpy's hashing for large int64 arrays)."""
    a = np.sort(a)
    return a[np.r_[True, a[1:] != a[:-1]]] if len(a) else a


def _codes(values: pa.Array, uniques: pa.Array) -> np.ndarray:
    """Positions of ``values`` in ``uniques`` (-1 for null or absent)."""
    idx = pc.index_in(values, value_set=uniques)
    return pc.fill_null(idx, -1).to_numpy(zero_copy_only=False).astype(np.int64)


def _roots_and_depths(parent: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Root and depth of every node of a forest given by ``parent`` (-1 at roots), by pointer
    jumping (O(n log depth)). The third array holds, for each parent cycle (malformed input),
    the cycle members the jumps settled on: making them roots breaks every cycle."""
    n = len(parent)
    idx = np.arange(n)
    anc = np.where(parent >= 0, parent, idx)
    dist = (parent >= 0).astype(np.int64)
    for _ in range(64):
        done = anc[anc] == anc
        if done.all():
            break
        dist = dist + np.where(done, 0, dist[anc])
        anc = anc[anc]
    # on a parent cycle the jumps settle on cycle members, which have parents: no true root
    stuck = (anc[anc] != anc) | (parent[anc] >= 0)
    on_cycle = _unique(anc[stuck]) if stuck.any() else np.zeros(0, dtype=np.int64)
    return anc, dist, on_cycle


def _arrow_strings(values) -> pa.Array:
    """A pandas column or array-like as an Arrow string array (nulls kept)."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if not isinstance(values, pa.Array):
        values = pa.array(values, from_pandas=True)
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return values.cast(pa.string())


def _tie_keys(
    ties: pd.DataFrame, accounts: pa.Array, src_ok: np.ndarray, tgt_ok: np.ndarray
) -> np.ndarray:
    """Sorted unique int64 keys ``source * n + target`` of ties between known accounts, keeping
    only sources in ``src_ok`` and targets in ``tgt_ok`` (boolean masks over account codes)."""
    n_acc = len(accounts)
    s = _codes(_arrow_strings(ties.iloc[:, 0]), accounts)
    t = _codes(_arrow_strings(ties.iloc[:, 1]), accounts)
    ok = (s >= 0) & (t >= 0) & (s != t)
    ok[ok] = src_ok[s[ok]] & tgt_ok[t[ok]]
    keys = np.sort(s[ok] * n_acc + t[ok])
    return keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys


def interaction_ties(
    posts: pd.DataFrame | pa.Table,
    *,
    kinds: tuple[str, ...] = ("retweet", "quote", "reply", "mention"),
) -> pd.DataFrame:
    """Directed account pairs (source acted on target) from the interaction edge tables.

    The union of :func:`discourse.networks.edges` over ``kinds`` (self-loops dropped, as there).
    :func:`build_cascades` uses it as the "observed to interact with" relation.

    Parameters
    ----------
    posts : pandas.DataFrame or pyarrow.Table
    kinds : tuple of str
        Edge kinds of :data:`discourse.networks.EDGE_KINDS`.

    Returns
    -------
    pandas.DataFrame
        ``source, target`` (string), one row per distinct pair.

    Examples
    --------
    >>> import pyarrow as pa
    >>> from discourse.schema import conform, to_pandas
    >>> posts = to_pandas(conform(pa.table({
    ...     "post_id": ["1", "2"], "platform": ["x"] * 2, "kind": ["original", "reply"],
    ...     "author_id": ["a", "b"], "reply_to_post_id": [None, "1"]})))
    >>> interaction_ties(posts).values.tolist()
    [['b', 'a']]
    """
    from ..networks import edges

    frames = [edges(posts, k)[0][["source", "target"]] for k in kinds]
    out = pd.concat(frames, ignore_index=True).drop_duplicates(ignore_index=True)
    return out.astype("string")


def _infer_retweet_parents(
    g: np.ndarray,
    pos_t: np.ndarray,
    author: np.ndarray,
    tie_keys: np.ndarray,
    n_acc: int,
    chunk: int = 4_000_000,
) -> np.ndarray:
    """For retweets sorted by (group, time), the index of the most recent earlier retweet of
    the same group whose author is tied to the retweeter's author; -1 if none.

    Enumerates the retweeter's ties (CSR by source) and looks each tie up among the group's
    adopters with one ``searchsorted`` on keys ``(group, author) * n + position``.
    """
    n = len(g)
    best = np.full(n, -1, dtype=np.int64)
    if not n or not len(tie_keys):
        return best
    src = tie_keys // n_acc
    tgt = tie_keys % n_acc
    ptr = np.zeros(n_acc + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n_acc), out=ptr[1:])
    # (group, author) → dense rank, then combined with the position
    ga = g.astype(np.int64) * n_acc + author
    ga_u, ga_r = np.unique(ga, return_inverse=True)
    member = np.sort(ga_r.astype(np.int64) * n + pos_t)
    has_author = author >= 0
    deg = np.where(has_author, ptr[np.maximum(author, 0) + 1] - ptr[np.maximum(author, 0)], 0)
    # process retweets in chunks of bounded total degree
    cum = np.cumsum(deg)
    starts = [0]
    while starts[-1] < n:
        base = cum[starts[-1] - 1] if starts[-1] else 0
        nxt = int(np.searchsorted(cum, base + chunk, side="right"))
        starts.append(max(nxt, starts[-1] + 1))
    for a, b in itertools.pairwise(starts):
        d = deg[a:b]
        tot = int(d.sum())
        if not tot:
            continue
        q = np.repeat(np.arange(a, b), d)
        first = np.repeat(ptr[author[a:b].clip(0)], d)
        off = np.arange(tot) - np.repeat(np.cumsum(d) - d, d)
        cand_author = tgt[first + off]
        key = g[q].astype(np.int64) * n_acc + cand_author
        r = np.searchsorted(ga_u, key)
        r = np.minimum(r, len(ga_u) - 1)
        ok = ga_u[r] == key
        q, r = q[ok], r[ok]
        hit = np.searchsorted(member, r * n + pos_t[q]) - 1
        valid = hit >= 0
        valid[valid] = member[hit[valid]] // n == r[valid]
        q, cand = q[valid], member[hit[valid]] % n
        np.maximum.at(best, q, cand)
    return best


# ----------------------------------------------------------------------------- main
def build_cascades(
    posts: pd.DataFrame | pa.Table,
    *,
    method: Literal["observed", "time"] = "observed",
    follows: pd.DataFrame | None = None,
    interactions: pd.DataFrame | bool | None = None,
) -> tuple[pd.DataFrame, CascadeReport]:
    """Build the cascade forest of a posts table: one node per post, one tree per root.

    Parents (DESIGN.md §6): a retweet hangs under ``retweeted_post_id``, a quote under
    ``quoted_post_id``, a reply under ``reply_to_post_id`` (by ``kind``; a post without its
    parent id stays a root and is counted in the report). A parent id absent from the table
    becomes a *placeholder* node (``kind = "missing"``, author from the ``*_author_id``
    column, no time), so the retweets of an uncollected original still form one cascade.
    Reference rows (``is_reference``: originals seen only as referenced material) are nodes.

    ``method="observed"`` keeps the API parents (``parent_source = "observed"``).
    ``method="time"`` re-attaches every retweet as in Goel, Watts & Goldstein (2012) and
    Vosoughi, Roy & Aral (2018): among the retweeted post and the earlier retweets of it
    (earlier by ``created_at``, ties by table order), the most recent one whose author the
    retweeter follows (``follows``: ``follower_id, followee_id``) or has interacted with
    (``interactions``: ``source, target`` = retweeter acted on that account) is the parent
    (``parent_source`` ``follows`` or ``interaction``; ``follows`` when both hold); if none,
    the retweeted post (``parent_source = "root"``). All these edges have ``inferred = True``.
    Quotes and replies keep their observed parents.

    Parameters
    ----------
    posts : pandas.DataFrame or pyarrow.Table
        The canonical posts table. Not modified.
    method : {"observed", "time"}
    follows : pandas.DataFrame, optional
        Follower table, first column the follower, second the followed account (account ids
        as in ``author_id``), e.g. the synthetic ``follows.parquet``.
    interactions : pandas.DataFrame or bool, optional
        Ties ``source, target``. ``None`` (default) computes them with
        :func:`interaction_ties` when ``method="time"``; ``False`` uses none.

    Returns
    -------
    nodes : pandas.DataFrame
        :data:`NODE_COLUMNS`: ``cascade_id`` (the root's post id), ``post_id``,
        ``parent_id`` (NA at roots), ``author_id``, ``created_at`` (UTC), ``kind``, ``depth``
        (root 0), ``parent_source`` (NA at roots; ``observed``; for inferred retweets
        ``follows``, ``interaction`` or ``root`` = attached to the retweeted post),
        ``inferred`` (bool), ``placeholder`` (bool), ``is_reference`` (bool). Sorted by
        cascade, time (placeholders first), post id.
    report : CascadeReport

    Examples
    --------
    >>> import pyarrow as pa
    >>> from discourse.schema import conform, to_pandas
    >>> posts = to_pandas(conform(pa.table({
    ...     "post_id": ["2", "3"], "platform": ["x"] * 2, "kind": ["retweet", "quote"],
    ...     "author_id": ["b", "c"], "retweeted_post_id": ["1", None],
    ...     "retweeted_author_id": ["a", None], "quoted_post_id": [None, "1"]})))
    >>> nodes, report = build_cascades(posts)
    >>> nodes[["cascade_id", "post_id", "author_id", "placeholder"]].values.tolist()
    [['1', '1', 'a', True], ['1', '2', 'b', False], ['1', '3', 'c', False]]
    """
    if method not in ("observed", "time"):
        raise ValueError(f"method: expected 'observed' or 'time', got {method!r}")
    t = _posts_arrow(posts)
    n_p = len(t["post_id"])
    report = CascadeReport(method=method, posts=n_p)
    post_id = t["post_id"]
    if post_id.null_count:
        raise ValueError(f"posts: {post_id.null_count} rows without post_id")
    if pc.count_distinct(post_id).as_py() != len(post_id):
        raise ValueError("posts: post_id values are not unique (de-duplicate first)")
    kind = t["kind"]
    par_id = pa.nulls(n_p, pa.string())
    par_author = pa.nulls(n_p, pa.string())
    for k, (pid, aid) in _PARENT_OF.items():
        is_k = pc.fill_null(pc.equal(kind, k), False)
        par_id = pc.if_else(is_k, t[pid], par_id)
        par_author = pc.if_else(is_k, t[aid], par_author)
    needs = pc.fill_null(pc.is_in(kind, pa.array(list(_PARENT_OF))), False)
    report.no_parent_id = int(pc.sum(pc.and_(needs, pc.is_null(par_id))).as_py() or 0)
    # placeholders: parent ids not in the table (one per id; author from the first mention)
    absent = pc.and_(pc.is_valid(par_id), pc.invert(pc.is_in(par_id, post_id)))
    absent = pc.fill_null(absent, False)
    ph = pa.table({"id": par_id.filter(absent), "author": par_author.filter(absent)})
    if ph.num_rows:
        # one row per id, a known author preferred
        ph = ph.take(pc.sort_indices(ph, [("id", "ascending"), ("author", "ascending")]))
        ids = ph.column("id").combine_chunks()
        first = np.r_[True, pc.not_equal(ids[1:], ids[:-1]).to_numpy(zero_copy_only=False)]
        keep = pa.array(np.flatnonzero(first))
        ph_ids = ids.take(keep)
        ph_auth = ph.column("author").combine_chunks().take(keep)
    else:
        ph_ids = ph_auth = pa.array([], pa.string())
    report.placeholders = len(ph_ids)
    n_ph = len(ph_ids)
    n = n_p + n_ph
    all_ids = pa.concat_arrays([post_id, ph_ids])
    all_author = pa.concat_arrays([t["author_id"], ph_auth])
    all_kind = pa.concat_arrays([kind, pa.array(["missing"] * n_ph, pa.string())])
    all_time = pa.concat_arrays([t["created_at"], pa.nulls(n_ph, _TS)])
    is_ref = np.r_[t["is_reference"].to_numpy(zero_copy_only=False), np.zeros(n_ph, bool)]
    parent = np.r_[_codes(par_id, all_ids), np.full(n_ph, -1, dtype=np.int64)]
    source = np.where(parent >= 0, 1, -1).astype(np.int8)  # index into _SOURCES, -1 at roots
    inferred = np.zeros(n, dtype=bool)

    if method == "time":
        parent, source, inferred = _time_inferred(
            parent, source, inferred, all_kind, all_author, all_time, n, follows,
            interactions, posts, report,
        )  # fmt: skip

    root, depth, cycle = _roots_and_depths(parent)
    if len(cycle):
        report.cycles_broken = len(cycle)
        parent = parent.copy()
        parent[cycle] = -1
        source[cycle] = -1
        root, depth, _ = _roots_and_depths(parent)
    report.nodes = n
    report.cascades = int((parent < 0).sum())
    times = all_time.cast(pa.int64()).to_numpy(zero_copy_only=False)
    tnum = np.where(pd.isna(times), np.iinfo(np.int64).min, times)  # placeholders first
    order = pc.sort_indices(
        pa.table({"r": root, "t": tnum, "id": all_ids}),
        [("r", "ascending"), ("t", "ascending"), ("id", "ascending")],
    )
    has_parent = pa.array(parent >= 0)
    sources = pa.array(["", *_SOURCES]).take(pa.array(source + 1))
    table = pa.table(
        {
            "cascade_id": all_ids.take(pa.array(root)),
            "post_id": all_ids,
            "parent_id": pc.if_else(
                has_parent, all_ids.take(pa.array(np.maximum(parent, 0))), None
            ),
            "author_id": all_author,
            "created_at": all_time,
            "kind": all_kind,
            "depth": pa.array(depth, pa.int64()),
            "parent_source": pc.if_else(has_parent, sources, None),
            "inferred": pa.array(inferred),
            "placeholder": pa.array(np.r_[np.zeros(n_p, bool), np.ones(n_ph, bool)]),
            "is_reference": pa.array(is_ref),
        }
    ).take(order)
    frame = table.to_pandas(types_mapper=_pandas_dtype)
    return frame, report


def _time_inferred(
    parent, source, inferred, all_kind, all_author, all_time, n, follows, interactions, posts,
    report,
):  # fmt: skip
    """Re-attach retweets by the time-inferred rule; returns new parent, source, inferred."""
    is_rt = pc.fill_null(pc.equal(all_kind, "retweet"), False).to_numpy(zero_copy_only=False)
    rt = np.flatnonzero(is_rt & (parent >= 0))
    parent, source, inferred = parent.copy(), source.copy(), inferred.copy()
    source[rt] = 0
    inferred[rt] = True
    counts = {"follows": 0, "interaction": 0, "root": 0}
    if len(rt):
        accounts = pc.unique(all_author.drop_null())
        n_acc = max(len(accounts), 1)
        a_code = _codes(all_author, accounts)
        times = all_time.cast(pa.int64()).to_numpy(zero_copy_only=False)
        tnum = np.where(pd.isna(times), np.iinfo(np.int64).min, times).astype(np.int64)
        g = parent[rt]
        order = np.lexsort((rt, tnum[rt], g))
        rt_s, g_s = rt[order], g[order]
        pos = np.arange(len(rt_s))
        auth = a_code[rt_s]
        retweeter = np.zeros(n_acc, dtype=bool)
        retweeter[auth[auth >= 0]] = True
        best = {}
        if interactions is None:
            interactions = interaction_ties(posts)
        for name, ties in (("follows", follows), ("interaction", interactions)):
            if ties is False or ties is None or not len(ties):
                best[name] = np.full(len(rt_s), -1, dtype=np.int64)
                continue
            if ties.shape[1] < 2:
                raise ValueError(f"{name}: expected two columns (source, target)")
            keys = _tie_keys(ties, accounts, retweeter, retweeter)
            best[name] = _infer_retweet_parents(g_s, pos, auth, keys, n_acc)
        f, i = best["follows"], best["interaction"]
        chosen = np.maximum(f, i)
        src = np.where(chosen < 0, 0, np.where(f >= i, 2, 3)).astype(np.int8)
        new_parent = np.where(chosen >= 0, rt_s[np.maximum(chosen, 0)], g_s)
        parent[rt_s] = new_parent
        source[rt_s] = src
        counts = {
            "follows": int((src == 2).sum()),
            "interaction": int((src == 3).sum()),
            "root": int((src == 0).sum()),
        }
    report.inferred = counts
    return parent, source, inferred
