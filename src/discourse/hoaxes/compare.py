"""Hoax vs debunk vs other: labelled cascades, CCDFs, size-matched comparisons, exposure by
camp and debunk latency (DESIGN.md §6).

A cascade is labelled by its root post's match (:func:`discourse.hoaxes.match_posts`):
``hoax`` when the root spreads a claim the catalogue rates a hoax (``is_hoax``), ``claim`` when
it spreads a claim not rated a hoax (e.g. an allegation or a clarification), ``debunk`` when it
debunks a claim, ``ambiguous`` when the root's match is ambiguous, ``other`` otherwise. A
placeholder root (the original was not collected) takes the most common unambiguous label of
its direct retweets.

Differences in depth and structural virality between groups largely follow from differences
in size (Juul & Ugander 2021, "Comparing information diffusion mechanisms by matching on
cascade size", PNAS 118(46):e2100786118, doi:10.1073/pnas.2100786118):
:func:`size_matched` compares groups on samples with identical size distributions.

Examples
--------
>>> import pandas as pd
>>> m = pd.DataFrame({"group": ["hoax", "hoax", "other"], "size": [1, 3, 3]})
>>> ccdf(m, "size").values.tolist()
[['hoax', 1, 1.0, 2], ['hoax', 3, 0.5, 2], ['other', 3, 1.0, 1]]
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = [
    "GROUPS",
    "ccdf",
    "claim_cascades",
    "compare_groups",
    "debunk_latency",
    "exposure_by_camp",
    "label_cascades",
    "size_matched",
]

#: Cascade groups, in display order.
GROUPS: tuple[str, ...] = ("hoax", "claim", "debunk", "other", "ambiguous")
#: Structural measures compared by default.
SHAPE_COLUMNS: tuple[str, ...] = ("depth", "max_breadth", "structural_virality")


def _clear(matches: pd.DataFrame) -> pd.DataFrame:
    m = matches[~matches["ambiguous"].astype(bool)]
    return m.drop_duplicates("post_id")


def label_cascades(
    metrics: pd.DataFrame,
    matches: pd.DataFrame,
    catalogue: pd.DataFrame,
    *,
    nodes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Add ``claim_id``, ``role`` and ``group`` to a cascade table from its roots' matches.

    Parameters
    ----------
    metrics : pandas.DataFrame
        One row per cascade with ``cascade_id`` (the root's post id), e.g. from
        :func:`discourse.hoaxes.cascade_metrics`. Not modified.
    matches : pandas.DataFrame
        From :func:`discourse.hoaxes.match_posts`.
    catalogue : pandas.DataFrame
        For ``is_hoax`` of each claim.
    nodes : pandas.DataFrame, optional
        The node table; lets placeholder roots take their retweets' label.

    Returns
    -------
    pandas.DataFrame
        ``metrics`` with ``claim_id``, ``role`` (``spreads``/``debunks``/NA) and ``group``
        (:data:`GROUPS`).

    Examples
    --------
    >>> import pandas as pd
    >>> metrics = pd.DataFrame({"cascade_id": ["1", "2", "3"], "size": [5, 2, 1]})
    >>> matches = pd.DataFrame({"post_id": ["1", "2"], "claim_id": ["H1", "H1"],
    ...     "role": ["spreads", "debunks"], "ambiguous": [False, False]})
    >>> cat = pd.DataFrame({"claim_id": ["H1"], "is_hoax": [True]})
    >>> label_cascades(metrics, matches, cat)["group"].tolist()
    ['hoax', 'debunk', 'other']
    """
    if "cascade_id" not in metrics.columns:
        raise ValueError("metrics: missing column 'cascade_id'")
    clear = _clear(matches).set_index("post_id")[["claim_id", "role"]]
    amb = set(matches.loc[matches["ambiguous"].astype(bool), "post_id"]) - set(clear.index)
    out = metrics.copy()
    ids = out["cascade_id"].astype(str)
    claim = ids.map(clear["claim_id"])
    role = ids.map(clear["role"])
    if nodes is not None and {"placeholder", "parent_id", "kind"} <= set(nodes.columns):
        ph = set(nodes.loc[nodes["placeholder"].astype(bool), "post_id"].astype(str))
        kids = nodes[nodes["parent_id"].astype("string").isin(ph) & (nodes["kind"] == "retweet")]
        lab = kids[["parent_id", "post_id"]].astype(str).join(clear, on="post_id", how="inner")
        if len(lab):
            top = (
                lab.groupby(["parent_id", "claim_id", "role"]).size().reset_index(name="n")
                .sort_values(["parent_id", "n"], ascending=[True, False], kind="stable")
                .drop_duplicates("parent_id").set_index("parent_id")
            )  # fmt: skip
            fill = claim.isna() & ids.isin(top.index)
            claim[fill] = ids[fill].map(top["claim_id"])
            role[fill] = ids[fill].map(top["role"])
    hoax = {
        str(c): v is not pd.NA and v is not None and bool(v)
        for c, v in zip(catalogue["claim_id"], catalogue["is_hoax"], strict=True)
    }
    is_hoax = claim.map(lambda c: hoax.get(c, False) if isinstance(c, str) else False)
    r = role.astype("string").fillna("").to_numpy(dtype=object)
    conds = [r == "debunks", (r == "spreads") & is_hoax.to_numpy(bool), r == "spreads"]
    group = np.select(
        [*conds, ids.isin(amb).to_numpy()], ["debunk", "hoax", "claim", "ambiguous"], "other"
    )
    out["claim_id"] = claim.astype("string").to_numpy()
    out["role"] = role.astype("string").to_numpy()
    out["group"] = pd.array(group, dtype="string")
    return out


