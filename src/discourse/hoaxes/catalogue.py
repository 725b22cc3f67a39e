"""The claim catalogue: the fact-checked claims a researcher wants to find in the posts.

A catalogue is a CSV or YAML file the researcher maintains, one claim per row (DESIGN.md §6):

=============  ========  ==============================================================
column         required  meaning
=============  ========  ==============================================================
claim_id       yes       unique identifier (``H1``, ``TBH-20241209-3fa2c1``, ...)
title          yes       short title of the claim (the fact-check headline without the
                         ``[VERDICT]`` prefix)
verdict        yes       one of :data:`VERDICTS` (case-insensitive; ``[SALAH]`` accepted)
keywords       no        words or phrases, ``|``-separated in CSV (a list in YAML)
urls           no        URLs or bare domains that carry the claim, ``|``-separated
debunk_url     no        the fact-check article (``http(s)://...``)
debunk_date    no        its publication date, ``YYYY-MM-DD``
narrative      no        free label (e.g. a narrative key of the synthetic corpus)
is_hoax        no        ``true``/``false``/empty; default from the verdict
                         (:data:`HOAX_VERDICTS` → true, :data:`NOT_HOAX_VERDICTS` → false)
claim_text     no        the claim as it circulated (text similarity uses it)
debunk_text    no        the fact-check's conclusion (text similarity uses it for debunks)
=============  ========  ==============================================================

Other columns are kept as they are. :func:`read_catalogue` validates the file and raises
:class:`CatalogueError` naming the file, the row and the field of every problem it finds.
The ingest recognises the same files (``claim_id`` and ``verdict`` in the header) and refuses
them as "not posts" (:data:`discourse.io.NOT_POSTS`); :func:`read_catalogue` uses that detection
to say what a wrong file is instead.

:func:`catalogue_from_turnbackhoax` builds a catalogue from scrapes of turnbackhoax.id
(Mafindo), taking the verdict from the article URL slug (``/2024/12/09/penipuan-...``), because
the scraped verdict columns are unreliable. ``docs/guide/hoaxes.md`` explains how to build a
catalogue from turnbackhoax.id and cekfakta.com by hand.

Examples
--------
>>> import os, tempfile
>>> p = os.path.join(tempfile.mkdtemp(), "claims.csv")
>>> _ = open(p, "w").write(
...     "claim_id,title,verdict,keywords,urls,debunk_url,debunk_date\\n"
...     "H3,Exit poll palsu,HOAKS,exit poll|responden,survei-kilat.example,"
...     "https://cekfakta.example/h3,2024-11-27\\n")
>>> cat = read_catalogue(p)
>>> cat.loc[0, ["claim_id", "verdict"]].tolist(), bool(cat.loc[0, "is_hoax"])
(['H3', 'HOAKS'], True)
>>> cat.loc[0, "keywords"]
['exit poll', 'responden']
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "CATALOGUE_COLUMNS",
    "HOAX_VERDICTS",
    "NOT_HOAX_VERDICTS",
    "OTHER_VERDICTS",
    "REQUIRED_COLUMNS",
    "VERDICTS",
    "VERDICT_ALIASES",
    "CatalogueError",
    "catalogue_from_turnbackhoax",
    "read_catalogue",
    "validate_catalogue",
    "verdict_from_url",
]

#: Verdicts that say the claim is false or a scam.
HOAX_VERDICTS: tuple[str, ...] = (
    "HOAKS",
    "SALAH",
    "MENYESATKAN",
    "PENIPUAN",
    "DISINFORMASI",
    "MISINFORMASI",
    "FITNAH",
    "HASUT",
)
#: Verdicts that do not call the claim false (a clarification, true, news, education).
NOT_HOAX_VERDICTS: tuple[str, ...] = ("KLARIFIKASI", "BENAR", "BERITA", "EDUKASI")
#: Verdicts with no hoax/not-hoax default (satire, parody, not yet proven): set ``is_hoax``.
OTHER_VERDICTS: tuple[str, ...] = ("SATIRE", "PARODI", "BELUM TERBUKTI")
#: Every verdict the catalogue accepts: the labels of TurnBackHoax (Mafindo), Kompas, Tirto,
#: cekfakta.com and the synthetic corpus (DOMAIN.md §2.4).
VERDICTS: tuple[str, ...] = HOAX_VERDICTS + NOT_HOAX_VERDICTS + OTHER_VERDICTS

#: Spellings of verdicts in labels and URL slugs, mapped to :data:`VERDICTS`.
VERDICT_ALIASES: dict[str, str] = {
    **{v.lower(): v for v in VERDICTS},
    "hoax": "HOAKS",
    "hoaks": "HOAKS",
    "false": "SALAH",
    "satir": "SATIRE",
    "belum": "BELUM TERBUKTI",
    "belum-terbukti": "BELUM TERBUKTI",
    "belum terbukti": "BELUM TERBUKTI",
    "fitnahhasut": "FITNAH",
}

REQUIRED_COLUMNS: tuple[str, ...] = ("claim_id", "title", "verdict")
#: Columns of a loaded catalogue, in order (extra columns follow).
CATALOGUE_COLUMNS: tuple[str, ...] = (
    "claim_id",
    "title",
    "verdict",
    "is_hoax",
    "keywords",
    "urls",
    "debunk_url",
    "debunk_date",
    "narrative",
    "claim_text",
    "debunk_text",
)
_LIST_COLUMNS = ("keywords", "urls")
_TEXT_COLUMNS = ("debunk_url", "narrative", "claim_text", "debunk_text")
_MAX_ERRORS = 20
_URL = re.compile(r"^https?://[^\s/]+\.[^\s]*$", re.IGNORECASE)
_DOMAIN = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(/\S*)?$")
_TRUE = {"true", "yes", "ya", "1", "y"}
_FALSE = {"false", "no", "tidak", "0", "n"}


class CatalogueError(ValueError):
    """A catalogue failed validation; the message names file, row and field of each problem.

    Examples
    --------
    >>> str(CatalogueError(["claims.csv, row 1, field 'verdict': missing"]))
    "claims.csv, row 1, field 'verdict': missing"
    """

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        more = len(self.problems) - _MAX_ERRORS
        text = "\n".join(self.problems[:_MAX_ERRORS])
        if more > 0:
            text += f"\n... and {more} more problems"
        super().__init__(text)


# ----------------------------------------------------------------------------- verdicts
def _verdict(value: object) -> str | None:
    """Canonical verdict of one label (``"[salah]"`` → ``"SALAH"``), None if unknown."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    key = str(value).strip().strip("[]").strip().lower()
    return VERDICT_ALIASES.get(key)


