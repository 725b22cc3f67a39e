"""Stage functions shared by the command line, the Makefile and the notebooks.

Each stage reads what the previous one wrote under ``data/processed/`` and writes its tables
there (atomically), so ``make reproduce`` can run them as file targets.

Examples
--------
>>> from discourse.pipeline import NETWORK_KINDS
>>> NETWORK_KINDS
('retweet', 'quote', 'reply', 'mention')
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd

#: Interaction networks :func:`run_networks` builds (see :func:`discourse.networks.edges`).
NETWORK_KINDS = ("retweet", "quote", "reply", "mention")

#: Polarisation measures reported by :func:`run_networks`, with their module function names.
MEASURES = ("rwc_exact", "ei_index", "modularity", "boundary_polarization")


def read_seed_camps(path: str | Path) -> dict[str, str]:
    """Read camp seed accounts: a CSV with ``handle`` (or ``account_id``) and ``camp``.

    Handles are compared lowercased without ``@``; in a pseudonymised table only public actors
    (the allowlist) keep readable handles, which is what seed accounts are.

    Examples
    --------
    >>> import os, tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "seeds.csv")
    >>> _ = open(p, "w").write("handle,camp\\n@Paslon01_Resmi_Demo,01\\n")
    >>> read_seed_camps(p)
    {'paslon01_resmi_demo': '01'}
    """
    table = pd.read_csv(path, dtype=str)
    key = "handle" if "handle" in table.columns else "account_id"
    if key not in table.columns or "camp" not in table.columns:
        raise ValueError(f"{path}: seed file needs columns handle (or account_id) and camp")
    keys = table[key].str.strip()
    if key == "handle":
        keys = keys.str.lstrip("@").str.lower()
    return dict(zip(keys, table["camp"].str.strip(), strict=True))


def run_networks(
    posts: pd.DataFrame,
    out: str | Path,
    *,
    seeds: dict[str, str] | None = None,
    n_null: int = 10,
    seed: int = 0,
    n_jobs: int = 1,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Edge and node tables, communities and a polarisation summary, written to ``out``.

    Writes ``edges_<kind>.csv`` for each of :data:`NETWORK_KINDS` and ``edges_hashtag.csv``,
    ``nodes.csv``, ``communities.csv`` (node, community, camp) and ``retweet.gexf`` for the
    retweet network, ``polarization.csv`` and ``networks.json`` (edge reports, stability,
    camp labels, parameters). ``polarization.csv`` has, per measure, ``observed`` (on the
    sides below) and, with ``n_null``, the normalisation of Salloum, Chen & Kivelä 2022
    (doi:10.1145/3512962): ``observed_communities`` (the score of the two largest Leiden
    communities, the partition recomputed), its degree-preserving null mean, std and 95%
    interval (partition recomputed on each randomised graph), and ``difference`` =
    ``observed_communities - null_mean``.

    The polarisation sides are the camps labelled from ``seeds`` (handle or account id →
    camp) when given, else the two largest communities. Measures are computed on the largest
    connected component of the undirected retweet graph.

    Parameters
    ----------
    posts : pandas.DataFrame
        The canonical posts table (e.g. ``discourse.io.read_processed()``).
    out : path
        Output folder.
    seeds : dict, optional
        Seed accounts for camp labelling.
    n_null : int
        Randomisations for the null model (0 skips it).
    seed : int
        Seed of Leiden and of the randomisations.
    n_jobs : int, default 1
        Worker processes over which the randomisations are split (``-1``: every core); the
        result does not depend on it.
    progress : callable, optional
        Called with a short message before each step.

    Returns
    -------
    dict
        What ``networks.json`` holds.

    Examples
    --------
    >>> import tempfile
    >>> from discourse.synth import SynthConfig, generate
    >>> from discourse.io import read_posts
    >>> d = tempfile.mkdtemp()
    >>> _ = generate(d + "/raw", d + "/truth", SynthConfig(n_posts=3000, seed=3))
    >>> posts, _ = read_posts(d + "/raw/twarc2")
    >>> summary = run_networks(posts, d + "/out", n_null=0)
    >>> sorted(summary["edges"])
    ['hashtag', 'mention', 'quote', 'reply', 'retweet']
    """
    import networkx as nx

    from . import communities as cm
    from . import networks as nw
    from . import polarization as pz
    from .io.processed import atomic_path

    def say(msg: str) -> None:
        if progress:
            progress(msg)

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    summary: dict = {
        "parameters": {"n_null": n_null, "seed": seed, "seeds": seeds or {}},
        "edges": {},
    }
    tables = {}
    for kind in NETWORK_KINDS:
        say(f"{kind} edges")
        table, report = nw.edges(posts, kind)
        tables[kind] = table
        nw.write_edges_csv(table, out / f"edges_{kind}.csv")
        summary["edges"][kind] = report.to_dict()
    say("hashtag co-occurrence")
    tags = nw.hashtag_edges(posts)
    tags = tags[0] if isinstance(tags, tuple) else tags
    nw.write_edges_csv(tags, out / "edges_hashtag.csv")
    summary["edges"]["hashtag"] = {"edges": len(tags)}
    say("nodes")
    node_table = nw.nodes(posts, tables["retweet"])
    nw.write_nodes_csv(node_table, out / "nodes.csv")

    say("communities (Leiden)")
    G = nw.to_graph(tables["retweet"], directed=False)
    if G.number_of_nodes():
        G = G.subgraph(max(nx.connected_components(G), key=len)).copy()
    part = cm.leiden(G, seed=seed) if G.number_of_nodes() else {}
    stab, _ = cm.stability(G, seeds=range(seed, seed + 5)) if len(G) > 2 else (float("nan"), None)
    summary["communities"] = {
        "n": len(set(part.values())),
        "stability_nmi": stab,
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
    }

    handle_of = dict(zip(node_table["node"], node_table["handle"], strict=False))
    labels: dict[int, str] = {}
    if seeds:
        by_node = {n: seeds.get(str(handle_of.get(n, "")).lower(), seeds.get(n)) for n in part}
        found = {n: c for n, c in by_node.items() if c is not None}
        labels, _ = cm.label_camps(part, found)
    camp = cm.camp_of_nodes(part, labels) if labels else {}
    rows = [
        {"node": n, "community": c, "camp": camp.get(n, cm.UNLABELLED)} for n, c in part.items()
    ]
    frame = pd.DataFrame(rows, columns=["node", "community", "camp"])
    with atomic_path(out / "communities.csv") as tmp:
        frame.to_csv(tmp, index=False)
    summary["communities"]["camps"] = {str(k): v for k, v in labels.items()}
    for n, c in part.items():
        G.nodes[n]["community"] = c
        G.nodes[n]["camp"] = camp.get(n, cm.UNLABELLED)
    nw.write_gexf(G, out / "retweet.gexf")

    say("polarisation")
    camps_found = sorted({c for c in camp.values() if c != cm.UNLABELLED})
    if len(camps_found) >= 2:
        sides = {n: c for n, c in camp.items() if c in camps_found[:2]}
        sides_from = f"camps {camps_found[:2]} from seed accounts"
    else:
        big = pd.Series(part).value_counts().index[:2].tolist()
        sides = {n: c for n, c in part.items() if c in big}
        sides_from = "the two largest communities"
    summary["polarization_sides"] = sides_from
    rows = []
    two = len(set(sides.values())) == 2
    fns = {name: getattr(pz, name) for name in MEASURES}
    null = {}
    if n_null and two:
        say(f"null model: {n_null} degree-preserving randomisations, communities recomputed")
        null = pz.null_model(G, fns, n=n_null, seed=seed, n_jobs=n_jobs)
    for name, fn in fns.items():
        row = {
            "measure": name,
            "observed": fn(G, sides) if two else float("nan"),
            "sides": sides_from,
        }
        if name in null:
            nm = null[name]
            # Salloum et al.: compare like with like, the score of the recomputed partition
            # (two largest communities) on the observed graph vs on the randomised graphs
            row["observed_communities"] = nm["observed"]
            row.update({k: nm[k] for k in ("null_mean", "null_std", "null_low", "null_high")})
            row["difference"] = nm["observed"] - nm["null_mean"]
        rows.append(row)
    pol = pd.DataFrame(rows)
    with atomic_path(out / "polarization.csv") as tmp:
        pol.to_csv(tmp, index=False)
    summary["polarization"] = pol.to_dict(orient="records")
    with atomic_path(out / "networks.json") as tmp:
        tmp.write_text(json.dumps(summary, indent=2, default=str) + "\n")
    return summary


