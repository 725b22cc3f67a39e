"""Polarisation measures for two-sided interaction networks (DESIGN.md §4).

Every function takes a networkx graph first (edges may carry a ``weight`` attribute) and returns a
Python scalar, a dict or a DataFrame; the input graph is never mutated. Two-sided measures take
``sides``, a ``dict[node, label]`` with exactly two distinct labels. **Nodes of ``G`` without a
side are ignored**: every two-sided measure works on the subgraph induced by the nodes that have a
side (a random walk cannot pass through an unlabelled node; an edge with an unlabelled end is not
counted). Keys of ``sides`` that are not nodes of ``G`` are ignored too.

Measures and the published variant implemented:

- :func:`rwc_exact`, :func:`rwc_monte_carlo` -- Random Walk Controversy, Garimella et al. 2018,
  doi:10.1145/3140565.
- :func:`ei_index` -- Krackhardt & Stern 1988, doi:10.2307/2786835.
- :func:`modularity` -- Newman 2006, doi:10.1073/pnas.0601602103 (Leicht & Newman 2008 for
  directed graphs, as networkx implements it).
- :func:`boundary_polarization` -- Guerra, Meira, Cardie & Kleinberg 2013,
  doi:10.1609/icwsm.v7i1.14421.
- :func:`assortativity` -- Newman 2003, doi:10.1103/PhysRevE.67.026126.
- :func:`bootstrap_interval` -- vertex bootstrap, Snijders & Borgatti 1999.
- :func:`null_model`, :func:`randomise` -- Salloum, Chen & Kivelä 2022, doi:10.1145/3512962.
- :func:`echo_chambers`, :func:`echo_chamber_summary`, :func:`leaning_from_shares` -- Cinelli,
  De Francisci Morales, Galeazzi, Quattrociocchi & Starnini 2021, doi:10.1073/pnas.2023301118.
"""

from __future__ import annotations

import gc
import itertools
import math
import warnings
from collections.abc import Callable, Hashable, Mapping
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse import csgraph
from scipy.sparse.linalg import LinearOperator, bicgstab, cg, spsolve

__all__ = [
    "assortativity",
    "bootstrap_interval",
    "boundary_polarization",
    "echo_chamber_summary",
    "echo_chambers",
    "ei_index",
    "leaning_from_shares",
    "modularity",
    "null_model",
    "randomise",
    "rwc_exact",
    "rwc_monte_carlo",
]

Node = Hashable


# --------------------------------------------------------------------------- helpers


def _check_graph(G: Any, name: str = "G") -> None:
    if not isinstance(G, nx.Graph):
        raise TypeError(f"{name}: expected a networkx Graph or DiGraph, got {type(G).__name__}")


def _two_labels(G: nx.Graph, sides: Mapping[Node, Hashable]) -> tuple[list[Node], tuple]:
    """Return (nodes of G that have a side, in G's order) and the two labels (sorted by str)."""
    _check_graph(G)
    if not isinstance(sides, Mapping):
        raise TypeError(f"sides: expected a dict node -> label, got {type(sides).__name__}")
    nodes = [v for v in G if v in sides]
    labels = sorted({sides[v] for v in nodes}, key=lambda x: (str(type(x)), str(x)))
    if len(labels) != 2:
        raise ValueError(
            f"sides: need exactly two distinct labels among the nodes of G, found {len(labels)}"
            f" ({labels[:5]!r})"
        )
    return nodes, (labels[0], labels[1])


def _sided_subgraph(G: nx.Graph, sides: Mapping[Node, Hashable]):
    nodes, labels = _two_labels(G, sides)
    return G.subgraph(nodes), nodes, labels


# --------------------------------------------------------------------------- RWC


def _rwc_setup(G, sides, k, weight):
    """Shared set-up of the exact and Monte-Carlo RWC.

    Returns the CSR transition-weight matrix ``A`` (rows = from, on the sided subgraph), the side
    code of every node (0/1), the absorbing mask and the mask of nodes from which an absorbing node
    can be reached.
    """
    if not isinstance(k, int | np.integer) or k < 1:
        raise ValueError(f"k: expected a positive integer, got {k!r}")
    H, nodes, labels = _sided_subgraph(G, sides)
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    code = np.fromiter((0 if sides[v] == labels[0] else 1 for v in nodes), dtype=np.int8, count=n)
    if weight is None:
        rows, cols = [], []
        for u, v in H.edges():
            rows.append(index[u])
            cols.append(index[v])
        data = np.ones(len(rows))
    else:
        rows, cols, vals = [], [], []
        for u, v, w in H.edges(data=weight, default=1.0):
            rows.append(index[u])
            cols.append(index[v])
            vals.append(w)
        data = np.asarray(vals, dtype=float)
        if np.any(data < 0) or not np.all(np.isfinite(data)):
            raise ValueError(f"weight: edge attribute {weight!r} must be finite and >= 0")
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    if not H.is_directed():
        loops = rows == cols
        rows, cols = (
            np.concatenate([rows, cols[~loops]]),
            np.concatenate([cols, rows[~loops]]),
        )
        data = np.concatenate([data, data[~loops]])
    # duplicates (multigraph edges) are summed by the CSR conversion
    A = sp.csr_matrix((data, (rows, cols)), shape=(n, n))
    A.sum_duplicates()
    # k highest (unweighted) degree nodes of each side; ties broken by the order of G's nodes
    # in the order of ``nodes`` (a subgraph view may iterate its nodes in another order)
    degree = H.degree()
    deg = np.fromiter((degree[v] for v in nodes), dtype=np.int64, count=n)
    absorbing = np.zeros(n, dtype=bool)
    for s in (0, 1):
        cand = np.flatnonzero(code == s)
        order = cand[np.lexsort((cand, -deg[cand]))]
        absorbing[order[:k]] = True
    # nodes that can reach an absorbing node (BFS on the reversed graph from a virtual source)
    abs_idx = np.flatnonzero(absorbing)
    R = sp.csr_matrix(A.T)
    src = sp.csr_matrix(
        (np.ones(len(abs_idx)), (np.zeros(len(abs_idx), dtype=np.int64), abs_idx)),
        shape=(1, n),
    )
    aug = sp.bmat([[sp.csr_matrix((1, 1)), src], [None, R]], format="csr")
    reached = csgraph.breadth_first_order(aug, 0, directed=True, return_predecessors=False)
    reach = np.zeros(n + 1, dtype=bool)
    reach[reached] = True
    return A, code, absorbing, reach[1:], labels