def verdict_from_url(urls: pd.Series) -> pd.Series:
    """The verdict in the slug of fact-check article URLs (``/YYYY/MM/DD/<verdict>-...``).

    TurnBackHoax (Mafindo) URLs start their slug with the verdict (``salah-``, ``penipuan-``,
    ``klarifikasi-``, ``belum-terbukti-``...). Slugs whose first word is no known verdict
    (:data:`VERDICT_ALIASES`, e.g. ``acara-``, or old numeric ``?p=`` links) give NA.

    Parameters
    ----------
    urls : pandas.Series of str

    Returns
    -------
    pandas.Series (string)
        A value of :data:`VERDICTS` or NA.

    Examples
    --------
    >>> import pandas as pd
    >>> verdict_from_url(pd.Series([
    ...     "https://turnbackhoax.id/2024/12/09/penipuan-nazar-menang-pilkada",
    ...     "https://turnbackhoax.id/2023/01/02/belum-terbukti-video-x/",
    ...     "https://turnbackhoax.id/2019/05/01/acara-diskusi"])).tolist()
    ['PENIPUAN', 'BELUM TERBUKTI', <NA>]
    """
    s = pd.Series(urls, dtype="string").str.strip().str.rstrip("/")
    slug = s.str.extract(r"/\d{4}/\d{1,2}/\d{1,2}/([^/?#]+)$", expand=False).str.lower()
    two = slug.str.extract(r"^([a-z]+-[a-z]+)", expand=False).map(VERDICT_ALIASES)
    one = slug.str.extract(r"^([a-z]+)", expand=False).map(VERDICT_ALIASES)
    return two.fillna(one).astype("string")