def claim_cascades(labelled: pd.DataFrame, nodes: pd.DataFrame) -> pd.DataFrame:
    """Group the cascades of each claim across their roots: one row per (claim, role).

    Parameters
    ----------
    labelled : pandas.DataFrame
        From :func:`label_cascades` (needs ``cascade_id``, ``claim_id``, ``role``, ``size``,
        ``depth``, ``structural_virality``).
    nodes : pandas.DataFrame
        The node table (``cascade_id``, ``author_id``, ``created_at``).

    Returns
    -------
    pandas.DataFrame
        ``claim_id, role, cascades, posts, accounts`` (distinct authors over all its cascades),
        ``largest`` (biggest cascade), ``max_depth``, ``mean_virality`` (over cascades of
        size ≥ 2), ``first_at``, ``last_at``.

    Examples
    --------
    >>> import pandas as pd
    >>> lab = pd.DataFrame({"cascade_id": ["1", "2"], "claim_id": ["H1", "H1"],
    ...     "role": ["spreads", "spreads"], "size": [2, 1], "depth": [1, 0],
    ...     "structural_virality": [1.0, float("nan")]})
    >>> nodes = pd.DataFrame({"cascade_id": ["1", "1", "2"], "author_id": ["a", "b", "a"],
    ...     "created_at": pd.to_datetime(["2024-11-01", "2024-11-02", "2024-11-03"], utc=True)})
    >>> claim_cascades(lab, nodes)[["claim_id", "cascades", "posts", "accounts"]].values.tolist()
    [['H1', 2, 3, 2]]
    """
    lab = labelled[labelled["claim_id"].notna()]
    per = lab.groupby(["claim_id", "role"]).agg(
        cascades=("cascade_id", "size"),
        posts=("size", "sum"),
        largest=("size", "max"),
        max_depth=("depth", "max"),
        mean_virality=("structural_virality", "mean"),
    )
    n = nodes[["cascade_id", "author_id", "created_at"]].merge(
        lab[["cascade_id", "claim_id", "role"]], on="cascade_id"
    )
    acc = n.groupby(["claim_id", "role"]).agg(
        accounts=("author_id", "nunique"),
        first_at=("created_at", "min"),
        last_at=("created_at", "max"),
    )
    out = per.join(acc).reset_index()
    cols = ["claim_id", "role", "cascades", "posts", "accounts", "largest", "max_depth"]
    return out[[*cols, "mean_virality", "first_at", "last_at"]]


