"""Matching posts to the claims of a catalogue: URL, keyword and TF-IDF similarity rules.

Three rules (DESIGN.md §6), each recorded with every match:

``debunk_url`` / ``url`` / ``domain``
    The post links to a claim's fact-check article (``debunk_url``: the post *debunks*), to a
    URL listed in the claim's ``urls`` (``url``), or to a page on a domain listed there
    (``domain``, sub-domains included). URLs are compared without scheme, ``www.``, query,
    fragment and trailing slash, lower-cased; the posts' ``urls`` column is used.
``keyword``
    At least ``min_keywords`` of the claim's keywords occur in the post (all of the claim's
    keywords when it has fewer). Keywords and posts go through the same
    :func:`discourse.text.preprocess`; a keyword of several words matches when all its tokens
    occur in the post.
``similarity``
    TF-IDF cosine similarity (gensim ``TfidfModel``: raw term frequency, ``idf =
    log2(N / df)`` over the matched posts and the claim documents, L2-normalised; Salton &
    Buckley 1988) between the post and a claim document is at least ``threshold``. A claim's
    documents are its *claim text* (title, ``claim_text`` and keywords), its ``debunk_text``
    and any known examples (``examples``: posts a researcher labelled with a claim and role).

Every (post, claim) pair that fires a rule is a candidate. Its ``score`` is 1 when the post
links to the claim's own URL or fact-check article, else the best cosine similarity to the
claim's documents. A post with one candidate, or whose best candidate leads the next by more
than ``margin``, is matched to it; otherwise all its candidates are returned with
``ambiguous = True`` and none is chosen (ambiguous matches are flagged, not guessed).

Role. A match *debunks* the claim when the post links to the fact-check article, carries a
debunk cue (:data:`DEBUNK_CUES`: a ``[SALAH]``-style verdict label, "cek fakta", "faktanya",
"hasil penelusuran", a fact-checker's name...) or is closer to the claim's debunk documents
than to its claim documents; otherwise it *spreads* the claim. Posts that repeat a claim to
ask whether it is true ("ini hoaks bukan sih?") therefore count as spreading it.

Retweets copy their original: a retweet whose original is in the table takes the original's
matches (rule ``retweet``); other retweets are matched on their own text.

Examples
--------
>>> import pandas as pd
>>> cat = pd.DataFrame({"claim_id": ["H3"], "title": ["Exit poll palsu pilgub"],
...     "verdict": ["HOAKS"], "keywords": ["exit poll|responden"],
...     "debunk_url": ["https://cekfakta.example/h3"]})
>>> posts = pd.DataFrame({"post_id": ["1", "2", "3"], "kind": ["original"] * 3,
...     "text": ["BOCORAN exit poll 1200 responden: nomor 2 unggul!!",
...              "[HOAKS] exit poll 1.200 responden palsu, lembaga tidak terdaftar",
...              "ayo ke TPS besok pagi"]})
>>> m, report = match_posts(posts, cat)
>>> m[["post_id", "claim_id", "role", "rule"]].values.tolist()
[['1', 'H3', 'spreads', 'keyword'], ['2', 'H3', 'debunks', 'keyword']]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from .cascades import _unique
from .catalogue import VERDICT_ALIASES, validate_catalogue

__all__ = [
    "DEBUNK_CUES",
    "MATCH_COLUMNS",
    "MatchReport",
    "match_posts",
    "match_quality",
]

#: Columns of the match table.
MATCH_COLUMNS: tuple[str, ...] = (
    "post_id",
    "claim_id",
    "role",
    "score",
    "rule",
    "similarity",
    "keywords",
    "ambiguous",
)

#: Regular expressions (case-insensitive) that mark a post as a debunk.
_LABELS = "|".join(sorted({re.escape(k) for k in VERDICT_ALIASES}, key=len)[::-1])
DEBUNK_CUES: tuple[str, ...] = (
    r"\[\s*(?:" + _LABELS + r")\s*\]",
    r"\bcek\s*fakta\b",
    r"#cekfakta\b",
    r"\bfaktanya\b",
    r"\bhasil\s+(?:penelusuran|pemeriksaan|cek)\b",
    r"\bturnbackhoax\b",
    r"\bmafindo\b",
    r"\bkesimpulan\s*:",
)
_ROLES = {"spreads": "spreads", "hoax": "spreads", "debunks": "debunks", "debunk": "debunks"}


@dataclass
class MatchReport:
    """What :func:`match_posts` did.

    Attributes
    ----------
    posts : int
        Rows of the posts table.
    documents : int
        Posts matched on their own text (non-retweets, and retweets whose original is absent).
    inherited : int
        Retweets that took their original's matches.
    matched_posts : int
        Posts with an unambiguous match.
    ambiguous_posts : int
        Posts with several candidates and no clear best (all returned, flagged).
    by_rule : dict
        Unambiguous matches by the rule that fired (``+``-joined when several).
    by_role : dict
        Unambiguous matches by role.
    unusable_keywords : dict
        Claim → keywords that preprocessing emptied (stopwords only): they never match.
    parameters : dict
        threshold, min_keywords, margin, text options.

    Examples
    --------
    >>> MatchReport(posts=3).to_dict()["posts"]
    3
    """

    posts: int = 0
    documents: int = 0
    inherited: int = 0
    matched_posts: int = 0
    ambiguous_posts: int = 0
    by_rule: dict[str, int] = field(default_factory=dict)
    by_role: dict[str, int] = field(default_factory=dict)
    unusable_keywords: dict[str, list[str]] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The report as a plain dict.

        Examples
        --------
        >>> sorted(MatchReport().to_dict())[:2]
        ['ambiguous_posts', 'by_role']
        """
        return asdict(self)