def _date_from_url(urls: pd.Series) -> pd.Series:
    parts = pd.Series(urls, dtype="string").str.extract(r"/(\d{4})/(\d{1,2})/(\d{1,2})/")
    text = parts[0] + "-" + parts[1].str.zfill(2) + "-" + parts[2].str.zfill(2)
    return pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")


# ----------------------------------------------------------------------------- validation
def _is_missing(value: object) -> bool:
    if isinstance(value, list | tuple | np.ndarray):
        return False
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and np.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _as_list(value: object) -> list[str] | None:
    """A list field from a ``|``-separated string or a list; None when not a string/list."""
    if _is_missing(value):
        return []
    if isinstance(value, str):
        items = value.split("|")
    elif isinstance(value, list | tuple | np.ndarray):
        items = [str(v) for v in value if not _is_missing(v)]
    else:
        return None
    return [i.strip() for i in items if i.strip()]


def validate_catalogue(
    catalogue: pd.DataFrame, *, source: str = "catalogue", require_verdict: bool = True
) -> pd.DataFrame:
    """Check and normalise a claim catalogue table; return a new, validated table.

    Normalises: ``claim_id`` and ``title`` stripped; ``verdict`` canonical (upper case,
    aliases such as ``[hoax]`` → ``HOAKS``); ``keywords`` lower-cased lists; ``urls`` lists
    (domains lower-cased); ``debunk_date`` a date (``datetime64``, no time zone); ``is_hoax``
    a nullable boolean, defaulting from the verdict. Missing optional columns are added (NA or
    empty lists); other columns are kept after :data:`CATALOGUE_COLUMNS`.

    Parameters
    ----------
    catalogue : pandas.DataFrame
        One row per claim. Not modified.
    source : str
        Name used in error messages (the file name).
    require_verdict : bool, default True
        Whether a missing verdict is an error (catalogues built from a source without
        verdicts pass False and keep NA).

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    CatalogueError
        Listing every problem as ``<source>, row <n> (claim <id>), field '<field>': <what>``;
        rows are counted from 1, the header not counted.

    Examples
    --------
    >>> import pandas as pd
    >>> bad = pd.DataFrame({"claim_id": ["A", "A"], "title": ["x", "y"],
    ...                     "verdict": ["SALAH", "MAYBE"]})
    >>> try:
    ...     validate_catalogue(bad, source="claims.csv")
    ... except CatalogueError as e:
    ...     print(e)
    claims.csv, row 2 (claim A), field 'claim_id': duplicate of row 1
    claims.csv, row 2 (claim A), field 'verdict': 'MAYBE' is not a known verdict (HOAKS, SALAH, MENYESATKAN, PENIPUAN, DISINFORMASI, MISINFORMASI, FITNAH, HASUT, KLARIFIKASI, BENAR, BERITA, EDUKASI, SATIRE, PARODI, BELUM TERBUKTI)
    """  # noqa: E501
    if not isinstance(catalogue, pd.DataFrame):
        raise TypeError(f"catalogue: expected a pandas DataFrame, got {type(catalogue).__name__}")
    problems: list[str] = []
    missing_cols = [c for c in REQUIRED_COLUMNS if c not in catalogue.columns]
    if missing_cols:
        raise CatalogueError(
            [f"{source}: missing column(s) {missing_cols}; a catalogue needs {REQUIRED_COLUMNS}"]
        )
    rows: list[dict] = []
    seen: dict[str, int] = {}
    records = catalogue.to_dict(orient="records")
    for n, rec in enumerate(records, start=1):
        cid = "" if _is_missing(rec.get("claim_id")) else str(rec["claim_id"]).strip()

        def bad(field: str, what: str, n=n, cid=cid) -> None:
            where = f"row {n}" + (f" (claim {cid})" if cid else "")
            problems.append(f"{source}, {where}, field '{field}': {what}")

        out = dict(rec)
        out["claim_id"] = cid
        if not cid:
            bad("claim_id", "missing")
        elif cid in seen:
            bad("claim_id", f"duplicate of row {seen[cid]}")
        else:
            seen[cid] = n
        title = rec.get("title")
        out["title"] = "" if _is_missing(title) else str(title).strip()
        if not out["title"]:
            bad("title", "missing")
        v = rec.get("verdict")
        verdict = _verdict(v)
        if verdict is None and not _is_missing(v):
            bad("verdict", f"{v!r} is not a known verdict ({', '.join(VERDICTS)})")
        elif verdict is None and require_verdict:
            bad("verdict", "missing")
        out["verdict"] = verdict if verdict is not None else pd.NA
        for col in _LIST_COLUMNS:
            items = _as_list(rec.get(col))
            if items is None:
                bad(col, f"expected a '|'-separated string or a list, got {rec.get(col)!r}")
                items = []
            if col == "keywords":
                items = [i.lower() for i in items]
            else:
                fixed = []
                for i in items:
                    if _URL.match(i):
                        fixed.append(i)
                    elif _DOMAIN.match(i.lower()):
                        fixed.append(i.lower())
                    else:
                        bad(col, f"{i!r} is neither a URL (http/https) nor a domain")
                items = fixed
            out[col] = items
        du = rec.get("debunk_url")
        if not _is_missing(du) and not _URL.match(str(du).strip()):
            bad("debunk_url", f"{du!r} is not an http(s) URL")
        dd = rec.get("debunk_date")
        out["debunk_date"] = pd.NaT
        if not _is_missing(dd):
            try:
                out["debunk_date"] = pd.Timestamp(str(dd).strip()[:10]).normalize()
                if out["debunk_date"].tzinfo is not None:
                    out["debunk_date"] = out["debunk_date"].tz_localize(None)
            except ValueError:
                bad("debunk_date", f"{dd!r} is not a date (YYYY-MM-DD)")
        ih = rec.get("is_hoax")
        default = (
            True if verdict in HOAX_VERDICTS else False if verdict in NOT_HOAX_VERDICTS else pd.NA
        )
        if _is_missing(ih):
            out["is_hoax"] = default
        elif isinstance(ih, bool | np.bool_):
            out["is_hoax"] = bool(ih)
        elif str(ih).strip().lower() in _TRUE:
            out["is_hoax"] = True
        elif str(ih).strip().lower() in _FALSE:
            out["is_hoax"] = False
        else:
            bad("is_hoax", f"{ih!r} is not true/false/empty")
            out["is_hoax"] = pd.NA
        if not out["keywords"] and not out["urls"] and not out["title"]:
            bad("keywords", "a claim needs keywords, urls or a title to be matched")
        rows.append(out)
    if problems:
        raise CatalogueError(problems)
    return _frame(rows, list(catalogue.columns))


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    extra = [c for c in columns if c not in CATALOGUE_COLUMNS]
    cols = list(CATALOGUE_COLUMNS) + extra
    out = pd.DataFrame(rows, columns=cols)
    for c in ("claim_id", "title", "verdict", *_TEXT_COLUMNS):
        out[c] = out[c].astype("string").str.strip()
        out[c] = out[c].mask(out[c] == "")
    for c in _LIST_COLUMNS:
        out[c] = out[c].map(lambda v: v if isinstance(v, list) else [])
    out["is_hoax"] = out["is_hoax"].astype("boolean")
    out["debunk_date"] = pd.to_datetime(out["debunk_date"]).astype("datetime64[s]")
    return out.reset_index(drop=True)


