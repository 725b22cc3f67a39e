"""Indonesian text preprocessing for topic models: posts in, token lists out.

The default pipeline (DESIGN.md §5), in order; every step can be switched off by a keyword
(default in brackets):

1. ``lowercase`` (on): case folding, before tokenising, over the whole column.
2. ``strip_rt`` (on): remove the ``RT @x:`` prefix of old-style retweets.
3. ``urls`` (``"drop"``): URLs (``http…``, ``www.…``), naked domains and e-mail addresses.
4. Tokenising with nltk ``TweetTokenizer(reduce_len=reduce_len, match_phone_numbers=False)``.
5. ``mentions`` (``"drop"``, or ``"keep"``): ``@handle`` tokens.
6. ``hashtags`` (``"word"``): ``#KaltimBerdaulat`` → ``kaltimberdaulat``; ``"keep"`` keeps the
   ``#``, ``"drop"`` drops the tag. Spelling rules never touch a hashtag.
7. ``emoji`` (``"drop"``, or ``"keep"``): emoji tokens.
8. Tokens without a letter or digit (punctuation) are always dropped.
9. ``elongation`` (on): letter runs of 3+ become one letter (``bangettt`` → ``banget``; nltk's
   ``reduce_len`` only cuts them to 3); a doubled letter is undone only when that gives a
   known word (``bangett`` → ``banget``, ``maaf`` stays).
10. ``reduplication`` (on): ``janji2`` → ``janji-janji``, before tokenising (TweetTokenizer
    would split ``janji`` / ``2``).
11. ``slang`` (the built-in election list) and ``lexicon`` (a path or mapping, e.g. the
    colloquial Indonesian lexicon): slang → formal.
12. ``drop_numbers`` (on): tokens that are numbers (``2024``, ``07.00``, ``2,5``).
13. ``stopwords`` (on): PySastrawi's list + nltk's Indonesian list when nltk's data is
    installed + the project's domain list (+ ``extra_stopwords``).
14. ``min_length`` (2): shorter tokens (single characters) are dropped.
15. ``stem`` (off): Sastrawi stemming, each distinct word once.
16. ``phrases`` (off): gensim ``Phrases`` bigrams (``kotak_kosong``).

Speed. Steps 1–3 run vectorised over the whole column (``pyarrow.compute``). Tokenising with
the nltk regular expression is the slow part, so it runs once per *unique whitespace-separated
chunk* of the corpus, steps 5–14 once per unique token and stemming once per distinct word.
With phone-number matching off, no ``TweetTokenizer`` token spans whitespace (only an ellipsis
written with spaces, ``. . .``, which is punctuation and dropped), so this gives the tokens
``TweetTokenizer.tokenize`` would give on the whole text. Lower-casing happens before
tokenising, so ``reduce_len`` sees ``AAAa`` as ``aaaa`` (nltk lower-cases after).

Examples
--------
>>> preprocess(["RT @warga_smd: Gratispol sampe S3?? duitnya dr mana coba 🤔 https://t.co/x"])
[['gratispol', 's3', 'uangnya', 'coba']]
>>> preprocess(["Pahamlah ikam!!! #KaltimBerdaulat"], hashtags="drop")
[['pahamlah', 'ikam']]
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import regex

__all__ = [
    "DATA_DIR",
    "REMOVAL_STEPS",
    "REWRITE_STEPS",
    "TextReport",
    "clear_stem_cache",
    "learn_phrases",
    "load_lexicon",
    "load_slang",
    "load_stopwords",
    "oov_rate",
    "preprocess",
    "stem",
    "tokenize_posts",
]

#: Package data: ``slang_election.csv`` and ``stopwords_domain.txt``.
DATA_DIR = Path(__file__).parent / "data"

#: Steps that remove tokens, in pipeline order (keys of :attr:`TextReport.removed`).
REMOVAL_STEPS = (
    "rt_prefix",
    "urls",
    "mentions",
    "hashtags",
    "emoji",
    "punctuation",
    "numbers",
    "stopwords",
    "short",
)
#: Steps that rewrite tokens (keys of :attr:`TextReport.rewritten`).
REWRITE_STEPS = ("elongation", "reduplication", "slang", "stem", "phrases")

#: Stopword sources used by default (``"nltk"`` only when nltk's data is installed).
STOPWORD_SOURCES = ("sastrawi", "nltk", "domain")

_RT_RE = r"(?i)^\s*rt\s+@\w+:?\s*"
_URL_RE = r"(?i)(?:https?://|www\.)\S+|pic\.twitter\.com/\S+"
_URL_TOKEN = regex.compile(
    r"^(?:https?:|www\.)|@|^[\w\-]+(?:\.[\w\-]+)*\.[^\W\d_]{2,13}(?:/\S*)?$", regex.I
)
_EMOJI = regex.compile(
    r"[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u200d\ufe0f\u20e3]"
)
_RUN3 = regex.compile(r"([^\W\d_])\1{2,}")
_RUN2 = regex.compile(r"([^\W\d_])\1")
# "kata2" (not inside a hashtag, handle or longer alphanumeric word) -> "kata-kata"
_REDUP = regex.compile(r"(?<![\w#@])([^\W\d_]{2,})2(?!\w)")
_NUMBER = regex.compile(r"^[+\-]?\d+(?:[,./:\-]\d+)*[+\-]?$")
_LAUGH = regex.compile(r"^(?:(?:wk)+w?|(?:ha){2,}h?|(?:he){2,}|(?:hi){2,}|awok(?:awok)+)$")
_STEMMABLE = regex.compile(r"^[a-z]+(?:-[a-z]+)*$")
# nltk.tokenize.casual.reduce_lengthening and HANG_RE, compiled once
_REDUCE_LEN = regex.compile(r"(.)\1{2,}")
_HANG = regex.compile(r"([^\p{L}\p{N}])\1{3,}")
_HAS_RUN3 = re.compile(r"(.)\1\1")  # cheap test before either (re is faster here)


# ------------------------------------------------------------------------------------------
# Word lists
# ------------------------------------------------------------------------------------------


def _read_word_list(path: Path) -> list[str]:
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.append(line)
    return words


def _nltk_indonesian() -> frozenset[str] | None:
    """nltk's Indonesian stopword list, or None when nltk's data is not installed."""
    import nltk

    return _nltk_indonesian_cached(tuple(nltk.data.path))


@functools.lru_cache(maxsize=8)
def _nltk_indonesian_cached(_paths: tuple[str, ...]) -> frozenset[str] | None:
    try:
        from nltk.corpus import stopwords as nltk_stopwords

        return frozenset(nltk_stopwords.words("indonesian"))
    except (LookupError, OSError):
        return None


@functools.lru_cache(maxsize=1)
def _sastrawi_stopwords() -> frozenset[str]:
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    return frozenset(StopWordRemoverFactory().get_stop_words())


def load_stopwords(
    *, sources: Iterable[str] = STOPWORD_SOURCES, extra: Iterable[str] = ()
) -> frozenset[str]:
    """The stopword set: PySastrawi's list, nltk's Indonesian list, the domain list.

    Parameters
    ----------
    sources : iterable of {"sastrawi", "nltk", "domain"}
        Lists to join. ``"nltk"`` adds ``nltk.corpus.stopwords.words("indonesian")`` (Tala 2003,
        758 words) only when the nltk ``stopwords`` corpus is installed; nothing is downloaded.
        Whether it was found is recorded in :class:`TextReport` (``stopword_sources``).
        ``"domain"`` is the project's list ``discourse/data/stopwords_domain.txt`` (chat fillers,
        laughter, retweet residue).
    extra : iterable of str
        More words (lower-cased).

    Returns
    -------
    frozenset of str

    Raises
    ------
    ValueError
        An unknown source name.

    Examples
    --------
    >>> sw = load_stopwords(sources=["sastrawi", "domain"])
    >>> "yang" in sw, "wkwk" in sw, "gratispol" in sw
    (True, True, False)
    >>> sorted(load_stopwords(sources=[], extra=["Kaltim"]))
    ['kaltim']
    """
    words: set[str] = set()
    for src in sources:
        if src == "sastrawi":
            words |= _sastrawi_stopwords()
        elif src == "nltk":
            words |= _nltk_indonesian() or frozenset()
        elif src == "domain":
            words |= set(_read_word_list(DATA_DIR / "stopwords_domain.txt"))
        else:
            raise ValueError(
                f"sources: unknown stopword source {src!r} (use 'sastrawi', 'nltk', 'domain')"
            )
    words |= {w.strip().lower() for w in extra}
    return frozenset(words)


def load_lexicon(
    path: str | Path,
    *,
    slang_column: str | int = "slang",
    formal_column: str | int = "formal",
    header: bool = True,
    encoding: str = "utf-8",
) -> dict[str, str]:
    """Read a slang → formal lexicon CSV, e.g. the colloquial Indonesian lexicon.

    The colloquial Indonesian lexicon (Salsabila, Ali, Yosef & Ade 2018, "Colloquial Indonesian
    Lexicon", IALP 2018, https://ieeexplore.ieee.org/abstract/document/8629151) has columns
    ``slang, formal`` (plus context columns, ignored). The package does not ship it (no
    licence stated): give the path of your copy. Rule for a slang with several formal forms
    (the lexicon lists each pair once per context tweet): the **most frequent** formal form
    wins, ties going to the one that appears first in the file. Slang and formal forms are
    stripped and lower-cased; rows with an empty cell, and slang containing whitespace (it can
    never match one token), are skipped.

    Parameters
    ----------
    path : path
        The CSV file.
    slang_column, formal_column : str or int
        Column names, or positions when ``header=False`` (e.g. ``new_kamusalay.csv`` of
        Ibrohim & Budi 2019 has no header: ``header=False, encoding="latin-1"``).
    header : bool
        Whether the first line is a header.
    encoding : str
        File encoding.

    Returns
    -------
    dict
        slang → formal (the formal side may be several words separated by spaces).

    Raises
    ------
    FileNotFoundError
        No such file.
    ValueError
        A named column is missing, or the file cannot be decoded with ``encoding``.

    Examples
    --------
    >>> import os, tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "lex.csv")
    >>> _ = open(p, "w").write("slang,formal\\nyg,yang\\ngk,enggak\\ngk,tidak\\ngk,enggak\\n")
    >>> load_lexicon(p)
    {'yg': 'yang', 'gk': 'enggak'}
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"lexicon file not found: {path}")
    if header:
        cols = [slang_column, formal_column]
        try:
            table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
        except UnicodeDecodeError as e:
            raise ValueError(
                f"{path}: cannot decode with encoding={encoding!r} ({e}); pass encoding="
            ) from e
        missing = [c for c in cols if c not in table.columns]
        if missing:
            raise ValueError(
                f"{path}: lexicon needs columns {cols}, missing {missing} "
                f"(found {list(table.columns)})"
            )
    else:
        try:
            table = pd.read_csv(
                path, dtype=str, keep_default_na=False, encoding=encoding, header=None
            )
        except UnicodeDecodeError as e:
            raise ValueError(
                f"{path}: cannot decode with encoding={encoding!r} ({e}); pass encoding="
            ) from e
        if table.shape[1] < 2:
            raise ValueError(f"{path}: a lexicon without header needs two columns")
    slang = table[slang_column].str.strip().str.lower()
    formal = table[formal_column].str.strip().str.lower()
    ok = (slang != "") & (formal != "") & ~slang.str.contains(r"\s", regex=True)
    pairs = pd.DataFrame({"slang": slang[ok], "formal": formal[ok]})
    pairs["order"] = range(len(pairs))
    counted = pairs.groupby(["slang", "formal"], sort=False).agg(
        n=("order", "size"), first=("order", "min")
    )
    counted = counted.reset_index().sort_values(
        ["slang", "n", "first"], ascending=[True, False, True]
    )
    best = counted.drop_duplicates("slang").sort_values("first")
    return dict(zip(best["slang"], best["formal"], strict=True))