def _rwc_absorption(A, code, absorbing, reach):
    """Absorption probabilities ``b`` (n x 2): P(walk from i ends at a side-s absorbing node)."""
    n = A.shape[0]
    b = np.zeros((n, 2))
    b[absorbing, code[absorbing]] = 1.0
    trans = np.flatnonzero(reach & ~absorbing)
    if trans.size:
        out = np.asarray(A.sum(axis=1)).ravel()
        inv = np.zeros(n)
        nz = out > 0
        inv[nz] = 1.0 / out[nz]
        P = sp.diags(inv) @ A  # row-stochastic (rows of sinks are zero)
        P_t = sp.csr_matrix(P[trans])
        Q = P_t[:, trans]
        abs_idx = np.flatnonzero(absorbing)
        S = np.zeros((abs_idx.size, 2))
        S[np.arange(abs_idx.size), code[abs_idx]] = 1.0
        Rm = P_t[:, abs_idx] @ S
        b[trans] = _solve_absorption(Q, Rm, A, out, trans, abs_idx, S)
    return b


_DIRECT_MAX = 5000  # transient nodes up to which SuperLU (spsolve) is used


def _solve_absorption(Q, Rm, A, out, trans, abs_idx, S):
    """Solve ``(I - Q) B = R``: SuperLU for small systems, Krylov iterations for large ones.

    Direct factorisation of random-graph Laplacians fills in badly, so above ``_DIRECT_MAX``
    transient nodes an undirected graph is solved by preconditioned conjugate gradients on the
    equivalent symmetric positive-definite system ``(D_T - A_TT) B = A_T,abs S`` (rows of
    ``I - Q`` multiplied by the degrees), and a directed one by BiCGSTAB; both to a relative
    residual of 1e-12, falling back to ``spsolve`` if they do not converge.
    """
    m = trans.size
    if m <= _DIRECT_MAX:
        M = sp.identity(m, format="csc") - sp.csc_matrix(Q)
        return np.asarray(spsolve(M, Rm)).reshape(m, 2)
    symmetric = (A != A.T).nnz == 0
    if symmetric:
        A_t = sp.csr_matrix(A[trans])
        M = sp.diags(out[trans]) - A_t[:, trans]
        rhs = np.asarray(A_t[:, abs_idx] @ S)
    else:
        M = sp.identity(m, format="csr") - sp.csr_matrix(Q)
        rhs = np.asarray(Rm)
    M = sp.csr_matrix(M)
    diag = M.diagonal()
    pre = LinearOperator((m, m), matvec=lambda x: x / diag, dtype=float)
    sol = np.zeros((m, 2))
    for c in (0, 1):
        if symmetric:
            x, info = cg(M, rhs[:, c], rtol=1e-12, atol=0.0, maxiter=100 * m, M=pre)
        else:
            x, info = bicgstab(M, rhs[:, c], rtol=1e-12, atol=0.0, maxiter=100 * m, M=pre)
        if info != 0:  # pragma: no cover - fallback
            x = spsolve(sp.csc_matrix(M), rhs[:, c])
        sol[:, c] = x
    return sol


def _rwc_from_probs(a: float, c: float) -> float:
    """RWC from ``a = Pr[end Y | start X]`` and ``c = Pr[end X | start Y]``.

    Garimella et al. define ``P_AB = Pr[start in A | end in B]`` with the start side drawn with
    probability 1/2 each (equal numbers of walks from both sides), so by Bayes
    ``P_XX = (1 - a) / ((1 - a) + c)``, ``P_YX = c / ((1 - a) + c)``,
    ``P_YY = (1 - c) / ((1 - c) + a)``, ``P_XY = a / ((1 - c) + a)`` and
    ``RWC = P_XX P_YY - P_YX P_XY = (1 - a - c) / (((1 - a) + c) ((1 - c) + a))``.
    """
    end_x, end_y = (1.0 - a) + c, (1.0 - c) + a
    return float((1.0 - a - c) / (end_x * end_y))


def _rwc_gradient(a: float, c: float) -> tuple[float, float]:
    """Partial derivatives of :func:`_rwc_from_probs` (delta-method standard error)."""
    num, d1, d2 = 1.0 - a - c, (1.0 - a) + c, (1.0 - c) + a
    den = (d1 * d2) ** 2
    return (-d1 * d2 - num * (d1 - d2)) / den, (-d1 * d2 - num * (d2 - d1)) / den


