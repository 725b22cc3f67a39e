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
    scheduler=None,
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
        randomised graphs do not depend on it (scores may differ in the last digits, see
        :func:`discourse.polarization.null_model`).
    progress : callable, optional
        Called with a short message before each step.
    scheduler : str or distributed.Client, optional
        None (default): everything in this process. Otherwise the edge and node tables are
        computed as a Dask job (:func:`discourse.scale.network_tables`; ``"local"``, a
        scheduler address or a ``distributed.Client``) and ``posts`` is the *processed
        folder* (holding ``posts.parquet/``), never loaded whole; the tables are the same.

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
    on_dask = None
    if scheduler is not None:
        from .scale import network_tables

        say("edge, hashtag and node tables (Dask)")
        on_dask = network_tables(posts, scheduler=scheduler, kinds=NETWORK_KINDS)
    for kind in NETWORK_KINDS:
        say(f"{kind} edges")
        table, report = on_dask["edges"][kind] if on_dask else nw.edges(posts, kind)
        tables[kind] = table
        nw.write_edges_csv(table, out / f"edges_{kind}.csv")
        summary["edges"][kind] = report.to_dict()
    say("hashtag co-occurrence")
    tags = on_dask["hashtag"] if on_dask else nw.hashtag_edges(posts)
    tags = tags[0] if isinstance(tags, tuple) else tags
    nw.write_edges_csv(tags, out / "edges_hashtag.csv")
    summary["edges"]["hashtag"] = {"edges": len(tags)}
    say("nodes")
    node_table = on_dask["nodes"] if on_dask else nw.nodes(posts, tables["retweet"])
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
def _stage_summary(processed: Path, stage: str) -> dict:
    """The ``<stage>.json`` summary a stage wrote; a missing one says which command makes it."""
    path = processed / f"{stage}.json"
    if not path.is_file():
        raise FileNotFoundError(
            f"{path}: no such file; run `discourse {stage} --processed {processed}` first"
        )
    return json.loads(path.read_text())


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


# --------------------------------------------------------------------------- topics stage
#: Tables :func:`run_topics` writes, as :func:`read_topic_tables` names them (file stem).
TOPIC_TABLES = (
    "topic_terms",
    "topic_prevalence_day",
    "topic_prevalence_phase",
    "topic_prevalence_camp",
    "distinctive_words",
    "topic_sweep",
)


