"""What the accounts do: originals, quotes, replies, retweet cascades, buzzer bursts, hoaxes.

Everything is vectorised over numpy arrays; the result is a :class:`Posts` table in time order
(index = chronological rank, ids are snowflakes that increase with time).

Model (all [U], DOMAIN.md 6.2, 6.6, 6.7):

originals
    Authors drawn by activity times their type's propensity for originals; time from the
    campaign calendar (:mod:`.timeline`); topic from the author's camp lean
    (``Narrative.lean``), type and phase. A share are posted by buzzer squads in *bursts*:
    10–60 near-duplicates within 15 minutes starting on the hour, heavy on debate nights.
    Originals outside the collection (older than the window, or in it but not matching the
    query) are generated too (``collected = False``); each is referenced by a collected post.
quotes and replies
    The target is drawn by appeal (heavy-tailed, grows with the author's audience); the actor
    is a follower of the target's author, or someone else, more often from another camp for
    replies (replies cut across camps more than retweets do). Replies continue threads.
retweets
    Cascades: each retweetable post gets a heavy-tailed number of retweets; inside a cascade
    every adopter saw the post from the root or from an earlier adopter (a random recursive
    tree with a strong pull to the root, so depth grows with size), and is a follower of the
    account it saw it from, preferring active accounts. The API shows only the root
    (``api_parent``); the truth keeps ``true_parent``. Buzzer squads retweet their camp's
    official posts within seconds.
hoaxes and debunks
    Each claim of ``lexicon.HOAX_CLAIMS`` is seeded by 1–3 accounts of the camp it favours
    (scams by scam accounts) at its ``first_seen`` time, copied by a few more, and spreads
    through the follower graph preferring that camp. Fact-checkers, institutions and media post
    debunks after ``debunk_delay_hours``, quote the hoax, and their cascades lean away from the
    favoured camp. Quotes and replies of a hoax take the hoax role when the actor is of the
    favoured camp, else often the debunk role.

Examples
--------
>>> import numpy as np
>>> from discourse.synth.config import SynthConfig
>>> from discourse.synth.population import build_population, build_follows
>>> cfg = SynthConfig(n_posts=2000, seed=1)
>>> rng = np.random.default_rng(0)
>>> pop = build_population(rng, 800)
>>> g = build_follows(rng, pop, homophily=0.85)
>>> posts = simulate(cfg, pop, g, np.random.SeedSequence(1))
>>> int(posts.collected.sum()), int((posts.kind[posts.collected] == RT).sum())
(2000, 900)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from . import lexicon
from .config import SynthConfig
from .population import CAMP, CAMPS, TYPE, TYPES, Follows, Population
from .timeline import (
    PHASES,
    WITA_OFFSET,
    hour_weights,
    phase_index,
    react_times,
    sample_times,
    window,
)

__all__ = [
    "KIND_NAMES",
    "ORIG",
    "QUOTE",
    "REPLY",
    "ROLE_NAMES",
    "RT",
    "Posts",
    "simulate",
]

ORIG, RT, QUOTE, REPLY = 0, 1, 2, 3
KIND_NAMES = ("original", "retweet", "quote", "reply")
ROLE_NONE, ROLE_HOAX, ROLE_DEBUNK = 0, 1, 2
ROLE_NAMES = ("none", "hoax", "debunk")
TWEPOCH_MS = 1_288_834_974_657
_HOUR = 3600


@dataclass
class Posts:
    """All posts, collected or not, in time order (index = chronological rank).

    Index columns (``api_parent``, ``true_parent``, ``root``, ``conv``) hold post indices, -1
    for none. ``api_parent`` is what the platform shows (retweet → the retweeted post, quote →
    the quoted post, reply → the replied post); ``true_parent`` is where the post really came
    from (for a retweet, the root or the earlier retweet its author saw it in); ``root`` is the
    top of the chain of API parents; ``conv`` the conversation (reply thread) root.

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
    >>> collected = posts.collected
    >>> int(collected.sum()), bool((posts.api_parent[posts.kind == RT] >= 0).all())
    (500, True)
    """

    n: int
    ids: np.ndarray
    t: np.ndarray
    kind: np.ndarray
    author: np.ndarray
    api_parent: np.ndarray
    true_parent: np.ndarray
    root: np.ndarray
    conv: np.ndarray
    topic: np.ndarray
    claim: np.ndarray
    role: np.ndarray
    collected: np.ndarray
    deleted: np.ndarray
    burst: np.ndarray
    mention: np.ndarray
    media: np.ndarray
    like_count: np.ndarray
    retweet_count: np.ndarray
    quote_count: np.ndarray
    reply_count: np.ndarray
    claim_ids: tuple[str, ...]
    n_bursts: int
    notes: dict = field(default_factory=dict)


# ------------------------------------------------------------------------------------------
# small helpers


def _pick(rng: np.random.Generator, w: np.ndarray, k: int) -> np.ndarray:
    """``k`` indices drawn with probability proportional to ``w``."""
    cdf = np.cumsum(w, dtype=np.float64)
    if k == 0 or cdf[-1] <= 0:
        return np.zeros(k, dtype=np.int64)
    j = np.searchsorted(cdf, rng.random(k) * cdf[-1], side="right")
    return np.minimum(j, len(w) - 1).astype(np.int64)


def _pick_from(rng: np.random.Generator, pool: np.ndarray, w: np.ndarray, k: int) -> np.ndarray:
    return pool[_pick(rng, w, k)]


def _wita_to_utc(iso: str) -> int:
    d = datetime.fromisoformat(iso)
    return int((d - datetime(1970, 1, 1)).total_seconds()) - WITA_OFFSET


def _narrative_index(key: str) -> int:
    for n in lexicon.NARRATIVES:
        if n.key == key:
            return int(n.id)
    return -1


class _Segments:
    """Posts appended in blocks; parents refer to global indices of earlier blocks."""

    COLS = (
        "kind",
        "author",
        "t",
        "api_parent",
        "true_parent",
        "topic",
        "claim",
        "role",
        "collected",
        "burst",
        "appeal",
    )

    def __init__(self) -> None:
        self.blocks: list[dict[str, np.ndarray]] = []
        self.n = 0

    def add(self, **cols: np.ndarray) -> np.ndarray:
        k = len(cols["author"])
        full = {}
        defaults = {
            "api_parent": -1,
            "true_parent": -1,
            "topic": -1,
            "claim": -1,
            "role": ROLE_NONE,
            "collected": True,
            "burst": -1,
            "appeal": 1.0,
        }
        for c in self.COLS:
            v = cols.get(c, defaults.get(c))
            full[c] = np.broadcast_to(np.asarray(v), (k,)).copy() if np.ndim(v) == 0 else v
        self.blocks.append(full)
        idx = np.arange(self.n, self.n + k, dtype=np.int64)
        self.n += k
        return idx

    def col(self, name: str) -> np.ndarray:
        return np.concatenate([b[name] for b in self.blocks])


# ------------------------------------------------------------------------------------------
# topics


def _topic_table() -> tuple[np.ndarray, int]:
    """Cumulative topic probabilities per (type, camp, phase): shape (T*C*P, K+1), the last
    column being "no topic" (-1)."""
    narr = lexicon.NARRATIVES
    k = len(narr)
    n_t, n_c, n_p = len(TYPES), len(CAMPS), len(PHASES)
    base = np.zeros((n_c, k + 1))
    for c, camp in enumerate(CAMPS):
        for j, nr in enumerate(narr):
            base[c, j] = max(float(nr.lean.get(camp, 0.0)), 0.0)
    base /= base[:, :k].sum(axis=1, keepdims=True)
    tmult = np.ones((n_t, k + 1))
    tmult[:, k] = 0.0
    tmult[TYPE["citizen"], k] = 0.09  # chit-chat without a narrative
    tmult[TYPE["scam"], :] = 0.05
    tmult[TYPE["scam"], k] = 1.0
    boosts = {
        "institution": {"penyelenggara": 5.0, "partisipasi": 5.0, "politik_uang": 2.0},
        "factcheck": {"penyelenggara": 3.0, "survei": 2.0},
        "media": {"penyelenggara": 2.0, "survei": 1.5},
        "kk_activist": {"kotak_kosong": 3.0},
        "official": {"partisipasi": 1.5},
    }
    for t, b in boosts.items():
        for key, f in b.items():
            j = _narrative_index(key)
            if j >= 0:
                tmult[TYPE[t], j] *= f
    pmult = np.ones((n_p, k + 1))
    phase_boost = {
        "P1": {"dinasti": 2.0, "kotak_kosong": 1.8},
        "P3": {"politik_uang": 2.5},
        "P4": {"penyelenggara": 3.0, "partisipasi": 3.0, "survei": 2.0},
        "P5": {"penyelenggara": 3.0, "survei": 1.5},
        "P6": {"penyelenggara": 3.0, "dinasti": 1.5},
    }
    for p, ph in enumerate(PHASES):
        for key, f in phase_boost.get(ph.key, {}).items():
            j = _narrative_index(key)
            if j >= 0:
                pmult[p, j] *= f
    tab = base[None, :, None, :] * tmult[:, None, None, :] * pmult[None, None, :, :]
    # the "no topic" column: base 1 times the type factor
    tab[..., k] = tmult[:, None, None, k]
    tab = tab.reshape(n_t * n_c * n_p, k + 1)
    tab /= tab.sum(axis=1, keepdims=True)
    return np.cumsum(tab, axis=1), k


_TOPIC_CDF: tuple[np.ndarray, int] | None = None


def _topics(
    rng: np.random.Generator, pop: Population, authors: np.ndarray, t: np.ndarray
) -> np.ndarray:
    global _TOPIC_CDF
    if _TOPIC_CDF is None:
        _TOPIC_CDF = _topic_table()
    cdf, k = _TOPIC_CDF
    n_c, n_p = len(CAMPS), len(PHASES)
    row = (pop.type[authors].astype(np.int64) * n_c + pop.camp[authors]) * n_p + phase_index(t)
    u = rng.random(len(authors))
    j = (u[:, None] > cdf[row]).sum(axis=1)
    j = np.minimum(j, k)
    return np.where(j == k, -1, j).astype(np.int16)


# ------------------------------------------------------------------------------------------
# choosing actors


class _Actors:
    """Draw actors for reactions: followers of an account, or pools by camp."""

    def __init__(self, rng: np.random.Generator, pop: Population, g: Follows, kind: int):
        self.rng = rng
        self.pop = pop
        self.g = g
        self.w = pop.kind_weight(kind)
        self.indeg = g.in_degree()
        self.camp_pool = []
        for c in range(len(CAMPS)):
            pool = np.flatnonzero((pop.camp == c) & (self.w > 0))
            self.camp_pool.append((pool, np.cumsum(self.w[pool])))
        pool = np.flatnonzero(self.w > 0)
        self.all_pool = (pool, np.cumsum(self.w[pool]))

    def _draw(self, pool_cdf: tuple[np.ndarray, np.ndarray], k: int) -> np.ndarray:
        pool, cdf = pool_cdf
        if len(pool) == 0:
            pool, cdf = self.all_pool
        j = np.searchsorted(cdf, self.rng.random(k) * cdf[-1], side="right")
        return pool[np.minimum(j, len(pool) - 1)]

    def from_pools(self, camps: np.ndarray, cross: float) -> np.ndarray:
        """One actor per item: from another camp with probability ``cross``, else the same."""
        k = len(camps)
        out = np.empty(k, dtype=np.int64)
        is_cross = self.rng.random(k) < cross
        for c in range(len(CAMPS)):
            m = (camps == c) & ~is_cross
            if m.any():
                out[m] = self._draw(self.camp_pool[c], int(m.sum()))
        if is_cross.any():
            # another camp: draw from everyone, redraw those that fell in the same camp
            idx = np.flatnonzero(is_cross)
            for _ in range(8):
                a = self._draw(self.all_pool, len(idx))
                out[idx] = a
                same = self.pop.camp[a] == camps[idx]
                idx = idx[same]
                if not len(idx):
                    break
        return out

    def followers_of(self, accts: np.ndarray) -> np.ndarray:
        """One follower per account (the most active of a few drawn uniformly), -1 where the
        account has no eligible follower."""
        return _draw_followers(self.rng, self, accts, None, None)


# ------------------------------------------------------------------------------------------
# the simulation


def simulate(cfg: SynthConfig, pop: Population, g: Follows, seq: np.random.SeedSequence) -> Posts:
    """Generate all posts (see the module docstring).

    Parameters
    ----------
    cfg : SynthConfig
    pop : Population
    g : Follows
    seq : numpy.random.SeedSequence
        Parent of the independent random streams of this stage.

    Returns
    -------
    Posts

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
    >>> int(posts.collected.sum()), int((posts.kind[posts.collected] == RT).sum())
    (500, 225)
    """
    r_orig, r_claim, r_burst, r_quote, r_reply, r_rt, r_misc = (
        np.random.default_rng(s) for s in seq.spawn(7)
    )
    N = cfg.n_posts
    n_rt = round(N * cfg.share_retweet)
    n_q = round(N * cfg.share_quote)
    n_rep = round(N * cfg.share_reply)
    n_orig = N - n_rt - n_q - n_rep
    t_start, t_end = window(cfg.start, cfg.end)
    seg = _Segments()
    indeg = g.in_degree().astype(np.float64)
    reach = (indeg + 5.0) ** 0.5
    notes: dict = {}

    def appeal(rng: np.random.Generator, authors: np.ndarray, f: float = 1.0) -> np.ndarray:
        return np.exp(1.6 * rng.standard_normal(len(authors))) * reach[authors] * f

    # ---- hoax and debunk originals -------------------------------------------------------
    claims = lexicon.HOAX_CLAIMS
    claim_ids = tuple(c.claim_id for c in claims)
    w0 = pop.kind_weight(ORIG)
    typ, camp = pop.type, pop.camp
    fav_type_w = np.ones(len(TYPES))
    for t, f in (("buzzer", 4.0), ("supporter", 2.0), ("influencer", 2.0), ("kk_activist", 3.0)):
        fav_type_w[TYPE[t]] = f
    fav_type_w[[TYPE[t] for t in ("official", "institution", "media", "factcheck")]] = 0.0
    deb_type_w = np.zeros(len(TYPES))
    for t, f in (("factcheck", 3.0), ("institution", 2.0), ("media", 2.0)):
        deb_type_w[TYPE[t]] = f
    hub_w = deb_type_w[typ] * (pop.popularity + 1e-9)
    n_copy = max(2, round(cfg.hoax_scale * N * 0.0005))
    # hoax seeds draw big cascades; in small corpora, where every claim still has its posts,
    # weaker, so that hoaxes do not swamp the corpus
    size_f = min(1.0, n_orig / 12_500)
    n_deb_more = max(1, round(cfg.hoax_scale * N * 0.0002))
    seed_posts: dict[int, np.ndarray] = {}
    claim_fav = np.full(len(claims), -1, dtype=np.int64)
    first_debunk_t = np.zeros(len(claims), dtype=np.int64)
    shifted = {}
    for ci, c in enumerate(claims):
        rng = r_claim
        t_seen = _wita_to_utc(c.first_seen)
        lo, hi = t_start + 6 * _HOUR, t_end - 3 * 86_400
        if not lo <= t_seen <= hi:  # keep the time of day, move the date into the window
            day = 86_400
            new = int(min(max(t_seen, lo), hi))
            new = new - (new + WITA_OFFSET) % day + (t_seen + WITA_OFFSET) % day
            new = int(min(max(new, lo), hi))
            shifted[c.claim_id] = {
                "first_seen": c.first_seen,
                "placed_at_wita": str(np.datetime64(new + WITA_OFFSET, "s")),
                "why": "outside the collection window",
            }
            t_seen = new
        if c.verdict == "PENIPUAN" and (typ == TYPE["scam"]).any():
            w = np.where(typ == TYPE["scam"], w0 + 1e-12, 0.0)
        elif c.favours in CAMP and c.favours != "neutral":
            claim_fav[ci] = CAMP[c.favours]
            w = np.where(camp == CAMP[c.favours], w0 * fav_type_w[typ], 0.0)
        else:
            ok = np.isin(typ, [TYPE["citizen"], TYPE["influencer"]])
            w = np.where((camp == CAMP["neutral"]) & ok, w0, 0.0)
        n_seed = int(rng.integers(1, 4))
        seeds = _pick(rng, w, n_seed)
        ts = t_seen + rng.integers(0, 2 * _HOUR, n_seed)
        narr = np.int16(c.narrative)
        seed_posts[ci] = seg.add(
            kind=ORIG,
            author=seeds,
            t=ts,
            topic=narr,
            claim=ci,
            role=ROLE_HOAX,
            appeal=appeal(rng, seeds, 1.0 + 39.0 * size_f),
        )
        cop = _pick(rng, w, n_copy)
        tc = np.minimum(
            t_seen + 1800 + (rng.exponential(30 * _HOUR, n_copy)).astype(np.int64), t_end - 600
        )
        seg.add(
            kind=ORIG, author=cop, t=tc, topic=narr, claim=ci, role=ROLE_HOAX,
            appeal=appeal(rng, cop, 1.0 + 2.0 * size_f),
        )  # fmt: skip
        # debunks: the first by a fact-checker, the rest by fact-checkers, institutions, media
        fc = np.flatnonzero(typ == TYPE["factcheck"])
        first = fc[_pick(rng, pop.popularity[fc], 1)]
        t_first = int(ts.min() + c.debunk_delay_hours * _HOUR * rng.uniform(0.85, 1.15))
        t_first = min(t_first, t_end - 300)
        first_debunk_t[ci] = t_first
        more = _pick(rng, hub_w, n_deb_more)
        tm = np.minimum(t_first + 600 + rng.exponential(24 * _HOUR, n_deb_more), t_end - 60)
        seg.add(
            kind=ORIG, author=np.r_[first, more], t=np.r_[t_first, tm.astype(np.int64)],
            topic=narr, claim=ci, role=ROLE_DEBUNK,
            appeal=np.r_[appeal(rng, first, 2.0), appeal(rng, more, 0.6)],
        )  # fmt: skip
    notes["claims_moved_into_window"] = shifted

    # ---- buzzer bursts ---------------------------------------------------------------------
    rng = r_burst
    n_burst_target = round(cfg.burst_share * n_orig)
    hw = hour_weights(cfg.start, cfg.end)
    ph = phase_index(t_start + np.arange(len(hw)) * _HOUR)
    campaign = np.isin(ph, [i for i, p in enumerate(PHASES) if p.key in ("P1", "P2a", "P2c", "P3")])
    hw_b = hw * campaign
    hw_b = hw_b**1.5  # bursts concentrate on busy hours (debate nights)
    sq_of = pop.squad
    squads = np.flatnonzero(np.bincount(sq_of[sq_of >= 0], minlength=pop.n_squads) > 0)
    sq_members = [np.flatnonzero(sq_of == s) for s in range(pop.n_squads)]
    burst_authors, burst_t, burst_id, burst_topic = [], [], [], []
    n_bursts = 0
    total = 0
    while len(squads) and total < n_burst_target:
        size = int(rng.integers(10, 61))
        if n_burst_target - total - size < 10:
            size = n_burst_target - total
            if size < 10:
                break
        s = squads[_pick(rng, np.array([len(sq_members[q]) for q in squads], float), 1)[0]]
        mem = sq_members[s]
        authors = rng.permutation(np.resize(rng.permutation(mem), size))
        h0 = t_start + int(_pick(rng, hw_b, 1)[0]) * _HOUR
        burst_authors.append(authors)
        burst_t.append(h0 + np.sort(rng.integers(0, 900, size)))
        burst_id.append(np.full(size, n_bursts))
        tp = _topics(rng, pop, authors[:1], np.array([h0]))
        burst_topic.append(np.full(size, tp[0]))
        n_bursts += 1
        total += size
    if n_bursts:
        ba = np.concatenate(burst_authors)
        seg.add(
            kind=ORIG, author=ba, t=np.concatenate(burst_t), topic=np.concatenate(burst_topic),
            burst=np.concatenate(burst_id), appeal=appeal(rng, ba, 0.3),
        )  # fmt: skip

    # ---- regular originals ---------------------------------------------------------------
    rng = r_orig
    n_reg = n_orig - seg.n
    if n_reg < 0:
        raise ValueError("too few originals for the hoax and burst posts: raise n_posts")
    t_reg = sample_times(rng, n_reg, cfg.start, cfg.end)
    a_reg = _pick(rng, w0, n_reg)
    # scam accounts appear late (November) and after the result
    t_scam = _wita_to_utc("2024-11-01T00:00")
    bad = (typ[a_reg] == TYPE["scam"]) & (t_reg < t_scam)
    w_noscam = np.where(typ == TYPE["scam"], 0.0, w0)
    a_reg[bad] = _pick(rng, w_noscam, int(bad.sum()))
    seg.add(
        kind=ORIG, author=a_reg, t=t_reg, topic=_topics(rng, pop, a_reg, t_reg),
        appeal=appeal(rng, a_reg) * np.where(typ[a_reg] == TYPE["official"], 1.5, 1.0),
    )  # fmt: skip

    # ---- originals outside the collection ------------------------------------------------
    n_unc = round(cfg.uncollected_share * n_orig)
    n_old = n_unc // 2
    old_start = str(np.datetime64(cfg.start) - np.timedelta64(21, "D"))
    old_end = str(np.datetime64(cfg.start) - np.timedelta64(1, "D"))
    t_unc = np.r_[
        sample_times(rng, n_old, old_start, old_end),
        sample_times(rng, n_unc - n_old, cfg.start, cfg.end),
    ]
    a_unc = _pick(rng, w_noscam, n_unc)
    unc_idx = seg.add(
        kind=ORIG, author=a_unc, t=t_unc, topic=_topics(rng, pop, a_unc, t_unc), collected=False,
        appeal=appeal(rng, a_unc, 1.0) * np.where(t_unc < t_start, 0.3, 1.5),
    )  # fmt: skip

    # state of the originals so far
    o_author = seg.col("author")
    o_t = seg.col("t")
    o_topic = seg.col("topic")
    o_claim = seg.col("claim")
    o_role = seg.col("role")
    o_appeal = seg.col("appeal")

    # ---- quotes ----------------------------------------------------------------------------
    rng = r_quote
    qa = _Actors(rng, pop, g, QUOTE)
    # fact-checkers quote the hoax seeds
    fcq_t, fcq_a, fcq_p, fcq_c = [], [], [], []
    fc = np.flatnonzero(typ == TYPE["factcheck"])
    for ci in range(len(claims)):
        k = int(rng.integers(1, 3))
        tgt = rng.choice(seed_posts[ci], size=k)
        fcq_a.append(fc[_pick(rng, pop.popularity[fc], k)])
        fcq_p.append(tgt)
        fcq_t.append(np.maximum(first_debunk_t[ci] + rng.integers(0, 6 * _HOUR, k), o_t[tgt] + 60))
        fcq_c.append(np.full(k, ci))
    fcq_t_arr = np.minimum(np.concatenate(fcq_t), t_end - 1)
    n_fcq = min(len(fcq_t_arr), n_q)
    q_par = _pick(rng, o_appeal**0.8, n_q - n_fcq)
    q_par = np.r_[np.concatenate(fcq_p)[:n_fcq], q_par]
    q_act = _reaction_actors(rng, qa, pop, o_author[q_par], p_follow=0.55, cross=0.3)
    q_act[:n_fcq] = np.concatenate(fcq_a)[:n_fcq]
    q_t = react_times(rng, o_t[q_par], median_s=3600, sigma=1.6, t_start=t_start, t_end=t_end)
    q_t[:n_fcq] = np.maximum(fcq_t_arr[:n_fcq], o_t[q_par[:n_fcq]] + 1)
    q_topic, q_claim, q_role = _inherit(
        rng, pop, q_act, q_t, o_topic[q_par], o_claim[q_par], o_role[q_par], claim_fav
    )
    q_role[:n_fcq] = ROLE_DEBUNK
    seg.add(
        kind=QUOTE, author=q_act, t=q_t, api_parent=q_par, true_parent=q_par, topic=q_topic,
        claim=q_claim, role=q_role, appeal=appeal(rng, q_act, 0.6),
    )  # fmt: skip

    # ---- replies (threads up to three deep) ------------------------------------------------
    rng = r_reply
    ra = _Actors(rng, pop, g, REPLY)
    n1 = n_rep - round(0.2 * n_rep) - round(0.1 * n_rep)
    n2 = round(0.2 * n_rep)
    n3 = n_rep - n1 - n2
    all_author = np.r_[o_author, q_act]
    all_t = np.r_[o_t, q_t]
    all_topic = np.r_[o_topic, q_topic]
    all_claim = np.r_[o_claim, q_claim]
    all_role = np.r_[o_role, q_role]
    all_appeal = np.r_[o_appeal, seg.blocks[-1]["appeal"]]
    prev_idx = None
    for level, k in ((1, n1), (2, n2), (3, n3)):
        if k == 0:
            continue
        if level == 1 or prev_idx is None or not len(prev_idx):
            par = _pick(rng, all_appeal**0.7, k)
        else:
            par = prev_idx[_pick(rng, np.exp(rng.standard_normal(len(prev_idx))), k)]
        act = _reaction_actors(rng, ra, pop, all_author[par], p_follow=0.4, cross=0.55)
        tt = react_times(rng, all_t[par], median_s=1200, sigma=1.5, t_start=t_start, t_end=t_end)
        tp, cl, rl = _inherit(
            rng, pop, act, tt, all_topic[par], all_claim[par], all_role[par], claim_fav
        )
        ap = appeal(rng, act, 0.15)
        idx = seg.add(
            kind=REPLY, author=act, t=tt, api_parent=par, true_parent=par, topic=tp, claim=cl,
            role=rl, appeal=ap,
        )  # fmt: skip
        all_author = np.r_[all_author, act]
        all_t = np.r_[all_t, tt]
        all_topic = np.r_[all_topic, tp]
        all_claim = np.r_[all_claim, cl]
        all_role = np.r_[all_role, rl]
        all_appeal = np.r_[all_appeal, ap]
        prev_idx = idx

    # ---- retweets --------------------------------------------------------------------------
    n_pre = seg.n
    kinds_pre = seg.col("kind")
    parents_pre = seg.col("api_parent")
    rt = _retweets(
        r_rt,
        cfg,
        pop,
        g,
        n_rt=n_rt,
        n_pre=n_pre,
        author=all_author,
        t=all_t,
        kind=kinds_pre,
        appeal=all_appeal,
        claim=all_claim,
        role=all_role,
        claim_fav=claim_fav,
        unc_idx=unc_idx,
        referenced=parents_pre[parents_pre >= 0],
        t_start=t_start,
        t_end=t_end,
    )
    r_par, r_true, r_act, r_t = rt
    seg.add(
        kind=RT, author=r_act, t=r_t, api_parent=r_par, true_parent=r_true,
        topic=all_topic[r_par], claim=all_claim[r_par], role=all_role[r_par],
    )  # fmt: skip
    notes["squad_retweets"] = int(rt_squad_count(pop, r_act, all_author[r_par], r_t - all_t[r_par]))
    return _finish(r_misc, cfg, pop, g, seg, claim_ids, n_bursts, notes)


def rt_squad_count(pop: Population, actor: np.ndarray, author: np.ndarray, delay: np.ndarray):
    """Retweets by a buzzer of an official account of its camp within 2 minutes."""
    return (
        (pop.squad[actor] >= 0)
        & (pop.type[author] == TYPE["official"])
        & (pop.camp[actor] == pop.camp[author])
        & (delay <= 120)
    ).sum()


def _reaction_actors(
    rng: np.random.Generator,
    acts: _Actors,
    pop: Population,
    target_author: np.ndarray,
    *,
    p_follow: float,
    cross: float,
) -> np.ndarray:
    """Actors reacting to posts by ``target_author``: a follower with probability
    ``p_follow``, else someone from another camp with probability ``cross``, else the same
    camp; never the target's author."""
    k = len(target_author)
    out = np.full(k, -1, dtype=np.int64)
    fol = rng.random(k) < p_follow
    if fol.any():
        out[fol] = acts.followers_of(target_author[fol])
    rest = out < 0
    out[rest] = acts.from_pools(pop.camp[target_author[rest]], cross)
    for _ in range(10):
        same = np.flatnonzero(out == target_author)
        if not len(same):
            break
        out[same] = acts.from_pools(pop.camp[target_author[same]], cross)
    same = out == target_author
    out[same] = (out[same] + 1) % pop.n  # last resort, vanishingly rare
    return out