def rwc_exact(
    G: nx.Graph,
    sides: Mapping[Node, Hashable],
    *,
    k: int = 10,
    weight: str | None = None,
) -> float:
    """Random Walk Controversy, computed exactly from absorption probabilities.

    Garimella, De Francisci Morales, Gionis & Mathioudakis (2018), "Quantifying controversy on
    social media", ACM Trans. Social Computing 1(1):3, doi:10.1145/3140565.

    Variant implemented: the ``k`` highest-degree nodes of each side (unweighted degree in the
    subgraph induced by the sided nodes; for a DiGraph in- plus out-degree; ties broken by the
    order of ``G``'s nodes; a side with fewer than ``k`` nodes has all of them absorbing) are
    absorbing. A walk starts at a uniformly random node of side X -- absorbing nodes included; a
    walk that starts on an absorbing node ends there at once -- and moves to a uniformly random
    neighbour (``weight=None``, as in the paper) or to a neighbour with probability proportional to
    the edge weight, until it first hits an absorbing node. As in the paper, the start side is X
    or Y with probability 1/2 each (the paper runs equally many walks from both sides) and
    ``P_AB = Pr[walk started in A | it ended in B]``; ``RWC = P_XX * P_YY - P_YX * P_XY``: two
    walks, one ending in X and one in Y, both started on the side they ended in, minus both
    started on the other side. With ``a = Pr[end Y | start X]`` and ``c = Pr[end X | start Y]``
    (absorption probabilities averaged over the start nodes of a side),
    ``RWC = (1 - a - c) / ((1 - a + c) (1 - c + a))``; it reduces to ``1 - a - c`` only when
    ``a = c``.

    Undirected graphs are the paper's case. For a DiGraph the walk follows out-edges; nodes
    without out-edges trap the walk. Nodes from which no absorbing node can be reached (e.g.
    components without an absorbing node) are excluded as start nodes; in a DiGraph, walks that
    get trapped elsewhere are dropped, i.e. ``P_XY = sum_u b_u(Y) / sum_u (b_u(X) + b_u(Y))`` over
    the start nodes ``u`` of X, with ``b`` the absorption probabilities. In a MultiGraph parallel
    edges add up; self-loops are transitions back to the same node.

    The absorption probabilities come from one sparse linear solve ``(I - Q) B = R`` over the
    transient nodes: ``scipy.sparse.linalg.spsolve`` up to 5000 transient nodes; above that
    (where LU fill-in explodes on random-like graphs) preconditioned conjugate gradients on the
    equivalent symmetric system for undirected graphs, BiCGSTAB for directed ones, to a relative
    residual of 1e-12 (spsolve if they fail).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The interaction graph (e.g. retweet/endorsement graph). Not modified.
    sides : dict
        node -> one of exactly two labels. Nodes without a side are ignored (dropped).
    k : int, default 10
        Number of absorbing (highest-degree) nodes per side.
    weight : str or None, default None
        Edge attribute used as transition weight; ``None`` = unweighted, as in the paper.

    Returns
    -------
    float
        RWC in [-1, 1]; close to 1 for a polarised graph, close to 0 when the sides are mixed.
        NaN when no start node of a side can reach an absorbing node.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.disjoint_union(nx.complete_graph(5), nx.complete_graph(5))
    >>> sides = {v: "A" if v < 5 else "B" for v in G}
    >>> rwc_exact(G, sides, k=1)
    1.0
    """
    A, code, absorbing, reach, _ = _rwc_setup(G, sides, k, weight)
    b = _rwc_absorption(A, code, absorbing, reach)
    p = []
    for s in (0, 1):
        start = (code == s) & reach
        tot = b[start].sum()
        if tot <= 0:
            return float("nan")
        p.append(b[start, 1 - s].sum() / tot)
    return _rwc_from_probs(p[0], p[1])


def rwc_monte_carlo(
    G: nx.Graph,
    sides: Mapping[Node, Hashable],
    *,
    k: int = 10,
    n_walks: int = 10_000,
    seed: int = 0,
    weight: str | None = None,
    max_steps: int = 100_000,
) -> tuple[float, float]:
    """Random Walk Controversy by simulation, as in the paper, with its standard error.

    Garimella, De Francisci Morales, Gionis & Mathioudakis (2018), ACM Trans. Social Computing
    1(1):3, doi:10.1145/3140565. Same variant as :func:`rwc_exact` (absorbing nodes, start rule,
    directedness, unreachable start nodes excluded); the two agree within sampling error.

    ``n_walks`` walks start from uniformly random (reachable) nodes of *each* side; all walkers
    are advanced together with numpy on CSR neighbour arrays. Walks not absorbed within
    ``max_steps`` steps, or trapped at a node without out-edges (DiGraph), are dropped (a
    ``RuntimeWarning`` says how many). With ``a`` = share of absorbed X-walks ending in Y and
    ``c`` = share of absorbed Y-walks ending in X, the paper's conditional probabilities
    ``P_AB = Pr[start A | end B]`` follow by Bayes with equal start probabilities (the
    paper's equal numbers of walks per side; see :func:`rwc_exact`), and the standard error is
    the delta-method one for two independent binomial proportions,
    ``sqrt(f_a^2 a (1 - a) / n_X + f_c^2 c (1 - c) / n_Y)`` with ``f_a, f_c`` the partial
    derivatives of RWC.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Not modified.
    sides : dict
        node -> one of exactly two labels. Nodes without a side are ignored.
    k : int, default 10
        Absorbing nodes per side.
    n_walks : int, default 10000
        Walks started from each side.
    seed : int, default 0
        Seed of ``numpy.random.default_rng``; same seed, same result.
    weight : str or None, default None
        Edge attribute for weighted transitions; ``None`` = unweighted (the paper).
    max_steps : int, default 100000
        Longest walk simulated.

    Returns
    -------
    (float, float)
        RWC estimate and its standard error.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.disjoint_union(nx.complete_graph(5), nx.complete_graph(5))
    >>> sides = {v: "A" if v < 5 else "B" for v in G}
    >>> rwc_monte_carlo(G, sides, k=1, n_walks=100, seed=1)
    (1.0, 0.0)
    """
    if n_walks < 1:
        raise ValueError(f"n_walks: expected a positive integer, got {n_walks!r}")
    A, code, absorbing, reach, _ = _rwc_setup(G, sides, k, weight)
    rng = np.random.default_rng(seed)
    indptr, indices = A.indptr, A.indices
    cum = np.concatenate([[0.0], np.cumsum(A.data)])
    nnz_end = len(A.data) - 1
    counts = np.zeros((2, 2), dtype=np.int64)  # [start side, end side]
    dropped = 0
    for s in (0, 1):
        pool = np.flatnonzero((code == s) & reach)
        if pool.size == 0:
            return float("nan"), float("nan")
        pos = pool[rng.integers(0, pool.size, size=n_walks)]
        for _ in range(max_steps + 1):
            hit = absorbing[pos]
            if hit.any():
                counts[s] += np.bincount(code[pos[hit]], minlength=2)
                pos = pos[~hit]
            lo_i, hi_i = indptr[pos], indptr[pos + 1]
            stuck = hi_i == lo_i
            if stuck.any():
                dropped += int(stuck.sum())
                keep = ~stuck
                pos, lo_i, hi_i = pos[keep], lo_i[keep], hi_i[keep]
            if pos.size == 0:
                break
            lo, hi = cum[lo_i], cum[hi_i]
            target = lo + rng.random(pos.size) * (hi - lo)
            j = np.searchsorted(cum, target, side="right") - 1
            j = np.clip(j, lo_i, np.minimum(hi_i - 1, nnz_end))
            pos = indices[j]
        dropped += int(pos.size)
    if dropped:
        warnings.warn(
            f"rwc_monte_carlo: {dropped} walks were not absorbed (trapped or longer than "
            f"max_steps={max_steps}) and were dropped",
            RuntimeWarning,
            stacklevel=2,
        )
    n_x, n_y = counts.sum(axis=1)
    if n_x == 0 or n_y == 0:
        return float("nan"), float("nan")
    a = counts[0, 1] / n_x
    c = counts[1, 0] / n_y
    f_a, f_c = _rwc_gradient(a, c)
    se = math.sqrt(f_a**2 * a * (1 - a) / n_x + f_c**2 * c * (1 - c) / n_y)
    return _rwc_from_probs(a, c), float(se)