# ----------------------------------------------------------------------------- helpers
def _str_array(values) -> pa.Array:
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if not isinstance(values, pa.Array):
        values = pa.array(pd.Series(values, dtype="string").array, pa.string())
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    return values.cast(pa.string())


def _norm_url(arr: pa.Array) -> pa.Array:
    """Lower-case, no scheme, no ``www.``, no query/fragment, no trailing slash."""
    s = pc.utf8_lower(arr)
    s = pc.replace_substring_regex(s, r"^[a-z][a-z0-9+.\-]*://", "")
    s = pc.replace_substring_regex(s, r"^www\.", "")
    s = pc.replace_substring_regex(s, r"[?#].*$", "")
    s = pc.replace_substring_regex(s, r"/+$", "")
    return s


def _host(arr: pa.Array) -> pa.Array:
    return pc.replace_substring_regex(arr, r"/.*$", "")


def _tokens_to_csr(docs: list[list[str]], vocab: pa.Array | None = None):
    """(doc, token) count matrix of token lists; returns (csr, vocabulary)."""
    lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
    flat = pa.array(list(chain.from_iterable(docs)), pa.string())
    if vocab is None:
        enc = pc.dictionary_encode(flat)
        vocab = enc.dictionary
        tok = enc.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    else:
        tok = pc.fill_null(pc.index_in(flat, value_set=vocab), -1).to_numpy(zero_copy_only=False)
    row = np.repeat(np.arange(len(docs)), lengths)
    keep = tok >= 0
    m = sp.csr_matrix(
        (np.ones(int(keep.sum()), dtype=np.float64), (row[keep], tok[keep])),
        shape=(len(docs), len(vocab)),
    )
    m.sum_duplicates()
    return m, vocab


def _tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """gensim ``TfidfModel`` weights (identity tf, given idf, L2 norm), vectorised."""
    m = counts.multiply(idf[None, :]).tocsr()
    m.eliminate_zeros()
    norm = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norm[norm == 0] = 1.0
    return sp.diags(1.0 / norm) @ m


def _gensim_tfidf(vocab: pa.Array, df: np.ndarray, n_docs: int, nnz: int):
    """A gensim Dictionary with the given document frequencies, and its TfidfModel."""
    from gensim.corpora import Dictionary
    from gensim.models import TfidfModel

    dct = Dictionary()
    words = vocab.to_pylist()
    dct.token2id = {w: i for i, w in enumerate(words)}
    dct.dfs = {i: int(d) for i, d in enumerate(df) if d}
    dct.cfs = dict(dct.dfs)
    dct.num_docs, dct.num_nnz, dct.num_pos = n_docs, nnz, nnz
    model = TfidfModel(dictionary=dct)
    idf = np.zeros(len(words))
    for i, v in model.idfs.items():
        idf[i] = v
    return dct, model, idf


