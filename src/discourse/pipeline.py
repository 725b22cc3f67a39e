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
        null = pz.null_model(G, fns, n=n_null, seed=seed)
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