# --------------------------------------------------------------------------- simple indices


def ei_index(G: nx.Graph, sides: Mapping[Node, Hashable], *, weight: str | None = None) -> float:
    """Krackhardt & Stern's E-I index of the two camps.

    Krackhardt & Stern (1988), "Informal networks and organizational crises: an experimental
    simulation", Social Psychology Quarterly 51(2):123-140, doi:10.2307/2786835.

    Variant: ``(E - I) / (E + I)`` over the edges whose two ends both have a side, ``E`` = edges
    joining the two sides, ``I`` = edges inside a side (self-loops count as internal; in a
    MultiGraph each parallel edge counts; in a DiGraph each arc counts). With ``weight`` the edges
    are weighted (sum of the attribute, default 1 when missing). -1 = all ties internal
    (polarised), +1 = all ties across. NaN when no edge has two sided ends.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    sides : dict
        node -> one of exactly two labels; nodes without a side are ignored.
    weight : str or None, default None
        Edge attribute to sum instead of counting edges.

    Returns
    -------
    float

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.path_graph(4)  # 0-1-2-3
    >>> ei_index(G, {0: "a", 1: "a", 2: "b", 3: "b"})  # E = 1, I = 2
    -0.3333333333333333
    """
    H, _, _ = _sided_subgraph(G, sides)
    e = i = 0.0
    for u, v, w in H.edges(data=weight, default=1.0):
        w = 1.0 if weight is None else float(w)
        if sides[u] == sides[v]:
            i += w
        else:
            e += w
    if e + i == 0:
        return float("nan")
    return float((e - i) / (e + i))


def modularity(
    G: nx.Graph, sides: Mapping[Node, Hashable], *, weight: str | None = "weight"
) -> float:
    """Newman modularity of the two-camp partition.

    Newman (2006), "Modularity and community structure in networks", PNAS 103(23):8577-8582,
    doi:10.1073/pnas.0601602103; used for retweet networks by Conover et al. (2011, ICWSM).

    Variant: ``networkx.community.modularity`` (resolution 1) of the partition {side X, side Y}
    on the subgraph induced by the sided nodes. For a DiGraph this is networkx's directed
    modularity (Leicht & Newman 2008, doi:10.1103/PhysRevLett.100.118703),
    ``Q = (1/m) sum_ij [A_ij - k_i^out k_j^in / m] delta(c_i, c_j)``. Edges without the ``weight``
    attribute count 1; ``weight=None`` counts every edge 1.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    sides : dict
        node -> one of exactly two labels; nodes without a side are ignored.
    weight : str or None, default "weight"

    Returns
    -------
    float
        NaN when the sided subgraph has no edges.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([(0, 1), (2, 3), (1, 2)])
    >>> round(modularity(G, {0: "a", 1: "a", 2: "b", 3: "b"}), 4)  # 2*(1/3 - (3/6)**2)
    0.1667
    """
    H, nodes, labels = _sided_subgraph(G, sides)
    if H.number_of_edges() == 0:
        return float("nan")
    parts = [{v for v in nodes if sides[v] == lab} for lab in labels]
    return float(nx.community.modularity(H, parts, weight=weight))