def ccdf(table: pd.DataFrame, column: str, *, by: str = "group") -> pd.DataFrame:
    """Empirical complementary CDF, ``P(X >= x)``, of a column per group.

    Parameters
    ----------
    table : pandas.DataFrame
        E.g. labelled cascade metrics.
    column : str
        The measure (``size``, ``depth``, ``structural_virality``...). NaN values are left out.
    by : str
        Grouping column.

    Returns
    -------
    pandas.DataFrame
        ``<by>, value, ccdf, n`` (n = non-missing values of the group), one row per distinct
        value, sorted by group then value.

    Examples
    --------
    >>> import pandas as pd
    >>> ccdf(pd.DataFrame({"group": ["a"] * 4, "depth": [0, 1, 1, 3]}), "depth")["ccdf"].tolist()
    [1.0, 0.75, 0.25]
    """
    for c in (column, by):
        if c not in table.columns:
            raise ValueError(f"table: missing column {c!r}")
    rows = []
    for g, x in table.groupby(by, sort=True)[column]:
        x = x.dropna().to_numpy()
        if not len(x):
            continue
        vals, counts = np.unique(x, return_counts=True)
        tail = np.cumsum(counts[::-1])[::-1] / len(x)
        rows.append(pd.DataFrame({by: g, "value": vals, "ccdf": tail, "n": len(x)}))
    if not rows:
        return pd.DataFrame(columns=[by, "value", "ccdf", "n"])
    return pd.concat(rows, ignore_index=True)


def _tests(a: np.ndarray, b: np.ndarray) -> dict:
    from scipy import stats

    out = {
        "n_a": len(a),
        "n_b": len(b),
        "mean_a": float(np.mean(a)) if len(a) else np.nan,
        "mean_b": float(np.mean(b)) if len(b) else np.nan,
        "median_a": float(np.median(a)) if len(a) else np.nan,
        "median_b": float(np.median(b)) if len(b) else np.nan,
        "ks_stat": np.nan,
        "ks_pvalue": np.nan,
        "mw_stat": np.nan,
        "mw_pvalue": np.nan,
    }
    if len(a) and len(b):
        with warnings.catch_warnings():  # "exact calculation unsuccessful": asymptotic p used
            warnings.simplefilter("ignore", RuntimeWarning)
            ks = stats.ks_2samp(a, b)
        out["ks_stat"], out["ks_pvalue"] = float(ks.statistic), float(ks.pvalue)
        if np.unique(np.r_[a, b]).size > 1:
            mw = stats.mannwhitneyu(a, b, alternative="two-sided")
            out["mw_stat"], out["mw_pvalue"] = float(mw.statistic), float(mw.pvalue)
        else:
            out["mw_pvalue"] = 1.0
    return out


def compare_groups(
    table: pd.DataFrame,
    *,
    a: str = "hoax",
    b: str = "other",
    by: str = "group",
    columns: Sequence[str] = ("size", "unique_accounts", *SHAPE_COLUMNS, "lifetime_hours"),
) -> pd.DataFrame:
    """Compare two groups on each measure, without matching: means, medians and two tests.

    Two-sample Kolmogorov–Smirnov (distributions differ anywhere) and Mann–Whitney U
    (two-sided; one group tends to larger values), from scipy.stats; NaN values left out.

    Parameters
    ----------
    table : pandas.DataFrame
        Labelled cascade metrics.
    a, b : str
        The two groups.
    by : str
        Grouping column.
    columns : sequence of str
        Measures to compare.

    Returns
    -------
    pandas.DataFrame
        ``measure, n_a, n_b, mean_a, mean_b, median_a, median_b, ks_stat, ks_pvalue,
        mw_stat, mw_pvalue``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"group": ["hoax"] * 3 + ["other"] * 3, "size": [5, 6, 7, 1, 2, 3]})
    >>> compare_groups(t, columns=["size"])[["measure", "mean_a", "mean_b"]].values.tolist()
    [['size', 6.0, 2.0]]
    """
    rows = []
    xa, xb = table[table[by] == a], table[table[by] == b]
    for c in columns:
        rows.append(
            {"measure": c, **_tests(xa[c].dropna().to_numpy(float), xb[c].dropna().to_numpy(float))}
        )
    return pd.DataFrame(rows)


