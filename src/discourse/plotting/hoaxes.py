"""Hoax figures: cascade CCDFs by group, size-matched comparisons, exposure by camp, latency.

Each function draws a tidy table of :mod:`discourse.hoaxes` (or the files
:func:`discourse.pipeline.run_hoaxes` wrote) and returns the figure; export with
:func:`discourse.plotting.save_figure`. Groups keep one colour each (hoax vermillion, debunk
sky blue, other grey, claims not rated hoaxes yellow), never a camp colour; camps keep theirs.

Examples
--------
>>> import pandas as pd
>>> t = pd.DataFrame({"measure": "size", "sample": "all", "group": ["hoax", "hoax", "other"],
...                   "value": [1, 4, 1], "ccdf": [1.0, 0.5, 1.0], "n": [2, 2, 1]})
>>> fig = plot_cascade_ccdf(t, measures=("size",))
>>> [line.get_label() for line in fig.axes[0].get_lines()]
['hoax (n=2)', 'other (n=1)']
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._common import axes, require, styled
from .style import CAMP_ORDER, OKABE_ITO, ROLE_COLOURS, camp_colour, camp_label

__all__ = [
    "GROUP_COLOURS",
    "plot_cascade_ccdf",
    "plot_debunk_latency",
    "plot_exposure_by_camp",
    "plot_size_matched",
]

#: Colour of each cascade group (outside the camp colours).
GROUP_COLOURS: dict[str, str] = {
    "hoax": ROLE_COLOURS["hoax"],
    "debunk": ROLE_COLOURS["debunk"],
    "other": ROLE_COLOURS["other"],
    "claim": OKABE_ITO["yellow"],
    "ambiguous": "#444444",
}
#: Axis labels of the cascade measures.
MEASURE_NAMES: dict[str, str] = {
    "size": "cascade size (posts)",
    "unique_accounts": "accounts",
    "depth": "depth",
    "max_breadth": "max breadth",
    "structural_virality": "structural virality",
    "lifetime_hours": "lifetime (hours)",
}
_LOG_MEASURES = ("size", "unique_accounts", "max_breadth", "lifetime_hours")


def _natural(text: object) -> tuple:
    """Sort key that orders embedded numbers numerically (H2 before H10)."""
    import re

    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", str(text)))


@styled
def plot_cascade_ccdf(
    table: pd.DataFrame,
    *,
    measures: Sequence[str] = ("size", "depth", "max_breadth", "structural_virality"),
    sample: str = "all",
    groups: Sequence[str] = ("hoax", "debunk", "other"),
    title: str | None = "Cascades of hoaxes, debunks and other posts (CCDF)",
):
    """CCDFs ``P(X >= x)`` of cascade measures, one panel per measure, one line per group.

    Parameters
    ----------
    table : pandas.DataFrame
        ``measure, sample, group, value, ccdf, n`` (the ``cascade_ccdf`` table of
        :func:`discourse.pipeline.run_hoaxes`; :func:`discourse.hoaxes.ccdf` plus ``measure``
        and ``sample`` columns).
    measures : sequence of str
        Panels, left to right.
    sample : str
        ``"all"`` or a size-matched sample (``"size-matched hoax-other"``).
    groups : sequence of str
        Groups drawn (those present).
    title : str or None

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"measure": "depth", "sample": "all", "group": "debunk",
    ...                   "value": [0, 1, 2], "ccdf": [1.0, 0.4, 0.1], "n": 10})
    >>> plot_cascade_ccdf(t, measures=("depth",)).axes[0].get_xlabel()
    'depth'
    """
    require(table, ["measure", "sample", "group", "value", "ccdf"])
    import matplotlib.pyplot as plt

    part = table[table["sample"] == sample]
    fig, axs = plt.subplots(1, len(measures), figsize=(3.0 * len(measures) + 0.6, 3.2))
    axs = np.atleast_1d(axs)
    for ax, m in zip(axs, measures, strict=True):
        sub = part[part["measure"] == m]
        for g in groups:
            line = sub[sub["group"] == g].sort_values("value")
            if line.empty:
                continue
            n = int(line["n"].iloc[0]) if "n" in line.columns else len(line)
            ax.step(
                line["value"], line["ccdf"], where="post", color=GROUP_COLOURS.get(g),
                label=f"{g} (n={n:,})",
            )  # fmt: skip
        ax.set_yscale("log")
        if m in _LOG_MEASURES and (sub["value"] > 0).all() and len(sub):
            ax.set_xscale("log")
        ax.set_xlabel(MEASURE_NAMES.get(m, m))
    axs[0].set_ylabel("share of cascades ≥ x")
    if axs[0].get_lines():
        axs[0].legend(frameon=False, fontsize=7)
    if title:
        suffix = "" if sample == "all" else f" — {sample}"
        fig.suptitle(title + suffix)
    return fig


@styled
def plot_size_matched(
    comparison: pd.DataFrame,
    *,
    a: str = "hoax",
    b: str = "other",
    measures: Sequence[str] = ("depth", "max_breadth", "structural_virality"),
    title: str | None = "Before and after matching on size (Juul & Ugander 2021)",
):
    """Group means before and after size matching, with the KS test's p-value, per measure.

    Parameters
    ----------
    comparison : pandas.DataFrame
        The ``cascade_comparison`` table (columns of :func:`discourse.hoaxes.size_matched`'s
        tests plus ``a, b``), or that function's ``tests`` (then all rows are used).
    a, b : str
        The pair of groups drawn.
    measures : sequence of str
        One panel each.
    title : str or None

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"measure": "depth", "matched": [False, True], "n_a": [20, 15],
    ...     "n_b": [500, 15], "mean_a": [1.8, 1.5], "mean_b": [1.2, 1.45],
    ...     "ks_pvalue": [0.001, 0.8]})
    >>> fig = plot_size_matched(c, measures=("depth",))
    >>> [t.get_text() for t in fig.axes[0].get_xticklabels()]
    ['all', 'size-matched']
    """
    require(comparison, ["measure", "matched", "mean_a", "mean_b", "ks_pvalue"])
    import matplotlib.pyplot as plt

    t = comparison
    if {"a", "b"} <= set(t.columns):
        t = t[(t["a"] == a) & (t["b"] == b)]
    fig, axs = plt.subplots(1, len(measures), figsize=(2.6 * len(measures) + 0.6, 3.2))
    axs = np.atleast_1d(axs)
    for ax, m in zip(axs, measures, strict=True):
        sub = t[t["measure"] == m].sort_values("matched")
        x = np.arange(len(sub))
        for col, g, off in (("mean_a", a, -0.08), ("mean_b", b, 0.08)):
            ax.plot(x + off, sub[col], "o", color=GROUP_COLOURS.get(g), label=g, ms=6)
        for xi, (_, row) in zip(x, sub.iterrows(), strict=True):
            top = max(row["mean_a"], row["mean_b"])
            p = row["ks_pvalue"]
            txt = "KS p n/a" if pd.isna(p) else f"KS p={p:.2g}"
            if "n_a" in row:
                txt += f"\nn={int(row['n_a']):,}/{int(row['n_b']):,}"
            ax.annotate(txt, (xi, top), xytext=(0, 6), textcoords="offset points",
                        ha="center", fontsize=7)  # fmt: skip
        ax.set_xticks(x, ["size-matched" if v else "all" for v in sub["matched"]])
        ax.set_xlim(-0.6, len(sub) - 0.4)
        ax.set_ylabel(f"mean {MEASURE_NAMES.get(m, m)}")
        ax.margins(y=0.35)
    if axs[0].get_lines():
        axs[0].legend(frameon=False, fontsize=7, loc="lower left")
    if title:
        fig.suptitle(title)
    return fig


@styled
def plot_exposure_by_camp(
    exposure: pd.DataFrame,
    *,
    value: str = "share",
    ax=None,
    title: str | None = "Which camps each claim and its debunk reach",
):
    """Stacked bars per claim: the camps of the accounts that spread it and that debunked it.

    Parameters
    ----------
    exposure : pandas.DataFrame
        ``claim_id, role, camp`` and ``value`` (:func:`discourse.hoaxes.exposure_by_camp`).
    value : str
        ``share`` (of the claim-role's accounts), ``accounts``, or with a follower table
        ``exposed_share``/``exposed``.
    ax : matplotlib.axes.Axes, optional
    title : str or None

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> e = pd.DataFrame({"claim_id": ["H1", "H1", "H1"],
    ...     "role": ["spreads", "spreads", "debunks"], "camp": ["01", "02", "neutral"],
    ...     "share": [0.8, 0.2, 1.0]})
    >>> fig = plot_exposure_by_camp(e)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['H1 debunks', 'H1 spreads']
    """
    require(exposure, ["claim_id", "role", "camp", value], "exposure")
    wide = exposure.pivot_table(
        index=["claim_id", "role"], columns="camp", values=value, aggfunc="sum", fill_value=0
    )
    # top to bottom: claims in natural order (H2 before H10), spreads above debunks
    order = sorted(wide.index, key=lambda k: (_natural(k[0]), k[1] != "spreads", k[1]))
    wide = wide.loc[order[::-1]]
    camps = [c for c in CAMP_ORDER if c in wide.columns] + sorted(
        c for c in wide.columns if c not in CAMP_ORDER
    )
    fig, ax = axes(ax, figsize=(5.6, 0.28 * len(wide) + 1.4))
    left = np.zeros(len(wide))
    y = np.arange(len(wide))
    for c in camps:
        ax.barh(y, wide[c], left=left, color=camp_colour(c), label=camp_label(c), height=0.75)
        left += wide[c].to_numpy()
    ax.set_yticks(y, [f"{cid} {role}" for cid, role in wide.index])
    ax.set_xlabel({"share": "share of accounts", "exposed_share": "share of exposed accounts"}
                  .get(value, value))  # fmt: skip
    ax.legend(frameon=False, fontsize=7, bbox_to_anchor=(1.0, 1.0), loc="upper left")
    if title:
        ax.set_title(title)
    return fig


@styled
def plot_debunk_latency(
    latency: pd.DataFrame,
    *,
    ax=None,
    title: str | None = "Time to the first debunk",
):
    """Per claim: hours from the first spreading post to the first debunk (bars, log scale),
    annotated with the share of the spreading posts made before it.

    Parameters
    ----------
    latency : pandas.DataFrame
        ``claim_id, latency_hours, share_before`` (:func:`discourse.hoaxes.debunk_latency`).
    ax : matplotlib.axes.Axes, optional
    title : str or None

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"claim_id": ["H3", "H5"], "latency_hours": [2.0, 30.0],
    ...                   "share_before": [0.4, 0.2]})
    >>> fig = plot_debunk_latency(d)
    >>> fig.axes[0].get_xscale()
    'log'
    """
    require(latency, ["claim_id", "latency_hours", "share_before"], "latency")
    t = latency.sort_values("latency_hours", ascending=False, na_position="last")
    fig, ax = axes(ax, figsize=(5.2, 0.3 * len(t) + 1.3))
    y = np.arange(len(t))
    hours = t["latency_hours"].to_numpy(float)
    ax.barh(y, np.where(np.isnan(hours), 0, hours), color=GROUP_COLOURS["debunk"], height=0.7)
    for yi, h, s in zip(y, hours, t["share_before"], strict=True):
        txt = "no debunk in the corpus" if np.isnan(h) else f"{s:.0%} of spread before"
        ax.annotate(txt, (max(h, 0.1) if not np.isnan(h) else 0.1, yi), xytext=(3, 0),
                    textcoords="offset points", va="center", fontsize=7)  # fmt: skip
    ax.set_yticks(y, t["claim_id"].astype(str))
    ax.set_xscale("log")
    ax.set_xlabel("hours from first spreading post to first debunk")
    ax.margins(x=0.25)
    if title:
        ax.set_title(title)
    return fig