# ----------------------------------------------------------------------------- files
def _detected_kind(path: Path) -> str:
    """What the ingest's detection calls the file (to say what a wrong file is)."""
    from ..io.detect import NOT_POSTS, POST_FORMATS, detect_format

    d = detect_format(path)
    return POST_FORMATS.get(d.kind) or NOT_POSTS.get(d.kind) or d.reason or d.kind


def read_catalogue(path: str | Path, *, require_verdict: bool = True) -> pd.DataFrame:
    """Read and validate a claim catalogue (CSV, or YAML by the ``.yml``/``.yaml`` suffix).

    CSV: a header with at least ``claim_id,title,verdict`` (the columns of this module's
    docstring); list fields are ``|``-separated; UTF-8 (a BOM is accepted). YAML: a list of
    mappings with the same keys, or a mapping with a ``claims`` list; list fields may be YAML
    lists or ``|``-separated strings.

    Parameters
    ----------
    path : str or Path
    require_verdict : bool, default True
        See :func:`validate_catalogue`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CATALOGUE_COLUMNS` then any extra columns of the file.

    Raises
    ------
    FileNotFoundError
        When ``path`` does not exist.
    CatalogueError
        When the file is not a catalogue (the message says what it looks like instead) or
        fails validation (file, row and field of every problem).

    Examples
    --------
    >>> import os, tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "claims.yaml")
    >>> _ = open(p, "w").write(
    ...     "claims:\\n"
    ...     "  - claim_id: H2\\n"
    ...     "    title: Giveaway suara AI\\n"
    ...     "    verdict: '[PENIPUAN]'\\n"
    ...     "    keywords: [giveaway, transfer]\\n")
    >>> read_catalogue(p).loc[0, ["verdict", "keywords"]].tolist()
    ['PENIPUAN', ['giveaway', 'transfer']]
    """
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"claim catalogue {p} does not exist")
    if p.suffix.lower() in (".yml", ".yaml"):
        import yaml

        try:
            doc = yaml.safe_load(p.read_text(encoding="utf-8-sig"))
        except yaml.YAMLError as e:
            raise CatalogueError([f"{p}: not valid YAML: {e}"]) from e
        if isinstance(doc, dict) and "claims" in doc:
            doc = doc["claims"]
        if not isinstance(doc, list) or not all(isinstance(d, dict) for d in doc):
            raise CatalogueError(
                [f"{p}: expected a list of claims (mappings), or a mapping with a 'claims' list"]
            )
        table = pd.DataFrame(doc)
    else:
        try:
            table = pd.read_csv(
                p, dtype=str, keep_default_na=False, encoding="utf-8-sig", na_values=[]
            )
        except (pd.errors.ParserError, UnicodeDecodeError) as e:
            raise CatalogueError([f"{p}: not a readable UTF-8 CSV: {e}"]) from e
        missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
        if missing:
            raise CatalogueError(
                [
                    f"{p}: missing column(s) {missing}; this file looks like: "
                    f"{_detected_kind(p)} (columns {list(table.columns)[:8]})"
                ]
            )
    return validate_catalogue(table, source=str(p), require_verdict=require_verdict)