def _lookup(keys: np.ndarray, table_keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``values`` at ``keys`` in the sorted ``table_keys`` (0 where absent)."""
    if not len(table_keys):
        return np.zeros(len(keys), dtype=values.dtype if len(values) else np.float64)
    pos = np.minimum(np.searchsorted(table_keys, keys), len(table_keys) - 1)
    return np.where(table_keys[pos] == keys, values[pos], 0)


def _max_by_key(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unique sorted keys and the maximum value of each."""
    if not len(keys):
        return keys, values
    o = np.argsort(keys, kind="stable")
    k, v = keys[o], values[o]
    start = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    return k[start], np.maximum.reduceat(v, start)


def _claim_similarities(index, d_vecs, claim_of_doc, debunk_doc, n_claims, chunk, floor=0.01):
    """Best cosine of each (document, claim) pair over the claim's spread documents and over
    its debunk documents, as sorted keys ``doc * n_claims + claim`` (cosines below ``floor``
    are dropped: no rule or ranking depends on them)."""
    keys_s, vals_s, keys_d, vals_d = [], [], [], []
    for a in range(0, d_vecs.shape[0], chunk):
        sims = index[d_vecs[a : a + chunk]]  # documents x claim documents
        if isinstance(sims, np.ndarray):  # gensim flattens the result of a one-row query
            sims = sp.coo_matrix(sims.reshape(min(chunk, d_vecs.shape[0] - a), -1))
        sims = sims.tocoo()
        keep = sims.data >= floor
        r, cdi, v = sims.row[keep].astype(np.int64) + a, sims.col[keep], sims.data[keep]
        key = r * n_claims + claim_of_doc[cdi]
        deb = debunk_doc[cdi]
        for want, ks, vs in ((False, keys_s, vals_s), (True, keys_d, vals_d)):
            k, m = _max_by_key(key[deb == want], v[deb == want])
            ks.append(k)
            vs.append(m)
    ks = np.concatenate(keys_s) if keys_s else np.zeros(0, np.int64)
    vs = np.concatenate(vals_s) if vals_s else np.zeros(0)
    kd = np.concatenate(keys_d) if keys_d else np.zeros(0, np.int64)
    vd = np.concatenate(vals_d) if vals_d else np.zeros(0)
    keys = _unique(np.concatenate([ks, kd]))
    return keys, _lookup(keys, ks, vs), _lookup(keys, kd, vd)


def _cue_mask(text: pa.Array, cues: Iterable[str]) -> np.ndarray:
    pattern = "|".join(f"(?:{c})" for c in cues)
    if not pattern:
        return np.zeros(len(text), dtype=bool)
    low = pc.utf8_lower(text)
    hit = pc.match_substring_regex(low, pattern)
    return pc.fill_null(hit, False).to_numpy(zero_copy_only=False)


def _claim_documents(cat: pd.DataFrame, examples: pd.DataFrame | None) -> pd.DataFrame:
    """One row per claim document: claim index, role of the document, text."""
    rows = []
    for i, r in enumerate(cat.itertuples(index=False)):
        parts = [r.title, r.claim_text if isinstance(r.claim_text, str) else "", *r.keywords]
        rows.append((i, "spreads", " ".join(p for p in parts if p)))
        if isinstance(r.debunk_text, str) and r.debunk_text:
            rows.append((i, "debunks", r.debunk_text))
    if examples is not None and len(examples):
        for c in ("claim_id", "role", "text"):
            if c not in examples.columns:
                raise ValueError(f"examples: missing column {c!r} (claim_id, role, text)")
        pos = {cid: i for i, cid in enumerate(cat["claim_id"])}
        for n, (cid, role, text) in enumerate(
            examples[["claim_id", "role", "text"]].itertuples(index=False), start=1
        ):
            if cid not in pos:
                raise ValueError(f"examples: row {n}: claim_id {cid!r} is not in the catalogue")
            if role not in _ROLES:
                raise ValueError(f"examples: row {n}: role {role!r} (spreads or debunks)")
            if isinstance(text, str) and text.strip():
                rows.append((pos[cid], _ROLES[role], text))
    return pd.DataFrame(rows, columns=["claim", "role", "text"])


def _keyword_hits(
    doc_tokens: sp.csr_matrix, kw_docs: list[list[str]], kw_claim: np.ndarray, vocab: pa.Array
) -> sp.coo_matrix:
    """Number of distinct keywords of each claim present in each document (doc × claim)."""
    n_docs = doc_tokens.shape[0]
    n_claims = int(kw_claim.max()) + 1 if len(kw_claim) else 0
    if not len(kw_docs):
        return sp.coo_matrix((n_docs, n_claims))
    kw_m, _ = _tokens_to_csr(kw_docs, vocab)
    kw_len = np.fromiter(map(len, (set(d) for d in kw_docs)), dtype=np.int64, count=len(kw_docs))
    presence = doc_tokens.copy()
    presence.data[:] = 1.0
    kw_bin = kw_m.copy()
    kw_bin.data[:] = 1.0
    found = (presence @ kw_bin.T).tocoo()  # doc × keyword: tokens of the keyword present
    full = (kw_len[found.col] > 0) & (found.data >= kw_len[found.col])
    d, k = found.row[full], found.col[full]
    m = sp.coo_matrix((np.ones(len(d)), (d, kw_claim[k])), shape=(n_docs, n_claims))
    return m.tocsr().tocoo()


# ----------------------------------------------------------------------------- main
def match_posts(
    posts: pd.DataFrame | pa.Table,
    catalogue: pd.DataFrame,
    *,
    examples: pd.DataFrame | None = None,
    threshold: float = 0.5,
    min_keywords: int = 4,
    margin: float = 0.05,
    debunk_cues: Iterable[str] = DEBUNK_CUES,
    text_options: Mapping[str, Any] | None = None,
    chunk: int = 100_000,
) -> tuple[pd.DataFrame, MatchReport]:
    """Match posts to the claims of a catalogue (rules in this module's docstring).

    Parameters
    ----------
    posts : pandas.DataFrame or pyarrow.Table
        Needs ``post_id`` and ``text``; uses ``kind``, ``retweeted_post_id`` and ``urls``
        when present. Not modified.
    catalogue : pandas.DataFrame
        From :func:`discourse.hoaxes.read_catalogue` (validated again here).
    examples : pandas.DataFrame, optional
        Known examples: ``claim_id``, ``role`` (``spreads``/``debunks``, or ``hoax``/
        ``debunk``), ``text``. They become claim documents for the similarity rule.
    threshold : float, default 0.5
        Minimum cosine similarity for the similarity rule.
    min_keywords : int, default 4
        Distinct keywords of a claim needed for the keyword rule (capped at the claim's
        number of usable keywords).
    margin : float, default 0.05
        A best candidate must lead the next by more than this to be chosen.
    debunk_cues : iterable of str
        Regular expressions marking debunks (:data:`DEBUNK_CUES`).
    text_options : mapping, optional
        Options of :func:`discourse.text.preprocess` (its defaults otherwise).
    chunk : int
        Posts per block of the similarity product (memory bound).

    Returns
    -------
    matches : pandas.DataFrame
        :data:`MATCH_COLUMNS`: ``post_id``, ``claim_id``, ``role`` (``spreads``/``debunks``),
        ``score`` (1 for the claim's own URL, else the cosine similarity), ``rule`` (the rules
        that fired, ``+``-joined, e.g. ``domain+similarity``; ``retweet`` for inherited
        matches), ``similarity`` (best cosine to the claim's documents), ``keywords``
        (distinct keywords found), ``ambiguous``. One row per matched post, or one per
        candidate for ambiguous posts. Sorted by post id, then score descending.
    report : MatchReport

    Examples
    --------
    >>> import pandas as pd
    >>> cat = pd.DataFrame({"claim_id": ["H1", "H4"], "verdict": ["SALAH", "KLARIFIKASI"],
    ...     "title": ["Video menangis karena kalah", "Surat suara sudah tercoblos"],
    ...     "urls": ["viral.example", "viral.example"]})
    >>> posts = pd.DataFrame({"post_id": ["1", "2"], "kind": ["original", "retweet"],
    ...     "text": ["lihat ini", "RT @a: lihat ini"], "retweeted_post_id": [None, "1"],
    ...     "urls": [["https://viral.example/v/1"], []]})
    >>> m, report = match_posts(posts, cat)
    >>> m[["post_id", "claim_id", "rule", "ambiguous"]].values.tolist()
    [['1', 'H1', 'domain', True], ['1', 'H4', 'domain', True], ['2', 'H1', 'retweet', True], ['2', 'H4', 'retweet', True]]
    """  # noqa: E501
    from ..text import preprocess

    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold: expected a cosine in (0, 1], got {threshold!r}")
    if min_keywords < 1:
        raise ValueError(f"min_keywords: expected >= 1, got {min_keywords!r}")
    if margin < 0:
        raise ValueError(f"margin: expected >= 0, got {margin!r}")
    cat = validate_catalogue(catalogue, require_verdict=False)
    opts = dict(text_options or {})
    report = MatchReport(
        parameters={
            "threshold": threshold,
            "min_keywords": min_keywords,
            "margin": margin,
            "text_options": opts,
            "examples": 0 if examples is None else len(examples),
        }
    )
    t = posts if isinstance(posts, pa.Table) else None
    cols = posts.column_names if t is not None else list(posts.columns)
    for c in ("post_id", "text"):
        if c not in cols:
            raise ValueError(f"posts: missing column {c!r}")

    def col(name: str) -> pa.Array | None:
        if name not in cols:
            return None
        if t is not None:
            return t.column(name).combine_chunks()
        if name == "urls":
            a = pa.array(posts[name], from_pandas=True)
            return a.combine_chunks() if isinstance(a, pa.ChunkedArray) else a
        return _str_array(posts[name])

    post_id, text = col("post_id"), col("text")
    kind = col("kind")
    n = len(post_id)
    report.posts = n
    rt_of = col("retweeted_post_id")
    is_rt = (
        pc.fill_null(pc.equal(kind, "retweet"), False).to_numpy(zero_copy_only=False)
        if kind is not None
        else np.zeros(n, dtype=bool)
    )
    parent_row = (
        pc.fill_null(pc.index_in(rt_of, value_set=post_id), -1).to_numpy(zero_copy_only=False)
        if rt_of is not None
        else np.full(n, -1)
    )
    inherit = is_rt & (parent_row >= 0) & ~is_rt[np.maximum(parent_row, 0)]
    doc_rows = np.flatnonzero(~inherit)
    report.documents, report.inherited = len(doc_rows), int(inherit.sum())
    n_claims = len(cat)
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in MATCH_COLUMNS})
    if not n or not n_claims:
        return _finish(empty, report)

    # --- tokens: documents, claim documents, keywords (one preprocess call)
    cdocs = _claim_documents(cat, examples)
    kw_claim, kw_text = [], []
    for i, kws in enumerate(cat["keywords"]):
        for k in kws:
            kw_claim.append(i)
            kw_text.append(k)
    doc_text = text.take(pa.array(doc_rows))
    all_text = pa.concat_arrays(
        [doc_text, pa.array(cdocs["text"].tolist(), pa.string()), pa.array(kw_text, pa.string())]
    )
    tokens = preprocess(all_text, **opts)
    nd, nc = len(doc_rows), len(cdocs)
    d_tok, c_tok, k_tok = tokens[:nd], tokens[nd : nd + nc], tokens[nd + nc :]
    kw_claim_a = np.asarray(kw_claim, dtype=np.int64)
    report.unusable_keywords = {}
    for i, toks in enumerate(k_tok):
        if not toks:
            cid = str(cat["claim_id"].iloc[kw_claim[i]])
            report.unusable_keywords.setdefault(cid, []).append(kw_text[i])
    counts, vocab = _tokens_to_csr(d_tok + c_tok)
    d_counts, c_counts = counts[:nd], counts[nd:]

    # --- TF-IDF (gensim model; the post matrix weighted with its idfs, vectorised)
    df = np.bincount(counts.indices, minlength=len(vocab))
    _, model, idf = _gensim_tfidf(vocab, df, counts.shape[0], counts.nnz)
    from gensim.similarities import SparseMatrixSimilarity

    c_bows = [list(zip(r.indices.tolist(), r.data.tolist(), strict=True)) for r in c_counts]
    c_vecs = [model[b] for b in c_bows]
    index = SparseMatrixSimilarity(
        c_vecs, num_features=len(vocab), maintain_sparsity=True, dtype=np.float64
    )
    d_vecs = _tfidf(d_counts, idf)
    sim_keys, sim_s, sim_d = _claim_similarities(
        index, d_vecs, cdocs["claim"].to_numpy(), (cdocs["role"] == "debunks").to_numpy(),
        n_claims, chunk,
    )  # fmt: skip

    # --- keywords: distinct keywords of each claim found in each document
    usable = np.array([bool(x) for x in k_tok], dtype=bool)
    need = np.minimum(min_keywords, np.bincount(kw_claim_a[usable], minlength=n_claims))
    kw_keys, kw_vals = np.zeros(0, np.int64), np.zeros(0, np.int64)
    if len(kw_claim_a):
        kw = _keyword_hits(d_counts, k_tok, kw_claim_a, vocab)
        kw_keys = kw.row.astype(np.int64) * n_claims + kw.col
        o = np.argsort(kw_keys, kind="stable")
        kw_keys, kw_vals = kw_keys[o], kw.data[o].astype(np.int64)

    # --- URLs
    url_keys, url_flags = _url_hits(col("urls"), doc_rows, cat, n_claims)

    # --- candidates: pairs where a rule fires
    sim_max = np.maximum(sim_s, sim_d)
    fired_kw_keys = kw_keys[kw_vals >= np.maximum(need[kw_keys % n_claims], 1)]
    fired_kw_keys = fired_kw_keys[need[fired_kw_keys % n_claims] > 0]
    keys = _unique(np.concatenate([sim_keys[sim_max >= threshold], fired_kw_keys, url_keys]))
    if not len(keys):
        return _finish(empty, report)
    doc, claim = keys // n_claims, keys % n_claims
    c_s, c_d = _lookup(keys, sim_keys, sim_s), _lookup(keys, sim_keys, sim_d)
    c_sim = np.maximum(c_s, c_d)
    c_kw = _lookup(keys, kw_keys, kw_vals).astype(np.int64)
    flags = {k: _lookup(keys, url_keys, v).astype(bool) for k, v in url_flags.items()}
    f_kw = (need[claim] > 0) & (c_kw >= need[claim])
    f_sim = c_sim >= threshold
    rule = np.full(len(keys), "", dtype=object)
    for name, m in (
        ("debunk_url", flags["debunk_url"]),
        ("url", flags["url"]),
        ("domain", flags["domain"] & ~flags["url"]),
        ("keyword", f_kw),
        ("similarity", f_sim),
    ):
        rule = np.where(m, np.where(rule == "", name, rule + "+" + name), rule)
    exact = flags["url"] | flags["debunk_url"]
    score = np.where(exact, 1.0, c_sim)
    cue = _cue_mask(text.take(pa.array(doc_rows[doc])), debunk_cues)
    role = np.where(
        flags["debunk_url"] | cue | ((c_d > c_s) & (c_d >= threshold)), "debunks", "spreads"
    )
    # ambiguity: rank the candidates of each document by score
    o = np.lexsort((-score, doc))
    doc, claim, score, c_sim, c_kw, rule, role = (
        x[o] for x in (doc, claim, score, c_sim, c_kw, rule, role)
    )
    first = np.r_[True, doc[1:] != doc[:-1]]
    start = np.flatnonzero(first)
    n_cand = np.diff(np.r_[start, len(doc)])
    top = score[start]
    second = np.where(n_cand > 1, score[np.minimum(start + 1, len(doc) - 1)], -np.inf)
    clear_doc = (n_cand == 1) | (top - second > margin)
    grp = np.cumsum(first) - 1
    clear = clear_doc[grp]
    keep = np.where(clear, first, True)
    cand = pd.DataFrame(
        {
            "row": doc_rows[doc[keep]],
            "claim": claim[keep],
            "role": role[keep],
            "score": score[keep],
            "rule": rule[keep],
            "sim": c_sim[keep],
            "kw": c_kw[keep],
            "ambiguous": ~clear[keep],
        }
    )

    # --- retweets inherit their original's matches
    inh = np.flatnonzero(inherit)
    if len(inh):
        src = pd.DataFrame({"row": inh, "orig": parent_row[inh]})
        extra = src.merge(cand.rename(columns={"row": "orig"}), on="orig", how="inner")
        extra = extra.drop(columns="orig").assign(rule="retweet")
        cand = pd.concat([cand, extra], ignore_index=True)
    ids = post_id.to_numpy(zero_copy_only=False)
    out = pd.DataFrame(
        {
            "post_id": pd.array(ids[cand["row"].to_numpy()], dtype="string"),
            "claim_id": pd.array(cat["claim_id"].to_numpy()[cand["claim"].to_numpy()], "string"),
            "role": pd.array(cand["role"].to_numpy(), dtype="string"),
            "score": cand["score"].to_numpy(dtype=float),
            "rule": pd.array(cand["rule"].to_numpy(), dtype="string"),
            "similarity": cand["sim"].to_numpy(dtype=float),
            "keywords": cand["kw"].to_numpy().astype(np.int64),
            "ambiguous": cand["ambiguous"].to_numpy(dtype=bool),
        }
    )
    out = out.sort_values(["post_id", "score"], ascending=[True, False], kind="stable")
    return _finish(out.reset_index(drop=True), report)


