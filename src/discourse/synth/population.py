"""The synthetic population: accounts (type, camp, region, activity, squads) and who follows whom.

Account types and proportions follow DOMAIN.md 6.2 (all [U]): per 100 accounts about 70
ordinary citizens, 8 supporters of pair 01, 9 of pair 02, 3 buzzers (in squads of 10–40), 1.5
media, 1 influencer, 0.5 blank-column (kotak kosong) activists, 0.5 scam accounts, and a few
official campaign, institution and fact-check accounts. Their share of *posts* differs
(:data:`POST_SHARE`): buzzers are 3 % of accounts but 15 % of posts.

Camps (``lexicon.CAMPS``): citizens take a camp by region, with the 01/02 split following the
official result per regency/city (DOMAIN 1.2) sharpened so that Samarinda leans 01 and
Balikpapan, Kukar and PPU lean 02; blank-column (``kk``) accounts live only in Samarinda.

Handles are fictional and say what the account is (``warga_smd_0412``, ``relawan_dua_0207``,
``buzz_a_0012``); the public-actor stand-ins of ``lexicon.PUBLIC_ACTORS`` (``*_demo``, listed
in ``discourse/data/public_actors.csv``) author the posts of a few official, institution, media
and fact-check accounts. Real names never author a post.

The follower graph is directed (follower → followee), built with numpy only: each account
follows a log-normal number of accounts; a follow goes to a media/institution/fact-check hub with
probability ``hub_follow_share``, else to the follower's own camp with probability
``homophily``, else to anyone; inside the chosen pool the followee is drawn by popularity
(heavy-tailed). Buzzers follow their whole squad and their camp's official accounts.

Examples
--------
>>> import numpy as np
>>> pop = build_population(np.random.default_rng(0), 1000)
>>> pop.n, sorted(set(pop.type_name()))[:3]
(1000, ['buzzer', 'citizen', 'factcheck'])
>>> bool(all(FICTIONAL_HANDLE.match(h) for h in pop.handles[pop.type == TYPE["citizen"]]))
True
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import numpy as np

from . import lexicon

__all__ = [
    "CAMP",
    "FICTIONAL_HANDLE",
    "KIND_PROPENSITY",
    "POST_SHARE",
    "REGIONS",
    "TYPE",
    "TYPES",
    "Follows",
    "Population",
    "build_follows",
    "build_population",
]

TYPES: tuple[str, ...] = tuple(lexicon.ACCOUNT_TYPES)
TYPE = {t: i for i, t in enumerate(TYPES)}
CAMPS: tuple[str, ...] = tuple(lexicon.CAMPS)
CAMP = {c: i for i, c in enumerate(CAMPS)}

#: Regions: (name, handle code, population-like weight of X accounts [U], two-party share of 01
#: in the official result, DOMAIN 1.2 [V]).
REGIONS: tuple[tuple[str, str, float, float], ...] = (
    ("Samarinda", "smd", 0.25, 182_183 / (182_183 + 170_623)),
    ("Balikpapan", "bpp", 0.21, 126_905 / (126_905 + 172_057)),
    ("Kutai Kartanegara", "kkr", 0.17, 156_428 / (156_428 + 214_112)),
    ("Kutai Timur", "ktm", 0.09, 94_685 / (94_685 + 99_941)),
    ("Bontang", "btg", 0.06, 33_701 / (33_701 + 60_795)),
    ("Paser", "psr", 0.06, 56_619 / (56_619 + 78_308)),
    ("Berau", "brw", 0.06, 51_680 / (51_680 + 75_684)),
    ("Penajam Paser Utara", "ppu", 0.05, 34_943 / (34_943 + 67_259)),
    ("Kutai Barat", "kbr", 0.04, 45_370 / (45_370 + 47_010)),
    ("Mahakam Ulu", "mhu", 0.01, 11_279 / (11_279 + 10_610)),
)
_REGION_W = np.array([r[2] for r in REGIONS])
_REGION_W = _REGION_W / _REGION_W.sum()
# 01's share among partisans, sharpened around 0.5 so regional leans show in small corpora
_LEAN01 = np.clip(0.5 + 2.5 * (np.array([r[3] for r in REGIONS]) - 0.5), 0.1, 0.9)
_SMD = 0

#: Share of accounts by type (DOMAIN 6.2, [U]); supporters are split 8 : 9 between 01 and 02.
ACCOUNT_SHARE: dict[str, float] = {
    "citizen": 0.70,
    "supporter": 0.17,
    "buzzer": 0.03,
    "official": 0.002,
    "institution": 0.002,
    "media": 0.015,
    "factcheck": 0.001,
    "influencer": 0.01,
    "kk_activist": 0.005,
    "scam": 0.005,
}
#: Minimum number of accounts per type (small corpora still hold every type and stand-in).
_MIN_COUNT = {
    "official": 4,
    "institution": 7,
    "media": 6,
    "factcheck": 3,
    "influencer": 4,
    "kk_activist": 4,
    "scam": 3,
    "buzzer": 20,
}
_MAX_COUNT = {"official": 40}  # KPU Kaltim: at most 20 registered accounts per pair [V]

#: Share of posts by type (DOMAIN 6.2, [U]): activity is normalised to these.
POST_SHARE: dict[str, float] = {
    "citizen": 0.40,
    "supporter": 0.30,
    "buzzer": 0.15,
    "official": 0.02,
    "institution": 0.02,
    "media": 0.06,
    "factcheck": 0.01,
    "influencer": 0.03,
    "kk_activist": 0.01,
    "scam": 0.005,
}

#: Relative propensity of each type for (original, retweet, quote, reply) [U]. Citizens mostly
#: reply and quote; buzzers retweet; media, institutions and officials post originals.
KIND_PROPENSITY: dict[str, tuple[float, float, float, float]] = {
    "citizen": (0.18, 0.40, 0.14, 0.28),
    "supporter": (0.22, 0.50, 0.11, 0.17),
    "buzzer": (0.20, 0.50, 0.04, 0.04),
    "official": (0.75, 0.15, 0.05, 0.05),
    "institution": (0.80, 0.08, 0.06, 0.06),
    "media": (0.85, 0.05, 0.06, 0.04),
    "factcheck": (0.55, 0.10, 0.30, 0.05),
    "influencer": (0.40, 0.20, 0.25, 0.15),
    "kk_activist": (0.35, 0.35, 0.10, 0.20),
    "scam": (0.90, 0.0, 0.0, 0.10),
}

#: Popularity (how likely to be followed) by type, times a log-normal individual factor.
_POPULARITY = {
    "citizen": 1.0,
    "supporter": 1.6,
    "buzzer": 0.5,
    "official": 60.0,
    "institution": 50.0,
    "media": 40.0,
    "factcheck": 25.0,
    "influencer": 20.0,
    "kk_activist": 3.0,
    "scam": 0.1,
}
#: Out-degree (how many accounts one follows) by type, relative.
_FOLLOWING = {
    "citizen": 1.0,
    "supporter": 1.3,
    "buzzer": 2.0,
    "official": 0.5,
    "institution": 0.3,
    "media": 0.4,
    "factcheck": 0.5,
    "influencer": 1.5,
    "kk_activist": 1.2,
    "scam": 0.3,
}
HUB_TYPES = ("institution", "media", "factcheck")

#: Handles of ordinary (non-stand-in) accounts all match this: prefix, optional region code,
#: number. Public-actor stand-ins end in ``_demo`` instead.
FICTIONAL_HANDLE = re.compile(
    r"^(warga|urang|bubuhan|netizen|pemilih|anak|relawan_satu|relawan_dua|buzz_a|buzz_b|"
    r"tim_satu_resmi|tim_dua_resmi|instansi|kabar|info|cekfakta_mitra|pengamat|aktivis|"
    r"akademisi|kolomkosong|bagi2_rezeki|hadiah_cagub)(_[a-z]{3})?_\d{2,7}$"
)
_CITIZEN_PREFIX = ("warga", "urang", "bubuhan", "netizen", "pemilih", "anak")
_CITIZEN_PREFIX_W = np.array([0.4, 0.12, 0.1, 0.14, 0.12, 0.12])

TWEPOCH_MS = 1_288_834_974_657


@dataclass
class Population:
    """Accounts as parallel arrays (index = account number).

    Attributes
    ----------
    n : int
    ids : numpy.ndarray of int64
        19-digit snowflake-like account ids (from the creation time).
    handles : numpy.ndarray of str (object)
    type, camp, region : numpy.ndarray of int8
        Indices into :data:`TYPES`, ``lexicon.CAMPS`` and :data:`REGIONS`.
    squad : numpy.ndarray of int32
        Buzzer squad number, -1 for other accounts.
    activity : numpy.ndarray of float64
        Heavy-tailed posting rate, normalised so that each type's total is its post share.
    popularity : numpy.ndarray of float64
        Heavy-tailed attractiveness as a followee.
    created_ms : numpy.ndarray of int64
        Account creation time (UTC epoch milliseconds).
    public_actor : numpy.ndarray of bool
        The account is a labelled public-actor stand-in.
    names : list of str
        Display names.

    Examples
    --------
    >>> import numpy as np
    >>> pop = build_population(np.random.default_rng(0), 300)
    >>> pop.n, len(pop.handles) == len(set(pop.handles)) == 300
    (300, True)
    """

    n: int
    ids: np.ndarray
    handles: np.ndarray
    type: np.ndarray
    camp: np.ndarray
    region: np.ndarray
    squad: np.ndarray
    activity: np.ndarray
    popularity: np.ndarray
    created_ms: np.ndarray
    public_actor: np.ndarray
    names: list[str]
    n_squads: int

    def type_name(self) -> np.ndarray:
        """Type names per account."""
        return np.array(TYPES, dtype=object)[self.type]

    def camp_name(self) -> np.ndarray:
        """Camp names per account."""
        return np.array(CAMPS, dtype=object)[self.camp]

    def region_name(self) -> np.ndarray:
        """Region names per account."""
        return np.array([r[0] for r in REGIONS], dtype=object)[self.region]

    def kind_weight(self, kind: int) -> np.ndarray:
        """Weight of each account as author of a post of ``kind`` (0 original, 1 retweet,
        2 quote, 3 reply): activity times the type's propensity for that kind."""
        prop = np.array([KIND_PROPENSITY[t][kind] for t in TYPES])
        return self.activity * prop[self.type]


