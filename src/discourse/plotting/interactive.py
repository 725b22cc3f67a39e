"""An interactive network view for notebooks (ipysigma, optional).

The static figure (:func:`discourse.plotting.plot_network`) is what gets exported and cited;
this view is for exploring in Jupyter. It draws the same node table (positions from
:func:`discourse.pipeline.network_layout_table`, camp colours of the house style) and, like the
static figure, labels only public actors. ipysigma is an optional dependency (the
``notebooks`` extra); without it :func:`sigma_view` raises ImportError with the install hint.

Examples
--------
>>> import pandas as pd
>>> t = pd.DataFrame({"node": ["a", "b"], "x": [0.0, 1.0], "y": [0.0, 1.0],
...                   "camp": ["01", "02"], "handle": ["paslon01_resmi_demo", "u_private"]})
>>> G = view_graph(t, pd.DataFrame({"source": ["a"], "target": ["b"]}))
>>> G.nodes["a"]["label"], G.nodes["b"]["label"], G.nodes["b"]["color"]
('paslon01_resmi_demo', '', '#0072B2')
"""

from __future__ import annotations

import pandas as pd

from ._common import require
from .networks import _public_handles
from .style import CAMP_COLOURS, CAMP_ORDER, camp_colours, camp_label


def view_graph(table: pd.DataFrame, edge_table: pd.DataFrame | None = None, *, allowlist=None):
    """A networkx graph with the attributes the interactive view draws.

    Node attributes: ``x``, ``y``, ``camp`` (legend label), ``color`` (the camp colour),
    ``size`` (``strength`` when present, else 1) and ``label`` (the handle of public actors,
    empty for everyone else).

    Parameters
    ----------
    table : pandas.DataFrame
        ``node``, ``x``, ``y``, ``camp``; optional ``strength``, ``handle``.
    edge_table : pandas.DataFrame, optional
        ``source``, ``target``; edges with an end not in ``table`` are skipped.
    allowlist : optional
        Public actors (default: the shipped list), as for
        :func:`discourse.plotting.plot_network`.

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"node": ["a", "b"], "x": [0.0, 1.0], "y": [0.5, 0.5],
    ...                   "camp": ["kk", "unlabelled"], "handle": ["kpu_prov_demo", "u_1"]})
    >>> sorted(view_graph(t).nodes(data="label"))
    [('a', 'kpu_prov_demo'), ('b', '')]
    """
    import networkx as nx

    require(table, ["node", "x", "y", "camp"])
    public = _public_handles(allowlist)
    handle = (
        table["handle"].astype("string").str.lstrip("@")
        if "handle" in table.columns
        else pd.Series(pd.NA, index=table.index, dtype="string")
    )
    is_public = handle.str.lower().isin(public).fillna(False)
    label = handle.where(is_public, "").fillna("")
    size = table["strength"] if "strength" in table.columns else pd.Series(1, index=table.index)
    G = nx.Graph()
    for node, x, y, camp, colour, s, lab in zip(
        table["node"].astype(str),
        table["x"],
        table["y"],
        table["camp"].astype(str),
        camp_colours(table["camp"]),
        size,
        label,
        strict=True,
    ):
        try:
            camp_name = camp_label(camp)
        except ValueError:
            camp_name = camp
        G.add_node(
            node,
            x=float(x),
            y=float(y),
            camp=camp_name,
            color=colour,
            size=float(s),
            label=str(lab),
        )
    if edge_table is not None:
        require(edge_table, ["source", "target"], "edge_table")
        src, tgt = edge_table["source"].astype(str), edge_table["target"].astype(str)
        G.add_edges_from((u, v) for u, v in zip(src, tgt, strict=True) if u in G and v in G)
    return G


def sigma_view(
    table: pd.DataFrame,
    edge_table: pd.DataFrame | None = None,
    *,
    allowlist=None,
    height: int = 600,
):
    """An ipysigma widget of the network: the static figure's positions and camp colours,
    zoomable, with a search box; only public actors carry labels.

    Parameters
    ----------
    table, edge_table, allowlist
        As for :func:`view_graph`.
    height : int
        Widget height in pixels.

    Returns
    -------
    ipysigma.Sigma

    Raises
    ------
    ImportError
        ipysigma is not installed (``pip install "discourse[notebooks]"``).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"node": ["a", "b"], "x": [0.0, 1.0], "y": [0.0, 1.0],
    ...                   "camp": ["01", "02"]})
    >>> type(sigma_view(t, pd.DataFrame({"source": ["a"], "target": ["b"]}))).__name__
    'Sigma'
    """
    try:
        from ipysigma import Sigma
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            'the interactive view needs ipysigma: pip install "discourse[notebooks]"'
        ) from e
    G = view_graph(table, edge_table, allowlist=allowlist)
    layout = {n: {"x": d["x"], "y": d["y"]} for n, d in G.nodes(data=True)}
    return Sigma(
        G,
        layout=layout,
        node_color="camp",
        node_color_palette={camp_label(c): CAMP_COLOURS[c] for c in CAMP_ORDER},
        node_size="size",
        node_label="label",
        height=height,
        hide_edges_on_move=True,
        default_edge_color="#cccccc",
    )