def boundary_polarization(G: nx.Graph, sides: Mapping[Node, Hashable]) -> float:
    """Boundary polarisation of Guerra, Meira, Cardie & Kleinberg.

    Guerra, Meira, Cardie & Kleinberg (2013), "A measure of polarization on social media
    networks based on community boundaries", ICWSM, doi:10.1609/icwsm.v7i1.14421.

    Variant (the paper's definitions, undirected, unweighted): a node ``v`` of side ``i`` is a
    *boundary* node if (1) it has at least one edge to side ``j`` and (2) it has at least one edge
    to a node of side ``i`` that has no edge to side ``j``. ``B`` is the set of boundary nodes of
    both sides; every other sided node is *internal* (``I_i = G_i - B_i``). Then

    ``P = (1/|B|) sum_{v in B} [d_i(v) / (d_b(v) + d_i(v)) - 0.5]``

    with ``d_i(v)`` = number of edges from ``v`` to internal nodes of its own side and ``d_b(v)``
    = number of edges from ``v`` to boundary nodes of the other side. ``P`` lies in [-0.5, 0.5];
    positive = boundary nodes prefer their own side (polarised). DiGraphs and MultiGraphs are
    read as simple undirected graphs (self-loops dropped). NaN when there is no boundary node
    (e.g. two disconnected sides, or a complete bipartite graph between the sides). By
    condition (2), ``d_i(v) >= 1`` for every boundary node, so the ratio is always defined.
    A star whose centre has leaves on both sides: the centre is the only boundary node, its
    own-side leaves are internal and the other side has no boundary node, so ``P = 0.5``.

    Parameters
    ----------
    G : networkx.Graph
    sides : dict
        node -> one of exactly two labels; nodes without a side are ignored.

    Returns
    -------
    float

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.path_graph(4)  # 0-1 | 2-3: boundary nodes 1 and 2, d_i = 1, d_b = 1
    >>> boundary_polarization(G, {0: "a", 1: "a", 2: "b", 3: "b"})
    0.0
    """
    H0, nodes, _ = _sided_subgraph(G, sides)
    H = nx.Graph(H0.to_undirected(as_view=False)) if H0.is_directed() or H0.is_multigraph() else H0
    side = {v: sides[v] for v in nodes}
    cross = {v: any(side[u] != side[v] for u in H[v] if u != v) for v in nodes}
    boundary = {
        v
        for v in nodes
        if cross[v] and any(side[u] == side[v] and not cross[u] for u in H[v] if u != v)
    }
    if not boundary:
        return float("nan")
    total = 0.0
    for v in boundary:
        d_i = sum(1 for u in H[v] if u != v and side[u] == side[v] and u not in boundary)
        d_b = sum(1 for u in H[v] if side[u] != side[v] and u in boundary)
        total += d_i / (d_b + d_i) - 0.5
    return float(total / len(boundary))


def assortativity(G: nx.Graph, leaning: Mapping[Node, float]) -> float:
    """Assortativity of a numeric node attribute (e.g. political leaning).

    Newman (2003), "Mixing patterns in networks", Phys. Rev. E 67:026126,
    doi:10.1103/PhysRevE.67.026126.

    Variant: ``networkx.numeric_assortativity_coefficient`` (the Pearson correlation of the
    attribute across the ends of the edges; unweighted) on the subgraph induced by the nodes that
    have a leaning; for a DiGraph, source -> target pairs. Nodes without a leaning are ignored.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    leaning : dict
        node -> number.

    Returns
    -------
    float
        In [-1, 1]; NaN when undefined (no edges or a constant attribute).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([(0, 1), (2, 3), (1, 2)])
    >>> round(assortativity(G, {0: -1.0, 1: -1.0, 2: 1.0, 3: 1.0}), 4)
    0.3333
    """
    _check_graph(G)
    nodes = [v for v in G if v in leaning]
    H = nx.DiGraph() if G.is_directed() else nx.Graph()
    H.add_nodes_from((v, {"leaning": float(leaning[v])}) for v in nodes)
    H.add_edges_from(G.subgraph(nodes).edges())
    if H.number_of_edges() == 0:
        return float("nan")
    with np.errstate(invalid="ignore", divide="ignore"):
        r = nx.numeric_assortativity_coefficient(H, "leaning")
    return float(r)


# --------------------------------------------------------------------------- null model


def randomise(G: nx.Graph, *, seed: int, swaps_per_edge: int = 10) -> nx.Graph:
    """Degree-preserving randomisation of a graph (a copy; ``G`` is not modified).

    Used for the null model of Salloum, Chen & Kivelä (2022), doi:10.1145/3512962: the
    configuration model sampled by edge swaps (Maslov & Sneppen 2002,
    doi:10.1126/science.1065103). The swaps run in C through igraph's ``Graph.rewire``
    (``igraph_rewire``): each trial picks two edges ``(a, b), (c, d)`` and rewires them to
    ``(a, d), (c, b)`` unless that would create a self-loop or a multi-edge ("simple" mode).
    Undirected graphs keep every degree; directed graphs keep every in- and out-degree.
    ``swaps_per_edge * m`` swap *trials* are made (igraph counts trials, where networkx's
    ``double_edge_swap`` counts successful swaps; with the default 10 per edge the graph is
    well mixed either way). MultiGraphs are first collapsed to simple graphs and self-loops are
    dropped. Edge attributes (weights) are not kept: swapped edges are new edges. Node
    attributes are kept. A top-level function, so it can be mapped over worker processes.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    seed : int
        Seed of the swap sequence (a private ``random.Random(seed)`` is installed as igraph's
        generator for the call and then restored); same seed, same graph.
    swaps_per_edge : int, default 10

    Returns
    -------
    networkx.Graph or networkx.DiGraph

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.gnm_random_graph(20, 40, seed=1)
    >>> R = randomise(G, seed=3)
    >>> dict(R.degree()) == dict(G.degree())
    True
    >>> R.edges() == randomise(G, seed=3).edges()
    True
    """
    import random

    import igraph as ig

    _check_graph(G)
    if swaps_per_edge < 0:
        raise ValueError(f"swaps_per_edge: expected a non-negative number, got {swaps_per_edge!r}")
    directed = G.is_directed()
    H = nx.DiGraph() if directed else nx.Graph()
    nodes = list(G.nodes())
    index = {v: i for i, v in enumerate(nodes)}
    pairs = {(index[u], index[v]) for u, v in G.edges() if u != v}
    if not directed:
        pairs = {(min(a, b), max(a, b)) for a, b in pairs}
    g = ig.Graph(n=len(nodes), edges=sorted(pairs), directed=directed)
    m = g.ecount()
    trials = int(swaps_per_edge * m)
    if trials and len(nodes) >= 4 and m >= 2:
        ig.set_random_number_generator(random.Random(int(seed)))
        try:
            g.rewire(n=trials, allowed_edge_types="simple")
        finally:
            ig.set_random_number_generator(random)
    gc_was_enabled = gc.isenabled()
    gc.disable()  # 10^5+ new edge dicts: the cyclic GC would dominate the build time
    try:
        H.add_nodes_from(G.nodes(data=True))
        H.add_edges_from((nodes[a], nodes[b]) for a, b in g.get_edgelist())
    finally:
        if gc_was_enabled:
            gc.enable()
    return H