def topic_tables(
    posts: pd.DataFrame,
    *,
    k: int = 12,
    seed: int = 0,
    passes: int = 10,
    iterations: int = 50,
    no_below: int = 5,
    no_above: float = 0.5,
    sweep_ks: tuple[int, ...] = (8, 12, 16),
    sweep_seeds: tuple[int, ...] = (0, 1),
    sweep_docs: int | None = 10_000,
    communities: pd.DataFrame | dict[str, str] | None = None,
    text_options: dict | None = None,
    progress: Callable[[str], None] | None = None,
    tokenized: tuple | None = None,
) -> dict:
    """The topics stage in memory: token lists, an LDA model, topic tables, distinctive words.

    Steps: :func:`discourse.text.tokenize_posts` (retweets deduplicated; ``text_options`` are
    its keyword options, e.g. ``{"lexicon": path, "stem": True}``), a
    :class:`discourse.topics.TopicModel` with ``k`` topics, and from it the tables
    :func:`run_topics` writes:

    * ``tokens`` (``post_id``, ``tokens``), ``doc_topics`` (document × topic, index
      ``post_id``), ``topic_terms`` (top 20 terms per topic), ``model`` (the fitted model);
    * ``topic_prevalence_day`` and ``topic_prevalence_phase``
      (:func:`discourse.topics.topic_prevalence` by WITA day and campaign phase);
    * with ``communities`` (``communities.csv`` of the networks stage: the camp of each
      author's community): ``topic_prevalence_camp`` and ``distinctive_words`` (Monroe et al.
      2008 log-odds, each camp against the others; unlabelled authors left out);
    * with ``sweep_ks``: ``topic_sweep`` (:func:`discourse.topics.sweep` with ``sweep_seeds``,
      at most ``min(passes, 5)`` passes, on a seeded sample of ``sweep_docs`` documents, to
      keep the stage fast);
    * ``summary``: the preprocessing report, dictionary filters, parameters, coherence
      (u_mass, c_npmi, c_v) of the model and topic labels (what ``topics.json`` holds).

    Parameters
    ----------
    posts : pandas.DataFrame
        The canonical posts table.
    k, seed, passes, iterations, no_below, no_above
        :class:`~discourse.topics.TopicModel` parameters.
    sweep_ks, sweep_seeds, sweep_docs
        The K sweep (``()`` skips it).
    communities : DataFrame or dict, optional
        ``node``, ``camp`` table (or ``{author_id: camp}``).
    text_options : dict, optional
        Options of :func:`discourse.text.preprocess`.
    progress : callable, optional
        Called with a short message before each step.
    tokenized : (DataFrame, TextReport), optional
        Token lists already made with ``text_options`` (e.g. on a Dask cluster by
        :func:`discourse.scale.tokenize_posts`); the same as ``tokenize_posts`` would give.

    Returns
    -------
    dict
        Table name → DataFrame, plus ``"model"`` and ``"summary"``.

    Examples
    --------
    >>> import pandas as pd
    >>> posts = pd.DataFrame({
    ...     "post_id": [str(i) for i in range(40)],
    ...     "text": ["banjir jalan rusak lagi", "tambang batubara lubang bekas"] * 20,
    ...     "author_id": ["a", "b"] * 20,
    ...     "created_at": pd.to_datetime(["2024-11-27T01:00:00Z"] * 40)})
    >>> t = topic_tables(posts, k=2, passes=2, no_below=1, no_above=1.0, sweep_ks=(),
    ...                  communities={"a": "01", "b": "02"})
    >>> t["summary"]["documents"], t["doc_topics"].shape, sorted(t["distinctive_words"]["group"])[0]
    (40, (40, 2), '01')
    """
    from . import describe, topics
    from .text import tokenize_posts

    def say(msg: str) -> None:
        if progress:
            progress(msg)

    say("preprocessing (discourse.text)")
    tokens, report = tokenized or tokenize_posts(posts, **(text_options or {}))
    params = {"n_topics": k, "seed": seed, "passes": passes, "iterations": iterations}
    params |= {"no_below": no_below, "no_above": no_above}
    say(f"LDA, K={k}, {passes} passes over {len(tokens):,} documents")
    model = topics.TopicModel(**params).fit(tokens)
    say("document-topic table")
    theta = model.transform(tokens)
    out: dict = {"tokens": tokens, "doc_topics": theta, "model": model}
    out["topic_terms"] = model.topic_terms(topn=20)
    say("coherence (u_mass, c_npmi, c_v)")
    coherence = {m: model.coherence(tokens, measure=m) for m in topics.COHERENCE_MEASURES}
    say("prevalence by WITA day and campaign phase")
    out["topic_prevalence_day"] = topics.topic_prevalence(theta, posts, by="day")
    out["topic_prevalence_phase"] = topics.topic_prevalence(theta, posts, by="phase")
    summary: dict = {
        "parameters": {
            **params,
            "sweep_ks": list(sweep_ks),
            "sweep_seeds": list(sweep_seeds),
            "sweep_docs": sweep_docs,
            "text_options": {k_: str(v) for k_, v in (text_options or {}).items()},
        },
        "text": report.to_dict(),
        "documents": len(tokens),
        "filters": model.filters_,
        "coherence": coherence,
        "labels": {str(t): label for t, label in model.topic_labels(topn=3).items()},
    }
    if communities is not None:
        say("prevalence and distinctive words by camp")
        with_camp = describe.attach_camps(posts, communities)
        out["topic_prevalence_camp"] = topics.topic_prevalence(theta, with_camp, by="camp")
        camp_of = dict(zip(with_camp["post_id"], with_camp["camp"], strict=False))
        groups = tokens["post_id"].map(camp_of).where(lambda s: s != "unlabelled")
        out["distinctive_words"] = topics.distinctive_words(tokens, groups, topn=30)
        summary["camps"] = sorted(str(c) for c in groups.dropna().unique())
    if sweep_ks:
        sample = tokens
        if sweep_docs is not None and len(tokens) > sweep_docs:
            sample = tokens.sample(sweep_docs, random_state=seed).sort_index()
        sweep_params = {**params, "passes": min(passes, 5)}
        sweep_params.pop("n_topics")
        sweep_params.pop("seed")
        table = topics.sweep(
            sample,
            sweep_ks,
            seeds=sweep_seeds,
            progress=lambda m: say(f"sweep {m}"),
            **sweep_params,
        )
        out["topic_sweep"] = table
        summary["sweep"] = (
            table.groupby(["k", "measure"])["value"].mean().unstack("measure").round(4)
        ).to_dict(orient="index")
    out["summary"] = summary
    return out


