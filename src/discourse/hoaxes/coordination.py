"""Signals of coordination, reported per cluster: bursts of near-identical posts and co-retweet
squads.

These are *indicative patterns* of clusters of accounts (DOMAIN.md §4: "klaster dengan pola
terkoordinasi (indikatif)"), never a verdict on any account: organised volunteers, fan
accounts and news aggregators produce the same patterns.

* :func:`near_duplicate_bursts`: several accounts posting near-identical texts within minutes
  (Pacheco, Hui, Torres-Lugo, Truong, Flammini & Menczer 2021, "Uncovering coordinated networks
  on social media", ICWSM 15:455–466; the text-similarity trace). Near-identical = estimated
  Jaccard similarity of word sets at least ``similarity``, found with MinHash and
  locality-sensitive hashing (Broder 1997, "On the resemblance and containment of documents",
  doi:10.1109/SEQUEN.1997.666900; Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*,
  ch. 3), vectorised over the whole table.
* :func:`coretweet_squads`: connected groups of the co-retweet network of
  :func:`discourse.networks.coaction_edges` (accounts retweeting the same posts within seconds,
  repeatedly).

Examples
--------
>>> import pandas as pd
>>> posts = pd.DataFrame({
...     "post_id": ["1", "2", "3", "4"], "kind": ["original"] * 4,
...     "author_id": ["a", "b", "c", "d"],
...     "created_at": pd.to_datetime(["2024-11-27 08:00", "2024-11-27 08:02",
...                                   "2024-11-27 08:05", "2024-11-27 12:00"], utc=True),
...     "text": ["ayo coblos nomor dua demi kaltim emas sekarang juga",
...              "ayo coblos nomor dua demi kaltim emas sekarang juga!!",
...              "AYO coblos nomor dua demi kaltim emas sekarang juga 🔥",
...              "ayo coblos nomor dua demi kaltim emas sekarang juga"]})
>>> clusters, members = near_duplicate_bursts(posts, min_accounts=3)
>>> clusters[["posts", "accounts"]].values.tolist(), sorted(members["post_id"])
([[3, 3]], ['1', '2', '3'])
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .cascades import _unique

__all__ = [
    "coretweet_squads",
    "near_duplicate_bursts",
]

_PRIME = np.uint64(4_294_967_311)  # a prime above 2**32
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant (golden ratio) to combine hashes


def _components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    g = coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    return connected_components(g, directed=False)[1]


def _minhash(doc: np.ndarray, tok: np.ndarray, n_docs: int, k: int, seed: int) -> np.ndarray:
    """MinHash signatures (n_docs × k, uint64) of token-id sets; docs without tokens get the
    maximum value everywhere."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, int(_PRIME) - 1, k, dtype=np.uint64)
    b = rng.integers(0, int(_PRIME) - 1, k, dtype=np.uint64)
    order = np.argsort(doc, kind="stable")
    doc, tok = doc[order], tok[order].astype(np.uint64)
    sig = np.full((n_docs, k), np.iinfo(np.uint64).max, dtype=np.uint64)
    if not len(doc):
        return sig
    start = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1]])
    for h in range(k):
        v = (a[h] * tok + b[h]) % _PRIME
        sig[doc[start], h] = np.minimum.reduceat(v, start)
    return sig