def _two_largest(communities: list[set]) -> dict[Node, int]:
    ranked = sorted(communities, key=lambda c: -len(c))
    sides: dict[Node, int] = {}
    for label, comm in enumerate(ranked[:2]):
        for v in comm:
            sides[v] = label
    return sides


def _default_recompute(G: nx.Graph, seed: int) -> dict[Node, int]:
    """Two largest communities of ``discourse.communities.leiden`` (networkx Louvain fallback)."""
    try:
        from discourse.communities import leiden
    except ImportError:
        leiden = None
    if leiden is not None:
        part = leiden(G, seed=seed)
        groups: dict[Any, set] = {}
        for v, c in part.items():
            groups.setdefault(c, set()).add(v)
        communities = list(groups.values())
    else:
        communities = [set(c) for c in nx.community.louvain_communities(G, seed=seed)]
    return _two_largest(communities)


def null_model(
    G: nx.Graph,
    score: Callable[[nx.Graph, dict], float] | Mapping[str, Callable[[nx.Graph, dict], float]],
    *,
    n: int = 20,
    seed: int = 0,
    recompute: Callable[[nx.Graph, int], dict] | None = None,
    swaps_per_edge: int = 10,
    sides: Mapping[Node, Hashable] | None = None,
    n_jobs: int = 1,
) -> dict[str, Any]:
    """A polarisation score beside its degree-preserving null distribution.

    Salloum, Chen & Kivelä (2022), "Separating polarization from noise: comparison and
    normalization of structural polarization measures", Proc. ACM Hum.-Comput. Interact.
    6(CSCW1):115, doi:10.1145/3512962.

    Variant: ``n`` randomisations by :func:`randomise` (configuration-model-like edge swaps,
    ``nswap = swaps_per_edge * m``), each seeded from its own child of
    ``numpy.random.SeedSequence(seed)`` so they are independent and reproducible. On each
    randomised graph the partition is *re-computed* with ``recompute(G_random, seed) -> sides``
    (default: the two largest communities of ``discourse.communities.leiden``, or of networkx
    Louvain if that module is absent; other nodes have no side) and then ``score(G_random,
    sides)`` is evaluated. The observed value is ``score(G, recompute(G, seed))`` -- the same
    pipeline, as in the paper -- unless ``sides`` is given, in which case it is
    ``score(G, sides)``.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Not modified.
    score : callable or dict of callables
        ``score(G, sides) -> float``, e.g. :func:`rwc_exact` or :func:`ei_index`. A dict
        ``{name: score}`` evaluates every measure on the same randomised graphs and recomputed
        partitions (one randomisation serves all measures) and returns ``{name: result}``.
    n : int, default 20
        Number of randomisations.
    seed : int, default 0
    recompute : callable, optional
        ``recompute(G, seed) -> dict[node, label]``.
    swaps_per_edge : int, default 10
    sides : dict, optional
        Partition for the observed score (default: recomputed).
    n_jobs : int, default 1
        Worker processes (joblib/loky) over which the ``n`` randomisations are split in
        contiguous batches; ``-1`` uses every core. Each randomisation has its own seed, so
        the randomised graphs and partitions do not depend on ``n_jobs``; scores from
        iterative solvers (:func:`rwc_exact` on large graphs) may differ in the last digits,
        because joblib's workers run numpy with fewer BLAS threads. ``score`` and
        ``recompute`` must be picklable by cloudpickle (top-level functions, lambdas and
        partials are).

    Returns
    -------
    dict
        ``observed``, ``null_mean``, ``null_std`` (ddof=1), ``null_low`` and ``null_high`` (2.5th
        and 97.5th percentiles of the null values), ``difference`` (observed - null mean) and
        ``values`` (list of the ``n`` null scores, in order).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.connected_caveman_graph(2, 6)
    >>> res = null_model(G, ei_index, n=3, seed=1)
    >>> res["observed"] < res["null_mean"]
    True
    """
    _check_graph(G)
    if n < 1:
        raise ValueError(f"n: expected a positive integer, got {n!r}")
    rec = _default_recompute if recompute is None else recompute
    scores = dict(score) if isinstance(score, Mapping) else {None: score}
    ss = np.random.SeedSequence(seed)
    obs_seed = int(ss.generate_state(1)[0])
    observed_sides = dict(sides) if sides is not None else rec(G, obs_seed)
    observed = {name: float(fn(G, observed_sides)) for name, fn in scores.items()}
    seeds = [tuple(int(x) for x in child.generate_state(2)) for child in ss.spawn(n)]
    workers = _n_workers(n_jobs, n)
    if workers == 1:
        values = _null_values(G, scores, rec, seeds, swaps_per_edge)
    else:
        from joblib import Parallel, delayed

        bounds = np.linspace(0, n, workers + 1).astype(int)
        batches = [seeds[a:b] for a, b in itertools.pairwise(bounds)]
        parts = Parallel(n_jobs=workers)(
            delayed(_null_values)(G, scores, rec, batch, swaps_per_edge) for batch in batches
        )
        values = {name: [v for part in parts for v in part[name]] for name in scores}
    out = {name: _null_summary(observed[name], values[name]) for name in scores}
    return out[None] if None in out else out