# --------------------------------------------------------------------------- reading the stages
#: Tables :func:`run_networks` writes, as :func:`read_network_tables` names them.
NETWORK_TABLES = ("nodes", "communities", "polarization", *(f"edges_{k}" for k in NETWORK_KINDS))


def read_network_tables(processed: str | Path) -> dict[str, pd.DataFrame]:
    """Read what :func:`run_networks` wrote: edge tables, nodes, communities, polarisation.

    Node ids and handles are read as strings, ``weight`` as int64 and the edge times as UTC.

    Parameters
    ----------
    processed : path
        The folder :func:`run_networks` wrote to.

    Returns
    -------
    dict
        :data:`NETWORK_TABLES` → DataFrame, plus ``"summary"`` → the ``networks.json`` dict.

    Raises
    ------
    FileNotFoundError
        A table is missing (the message says to run ``discourse networks``).

    Examples
    --------
    >>> import tempfile
    >>> read_network_tables(tempfile.mkdtemp())
    Traceback (most recent call last):
    ...
    FileNotFoundError: ... run `discourse networks --processed ...` first
    """
    processed = Path(processed)
    out: dict = {}
    ids = {"node": str, "handle": str, "source": str, "target": str, "camp": str}
    for name in NETWORK_TABLES:
        path = processed / f"{name}.csv"
        if not path.is_file():
            raise FileNotFoundError(
                f"{path}: no such table; run `discourse networks --processed {processed}` first"
            )
        table = pd.read_csv(path, dtype=ids, keep_default_na=name != "nodes")
        for col in ("first_at", "last_at"):
            if col in table.columns:
                table[col] = pd.to_datetime(table[col], utc=True, format="ISO8601")
        if "weight" in table.columns:
            table["weight"] = table["weight"].astype("int64")
        out[name] = table
    summary = processed / "networks.json"
    out["summary"] = json.loads(summary.read_text()) if summary.is_file() else {}
    return out