def _counts(n: int) -> dict[str, int]:
    total = sum(ACCOUNT_SHARE.values())
    out = {}
    for t in TYPES:
        if t == "citizen":
            continue
        k = round(n * ACCOUNT_SHARE[t] / total)
        k = max(k, _MIN_COUNT.get(t, 1))
        out[t] = min(k, _MAX_COUNT.get(t, k))
    out["citizen"] = n - sum(out.values())
    if out["citizen"] < n // 2:
        raise ValueError(f"population of {n} accounts is too small")
    return {t: out[t] for t in TYPES}


def _numbers(rng: np.random.Generator, k: int) -> list[str]:
    """``k`` distinct zero-padded numbers (4 digits, more when needed)."""
    top = max(10_000, 3 * k)
    width = len(str(top - 1))
    nums = rng.permutation(top)[:k]
    return [str(x).zfill(max(4, width)) for x in nums.tolist()]


def _stand_ins() -> dict[str, list[tuple[str, str, str]]]:
    """Public-actor stand-ins by account type: (handle, camp, display name)."""
    import csv

    from ..privacy import default_allowlist_path

    names = {}
    with open(default_allowlist_path(), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            names[row["handle"].lower()] = row["name"]
    out: dict[str, list[tuple[str, str, str]]] = {t: [] for t in TYPES}
    for role, handles in lexicon.PUBLIC_ACTORS.items():
        for h in (handles,) if isinstance(handles, str) else tuple(handles):
            name = names.get(h.lower(), h)
            if role.startswith("official"):
                camp = "01" if role.endswith("01") else "02"
                out["official"].append((h, camp, name))
            elif role == "factcheck":
                out["factcheck"].append((h, "neutral", name))
            elif role == "media":
                out["media"].append((h, "neutral", name))
            else:
                out["institution"].append((h, "neutral", name))
    return out


_FIRST = (
    "Andi Budi Rina Siti Dewi Ahmad Rizky Putri Nur Fajar Dian Eka Yusuf Hendra Wahyu Agus "
    "Indah Ayu Bayu Dimas Fitri Galih Hasan Irfan Joko Kiki Lina Maya Nanda Rahmat Syarif Tari "
    "Udin Wulan Yanti Zainal Novi Arif Bella Citra Dedi Erna Gita Iwan Jamal Khairul Mega Nisa"
).split()
_LAST = (
    "Saputra Pratama Wijaya Lestari Hidayat Nugroho Rahman Kurniawan Setiawan Maulana Permata "
    "Ramadhan Handayani Anwar Gunawan Utami Syahrani Noor Aini Fauzi"
).split()


def build_population(
    rng: np.random.Generator, n: int, *, buzzer_squads: int | None = None
) -> Population:
    """Draw ``n`` accounts (types, camps, regions, handles, activity, squads).

    Parameters
    ----------
    rng : numpy.random.Generator
    n : int
        Number of accounts (at least a few hundred, so that every type is present).
    buzzer_squads : int, optional
        Number of squads; default: squads of 10–40 until the buzzers are used.

    Returns
    -------
    Population

    Examples
    --------
    >>> pop = build_population(np.random.default_rng(1), 2000)
    >>> int((pop.squad >= 0).sum()) == int((pop.type == TYPE["buzzer"]).sum())
    True
    """
    counts = _counts(n)
    stand = _stand_ins()
    typ = np.concatenate([np.full(counts[t], TYPE[t], dtype=np.int8) for t in TYPES])
    camp = np.full(n, CAMP["neutral"], dtype=np.int8)
    region = np.zeros(n, dtype=np.int8)
    squad = np.full(n, -1, dtype=np.int32)
    handles = np.empty(n, dtype=object)
    names: list[str] = [""] * n
    public = np.zeros(n, dtype=bool)
    reg_codes = [r[1] for r in REGIONS]
    reg_names = [r[0] for r in REGIONS]
    nreg = len(REGIONS)

    def person_name(i: int) -> str:
        return f"{_FIRST[rng.integers(len(_FIRST))]} {_LAST[rng.integers(len(_LAST))]}"

    start = {}
    pos = 0
    for t in TYPES:
        start[t] = pos
        pos += counts[t]

    # ---- citizens: region, then camp by the region's lean
    lo, k = start["citizen"], counts["citizen"]
    reg = rng.choice(nreg, size=k, p=_REGION_W).astype(np.int8)
    partisan = 0.62
    p01 = partisan * _LEAN01[reg]
    p02 = partisan * (1 - _LEAN01[reg])
    pkk = np.where(reg == _SMD, 0.05, 0.0)
    u = rng.random(k)
    c = np.full(k, CAMP["neutral"], dtype=np.int8)
    c[u < p01] = CAMP["01"]
    c[(u >= p01) & (u < p01 + p02)] = CAMP["02"]
    c[(u >= p01 + p02) & (u < p01 + p02 + pkk)] = CAMP["kk"]
    region[lo : lo + k], camp[lo : lo + k] = reg, c
    pref = rng.choice(len(_CITIZEN_PREFIX), size=k, p=_CITIZEN_PREFIX_W / _CITIZEN_PREFIX_W.sum())
    nums = _numbers(rng, k)
    for j in range(k):
        handles[lo + j] = f"{_CITIZEN_PREFIX[pref[j]]}_{reg_codes[reg[j]]}_{nums[j]}"
        names[lo + j] = person_name(j)

    def region_for(camp_name: str, size: int) -> np.ndarray:
        lean = _LEAN01 if camp_name == "01" else 1 - _LEAN01
        w = _REGION_W * lean
        return rng.choice(nreg, size=size, p=w / w.sum()).astype(np.int8)

    # ---- supporters: 8 : 9 between 01 and 02
    lo, k = start["supporter"], counts["supporter"]
    is01 = rng.random(k) < 8 / 17
    nums = _numbers(rng, k)
    for j in range(k):
        cn = "01" if is01[j] else "02"
        camp[lo + j] = CAMP[cn]
        handles[lo + j] = ("relawan_satu_" if is01[j] else "relawan_dua_") + nums[j]
        names[lo + j] = person_name(j) + (" | 01" if is01[j] else " | 02")
    region[lo : lo + k] = np.where(is01, region_for("01", k), region_for("02", k))

    # ---- buzzers in squads of 10-40
    lo, k = start["buzzer"], counts["buzzer"]
    if buzzer_squads:
        n_sq = max(1, min(int(buzzer_squads), k))
        sizes = np.full(n_sq, k // n_sq)
        sizes[: k % n_sq] += 1
    else:
        sizes_l: list[int] = []
        left = k
        while left > 0:
            s = int(rng.integers(10, 41))
            if left - s < 10:
                s = left
            sizes_l.append(s)
            left -= s
        sizes = np.array(sizes_l)
        n_sq = len(sizes)
    sq = np.repeat(np.arange(n_sq, dtype=np.int32), sizes)
    sq_camp = np.where(rng.random(n_sq) < 0.45, CAMP["01"], CAMP["02"]).astype(np.int8)
    if n_sq >= 2:  # both camps have squads
        sq_camp[0], sq_camp[1] = CAMP["01"], CAMP["02"]
    squad[lo : lo + k] = sq
    camp[lo : lo + k] = sq_camp[sq]
    region[lo : lo + k] = rng.choice([0, 1, 2], size=k, p=[0.5, 0.3, 0.2])
    nums = _numbers(rng, k)
    for j in range(k):
        handles[lo + j] = ("buzz_a_" if camp[lo + j] == CAMP["01"] else "buzz_b_") + nums[j]
        names[lo + j] = person_name(j)

    # ---- officials: the two stand-ins, then fictional team accounts, half per pair
    lo, k = start["official"], counts["official"]
    j = 0
    for h, cn, nm in stand["official"]:
        handles[lo + j], camp[lo + j], names[lo + j], public[lo + j] = h, CAMP[cn], nm, True
        j += 1
    team = {"01": 0, "02": 0}
    while j < k:
        cn = "01" if j % 2 == 0 else "02"
        team[cn] += 1
        word = "satu" if cn == "01" else "dua"
        handles[lo + j] = f"tim_{word}_resmi_{team[cn]:02d}"
        camp[lo + j] = CAMP[cn]
        names[lo + j] = f"Tim Kampanye Paslon {cn} #{team[cn]} (fiktif)"
        j += 1
    region[lo : lo + k] = _SMD

    # ---- institutions, media, fact-checkers: stand-ins first, then fictional regional ones
    def hubs(t: str, fict: list[tuple[str, str]]) -> None:
        lo, k = start[t], counts[t]
        j = 0
        for h, _, nm in stand[t][:k]:
            handles[lo + j], names[lo + j], public[lo + j] = h, nm, True
            j += 1
        m = k - j
        if m > 0:
            reg = rng.choice(nreg, size=m, p=_REGION_W).astype(np.int8)
            nums = _numbers(rng, m)
            for q in range(m):
                prefix, label = fict[q % len(fict)]
                handles[lo + j + q] = f"{prefix}_{reg_codes[reg[q]]}_{nums[q]}"
                names[lo + j + q] = f"{label} {reg_names[reg[q]]} (fiktif)"
            region[lo + j : lo + k] = reg

    hubs("institution", [("instansi", "Info Instansi")])
    hubs("media", [("kabar", "Kabar"), ("info", "Info")])
    hubs("factcheck", [("cekfakta_mitra", "Mitra Cek Fakta")])

    # ---- influencers: mostly neutral
    lo, k = start["influencer"], counts["influencer"]
    u = rng.random(k)
    camp[lo : lo + k] = np.where(
        u < 0.6, CAMP["neutral"], np.where(u < 0.8, CAMP["01"], CAMP["02"])
    )
    region[lo : lo + k] = rng.choice(nreg, size=k, p=_REGION_W)
    nums = _numbers(rng, k)
    kinds = ("pengamat", "aktivis", "akademisi")
    for j in range(k):
        handles[lo + j] = f"{kinds[j % 3]}_{nums[j]}"
        names[lo + j] = person_name(j)

    # ---- blank-column activists (Samarinda) and scam accounts
    lo, k = start["kk_activist"], counts["kk_activist"]
    camp[lo : lo + k], region[lo : lo + k] = CAMP["kk"], _SMD
    nums = _numbers(rng, k)
    for j in range(k):
        handles[lo + j] = f"kolomkosong_smd_{nums[j]}"
        names[lo + j] = "Relawan Kolom Kosong"
    lo, k = start["scam"], counts["scam"]
    nums = _numbers(rng, k)
    region[lo : lo + k] = rng.choice(nreg, size=k, p=_REGION_W)
    for j in range(k):
        handles[lo + j] = ("bagi2_rezeki_" if j % 2 == 0 else "hadiah_cagub_") + nums[j]
        names[lo + j] = "Bagi Rezeki Pilkada"

    # ---- activity (heavy-tailed, normalised per type to its post share) and popularity
    act = np.exp(1.4 * rng.standard_normal(n))
    for t in TYPES:
        m = typ == TYPE[t]
        if m.any():
            act[m] *= POST_SHARE[t] / act[m].sum()
    act /= act.sum()
    pop_type = np.array([_POPULARITY[t] for t in TYPES])
    popularity = np.exp(1.2 * rng.standard_normal(n)) * pop_type[typ] * (act * n) ** 0.3

    # ---- creation times: buzzers and scams are new accounts
    ms = _ms
    created = ms("2018-06-01") + (rng.beta(2.0, 1.4, n) * (ms("2024-06-01") - ms("2018-06-01")))
    created = created.astype(np.int64)
    for t, a, b in (("buzzer", "2024-03-01", "2024-08-20"), ("scam", "2024-08-01", "2024-08-25")):
        m = typ == TYPE[t]
        created[m] = ms(a) + (rng.random(int(m.sum())) * (ms(b) - ms(a))).astype(np.int64)
    ids = ((created - TWEPOCH_MS) << 22) | rng.integers(0, 1 << 22, n)
    if len(np.unique(ids)) != n:  # astronomically rare; the index as low bits is unique
        ids = ((created - TWEPOCH_MS) << 22) | (np.arange(n) & ((1 << 22) - 1))
    return Population(
        n=n,
        ids=ids,
        handles=handles,
        type=typ,
        camp=camp,
        region=region,
        squad=squad,
        activity=act,
        popularity=popularity,
        created_ms=created,
        public_actor=public,
        names=names,
        n_squads=int(n_sq),
    )


def _ms(iso: str) -> int:
    return int(np.datetime64(iso, "ms").astype(np.int64))


@dataclass
class Follows:
    """The follower graph as two CSR views.

    ``src``/``dst`` are the edges (follower → followee) sorted by follower then followee;
    ``out_ptr`` indexes ``dst`` by follower; ``in_ptr``/``in_src`` list each account's followers.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> g = build_follows(rng, build_population(rng, 300), homophily=0.85)
    >>> int(g.out_degree().sum()) == int(g.in_degree().sum()) == g.n_edges
    True
    """

    src: np.ndarray
    dst: np.ndarray
    out_ptr: np.ndarray
    in_ptr: np.ndarray
    in_src: np.ndarray

    @property
    def n_edges(self) -> int:
        return len(self.src)

    def in_degree(self) -> np.ndarray:
        return np.diff(self.in_ptr)

    def out_degree(self) -> np.ndarray:
        return np.diff(self.out_ptr)


def _pick(rng: np.random.Generator, pool: np.ndarray, w: np.ndarray, k: int) -> np.ndarray:
    """``k`` draws from ``pool`` with probability proportional to ``w``."""
    cdf = np.cumsum(w)
    j = np.searchsorted(cdf, rng.random(k) * cdf[-1], side="right")
    return pool[np.minimum(j, len(pool) - 1)]


def build_follows(
    rng: np.random.Generator,
    pop: Population,
    *,
    homophily: float,
    mean_following: float = 40.0,
    hub_share: float = 0.08,
) -> Follows:
    """Draw the follower graph (vectorised; see the module docstring).

    Examples
    --------
    >>> pop = build_population(np.random.default_rng(0), 1000)
    >>> g = build_follows(np.random.default_rng(1), pop, homophily=1.0, hub_share=0.0)
    >>> same = pop.camp[g.src] == pop.camp[g.dst]
    >>> float(same.mean()) > 0.9
    True
    """
    n = pop.n
    ftype = np.array([_FOLLOWING[t] for t in TYPES])[pop.type]
    deg = np.exp(np.log(20.0) + 0.9 * rng.standard_normal(n)) * ftype
    deg *= mean_following / deg.mean()
    deg = np.clip(np.round(deg), 2, max(2, min(2000, n // 3))).astype(np.int64)
    w = pop.popularity
    hub_pool = np.flatnonzero(np.isin(pop.type, [TYPE[t] for t in HUB_TYPES]))
    pools = [(hub_pool, np.cumsum(w[hub_pool])), (np.arange(n), np.cumsum(w))]
    for c in range(len(CAMPS)):
        pool = np.flatnonzero(pop.camp == c)
        pools.append((pool, np.cumsum(w[pool])))

    def draw(which: int, k: int) -> np.ndarray:
        pool, cdf = pools[which]
        if not len(pool):
            pool, cdf = pools[1]
        j = np.searchsorted(cdf, rng.random(k) * cdf[-1], side="right")
        return pool[np.minimum(j, len(pool) - 1)]

    keys = []
    block = 16_384  # followers per block: bounded temporaries
    for b0 in range(0, n, block):
        b1 = min(n, b0 + block)
        src = np.repeat(np.arange(b0, b1, dtype=np.int64), deg[b0:b1])
        u = rng.random(len(src))
        # mode: 0 hub, 1 anyone, 2 + camp: own camp
        mode = np.where(u < hub_share, 0, 1)
        own = (u >= hub_share) & (u < hub_share + (1 - hub_share) * homophily)
        mode[own] = 2 + pop.camp[src[own]]
        dst = np.empty(len(src), dtype=np.int64)
        for m in range(len(pools)):
            sel = mode == m
            if sel.any():
                dst[sel] = draw(m, int(sel.sum()))
        keys.append(src * n + dst)
    # squads follow each other and their camp's official accounts
    buzz = np.flatnonzero(pop.squad >= 0)
    if len(buzz):
        order = buzz[np.argsort(pop.squad[buzz], kind="stable")]
        sq = pop.squad[order]
        bounds = np.r_[0, np.flatnonzero(np.diff(sq)) + 1, len(order)]
        for a, b in itertools.pairwise(bounds):
            mem = order[a:b].astype(np.int64)
            keys.append(np.repeat(mem, len(mem)) * n + np.tile(mem, len(mem)))
        off = np.flatnonzero(pop.type == TYPE["official"])
        for c in (CAMP["01"], CAMP["02"]):
            mem = buzz[pop.camp[buzz] == c].astype(np.int64)
            o = off[pop.camp[off] == c]
            keys.append(np.repeat(mem, len(o)) * n + np.tile(o, len(mem)))
    key = np.concatenate(keys)
    del keys
    key.sort()
    keep = np.empty(len(key), dtype=bool)
    keep[0] = True
    np.not_equal(key[1:], key[:-1], out=keep[1:])
    keep &= (key // n) != (key % n)  # no self-follows
    key = key[keep]
    del keep
    src = (key // n).astype(np.int32)
    dst = (key % n).astype(np.int32)
    del key
    out_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=out_ptr[1:])
    order = np.argsort(dst, kind="stable")
    in_src = src[order]
    in_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(dst, minlength=n), out=in_ptr[1:])
    return Follows(src=src, dst=dst, out_ptr=out_ptr, in_ptr=in_ptr, in_src=in_src)
