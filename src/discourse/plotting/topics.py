"""Topic figures: the K sweep, topic prevalence by phase, day or camp, distinctive words.

Each function draws a tidy table of :mod:`discourse.topics` (or the files
:func:`discourse.pipeline.run_topics` wrote) and returns the figure; export with
:func:`discourse.plotting.save_figure`.

Examples
--------
>>> import pandas as pd
>>> t = pd.DataFrame({"k": [4, 4, 8, 8], "seed": [0, 1, 0, 1], "measure": "c_v",
...                   "value": [0.41, 0.43, 0.52, 0.50]})
>>> fig = plot_coherence_sweep(t)
>>> fig.axes[0].get_xlabel()
'number of topics K'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ._common import axes, require, styled, wall_clock
from .style import CAMP_ORDER, SERIES_COLOURS, camp_colours, camp_label

__all__ = ["plot_coherence_sweep", "plot_distinctive_words", "plot_topic_prevalence"]

#: Display names of the sweep measures.
SWEEP_LABELS = {
    "c_v": "C_V coherence",
    "c_npmi": "NPMI coherence",
    "u_mass": "UMass coherence",
    "stability": "stability across seeds",
}
_BOUNDED = ("c_v", "c_npmi", "stability")


def _label_of(labels: Mapping | None, topic) -> str:
    if labels is None:
        return f"topic {topic}"
    for key in (topic, str(topic)):
        if key in labels:
            return str(labels[key])
    return f"topic {topic}"


def _draw_measures(ax, table: pd.DataFrame, measures: Sequence[str], chosen: int | None) -> None:
    colours = dict(zip(measures, SERIES_COLOURS, strict=False))
    for m in measures:
        part = table[table["measure"] == m]
        if part.empty:
            continue
        stats = part.groupby("k")["value"].agg(["mean", "min", "max"]).sort_index()
        colour = colours[m]
        ax.errorbar(
            stats.index,
            stats["mean"],
            yerr=[stats["mean"] - stats["min"], stats["max"] - stats["mean"]],
            color=colour,
            marker="o",
            capsize=2,
            label=SWEEP_LABELS.get(m, m),
        )
        ax.plot(part["k"], part["value"], ls="", marker=".", ms=3, color=colour, alpha=0.5)
    if chosen is not None:
        ax.axvline(chosen, color="#555555", ls="--", lw=0.8)
    ks = sorted(table["k"].unique())
    ax.set_xticks(ks)
    ax.set_xlabel("number of topics K")


@styled
def plot_coherence_sweep(
    table: pd.DataFrame,
    *,
    measures: Sequence[str] | None = None,
    chosen: int | None = None,
    ax=None,
    title: str | None = "Choosing K: coherence and stability",
):
    """Coherence and stability against the number of topics (:func:`discourse.topics.sweep`).

    Each measure's mean over seeds is drawn with the range over seeds (error bars) and the
    seeds as small dots. On a new figure, the bounded measures (C_V, NPMI, stability; higher is
    better) share the left panel and UMass (negative, higher is better) gets the right one;
    on a given ``ax`` only the bounded ones (or ``measures``) are drawn.

    Parameters
    ----------
    table : pandas.DataFrame
        ``k``, ``seed``, ``measure``, ``value``.
    measures : sequence of str, optional
        Measures to draw (default: all present).
    chosen : int, optional
        Mark the K retained for the model.
    ax : matplotlib.axes.Axes, optional
    title : str or None

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"k": [4, 8, 4, 8], "seed": 0, "measure": ["c_v"] * 2 + ["u_mass"] * 2,
    ...                   "value": [0.4, 0.5, -3.0, -2.5]})
    >>> len(plot_coherence_sweep(t, chosen=8).axes)
    2
    """
    require(table, ["k", "seed", "measure", "value"])
    present = list(pd.unique(table["measure"]))
    wanted = list(measures) if measures is not None else present
    bounded = [m for m in wanted if m in _BOUNDED or (measures is not None and m != "u_mass")]
    unbounded = [m for m in wanted if m not in bounded]
    if ax is not None:
        fig, ax = axes(ax)
        _draw_measures(ax, table, bounded or wanted, chosen)
        ax.legend(loc="best")
        if title:
            ax.set_title(title)
        return fig
    import matplotlib.pyplot as plt

    n = 1 + bool(unbounded and bounded)
    fig, axs = plt.subplots(1, n, figsize=(4.0 * n + 0.6, 3.2), squeeze=False)
    left = axs[0, 0]
    _draw_measures(left, table, bounded or unbounded, chosen)
    left.set_ylabel("score (higher is better)")
    left.legend(loc="best")
    if n == 2:
        _draw_measures(axs[0, 1], table, unbounded, chosen)
        axs[0, 1].set_ylabel("UMass (closer to 0 is better)")
        axs[0, 1].legend(loc="best")
    if title:
        fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    return fig


def _group_column(table: pd.DataFrame) -> str:
    fixed = {"topic", "prevalence", "se", "documents"}
    rest = [c for c in table.columns if c not in fixed]
    if not rest:
        raise ValueError(
            "table: missing the group column (day, phase, camp...) of topic_prevalence"
        )
    return rest[0]


def _topic_order(table: pd.DataFrame, topics: Sequence[int] | None) -> list:
    if topics is not None:
        return list(topics)
    overall = table.groupby("topic")["prevalence"].mean().sort_values(ascending=False)
    return list(overall.index)


@styled
def plot_topic_prevalence(
    table: pd.DataFrame,
    *,
    labels: Mapping | None = None,
    topics: Sequence[int] | None = None,
    window: int = 7,
    ax=None,
    title: str | None = None,
):
    """Topic prevalence by campaign phase (heat map), by camp (bars) or by WITA day (lines).

    The group is the table's first column besides ``topic``, ``prevalence``, ``se`` and
    ``documents`` (:func:`discourse.topics.topic_prevalence` output):

    * ``phase`` (or any other group): a heat map, topics × groups, shares written in the cells;
    * ``camp``: horizontal bars per topic, one per camp in the camp colours, ± 1.96 se;
    * ``day``: one line per topic (default the six most prevalent), a centred ``window``-day
      rolling mean (daily shares are noisy), campaign phases shaded.

    Parameters
    ----------
    table : pandas.DataFrame
        ``<group>``, ``topic``, ``prevalence``; ``se`` optional.
    labels : mapping, optional
        Topic → label (e.g. :meth:`discourse.topics.TopicModel.topic_labels`; string keys as in
        ``topics.json`` work too).
    topics : sequence of int, optional
        Topics to draw, in this order (default: all, most prevalent first; six for days).
    window : int
        Days of the rolling mean for ``day`` tables (1: the daily values).
    ax : matplotlib.axes.Axes, optional
    title : str or None
        Default: a title naming the grouping.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"phase": ["P2a", "P2a", "P4", "P4"], "topic": [0, 1, 0, 1],
    ...                   "prevalence": [0.7, 0.3, 0.2, 0.8]})
    >>> fig = plot_topic_prevalence(t, labels={0: "gratispol", 1: "tps"})  # most prevalent first
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['tps', 'gratispol']
    """
    require(table, ["topic", "prevalence"])
    by = _group_column(table)
    order = _topic_order(table, topics)
    if by == "camp":
        return _prevalence_by_camp(table, order, labels, ax, title)
    if by == "day":
        shown = order[:6] if topics is None else order
        return _prevalence_by_day(table, shown, labels, window, ax, title)
    return _prevalence_heatmap(table, by, order, labels, ax, title)


def _prevalence_heatmap(table, by, order, labels, ax, title):
    groups = table[by]
    cats = (
        list(groups.cat.categories[groups.cat.categories.isin(groups.unique())])
        if isinstance(groups.dtype, pd.CategoricalDtype)
        else list(pd.unique(groups.astype(str)))
    )
    grid = table.assign(_g=groups.astype(str)).pivot_table(
        index="topic", columns="_g", values="prevalence", aggfunc="first"
    )
    grid = grid.reindex(index=order, columns=[str(c) for c in cats])
    fig, ax = axes(ax, figsize=(1.0 + 0.55 * len(cats) + 2.2, 0.32 * len(order) + 1.2))
    values = grid.to_numpy(dtype=float)
    image = ax.imshow(values, aspect="auto", cmap="cividis", vmin=0)
    vmax = np.nanmax(values) if values.size else 1.0
    for (i, j), v in np.ndenumerate(values):
        if np.isfinite(v):
            ax.text(
                j,
                i,
                f"{v:.2f}",
                ha="center",
                va="center",
                fontsize=6,
                color="white" if v < 0.6 * vmax else "black",
            )
    ax.set_xticks(range(len(cats)), [str(c) for c in cats])
    ax.set_yticks(range(len(order)), [_label_of(labels, t) for t in order])
    ax.grid(False)
    ax.set_xlabel("campaign phase" if by == "phase" else by)
    fig.colorbar(image, ax=ax, label="mean topic share", shrink=0.8)
    if title is None:
        title = f"Topic prevalence by {'campaign phase' if by == 'phase' else by}"
    if title:
        ax.set_title(title)
    return fig


def _prevalence_by_camp(table, order, labels, ax, title):
    camps = [c for c in CAMP_ORDER if c in set(table["camp"].astype(str))]
    camps += [c for c in pd.unique(table["camp"].astype(str)) if c not in camps]
    fig, ax = axes(ax, figsize=(6.4, 0.16 * len(order) * max(2, len(camps)) + 1.2))
    height = 0.8 / max(1, len(camps))
    y0 = np.arange(len(order))[::-1]
    colours = camp_colours(camps)
    for j, camp in enumerate(camps):
        part = table[table["camp"].astype(str) == camp].set_index("topic").reindex(order)
        err = 1.96 * part["se"].to_numpy(dtype=float) if "se" in part.columns else None
        ax.barh(
            y0 + 0.4 - height * (j + 0.5),
            part["prevalence"].to_numpy(dtype=float),
            height=height,
            xerr=err,
            color=colours[j],
            error_kw={"lw": 0.6, "capsize": 0},
            label=_camp_legend(camp),
        )
    ax.set_yticks(y0, [_label_of(labels, t) for t in order])
    ax.set_xlabel("mean topic share of the camp's posts")
    ax.grid(True, axis="x")
    ax.grid(False, axis="y")
    ax.legend(loc="lower right")
    if title is None:
        title = "Topic prevalence by camp of the author's community"
    if title:
        ax.set_title(title)
    return fig


def _camp_legend(camp: str) -> str:
    try:
        return camp_label(camp)
    except ValueError:
        return camp


def _prevalence_by_day(table, order, labels, window, ax, title):
    from .volume import shade_phases

    fig, ax = axes(ax, figsize=(7.0, 3.4))
    day = wall_clock(pd.to_datetime(table["day"])) + pd.Timedelta(hours=12)
    data = table.assign(_day=day)
    for i, t in enumerate(order):
        part = data[data["topic"] == t].sort_values("_day")
        smooth = part["prevalence"].rolling(max(1, window), center=True, min_periods=1).mean()
        ax.plot(
            part["_day"],
            smooth,
            color=SERIES_COLOURS[i % len(SERIES_COLOURS)],
            ls="-" if i < len(SERIES_COLOURS) else "--",
            label=_label_of(labels, t),
        )
    if len(data):
        start = data["_day"].min().normalize()
        end = data["_day"].max().normalize() + pd.Timedelta(days=1)
        shade_phases(ax, start, end)
    ax.set_ylabel("mean topic share" + (f" ({window}-day mean)" if window > 1 else ""))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, fontsize=7)
    if title is None:
        title = "Topic prevalence per day (WITA)"
    if title:
        ax.set_title(title, pad=14)
    return fig


@styled
def plot_distinctive_words(
    table: pd.DataFrame,
    *,
    groups: Sequence[str] | None = None,
    topn: int = 12,
    ax=None,
    title: str | None = "Distinctive words by camp (log-odds z-score)",
):
    """The most distinctive words of each group as bars of their z-score.

    Draws :func:`discourse.topics.distinctive_words` (Monroe, Colaresi & Quinn 2008): one panel
    per group, the ``topn`` words with the highest z, bars in the camp colour (grey for groups
    that are not camps), a dotted line at z = 1.96.

    Parameters
    ----------
    table : pandas.DataFrame
        ``group``, ``term``, ``z``.
    groups : sequence of str, optional
        Groups (panels) in order (default: camps in the house order, then the rest).
    topn : int
        Words per group.
    ax : matplotlib.axes.Axes, optional
        Draw the first group there.
    title : str or None

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"group": ["01", "01", "02"], "term": ["ikam", "berdaulat", "gratispol"],
    ...                   "z": [9.1, 7.5, 11.0]})
    >>> fig = plot_distinctive_words(t)
    >>> [a.get_title(loc="left") for a in fig.axes]
    ['01 Isran–Hadi', '02 Rudy–Seno']
    """
    require(table, ["group", "term", "z"])
    present = list(pd.unique(table["group"].astype(str)))
    if groups is None:
        groups = [c for c in CAMP_ORDER if c in present] + [
            g for g in present if g not in CAMP_ORDER
        ]
    groups = list(groups)
    if not groups:
        raise ValueError("table: no group to draw")
    import matplotlib.pyplot as plt

    if ax is not None:
        fig, ax = axes(ax)
        panels = [ax]
        groups = groups[:1]
    else:
        fig, axs = plt.subplots(
            1, len(groups), figsize=(2.3 * len(groups) + 0.8, 0.22 * topn + 1.3), squeeze=False
        )
        panels = list(axs[0])
    for a, g, colour in zip(panels, groups, camp_colours(groups), strict=True):
        part = table[table["group"].astype(str) == g].nlargest(topn, "z").iloc[::-1]
        a.barh(range(len(part)), part["z"].to_numpy(dtype=float), color=colour)
        a.set_yticks(range(len(part)), part["term"].tolist())
        a.axvline(1.96, color="#555555", ls=":", lw=0.8)
        a.set_xlabel("z")
        a.grid(True, axis="x")
        a.grid(False, axis="y")
        a.set_title(_camp_legend(g), fontsize=9)
    if title:
        if ax is None:
            fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    return fig