@functools.lru_cache(maxsize=1)
def _builtin_slang() -> tuple[tuple[str, str], ...]:
    table = pd.read_csv(DATA_DIR / "slang_election.csv", dtype=str, comment="#")
    return tuple(zip(table["slang"].str.strip(), table["formal"].str.strip(), strict=True))


def load_slang(lexicon: str | Path | Mapping[str, str] | None = None) -> dict[str, str]:
    """The slang mapping the pipeline uses: a user lexicon plus the built-in election list.

    The built-in list (``discourse/data/slang_election.csv``, curated by this project from
    DOMAIN.md 6.5: paslon, cagub, nyoblos, golput, yg, gak, bgt, ...) overrides the user lexicon
    for the slang it lists. Look-up is one step (no chains).

    Parameters
    ----------
    lexicon : path or mapping, optional
        A CSV read with :func:`load_lexicon`, or a ready mapping.

    Returns
    -------
    dict
        slang → formal.

    Examples
    --------
    >>> m = load_slang({"kuy": "ayo", "gak": "enggak"})
    >>> m["kuy"], m["gak"], m["paslon"]
    ('ayo', 'tidak', 'pasangan calon')
    """
    if lexicon is None:
        mapping: dict[str, str] = {}
    elif isinstance(lexicon, Mapping):
        mapping = {str(k).lower(): str(v).lower() for k, v in lexicon.items()}
    else:
        mapping = load_lexicon(lexicon)
    mapping.update(_builtin_slang())
    return mapping


