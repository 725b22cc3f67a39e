"""Network figures: degree distributions, the network drawn by camp, polarisation scores beside
their null-model intervals, and the echo-chamber joint distribution.

Every function draws a tidy table written by the networks stage (``discourse networks``) or
built by :mod:`discourse.describe` / :mod:`discourse.pipeline`; none computes a metric.

Examples
--------
>>> import pandas as pd
>>> pol = pd.DataFrame({"measure": ["modularity"], "observed": [0.47],
...                     "observed_communities": [0.47], "null_mean": [0.39],
...                     "null_low": [0.36], "null_high": [0.41]})
>>> fig = plot_polarization(pol)
>>> fig.axes[0].get_yticklabels()[0].get_text()
'modularity'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._common import axes, require, styled
from .style import CAMP_ORDER, SERIES_COLOURS, UNLABELLED, camp_colour, camp_colours, camp_label

#: Display names of the polarisation measures of ``polarization.csv``.
MEASURE_LABELS = {
    "rwc_exact": "RWC (exact)",
    "rwc_monte_carlo": "RWC (Monte Carlo)",
    "ei_index": "E-I index",
    "modularity": "modularity",
    "boundary_polarization": "boundary polarisation",
    "assortativity": "assortativity",
}

#: Colours of uncamped communities when a network is coloured by community (after the camps).
_COMMUNITY_EXTRA = (SERIES_COLOURS[1], SERIES_COLOURS[4], SERIES_COLOURS[0])

#: Above this many nodes or edges the collections are rasterised inside PDF and SVG files.
RASTERISE_ABOVE = 3000


@styled
def plot_degree_distributions(
    table: pd.DataFrame,
    *,
    ax=None,
    directions: tuple[str, ...] = ("in", "out"),
    title: str | None = "Degree distributions (CCDF)",
):
    """Complementary cumulative degree distributions on log–log axes.

    Parameters
    ----------
    table : pandas.DataFrame
        ``direction``, ``degree``, ``ccdf`` (:func:`discourse.describe.degree_distribution`);
        an optional ``network`` column (e.g. ``"retweet"``, ``"reply"``) draws one colour per
        network, directions then differ by line style.
    ax : matplotlib.axes.Axes, optional
    directions : tuple of str
        Which of ``"in"``, ``"out"``, ``"total"`` to draw.
    title : str or None

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"direction": ["in", "in", "out"], "degree": [1, 5, 1],
    ...                   "ccdf": [1.0, 0.2, 1.0]})
    >>> fig = plot_degree_distributions(t)
    >>> [line.get_label() for line in fig.axes[0].get_lines()]
    ['in-degree', 'out-degree']
    """
    require(table, ["direction", "degree", "ccdf"])
    fig, ax = axes(ax, figsize=(4.2, 3.4))
    styles = {"in": "-", "out": "--", "total": ":"}
    markers = {"in": "o", "out": "s", "total": "^"}
    networks = list(pd.unique(table["network"])) if "network" in table.columns else [None]
    import matplotlib as mpl

    colours = [c["color"] for c in mpl.rcParams["axes.prop_cycle"]]
    for i, net in enumerate(networks):
        part_net = table if net is None else table[table["network"] == net]
        for d in directions:
            part = part_net[part_net["direction"] == d].sort_values("degree")
            if part.empty:
                continue
            label = f"{d}-degree" if net is None else f"{net}, {d}"
            ax.plot(
                part["degree"],
                part["ccdf"],
                ls=styles.get(d, "-"),
                marker=markers.get(d, "o") if net is None else None,
                ms=3,
                color=colours[i % len(colours)] if net is not None else None,
                label=label,
            )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("degree k (distinct accounts)")
    ax.set_ylabel("share of accounts with degree ≥ k")
    ax.grid(True, which="major", axis="both")
    ax.legend()
    if title:
        ax.set_title(title)
    return fig


def _public_handles(allowlist) -> frozenset[str]:
    from ..privacy import load_allowlist

    if allowlist is None or isinstance(allowlist, (str, bytes)) or hasattr(allowlist, "__fspath__"):
        allowlist = load_allowlist(allowlist)
    handles = getattr(allowlist, "handles", allowlist)
    return frozenset(str(h).lstrip("@").lower() for h in handles)


@styled
def plot_network(
    table: pd.DataFrame,
    edge_table: pd.DataFrame | None = None,
    *,
    color_by: str = "camp",
    ax=None,
    label_public: int = 8,
    allowlist=None,
    max_edges: int = 200_000,
    title: str | None = "Retweet network",
):
    """Draw a network from a node table with positions, coloured by camp or community.

    Only public actors are labelled: nodes whose ``handle`` is on the public-actor allowlist
    (:func:`discourse.privacy.load_allowlist`), at most ``label_public`` of them, those in a
    camp (the candidates' accounts) first, then the strongest. No other handle is ever
    written on a figure. Node size grows with ``strength``; hubs are
    drawn last (on top). Large networks are rasterised inside the vector files so they stay
    small.

    Parameters
    ----------
    table : pandas.DataFrame
        ``node``, ``x``, ``y``, ``camp`` (and ``community`` for ``color_by="community"``;
        optional ``strength`` for node sizes and ``handle`` for labels), e.g.
        :func:`discourse.pipeline.network_layout_table`.
    edge_table : pandas.DataFrame, optional
        ``source``, ``target`` (``weight`` optional): drawn as thin lines; edges with an end
        not in ``table`` are skipped; above ``max_edges`` the heaviest are kept.
    color_by : {"camp", "community"}
        ``"camp"``: the camp colours, everything else grey. ``"community"``: communities with
        a camp in its colour, the three largest other communities in the remaining Okabe–Ito
        colours, the rest grey.
    ax : matplotlib.axes.Axes, optional
    label_public : int
        How many public actors (at most) to label; 0 labels none.
    allowlist : path, Allowlist or iterable of handles, optional
        Public actors (default: the shipped list).
    max_edges : int
    title : str or None

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"node": ["a", "b", "c"], "x": [0, 1, 0.5], "y": [0, 0, 1],
    ...                   "camp": ["01", "02", "unlabelled"],
    ...                   "handle": ["kpu_prov_demo", "u_secret", None]})
    >>> fig = plot_network(t, pd.DataFrame({"source": ["a"], "target": ["b"]}))
    >>> [x.get_text() for x in fig.axes[0].texts]  # the private handle is never drawn
    ['kpu_prov_demo']
    """
    from matplotlib import patheffects
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    require(table, ["node", "x", "y", "camp"] + (["community"] if color_by == "community" else []))
    if color_by not in ("camp", "community"):
        raise ValueError(f"color_by: expected 'camp' or 'community', got {color_by!r}")
    fig, ax = axes(ax, figsize=(6.0, 6.0))
    nodes = table.assign(node=table["node"].astype(str), camp=table["camp"].astype(str))
    strength = (
        nodes["strength"].astype(float)
        if "strength" in nodes.columns
        else pd.Series(1.0, nodes.index)
    )
    nodes = nodes.assign(_s=strength).sort_values(["_s", "node"], kind="mergesort")
    legend: list[tuple[str, str]] = []
    if color_by == "camp":
        colours = camp_colours(nodes["camp"])
        present = set(nodes["camp"])
        legend = [(camp_colour(c), camp_label(c)) for c in CAMP_ORDER if c in present]
    else:
        colours, legend = _community_colours(nodes)
    big = len(nodes) > RASTERISE_ABOVE
    if edge_table is not None and len(edge_table):
        segs = _segments(nodes, edge_table, max_edges)
        ax.add_collection(
            LineCollection(
                segs,
                colors="#999999",
                linewidths=0.2,
                alpha=0.15,
                zorder=1,
                rasterized=big or len(segs) > RASTERISE_ABOVE,
            )
        )
    sizes = 2.0 + 40.0 * np.sqrt(nodes["_s"].to_numpy() / max(nodes["_s"].max(), 1.0))
    ax.scatter(nodes["x"], nodes["y"], s=sizes, c=colours, linewidths=0, zorder=2, rasterized=big)
    if label_public and "handle" in nodes.columns:
        public = _public_handles(allowlist)
        handle = nodes["handle"].astype("string").str.lstrip("@").str.lower()
        shown = nodes[handle.isin(public).fillna(False).to_numpy()]
        # public actors of a camp first (the candidates' accounts), then the strongest
        in_camp = (shown["camp"] != UNLABELLED).astype(int)
        shown = shown.assign(_c=in_camp).sort_values(
            ["_c", "_s", "node"], ascending=[False, False, True], kind="mergesort"
        )[:label_public]
        for _, row in shown.sort_values("node").iterrows():
            ax.annotate(
                str(row["handle"]).lstrip("@"),
                (row["x"], row["y"]),
                fontsize=6,
                xytext=(3, 3),
                textcoords="offset points",
                zorder=3,
                path_effects=[patheffects.withStroke(linewidth=2, foreground="white")],
            )
    ax.legend(
        handles=[Line2D([], [], ls="", marker="o", color=c, label=lab) for c, lab in legend],
        loc="lower left",
        bbox_to_anchor=(0, -0.02),
        ncol=2 if len(legend) > 3 else 1,
        markerscale=1.2,
    )
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.margins(0.02)
    if title:
        ax.set_title(f"{title} ({len(nodes):,} accounts)")
    return fig


def _segments(nodes: pd.DataFrame, edge_table: pd.DataFrame, max_edges: int) -> np.ndarray:
    require(edge_table, ["source", "target"], "edge_table")
    xy = nodes.set_index("node")[["x", "y"]]
    et = edge_table.assign(
        source=edge_table["source"].astype(str), target=edge_table["target"].astype(str)
    )
    et = et[et["source"].isin(xy.index) & et["target"].isin(xy.index)]
    if len(et) > max_edges:
        w = et["weight"] if "weight" in et.columns else pd.Series(1, index=et.index)
        et = (
            et.assign(_w=w)
            .sort_values(
                ["_w", "source", "target"], ascending=[False, True, True], kind="mergesort"
            )
            .head(max_edges)
        )
    a = xy.loc[et["source"]].to_numpy()
    b = xy.loc[et["target"]].to_numpy()
    return np.stack([a, b], axis=1)


def _community_colours(nodes: pd.DataFrame) -> tuple[list[str], list[tuple[str, str]]]:
    grey = camp_colour(UNLABELLED)
    camp_of = nodes.groupby("community")["camp"].first()
    sizes = nodes["community"].value_counts()
    colour_of: dict = {}
    legend: list[tuple[str, str]] = []
    extra = iter(_COMMUNITY_EXTRA)
    for cid in sorted(sizes.index, key=lambda c: (-sizes[c], str(c))):
        camp = camp_of[cid]
        if camp in CAMP_ORDER and camp != UNLABELLED:
            colour_of[cid] = camp_colour(camp)
            legend.append((colour_of[cid], f"community {cid} ({camp_label(camp)})"))
        else:
            colour = next(extra, None)
            colour_of[cid] = colour or grey
            if colour:
                legend.append((colour, f"community {cid} (no camp)"))
    legend.append((grey, "other communities"))
    return [colour_of[c] for c in nodes["community"]], legend


@styled
def plot_polarization(
    table: pd.DataFrame,
    *,
    ax=None,
    title: str | None = "Polarisation against the null model",
):
    """Each polarisation score beside the interval of its degree-preserving null model.

    Draws ``polarization.csv`` of the networks stage: per measure, the null model's 95 %
    interval (grey bar) and mean (grey tick), the score of the recomputed communities on the
    observed graph (black dot, compared like with like; Salloum, Chen & Kivelä 2022,
    doi:10.1145/3512962) and the score of the camp sides (open diamond). Without null columns
    only the observed scores are drawn.

    Parameters
    ----------
    table : pandas.DataFrame
        ``measure``, ``observed``; optional ``observed_communities``, ``null_mean``,
        ``null_low``, ``null_high``.
    ax : matplotlib.axes.Axes, optional
    title : str or None

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> fig = plot_polarization(pd.DataFrame({"measure": ["ei_index"], "observed": [-0.9]}))
    >>> fig.axes[0].get_xlabel()
    'score'
    """
    require(table, ["measure", "observed"])
    fig, ax = axes(ax, figsize=(5.2, 0.55 * len(table) + 1.3))
    y = np.arange(len(table))[::-1]
    has_null = {"null_low", "null_high", "null_mean"} <= set(table.columns)
    if has_null:
        lo = table["null_low"].astype(float).to_numpy()
        hi = table["null_high"].astype(float).to_numpy()
        ax.hlines(y, lo, hi, color="#BBBBBB", lw=7, label="null model, 95% interval", zorder=1)
        ax.plot(
            table["null_mean"].astype(float),
            y,
            ls="",
            marker="|",
            ms=11,
            mew=1.6,
            color="#666666",
            label="null-model mean",
            zorder=2,
        )
    if "observed_communities" in table.columns:
        ax.plot(
            table["observed_communities"].astype(float),
            y,
            ls="",
            marker="o",
            color="#000000",
            label="observed, recomputed communities",
            zorder=3,
        )
    ax.plot(
        table["observed"].astype(float),
        y,
        ls="",
        marker="D",
        mfc="none",
        ms=6,
        color="#000000",
        label="observed, camp sides",
        zorder=3,
    )
    ax.set_yticks(y, [MEASURE_LABELS.get(m, m) for m in table["measure"]])
    ax.axvline(0, color="#999999", lw=0.6, zorder=0)
    ax.set_xlabel("score")
    ax.grid(True, axis="x")
    ax.grid(False, axis="y")
    ax.set_ylim(-0.7, len(table) - 0.3)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2)
    if title:
        ax.set_title(title)
    return fig


@styled
def plot_echo_chambers(
    table: pd.DataFrame,
    *,
    summary: dict | None = None,
    camps: tuple[str, str] = ("01", "02"),
    ax=None,
    bins: int = 41,
    title: str | None = "Echo chambers",
):
    """Joint distribution of account leaning and mean neighbour leaning (Cinelli et al. 2021).

    A 2-D histogram (accounts per cell, logarithmic colour scale, colour-blind safe
    ``cividis``) of ``leaning`` (x) against ``neighbour_leaning`` (y), both in [-1, 1], as in
    Cinelli, De Francisci Morales, Galeazzi, Quattrociocchi & Starnini (2021), PNAS,
    doi:10.1073/pnas.2023301118, Fig. 1. Mass on the diagonal corners means accounts sit among
    accounts leaning like them. The camps at the two ends are named on the x axis.

    Parameters
    ----------
    table : pandas.DataFrame
        ``leaning``, ``neighbour_leaning`` (rows with NaN are skipped), e.g.
        :func:`discourse.pipeline.echo_chamber_table`.
    summary : dict, optional
        :func:`discourse.polarization.echo_chamber_summary` of the table: its Pearson r and
        95 % interval are written on the figure.
    camps : tuple of two str
        The camps at leaning -1 and +1 (as in the table's ``camps``), for the axis label.
    ax : matplotlib.axes.Axes, optional
    bins : int
        Cells per axis.
    title : str or None

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"leaning": [-1, -0.8, 0.9, 1.0], "neighbour_leaning": [-0.9, -1, 1, 0.7]})
    >>> fig = plot_echo_chambers(t, summary={"n": 4, "pearson_r": 0.98, "ci_low": 0.3,
    ...                                      "ci_high": 1.0})
    >>> fig.axes[0].get_xlabel()
    'leaning of the account (−1 = 01 Isran–Hadi, +1 = 02 Rudy–Seno)'
    """
    from matplotlib.colors import LogNorm

    require(table, ["leaning", "neighbour_leaning"])
    fig, ax = axes(ax, figsize=(5.0, 4.2))
    d = table[["leaning", "neighbour_leaning"]].astype(float).dropna()
    edges = np.linspace(-1, 1, bins + 1)
    counts, _, _ = np.histogram2d(d["leaning"], d["neighbour_leaning"], bins=[edges, edges])
    counts = np.where(counts > 0, counts, np.nan)
    vmax = max(np.nanmax(counts), 2.0) if np.isfinite(counts).any() else 2.0
    mesh = ax.pcolormesh(
        edges, edges, counts.T, cmap="cividis", norm=LogNorm(1, vmax), rasterized=False
    )
    fig.colorbar(mesh, ax=ax, label="accounts", shrink=0.85)
    ax.plot([-1, 1], [-1, 1], color="#999999", lw=0.6, ls="--")
    ax.set_xlim(-1, 1)
    ax.set_ylim(-1, 1)
    ax.set_aspect("equal")
    ax.grid(False)
    a, b = (camp_label(c) if c in CAMP_ORDER else str(c) for c in camps)
    ax.set_xlabel(f"leaning of the account (−1 = {a}, +1 = {b})")
    ax.set_ylabel("mean leaning of its neighbours")
    if summary is not None and np.isfinite(summary.get("pearson_r", np.nan)):
        ax.text(
            0.03,
            0.97,
            f"Pearson r = {summary['pearson_r']:.2f}\n"
            f"95% CI [{summary['ci_low']:.2f}, {summary['ci_high']:.2f}], n = {summary['n']:,}",
            transform=ax.transAxes,
            va="top",
            fontsize=7,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8},
        )
    if title:
        ax.set_title(title)
    return fig