def _finish(out: pd.DataFrame, report: MatchReport) -> tuple[pd.DataFrame, MatchReport]:
    clear = out[~out["ambiguous"].astype(bool)] if len(out) else out
    report.matched_posts = int(clear["post_id"].nunique()) if len(out) else 0
    report.ambiguous_posts = (
        int(out.loc[out["ambiguous"].astype(bool), "post_id"].nunique()) if len(out) else 0
    )
    if len(out):
        report.by_rule = {str(k): int(v) for k, v in clear["rule"].value_counts().items()}
        report.by_role = {str(k): int(v) for k, v in clear["role"].value_counts().items()}
    return out, report


def _url_hits(
    urls: pa.Array | None, doc_rows: np.ndarray, cat: pd.DataFrame, n_claims: int
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Sorted keys ``doc * n_claims + claim`` of posts linking to a claim's URL, domain or
    fact-check article, with a flag array per rule (``url``, ``domain``, ``debunk_url``)."""
    none = np.zeros(0, np.int64), {k: np.zeros(0, bool) for k in ("url", "domain", "debunk_url")}
    if urls is None or not len(doc_rows):
        return none
    if isinstance(urls, pa.ChunkedArray):
        urls = urls.combine_chunks()
    if not (pa.types.is_list(urls.type) or pa.types.is_large_list(urls.type)):
        return none
    lists = urls.take(pa.array(doc_rows))
    flat = pc.list_flatten(lists).cast(pa.string())
    if not len(flat):
        return none
    parent = pc.list_parent_indices(lists).to_numpy(zero_copy_only=False).astype(np.int64)
    norm = _norm_url(flat)
    host = _host(norm)
    targets: list[tuple[str, int, str]] = []
    for i, r in enumerate(cat.itertuples(index=False)):
        if isinstance(r.debunk_url, str):
            targets.append((_norm_url(pa.array([r.debunk_url])).to_pylist()[0], i, "debunk_url"))
        for u in r.urls:
            if re.match(r"^https?://", u, re.I):
                targets.append((_norm_url(pa.array([u])).to_pylist()[0], i, "url"))
            else:
                targets.append((u.lower().rstrip("/"), i, "domain"))
    keys, rules = [], []
    for target, i, rule in targets:
        if rule != "domain":
            m = pc.equal(norm, target)
        elif "/" in target:  # a domain with a path prefix
            m = pc.starts_with(norm, target)
        else:
            m = pc.or_(pc.equal(host, target), pc.ends_with(host, "." + target))
        hit = parent[pc.fill_null(m, False).to_numpy(zero_copy_only=False)]
        keys.append(hit * n_claims + i)
        rules.append(np.full(len(hit), ("url", "domain", "debunk_url").index(rule)))
    k = np.concatenate(keys) if keys else np.zeros(0, np.int64)
    r = np.concatenate(rules) if rules else np.zeros(0, np.int64)
    uk = _unique(k)
    flags = {}
    for j, name in enumerate(("url", "domain", "debunk_url")):
        f = np.zeros(len(uk), dtype=bool)
        f[np.searchsorted(uk, k[r == j])] = True
        flags[name] = f
    return uk, flags


def match_quality(
    matches: pd.DataFrame,
    truth: pd.DataFrame,
    *,
    posts: Iterable[str] | None = None,
) -> dict[str, Any]:
    """Precision and recall of matches against labelled posts (planted or hand-coded).

    A post counts as predicted when it has an unambiguous match; a prediction is correct when
    both claim and role equal the label. Ambiguous posts count as not predicted (and are
    reported). ``claim_only`` gives the same ignoring the role.

    Parameters
    ----------
    matches : pandas.DataFrame
        From :func:`match_posts`.
    truth : pandas.DataFrame
        ``post_id``, ``claim_id`` (NA/empty for posts about no claim), ``role``
        (``spreads``/``debunks`` or ``hoax``/``debunk``).
    posts : iterable of str, optional
        Restrict the evaluation to these post ids (default: the ids of ``truth``).

    Returns
    -------
    dict
        ``precision``, ``recall``, ``f1``, ``predicted``, ``labelled``, ``correct``,
        ``ambiguous``, ``claim_only`` (precision/recall ignoring the role) and
        ``per_claim`` (a DataFrame: claim_id, labelled, predicted, correct, precision, recall).

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"post_id": ["1", "2"], "claim_id": ["H1", "H1"],
    ...                   "role": ["spreads", "spreads"], "ambiguous": [False, False]})
    >>> t = pd.DataFrame({"post_id": ["1", "2", "3"], "claim_id": ["H1", "", "H1"],
    ...                   "role": ["hoax", "none", "debunk"]})
    >>> q = match_quality(m, t)
    >>> q["precision"], q["recall"]
    (0.5, 0.5)
    """
    t = truth[["post_id", "claim_id", "role"]].copy()
    t["post_id"] = t["post_id"].astype(str)
    t["claim_id"] = t["claim_id"].astype("string").replace("", pd.NA)
    t["role"] = t["role"].map(_ROLES)
    ids = set(t["post_id"]) if posts is None else {str(p) for p in posts}
    t = t[t["post_id"].isin(ids)]
    lab = t[t["claim_id"].notna() & t["role"].notna()]
    m = matches[matches["post_id"].astype(str).isin(ids)]
    amb = m[m["ambiguous"].astype(bool)]["post_id"].astype(str).unique()
    pred = m[~m["ambiguous"].astype(bool)][["post_id", "claim_id", "role"]].astype(str)
    pred = pred.drop_duplicates("post_id")
    j = pred.merge(lab.astype({"claim_id": str}), on="post_id", how="left", suffixes=("", "_t"))
    ok = (j["claim_id"] == j["claim_id_t"]) & (j["role"] == j["role_t"])
    ok_claim = j["claim_id"] == j["claim_id_t"]

    def pr(correct: int, predicted: int, labelled: int) -> tuple[float, float]:
        p = correct / predicted if predicted else float("nan")
        r = correct / labelled if labelled else float("nan")
        return p, r

    p, r = pr(int(ok.sum()), len(pred), len(lab))
    pc_, rc = pr(int(ok_claim.sum()), len(pred), len(lab))
    per = []
    for cid in sorted(set(lab["claim_id"]) | set(pred["claim_id"])):
        lc = int((lab["claim_id"] == cid).sum())
        pc2 = int((pred["claim_id"] == cid).sum())
        cc = int((ok & (j["claim_id"] == cid)).sum())
        pp, rr = pr(cc, pc2, lc)
        per.append((cid, lc, pc2, cc, pp, rr))
    return {
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else float("nan"),
        "predicted": len(pred),
        "labelled": len(lab),
        "correct": int(ok.sum()),
        "ambiguous": len(amb),
        "claim_only": {"precision": pc_, "recall": rc},
        "per_claim": pd.DataFrame(
            per, columns=["claim_id", "labelled", "predicted", "correct", "precision", "recall"]
        ),
    }