# ----------------------------------------------------------------------------- TurnBackHoax
def _stable_id(prefix: str, dates: pd.Series, keys: pd.Series) -> pd.Series:
    day = pd.to_datetime(dates).dt.strftime("%Y%m%d").fillna("nodate")
    digest = [hashlib.sha1(str(k).encode("utf-8")).hexdigest()[:8] for k in keys]
    return prefix + "-" + day + "-" + pd.Series(digest, index=keys.index)


def _norm_title(s: pd.Series) -> pd.Series:
    s = s.astype("string").str.lower().str.replace(r"[^\w]+", " ", regex=True)
    return s.str.strip()


def _read_tbh_file(path: Path, verdict: str | None) -> tuple[pd.DataFrame, dict]:
    """One scraped file as catalogue columns (before ids and merging), with its counts."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    cols = set(raw.columns)
    rep: dict = {"file": str(path), "rows": len(raw)}
    if {"blog_title", "post_text", "post_url"} <= cols:  # reynaldaryansyah25 layout
        url = raw["post_url"].str.strip()
        out = pd.DataFrame(
            {
                "title": raw["blog_title"],
                "claim_text": raw["post_text"],
                "debunk_url": url,
                "verdict": verdict_from_url(url),
                "debunk_date": pd.to_datetime(raw["blog_date"], format="%d/%m/%Y", errors="coerce"),
                "scraped_flag": raw.get("flag"),
                "platform": raw.get("social_media"),
            }
        )
        rep["layout"] = "title, claim text, article URL (verdict from the URL slug)"
    elif {"TITLE", "HOAX_TEXT", "DATE"} <= cols:  # alharkan7 layout: no URL, no verdict
        out = pd.DataFrame(
            {
                "title": raw["TITLE"],
                "claim_text": raw["HOAX_TEXT"],
                "debunk_url": pd.NA,
                "verdict": verdict if verdict else pd.NA,
                "debunk_date": pd.to_datetime(raw["DATE"], format="%d %b %Y", errors="coerce"),
                "category": raw.get("LLM_CATEGORY"),
            }
        )
        rep["layout"] = "title and claim text without URL or verdict (verdict: " + (
            f"{verdict!r} given as a file-level constant)" if verdict else "NA)"
        )
    elif {"Judul Artikel", "Link", "Berita_Hoax"} <= cols:  # aptaarkana: headlines + news
        tbh = raw["Link"].str.contains("turnbackhoax.id", regex=False)
        rep["not_fact_checks"] = int((~tbh).sum())
        raw = raw[tbh]
        url = raw["Link"].str.strip()
        out = pd.DataFrame(
            {
                "title": raw["Judul Artikel"].str.strip().str.lstrip(": ").str.strip(),
                "claim_text": pd.NA,
                "debunk_url": url,
                "verdict": verdict_from_url(url),
                "debunk_date": _date_from_url(url),
            }
        )
        rep["layout"] = "headlines with article URL (verdict and date from the URL)"
    else:
        raise CatalogueError(
            [
                f"{path}: not a known TurnBackHoax scrape (columns {sorted(cols)[:10]}); known: "
                "blog_title/post_text/post_url, TITLE/HOAX_TEXT/DATE, Judul Artikel/Link"
            ]
        )
    out["source_file"] = path.name
    return out.reset_index(drop=True), rep


def catalogue_from_turnbackhoax(
    paths: str | Path | Iterable[str | Path],
    *,
    verdict: str | None = None,
    keep_unknown_verdict: bool = False,
) -> tuple[pd.DataFrame, dict]:
    """Build a claim catalogue from scraped turnbackhoax.id (Mafindo) fact-check tables.

    Three published scrape layouts are read (columns decide, not names):

    * ``blog_title, post_text, post_url, blog_date, flag`` (e.g. reynaldaryansyah25's
      ``turnbackhoax_fix.csv``): the verdict is taken from the article URL slug
      (:func:`verdict_from_url`), never from ``flag`` (which says SALAH for scams and
      clarifications; kept as ``scraped_flag``);
    * ``TITLE, HOAX_TEXT, DATE`` (alharkan7's 2024 files): no URL and no verdict. The verdict
      is NA unless ``verdict`` is given as a file-level constant (every row is a TurnBackHoax
      debunk, but the loader does not invent a per-row verdict);
    * ``Judul Artikel, Link, Berita_Hoax`` (aptaarkana's headlines): news rows (not
      turnbackhoax.id links) are skipped; verdict and date come from the URL.

    Rows are merged when they are the same article: the same URL, or (for a row without URL)
    the same lower-cased title and date as a row of another file (repeated headlines within
    one file are distinct articles and stay apart). The first non-missing value of each
    field wins, in file order. Rows whose URL slug carries no known verdict are dropped unless
    ``keep_unknown_verdict`` (then NA). ``claim_id`` is ``TBH-<YYYYMMDD>-<8 hex of the URL or
    title>``, stable across runs. ``keywords`` and ``urls`` are left empty: the matcher uses
    text similarity to ``title`` and ``claim_text`` for these claims.

    Parameters
    ----------
    paths : path or list of paths
    verdict : str, optional
        Verdict for files that carry none (e.g. ``"SALAH"``); must be one of :data:`VERDICTS`.
    keep_unknown_verdict : bool, default False

    Returns
    -------
    catalogue : pandas.DataFrame
        Validated (:func:`validate_catalogue`, verdict NA allowed), with extra columns
        ``source_file``, ``scraped_flag``, ``platform``, ``category`` where the files have them.
    report : dict
        Per file (layout, rows, skipped), ``dropped_unknown_verdict``, ``merged_duplicates``,
        ``claims``, and ``verdicts`` (counts).

    Examples
    --------
    >>> import os, tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "tbh.csv")
    >>> _ = open(p, "w").write(
    ...     "id,blog_date,blog_title,flag,post_text,post_url\\n"
    ...     "1,09/12/2024,Nazar Menang Pilkada,SALAH,Transfer 20 juta,"
    ...     "https://turnbackhoax.id/2024/12/09/penipuan-nazar-menang-pilkada\\n")
    >>> cat, rep = catalogue_from_turnbackhoax(p)
    >>> cat.loc[0, ["verdict", "scraped_flag"]].tolist(), rep["claims"]
    (['PENIPUAN', 'SALAH'], 1)
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    if verdict is not None and _verdict(verdict) is None:
        raise ValueError(f"verdict: {verdict!r} is not one of {VERDICTS}")
    canon = _verdict(verdict) if verdict is not None else None
    frames, files = [], []
    for p in paths:
        p = Path(p)
        if not p.is_file():
            raise FileNotFoundError(f"{p} does not exist")
        frame, rep = _read_tbh_file(p, canon)
        frames.append(frame)
        files.append(rep)
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    report: dict = {"files": files}
    has_url = table["debunk_url"].notna() if len(table) else pd.Series(dtype=bool)
    unknown = has_url & table["verdict"].isna()
    report["dropped_unknown_verdict"] = 0 if keep_unknown_verdict else int(unknown.sum())
    if not keep_unknown_verdict:
        table = table[~unknown]
    url_key = table["debunk_url"].astype("string").str.rstrip("/").str.lower()
    title_key = _norm_title(table["title"]) + "|" + table["debunk_date"].astype("string")
    # an article without URL merges with the URL-bearing row of the same title and date
    key = url_key.fillna(title_key)
    by_title = dict(zip(title_key[url_key.notna()], url_key[url_key.notna()], strict=False))
    # rows of one file with the same title and date are distinct articles (scrapes keep
    # repeated headlines): only the first of them may merge with another file's row
    nth = table.groupby([table["source_file"], title_key]).cumcount()
    own = title_key + "|" + nth.astype("string")
    via_title = title_key.map(by_title).astype("string").where(nth == 0)
    key = key.where(url_key.notna(), via_title.fillna(own))
    table = table.assign(_key=key.to_numpy())
    merged = table.groupby("_key", sort=False).first().reset_index()
    report["merged_duplicates"] = len(table) - len(merged)
    merged.insert(0, "claim_id", _stable_id("TBH", merged["debunk_date"], merged["_key"]))
    merged = merged.drop(columns="_key")
    cat = validate_catalogue(merged, source="turnbackhoax", require_verdict=False)
    report["claims"] = len(cat)
    report["verdicts"] = {
        str(k): int(v) for k, v in cat["verdict"].value_counts(dropna=False).items()
    }
    return cat, report
