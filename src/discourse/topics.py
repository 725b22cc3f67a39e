"""Topic models of token lists: one estimator, a K sweep, topic tables and distinctive words.

* :class:`TopicModel` wraps gensim's ``LdaModel`` (online variational Bayes, Hoffman, Blei &
  Bach 2010, NeurIPS; LDA of Blei, Ng & Jordan 2003, JMLR 3:993–1022) in the scikit-learn
  shape: ``__init__`` stores parameters, ``fit(tokens)`` returns ``self`` and sets
  ``dictionary_``, ``model_`` and ``filters_`` (the dictionary filters and what they left),
  ``transform`` gives a dense document × topic table, ``topic_terms()`` a tidy table.
  Training is single-process with ``random_state=seed``: the same tokens and parameters give
  bitwise-equal topics. ``multicore=True`` uses ``LdaMulticore`` and is **not** reproducible.
* :func:`sweep` fits models over K and seeds and reports u_mass, c_npmi and c_v coherence
  (Röder, Both & Hinneburg 2015, WSDM, doi:10.1145/2684822.2685324) and stability across seeds
  (Greene, O'Callaghan & Cunningham 2014) as one tidy table.
* :func:`topic_prevalence` averages document-topic shares by WITA day, campaign phase
  (:func:`discourse.times.phase_of`) or any column such as ``camp``.
* :func:`distinctive_words`: log-odds ratios with an informative Dirichlet prior and their
  z-scores (Monroe, Colaresi & Quinn 2008, Political Analysis 16(4):372–403,
  doi:10.1093/pan/mpn018).
* :func:`match_topics` and :func:`term_overlap` compare fitted topics with known labels (the
  synthetic corpus's planted narratives).

Examples
--------
>>> docs = [["banjir", "jalan", "rusak"], ["tambang", "batubara", "lubang"]] * 20
>>> model = TopicModel(2, seed=1, passes=5, no_below=1, no_above=1.0).fit(docs)
>>> sorted(model.topic_terms(topn=3).groupby("topic")["term"].apply(frozenset).map(sorted))
[['banjir', 'jalan', 'rusak'], ['batubara', 'lubang', 'tambang']]
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "COHERENCE_MEASURES",
    "TopicModel",
    "distinctive_words",
    "dominant_topic",
    "match_topics",
    "sweep",
    "term_overlap",
    "topic_agreement",
    "topic_prevalence",
]

#: Coherence measures reported by :func:`sweep` (gensim ``CoherenceModel`` names).
COHERENCE_MEASURES = ("u_mass", "c_npmi", "c_v")

_log = logging.getLogger(__name__)


def _docs(tokens: Any) -> tuple[list[list[str]], pd.Index | None]:
    """Token lists and their index: a DataFrame with ``tokens`` (index ``post_id`` if present),
    a Series of lists, or any iterable of lists."""
    if isinstance(tokens, pd.DataFrame):
        if "tokens" not in tokens.columns:
            raise ValueError(f"tokens: a DataFrame needs a 'tokens' column (has {list(tokens)})")
        index = pd.Index(tokens["post_id"], name="post_id") if "post_id" in tokens else None
        return [list(t) for t in tokens["tokens"]], index
    if isinstance(tokens, pd.Series):
        return [list(t) for t in tokens], tokens.index
    if isinstance(tokens, str):
        raise TypeError("tokens: give token lists (e.g. from discourse.text.preprocess)")
    docs = [list(t) for t in tokens]
    for i, d in enumerate(docs[:100]):
        if d and not isinstance(d[0], str):
            raise TypeError(f"tokens: document {i} is not a list of str")
    return docs, None


class TopicModel:
    """LDA topic model on token lists (gensim ``LdaModel``), reproducible by ``seed``.

    Parameters
    ----------
    n_topics : int
        Number of topics K.
    seed : int
        ``random_state`` of gensim (initialisation and the document order is fixed); also seeds
        :meth:`transform`.
    passes, iterations, chunksize : int
        gensim ``LdaModel`` training parameters (passes over the corpus; maximum E-step
        iterations per document; documents per online update).
    alpha, eta : str, float or array, optional
        Dirichlet priors, passed to gensim (default symmetric ``1/K``; ``alpha="auto"`` learns an
        asymmetric prior, single-process only).
    no_below, no_above, keep_n : int, float, int
        Dictionary filters, applied in this order by gensim ``Dictionary.filter_extremes``: keep
        terms in at least ``no_below`` documents and at most ``no_above`` (share) of them, then
        the ``keep_n`` most frequent. Recorded in ``filters_``.
    multicore : bool
        Train with ``LdaMulticore`` (``workers`` processes). Faster on big corpora but **not
        reproducible**: the order in which workers return updates varies between runs.
    workers : int, optional
        Worker processes for ``multicore`` (default: gensim's, CPU count − 1).

    Attributes
    ----------
    dictionary_ : gensim.corpora.Dictionary
        The filtered vocabulary.
    model_ : gensim.models.LdaModel
        The trained model.
    filters_ : dict
        The filter parameters and what they left: ``vocabulary_before``, ``vocabulary_after``,
        ``documents``, ``empty_documents`` (no term left; not used in training).

    Examples
    --------
    >>> docs = [["gratispol", "kuliah", "gratis"], ["kotak", "kosong", "coblos"]] * 10
    >>> tm = TopicModel(2, seed=0, passes=3, no_below=1, no_above=1.0).fit(docs)
    >>> tm.filters_["vocabulary_after"], tm.transform(docs[:2]).shape
    (6, (2, 2))
    """

    def __init__(
        self,
        n_topics: int = 10,
        *,
        seed: int = 0,
        passes: int = 10,
        iterations: int = 100,
        chunksize: int = 2000,
        alpha: Any = "symmetric",
        eta: Any = None,
        no_below: int = 5,
        no_above: float = 0.5,
        keep_n: int | None = 100_000,
        multicore: bool = False,
        workers: int | None = None,
    ):
        self.n_topics = n_topics
        self.seed = seed
        self.passes = passes
        self.iterations = iterations
        self.chunksize = chunksize
        self.alpha = alpha
        self.eta = eta
        self.no_below = no_below
        self.no_above = no_above
        self.keep_n = keep_n
        self.multicore = multicore
        self.workers = workers

    _PARAMS = (
        "n_topics",
        "seed",
        "passes",
        "iterations",
        "chunksize",
        "alpha",
        "eta",
        "no_below",
        "no_above",
        "keep_n",
        "multicore",
        "workers",
    )

    def get_params(self) -> dict[str, Any]:
        """The constructor parameters (scikit-learn convention).

        Examples
        --------
        >>> TopicModel(5, seed=3).get_params()["seed"]
        3
        """
        return {k: getattr(self, k) for k in self._PARAMS}

    def __repr__(self) -> str:
        changed = {
            k: v
            for k, v in self.get_params().items()
            if v != TopicModel.__init__.__kwdefaults__.get(k, object())
        }
        args = ", ".join(f"{k}={v!r}" for k, v in changed.items() if k != "n_topics")
        return f"TopicModel({self.n_topics}{', ' + args if args else ''})"

    # -- fitting ----------------------------------------------------------------------------
    def _check(self) -> None:
        if not isinstance(self.n_topics, int | np.integer) or self.n_topics < 1:
            raise ValueError(f"n_topics: a positive int, got {self.n_topics!r}")
        if self.multicore and self.alpha == "auto":
            raise ValueError("alpha='auto' needs multicore=False (gensim LdaMulticore refuses it)")

    def _prepare(self, docs: list[list[str]]):
        from gensim.corpora import Dictionary

        dictionary = Dictionary(docs)
        before = len(dictionary)
        dictionary.filter_extremes(
            no_below=self.no_below, no_above=self.no_above, keep_n=self.keep_n
        )
        corpus = [dictionary.doc2bow(d) for d in docs]
        filters = {
            "no_below": self.no_below,
            "no_above": self.no_above,
            "keep_n": self.keep_n,
            "vocabulary_before": before,
            "vocabulary_after": len(dictionary),
            "documents": len(docs),
            "empty_documents": sum(1 for b in corpus if not b),
        }
        return dictionary, corpus, filters

    def _train(self, dictionary, corpus) -> TopicModel:
        self._check()
        train = [b for b in corpus if b]
        if not train or len(dictionary) == 0:
            raise ValueError(
                "tokens: no document has a term left after the dictionary filters "
                f"(no_below={self.no_below}, no_above={self.no_above}); loosen them"
            )
        common = dict(
            corpus=train,
            id2word=dictionary,
            num_topics=int(self.n_topics),
            passes=self.passes,
            iterations=self.iterations,
            chunksize=self.chunksize,
            eta=self.eta,
            random_state=self.seed,
            eval_every=None,
        )
        if self.multicore:
            from gensim.models import LdaMulticore

            self.model_ = LdaMulticore(alpha=self.alpha, workers=self.workers, **common)
        else:
            from gensim.models import LdaModel

            self.model_ = LdaModel(alpha=self.alpha, update_every=1, **common)
        self.dictionary_ = dictionary
        return self

    def fit(self, tokens: Any) -> TopicModel:
        """Build the dictionary (filters applied) and train the model.

        Parameters
        ----------
        tokens : list of list of str, or DataFrame with ``tokens``
            Documents (e.g. :func:`discourse.text.tokenize_posts` output). Documents left
            empty by the filters are counted in ``filters_`` and not used.

        Returns
        -------
        self

        Raises
        ------
        ValueError
            No document keeps a term, or an invalid parameter.

        Examples
        --------
        >>> tm = TopicModel(1, passes=1, no_below=1, no_above=1.0).fit([["a", "b"], ["b"]])
        >>> tm.filters_["documents"], sorted(tm.dictionary_.token2id)
        (2, ['a', 'b'])
        """
        docs, _ = _docs(tokens)
        dictionary, corpus, filters = self._prepare(docs)
        self._train(dictionary, corpus)
        self.filters_ = filters
        return self

    def _fitted(self) -> None:
        if not hasattr(self, "model_"):
            raise RuntimeError("TopicModel is not fitted: call fit(tokens) first")

    # -- outputs ----------------------------------------------------------------------------
    def transform(self, tokens: Any, *, batch: int = 10_000) -> pd.DataFrame:
        """Document × topic shares (dense), one row per document.

        Rows sum to 1; a document with no term in the dictionary gets NA (it carries no
        evidence). Inference starts from a random point seeded by ``seed`` (reset on each
        call), so the same input gives the same table.

        Parameters
        ----------
        tokens : list of list of str, or DataFrame with ``tokens``
            The index of the result is ``post_id`` when the DataFrame has it.
        batch : int
            Documents per inference call (memory).

        Returns
        -------
        pandas.DataFrame
            Columns ``0..K-1`` (topic numbers), float64.

        Examples
        --------
        >>> docs = [["banjir", "jalan"], ["tambang", "lubang"]] * 10
        >>> tm = TopicModel(2, seed=0, passes=5, no_below=1, no_above=1.0).fit(docs)
        >>> theta = tm.transform([["banjir"], ["zzz"]])
        >>> bool(theta.iloc[0].sum().round(6) == 1), bool(theta.iloc[1].isna().all())
        (True, True)
        """
        self._fitted()
        docs, index = _docs(tokens)
        k = self.model_.num_topics
        out = np.full((len(docs), k), np.nan)
        bows = [self.dictionary_.doc2bow(d) for d in docs]
        rows = np.array([i for i, b in enumerate(bows) if b], dtype=np.int64)
        self.model_.random_state = np.random.RandomState(self.seed)
        for start in range(0, len(rows), batch):
            sel = rows[start : start + batch]
            gamma, _ = self.model_.inference([bows[i] for i in sel])
            out[sel] = gamma / gamma.sum(axis=1, keepdims=True)
        frame = pd.DataFrame(out, columns=pd.RangeIndex(k, name="topic"))
        if index is not None:
            frame.index = index
        return frame

    def fit_transform(self, tokens: Any) -> pd.DataFrame:
        """``fit(tokens).transform(tokens)``.

        Examples
        --------
        >>> TopicModel(2, passes=1, no_below=1, no_above=1.0).fit_transform([["a"], ["b"]]).shape
        (2, 2)
        """
        return self.fit(tokens).transform(tokens)

    def topic_terms(self, *, topn: int = 10) -> pd.DataFrame:
        """The ``topn`` most probable terms of each topic (tidy).

        Returns
        -------
        pandas.DataFrame
            ``topic`` (int), ``rank`` (1 = most probable), ``term``, ``weight`` (p(term | topic)).
            Ties are broken by dictionary order, so the table is deterministic.

        Examples
        --------
        >>> docs = [["banjir", "jalan"], ["tambang", "lubang"]] * 10
        >>> tm = TopicModel(2, seed=0, passes=5, no_below=1, no_above=1.0).fit(docs)
        >>> tm.topic_terms(topn=2).columns.tolist()
        ['topic', 'rank', 'term', 'weight']
        """
        self._fitted()
        phi = self.model_.get_topics()
        topn = min(topn, phi.shape[1])
        rows = []
        for t in range(phi.shape[0]):
            order = np.argsort(-phi[t], kind="stable")[:topn]
            for r, j in enumerate(order, start=1):
                rows.append((t, r, self.dictionary_[int(j)], float(phi[t, j])))
        return pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"])

    def topic_labels(self, *, topn: int = 3) -> dict[int, str]:
        """Short labels from the top terms, e.g. ``{0: "0 banjir·jalan·rusak"}``.

        Examples
        --------
        >>> docs = [["banjir", "jalan"]] * 5
        >>> TopicModel(1, passes=1, no_below=1, no_above=1.0).fit(docs).topic_labels(topn=2)
        {0: '0 banjir·jalan'}
        """
        terms = self.topic_terms(topn=topn)
        return {
            int(t): f"{t} " + "·".join(g.sort_values("rank")["term"])
            for t, g in terms.groupby("topic")
        }

    def coherence(
        self,
        tokens: Any,
        *,
        measure: str = "c_v",
        topn: int = 10,
        per_topic: bool = False,
    ) -> float | pd.Series:
        """Topic coherence of the top terms on reference texts (gensim ``CoherenceModel``).

        Measures (Röder, Both & Hinneburg 2015, doi:10.1145/2684822.2685324): ``u_mass``
        (document co-occurrence, Mimno et al. 2011; closer to 0 is better), ``c_npmi``
        (normalised PMI in a 10-token sliding window) and ``c_v`` (NPMI-based indirect cosine,
        110-token window; the measure that correlated best with human ratings there). Computed
        single-process.

        Parameters
        ----------
        tokens : token lists or DataFrame
            Reference texts (usually the training documents).
        measure : {"u_mass", "c_npmi", "c_v", "c_uci"}
        topn : int
            Top terms per topic.
        per_topic : bool
            Return one value per topic (Series) instead of the mean.

        Examples
        --------
        >>> docs = [["banjir", "jalan", "rusak"], ["tambang", "lubang", "batubara"]] * 10
        >>> tm = TopicModel(2, seed=0, passes=5, no_below=1, no_above=1.0).fit(docs)
        >>> # every pair of top terms co-occurs in all 10 documents of its words: log(10 / 10)
        >>> round(tm.coherence(docs, measure="u_mass", topn=3), 4)
        0.0
        """
        self._fitted()
        from gensim.models.coherencemodel import CoherenceModel

        docs, _ = _docs(tokens)
        terms = self.topic_terms(topn=topn)
        topics = [list(g.sort_values("rank")["term"]) for _, g in terms.groupby("topic")]
        cm = CoherenceModel(
            topics=topics,
            texts=docs,
            dictionary=self.dictionary_,
            coherence=measure,
            topn=topn,
            processes=1,
        )
        values = cm.get_coherence_per_topic()
        if per_topic:
            return pd.Series(values, index=pd.RangeIndex(len(values), name="topic"), name=measure)
        return float(np.nanmean(values))

    # -- persistence --------------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Save to a folder: ``model.json`` (parameters, filters, versions), ``dictionary.txt``
        (gensim's text format), ``lda/`` (gensim's own ``save`` files) and ``topic_terms.csv``
        (top 20 terms, for reading without Python). Written to a temporary folder and renamed.

        gensim's files use pickle for the model object: load only folders you trust.

        Examples
        --------
        >>> import tempfile
        >>> docs = [["banjir", "jalan"], ["tambang", "lubang"]] * 5
        >>> tm = TopicModel(2, seed=0, passes=2, no_below=1, no_above=1.0).fit(docs)
        >>> p = tm.save(tempfile.mkdtemp() + "/model")
        >>> TopicModel.load(p).topic_terms().equals(tm.topic_terms())
        True
        """
        import gensim

        from . import __version__
        from .io.processed import publish_folder, temp_folder

        self._fitted()
        target = Path(path)
        tmp = temp_folder(target)
        meta = {
            "format": "discourse.TopicModel/1",
            "params": self.get_params(),
            "filters": self.filters_,
            "gensim": gensim.__version__,
            "discourse": __version__,
        }
        (tmp / "model.json").write_text(json.dumps(meta, indent=2, default=str) + "\n")
        self.dictionary_.save_as_text(str(tmp / "dictionary.txt"))
        (tmp / "lda").mkdir()
        self.model_.save(str(tmp / "lda" / "lda.model"))
        self.topic_terms(topn=20).to_csv(tmp / "topic_terms.csv", index=False)
        publish_folder(tmp, target)
        return target

    @classmethod
    def load(cls, path: str | Path) -> TopicModel:
        """Load a folder written by :meth:`save`.

        Raises
        ------
        FileNotFoundError
            ``path`` has no ``model.json``.
        ValueError
            ``model.json`` is not a saved TopicModel.

        Examples
        --------
        See :meth:`save`.
        """
        from gensim.corpora import Dictionary
        from gensim.models import LdaModel

        path = Path(path)
        meta_path = path / "model.json"
        if not meta_path.is_file():
            raise FileNotFoundError(f"{path}: no model.json (not a saved TopicModel folder)")
        meta = json.loads(meta_path.read_text())
        if meta.get("format") != "discourse.TopicModel/1":
            raise ValueError(f"{meta_path}: format {meta.get('format')!r} is not a TopicModel")
        model = cls(**meta["params"])
        model.filters_ = meta["filters"]
        model.dictionary_ = Dictionary.load_from_text(str(path / "dictionary.txt"))
        model.model_ = LdaModel.load(str(path / "lda" / "lda.model"))
        return model


# ------------------------------------------------------------------------------------------
# Model selection
# ------------------------------------------------------------------------------------------


def _average_jaccard(a: Sequence[str], b: Sequence[str]) -> float:
    """Average Jaccard of two ranked lists over depths 1..t (Greene et al. 2014, eq. 1–2)."""
    t = min(len(a), len(b))
    if t == 0:
        return float("nan")
    total = 0.0
    sa: set[str] = set()
    sb: set[str] = set()
    for d in range(t):
        sa.add(a[d])
        sb.add(b[d])
        total += len(sa & sb) / len(sa | sb)
    return total / t


def topic_agreement(terms_a: Sequence[Sequence[str]], terms_b: Sequence[Sequence[str]]) -> float:
    """Agreement of two topic models from their ranked top terms (Greene et al. 2014).

    Greene, O'Callaghan & Cunningham 2014, "How Many Topics? Stability Analysis for Topic
    Models", ECML PKDD, LNCS 8724:498–513, doi:10.1007/978-3-662-44848-9_32: the average
    Jaccard (AJ) of two ranked term lists is the mean Jaccard similarity of their top-d prefixes
    for d = 1..t; the agreement of two models is the mean AJ over the one-to-one topic matching
    that maximises it (Hungarian algorithm). 1 means the same topics with the same term order.

    Parameters
    ----------
    terms_a, terms_b : list of list of str
        Top terms of each topic, most probable first (same number of topics).

    Returns
    -------
    float in [0, 1]

    Examples
    --------
    >>> topic_agreement([["a", "b"], ["c", "d"]], [["c", "d"], ["a", "b"]])
    1.0
    >>> topic_agreement([["a", "b"]], [["b", "a"]])  # depth 1: 0, depth 2: 1
    0.5
    """
    from scipy.optimize import linear_sum_assignment

    if len(terms_a) != len(terms_b):
        raise ValueError("terms_a and terms_b must hold the same number of topics")
    if not terms_a:
        return float("nan")
    sim = np.array([[_average_jaccard(a, b) for b in terms_b] for a in terms_a])
    rows, cols = linear_sum_assignment(-sim)
    return float(sim[rows, cols].mean())


def sweep(
    tokens: Any,
    ks: Iterable[int],
    *,
    seeds: Iterable[int] = (0, 1, 2),
    measures: Iterable[str] = COHERENCE_MEASURES,
    topn: int = 10,
    coherence_docs: int | None = None,
    progress: Callable[[str], None] | None = None,
    **params: Any,
) -> pd.DataFrame:
    """Fit a model for every K and seed; report coherence and stability (a tidy table).

    For each K and seed a :class:`TopicModel` (``params`` passed on; the dictionary is built
    once) is trained, its coherence computed for each measure on the training documents, and
    its **stability** is its mean :func:`topic_agreement` (top ``topn`` terms) with the models
    of the other seeds at the same K. Greene et al. 2014 compare models fitted on subsamples
    with a reference model; comparing random restarts on the same documents, as here, measures
    how much a result depends on the seed.

    Parameters
    ----------
    tokens : token lists or DataFrame
        Documents.
    ks : iterable of int
        Numbers of topics.
    seeds : iterable of int
        One model per seed and K (at least two for stability).
    measures : iterable of str
        Coherence measures (see :meth:`TopicModel.coherence`).
    topn : int
        Top terms for coherence and stability.
    coherence_docs : int, optional
        Compute coherence on a random sample of this many documents (seeded by the first seed)
        instead of all of them (c_v and c_npmi scan every document).
    progress : callable, optional
        Called with a short message before each fit.
    **params
        :class:`TopicModel` parameters (``passes``, ``no_below``...).

    Returns
    -------
    pandas.DataFrame
        ``k``, ``seed``, ``measure`` (a coherence measure or ``stability``), ``value``; one row
        per K × seed × measure.

    Examples
    --------
    >>> docs = [["banjir", "jalan", "rusak"], ["tambang", "lubang", "batubara"]] * 10
    >>> t = sweep(docs, [2], seeds=[0, 1], measures=["u_mass"], topn=3, passes=3,
    ...           no_below=1, no_above=1.0)
    >>> t.columns.tolist(), sorted(t["measure"].unique())
    (['k', 'seed', 'measure', 'value'], ['stability', 'u_mass'])
    """
    ks, seeds, measures = list(ks), list(seeds), list(measures)
    docs, _ = _docs(tokens)
    if not ks or not seeds:
        raise ValueError("ks and seeds must not be empty")
    base = TopicModel(ks[0], seed=seeds[0], **params)
    dictionary, corpus, _ = base._prepare(docs)
    ref = docs
    if coherence_docs is not None and coherence_docs < len(docs):
        pick = np.random.default_rng(seeds[0]).choice(len(docs), coherence_docs, replace=False)
        ref = [docs[i] for i in np.sort(pick)]
    rows = []
    for k in ks:
        terms: dict[int, list[list[str]]] = {}
        for s in seeds:
            if progress:
                progress(f"K={k} seed={s}")
            model = TopicModel(k, seed=s, **params)._train(dictionary, corpus)
            top = model.topic_terms(topn=topn)
            terms[s] = [list(g.sort_values("rank")["term"]) for _, g in top.groupby("topic")]
            for m in measures:
                rows.append((k, s, m, model.coherence(ref, measure=m, topn=topn)))
        for s in seeds:
            others = [topic_agreement(terms[s], terms[o]) for o in seeds if o != s]
            rows.append((k, s, "stability", float(np.mean(others)) if others else np.nan))
    out = pd.DataFrame(rows, columns=["k", "seed", "measure", "value"])
    return out.astype({"k": "int64", "seed": "int64", "value": "float64"})


# ------------------------------------------------------------------------------------------
# Topic tables
# ------------------------------------------------------------------------------------------


def dominant_topic(doc_topics: pd.DataFrame) -> pd.Series:
    """The most probable topic of each document (NA for documents without terms).

    Examples
    --------
    >>> import pandas as pd, numpy as np
    >>> dominant_topic(pd.DataFrame([[0.2, 0.8], [np.nan, np.nan]])).tolist()
    [1, <NA>]
    """
    values = doc_topics.to_numpy(dtype=float)
    empty = np.isnan(values).all(axis=1)
    arg = np.argmax(np.nan_to_num(values, nan=-1.0), axis=1)
    cols = np.asarray(doc_topics.columns)
    return pd.Series(
        pd.array(np.where(empty, None, cols[arg]), dtype="Int64"),
        index=doc_topics.index,
        name="topic",
    )


def topic_prevalence(
    doc_topics: pd.DataFrame,
    posts: pd.DataFrame,
    *,
    by: str = "phase",
) -> pd.DataFrame:
    """Mean topic share of the documents in each WITA day, campaign phase or group.

    Prevalence of topic k in group g = mean of θ_dk over the documents d of g that have terms
    (documents with NA rows are left out), with its standard error ``sd / sqrt(n)``.

    Parameters
    ----------
    doc_topics : pandas.DataFrame
        :meth:`TopicModel.transform` output indexed by ``post_id``.
    posts : pandas.DataFrame
        Posts table with ``post_id`` and ``created_at`` (UTC) for ``by="day"``/``"phase"``, or
        the column ``by`` (e.g. ``camp`` from :func:`discourse.describe.attach_camps`).
    by : str
        ``"day"`` (midnight WITA), ``"phase"`` (:func:`discourse.times.phase_of`, in phase
        order; posts outside the calendar are left out) or a column of ``posts`` (NA values
        become the group ``"NA"``).

    Returns
    -------
    pandas.DataFrame
        ``<by>``, ``topic``, ``prevalence``, ``se``, ``documents`` (documents with terms in the
        group).

    Raises
    ------
    ValueError
        A needed column is missing, or no document id is in ``posts``.

    Examples
    --------
    >>> import pandas as pd
    >>> theta = pd.DataFrame([[0.9, 0.1], [0.3, 0.7]], index=pd.Index(["a", "b"], name="post_id"))
    >>> posts = pd.DataFrame({"post_id": ["a", "b"], "camp": ["01", "02"]})
    >>> topic_prevalence(theta, posts, by="camp")[["camp", "topic", "prevalence"]].values.tolist()
    [['01', 0, 0.9], ['01', 1, 0.1], ['02', 0, 0.3], ['02', 1, 0.7]]
    """
    from .times import phase_of, to_wita

    if "post_id" not in posts.columns:
        raise ValueError("posts: missing column 'post_id'")
    need = "created_at" if by in ("day", "phase") else by
    if need not in posts.columns:
        raise ValueError(f"posts: missing column {need!r} (needed for by={by!r})")
    meta = posts[["post_id", need]].drop_duplicates("post_id").set_index("post_id")[need]
    ids = pd.Index(doc_topics.index.astype(str))
    found = ids.isin(meta.index.astype(str))
    if not found.any():
        raise ValueError("doc_topics: no index value is a post_id of posts")
    meta.index = meta.index.astype(str)
    values = meta.reindex(ids[found])
    if by == "day":
        group = to_wita(values).dt.floor("D")
    elif by == "phase":
        group = phase_of(values)
    else:
        group = values.astype("string").fillna("NA")
    theta = doc_topics.loc[found]
    keep = theta.notna().all(axis=1).to_numpy()
    group = group.iloc[keep].reset_index(drop=True).rename(by)
    if isinstance(group.dtype, pd.CategoricalDtype):
        group = group.cat.remove_unused_categories()
    topics_ = np.asarray(theta.columns, dtype="int64")
    wide = pd.DataFrame(theta.to_numpy(dtype=float)[keep], columns=topics_)
    grouped = wide.groupby(group, observed=True, sort=True)
    mean, sd, n = grouped.mean(), grouped.std(), grouped.size()
    out = pd.DataFrame(
        {
            by: mean.index.repeat(len(topics_)),
            "topic": np.tile(topics_, len(mean)),
            "prevalence": mean.to_numpy().ravel(),
            "sd": sd.to_numpy().ravel(),
            "documents": np.repeat(n.to_numpy(), len(topics_)).astype("int64"),
        }
    )
    out["se"] = np.nan_to_num(out["sd"].to_numpy(), nan=0.0) / np.sqrt(out["documents"])
    return out[[by, "topic", "prevalence", "se", "documents"]]


def distinctive_words(
    tokens: Any,
    groups: Sequence[Any] | pd.Series,
    *,
    versus: str | None = None,
    prior: Mapping[str, float] | None = None,
    alpha0: float | None = None,
    min_count: int = 5,
    topn: int | None = 20,
) -> pd.DataFrame:
    """Words that distinguish each group: log-odds ratio with an informative Dirichlet prior.

    Monroe, Colaresi & Quinn 2008 ("Fightin' words", Political Analysis 16(4):372–403,
    doi:10.1093/pan/mpn018), their model with an informative Dirichlet prior: with counts y_w^i
    of word w in group i (total n^i), the comparison group j (all other groups, or ``versus``)
    and a prior α_w (total α_0)::

        δ_w = log[(y_w^i + α_w) / (n^i + α_0 − y_w^i − α_w)]
              − log[(y_w^j + α_w) / (n^j + α_0 − y_w^j − α_w)]
        σ²(δ_w) ≈ 1/(y_w^i + α_w) + 1/(y_w^j + α_w)
        z_w = δ_w / σ(δ_w)

    The informative prior is the word's share in a background corpus scaled to α_0:
    α_w = α_0 · c_w / Σc. By default the background is the pooled counts of all groups
    (``prior=None``) and α_0 is their total (``alpha0=None``, i.e. α_w = c_w, the usual choice
    when the background is the corpus itself); pass ``alpha0`` for a weaker or stronger prior.

    Parameters
    ----------
    tokens : token lists or DataFrame with ``tokens``
        Documents.
    groups : sequence
        Group of each document (e.g. the camp of its author); NA documents are left out.
    versus : str, optional
        Compare every group with this one instead of with all the others.
    prior : mapping, optional
        Background counts (word → count) for the prior.
    alpha0 : float, optional
        Prior size α_0.
    min_count : int
        Only report words used at least this often in the group.
    topn : int, optional
        Most distinctive words per group (by z); None for all.

    Returns
    -------
    pandas.DataFrame
        ``group``, ``rank``, ``term``, ``count`` (in the group), ``count_other``, ``delta``,
        ``z``; sorted by group then descending z.

    Examples
    --------
    >>> docs = [["gratispol", "kuliah"], ["gratispol"], ["berdaulat", "kuliah"], ["berdaulat"]]
    >>> t = distinctive_words(docs, ["02", "02", "01", "01"], min_count=1, topn=1)
    >>> t[["group", "term"]].values.tolist()
    [['01', 'berdaulat'], ['02', 'gratispol']]
    """
    docs, _ = _docs(tokens)
    labels = pd.Series(list(groups) if not isinstance(groups, pd.Series) else groups.to_numpy())
    if len(labels) != len(docs):
        raise ValueError(f"groups: {len(labels)} labels for {len(docs)} documents")
    frame = pd.DataFrame({"group": labels.astype("string"), "tokens": docs})
    frame = frame[frame["group"].notna()]
    long = frame.explode("tokens").dropna(subset=["tokens"])
    counts = long.groupby(["tokens", "group"]).size().unstack("group", fill_value=0)
    counts = counts.astype("float64")
    if prior is None:
        background = counts.sum(axis=1)
    else:
        background = pd.Series(prior, dtype="float64").reindex(counts.index).fillna(0.0)
    total_bg = float(background.sum())
    a0 = total_bg if alpha0 is None else float(alpha0)
    alpha = background / total_bg * a0 if total_bg else background * 0.0
    group_names = list(counts.columns)
    if versus is not None and versus not in group_names:
        raise ValueError(f"versus: {versus!r} is not a group (groups: {group_names})")
    rows = []
    for g in group_names:
        if g == versus:
            continue
        yi = counts[g]
        yj = counts[versus] if versus is not None else counts.drop(columns=[g]).sum(axis=1)
        ni, nj = yi.sum(), yj.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            delta = np.log((yi + alpha) / (ni + a0 - yi - alpha)) - np.log(
                (yj + alpha) / (nj + a0 - yj - alpha)
            )
            var = 1.0 / (yi + alpha) + 1.0 / (yj + alpha)
        t = pd.DataFrame(
            {
                "group": g,
                "term": counts.index,
                "count": yi.astype("int64").to_numpy(),
                "count_other": yj.astype("int64").to_numpy(),
                "delta": delta.to_numpy(),
                "z": (delta / np.sqrt(var)).to_numpy(),
            }
        )
        t = t[t["count"] >= min_count].sort_values(["z", "term"], ascending=[False, True])
        if topn is not None:
            t = t.head(topn)
        t.insert(1, "rank", np.arange(1, len(t) + 1))
        rows.append(t)
    cols = ["group", "rank", "term", "count", "count_other", "delta", "z"]
    if not rows:
        return pd.DataFrame(columns=cols)
    return pd.concat(rows, ignore_index=True)[cols]


# ------------------------------------------------------------------------------------------
# Validation against known labels
# ------------------------------------------------------------------------------------------


def match_topics(doc_topics: pd.DataFrame, labels: Sequence[Any] | pd.Series) -> pd.DataFrame:
    """Match fitted topics one-to-one with known labels by their dominant-topic counts.

    The contingency table of dominant topic × label is matched with the Hungarian algorithm
    (maximum documents on the diagonal). ``matched`` counts the documents whose dominant topic
    is the topic matched to their label; its sum over the table divided by the documents is
    the share recovered. Documents with NA label or no terms are left out.

    Returns
    -------
    pandas.DataFrame
        ``topic``, ``label`` (NA when unmatched), ``documents`` (dominant-topic count),
        ``matched``. ``.attrs["share"]`` holds the share of documents recovered.

    Examples
    --------
    >>> import pandas as pd
    >>> theta = pd.DataFrame([[0.9, 0.1], [0.8, 0.2], [0.1, 0.9]])
    >>> t = match_topics(theta, ["banjir", "banjir", "tambang"])
    >>> t[["topic", "label"]].values.tolist(), t.attrs["share"]
    ([[0, 'banjir'], [1, 'tambang']], 1.0)
    """
    from scipy.optimize import linear_sum_assignment

    lab = pd.Series(list(labels) if not isinstance(labels, pd.Series) else labels.to_numpy())
    if len(lab) != len(doc_topics):
        raise ValueError(f"labels: {len(lab)} labels for {len(doc_topics)} documents")
    top = dominant_topic(doc_topics).to_numpy()
    ok = lab.notna().to_numpy() & ~pd.isna(top)
    table = pd.crosstab(pd.Series(top[ok].astype(int), name="topic"), lab[ok].to_numpy())
    table = table.reindex(list(doc_topics.columns), fill_value=0)
    rows, cols = linear_sum_assignment(-table.to_numpy())
    label_of = {table.index[r]: table.columns[c] for r, c in zip(rows, cols, strict=True)}
    out = pd.DataFrame(
        {
            "topic": table.index.astype("int64"),
            "label": [label_of.get(t) for t in table.index],
            "documents": table.sum(axis=1).to_numpy(),
            "matched": [
                int(table.loc[t, label_of[t]]) if t in label_of else 0 for t in table.index
            ],
        }
    )
    out.attrs["share"] = float(out["matched"].sum() / ok.sum()) if ok.sum() else float("nan")
    return out


def term_overlap(
    topic_terms: pd.DataFrame, vocabularies: Mapping[str, Iterable[str]], *, topn: int = 10
) -> pd.DataFrame:
    """Best one-to-one match of labels to topics by the overlap of top terms with a vocabulary.

    The overlap of a topic and a label is the number of the topic's top ``topn`` terms that are
    in the label's vocabulary, divided by ``topn``; labels and topics are matched one-to-one
    to maximise the total (Hungarian algorithm).

    Returns
    -------
    pandas.DataFrame
        ``label``, ``topic``, ``overlap``, ``terms`` (the shared terms, sorted). The mean of
        ``overlap`` is the mean best-match overlap.

    Examples
    --------
    >>> import pandas as pd
    >>> tt = pd.DataFrame({"topic": [0, 0, 1, 1], "rank": [1, 2, 1, 2],
    ...                    "term": ["banjir", "jalan", "tambang", "sawit"], "weight": 0.5})
    >>> term_overlap(tt, {"banjir_jalan": {"banjir", "jalan"}, "tambang": {"tambang"}},
    ...              topn=2)[["label", "topic", "overlap"]].values.tolist()
    [['banjir_jalan', 0, 1.0], ['tambang', 1, 0.5]]
    """
    from scipy.optimize import linear_sum_assignment

    top = topic_terms[topic_terms["rank"] <= topn]
    topics = sorted(top["topic"].unique())
    terms = {t: set(top.loc[top["topic"] == t, "term"]) for t in topics}
    names = list(vocabularies)
    vocab = {n: set(vocabularies[n]) for n in names}
    sim = np.array([[len(terms[t] & vocab[n]) / topn for t in topics] for n in names])
    rows, cols = linear_sum_assignment(-sim)
    out = [
        {
            "label": names[r],
            "topic": int(topics[c]),
            "overlap": float(sim[r, c]),
            "terms": sorted(terms[topics[c]] & vocab[names[r]]),
        }
        for r, c in zip(rows, cols, strict=True)
    ]
    return pd.DataFrame(out, columns=["label", "topic", "overlap", "terms"])
