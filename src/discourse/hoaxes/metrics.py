"""Per-cascade metrics: size, accounts, depth, breadth, structural virality, timing, camps.

Definitions (DESIGN.md §6):

* **size**: nodes of the tree (posts, root included); **unique_accounts**: distinct authors
  (Vosoughi, Roy & Aral 2018, Science 359:1146, doi:10.1126/science.aap9559, count users).
* **depth**: largest distance from the root (root alone = 0); **max_breadth**: most nodes at
  any one depth (Vosoughi et al. 2018).
* **structural virality**: the mean shortest-path distance over all pairs of nodes of the
  tree, the Wiener index divided by ``n(n-1)/2`` (Goel, Anderson, Hofman & Watts 2016,
  "The structural virality of online diffusion", Management Science 62(1):180–196,
  doi:10.1287/mnsc.2015.2158, eq. 1). Computed in linear time from subtree sizes: every
  edge above a subtree of ``s`` nodes lies on the paths of ``s * (n - s)`` pairs, so the
  Wiener index is ``sum(s * (n - s))`` over non-root nodes. Undefined (NaN) for a single node.
* **lifetime**: last post minus start; **start** is the root's time (the earliest time in the
  cascade when the root's is unknown, e.g. a placeholder root). **hours_to_<N>_accounts**:
  hours from the start until the N-th distinct account took part (the root's author is the
  first); **hours_to_depth_<d>**: hours until the first node at depth d (Vosoughi et al.).
  NaN when never reached.
* **share_<camp>**: share of the reshares (non-root nodes) whose author is in that camp
  (camps are an input, e.g. from :mod:`discourse.communities`); ``share_unlabelled`` for the
  rest.

Examples
--------
>>> structural_virality([-1, 0, 0, 0])    # a star: 3 pairs at 1, 3 pairs at 2
1.5
>>> structural_virality([-1, 0, 1, 2])    # a chain of 4 nodes
1.6666666666666667
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .cascades import _codes, _roots_and_depths, _unique

__all__ = [
    "METRIC_COLUMNS",
    "cascade_metrics",
    "structural_virality",
]

#: Columns :func:`cascade_metrics` always returns (time-to and share columns follow).
METRIC_COLUMNS: tuple[str, ...] = (
    "cascade_id",
    "root_author_id",
    "root_kind",
    "size",
    "unique_accounts",
    "depth",
    "max_breadth",
    "structural_virality",
    "start",
    "end",
    "lifetime_hours",
    "inferred_edges",
)
_NS_PER_HOUR = 3_600_000_000_000


def _subtree_sizes(parent: np.ndarray, depth: np.ndarray) -> np.ndarray:
    """Number of nodes in the subtree of each node (itself included), level by level."""
    size = np.ones(len(parent), dtype=np.int64)
    if not len(parent):
        return size
    order = np.argsort(-depth, kind="stable")
    d_sorted = depth[order]
    bounds = np.flatnonzero(np.diff(d_sorted)) + 1
    for level in np.split(order, bounds):
        if depth[level[0]] == 0:
            continue
        np.add.at(size, parent[level], size[level])
    return size


def _wiener(parent: np.ndarray, depth: np.ndarray, comp: np.ndarray, n_comp: int) -> np.ndarray:
    """Wiener index (sum of pairwise distances) of each tree of a forest."""
    s = _subtree_sizes(parent, depth)
    n_of = np.bincount(comp, minlength=n_comp)
    child = parent >= 0
    w = (s[child] * (n_of[comp[child]] - s[child])).astype(np.float64)
    return np.bincount(comp[child], weights=w, minlength=n_comp)


def structural_virality(parent: Sequence[int]) -> float:
    """Structural virality of one tree (Goel, Anderson, Hofman & Watts 2016).

    The mean shortest-path distance over all ``n(n-1)/2`` pairs of nodes (the Wiener index
    over the number of pairs; Management Science 62(1):180–196, doi:10.1287/mnsc.2015.2158),
    computed in O(n) from subtree sizes.

    Parameters
    ----------
    parent : sequence of int
        ``parent[i]`` is the index of node i's parent, ``-1`` for the root (exactly one).

    Returns
    -------
    float
        NaN for a single node.

    Examples
    --------
    >>> structural_virality([-1, 0])
    1.0
    >>> structural_virality([-1])
    nan
    """
    p = np.asarray(parent, dtype=np.int64)
    if p.ndim != 1 or not len(p):
        raise ValueError("parent: expected a non-empty 1-d sequence of parent indices")
    if (p < 0).sum() != 1:
        raise ValueError(f"parent: expected exactly one root (-1), got {(p < 0).sum()}")
    if (p >= len(p)).any():
        raise ValueError("parent: index out of range")
    _, depth, cycle = _roots_and_depths(p)
    if len(cycle):
        raise ValueError("parent: the parent links contain a cycle")
    n = len(p)
    if n == 1:
        return float("nan")
    w = _wiener(p, depth, np.zeros(n, dtype=np.int64), 1)[0]
    return float(w / (n * (n - 1) / 2))


def _camp_codes(authors: pa.Array, camps) -> tuple[np.ndarray, list[str]]:
    if isinstance(camps, pd.DataFrame):
        if camps.shape[1] < 2:
            raise ValueError("camps: expected two columns (account, camp)")
        camps = dict(zip(camps.iloc[:, 0].astype(str), camps.iloc[:, 1].astype(str), strict=True))
    elif isinstance(camps, pd.Series):
        camps = {str(k): str(v) for k, v in camps.items()}
    elif not isinstance(camps, Mapping):
        raise TypeError("camps: expected a mapping account -> camp, a Series or a DataFrame")
    keys = pa.array([str(k) for k in camps], pa.string())
    labels = sorted({str(v) for v in camps.values()})
    lab_code = {c: i for i, c in enumerate(labels)}
    val = np.array([lab_code[str(v)] for v in camps.values()], dtype=np.int64)
    idx = _codes(authors, keys)
    out = np.where(idx >= 0, val[np.maximum(idx, 0)] if len(val) else -1, -1)
    return out, labels


def cascade_metrics(
    nodes: pd.DataFrame,
    *,
    camps: Mapping[str, str] | pd.Series | pd.DataFrame | None = None,
    accounts: Sequence[int] = (10, 100, 1000),
    depths: Sequence[int] = (2, 5, 10),
) -> pd.DataFrame:
    """Metrics of every cascade of a node table (the definitions in this module's docstring).

    Parameters
    ----------
    nodes : pandas.DataFrame
        From :func:`discourse.hoaxes.build_cascades`, or any table with ``post_id`` and
        ``parent_id`` (NA at roots); optional ``author_id``, ``created_at``, ``kind``,
        ``inferred``. Trees are recomputed from the parent links. Not modified.
    camps : mapping, Series or DataFrame, optional
        Account → camp (e.g. the ``camp`` of :func:`discourse.communities.camp_of_nodes`).
    accounts : sequence of int
        N for the ``hours_to_<N>_accounts`` columns.
    depths : sequence of int
        d for the ``hours_to_depth_<d>`` columns.

    Returns
    -------
    pandas.DataFrame
        One row per cascade (sorted by ``cascade_id``): :data:`METRIC_COLUMNS`, then
        ``hours_to_<N>_accounts``, ``hours_to_depth_<d>`` and, with ``camps``, ``root_camp``
        and ``share_<camp>`` for every camp plus ``share_unlabelled`` (NaN for cascades
        without reshares).

    Examples
    --------
    >>> import pandas as pd
    >>> nodes = pd.DataFrame({
    ...     "post_id": ["r", "a", "b", "c"], "parent_id": [None, "r", "r", "a"],
    ...     "author_id": ["u1", "u2", "u3", "u2"],
    ...     "created_at": pd.to_datetime(["2024-11-27 08:00", "2024-11-27 09:00",
    ...                                   "2024-11-27 10:00", "2024-11-27 12:00"], utc=True)})
    >>> m = cascade_metrics(nodes, accounts=(3,), depths=(2,), camps={"u2": "01"})
    >>> m[["size", "unique_accounts", "depth", "max_breadth"]].values.tolist()
    [[4, 3, 2, 2]]
    >>> m[["lifetime_hours", "hours_to_3_accounts", "hours_to_depth_2"]].values.tolist()
    [[4.0, 2.0, 4.0]]
    >>> print(round(m.loc[0, "structural_virality"], 4), round(m.loc[0, "share_01"], 3))
    1.6667 0.667
    """
    for c in ("post_id", "parent_id"):
        if c not in nodes.columns:
            raise ValueError(f"nodes: missing column {c!r}")
    accounts = [int(a) for a in accounts]
    depths = [int(d) for d in depths]
    if any(a < 1 for a in accounts) or any(d < 1 for d in depths):
        raise ValueError("accounts and depths: expected integers >= 1")
    ids = pa.array(nodes["post_id"].astype("string").array, pa.string())
    if ids.null_count or pc.count_distinct(ids).as_py() != len(ids):
        raise ValueError("nodes: post_id must be unique and not missing")
    pids = pa.array(nodes["parent_id"].astype("string").array, pa.string())
    parent = _codes(pids, ids)
    unknown = pc.is_valid(pids).to_numpy(zero_copy_only=False) & (parent < 0)
    if unknown.any():
        raise ValueError(
            f"nodes: {int(unknown.sum())} parent_id values are not post ids of the table "
            "(build the table with build_cascades, which adds placeholders)"
        )
    root, depth, cycle = _roots_and_depths(parent)
    if len(cycle):
        raise ValueError(f"nodes: {len(cycle)} nodes lie on parent cycles")
    n = len(ids)
    roots = np.flatnonzero(parent < 0)
    comp_of_root = np.full(n, -1, dtype=np.int64)
    comp_of_root[roots] = np.arange(len(roots))
    comp = comp_of_root[root]
    K = len(roots)
    size = np.bincount(comp, minlength=K)
    max_depth = np.zeros(K, dtype=np.int64)
    np.maximum.at(max_depth, comp, depth)
    # breadth: nodes per (cascade, depth)
    key = comp.astype(np.int64) * (int(depth.max(initial=0)) + 1) + depth
    uk, cnt = np.unique(key, return_counts=True)
    breadth = np.zeros(K, dtype=np.int64)
    np.maximum.at(breadth, uk // (int(depth.max(initial=0)) + 1), cnt)
    wiener = _wiener(parent, depth, comp, K)
    with np.errstate(invalid="ignore", divide="ignore"):
        sv = np.where(size > 1, wiener / (size * (size - 1) / 2.0), np.nan)

    author = (
        pa.array(nodes["author_id"].astype("string").array, pa.string())
        if "author_id" in nodes.columns
        else pa.nulls(n, pa.string())
    )
    acc_u = pc.unique(author.drop_null())
    a_code = _codes(author, acc_u)
    # unique accounts
    has_a = a_code >= 0
    ca = _unique(comp[has_a] * max(len(acc_u), 1) + a_code[has_a])
    n_acc = np.bincount(ca // max(len(acc_u), 1), minlength=K)

    # times
    if "created_at" in nodes.columns:
        t = pd.to_datetime(nodes["created_at"], utc=True).dt.tz_localize(None)
        has_t = t.notna().to_numpy()
        tn = np.where(has_t, t.astype("datetime64[ns]").to_numpy().view(np.int64), 0)
    else:
        tn = np.zeros(n, dtype=np.int64)
        has_t = np.zeros(n, dtype=bool)
    big = np.iinfo(np.int64).max
    t_min = np.full(K, big, dtype=np.int64)
    np.minimum.at(t_min, comp[has_t], tn[has_t])
    t_max = np.full(K, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(t_max, comp[has_t], tn[has_t])
    root_t = np.where(has_t[roots], tn[roots], t_min)
    start = np.where(has_t[roots], tn[roots], t_min)
    has_any = t_min != big
    start_f = np.where(has_any, start, 0)
    lifetime = np.where(has_any, (t_max - start_f) / _NS_PER_HOUR, np.nan)

    out = {
        "cascade_id": pa.array(ids.take(pa.array(roots)).to_numpy(zero_copy_only=False)),
        "root_author_id": author.take(pa.array(roots)),
        "root_kind": (
            pa.array(nodes["kind"].astype("string").array, pa.string()).take(pa.array(roots))
            if "kind" in nodes.columns
            else pa.nulls(K, pa.string())
        ),
        "size": size,
        "unique_accounts": n_acc,
        "depth": max_depth,
        "max_breadth": breadth,
        "structural_virality": sv,
    }
    frame = pd.DataFrame(
        {
            k: (v.to_pandas(types_mapper=_str_dtype) if isinstance(v, pa.Array) else v)
            for k, v in out.items()
        }
    )
    frame["cascade_id"] = frame["cascade_id"].astype("string")
    as_time = pd.to_datetime(pd.Series(np.where(has_any, start_f, 0)), utc=True)
    frame["start"] = as_time.where(has_any).astype("datetime64[us, UTC]")
    frame["end"] = (
        pd.to_datetime(pd.Series(np.where(has_any, t_max, 0)), utc=True)
        .where(has_any)
        .astype("datetime64[us, UTC]")
    )
    frame["lifetime_hours"] = lifetime
    inf = (
        nodes["inferred"].fillna(False).to_numpy(dtype=bool)
        if "inferred" in nodes.columns
        else np.zeros(n, bool)
    )
    frame["inferred_edges"] = np.bincount(comp[inf], minlength=K)

    # time to N accounts: each account's first time in the cascade (the root's author at start)
    tt = np.where(has_t, tn, np.where(parent < 0, root_t[comp], big))
    ok = has_a & (tt != big)
    o = np.lexsort((tt[ok], a_code[ok], comp[ok]))
    c_o, a_o, t_o = comp[ok][o], a_code[ok][o], tt[ok][o]
    first = np.r_[True, (c_o[1:] != c_o[:-1]) | (a_o[1:] != a_o[:-1])] if len(c_o) else c_o
    c_f, t_f = c_o[first], t_o[first]
    o2 = np.lexsort((t_f, c_f))
    c_f, t_f = c_f[o2], t_f[o2]
    rank = np.arange(len(c_f)) - np.searchsorted(c_f, c_f, side="left")
    for N in accounts:
        col = np.full(K, np.nan)
        sel = rank == N - 1
        col[c_f[sel]] = (t_f[sel] - start_f[c_f[sel]]) / _NS_PER_HOUR
        frame[f"hours_to_{N}_accounts"] = col
    for d in depths:
        col = np.full(K, big, dtype=np.int64)
        sel = (depth == d) & has_t
        np.minimum.at(col, comp[sel], tn[sel])
        frame[f"hours_to_depth_{d}"] = np.where(col != big, (col - start_f) / _NS_PER_HOUR, np.nan)
    if camps is not None:
        cc, labels = _camp_codes(author, camps)
        frame["root_camp"] = pd.array(
            [labels[i] if i >= 0 else pd.NA for i in cc[roots]], dtype="string"
        )
        reshare = parent >= 0
        n_re = np.bincount(comp[reshare], minlength=K).astype(np.float64)
        L = len(labels) + 1
        counts = np.bincount(
            comp[reshare] * L + np.where(cc[reshare] >= 0, cc[reshare], L - 1), minlength=K * L
        ).reshape(K, L)
        with np.errstate(invalid="ignore", divide="ignore"):
            shares = counts / n_re[:, None]
        for i, lab in enumerate([*labels, "unlabelled"]):
            frame[f"share_{lab}"] = shares[:, i]
    return frame.sort_values("cascade_id", kind="stable", ignore_index=True)


def _str_dtype(t: pa.DataType):
    return pd.StringDtype("pyarrow") if pa.types.is_string(t) else None
