"""Writing the corpus: post texts, twarc2 JSONL pages, the tweet-harvest CSV, truth, catalogue.

Texts are composed once (:func:`build_texts`, in chunks, with :mod:`~discourse.synth.text`)
into a compact UTF-8 store, then every writer streams over the posts in pages or chunks, so
memory stays bounded by the store (about 80 MB per million posts) plus one page.

Raw formats (as real collections look):

* **twarc2 pages** (``twarc2 search`` output): one API v2 response per line, 100 tweets newest
  first, with ``includes.users`` (authors, mentioned and replied-to users, authors of referenced
  tweets), ``includes.tweets`` (referenced tweets, also those outside the collection; deleted
  ones absent), ``includes.media``, ``errors`` (one "Could not find tweet" object per deleted
  referenced tweet on the page), ``meta`` and ``__twarc``. Texts carry ``t.co`` links whose
  ``entities.urls`` give the expanded URL; entity offsets are code points (``end`` exclusive).
  A retweet's text is ``"RT @author: "`` + the original, cut to 140 characters as the API does.
* **tweet-harvest 2024 CSV**: 15 quoted columns, CRLF, legacy UTC dates, ``full_text`` through
  tweet-harvest 2.5–2.6's clean-up (no commas, quotes, newlines or emoji); it holds the posts a
  keyword search returns (see ``SynthConfig.harvest_keywords``): no native retweets by default,
  quotes appear as originals with a link, replies start with ``@handle``.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import orjson

from . import lexicon
from .actions import KIND_NAMES, ORIG, QUOTE, REPLY, RT, Posts
from .population import REGIONS, TYPES, Population
from .text import compose_many, harvest_2024_clean, is_toxic, near_duplicates, truncate_for_retweet
from .timeline import legacy_utc, window

__all__ = [
    "CSV_COLUMNS",
    "TextStore",
    "build_texts",
    "tco",
    "write_accounts",
    "write_claims",
    "write_harvest_csv",
    "write_posts_truth",
    "write_twarc2",
]

_Frag = orjson.Fragment
_dumps = orjson.dumps

#: tweet-harvest 2.5–2.6 columns (alphabetical).
CSV_COLUMNS = (
    "conversation_id_str",
    "created_at",
    "favorite_count",
    "full_text",
    "id_str",
    "image_url",
    "in_reply_to_screen_name",
    "lang",
    "location",
    "quote_count",
    "reply_count",
    "retweet_count",
    "tweet_url",
    "user_id_str",
    "username",
)

_URL = re.compile(r"https?://[^\s\"'<>]+")
_TCO = re.compile(r"https://t\.co/[0-9A-Za-z]{10}(?![0-9A-Za-z])")
# the readers' patterns (discourse.io._rows), so entities and derived fields agree
_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_]{1,50})")
_HASHTAG = re.compile(r"(?<![\w#&])#(\w*[^\W\d_]\w*)")


def tco(url: str) -> str:
    """A deterministic ``t.co`` short link for ``url`` (10 characters after ``t.co/``).

    Examples
    --------
    >>> tco("https://cekfakta.example/x")
    'https://t.co/hPtIMoA9Fm'
    >>> tco("https://cekfakta.example/x") == tco("https://cekfakta.example/x")
    True
    """
    d = hashlib.blake2b(url.encode("utf-8"), digest_size=9).digest()
    code = base64.b64encode(d, altchars=b"Aa").decode("ascii")[:10]
    return "https://t.co/" + code


# ------------------------------------------------------------------------------------------
# texts


@dataclass
class TextStore:
    """Display texts of the posts that have their own text (not retweets), as UTF-8 chunks.

    ``chunk[i]``, ``start[i]``, ``length[i]`` locate post ``i`` (chunk -1: no text).
    ``urls`` maps each ``t.co`` link to its expanded URL.

    Examples
    --------
    >>> import numpy as np
    >>> from discourse.synth.config import SynthConfig
    >>> from discourse.synth.population import build_follows, build_population
    >>> from discourse.synth.actions import simulate
    >>> cfg = SynthConfig(n_posts=500, seed=1)
    >>> rng = np.random.default_rng(0)
    >>> pop = build_population(rng, 300)
    >>> g = build_follows(rng, pop, homophily=0.85)
    >>> posts = simulate(cfg, pop, g, np.random.SeedSequence(1))
    >>> from discourse.synth.writers import build_texts
    >>> texts = build_texts(posts, pop, seed=1, keywords=cfg.harvest_keywords,
    ...                     harvest_retweet_share=cfg.harvest_retweet_share)
    >>> i = int(np.flatnonzero(texts.chunk >= 0)[0])
    >>> isinstance(texts.get(i), str) and len(texts.get(i)) > 0
    True
    """

    chunks: list[bytes]
    chunk: np.ndarray
    start: np.ndarray
    length: np.ndarray
    urls: dict[str, str]
    harvest: np.ndarray
    toxic: np.ndarray

    def get(self, i: int) -> str:
        c = int(self.chunk[i])
        if c < 0:
            raise KeyError(f"post {i} has no own text (a retweet)")
        s = int(self.start[i])
        return self.chunks[c][s : s + int(self.length[i])].decode("utf-8")

    @property
    def nbytes(self) -> int:
        return sum(len(c) for c in self.chunks)


def _compose_role(posts: Posts, rng: np.random.Generator) -> np.ndarray:
    """Role passed to the text composer: quotes/replies spreading a hoax restate it or ask
    about it ("share")."""
    names = np.array(["none", "hoax", "debunk", "share"], dtype=object)
    r = posts.role.astype(np.int64).copy()
    share = (r == 1) & (posts.kind != ORIG) & (rng.random(posts.n) < 0.5)
    r[share] = 3
    return names[r]


def build_texts(
    posts: Posts,
    pop: Population,
    *,
    seed: int,
    keywords: tuple[str, ...],
    harvest_retweet_share: float,
    chunk_size: int = 65_536,
) -> TextStore:
    """Compose the text of every post that has one and decide which posts the keyword search
    (the tweet-harvest CSV) returns.

    Replies get ``@handle`` of the replied author in front, quotes a ``t.co`` link to the quoted
    post at the end, and every URL becomes a ``t.co`` link (the expansion is kept in
    ``urls``). Buzzer bursts are one composed text and its near-duplicates.

    Examples
    --------
    >>> import numpy as np
    >>> from discourse.synth.config import SynthConfig
    >>> from discourse.synth.population import build_follows, build_population
    >>> from discourse.synth.actions import simulate
    >>> cfg = SynthConfig(n_posts=500, seed=1)
    >>> rng = np.random.default_rng(0)
    >>> pop = build_population(rng, 300)
    >>> g = build_follows(rng, pop, homophily=0.85)
    >>> posts = simulate(cfg, pop, g, np.random.SeedSequence(1))
    >>> from discourse.synth.writers import build_texts
    >>> texts = build_texts(posts, pop, seed=1, keywords=cfg.harvest_keywords,
    ...                     harvest_retweet_share=cfg.harvest_retweet_share)
    >>> has_text = texts.chunk >= 0
    >>> bool(has_text[posts.kind != RT].all()), bool(has_text[posts.kind == RT].any())
    (True, False)
    """
    n = posts.n
    handles = pop.handles
    camp_names = pop.camp_name()
    type_names = pop.type_name()
    claim_ids = posts.claim_ids
    role_rng = np.random.default_rng([seed, 0x7E, 1])
    crole = _compose_role(posts, role_rng)
    kind_name = np.array(KIND_NAMES, dtype=object)[posts.kind]
    own = posts.kind != RT
    in_burst = posts.burst >= 0
    urls: dict[str, str] = {}
    kw = tuple(k.lower() for k in keywords)

    chunks: list[bytes] = []
    chunk = np.full(n, -1, dtype=np.int32)
    start = np.zeros(n, dtype=np.int64)
    length = np.zeros(n, dtype=np.int32)
    harvest = np.zeros(n, dtype=bool)
    toxic = np.zeros(n, dtype=bool)

    def finish(i: int, body: str) -> str:
        def short(m: re.Match) -> str:
            u = m.group(0)
            c = tco(u)
            urls[c] = u
            return c

        body = _URL.sub(short, body)
        k = posts.kind[i]
        if k == REPLY:
            body = "@" + handles[posts.author[posts.api_parent[i]]] + " " + body
        elif k == QUOTE:  # the link to the quoted post (expanded again by quote_link)
            body = body + " " + tco(quote_url(posts, pop, i))
        return body

    def store(idx: list[int], texts: list[str]) -> None:
        parts = []
        pos = 0
        c = len(chunks)
        for i, s in zip(idx, texts, strict=True):
            b = s.encode("utf-8")
            parts.append(b)
            chunk[i] = c
            start[i] = pos
            length[i] = len(b)
            pos += len(b)
            if posts.collected[i]:
                low = s.lower()
                harvest[i] = any(k in low for k in kw)
            toxic[i] = is_toxic(s)
        chunks.append(b"".join(parts))

    def spec(i: int) -> dict:
        cl = int(posts.claim[i])
        m = int(posts.mention[i])
        a = posts.author[i]
        return {
            "kind": kind_name[i],
            "topic": int(posts.topic[i]),
            "camp": camp_names[a],
            "account_type": type_names[a],
            "claim": claim_ids[cl] if cl >= 0 else None,
            "role": crole[i] if cl >= 0 else "none",
            "mentions": [handles[m]] if m >= 0 else [],
        }

    # ---- ordinary posts, in chunks of a fixed size
    todo = np.flatnonzero(own & ~in_burst)
    for c0 in range(0, len(todo), chunk_size):
        idx = todo[c0 : c0 + chunk_size].tolist()
        rng = np.random.default_rng([seed, 0x7E, 2, c0 // chunk_size])
        texts = compose_many(rng, (spec(i) for i in idx))
        store(idx, [finish(i, s) for i, s in zip(idx, texts, strict=True)])
    # ---- bursts: one text and its near-duplicates
    if posts.n_bursts:
        b_idx = np.flatnonzero(in_burst)
        order = b_idx[np.argsort(posts.burst[b_idx], kind="stable")]
        bounds = np.r_[0, np.flatnonzero(np.diff(posts.burst[order])) + 1, len(order)]
        rng = np.random.default_rng([seed, 0x7E, 3])
        acc_i: list[int] = []
        acc_t: list[str] = []
        for a, b in itertools.pairwise(bounds):
            members = order[a:b].tolist()
            base = compose_many(rng, [spec(members[0])])[0]
            texts = [base, *near_duplicates(rng, base, len(members) - 1)]
            acc_i.extend(members)
            acc_t.extend(finish(i, s) for i, s in zip(members, texts, strict=True))
            if len(acc_i) >= chunk_size:
                store(acc_i, acc_t)
                acc_i, acc_t = [], []
        if acc_i:
            store(acc_i, acc_t)
    # ---- retweets in the keyword search: their text holds the original's
    if harvest_retweet_share > 0:
        rts = np.flatnonzero((posts.kind == RT) & posts.collected)
        pick = np.random.default_rng([seed, 0x7E, 4]).random(len(rts)) < harvest_retweet_share
        rts = rts[pick]
        ok = np.array(
            [any(k in _store_text(chunks, chunk, start, length, p).lower() for k in kw)
             for p in posts.api_parent[rts].tolist()],
            dtype=bool,
        )  # fmt: skip
        harvest[rts[ok]] = True
    return TextStore(chunks, chunk, start, length, urls, harvest, toxic)


def quote_url(posts: Posts, pop: Population, q: int) -> str:
    """The status URL a quote post links to (its ``t.co`` link expands to it)."""
    p = posts.api_parent[q]
    return f"https://x.com/{pop.handles[posts.author[p]]}/status/{posts.ids[p]}"


def _store_text(chunks, chunk, start, length, i: int) -> str:
    s = int(start[i])
    return chunks[int(chunk[i])][s : s + int(length[i])].decode("utf-8")


# ------------------------------------------------------------------------------------------
# entities and objects


_MENTION_AT = re.compile(r"@([A-Za-z0-9_]{1,50})")
_HASHTAG_AT = re.compile(r"#(\w*[^\W\d_]\w*)")
_TCO_PREFIX = "https://t.co/"


_USER_CACHE = 80_000  # user objects kept between pages


def _compact(b: bytes) -> bytes:
    """An exact-size copy (orjson's result keeps a large spare buffer; cached objects must
    not)."""
    return bytes(memoryview(b))


def _scan(text: str, ch: str, pat: re.Pattern, not_after: str) -> list[re.Match]:
    """Matches of ``pat`` at each ``ch`` not preceded by a word character or ``not_after``
    (the readers' look-behind, without a regex scan of every position)."""
    out = []
    i = text.find(ch)
    while i >= 0:
        prev = text[i - 1] if i else " "
        if not (prev.isalnum() or prev == "_" or prev in not_after):
            m = pat.match(text, i)
            if m:
                out.append(m)
        i = text.find(ch, i + 1)
    return out


class _Objects:
    """Builds API v2 tweet and user objects (as orjson fragments), with a user cache."""

    def __init__(self, posts: Posts, pop: Population, texts: TextStore, follows_in, follows_out):
        self.p = posts
        self.pop = pop
        self.texts = texts
        self.ids = posts.ids
        self.uids = pop.ids
        self.handles = pop.handles
        self.handle_index = {h.lower(): i for i, h in enumerate(pop.handles.tolist())}
        self.created = np.datetime_as_string(posts.t.astype("datetime64[s]"), unit="s").astype(
            "S19"
        )
        self.kind = posts.kind
        self.author = posts.author
        self.api = posts.api_parent
        self.conv = posts.conv
        self.media = posts.media
        self.deleted = posts.deleted
        self.followers = np.asarray(_display_followers(pop, follows_in))
        self.following = follows_out
        self.user_frag: dict[int, orjson.Fragment] = {}
        self.locations = _locations(pop)

    def sid(self, i) -> str:
        return str(int(self.ids[i]))

    def uid(self, a) -> str:
        return str(int(self.uids[a]))

    def created_at(self, i) -> str:
        return self.created[i].decode() + ".000Z"

    # -- entities
    def entities(self, text: str, quote: int = -1) -> tuple[dict, list[int]]:
        """Entities of ``text``; ``quote`` is the quote post whose link the text may hold."""
        ents: dict = {}
        users: list[int] = []
        if "#" in text:
            tags = [
                {"start": m.start(), "end": m.end(), "tag": m.group(1)}
                for m in _scan(text, "#", _HASHTAG_AT, "#&")
            ]
            if tags:
                ents["hashtags"] = tags
        if "@" in text:
            men = []
            for m in _scan(text, "@", _MENTION_AT, "@"):
                j = self.handle_index.get(m.group(1).lower())
                if j is None:
                    continue
                men.append(
                    {
                        "start": m.start(),
                        "end": m.end(),
                        "username": self.handles[j],
                        "id": self.uid(j),
                    }
                )
                users.append(j)
            if men:
                ents["mentions"] = men
        if _TCO_PREFIX in text:
            urls = []
            q_link = None
            if quote >= 0:
                q_url = quote_url(self.p, self.pop, quote)
                q_link = (tco(q_url), q_url)
            for m in _TCO.finditer(text):
                exp = self.texts.urls.get(m.group(0))
                if exp is None and q_link is not None and m.group(0) == q_link[0]:
                    exp = q_link[1]
                if exp is None:
                    continue
                disp = exp.split("://", 1)[-1]
                if len(disp) > 26:
                    disp = disp[:25] + "…"
                urls.append(
                    {
                        "start": m.start(),
                        "end": m.end(),
                        "url": m.group(0),
                        "expanded_url": exp,
                        "display_url": disp,
                    }
                )
            if urls:
                ents["urls"] = urls
        return ents, users

    def metrics(self, i: int) -> dict:
        p = self.p
        like = int(p.like_count[i])
        return {
            "retweet_count": int(p.retweet_count[i]),
            "reply_count": int(p.reply_count[i]),
            "like_count": like,
            "quote_count": int(p.quote_count[i]),
            "bookmark_count": like // 25,
            "impression_count": 40 * like + 7 * int(self.followers[self.author[i]]) // 10,
        }

    def media_key(self, i: int) -> str:
        return "3_" + self.sid(i)

    def media_url(self, i: int) -> str:
        return _media_url(self.sid(i))

    def tweet(self, i: int) -> tuple[orjson.Fragment, list[int]]:
        """The tweet object of post ``i`` (not a retweet) and the users it names."""
        text = self.texts.get(i)
        k = self.kind[i]
        ents, users = self.entities(text, i if k == QUOTE else -1)
        a = int(self.author[i])
        sid = self.sid(i)
        d: dict = {"edit_history_tweet_ids": [sid]}
        if self.media[i]:
            d["attachments"] = {"media_keys": ["3_" + sid]}
        d["author_id"] = self.uid(a)
        d["conversation_id"] = self.sid(self.conv[i])
        d["created_at"] = self.created_at(i)
        if ents:
            d["entities"] = ents
        d["id"] = sid
        if k == REPLY:
            pa = int(self.author[self.api[i]])
            d["in_reply_to_user_id"] = self.uid(pa)
            users.append(pa)
        d["lang"] = "in"
        d["possibly_sensitive"] = False
        d["public_metrics"] = self.metrics(i)
        if k == QUOTE:
            d["referenced_tweets"] = [{"type": "quoted", "id": self.sid(self.api[i])}]
        elif k == REPLY:
            d["referenced_tweets"] = [{"type": "replied_to", "id": self.sid(self.api[i])}]
        d["reply_settings"] = "everyone"
        d["text"] = text
        return _Frag(_compact(_dumps(d))), users

    def rt_template(self, t: int) -> tuple[bytes, list[int]]:
        """The serialised fields shared by every retweet of post ``t``, and the users named."""
        h = self.handles[self.author[t]]
        text = truncate_for_retweet(self.texts.get(t), h)
        ents, users = self.entities(text, t if self.kind[t] == QUOTE else -1)
        if text.endswith("…"):  # drop entities cut by the truncation (the API keeps whole ones)
            cut = len(text) - 1
            for key in ("hashtags", "urls", "mentions"):
                if key in ents:
                    kept = [e for e in ents[key] if e["end"] <= cut]
                    if kept:
                        ents[key] = kept
                    else:
                        del ents[key]
        d = {
            "entities": ents,
            "lang": "in",
            "possibly_sensitive": False,
            "public_metrics": {
                "retweet_count": int(self.p.retweet_count[t]),
                "reply_count": 0,
                "like_count": 0,
                "quote_count": 0,
                "bookmark_count": 0,
                "impression_count": 0,
            },
            "referenced_tweets": [{"type": "retweeted", "id": self.sid(t)}],
            "reply_settings": "everyone",
            "text": text,
        }
        return _dumps(d)[1:], users  # a slice is an exact-size copy

    def retweet(self, i: int, tpl: bytes) -> orjson.Fragment:
        sid = self.sid(i).encode()
        return _Frag(
            b'{"edit_history_tweet_ids":["'
            + sid
            + b'"],"author_id":"'
            + self.uid(self.author[i]).encode()
            + b'","conversation_id":"'
            + sid
            + b'","created_at":"'
            + self.created[i]
            + b'.000Z","id":"'
            + sid
            + b'",'
            + tpl
        )

    def user(self, a: int) -> orjson.Fragment:
        f = self.user_frag.get(a)
        if f is None:
            pop = self.pop
            created = np.datetime_as_string(np.datetime64(int(pop.created_ms[a]), "ms"), unit="s")
            uid = self.uid(a)
            fol = int(self.followers[a])
            d = {
                "created_at": str(created) + ".000Z",
                "description": _description(pop, a),
                "id": uid,
                "location": self.locations[a],
                "name": pop.names[a],
                "profile_image_url": "https://pbs.twimg.com/profile_images/"
                + uid
                + "/avatar_normal.jpg",
                "protected": False,
                "public_metrics": {
                    "followers_count": fol,
                    "following_count": int(self.following[a]),
                    "tweet_count": int(50 + pop.activity[a] * pop.n * 400),
                    "listed_count": fol // 200,
                    "like_count": int(30 + pop.activity[a] * pop.n * 900),
                },
                "username": self.handles[a],
                "verified": False,
            }
            if len(self.user_frag) >= _USER_CACHE:  # bounded: drop the oldest half
                for old in list(self.user_frag)[: _USER_CACHE // 2]:
                    del self.user_frag[old]
            f = self.user_frag[a] = _Frag(_compact(_dumps(d)))
        return f

    def error(self, t: int) -> orjson.Fragment:
        tid = self.sid(t)
        return _Frag(
            _dumps(
                {
                    "value": tid,
                    "detail": f"Could not find tweet with referenced_tweets.id: [{tid}].",
                    "title": "Not Found Error",
                    "resource_type": "tweet",
                    "parameter": "referenced_tweets.id",
                    "resource_id": tid,
                    "type": "https://api.twitter.com/2/problems/resource-not-found",
                }
            )
        )


def _display_followers(pop: Population, in_deg: np.ndarray) -> list[int]:
    """Followers as the platform shows them: the in-sample followers scaled up (most followers
    of an account are outside the corpus), deterministic per account."""
    rng = np.random.default_rng([int(pop.ids[0] % (1 << 62)), 0xF0])
    scale = np.exp(2.0 + 0.5 * rng.standard_normal(pop.n))
    return (np.asarray(in_deg) * scale + rng.poisson(15, pop.n)).astype(np.int64).tolist()


def _locations(pop: Population) -> list[str]:
    rng = np.random.default_rng([int(pop.ids[0] % (1 << 62)), 0x10C])
    u = rng.random(pop.n)
    out = []
    for a, r in enumerate(pop.region.tolist()):
        name = REGIONS[r][0]
        x = u[a]
        if x < 0.35:
            out.append(f"{name}, Kalimantan Timur")
        elif x < 0.6:
            out.append(name)
        elif x < 0.7:
            out.append(f"{name}, Indonesia")
        elif x < 0.8:
            out.append("Kalimantan Timur, Indonesia")
        else:
            out.append("")
    return out


_DESCRIPTIONS = {
    "citizen": "Warga Kaltim. Akun fiktif (data sintetis).",
    "supporter": "Relawan paslon {camp}. Akun fiktif (data sintetis).",
    "buzzer": "Akun fiktif (data sintetis).",
    "official": "Akun kampanye paslon {camp} (fiktif, data sintetis).",
    "institution": "Akun instansi (stand-in fiktif, data sintetis).",
    "media": "Berita Kaltim terkini (stand-in fiktif, data sintetis).",
    "factcheck": "Cek fakta (stand-in fiktif, data sintetis).",
    "influencer": "Pengamat politik lokal. Akun fiktif (data sintetis).",
    "kk_activist": "Aliansi kolom kosong Samarinda. Akun fiktif (data sintetis).",
    "scam": "Bagi-bagi rezeki. Akun fiktif (data sintetis).",
}


def _description(pop: Population, a: int) -> str:
    t = TYPES[pop.type[a]]
    return _DESCRIPTIONS[t].format(camp=lexicon.CAMPS[pop.camp[a]])


# ------------------------------------------------------------------------------------------
# twarc2


_TWARC_URL = (
    "https://api.twitter.com/2/tweets/search/all?expansions=author_id%2Cin_reply_to_user_id"
    "%2Creferenced_tweets.id%2Creferenced_tweets.id.author_id%2Centities.mentions.username"
    "%2Cattachments.media_keys&tweet.fields=attachments%2Cauthor_id%2Cconversation_id"
    "%2Ccreated_at%2Centities%2Cid%2Cin_reply_to_user_id%2Clang%2Cpublic_metrics%2Ctext"
    "%2Cpossibly_sensitive%2Creferenced_tweets%2Creply_settings%2Cedit_history_tweet_ids"
    "&user.fields=created_at%2Cdescription%2Cid%2Clocation%2Cname%2Cprofile_image_url"
    "%2Cprotected%2Cpublic_metrics%2Cusername%2Cverified&media.fields=media_key%2Ctype%2Curl"
    "&query=%28pilkada+OR+pilgub+OR+paslon+OR+cagub+OR+nyoblos+OR+%23PilkadaKaltim2024%29"
    "+%28kaltim+OR+samarinda+OR+balikpapan+OR+kukar+OR+bontang%29+lang%3Ain"
    "&max_results=100"
)


def _token(p: int) -> str:
    d = hashlib.blake2b(f"page{p}".encode(), digest_size=12).digest()
    return base64.b32encode(d).decode().lower().rstrip("=")[:18]


def write_twarc2(
    posts: Posts,
    pop: Population,
    texts: TextStore,
    follows_in: np.ndarray,
    follows_out: np.ndarray,
    out_dir: Path,
    *,
    end: str,
    per_page: int = 100,
    posts_per_file: int | None = None,
    stem: str = "pilkada_kaltim_2024",
) -> dict:
    """Write the collected posts as twarc2 search pages (newest first); return what was written.

    Returns
    -------
    dict
        ``files``, ``pages``, ``tweets``, ``includes_tweets`` (rows in ``includes.tweets``
        over all pages), ``error_objects`` (deleted referenced tweets, counted per page) and
        ``bytes``.

    Examples
    --------
    >>> import numpy as np
    >>> from discourse.synth.config import SynthConfig
    >>> from discourse.synth.population import build_follows, build_population
    >>> from discourse.synth.actions import simulate
    >>> cfg = SynthConfig(n_posts=500, seed=1)
    >>> rng = np.random.default_rng(0)
    >>> pop = build_population(rng, 300)
    >>> g = build_follows(rng, pop, homophily=0.85)
    >>> posts = simulate(cfg, pop, g, np.random.SeedSequence(1))
    >>> from discourse.synth.writers import build_texts
    >>> texts = build_texts(posts, pop, seed=1, keywords=cfg.harvest_keywords,
    ...                     harvest_retweet_share=cfg.harvest_retweet_share)
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> info = write_twarc2(posts, pop, texts, g.in_degree(), g.out_degree(), d, end=cfg.end)
    >>> info["tweets"], info["pages"]
    (500, 5)
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob(f"{stem}*.jsonl"):
        old.unlink()
    ob = _Objects(posts, pop, texts, follows_in, follows_out)
    coll = np.flatnonzero(posts.collected)[::-1]  # newest first
    n_pages = (len(coll) + per_page - 1) // per_page
    page_of = np.full(posts.n, -1, dtype=np.int64)
    page_of[coll] = np.arange(len(coll)) // per_page
    # last page on which each referenced post is needed (to evict it from the caches)
    last = page_of.copy()
    refs = posts.api_parent[coll]
    okr = refs >= 0
    np.maximum.at(last, refs[okr], page_of[coll[okr]])
    refd = np.unique(refs[okr])
    by_page = refd[np.argsort(last[refd], kind="stable")]
    cuts = np.searchsorted(last[by_page], np.arange(n_pages + 1), side="left")
    t_end = window(end, end)[1]
    retrieved0 = t_end + 3 * 86_400 + 2 * 3600
    per_file_pages = n_pages if not posts_per_file else max(1, posts_per_file // per_page)
    n_files = max(1, (n_pages + per_file_pages - 1) // per_file_pages)
    kind, api, deleted, author, media_f = ob.kind, ob.api, ob.deleted, ob.author, ob.media
    cache: dict[int, tuple] = {}
    rt_cache: dict[int, tuple] = {}
    stats = {"files": [], "pages": n_pages, "tweets": 0, "includes_tweets": 0}
    stats["error_objects"] = 0
    stats["bytes"] = 0
    opt = orjson.OPT_APPEND_NEWLINE
    fh = None
    for p in range(n_pages):
        if p % per_file_pages == 0:
            if fh is not None:
                fh.close()
            name = (
                f"{stem}.jsonl" if n_files == 1 else f"{stem}_{p // per_file_pages + 1:03d}.jsonl"
            )
            stats["files"].append(name)
            fh = open(out_dir / name, "wb", buffering=8 << 20)
        page = coll[p * per_page : (p + 1) * per_page].tolist()
        data = []
        us: dict[int, None] = {}
        inc: dict[int, orjson.Fragment] = {}
        errs: dict[int, orjson.Fragment] = {}
        media: dict[int, None] = {}
        p_kind = kind[page].tolist()
        p_api = api[page].tolist()
        p_author = author[page].tolist()
        p_media = media_f[page].tolist()
        for j, i in enumerate(page):
            us[p_author[j]] = None
            k = p_kind[j]
            if k == RT:
                t = p_api[j]
                tpl = rt_cache.get(t)
                if tpl is None:
                    tpl = rt_cache[t] = ob.rt_template(t)
                data.append(ob.retweet(i, tpl[0]))
                for u in tpl[1]:
                    us[u] = None
            else:
                e = cache.get(i)
                if e is None:
                    e = ob.tweet(i)
                    if last[i] > p:
                        cache[i] = e
                data.append(e[0])
                for u in e[1]:
                    us[u] = None
                if p_media[j]:
                    media[i] = None
                if k == ORIG:
                    continue
                t = p_api[j]
            if deleted[t]:
                if t not in errs:
                    errs[t] = ob.error(t)
                continue
            if t not in inc:
                e = cache.get(t)
                if e is None:
                    e = cache[t] = ob.tweet(t)
                inc[t] = e[0]
                us[int(author[t])] = None
                if media_f[t]:
                    media[t] = None
        includes: dict = {"users": [ob.user(u) for u in us]}
        if inc:
            includes["tweets"] = list(inc.values())
        if media:
            includes["media"] = [
                {"media_key": ob.media_key(m), "type": "photo", "url": ob.media_url(m)}
                for m in media
            ]
        doc: dict = {"data": data, "includes": includes}
        if errs:
            doc["errors"] = list(errs.values())
        meta = {
            "newest_id": ob.sid(page[0]),
            "oldest_id": ob.sid(page[-1]),
            "result_count": len(page),
        }
        if p + 1 < n_pages:
            meta["next_token"] = _token(p)
        doc["meta"] = meta
        retrieved = np.datetime_as_string(np.datetime64(retrieved0 + 2 * p, "s"), unit="s")
        doc["__twarc"] = {
            "url": _TWARC_URL + ("" if p == 0 else "&next_token=" + _token(p - 1)),
            "version": "2.14.0",
            "retrieved_at": retrieved + "+00:00",
        }
        b = _dumps(doc, option=opt)
        fh.write(b)
        stats["bytes"] += len(b)
        stats["tweets"] += len(page)
        stats["includes_tweets"] += len(inc)
        stats["error_objects"] += len(errs)
        for j in by_page[cuts[p] : cuts[p + 1]].tolist():
            cache.pop(j, None)
            rt_cache.pop(j, None)
    if fh is not None:
        fh.close()
    return stats


# ------------------------------------------------------------------------------------------
# tweet-harvest CSV


def write_harvest_csv(
    posts: Posts,
    pop: Population,
    texts: TextStore,
    follows_in: np.ndarray,
    path: Path,
    *,
    chunk_rows: int = 50_000,
) -> dict:
    """Write the keyword-search subset (``texts.harvest``) as a tweet-harvest 2024 CSV.

    Returns
    -------
    dict
        ``rows`` and the kinds the reader will infer (``original`` includes quotes: the CSV has
        no quote field), ``authors``.

    Examples
    --------
    >>> import numpy as np
    >>> from discourse.synth.config import SynthConfig
    >>> from discourse.synth.population import build_follows, build_population
    >>> from discourse.synth.actions import simulate
    >>> cfg = SynthConfig(n_posts=500, seed=1)
    >>> rng = np.random.default_rng(0)
    >>> pop = build_population(rng, 300)
    >>> g = build_follows(rng, pop, homophily=0.85)
    >>> posts = simulate(cfg, pop, g, np.random.SeedSequence(1))
    >>> from discourse.synth.writers import build_texts
    >>> texts = build_texts(posts, pop, seed=1, keywords=cfg.harvest_keywords,
    ...                     harvest_retweet_share=cfg.harvest_retweet_share)
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "harvest.csv"
    >>> info = write_harvest_csv(posts, pop, texts, g.in_degree(), p)
    >>> info["rows"] == len(p.read_text(encoding="utf-8").splitlines()) - 1
    True
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    sel = np.flatnonzero(texts.harvest & posts.collected)[::-1]  # newest first
    handles = pop.handles
    uids = [str(x) for x in pop.ids.tolist()]
    locs = _locations(pop)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        w.writerow(CSV_COLUMNS)
        for c0 in range(0, len(sel), chunk_rows):
            part = sel[c0 : c0 + chunk_rows]
            dates = legacy_utc(posts.t[part])
            kinds = posts.kind[part].tolist()
            authors = posts.author[part].tolist()
            par = posts.api_parent[part]
            pids = posts.ids[part].tolist()
            convs = posts.ids[posts.conv[part]].tolist()
            par_author = posts.author[np.maximum(par, 0)].tolist()
            par_l = par.tolist()
            likes = posts.like_count[part].tolist()
            qs = posts.quote_count[part].tolist()
            reps = posts.reply_count[part].tolist()
            rts = posts.retweet_count[part].tolist()
            media = posts.media[part].tolist()
            rows = []
            for j in range(len(part)):
                a = authors[j]
                k = kinds[j]
                if k == RT:
                    t = par_l[j]
                    raw = truncate_for_retweet(texts.get(t), handles[par_author[j]])
                else:
                    raw = texts.get(int(part[j]))
                pid = str(pids[j])
                rows.append(
                    (
                        str(convs[j]),
                        dates[j],
                        str(likes[j]),
                        harvest_2024_clean(raw),
                        pid,
                        _media_url(pid) if media[j] else "",
                        handles[par_author[j]] if k == REPLY else "",
                        "in",
                        locs[a],
                        str(qs[j]) if k != RT else "0",
                        str(reps[j]) if k != RT else "0",
                        str(rts[j]) if k != RT else "0",
                        f"https://x.com/{handles[a]}/status/{pid}",
                        uids[a],
                        handles[a],
                    )
                )
            w.writerows(rows)
    k = posts.kind[sel]
    return {
        "rows": len(sel),
        "original": int(((k == ORIG) | (k == QUOTE)).sum()),
        "reply": int((k == REPLY).sum()),
        "retweet": int((k == RT).sum()),
        "quotes_among_originals": int((k == QUOTE).sum()),
        "authors": len(np.unique(posts.author[sel])),
    }


def _media_url(pid: str) -> str:
    d = hashlib.blake2b(pid.encode(), digest_size=12).digest()
    return "https://pbs.twimg.com/media/" + base64.urlsafe_b64encode(d).decode()[:15] + ".jpg"


# ------------------------------------------------------------------------------------------
# truth and catalogue


def _csv_bytes(header: tuple[str, ...], rows: Iterator[tuple]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def write_accounts(pop: Population, follows, truth_dir: Path) -> None:
    """Write ``accounts.csv`` and ``follows.parquet`` (the follower graph) into ``truth_dir``.

    Examples
    --------
    >>> import tempfile
    >>> import numpy as np
    >>> from discourse.synth.population import build_follows, build_population
    >>> rng = np.random.default_rng(0)
    >>> pop = build_population(rng, 300)
    >>> d = Path(tempfile.mkdtemp())
    >>> write_accounts(pop, build_follows(rng, pop, homophily=0.85), d)
    >>> sorted(p.name for p in d.iterdir())
    ['accounts.csv', 'follows.parquet']
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    truth_dir.mkdir(parents=True, exist_ok=True)
    type_n = pop.type_name()
    camp_n = pop.camp_name()
    reg_n = pop.region_name()
    followers = _display_followers(pop, follows.in_degree())
    indeg = follows.in_degree().tolist()
    outdeg = follows.out_degree().tolist()
    squad = pop.squad.tolist()
    acc_rows = (
        (
            str(pop.ids[a]),
            pop.handles[a],
            type_n[a],
            camp_n[a],
            reg_n[a],
            followers[a],
            indeg[a],
            outdeg[a],
            "" if squad[a] < 0 else squad[a],
            "true" if pop.public_actor[a] else "false",
        )
        for a in range(pop.n)
    )
    (truth_dir / "accounts.csv").write_bytes(
        _csv_bytes(
            (
                "account_id",
                "handle",
                "type",
                "camp",
                "region",
                "followers",
                "followers_in_corpus",
                "following_in_corpus",
                "squad",
                "public_actor",
            ),
            acc_rows,
        )
    )
    schema = pa.schema([("follower_id", pa.string()), ("followee_id", pa.string())])
    pid = pa.array(pop.ids)
    with pq.ParquetWriter(truth_dir / "follows.parquet", schema, compression="zstd") as pw:
        step = 500_000
        for c0 in range(0, follows.n_edges, step):
            s = pa.array(follows.src[c0 : c0 + step])
            d = pa.array(follows.dst[c0 : c0 + step])
            pw.write_table(
                pa.table(
                    {
                        "follower_id": pid.take(s).cast(pa.string()),
                        "followee_id": pid.take(d).cast(pa.string()),
                    },
                    schema=schema,
                )
            )


_POSTS_TRUTH_COLUMNS = (
    "post_id",
    "kind",
    "author_id",
    "author_handle",
    "topic",
    "narrative",
    "claim_id",
    "role",
    "api_parent_id",
    "true_parent_id",
    "root_id",
    "conversation_id",
    "collected",
    "deleted",
    "in_harvest_csv",
    "burst_id",
    "toxic",
    "created_at",
)


def write_posts_truth(
    posts: Posts,
    pop: Population,
    texts: TextStore,
    truth_dir: Path,
    *,
    chunk_rows: int = 25_000,
) -> None:
    """Write ``posts.csv``: every generated post with its planted labels (see the README).

    Examples
    --------
    >>> import numpy as np
    >>> from discourse.synth.config import SynthConfig
    >>> from discourse.synth.population import build_follows, build_population
    >>> from discourse.synth.actions import simulate
    >>> cfg = SynthConfig(n_posts=500, seed=1)
    >>> rng = np.random.default_rng(0)
    >>> pop = build_population(rng, 300)
    >>> g = build_follows(rng, pop, homophily=0.85)
    >>> posts = simulate(cfg, pop, g, np.random.SeedSequence(1))
    >>> from discourse.synth.writers import build_texts
    >>> texts = build_texts(posts, pop, seed=1, keywords=cfg.harvest_keywords,
    ...                     harvest_retweet_share=cfg.harvest_retweet_share)
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> write_posts_truth(posts, pop, texts, d)
    >>> import pandas as pd
    >>> len(pd.read_csv(d / "posts.csv")) == posts.n
    True
    """
    truth_dir.mkdir(parents=True, exist_ok=True)
    narr = np.array([n.key for n in lexicon.NARRATIVES] + [""], dtype=object)
    claim_n = np.array([*posts.claim_ids, ""], dtype=object)
    kind_n = np.array(KIND_NAMES, dtype=object)
    role_n = np.array(["none", "hoax", "debunk"], dtype=object)
    tf = np.array(["false", "true"], dtype=object)
    ids = posts.ids

    def ref(idx: np.ndarray) -> list:
        out = ids[np.maximum(idx, 0)].astype(object)
        out[idx < 0] = ""
        return out.tolist()

    with open(truth_dir / "posts.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(_POSTS_TRUTH_COLUMNS)
        for c0 in range(0, posts.n, chunk_rows):
            sl = slice(c0, min(posts.n, c0 + chunk_rows))
            a = posts.author[sl]
            tp = posts.topic[sl].astype(np.int64)
            cl = posts.claim[sl].astype(np.int64)
            bu = posts.burst[sl].astype(object)
            bu[posts.burst[sl] < 0] = ""
            created = np.datetime_as_string(posts.t[sl].astype("datetime64[s]"), unit="s")
            cols = (
                ids[sl].tolist(),
                kind_n[posts.kind[sl]].tolist(),
                pop.ids[a].tolist(),
                pop.handles[a].tolist(),
                tp.tolist(),
                narr[tp].tolist(),
                claim_n[cl].tolist(),
                role_n[posts.role[sl]].tolist(),
                ref(posts.api_parent[sl]),
                ref(posts.true_parent[sl]),
                ids[posts.root[sl]].tolist(),
                ids[posts.conv[sl]].tolist(),
                tf[posts.collected[sl].astype(np.int8)].tolist(),
                tf[posts.deleted[sl].astype(np.int8)].tolist(),
                tf[texts.harvest[sl].astype(np.int8)].tolist(),
                bu.tolist(),
                tf[texts.toxic[sl].astype(np.int8)].tolist(),
                [x + "Z" for x in created.tolist()],
            )
            w.writerows(zip(*cols, strict=True))


def write_claims(posts: Posts, path: Path) -> None:
    """The claim catalogue (``claims.csv``) in the format the hoax module reads.

    Columns: claim_id, title, verdict, keywords (``|``), urls (hoax domains, ``|``),
    debunk_url, debunk_date (WITA date of the first debunk post), narrative (key), is_hoax
    (``true``, ``false`` or empty for an unresolved allegation).

    Examples
    --------
    >>> import numpy as np
    >>> from discourse.synth.config import SynthConfig
    >>> from discourse.synth.population import build_follows, build_population
    >>> from discourse.synth.actions import simulate
    >>> cfg = SynthConfig(n_posts=500, seed=1)
    >>> rng = np.random.default_rng(0)
    >>> pop = build_population(rng, 300)
    >>> g = build_follows(rng, pop, homophily=0.85)
    >>> posts = simulate(cfg, pop, g, np.random.SeedSequence(1))
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "claims.csv"
    >>> write_claims(posts, p)
    >>> p.read_text().splitlines()[0]
    'claim_id,title,verdict,keywords,urls,debunk_url,debunk_date,narrative,is_hoax'
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    from .timeline import WITA_OFFSET

    rows = []
    for ci, c in enumerate(lexicon.HOAX_CLAIMS):
        m = (posts.claim == ci) & (posts.role == 2)
        first = int(posts.t[m].min()) if m.any() else None
        date = (
            str(np.datetime64(first + WITA_OFFSET, "s").astype("datetime64[D]"))
            if first is not None
            else ""
        )
        rows.append(
            (
                c.claim_id,
                c.title,
                c.verdict,
                "|".join(c.keywords),
                "|".join(c.hoax_domains),
                c.debunk_url,
                date,
                lexicon.NARRATIVES[c.narrative].key,
                "" if c.is_hoax is None else ("true" if c.is_hoax else "false"),
            )
        )
    path.write_bytes(
        _csv_bytes(
            (
                "claim_id",
                "title",
                "verdict",
                "keywords",
                "urls",
                "debunk_url",
                "debunk_date",
                "narrative",
                "is_hoax",
            ),
            iter(rows),
        )
    )