def _n_workers(n_jobs: int, n_tasks: int) -> int:
    import os

    if not isinstance(n_jobs, int) or n_jobs == 0 or n_jobs < -1:
        raise ValueError(f"n_jobs: expected a positive integer or -1, got {n_jobs!r}")
    cores = os.cpu_count() or 1
    return max(1, min(cores if n_jobs == -1 else n_jobs, n_tasks))


def _null_values(G, scores, rec, seeds, swaps_per_edge) -> dict:
    """Scores on the randomised graphs of ``seeds`` (one batch; a joblib task)."""
    values: dict = {name: [] for name in scores}
    for s_swap, s_part in seeds:
        R = randomise(G, seed=s_swap, swaps_per_edge=swaps_per_edge)
        r_sides = rec(R, s_part)
        for name, fn in scores.items():
            values[name].append(float(fn(R, r_sides)))
    return values


def _null_summary(observed: float, values: list[float]) -> dict[str, Any]:
    arr = np.asarray(values, dtype=float)
    mean = float(np.nanmean(arr)) if np.isfinite(arr).any() else float("nan")
    std = float(np.nanstd(arr, ddof=1)) if np.isfinite(arr).sum() > 1 else float("nan")
    if np.isfinite(arr).any():
        lo, hi = (float(x) for x in np.nanpercentile(arr, [2.5, 97.5]))
    else:
        lo = hi = float("nan")
    return {
        "observed": observed,
        "null_mean": mean,
        "null_std": std,
        "null_low": lo,
        "null_high": hi,
        "difference": observed - mean,
        "values": list(values),
    }


def bootstrap_interval(
    G: nx.Graph,
    sides: Mapping[Node, Hashable],
    score: Callable[[nx.Graph, dict], float],
    *,
    n: int = 200,
    seed: int = 0,
    level: float = 0.95,
) -> dict[str, Any]:
    """Vertex-bootstrap percentile interval of a two-sided score.

    Vertex bootstrap of Snijders & Borgatti (1999), "Non-parametric standard errors and tests for
    network statistics", Connections 22(2):61-70. Variant: draw ``N`` sided nodes with
    replacement (``N`` = number of sided nodes); copies ``a`` and ``b`` are joined when their
    originals are (a DiGraph keeps directions, a MultiGraph is read as simple); two copies of the
    same node are not joined (Snijders & Borgatti fill those pairs at random; omitted here); each
    copy keeps its original's side. The score is evaluated on each bootstrap graph; the interval
    is the percentile interval of the finite values. Edge attributes are kept.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Not modified.
    sides : dict
        node -> one of exactly two labels; nodes without a side are ignored.
    score : callable
        ``score(G, sides) -> float``, e.g. :func:`ei_index`.
    n : int, default 200
        Bootstrap replicates.
    seed : int, default 0
        Seed of ``numpy.random.default_rng``.
    level : float, default 0.95

    Returns
    -------
    dict
        ``observed`` (score on ``G``), ``low``, ``high``, ``std`` (ddof=1) and ``values``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.connected_caveman_graph(2, 6)
    >>> sides = {v: v // 6 for v in G}
    >>> res = bootstrap_interval(G, sides, ei_index, n=20, seed=1)
    >>> res["low"] <= res["high"] < 0
    True
    """
    H, nodes, _ = _sided_subgraph(G, sides)
    if n < 1:
        raise ValueError(f"n: expected a positive integer, got {n!r}")
    if not 0 < level < 1:
        raise ValueError(f"level: expected a number in (0, 1), got {level!r}")
    rng = np.random.default_rng(seed)
    N = len(nodes)
    directed = H.is_directed()
    succ = {v: set(H.successors(v) if directed else H.neighbors(v)) for v in nodes}
    values = []
    for _ in range(n):
        draw = rng.integers(0, N, size=N)
        copies: dict[Node, list[int]] = {}
        for a, i in enumerate(draw):
            copies.setdefault(nodes[i], []).append(a)
        B = nx.DiGraph() if directed else nx.Graph()
        B.add_nodes_from(range(N))
        for a, i in enumerate(draw):
            v = nodes[i]
            for w in succ[v]:
                if w == v:
                    continue
                data = H.get_edge_data(v, w)
                if H.is_multigraph():
                    data = next(iter(data.values()))
                for b in copies.get(w, ()):
                    B.add_edge(a, b, **data)
        bsides = {a: sides[nodes[i]] for a, i in enumerate(draw)}
        try:
            values.append(float(score(B, bsides)))
        except ValueError:  # e.g. a replicate with only one side
            values.append(float("nan"))
    arr = np.asarray(values)
    ok = arr[np.isfinite(arr)]
    alpha = (1 - level) / 2 * 100
    lo, hi = (
        (float(x) for x in np.percentile(ok, [alpha, 100 - alpha]))
        if ok.size
        else (float("nan"), float("nan"))
    )
    return {
        "observed": float(score(G, dict(sides))),
        "low": lo,
        "high": hi,
        "std": float(np.std(ok, ddof=1)) if ok.size > 1 else float("nan"),
        "values": values,
    }


# --------------------------------------------------------------------------- echo chambers