@functools.lru_cache(maxsize=1)
def _sastrawi_stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    stemmer = StemmerFactory().create_stemmer()
    # Sastrawi wraps its stemmer in an unbounded cache of its own; use the stemmer inside, so
    # that stem()'s cache is the only one (bounded, and clearable for benchmarks)
    return getattr(stemmer, "delegatedStemmer", stemmer)


#: Stems computed so far (token → stem), shared by every call in this process; emptied when
#: it passes ``STEM_CACHE_SIZE`` entries.
_STEMS: dict[str, str] = {}
STEM_CACHE_SIZE = 1 << 21
#: Below this many new words to stem, ``n_jobs > 1`` still stems in this process.
PARALLEL_MIN_WORDS = 4_000


def stem(token: str) -> str:
    """Sastrawi stem of one lower-case token, memoised (Sastrawi is slow per call).

    Uses PySastrawi's stemmer (the Nazief & Adriani confix-stripping algorithm with the
    improvements Sastrawi documents, e.g. Asian 2007 for plurals) and its root-word
    dictionary. Each distinct token is stemmed once per process (:func:`clear_stem_cache`
    empties the memo).

    Examples
    --------
    >>> stem("pemilihan"), stem("mencoblos"), stem("bagi-bagi")
    ('pilih', 'coblos', 'bagi')
    """
    hit = _STEMS.get(token)
    if hit is None:
        if len(_STEMS) >= STEM_CACHE_SIZE:
            _STEMS.clear()
        hit = _STEMS[token] = _sastrawi_stemmer().stem(token)
    return hit


def clear_stem_cache() -> None:
    """Forget the stems computed so far (for benchmarks and tests).

    Examples
    --------
    >>> _ = stem("pemilihan"); clear_stem_cache(); len(_STEMS)
    0
    """
    _STEMS.clear()


def _stem_part(words: list[str]) -> list[str]:
    """Worker: the stems of ``words``."""
    return [_sastrawi_stemmer().stem(w) for w in words]


def _stem_all(words: Iterable[str], n_jobs: int = 1) -> None:
    """Put the stems of ``words`` into the memo, in worker processes when there are many."""
    new = sorted(w for w in set(words) if w not in _STEMS)
    if n_jobs <= 1 or len(new) < PARALLEL_MIN_WORDS:
        for w in new:
            stem(w)
        return
    from joblib import Parallel, delayed

    parts = [new[i::n_jobs] for i in range(n_jobs)]
    for part, stems in zip(
        parts, Parallel(n_jobs=n_jobs)(delayed(_stem_part)(p) for p in parts), strict=True
    ):
        if len(_STEMS) + len(part) >= STEM_CACHE_SIZE:
            _STEMS.clear()
        _STEMS.update(zip(part, stems, strict=True))


@functools.lru_cache(maxsize=1)
def _root_words() -> frozenset[str]:
    import Sastrawi

    path = Path(Sastrawi.__file__).parent / "Stemmer" / "data" / "kata-dasar.txt"
    return frozenset(w.strip() for w in path.read_text(encoding="utf-8").split("\n") if w.strip())