def _inherit(
    rng: np.random.Generator,
    pop: Population,
    actor: np.ndarray,
    t: np.ndarray,
    p_topic: np.ndarray,
    p_claim: np.ndarray,
    p_role: np.ndarray,
    claim_fav: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Topic, claim and role of quotes/replies from their target and the actor."""
    k = len(actor)
    own = _topics(rng, pop, actor, t)
    topic = np.where(rng.random(k) < 0.85, p_topic, own).astype(np.int16)
    claim = np.full(k, -1, dtype=np.int64)
    role = np.zeros(k, dtype=np.int64)
    has = p_claim >= 0
    if has.any():
        fav = claim_fav[np.maximum(p_claim, 0)]
        a_camp = pop.camp[actor]
        hub = np.isin(pop.type[actor], [TYPE["factcheck"], TYPE["institution"], TYPE["media"]])
        u = rng.random(k)
        in_fav = (fav >= 0) & (a_camp == fav)
        hoax_p = has & (p_role == ROLE_HOAX)
        deb_p = has & (p_role == ROLE_DEBUNK)
        # reacting to a hoax: the favoured camp spreads it, hubs and others often debunk
        r_hoax = hoax_p & ~hub & (in_fav | ((fav < 0) & (u < 0.5)))
        r_deb = hoax_p & ~r_hoax & (hub | (u < 0.55))
        # reacting to a debunk: others share it, the favoured camp mostly does not
        r_deb |= deb_p & ~in_fav & (u < 0.8)
        role[r_hoax] = ROLE_HOAX
        role[r_deb] = ROLE_DEBUNK
        claim[role > 0] = p_claim[role > 0]
        topic[role > 0] = p_topic[role > 0]
    return topic, claim, role


def _retweets(
    rng: np.random.Generator,
    cfg: SynthConfig,
    pop: Population,
    g: Follows,
    *,
    n_rt: int,
    n_pre: int,
    author: np.ndarray,
    t: np.ndarray,
    kind: np.ndarray,
    appeal: np.ndarray,
    claim: np.ndarray,
    role: np.ndarray,
    claim_fav: np.ndarray,
    unc_idx: np.ndarray,
    referenced: np.ndarray,
    t_start: int,
    t_end: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Retweet cascades: (api_parent, true_parent, actor, time) of each retweet."""
    A = pop.n
    acts = _Actors(rng, pop, g, RT)
    # -- squads retweet their camp's official posts within seconds
    budget = round(cfg.squad_retweet_share * n_rt)
    off_posts = np.flatnonzero(
        (pop.type[author] == TYPE["official"]) & (kind == ORIG) & (t >= t_start)
    )
    sq_par, sq_act = [], []
    if budget and len(off_posts) and pop.n_squads:
        sq_of = pop.squad
        members = [np.flatnonzero(sq_of == s) for s in range(pop.n_squads)]
        sq_camp = np.array([pop.camp[m[0]] for m in members])
        used = 0
        for p in rng.permutation(off_posts):
            cands = np.flatnonzero(sq_camp == pop.camp[author[p]])
            if not len(cands):
                continue
            mem = members[cands[rng.integers(len(cands))]]
            take = mem[: budget - used]
            sq_par.append(np.full(len(take), p))
            sq_act.append(take)
            used += len(take)
            if used >= budget:
                break
    if sq_par:
        sq_par_a = np.concatenate(sq_par)
        sq_act_a = np.concatenate(sq_act)
    else:
        sq_par_a = np.zeros(0, dtype=np.int64)
        sq_act_a = np.zeros(0, dtype=np.int64)
    sq_t = np.minimum(t[sq_par_a] + rng.integers(3, 90, len(sq_par_a)), t_end - 1)
    sq_t = np.maximum(sq_t, t[sq_par_a] + 1)
    n_casc = n_rt - len(sq_par_a)

    # -- cascade sizes: heavy-tailed by appeal; every unreferenced outside original gets one
    kind_f = np.array([1.0, 0.0, 0.6, 0.1])[kind]
    w = appeal * kind_f
    w[pop.type[author] == TYPE["scam"]] *= 0.2
    refd = np.zeros(n_pre, dtype=bool)
    refd[referenced] = True
    refd[sq_par_a] = True
    forced = unc_idx[~refd[unc_idx]]
    forced = forced[: max(0, n_casc)]
    size = np.zeros(n_pre, dtype=np.int64)
    size[forced] += 1
    rest = n_casc - len(forced)
    if rest > 0:
        size += rng.multinomial(rest, w / w.sum())
    cap = max(5, A // 5)
    for _ in range(20):
        over = size > cap
        if not over.any():
            break
        excess = int((size[over] - cap).sum())
        size[over] = cap
        w2 = np.where(size < cap, w, 0.0)
        size += rng.multinomial(excess, w2 / w2.sum())
    roots = np.flatnonzero(size)
    s = size[roots]
    m = int(s.sum())
    # -- the tree inside each cascade: node k (1..S) hangs on the root or an earlier node
    node_root = np.repeat(roots, s)
    start = np.repeat(np.cumsum(s) - s, s)
    k = np.arange(m) - start + 1
    direct = rng.random(m) < 0.55
    pk = np.where(direct, 0, (rng.random(m) * k).astype(np.int64))
    parent_node = np.where(pk == 0, -1, start + pk - 1)
    depth = np.ones(m, dtype=np.int64)
    has_p = parent_node >= 0
    for _ in range(200):
        new = depth.copy()
        new[has_p] = depth[parent_node[has_p]] + 1
        if (new == depth).all():
            break
        depth = new
    # -- preferences: hoaxes travel in the favoured camp, debunks away from it
    cl = claim[node_root]
    rl = role[node_root]
    fav = np.where(cl >= 0, claim_fav[np.maximum(cl, 0)], -1)
    root_camp = pop.camp[author[node_root]]

    def pref_for(nodes: np.ndarray, cand: np.ndarray) -> np.ndarray:
        cc = pop.camp[cand]
        p = np.where(cc == root_camp[nodes, None], 2.5, 1.0)
        f = fav[nodes, None]
        hoax = (rl[nodes, None] == ROLE_HOAX) & (f >= 0)
        deb = (rl[nodes, None] == ROLE_DEBUNK) & (f >= 0)
        p = np.where(hoax & (cc == f), p * 6.0, p)
        p = np.where(hoax & (pop.squad[cand] >= 0), p * 2.0, p)
        p = np.where(deb & (cc == f), p * 0.4, p)
        p = np.where(deb & (cc == CAMP["neutral"]), p * 2.0, p)
        return p

    acct = np.full(m, -1, dtype=np.int64)
    node_t = np.zeros(m, dtype=np.int64)
    fixed = np.sort(np.r_[node_root * A + author[node_root], sq_par_a * A + sq_act_a])
    for lvl in range(1, int(depth.max()) + 1 if m else 1):
        nodes = np.flatnonzero(depth == lvl)
        if not len(nodes):
            continue
        pa = np.where(
            parent_node[nodes] >= 0,
            acct[np.maximum(parent_node[nodes], 0)],
            author[node_root[nodes]],
        )
        pt = np.where(
            parent_node[nodes] >= 0, node_t[np.maximum(parent_node[nodes], 0)], t[node_root[nodes]]
        )
        node_t[nodes] = react_times(rng, pt, median_s=1500, sigma=1.8, t_start=t_start, t_end=t_end)
        todo = nodes
        src = pa
        for rnd in range(40):
            if rnd < 6:
                cand = _draw_followers(rng, acts, src, todo, pref_for)
                miss = cand < 0
                if miss.any():  # no follower: someone who follows the root's author
                    cand[miss] = _draw_followers(
                        rng, acts, author[node_root[todo[miss]]], todo[miss], pref_for
                    )
                miss = cand < 0
                if miss.any():
                    cand[miss] = acts.from_pools(root_camp[todo[miss]], 0.2)
            else:  # stubborn collisions: anyone active
                cand = acts._draw(acts.all_pool, len(todo))
            acct[todo] = cand
            key = node_root[todo] * A + cand
            pos = np.minimum(np.searchsorted(fixed, key), max(len(fixed) - 1, 0))
            clash = fixed[pos] == key if len(fixed) else np.zeros(len(key), dtype=bool)
            order = np.argsort(key, kind="stable")
            ks = key[order]
            dup_sorted = np.r_[False, ks[1:] == ks[:-1]]
            dup = np.zeros(len(todo), dtype=bool)
            dup[order[dup_sorted]] = True
            bad = clash | dup
            fixed = np.sort(np.r_[fixed, key[~bad]])
            todo, src = todo[bad], src[bad]
            if not len(todo):
                break
        if len(todo):
            raise RuntimeError("could not find distinct retweeters; population too small")
    true_par = np.where(parent_node >= 0, n_pre + len(sq_par_a) + parent_node, node_root)
    api_par = np.r_[sq_par_a, node_root]
    true_par = np.r_[sq_par_a, true_par]
    actor = np.r_[sq_act_a, acct]
    times = np.r_[sq_t, node_t]
    # a retweet comes after the retweet it was seen in
    return api_par, true_par, actor, times


def _draw_followers(rng, acts: _Actors, src: np.ndarray, nodes: np.ndarray, pref_for):
    k = len(src)
    out = np.full(k, -1, dtype=np.int64)
    deg = acts.indeg[src]
    has = np.flatnonzero(deg > 0)
    if not len(has):
        return out
    n_cand = 4
    r = (rng.random((len(has), n_cand)) * deg[has, None]).astype(np.int64)
    cand = acts.g.in_src[acts.g.in_ptr[src[has], None] + r].astype(np.int64)
    w = acts.w[cand]
    if pref_for is not None:
        w = w * pref_for(nodes[has], cand)
    cw = np.cumsum(w, axis=1)
    tot = cw[:, -1]
    ok = tot > 0
    u = rng.random(len(has)) * tot
    j = np.minimum((u[:, None] >= cw).sum(axis=1), n_cand - 1)
    pick = cand[np.arange(len(has)), j]
    out[has[ok]] = pick[ok]
    return out


def _finish(
    rng: np.random.Generator,
    cfg: SynthConfig,
    pop: Population,
    g: Follows,
    seg: _Segments,
    claim_ids: tuple[str, ...],
    n_bursts: int,
    notes: dict,
) -> Posts:
    """Mentions, media, chronological order, snowflake ids, roots, deletions, metrics."""
    i32 = np.int32
    kind = seg.col("kind").astype(np.int8)
    author = seg.col("author").astype(i32)
    t = seg.col("t").astype(np.int64)
    api = seg.col("api_parent").astype(i32)
    true = seg.col("true_parent").astype(i32)
    n = len(kind)
    # a reaction is later than its parents (true and API)
    for par in (api, true):
        has = par >= 0
        assert (t[has] > t[par[has]]).all(), "a reaction precedes its parent"
    # ---- mentions: a hub or an account the author follows
    mention = np.full(n, -1, dtype=i32)
    p_m = np.array([0.10, 0.0, 0.10, 0.03])[kind]
    want = np.flatnonzero(rng.random(n) < p_m)
    del p_m
    hubs = np.flatnonzero(
        np.isin(pop.type, [TYPE[x] for x in ("institution", "media", "official", "factcheck")])
    )
    use_hub = rng.random(len(want)) < 0.5
    mention[want[use_hub]] = hubs[_pick(rng, pop.popularity[hubs], int(use_hub.sum()))]
    fw = want[~use_hub]
    outdeg = np.diff(g.out_ptr)[author[fw]]
    ok = outdeg > 0
    r = (rng.random(len(fw)) * np.maximum(outdeg, 1)).astype(np.int64)
    mention[fw[ok]] = g.dst[g.out_ptr[author[fw[ok]]] + r[ok]]
    mention[mention == author] = -1
    role = seg.col("role").astype(np.int8)
    media = rng.random(n) < np.where(role > 0, 0.5, 0.08)
    media &= kind != RT
    # ---- chronological order and snowflake ids
    ms = t * 1000 + rng.integers(0, 1000, n)
    order = np.lexsort((np.arange(n), ms))
    inv = np.empty(n, dtype=i32)
    inv[order] = np.arange(n, dtype=i32)

    def remap(x: np.ndarray, order: np.ndarray, inv: np.ndarray) -> np.ndarray:
        x = x[order]
        return np.where(x >= 0, inv[np.maximum(x, 0)], -1).astype(i32)

    ms = ms[order]
    ids = ((ms - TWEPOCH_MS) << 22) | rng.integers(0, 1 << 22, n)
    del ms
    ramp = np.arange(n, dtype=np.int64)
    ids = np.maximum.accumulate(ids - ramp) + ramp  # strictly increasing
    del ramp
    kind, author, t = kind[order], author[order], t[order]
    api, true = remap(api, order, inv), remap(true, order, inv)
    mention, media, role = mention[order], media[order], role[order]
    topic = seg.col("topic").astype(np.int16)[order]
    claim = seg.col("claim").astype(np.int16)[order]
    burst = seg.col("burst").astype(i32)[order]
    collected = seg.col("collected")[order]
    seg.blocks.clear()
    del order, inv
    # roots (top of the API chain) and conversations (top of the reply chain)
    has = api >= 0
    root = np.where(has, api, np.arange(n, dtype=i32)).astype(i32)
    for _ in range(100):
        up = api[root] >= 0
        if not up.any():
            break
        root[up] = api[root[up]]
    conv = np.arange(n, dtype=i32)
    rep = kind == REPLY
    conv[rep] = api[rep]
    for _ in range(100):
        up = kind[conv] == REPLY
        if not up.any():
            break
        conv[up] = api[conv[up]]
    # ---- deleted originals: among the referenced ones outside the collection
    ref_orig = np.zeros(n, dtype=bool)
    ref_orig[api[collected & has]] = True
    ref_orig &= kind == ORIG
    cands = np.flatnonzero(ref_orig & ~collected)
    n_del = min(len(cands), round(cfg.deleted_share * int(ref_orig.sum())))
    if cfg.deleted_share > 0 and len(cands):
        n_del = max(n_del, 1)
    deleted = np.zeros(n, dtype=bool)
    if n_del:
        deleted[rng.choice(cands, n_del, replace=False)] = True
    del ref_orig, cands

    # ---- engagement as reported at collection time (the collection sees only part of it)
    def react_count(k: int, extra: float) -> np.ndarray:
        c = np.bincount(api[kind == k], minlength=n)
        return (c + (c * rng.uniform(0.0, extra, n)).astype(np.int64)).astype(i32)

    rt_c = react_count(RT, 0.4)
    q_c = react_count(QUOTE, 0.3)
    rep_c = react_count(REPLY, 0.4)
    reach = (g.in_degree()[author] + 1.0) ** 0.4
    like = (rt_c + q_c + rep_c) * np.exp(0.9 + 0.6 * rng.standard_normal(n))
    like = (like + rng.poisson(0.6 * reach)).astype(i32)
    del reach
    like[kind == RT] = 0
    return Posts(
        n=n,
        ids=ids,
        t=t,
        kind=kind,
        author=author,
        api_parent=api,
        true_parent=true,
        root=root,
        conv=conv,
        topic=topic,
        claim=claim,
        role=role,
        collected=collected,
        deleted=deleted,
        burst=burst,
        mention=mention,
        media=media,
        like_count=like,
        retweet_count=rt_c,
        quote_count=q_c,
        reply_count=rep_c,
        claim_ids=claim_ids,
        n_bursts=n_bursts,
        notes=notes,
    )