def run_topics(
    posts: pd.DataFrame,
    out: str | Path,
    *,
    progress: Callable[[str], None] | None = None,
    **options,
) -> dict:
    """Run :func:`topic_tables` and write its tables to ``out``, each atomically.

    Writes ``topic_tokens.parquet``, ``doc_topics.parquet`` (``post_id`` and one column per
    topic, ``"0"``..), ``topic_terms.csv``, ``topic_prevalence_day.csv``,
    ``topic_prevalence_phase.csv``, with communities ``topic_prevalence_camp.csv`` and
    ``distinctive_words.csv``, with a sweep ``topic_sweep.csv``, the model folder
    ``topic_model/`` (:meth:`discourse.topics.TopicModel.save`) and ``topics.json`` (the
    summary, written last).

    Parameters
    ----------
    posts : pandas.DataFrame
        The canonical posts table.
    out : path
        Output folder.
    progress : callable, optional
        Called with a short message before each step.
    **options
        Keyword options of :func:`topic_tables`.

    Returns
    -------
    dict
        What ``topics.json`` holds.

    Examples
    --------
    >>> import tempfile
    >>> import pandas as pd
    >>> posts = pd.DataFrame({
    ...     "post_id": [str(i) for i in range(40)],
    ...     "text": ["banjir jalan rusak lagi", "tambang batubara lubang bekas"] * 20,
    ...     "created_at": pd.to_datetime(["2024-11-27T01:00:00Z"] * 40)})
    >>> d = tempfile.mkdtemp()
    >>> summary = run_topics(posts, d, k=2, passes=2, no_below=1, no_above=1.0, sweep_ks=())
    >>> sorted(read_topic_tables(d))[:3]
    ['doc_topics', 'summary', 'tokens']
    """
    from .io.processed import atomic_path

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tables = topic_tables(posts, progress=progress, **options)
    if progress:
        progress(f"writing {out}")
    for name in TOPIC_TABLES:
        if name in tables:
            with atomic_path(out / f"{name}.csv") as tmp:
                tables[name].to_csv(tmp, index=False)
    theta = tables["doc_topics"]
    wide = theta.set_axis([str(c) for c in theta.columns], axis=1).reset_index()
    for name, frame in (("topic_tokens", tables["tokens"]), ("doc_topics", wide)):
        with atomic_path(out / f"{name}.parquet") as tmp:
            frame.to_parquet(tmp, index=False)
    tables["model"].save(out / "topic_model")
    summary = tables["summary"]
    with atomic_path(out / "topics.json") as tmp:
        tmp.write_text(json.dumps(summary, indent=2, default=str) + "\n")
    return summary


def read_topic_tables(processed: str | Path) -> dict:
    """Read what :func:`run_topics` wrote.

    Returns
    -------
    dict
        Each of :data:`TOPIC_TABLES` present → DataFrame (``day`` as WITA timestamps,
        ``phase`` as an ordered categorical), ``"tokens"`` → ``post_id``, ``tokens``,
        ``"doc_topics"`` → document × topic table indexed by ``post_id`` (integer topic
        columns), ``"summary"`` → the ``topics.json`` dict. The model is not loaded (use
        ``TopicModel.load(processed / "topic_model")``).

    Raises
    ------
    FileNotFoundError
        ``topics.json`` is missing (the message says to run ``discourse topics``).

    Examples
    --------
    >>> import tempfile
    >>> read_topic_tables(tempfile.mkdtemp())
    Traceback (most recent call last):
    ...
    FileNotFoundError: ... run `discourse topics --processed ...` first
    """
    from .times import CAMPAIGN_PHASES, WITA

    processed = Path(processed)
    out: dict = {"summary": _stage_summary(processed, "topics")}
    for name in TOPIC_TABLES:
        path = processed / f"{name}.csv"
        if not path.is_file():
            continue
        table = pd.read_csv(path, dtype={"camp": str, "group": str, "term": str})
        if "day" in table.columns:
            table["day"] = pd.to_datetime(table["day"], utc=True).dt.tz_convert(WITA)
        if "phase" in table.columns:
            keys = [p.key for p in CAMPAIGN_PHASES]
            table["phase"] = pd.Categorical(table["phase"], categories=keys, ordered=True)
            table["phase"] = table["phase"].cat.remove_unused_categories()
        out[name] = table
    out["tokens"] = pd.read_parquet(processed / "topic_tokens.parquet")
    wide = pd.read_parquet(processed / "doc_topics.parquet").set_index("post_id")
    wide.columns = pd.RangeIndex(wide.shape[1], name="topic")
    out["doc_topics"] = wide
    return out