def network_layout_table(
    edge_table: pd.DataFrame,
    communities: pd.DataFrame,
    *,
    node_table: pd.DataFrame | None = None,
    seed: int = 0,
    method: str = "fr",
) -> pd.DataFrame:
    """Positions, community, camp, degree and handle of each node of a network, for drawing.

    The graph is the undirected ``edge_table`` restricted to the nodes of ``communities``
    (what :func:`run_networks` partitioned: the largest connected component), laid out by
    :func:`discourse.networks.layout`.

    Parameters
    ----------
    edge_table : pandas.DataFrame
        ``source``, ``target``, ``weight``.
    communities : pandas.DataFrame
        ``node``, ``community``, ``camp`` (``communities.csv``).
    node_table : pandas.DataFrame, optional
        ``node``, ``handle`` (``nodes.csv``): adds ``handle``.
    seed : int
        Seed of the layout.
    method : str
        Layout method of :func:`discourse.networks.layout`.

    Returns
    -------
    pandas.DataFrame
        ``node``, ``x``, ``y``, ``community``, ``camp``, ``degree`` (distinct neighbours),
        ``strength`` (summed weight) and, with ``node_table``, ``handle``.

    Examples
    --------
    >>> import pandas as pd
    >>> et = pd.DataFrame({"source": ["a", "b", "c"], "target": ["b", "c", "a"],
    ...                    "weight": [1, 2, 1]})
    >>> cm = pd.DataFrame({"node": ["a", "b", "c"], "community": [0, 0, 1], "camp": ["01"] * 3})
    >>> network_layout_table(et, cm, seed=1)[["node", "degree", "strength"]].values.tolist()
    [['a', 2, 2], ['b', 2, 3], ['c', 2, 3]]
    """
    from . import networks as nw

    keep = set(communities["node"].astype(str))
    mask = edge_table["source"].astype(str).isin(keep) & edge_table["target"].astype(str).isin(keep)
    G = nw.to_graph(edge_table[mask], directed=False)
    pos = nw.layout(G, seed=seed, method=method)
    pos["degree"] = pos["node"].map(dict(G.degree())).astype("int64")
    pos["strength"] = pos["node"].map(dict(G.degree(weight="weight"))).astype("int64")
    table = pos.merge(communities[["node", "community", "camp"]], on="node", how="left")
    if node_table is not None:
        table = table.merge(node_table[["node", "handle"]], on="node", how="left")
    cols = ["node", "x", "y", "community", "camp", "degree", "strength"]
    return table[cols + (["handle"] if node_table is not None else [])]