def oov_rate(docs: Iterable[Iterable[str]], *, vocabulary: Iterable[str] | None = None) -> float:
    """Share of tokens that are out of vocabulary.

    With no ``vocabulary``, a token is *in* vocabulary when it, or its Sastrawi stem, is in
    Sastrawi's root-word dictionary (``kata-dasar.txt``, about 30,000 standard Indonesian
    roots): a measure of how much informal spelling is left. Phrase tokens (``a_b``) count as
    in vocabulary when all parts are.

    Examples
    --------
    >>> oov_rate([["pemilihan", "gubernur"], ["bgt", "yg"]])
    0.5
    """
    if vocabulary is not None:
        vocab = frozenset(vocabulary)

        def known(t: str) -> bool:
            return t in vocab
    else:
        roots = _root_words()

        def known(t: str) -> bool:
            return t in roots or (bool(_STEMMABLE.match(t)) and stem(t) in roots)

    cache: dict[str, bool] = {}
    n = bad = 0
    for doc in docs:
        for tok in doc:
            n += 1
            k = cache.get(tok)
            if k is None:
                k = cache[tok] = all(known(p) for p in tok.split("_") if p)
            bad += not k
    return bad / n if n else float("nan")


# ------------------------------------------------------------------------------------------
# The pipeline
# ------------------------------------------------------------------------------------------