def size_matched(
    table: pd.DataFrame,
    *,
    a: str = "hoax",
    b: str = "other",
    by: str = "group",
    columns: Sequence[str] = SHAPE_COLUMNS,
    size: str = "size",
    min_size: int = 2,
    bins: Sequence[float] | None = None,
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Size-matched comparison of two groups (Juul & Ugander 2021, PNAS, doi:10.1073/pnas.2100786118).

    Following Juul & Ugander, cascades are matched on size: for every size (or size bin, with
    ``bins``) present in both groups, ``k = min(n_a, n_b)`` cascades are drawn without
    replacement from each group (seeded), so the two matched samples have the same size
    distribution. Each measure is then compared on the matched samples (KS and Mann–Whitney
    U, as in :func:`compare_groups`) and, for contrast, on all cascades of size ≥
    ``min_size``. A difference that disappears after matching follows from size.

    Parameters
    ----------
    table : pandas.DataFrame
        Labelled cascade metrics.
    a, b : str
        Groups to compare.
    by : str
        Grouping column.
    columns : sequence of str
        Measures (default depth, max breadth, structural virality).
    size : str
        The size column to match on (``size`` or ``unique_accounts``).
    min_size : int, default 2
        Smaller cascades are left out (a single post has depth 0 and no virality).
    bins : sequence of float, optional
        Bin edges for matching on size classes (e.g. ``[2, 4, 8, 16, ...]``), when exact
        sizes leave too few pairs; bins are left-closed.
    seed : int
        Seed of the draws.

    Returns
    -------
    tests : pandas.DataFrame
        ``measure, matched`` (False: all cascades, True: the size-matched samples), then the
        columns of :func:`compare_groups`.
    matched : pandas.DataFrame
        The matched cascades (rows of ``table``) with a ``stratum`` column.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"group": ["hoax"] * 4 + ["other"] * 4,
    ...     "size": [2, 2, 9, 9, 2, 2, 2, 3], "depth": [1, 1, 5, 5, 1, 1, 1, 2]})
    >>> tests, matched = size_matched(t, columns=["depth"])
    >>> tests[["matched", "n_a", "mean_a", "mean_b"]].values.tolist()
    [[False, 4, 3.0, 1.25], [True, 2, 1.0, 1.0]]
    """  # noqa: E501
    for c in (by, size, *columns):
        if c not in table.columns:
            raise ValueError(f"table: missing column {c!r}")
    rng = np.random.default_rng(seed)
    t = table[(table[by].isin([a, b])) & (table[size] >= min_size)].copy()
    if bins is not None:
        edges = np.asarray(sorted(bins), dtype=float)
        t["stratum"] = np.searchsorted(edges, t[size].to_numpy(float), side="right") - 1
    else:
        t["stratum"] = t[size].to_numpy()
    picks = []
    for _, g in t.groupby("stratum", sort=True):
        ga, gb = g[g[by] == a], g[g[by] == b]
        k = min(len(ga), len(gb))
        if not k:
            continue
        picks.append(ga.iloc[np.sort(rng.choice(len(ga), k, replace=False))])
        picks.append(gb.iloc[np.sort(rng.choice(len(gb), k, replace=False))])
    matched = pd.concat(picks) if picks else t.iloc[:0]
    rows = []
    for c in columns:
        for is_m, src in ((False, t), (True, matched)):
            xa = src.loc[src[by] == a, c].dropna().to_numpy(float)
            xb = src.loc[src[by] == b, c].dropna().to_numpy(float)
            rows.append({"measure": c, "matched": is_m, **_tests(xa, xb)})
    return pd.DataFrame(rows), matched.reset_index(drop=True)


def _camp_series(camps) -> pd.Series:
    if isinstance(camps, pd.DataFrame):
        keys = camps.iloc[:, 0].astype(str)
        return pd.Series(camps.iloc[:, 1].astype(str).to_numpy(), index=keys)
    if isinstance(camps, pd.Series):
        return camps.astype(str).set_axis(camps.index.astype(str))
    if isinstance(camps, Mapping):
        return pd.Series({str(k): str(v) for k, v in camps.items()}, dtype=object)
    raise TypeError("camps: expected a mapping account -> camp, a Series or a DataFrame")


def exposure_by_camp(
    posts: pd.DataFrame,
    matches: pd.DataFrame,
    camps: Mapping[str, str] | pd.Series | pd.DataFrame,
    *,
    follows: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Which camps each claim and its debunk reach.

    *Reached* accounts are the authors of the posts matched (unambiguously) to the claim in
    that role, retweets included. With a follower table, *exposed* accounts are those plus
    their followers (the accounts that could have seen the posts; a potential, not an
    observed, exposure).

    Parameters
    ----------
    posts : pandas.DataFrame
        ``post_id, author_id``.
    matches : pandas.DataFrame
        From :func:`discourse.hoaxes.match_posts`.
    camps : mapping, Series or DataFrame
        Account → camp; other accounts count as ``unlabelled``.
    follows : pandas.DataFrame, optional
        ``follower, followed`` (first two columns).

    Returns
    -------
    pandas.DataFrame
        ``claim_id, role, camp, accounts, share`` (of the claim-role's accounts) and, with
        ``follows``, ``exposed, exposed_share``.

    Examples
    --------
    >>> import pandas as pd
    >>> posts = pd.DataFrame({"post_id": ["1", "2", "3"], "author_id": ["a", "b", "c"]})
    >>> matches = pd.DataFrame({"post_id": ["1", "2", "3"], "claim_id": ["H1"] * 3,
    ...     "role": ["spreads", "spreads", "debunks"], "ambiguous": [False] * 3})
    >>> e = exposure_by_camp(posts, matches, {"a": "01", "b": "01", "c": "02"})
    >>> e[["role", "camp", "accounts", "share"]].values.tolist()
    [['debunks', '02', 1, 1.0], ['spreads', '01', 2, 1.0]]
    """
    camp = _camp_series(camps)
    m = _clear(matches)[["post_id", "claim_id", "role"]].astype(str)
    au = posts[["post_id", "author_id"]].dropna().astype(str)
    reach = m.merge(au, on="post_id")[["claim_id", "role", "author_id"]].drop_duplicates()
    reach["camp"] = reach["author_id"].map(camp).astype(object).fillna("unlabelled")
    out = reach.groupby(["claim_id", "role", "camp"]).size().rename("accounts").reset_index()
    tot = out.groupby(["claim_id", "role"])["accounts"].transform("sum")
    out["share"] = out["accounts"] / tot
    if follows is not None:
        f = follows.iloc[:, :2].astype(str).set_axis(["follower", "followed"], axis=1)
        ex = (
            reach[["claim_id", "role", "author_id"]]
            .merge(f, left_on="author_id", right_on="followed")[["claim_id", "role", "follower"]]
            .rename(columns={"follower": "author_id"})
        )
        ex = pd.concat([reach[["claim_id", "role", "author_id"]], ex]).drop_duplicates()
        ex["camp"] = ex["author_id"].map(camp).astype(object).fillna("unlabelled")
        e = ex.groupby(["claim_id", "role", "camp"]).size().rename("exposed").reset_index()
        e["exposed_share"] = e["exposed"] / e.groupby(["claim_id", "role"])["exposed"].transform(
            "sum"
        )
        out = e.merge(out, on=["claim_id", "role", "camp"], how="left").fillna(
            {"accounts": 0, "share": 0.0}
        )
        out["accounts"] = out["accounts"].astype(np.int64)
        out = out[["claim_id", "role", "camp", "accounts", "share", "exposed", "exposed_share"]]
    return out.sort_values(["claim_id", "role", "camp"], ignore_index=True)