def echo_chamber_table(
    edge_table: pd.DataFrame,
    communities: pd.DataFrame,
    *,
    camps: tuple[str, str] = ("01", "02"),
    min_total: int = 1,
) -> pd.DataFrame:
    """Leaning of each account and of its neighbourhood in the retweet network.

    Cinelli, De Francisci Morales, Galeazzi, Quattrociocchi & Starnini (2021), PNAS
    118(9):e2023301118, doi:10.1073/pnas.2023301118, through
    :func:`discourse.polarization.leaning_from_shares` and
    :func:`discourse.polarization.echo_chambers`. Variant: an account's leaning is
    ``(n_b - n_a) / (n_a + n_b)`` where ``n_a`` (``n_b``) counts its retweets of accounts in
    communities labelled ``camps[0]`` (``camps[1]``) (-1 = retweets only camp A, +1 = only
    camp B); the neighbourhood is the undirected retweet graph (the paper uses the follower
    graph on Twitter, which collected posts do not give). Only accounts of the partitioned
    network (``communities``) with at least ``min_total`` such retweets get a row.

    Parameters
    ----------
    edge_table : pandas.DataFrame
        Retweet edges ``source`` (retweeter), ``target`` (retweeted), ``weight``.
    communities : pandas.DataFrame
        ``node``, ``camp`` (``communities.csv``).
    camps : tuple of two str
        Camp A (leaning -1) and camp B (+1).
    min_total : int
        Minimum retweets of either camp for an account to get a leaning.

    Returns
    -------
    pandas.DataFrame
        ``node``, ``leaning``, ``neighbour_leaning``, ``degree`` (as
        :func:`~discourse.polarization.echo_chambers`), and ``camp`` (the account's community
        camp).

    Examples
    --------
    >>> import pandas as pd
    >>> et = pd.DataFrame({"source": ["u", "v", "w"], "target": ["a", "b", "a"],
    ...                    "weight": [2, 1, 1]})
    >>> cm = pd.DataFrame({"node": ["a", "b", "u", "v", "w"],
    ...                    "camp": ["01", "02", "01", "02", "01"]})
    >>> echo_chamber_table(et, cm)[["node", "leaning"]].values.tolist()
    [['u', -1.0], ['v', 1.0], ['w', -1.0]]
    """
    from . import networks as nw
    from . import polarization as pz

    if len(camps) != 2 or camps[0] == camps[1]:
        raise ValueError(f"camps: expected two different camps, got {camps!r}")
    camp_of = dict(
        zip(communities["node"].astype(str), communities["camp"].astype(str), strict=True)
    )
    et = edge_table.assign(
        source=edge_table["source"].astype(str), target=edge_table["target"].astype(str)
    )
    et = et[et["source"].isin(camp_of) & et["target"].isin(camp_of)]
    tcamp = et["target"].map(camp_of)
    counts = pd.DataFrame(
        {
            "node": et["source"],
            "n_a": et["weight"].where(tcamp == camps[0], 0),
            "n_b": et["weight"].where(tcamp == camps[1], 0),
        }
    )
    leaning = pz.leaning_from_shares(counts, min_total=min_total)
    G = nw.to_graph(et, directed=False)
    table = pz.echo_chambers(G, leaning)
    return table.assign(camp=table["node"].map(camp_of))