def load_topic_tables(processed: str | Path, **options) -> dict:
    """The topics stage's tables: read from ``processed`` when ``discourse topics`` has run
    (``topics.json`` present; ``options`` are then ignored: the summary records the ones
    used), else computed in memory by :func:`topic_tables` from ``posts.parquet`` and the
    networks stage's ``communities.csv`` when present, writing nothing.

    Parameters
    ----------
    processed : path
        The processed folder.
    **options
        Keyword options of :func:`topic_tables` for the in-memory case.

    Returns
    -------
    dict
        As :func:`read_topic_tables`, plus ``"source"``: ``"stage"`` or ``"computed"``.

    Examples
    --------
    >>> import tempfile
    >>> load_topic_tables(tempfile.mkdtemp())
    Traceback (most recent call last):
    ...
    FileNotFoundError: ...
    """
    from .io.processed import read_processed

    processed = Path(processed)
    if (processed / "topics.json").is_file():
        return {**read_topic_tables(processed), "source": "stage"}
    comm_path = processed / "communities.csv"
    communities = None
    if comm_path.is_file():
        communities = pd.read_csv(comm_path, dtype={"node": str, "camp": str})
    tables = topic_tables(read_processed(processed), communities=communities, **options)
    return {**tables, "source": "computed"}


# --------------------------------------------------------------------------- hoaxes stage
#: Tables :func:`run_hoaxes` writes (file name → what it holds), as :func:`read_hoax_tables`
#: names them (the stem).
HOAX_TABLES = {
    "hoax_claims.csv": "the validated claim catalogue (lists '|'-joined; readable again)",
    "hoax_matches.parquet": "post → claim matches (role, score, rule, ambiguous)",
    "cascade_nodes.parquet": "one row per post of every cascade (parent, depth, inferred)",
    "cascade_metrics.parquet": "one row per cascade: metrics, claim, role and group",
    "claim_cascades.csv": "the cascades of each claim and role, grouped across roots",
    "cascade_ccdf.csv": "CCDFs of the cascade measures per group (all / size-matched)",
    "cascade_comparison.csv": "group comparisons before and after size matching (tests)",
    "exposure_by_camp.csv": "accounts each claim and its debunk reach, per camp",
    "debunk_latency.csv": "time to the first debunk and the share of spread before it",
    "coordination_bursts.csv": "bursts of near-identical posts, per cluster",
    "coordination_squads.csv": "co-retweet squads, per cluster",
}
#: Measures whose CCDFs and comparisons :func:`hoax_tables` reports.
CASCADE_MEASURES = (
    "size",
    "unique_accounts",
    "depth",
    "max_breadth",
    "structural_virality",
    "lifetime_hours",
)
#: Group pairs compared with and without size matching.
CASCADE_COMPARISONS = (("hoax", "other"), ("debunk", "other"), ("hoax", "debunk"))


def find_catalogue(processed: str | Path) -> Path | None:
    """The claim catalogue the ingest found beside the posts (``manifest.json`` lists it as a
    skipped ``claim-catalogue`` file), or None.

    Examples
    --------
    >>> import tempfile
    >>> find_catalogue(tempfile.mkdtemp()) is None
    True
    """
    manifest = Path(processed) / "manifest.json"
    if not manifest.is_file():
        return None
    for f in json.loads(manifest.read_text()).get("skipped", []):
        if f.get("format") == "claim-catalogue" and Path(f["path"]).is_file():
            return Path(f["path"])
    return None