@dataclass
class TextReport:
    """What each preprocessing step did.

    Attributes
    ----------
    posts : int
        Rows given (posts table rows, or texts).
    references_dropped, retweets_dropped : int
        Rows left out before tokenising (:func:`tokenize_posts` only).
    documents : int
        Documents returned (``posts`` minus the rows left out).
    empty_documents : int
        Documents with no token left.
    unique_texts : int
        Distinct texts actually tokenised.
    tokens_in : int
        Tokens of the tokenizer (after the vectorised steps 1–3).
    tokens_out : int
        Tokens returned.
    removed : dict
        Step → tokens (or, for ``rt_prefix`` and ``urls``, matches) removed, over all documents.
    rewritten : dict
        Step → tokens rewritten (``phrases``: bigram tokens formed).
    stopwords : int
        Size of the stopword set.
    stopword_sources : list of str
        Sources actually used (``nltk`` only when its data is installed).
    options : dict
        The options, for the record.

    Examples
    --------
    >>> import pandas as pd
    >>> _, report = tokenize_posts(pd.DataFrame({"post_id": ["1"], "text": ["Yg bener aja!!"]}))
    >>> report.removed["stopwords"], report.rewritten["slang"], report.tokens_out
    (3, 3, 0)
    """

    posts: int = 0
    references_dropped: int = 0
    retweets_dropped: int = 0
    documents: int = 0
    empty_documents: int = 0
    unique_texts: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    removed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REMOVAL_STEPS, 0))
    rewritten: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REWRITE_STEPS, 0))
    stopwords: int = 0
    stopword_sources: list[str] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (JSON-ready).

        Examples
        --------
        >>> TextReport(posts=2).to_dict()["posts"]
        2
        """
        return asdict(self)

    def to_frame(self) -> pd.DataFrame:
        """Tidy table ``step, kind, tokens`` (kind ``removed`` or ``rewritten``), pipeline order.

        Examples
        --------
        >>> TextReport().to_frame().columns.tolist()
        ['step', 'kind', 'tokens']
        """
        rows = [{"step": k, "kind": "removed", "tokens": v} for k, v in self.removed.items()]
        rows += [{"step": k, "kind": "rewritten", "tokens": v} for k, v in self.rewritten.items()]
        return pd.DataFrame(rows, columns=["step", "kind", "tokens"])

    def summary(self) -> str:
        """One line per step, for the command line.

        Examples
        --------
        >>> print(TextReport(posts=1, documents=1).summary().splitlines()[0])
        1 posts -> 1 documents (0 empty), 0 tokens -> 0
        """
        lines = [
            f"{self.posts:,} posts -> {self.documents:,} documents ({self.empty_documents:,} "
            f"empty), {self.tokens_in:,} tokens -> {self.tokens_out:,}"
        ]
        if self.references_dropped or self.retweets_dropped:
            lines.append(
                f"  left out: {self.references_dropped:,} reference rows, "
                f"{self.retweets_dropped:,} retweets"
            )
        lines += [f"  removed {k:12s} {v:,}" for k, v in self.removed.items() if v]
        lines += [f"  rewrote {k:12s} {v:,}" for k, v in self.rewritten.items() if v]
        return "\n".join(lines)


_CHOICES = {
    "urls": ("drop", "keep"),
    "mentions": ("drop", "keep"),
    "hashtags": ("word", "keep", "drop"),
    "emoji": ("drop", "keep"),
}


@dataclass(frozen=True)
class _Options:
    lowercase: bool = True
    strip_rt: bool = True
    urls: str = "drop"
    mentions: str = "drop"
    hashtags: str = "word"
    emoji: str = "drop"
    reduce_len: bool = True
    elongation: bool = True
    reduplication: bool = True
    slang: bool = True
    lexicon: Any = None
    drop_numbers: bool = True
    stopwords: Any = True
    extra_stopwords: tuple[str, ...] = ()
    min_length: int = 2
    stem: bool = False
    phrases: Any = False
    phrases_min_count: int = 5
    phrases_threshold: float = 10.0

    def check(self) -> None:
        for name, allowed in _CHOICES.items():
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name}: must be one of {allowed}, got {getattr(self, name)!r}")
        if not isinstance(self.min_length, int) or self.min_length < 0:
            raise ValueError(f"min_length: a non-negative int, got {self.min_length!r}")

    def record(self) -> dict[str, Any]:
        # shallow: asdict() would deep-copy a lexicon mapping or a Phrases model
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        if isinstance(self.lexicon, Mapping):
            out["lexicon"] = f"<mapping of {len(self.lexicon)} entries>"
        elif self.lexicon is not None:
            out["lexicon"] = str(self.lexicon)
        if not isinstance(self.stopwords, bool):
            out["stopwords"] = f"<{len(list(self.stopwords))} words>"
        if not isinstance(self.phrases, bool):
            out["phrases"] = f"<{type(self.phrases).__name__}>"
        out["extra_stopwords"] = list(self.extra_stopwords)
        return out


class _TokenPipeline:
    """Steps 4–15 for one set of options, memoised per unique chunk and per unique token."""

    def __init__(self, opts: _Options):
        from nltk.tokenize import TweetTokenizer

        self.o = opts
        self.tok = TweetTokenizer(
            preserve_case=True, reduce_len=opts.reduce_len, match_phone_numbers=False
        )
        rx = self.tok.WORD_RE
        self.word_re = getattr(rx, "_rx", rx)  # the compiled pattern inside nltk's wrapper
        if opts.slang:
            self.slang = load_slang(opts.lexicon)
        elif isinstance(opts.lexicon, Mapping):
            self.slang = {str(k).lower(): str(v).lower() for k, v in opts.lexicon.items()}
        elif opts.lexicon is not None:
            self.slang = load_lexicon(opts.lexicon)
        else:
            self.slang = {}
        if opts.stopwords is True:
            self.sources = [
                s for s in STOPWORD_SOURCES if s != "nltk" or _nltk_indonesian() is not None
            ]
            self.stop = load_stopwords(sources=self.sources, extra=opts.extra_stopwords)
        elif opts.stopwords is False or opts.stopwords is None:
            self.sources = []
            self.stop = frozenset(w.lower() for w in opts.extra_stopwords)
        else:
            self.sources = ["user"]
            self.stop = load_stopwords(sources=[], extra=[*opts.stopwords, *opts.extra_stopwords])
        self.use_stop = bool(self.stop)
        # words the elongation step may land on when it undoes a doubled letter
        self.known = self.stop | set(self.slang) | set(self.slang.values())
        self.chunks: dict[str, tuple[tuple[str, ...], tuple[str, ...], int]] = {}
        self.tokens: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}

    # -- one token -------------------------------------------------------------------------
    # A token's result is (output words, events): events name the step of each removal or
    # rewrite, one entry per token affected (see REMOVAL_STEPS, REWRITE_STEPS).
    def token(self, t: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        hit = self.tokens.get(t)
        if hit is None:
            hit = self.tokens[t] = self._token(t)
        return hit

    def _token(self, t: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        o = self.o
        if not t.isalpha():
            first = t[0]
            if first == "@" and len(t) > 1:
                return ((t,), ()) if o.mentions == "keep" else ((), ("mentions",))
            if _URL_TOKEN.search(t) and any(ch.isalpha() for ch in t):
                return ((t,), ()) if o.urls == "keep" else ((), ("urls",))
            if first == "#" and len(t) > 1:
                if o.hashtags == "keep":
                    return (t,), ()
                if o.hashtags == "drop":
                    return (), ("hashtags",)
                # a hashtag is a deliberate identifier (#Nomor2 is not "nomor-nomor"): no
                # spelling normalisation, only the word filters
                return self._words((t.lstrip("#"),), [])
            if not any(ch.isalnum() for ch in t):
                if _EMOJI.search(t):
                    return ((t,), ()) if o.emoji == "keep" else ((), ("emoji",))
                return (), ("punctuation",)
        events: list[str] = []
        if o.elongation and _RUN2.search(t):
            e = _RUN3.sub(r"\1", t)
            if e not in self.known and _RUN2.search(e):
                e2 = _RUN2.sub(r"\1", e)
                if e2 in self.known:
                    e = e2
            if e != t:
                events.append("elongation")
                t = e
        words: list[str] | tuple[str, ...] = (t,)
        f = self.slang.get(t)
        if f is not None and f != t:
            events.append("slang")
            words = f.split()
        return self._words(words, events)

    def _words(
        self, words: Iterable[str], events: list[str]
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        o = self.o
        out = []
        for w in words:
            if o.drop_numbers and not w.isalpha() and _NUMBER.match(w):
                events.append("numbers")
                continue
            if self.use_stop and (w in self.stop or _LAUGH.match(w)):
                events.append("stopwords")
                continue
            if len(w) < o.min_length:
                events.append("short")
                continue
            out.append(w)
        return tuple(out), tuple(events)

    # -- stemming, last, over the distinct output words --------------------------------------
    def apply_stemming(self, n_jobs: int = 1) -> None:
        """Stem every output word of the chunk memo (each distinct word once, in worker
        processes when there are many); a stem that is a stopword or empty is dropped."""
        memo = self.chunks
        _stem_all((w for out, _, _ in memo.values() for w in out if _STEMMABLE.match(w)), n_jobs)
        stems, stop, use_stop = _STEMS, self.stop, self.use_stop
        for ch, (out, events, ntok) in memo.items():
            new_out: list[str] = []
            extra: list[str] = []
            for w in out:
                s = stems.get(w, w) if _STEMMABLE.match(w) else w
                if s != w:
                    extra.append("stem")
                    if not s or (use_stop and s in stop):
                        extra.append("stopwords")
                        continue
                new_out.append(s)
            if extra:
                memo[ch] = (tuple(new_out), events + tuple(extra), ntok)

    # -- one whitespace-separated chunk ----------------------------------------------------
    def tweet_tokens(self, ch: str) -> list[str]:
        """``TweetTokenizer.tokenize`` on one chunk, without the per-call overhead of nltk's
        time-limited pattern wrappers (nltk's own regular expressions, in nltk's order)."""
        if ch.isalpha():
            # a run of letters is one token (no WORD_RE alternative before "words" can match
            # letters only); only reduce_len can change it
            if self.o.reduce_len and _HAS_RUN3.search(ch):
                ch = _REDUCE_LEN.sub(r"\1\1\1", ch)
            return [ch]
        if "&" in ch:  # HTML entities: let nltk do all of it
            return self.tok.tokenize(ch)
        if _HAS_RUN3.search(ch):  # a run of 3+: nltk's reduce_lengthening and HANG_RE
            if self.o.reduce_len:
                ch = _REDUCE_LEN.sub(r"\1\1\1", ch)
            ch = _HANG.sub(r"\1\1\1", ch)
        return self.word_re.findall(ch)

    def fill(self, chunks: Iterable[str]) -> None:
        """Tokenise and process every chunk not seen yet."""
        memo, token, tokenize = self.chunks, self.token, self.tweet_tokens
        redup = self.o.reduplication
        for ch in chunks:
            if ch in memo:
                continue
            events: list[str] = []
            if redup and "2" in ch:
                ch2, n = _REDUP.subn(r"\1-\1", ch)
                events += ["reduplication"] * n
                toks = tokenize(ch2)
            else:
                toks = tokenize(ch)
            if len(toks) == 1 and not events:
                o, ev = token(toks[0])
                memo[ch] = (o, ev, 1)
                continue
            out: list[str] = []
            for t in toks:
                o, ev = token(t)
                out.extend(o)
                if ev:
                    events.extend(ev)
            memo[ch] = (tuple(out), tuple(events), len(toks))


def _clean_column(texts: pa.Array, opts: _Options) -> tuple[pa.Array, dict[str, int]]:
    """Steps 1–3, vectorised over the whole column."""
    counts = {"rt_prefix": 0, "urls": 0}
    arr = pc.fill_null(texts.cast(pa.string()), "")
    if opts.lowercase:
        arr = pc.utf8_lower(arr)
    if opts.strip_rt:
        counts["rt_prefix"] = int(pc.sum(pc.match_substring_regex(arr, _RT_RE)).as_py() or 0)
        arr = pc.replace_substring_regex(arr, _RT_RE, "")
    if opts.urls == "drop":
        counts["urls"] = int(pc.sum(pc.count_substring_regex(arr, _URL_RE)).as_py() or 0)
        arr = pc.replace_substring_regex(arr, _URL_RE, " ")
    return arr, counts


def _to_array(texts: Any) -> pa.Array:
    if isinstance(texts, pa.ChunkedArray):
        return texts.combine_chunks()
    if isinstance(texts, pa.Array):
        return texts
    if isinstance(texts, pd.Series):
        return pa.array(texts.astype(object).where(texts.notna(), None), type=pa.string())
    if isinstance(texts, str):
        raise TypeError("texts: give an iterable of texts, not one string (wrap it in a list)")
    return pa.array(list(texts), type=pa.string(), from_pandas=True)


#: Below this many new unique chunks, ``n_jobs > 1`` still tokenises in this process (starting
#: workers and moving results back costs more than it saves).
PARALLEL_MIN_CHUNKS = 200_000


def _fill_part(opts: _Options, chunks: list[str]) -> dict:
    """Worker: steps 4–15 for a share of the unique chunks."""
    pipe = _TokenPipeline(opts)
    pipe.fill(chunks)
    return pipe.chunks


def _fill(pipe: _TokenPipeline, chunks: set[str], n_jobs: int) -> None:
    if n_jobs <= 1 or len(chunks) < PARALLEL_MIN_CHUNKS:
        pipe.fill(chunks)
        return
    from joblib import Parallel, delayed

    ordered = sorted(chunks)
    parts = [ordered[i::n_jobs] for i in range(n_jobs)]
    opts = replace(pipe.o, phrases=False)
    for part in Parallel(n_jobs=n_jobs)(delayed(_fill_part)(opts, p) for p in parts):
        pipe.chunks.update(part)


def _run(texts: Any, opts: _Options, n_jobs: int = 1) -> tuple[list[list[str]], TextReport]:
    opts.check()
    arr = _to_array(texts)
    report = TextReport(posts=len(arr), documents=len(arr), options=opts.record())
    cleaned, counts = _clean_column(arr, opts)
    uniq = pc.unique(cleaned)
    index = pc.index_in(cleaned, value_set=uniq).to_numpy(zero_copy_only=False)
    utexts = uniq.to_pylist()
    report.unique_texts = len(utexts)
    pipe = _TokenPipeline(opts)
    report.stopwords, report.stopword_sources = len(pipe.stop), list(pipe.sources)
    split = [t.split() for t in utexts]
    seen: set[str] = set()
    for chunks in split:
        seen.update(chunks)
    _fill(pipe, seen, n_jobs)
    if opts.stem:
        pipe.apply_stemming(n_jobs)
    memo = pipe.chunks
    tokens_of = {ch: v[0] for ch, v in memo.items()}
    get = tokens_of.__getitem__
    per_text = [list(chain.from_iterable(map(get, chunks))) for chunks in split]
    # report: each chunk occurrence over the full column (duplicate texts included)
    freq = np.bincount(index, minlength=len(utexts)) if len(utexts) else np.zeros(0, int)
    occurrences: Counter = Counter()
    for chunks, n in zip(split, freq.tolist(), strict=True):
        if n == 1:
            occurrences.update(chunks)
        else:
            for ch in chunks:
                occurrences[ch] += n
    removed, rewritten = dict.fromkeys(REMOVAL_STEPS, 0), dict.fromkeys(REWRITE_STEPS, 0)
    removed.update(counts)
    tokens_in = 0
    for ch, n in occurrences.items():
        _, stats, ntok = memo[ch]
        tokens_in += n * ntok
        for k in stats:
            if k in removed:
                removed[k] += n
            else:
                rewritten[k] += n
    docs = [list(per_text[i]) for i in index]
    if opts.phrases is not False and opts.phrases is not None:
        model = (
            learn_phrases(docs, min_count=opts.phrases_min_count, threshold=opts.phrases_threshold)
            if opts.phrases is True
            else opts.phrases
        )
        before = sum(map(len, docs))
        docs = [list(d) for d in model[docs]]
        # each bigram joins two tokens into one
        rewritten["phrases"] = before - sum(map(len, docs))
    report.tokens_in = tokens_in
    report.removed, report.rewritten = removed, rewritten
    report.tokens_out = sum(map(len, docs))
    report.empty_documents = sum(1 for d in docs if not d)
    return docs, report


def preprocess(
    texts: Iterable[str | None],
    *,
    lowercase: bool = True,
    strip_rt: bool = True,
    urls: str = "drop",
    mentions: str = "drop",
    hashtags: str = "word",
    emoji: str = "drop",
    reduce_len: bool = True,
    elongation: bool = True,
    reduplication: bool = True,
    slang: bool = True,
    lexicon: str | Path | Mapping[str, str] | None = None,
    drop_numbers: bool = True,
    stopwords: bool | Iterable[str] = True,
    extra_stopwords: Iterable[str] = (),
    min_length: int = 2,
    stem: bool = False,
    phrases: bool | Any = False,
    phrases_min_count: int = 5,
    phrases_threshold: float = 10.0,
    n_jobs: int = 1,
) -> list[list[str]]:
    """Turn raw post texts into token lists (the default Indonesian pipeline).

    The steps and their order are listed in the module docstring (:mod:`discourse.text`).
    Deterministic: the same texts and options give the same tokens. Missing texts (None/NA)
    give empty lists. Use :func:`tokenize_posts` for a posts table and a :class:`TextReport`.

    Parameters
    ----------
    texts : iterable of str
        Raw texts (a list, a pandas Series or a pyarrow string array).
    lowercase : bool
        Case folding.
    strip_rt : bool
        Remove a leading ``RT @handle:``.
    urls : {"drop", "keep"}
        URLs, naked domains and e-mail addresses.
    mentions : {"drop", "keep"}
        ``@handle`` tokens (kept as ``@handle``).
    hashtags : {"word", "keep", "drop"}
        ``"word"`` keeps the tag as a word without ``#``; ``"keep"`` keeps ``#tag`` as a token
        that later steps leave alone.
    emoji : {"drop", "keep"}
        Emoji tokens (one token per emoji, skin tones and ZWJ sequences kept together).
    reduce_len : bool
        ``TweetTokenizer(reduce_len=...)``: runs of 3+ characters cut to 3.
    elongation : bool
        Letter runs of 3+ become one letter; a doubled letter is undone only when that gives a
        stopword, a slang key or a formal form (``bangett`` → ``banget``, but ``maaf`` stays).
    reduplication : bool
        ``kata2`` → ``kata-kata``.
    slang : bool
        Normalise slang with the built-in election list (and ``lexicon``); see
        :func:`load_slang`. ``slang=False`` with a ``lexicon`` uses the lexicon alone.
    lexicon : path or mapping, optional
        A slang → formal lexicon (see :func:`load_lexicon`).
    drop_numbers : bool
        Drop tokens that are numbers (``2024``, ``07.00``; ``50rb`` and ``s3`` stay).
    stopwords : bool or iterable of str
        ``True``: :func:`load_stopwords` default sources; ``False``: none; or your own words.
    extra_stopwords : iterable of str
        Added to the set.
    min_length : int
        Drop tokens shorter than this (2: single characters).
    stem : bool
        Sastrawi stemming (memoised per unique token).
    phrases : bool or gensim Phrases
        ``True`` learns bigrams on these texts with :func:`learn_phrases`
        (``phrases_min_count``, ``phrases_threshold``); a fitted ``Phrases``/``FrozenPhrases``
        is applied as is (use that when preprocessing in partitions, so every partition gets
        the same phrases).
    phrases_min_count, phrases_threshold : int, float
        gensim ``Phrases`` parameters (``default`` scorer of Mikolov et al. 2013).
    n_jobs : int
        Worker processes (joblib) for tokenising the unique chunks when there are at least
        ``PARALLEL_MIN_CHUNKS`` (200,000) of them (large corpora of real, varied text); the result
        does not depend on it. Leave at 1 inside Dask or other parallel workers.

    Returns
    -------
    list of list of str
        One token list per text, in input order.

    Raises
    ------
    ValueError
        An option outside its allowed values (named in the message).

    Examples
    --------
    >>> preprocess(["Samarinda banjir lagiii, jalan rusak bgt!! 😭", None])
    [['samarinda', 'banjir', 'jalan', 'rusak'], []]
    >>> preprocess(["Ayo nyoblos, jgn golput"], stopwords=False)
    [['ayo', 'mencoblos', 'jangan', 'golput']]
    >>> preprocess(["pemilihan gubernur"], stem=True)
    [['pilih', 'gubernur']]
    """
    opts = _Options(
        lowercase=lowercase,
        strip_rt=strip_rt,
        urls=urls,
        mentions=mentions,
        hashtags=hashtags,
        emoji=emoji,
        reduce_len=reduce_len,
        elongation=elongation,
        reduplication=reduplication,
        slang=slang,
        lexicon=lexicon,
        drop_numbers=drop_numbers,
        stopwords=stopwords if isinstance(stopwords, bool) else tuple(stopwords),
        extra_stopwords=tuple(extra_stopwords),
        min_length=min_length,
        stem=stem,
        phrases=phrases,
        phrases_min_count=phrases_min_count,
        phrases_threshold=phrases_threshold,
    )
    return _run(texts, opts, n_jobs=n_jobs)[0]


def learn_phrases(docs: Iterable[list[str]], *, min_count: int = 5, threshold: float = 10.0):
    """Learn bigrams with gensim ``Phrases`` and freeze them.

    Uses gensim's default scorer (Mikolov, Sutskever, Chen, Corrado & Dean 2013, "Distributed
    representations of words and phrases and their compositionality", NeurIPS) with ``_`` as
    the delimiter. Deterministic.

    Parameters
    ----------
    docs : iterable of list of str
        Token lists (from :func:`preprocess` without phrases).
    min_count, threshold : int, float
        gensim ``Phrases`` parameters.

    Returns
    -------
    gensim.models.phrases.FrozenPhrases
        Apply with ``model[doc]`` or pass as ``preprocess(..., phrases=model)``.

    Examples
    --------
    >>> docs = [["kotak", "kosong", "menang"], ["coblos", "kotak", "kosong"]] * 5
    >>> model = learn_phrases(docs, min_count=2, threshold=0.1)
    >>> model[["kotak", "kosong", "menang"]]
    ['kotak_kosong', 'menang']
    """
    from gensim.models.phrases import Phrases

    docs = list(docs)
    return Phrases(docs, min_count=min_count, threshold=threshold, delimiter="_").freeze()


def tokenize_posts(
    posts: pd.DataFrame,
    *,
    dedupe_retweets: bool = True,
    include_references: bool = False,
    **options: Any,
) -> tuple[pd.DataFrame, TextReport]:
    """Token lists for a posts table, with a report of what each step removed.

    Retweets repeat their original's text, so by default (``dedupe_retweets=True``) a retweet is
    left out when its original (``retweeted_post_id``) is itself a document here, and of
    several retweets of an original that is not, only the first (in table order) is kept, to
    stand for the original. Rows flagged ``is_reference`` (originals seen only as referenced
    material, not collected) are left out unless ``include_references=True``; with
    deduplication on, a retweet of such an original is then kept in its place.

    Parameters
    ----------
    posts : pandas.DataFrame
        The canonical posts table (needs ``post_id``, ``text``; uses ``kind``,
        ``retweeted_post_id``, ``is_reference`` when present). Not modified.
    dedupe_retweets : bool
        See above.
    include_references : bool
        Keep ``is_reference`` rows as documents.
    **options
        Keyword options of :func:`preprocess` (``n_jobs`` included).

    Returns
    -------
    tokens : pandas.DataFrame
        ``post_id`` and ``tokens`` (a list of str per row), in table order, one row per kept
        post (empty lists included).
    report : TextReport

    Raises
    ------
    ValueError
        ``posts`` lacks ``post_id`` or ``text``, or an option is invalid.
    TypeError
        An unknown option.

    Examples
    --------
    >>> import pandas as pd
    >>> posts = pd.DataFrame({
    ...     "post_id": ["1", "2", "3"],
    ...     "text": ["Gratispol sampe S3!!", "RT @a: Gratispol sampe S3!!", "Ayo ke TPS"],
    ...     "kind": ["original", "retweet", "original"],
    ...     "retweeted_post_id": [None, "1", None]})
    >>> tokens, report = tokenize_posts(posts)
    >>> tokens["tokens"].tolist(), report.retweets_dropped
    ([['gratispol', 's3'], ['ayo', 'tps']], 1)
    """
    for col in ("post_id", "text"):
        if col not in posts.columns:
            raise ValueError(f"posts: missing column {col!r} (have {list(posts.columns)})")
    keep = pd.Series(True, index=posts.index)
    n_ref = 0
    if not include_references and "is_reference" in posts.columns:
        ref = posts["is_reference"].fillna(False).astype(bool)
        n_ref = int(ref.sum())
        keep &= ~ref
    n_rt = 0
    if dedupe_retweets and "kind" in posts.columns and "retweeted_post_id" in posts.columns:
        is_rt = (posts["kind"] == "retweet").fillna(False).astype(bool) & keep
        target = posts["retweeted_post_id"]
        present = set(posts.loc[keep & ~is_rt, "post_id"].dropna())
        drop = is_rt & (target.isin(present).fillna(False).astype(bool))
        # of the remaining retweets, one per original stands for it
        rest = is_rt & ~drop
        dup = rest & target.duplicated(keep="first").fillna(False).astype(bool)
        # retweets whose original is unknown stay
        dup &= target.notna()
        drop |= dup
        n_rt = int(drop.sum())
        keep &= ~drop
    kept = posts.loc[keep, ["post_id", "text"]]
    n_jobs = int(options.pop("n_jobs", 1))
    try:
        opts = _Options(
            **{k: (tuple(v) if k == "extra_stopwords" else v) for k, v in options.items()}
        )
    except TypeError as e:
        raise TypeError(f"tokenize_posts: unknown option ({e})") from e
    if not isinstance(opts.stopwords, bool) and opts.stopwords is not None:
        opts = replace(opts, stopwords=tuple(opts.stopwords))
    docs, report = _run(kept["text"], opts, n_jobs=n_jobs)
    report.posts = len(posts)
    report.references_dropped = n_ref
    report.retweets_dropped = n_rt
    report.documents = len(kept)
    out = pd.DataFrame({"post_id": kept["post_id"].to_numpy(), "tokens": docs})
    return out, report