def debunk_latency(
    posts: pd.DataFrame,
    matches: pd.DataFrame,
    *,
    catalogue: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Time from a claim's first post to its first debunk, and how much had spread by then.

    Spreading posts are the posts matched (unambiguously) as spreading the claim, retweets
    included; debunks those matched as debunking it. ``share_before`` is the share of the
    spreading posts made before the first debunk post, ``accounts_share_before`` the same for
    distinct accounts (by their first spreading post).

    Parameters
    ----------
    posts : pandas.DataFrame
        ``post_id, author_id, created_at``.
    matches : pandas.DataFrame
        From :func:`discourse.hoaxes.match_posts`.
    catalogue : pandas.DataFrame, optional
        Adds ``debunk_date`` (the fact-check's publication date) and
        ``hours_to_catalogue_debunk`` (from the first spreading post to the start of that date
        in UTC).

    Returns
    -------
    pandas.DataFrame
        One row per claim with spreading posts: ``claim_id, first_spread, first_debunk,
        latency_hours`` (NaN when never debunked in the corpus), ``spread_posts,
        spread_before, share_before, spread_accounts, accounts_before,
        accounts_share_before``.

    Examples
    --------
    >>> import pandas as pd
    >>> posts = pd.DataFrame({"post_id": ["1", "2", "3", "4"], "author_id": list("abcd"),
    ...     "created_at": pd.to_datetime(["2024-11-27 08:00", "2024-11-27 09:00",
    ...         "2024-11-27 10:00", "2024-11-27 12:00"], utc=True)})
    >>> matches = pd.DataFrame({"post_id": ["1", "2", "3", "4"], "claim_id": ["H3"] * 4,
    ...     "role": ["spreads", "spreads", "debunks", "spreads"], "ambiguous": [False] * 4})
    >>> d = debunk_latency(posts, matches)
    >>> d[["latency_hours", "spread_posts", "spread_before", "share_before"]].values.tolist()
    [[2.0, 3.0, 2.0, 0.6666666666666666]]
    """
    m = _clear(matches)[["post_id", "claim_id", "role"]].astype(str)
    p = posts[["post_id", "author_id", "created_at"]].copy()
    p["post_id"] = p["post_id"].astype(str)
    j = m.merge(p, on="post_id").dropna(subset=["created_at"])
    spread = j[j["role"] == "spreads"]
    deb = j[j["role"] == "debunks"]
    first_d = deb.groupby("claim_id")["created_at"].min()
    rows = []
    for cid, s in spread.groupby("claim_id", sort=True):
        t0 = s["created_at"].min()
        td = first_d.get(cid, pd.NaT)
        before = s["created_at"] < td if pd.notna(td) else pd.Series(True, index=s.index)
        acc_first = s.groupby("author_id")["created_at"].min()
        acc_before = (acc_first < td).sum() if pd.notna(td) else len(acc_first)
        rows.append(
            {
                "claim_id": cid,
                "first_spread": t0,
                "first_debunk": td,
                "latency_hours": (td - t0) / pd.Timedelta(hours=1) if pd.notna(td) else np.nan,
                "spread_posts": len(s),
                "spread_before": int(before.sum()),
                "share_before": float(before.mean()),
                "spread_accounts": len(acc_first),
                "accounts_before": int(acc_before),
                "accounts_share_before": acc_before / len(acc_first) if len(acc_first) else np.nan,
            }
        )
    out = pd.DataFrame(rows)
    if catalogue is not None and len(out):
        dd = dict(zip(catalogue["claim_id"].astype(str), catalogue["debunk_date"], strict=True))
        out["debunk_date"] = out["claim_id"].map(dd)
        start = pd.to_datetime(out["debunk_date"]).dt.tz_localize("UTC")
        out["hours_to_catalogue_debunk"] = (start - out["first_spread"]) / pd.Timedelta(hours=1)
    return out