def echo_chambers(G: nx.Graph, leaning: Mapping[Node, float]) -> pd.DataFrame:
    """Each account's leaning against the mean leaning of its neighbourhood.

    Cinelli, De Francisci Morales, Galeazzi, Quattrociocchi & Starnini (2021), "The echo chamber
    effect on social media", PNAS 118(9):e2023301118, doi:10.1073/pnas.2023301118.

    Variant: for every node ``i`` of ``G`` with a leaning ``x_i``, ``x_i^N = (1/k_i) sum_j a_ij
    x_j``, the unweighted mean leaning of its neighbours (out-neighbours ``i -> j`` for a DiGraph,
    as in the paper's directed definition), taken over neighbours that have a leaning; ``k_i`` is
    that number of neighbours. Parallel edges and self-loops are ignored.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    leaning : dict
        node -> leaning in [-1, 1] (e.g. from :func:`leaning_from_shares`). Nodes without a
        leaning get no row and do not count as neighbours.

    Returns
    -------
    pandas.DataFrame
        Columns ``node``, ``leaning`` (float), ``neighbour_leaning`` (float, NaN when the node has
        no neighbour with a leaning) and ``degree`` (int, the ``k_i`` above), in ``G``'s node order.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([(0, 1), (0, 2)])
    >>> echo_chambers(G, {0: 1.0, 1: 0.5, 2: -0.5})["neighbour_leaning"].tolist()
    [0.0, 1.0, 1.0]
    """
    _check_graph(G)
    rows = []
    for v in G:
        if v not in leaning:
            continue
        x = float(leaning[v])
        if not -1.0 <= x <= 1.0:
            raise ValueError(f"leaning: value for node {v!r} is {x}, outside [-1, 1]")
        nbrs = G.successors(v) if G.is_directed() else G.neighbors(v)
        vals = [float(leaning[u]) for u in set(nbrs) if u != v and u in leaning]
        rows.append((v, x, float(np.mean(vals)) if vals else float("nan"), len(vals)))
    df = pd.DataFrame(rows, columns=["node", "leaning", "neighbour_leaning", "degree"])
    df["leaning"] = df["leaning"].astype(float)
    df["neighbour_leaning"] = df["neighbour_leaning"].astype(float)
    df["degree"] = df["degree"].astype("int64")
    return df


def echo_chamber_summary(table: pd.DataFrame) -> dict[str, float]:
    """Pearson correlation of leaning and neighbourhood leaning, with a 95 % CI.

    Summary of :func:`echo_chambers` (Cinelli et al. 2021, doi:10.1073/pnas.2023301118): rows
    with both values present; the confidence interval is the Fisher z interval
    ``tanh(atanh(r) +- 1.96 / sqrt(n - 3))`` (NaN when ``n < 4`` or ``|r| = 1``).

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`echo_chambers`.

    Returns
    -------
    dict
        ``n``, ``pearson_r``, ``ci_low``, ``ci_high``, ``mean_leaning``,
        ``mean_neighbour_leaning``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"leaning": [-1, -0.5, 0.5, 1], "neighbour_leaning": [-1, -1, 1, 1]})
    >>> round(echo_chamber_summary(t)["pearson_r"], 4)
    0.9487
    """
    for col in ("leaning", "neighbour_leaning"):
        if col not in table.columns:
            raise ValueError(f"table: missing column {col!r}")
    d = table[["leaning", "neighbour_leaning"]].astype(float).dropna()
    n = len(d)
    nan = float("nan")
    r = nan
    if n >= 2 and d["leaning"].std() > 0 and d["neighbour_leaning"].std() > 0:
        r = float(np.corrcoef(d["leaning"], d["neighbour_leaning"])[0, 1])
    lo = hi = nan
    if n >= 4 and math.isfinite(r) and abs(r) < 1:
        z, half = math.atanh(r), 1.959963984540054 / math.sqrt(n - 3)
        lo, hi = math.tanh(z - half), math.tanh(z + half)
    return {
        "n": n,
        "pearson_r": r,
        "ci_low": lo,
        "ci_high": hi,
        "mean_leaning": float(d["leaning"].mean()) if n else nan,
        "mean_neighbour_leaning": float(d["neighbour_leaning"].mean()) if n else nan,
    }


def leaning_from_shares(counts: pd.DataFrame, *, min_total: int = 1) -> dict[Node, float]:
    """Leaning of each account from how much content of each camp it shares.

    After Cinelli et al. (2021, doi:10.1073/pnas.2023301118), who score a user by the leaning of
    the content they share. Here: ``x = (n_b - n_a) / (n_a + n_b)`` in [-1, 1], -1 = shares only
    camp A content, +1 = only camp B.

    Parameters
    ----------
    counts : pandas.DataFrame
        Columns ``node``, ``n_a``, ``n_b`` (non-negative counts, e.g. retweets of camp A / camp B
        accounts). Several rows for one node are summed.
    min_total : int, default 1
        Accounts with ``n_a + n_b < min_total`` get no leaning.

    Returns
    -------
    dict
        node -> leaning.

    Examples
    --------
    >>> import pandas as pd
    >>> leaning_from_shares(pd.DataFrame({"node": ["u", "v"], "n_a": [3, 0], "n_b": [1, 2]}))
    {'u': -0.5, 'v': 1.0}
    """
    missing = {"node", "n_a", "n_b"} - set(counts.columns)
    if missing:
        raise ValueError(f"counts: missing column(s) {sorted(missing)}")
    agg = counts.groupby("node", sort=False)[["n_a", "n_b"]].sum()
    if (agg < 0).to_numpy().any():
        raise ValueError("counts: n_a and n_b must be >= 0")
    tot = agg["n_a"] + agg["n_b"]
    agg = agg[tot >= max(min_total, 1)]
    x = (agg["n_b"] - agg["n_a"]) / (agg["n_a"] + agg["n_b"])
    return {node: float(val) for node, val in x.items()}