def near_duplicate_bursts(
    posts: pd.DataFrame,
    *,
    window: str | pd.Timedelta = "15min",
    min_accounts: int = 3,
    similarity: float = 0.6,
    min_tokens: int = 5,
    num_perm: int = 32,
    bands: int = 16,
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Bursts of near-identical posts by several accounts within minutes, per cluster.

    Texts of originals, quotes and replies (retweets copy by construction) are normalised with
    :func:`discourse.networks.normalise_text` (lower case, no URLs, mentions or punctuation)
    and compared as sets of words. Two posts are linked when they are by different accounts,
    at most ``window`` apart, and their MinHash estimate of Jaccard similarity is at least
    ``similarity``; candidate pairs come from LSH on ``bands`` bands of the ``num_perm``
    signature (a pair of true similarity s is found with probability
    ``1 - (1 - s**r)**bands``, ``r = num_perm / bands``). Clusters are the connected
    components of these links; those with at least ``min_accounts`` accounts are reported.

    Parameters
    ----------
    posts : pandas.DataFrame
        ``post_id, author_id, created_at, text``; ``kind`` when present. Not modified.
    window : str or Timedelta, default "15min"
    min_accounts : int, default 3
    similarity : float, default 0.6
        Estimated Jaccard threshold.
    min_tokens : int, default 5
        Shorter texts are ignored (too generic to be evidence).
    num_perm, bands : int
        MinHash size and LSH bands (``num_perm`` divisible by ``bands``).
    seed : int
        Seed of the hash functions.

    Returns
    -------
    clusters : pandas.DataFrame
        ``cluster, posts, accounts, start, end, span_minutes, example_post_id`` (the
        earliest post), sorted by start.
    members : pandas.DataFrame
        ``cluster, post_id, author_id, created_at``.

    Examples
    --------
    >>> import pandas as pd
    >>> posts = pd.DataFrame({"post_id": ["1", "2"], "author_id": ["a", "b"],
    ...     "created_at": pd.to_datetime(["2024-11-27 08:00", "2024-11-27 08:01"], utc=True),
    ...     "text": ["satu dua tiga empat lima"] * 2})
    >>> near_duplicate_bursts(posts, min_accounts=2)[0]["accounts"].tolist()
    [2]
    """
    from ..networks import normalise_text, window_pairs

    if num_perm % bands:
        raise ValueError(f"num_perm ({num_perm}) must be divisible by bands ({bands})")
    if not 0 < similarity <= 1:
        raise ValueError(f"similarity: expected a value in (0, 1], got {similarity!r}")
    for c in ("post_id", "author_id", "created_at", "text"):
        if c not in posts.columns:
            raise ValueError(f"posts: missing column {c!r}")
    win = pd.Timedelta(window).value  # ns
    p = posts
    if "kind" in p.columns:
        p = p[p["kind"].astype("string").fillna("") != "retweet"]
    p = p[p["author_id"].notna() & p["created_at"].notna() & p["text"].notna()]
    empty_c = pd.DataFrame(
        columns=["cluster", "posts", "accounts", "start", "end", "span_minutes", "example_post_id"]
    )
    empty_m = pd.DataFrame(columns=["cluster", "post_id", "author_id", "created_at"])
    if not len(p):
        return empty_c, empty_m
    norm = pa.array(normalise_text(p["text"].astype("string")).array, pa.string())
    if isinstance(norm, pa.ChunkedArray):
        norm = norm.combine_chunks()
    words = pc.split_pattern(norm, " ")
    flat = pc.list_flatten(words)
    parent = pc.list_parent_indices(words).to_numpy(zero_copy_only=False).astype(np.int64)
    enc = pc.dictionary_encode(flat)
    tok = enc.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    # word sets: unique (doc, token)
    key = _unique(parent * max(len(enc.dictionary), 1) + tok)
    d_u, t_u = key // max(len(enc.dictionary), 1), key % max(len(enc.dictionary), 1)
    n_tok = np.bincount(d_u, minlength=len(p))
    sig = _minhash(d_u, t_u, len(p), num_perm, seed)
    ok = n_tok >= min_tokens
    times = pd.to_datetime(p["created_at"], utc=True).dt.tz_localize(None)
    t = times.astype("datetime64[ns]").to_numpy().view(np.int64)
    authors = pd.factorize(p["author_id"].astype(str))[0]
    r = num_perm // bands
    pi, pj = [], []
    idx_ok = np.flatnonzero(ok)
    for band in range(bands):
        part = sig[idx_ok, band * r : (band + 1) * r]
        # one 64-bit key per band (wrapping multiply-add; a rare collision only adds a
        # candidate pair, which the similarity check below then rejects)
        bucket = np.zeros(len(idx_ok), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for c in range(r):
                bucket = bucket * _MIX + part[:, c]
        o = np.lexsort((t[idx_ok], bucket))
        rows = idx_ok[o]
        a, b = window_pairs(bucket[o], t[idx_ok][o], win)
        pi.append(rows[a])
        pj.append(rows[b])
    i = np.concatenate(pi) if pi else np.zeros(0, np.int64)
    j = np.concatenate(pj) if pj else np.zeros(0, np.int64)
    pair = _unique_pairs(i, j, len(p))
    i, j = pair // len(p), pair % len(p)
    est = (sig[i] == sig[j]).mean(axis=1) if len(i) else np.zeros(0)
    keep = (est >= similarity) & (authors[i] != authors[j])
    i, j = i[keep], j[keep]
    if not len(i):
        return empty_c, empty_m
    nodes = _unique(np.r_[i, j])
    comp = _components(len(p), i, j)[nodes]
    mem = pd.DataFrame(
        {
            "comp": comp,
            "post_id": p["post_id"].astype(str).to_numpy()[nodes],
            "author_id": p["author_id"].astype(str).to_numpy()[nodes],
            "created_at": pd.to_datetime(p["created_at"], utc=True).to_numpy()[nodes],
        }
    )
    n_acc = mem.groupby("comp")["author_id"].transform("nunique")
    mem = mem[n_acc >= min_accounts].sort_values(["created_at", "post_id"], kind="stable")
    if not len(mem):
        return empty_c, empty_m
    order = mem.drop_duplicates("comp")["comp"].to_numpy()
    mem["cluster"] = mem["comp"].map({c: k for k, c in enumerate(order)})
    g = mem.groupby("cluster")
    clusters = pd.DataFrame(
        {
            "posts": g.size(),
            "accounts": g["author_id"].nunique(),
            "start": g["created_at"].min(),
            "end": g["created_at"].max(),
            "example_post_id": g["post_id"].first(),
        }
    ).reset_index()
    clusters["span_minutes"] = (clusters["end"] - clusters["start"]) / pd.Timedelta(minutes=1)
    clusters = clusters[
        ["cluster", "posts", "accounts", "start", "end", "span_minutes", "example_post_id"]
    ]
    members = mem[["cluster", "post_id", "author_id", "created_at"]].reset_index(drop=True)
    return clusters, members


def _unique_pairs(i: np.ndarray, j: np.ndarray, n: int) -> np.ndarray:
    lo, hi = np.minimum(i, j).astype(np.int64), np.maximum(i, j).astype(np.int64)
    k = np.sort(lo * n + hi)
    return k[np.r_[True, k[1:] != k[:-1]]] if len(k) else k


def coretweet_squads(
    posts: pd.DataFrame | pa.Table,
    *,
    window: str | pd.Timedelta = "60s",
    min_weight: int = 2,
    min_accounts: int = 3,
    camps: Mapping[str, str] | pd.Series | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Co-retweet squads: groups of accounts that repeatedly retweet the same posts within
    seconds of each other, per cluster.

    The co-retweet network is :func:`discourse.networks.coaction_edges` with
    ``mode="coretweet"`` (two accounts are tied when they retweeted the same post within
    ``window``; weight = such posts; ties with weight ≥ ``min_weight`` kept). Squads are its
    connected components with at least ``min_accounts`` accounts.

    Parameters
    ----------
    posts : pandas.DataFrame or pyarrow.Table
        The canonical posts table.
    window : str or Timedelta, default "60s"
    min_weight : int, default 2
    min_accounts : int, default 3
    camps : mapping or Series, optional
        Account → camp, to report each squad's camp composition.

    Returns
    -------
    clusters : pandas.DataFrame
        ``cluster, accounts, ties, co_retweets`` (sum of weights), ``density`` (ties over
        possible pairs), ``first_at, last_at`` and, with ``camps``, ``main_camp`` and
        ``main_camp_share``. Sorted by size.
    members : pandas.DataFrame
        ``cluster, account``.

    Examples
    --------
    >>> import pyarrow as pa
    >>> from discourse.schema import conform, to_pandas
    >>> ids = [str(i) for i in range(6)]
    >>> posts = to_pandas(conform(pa.table({
    ...     "post_id": ids, "platform": ["x"] * 6, "kind": ["retweet"] * 6,
    ...     "author_id": ["a", "b", "c", "a", "b", "c"],
    ...     "retweeted_post_id": ["p", "p", "p", "q", "q", "q"],
    ...     "created_at": ["2024-11-01T08:00:00Z", "2024-11-01T08:00:10Z",
    ...                    "2024-11-01T08:00:20Z", "2024-11-02T08:00:00Z",
    ...                    "2024-11-02T08:00:05Z", "2024-11-02T08:00:09Z"]})))
    >>> clusters, members = coretweet_squads(posts)
    >>> clusters[["accounts", "ties", "co_retweets"]].values.tolist(), clusters["density"].tolist()
    ([[3, 3, 6]], [1.0])
    """
    from ..networks import coaction_edges

    edges, _ = coaction_edges(posts, window=window, min_weight=min_weight, mode="coretweet")
    cols = ["cluster", "accounts", "ties", "co_retweets", "density", "first_at", "last_at"]
    if not len(edges):
        return pd.DataFrame(columns=cols), pd.DataFrame(columns=["cluster", "account"])
    codes, accounts = pd.factorize(pd.concat([edges["source"], edges["target"]], ignore_index=True))
    s, t = codes[: len(edges)], codes[len(edges) :]
    comp = _components(len(accounts), s, t)
    size = np.bincount(comp)
    keep = size[comp] >= min_accounts
    big = np.unique(comp[keep])
    if not len(big):
        return pd.DataFrame(columns=cols), pd.DataFrame(columns=["cluster", "account"])
    rank = np.argsort(-size[big], kind="stable")
    cluster_of = {int(c): k for k, c in enumerate(big[rank])}
    e = edges.assign(comp=comp[s])
    e = e[e["comp"].isin(cluster_of)]
    e["cluster"] = e["comp"].map(cluster_of)
    g = e.groupby("cluster")
    n_acc = np.array([size[c] for c in big[rank]])
    clusters = pd.DataFrame(
        {
            "cluster": np.arange(len(big)),
            "accounts": n_acc,
            "ties": g.size().to_numpy(),
            "co_retweets": g["weight"].sum().to_numpy(),
            "first_at": g["first_at"].min().to_numpy(),
            "last_at": g["last_at"].max().to_numpy(),
        }
    )
    clusters["density"] = clusters["ties"] / (n_acc * (n_acc - 1) / 2)
    members = pd.DataFrame(
        {"cluster": [cluster_of[int(c)] for c in comp[keep]], "account": accounts[keep]}
    ).sort_values(["cluster", "account"], ignore_index=True)
    if camps is not None:
        cs = pd.Series({str(k): str(v) for k, v in dict(camps).items()}, dtype=object)
        mc = members.assign(camp=members["account"].astype(str).map(cs).fillna("unlabelled"))
        top = (
            mc.groupby(["cluster", "camp"]).size().rename("n").reset_index()
            .sort_values(["cluster", "n"], ascending=[True, False], kind="stable")
            .drop_duplicates("cluster").set_index("cluster")
        )  # fmt: skip
        clusters["main_camp"] = clusters["cluster"].map(top["camp"])
        clusters["main_camp_share"] = clusters["cluster"].map(top["n"]) / clusters["accounts"]
    return clusters[cols + [c for c in clusters.columns if c not in cols]], members