def read_camps(processed: str | Path) -> dict[str, str]:
    """Account → camp from the networks stage's ``communities.csv`` (unlabelled left out);
    empty when the networks stage has not run.

    Examples
    --------
    >>> import tempfile
    >>> read_camps(tempfile.mkdtemp())
    {}
    """
    from .communities import UNLABELLED

    path = Path(processed) / "communities.csv"
    if not path.is_file():
        return {}
    table = pd.read_csv(path, dtype={"node": str, "camp": str})
    table = table[table["camp"].notna() & (table["camp"] != UNLABELLED)]
    return dict(zip(table["node"], table["camp"], strict=True))


def hoax_tables(
    posts: pd.DataFrame,
    catalogue: pd.DataFrame,
    *,
    examples: pd.DataFrame | None = None,
    method: str = "time",
    follows: pd.DataFrame | None = None,
    camps: dict[str, str] | None = None,
    threshold: float = 0.5,
    min_keywords: int = 4,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Everything the hoaxes stage computes, in memory (see :func:`run_hoaxes`).

    Returns
    -------
    dict
        Table stem (:data:`HOAX_TABLES` without suffix, plus ``burst_posts`` and
        ``squad_accounts``) → DataFrame, and ``"summary"`` → a JSON-ready dict (reports,
        parameters, cascades per group).

    Examples
    --------
    >>> import pyarrow as pa
    >>> from discourse.schema import conform, to_pandas
    >>> posts = to_pandas(conform(pa.table({
    ...     "post_id": ["1", "2", "3"], "platform": ["x"] * 3,
    ...     "kind": ["original", "retweet", "original"], "author_id": ["a", "b", "c"],
    ...     "created_at": ["2024-11-27T01:00:00Z", "2024-11-27T01:05:00Z",
    ...                    "2024-11-27T02:00:00Z"],
    ...     "text": ["BOCORAN exit poll 1200 responden: nomor 2 unggul!!",
    ...              "RT @a: BOCORAN exit poll 1200 responden: nomor 2 unggul!!",
    ...              "ayo ke TPS"], "retweeted_post_id": [None, "1", None]})))
    >>> cat = pd.DataFrame({"claim_id": ["H3"], "title": ["Exit poll palsu"],
    ...                     "verdict": ["HOAKS"], "keywords": ["exit poll|responden"]})
    >>> t = hoax_tables(posts, cat)
    >>> t["summary"]["groups"], t["cascade_metrics"]["size"].tolist()
    ({'hoax': 1, 'other': 1}, [2, 1])
    """
    from . import hoaxes as hx

    def say(msg: str) -> None:
        if progress:
            progress(msg)

    camps = camps or {}
    catalogue = hx.validate_catalogue(catalogue, require_verdict=False)
    out: dict = {}
    say(f"matching {len(posts):,} posts against {len(catalogue)} claims")
    matches, mrep = hx.match_posts(
        posts, catalogue, examples=examples, threshold=threshold, min_keywords=min_keywords
    )
    out["hoax_matches"] = matches
    say(f"cascades ({method})")
    nodes, crep = hx.build_cascades(posts, method=method, follows=follows)
    out["cascade_nodes"] = nodes
    say("cascade metrics")
    metrics = hx.cascade_metrics(nodes, camps=camps or None)
    labelled = hx.label_cascades(metrics, matches, catalogue, nodes=nodes)
    out["cascade_metrics"] = labelled
    out["claim_cascades"] = hx.claim_cascades(labelled, nodes)
    say("comparisons (CCDF, size-matched)")
    ccdfs, comps = [], []
    for measure in CASCADE_MEASURES:
        ccdfs.append(hx.ccdf(labelled, measure).assign(measure=measure, sample="all"))
    for a, b in CASCADE_COMPARISONS:
        tests, matched = hx.size_matched(labelled, a=a, b=b, seed=seed)
        comps.append(tests.assign(a=a, b=b))
        for measure in ("depth", "max_breadth", "structural_virality"):
            ccdfs.append(
                hx.ccdf(matched, measure).assign(measure=measure, sample=f"size-matched {a}-{b}")
            )
    out["cascade_ccdf"] = pd.concat(ccdfs, ignore_index=True)
    comp = pd.concat(comps, ignore_index=True)
    out["cascade_comparison"] = comp[["a", "b", *[c for c in comp.columns if c not in "ab"]]]
    say("exposure by camp, debunk latency")
    out["exposure_by_camp"] = hx.exposure_by_camp(posts, matches, camps, follows=follows)
    out["debunk_latency"] = hx.debunk_latency(posts, matches, catalogue=catalogue)
    say("coordination: near-duplicate bursts, co-retweet squads")
    out["coordination_bursts"], out["burst_posts"] = hx.near_duplicate_bursts(posts, seed=seed)
    out["coordination_squads"], out["squad_accounts"] = hx.coretweet_squads(
        posts, camps=camps or None
    )
    out["hoax_claims"] = catalogue
    out["summary"] = {
        "parameters": {
            "method": method,
            "threshold": threshold,
            "min_keywords": min_keywords,
            "seed": seed,
            "follows": follows is not None,
            "camps": len(camps),
            "examples": 0 if examples is None else len(examples),
        },
        "matching": mrep.to_dict(),
        "cascades": crep.to_dict(),
        "groups": {str(k): int(v) for k, v in labelled["group"].value_counts().items()},
        "bursts": len(out["coordination_bursts"]),
        "squads": len(out["coordination_squads"]),
    }
    return out


def _catalogue_csv(catalogue: pd.DataFrame) -> pd.DataFrame:
    out = catalogue.copy()
    for c in ("keywords", "urls"):
        out[c] = out[c].map(lambda v: "|".join(v) if isinstance(v, list) else "")
    out["debunk_date"] = pd.to_datetime(out["debunk_date"]).dt.strftime("%Y-%m-%d")
    return out


def run_hoaxes(
    posts: pd.DataFrame,
    out: str | Path,
    *,
    claims: str | Path | pd.DataFrame,
    examples: pd.DataFrame | None = None,
    method: str = "time",
    follows: pd.DataFrame | None = None,
    camps: dict[str, str] | None = None,
    threshold: float = 0.5,
    min_keywords: int = 4,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """The hoaxes stage: matches, cascades, metrics, comparisons and coordination signals.

    Matches the posts to the claim catalogue (:func:`discourse.hoaxes.match_posts`), builds the
    cascades (``method="time"``: retweets re-attached by the time-inferred rule, using the
    interaction edges and ``follows`` when given), computes per-cascade metrics (camp shares
    from ``camps``), labels cascades hoax/claim/debunk/other by their roots, and writes
    :data:`HOAX_TABLES` (plus ``coordination_burst_posts.csv`` and
    ``coordination_squad_accounts.csv``, the members of each cluster) and ``hoaxes.json`` to
    ``out``, each file atomically.

    Parameters
    ----------
    posts : pandas.DataFrame
        The canonical posts table.
    out : path
        Output folder.
    claims : path or DataFrame
        The claim catalogue (:func:`discourse.hoaxes.read_catalogue`).
    examples : pandas.DataFrame, optional
        Known examples for the similarity rule (``claim_id, role, text``).
    method : {"time", "observed"}
        Cascade reconstruction.
    follows : pandas.DataFrame, optional
        Follower table (follower, followed), ids as in ``posts``.
    camps : dict, optional
        Account → camp (e.g. :func:`read_camps`).
    threshold, min_keywords : float, int
        Matching rules (see :func:`discourse.hoaxes.match_posts`).
    seed : int
        Seed of the size-matched draws and of the MinHash functions.
    progress : callable, optional
        Called with a short message before each step.

    Returns
    -------
    dict
        What ``hoaxes.json`` holds.

    Examples
    --------
    >>> import tempfile
    >>> from discourse.synth import SynthConfig, generate
    >>> from discourse.io import read_posts
    >>> d = tempfile.mkdtemp()
    >>> _ = generate(d + "/raw", d + "/truth", SynthConfig(n_posts=2000, seed=3))
    >>> posts, _ = read_posts(d + "/raw/twarc2")
    >>> summary = run_hoaxes(posts, d + "/out", claims=d + "/raw/claims.csv")
    >>> sorted(read_hoax_tables(d + "/out"))[:3]
    ['burst_posts', 'cascade_ccdf', 'cascade_comparison']
    """
    from .hoaxes import read_catalogue
    from .io.processed import atomic_path

    catalogue = claims if isinstance(claims, pd.DataFrame) else read_catalogue(claims)
    tables = hoax_tables(
        posts, catalogue, examples=examples, method=method, follows=follows, camps=camps,
        threshold=threshold, min_keywords=min_keywords, seed=seed, progress=progress,
    )  # fmt: skip
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    summary = tables.pop("summary")
    if progress:
        progress(f"writing tables to {out}")
    files = {
        **{Path(name).stem: name for name in HOAX_TABLES},
        "burst_posts": "coordination_burst_posts.csv",
        "squad_accounts": "coordination_squad_accounts.csv",
    }
    for stem, name in files.items():
        table = tables[stem]
        if stem == "hoax_claims":
            table = _catalogue_csv(table)
        with atomic_path(out / name) as tmp:
            if name.endswith(".parquet"):
                table.to_parquet(tmp, index=False)
            else:
                table.to_csv(tmp, index=False)
    summary["files"] = sorted(files.values())
    with atomic_path(out / "hoaxes.json") as tmp:
        tmp.write_text(json.dumps(summary, indent=2, default=str) + "\n")
    return summary


def read_hoax_tables(processed: str | Path) -> dict:
    """Read what :func:`run_hoaxes` wrote.

    Returns
    -------
    dict
        Table stem → DataFrame (the :data:`HOAX_TABLES` stems, ``burst_posts`` and
        ``squad_accounts``; ``hoax_claims`` re-read with
        :func:`discourse.hoaxes.read_catalogue`), and ``"summary"`` → the ``hoaxes.json`` dict.

    Raises
    ------
    FileNotFoundError
        ``hoaxes.json`` is missing (the message says to run ``discourse hoaxes``).

    Examples
    --------
    >>> import tempfile
    >>> read_hoax_tables(tempfile.mkdtemp())
    Traceback (most recent call last):
    ...
    FileNotFoundError: ... run `discourse hoaxes --processed ...` first
    """
    from .hoaxes import read_catalogue

    processed = Path(processed)
    out: dict = {"summary": _stage_summary(processed, "hoaxes")}
    ids = {c: str for c in ("post_id", "claim_id", "cascade_id", "account", "author_id", "camp")}
    names = {
        **{Path(n).stem: n for n in HOAX_TABLES},
        "burst_posts": "coordination_burst_posts.csv",
        "squad_accounts": "coordination_squad_accounts.csv",
    }
    for stem, name in names.items():
        path = processed / name
        if stem == "hoax_claims":
            out[stem] = read_catalogue(path, require_verdict=False)
        elif name.endswith(".parquet"):
            out[stem] = pd.read_parquet(path)
        else:
            table = pd.read_csv(path, dtype=ids)
            for c in table.columns:
                if c in ("start", "end", "first_at", "last_at", "created_at", "first_spread",
                         "first_debunk"):  # fmt: skip
                    table[c] = pd.to_datetime(table[c], utc=True, format="ISO8601")
            out[stem] = table
    return out


def load_hoax_tables(
    processed: str | Path, *, claims: str | Path | None = None, seed: int = 0
) -> dict:
    """The hoaxes stage's tables: read from ``processed`` when ``discourse hoaxes`` has run,
    else computed in memory from ``posts.parquet``, the catalogue (``claims``, or the one the
    ingest found beside the posts) and the networks stage's camps, writing nothing.

    Examples
    --------
    >>> import tempfile
    >>> load_hoax_tables(tempfile.mkdtemp())
    Traceback (most recent call last):
    ...
    FileNotFoundError: ... no claim catalogue: pass claims=... or run `discourse hoaxes`
    """
    from .hoaxes import read_catalogue
    from .io.processed import read_processed

    processed = Path(processed)
    if (processed / "hoaxes.json").is_file():
        return read_hoax_tables(processed)
    path = claims or find_catalogue(processed)
    if path is None:
        raise FileNotFoundError(
            f"{processed}: no hoaxes.json and no claim catalogue: pass claims=... or run "
            "`discourse hoaxes`"
        )
    return hoax_tables(
        read_processed(processed), read_catalogue(path), camps=read_camps(processed), seed=seed
    )
