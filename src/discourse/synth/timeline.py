"""The campaign calendar: phases, special days, the WITA daily rhythm, and time sampling.

The generator thinks in WITA (UTC+8, Asia/Makassar, no daylight saving) and stores seconds since
the Unix epoch in UTC, as the platforms do. Volume multipliers follow DOMAIN.md 6.7 (all [U]):

=====  =========================  ======================  ==================================
phase  name                       WITA days (2024)        relative daily volume
=====  =========================  ======================  ==================================
P0     coalition building         before 27 Aug           0.3 (only older, uncollected posts)
P1     registration, nomination   27 Aug – 24 Sep         0.6; number draw 23 Sep: 2
P2a    early campaign             25 Sep – 22 Oct         1.0
P2c    late campaign, debates     23 Oct – 23 Nov         1.5; debate nights 23 Oct, 3 Nov,
                                                          22 Nov: 5 (evening peak 20–23
                                                          WITA), the day after 2; rallies 1.8
P3     quiet period               24 – 26 Nov             1.2
P4     voting day                 27 Nov                  9, peaking 16–21 WITA (quick counts)
P5     count and tally            28 Nov – 9 Dec          2 decaying to 0.5; plenary 8–9 Dec
P6     dispute                    from 10 Dec             0.2
=====  =========================  ======================  ==================================

The daily rhythm (:data:`DIURNAL`, WITA hours) peaks 07–09, 12–13 and 19–23 and has its trough
01–05. Reactions (retweets, quotes, replies) follow their parent after a log-normal delay; one
that would fall at 01–05 WITA is usually put off to the next morning (people sleep).

Examples
--------
>>> t0, t1 = window("2024-11-27", "2024-11-27")
>>> t1 - t0
86400
>>> iso_utc(np.array([t0]))[0]  # 00:00 WITA is 16:00 UTC the day before
'2024-11-26T16:00:00.000Z'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from ..times import CAMPAIGN_PHASES

__all__ = [
    "DIURNAL",
    "EVENTS",
    "PHASES",
    "WITA_OFFSET",
    "Phase",
    "day_multipliers",
    "hour_weights",
    "iso_utc",
    "legacy_utc",
    "local_day",
    "local_hour",
    "phase_index",
    "react_times",
    "sample_times",
    "window",
]

#: Seconds to add to UTC to get WITA.
WITA_OFFSET = 8 * 3600
_DAY = 86_400


@dataclass(frozen=True)
class Phase:
    """A campaign phase: ``first`` and ``last`` are WITA dates (inclusive).

    Examples
    --------
    >>> p = PHASES[phase_index(np.array([window("2024-11-27", "2024-11-27")[0]]))[0]]
    >>> p.first <= "2024-11-27" <= p.last
    True
    """

    key: str
    name: str
    first: str
    last: str
    multiplier: float


#: Relative daily volume of each phase (DOMAIN 6.7, all [U]).
_MULTIPLIERS = {
    "P0": 0.3, "P1": 0.6, "P2a": 1.0, "P2c": 1.5, "P3": 1.2,
    "P4": 9.0, "P5": 2.0, "P6": 0.2, "P7": 0.3,
}  # fmt: skip

#: Contiguous phases of DOMAIN 6.7 (P2b, the debate nights, are :data:`EVENTS` inside P2c):
#: the dates of :data:`discourse.times.CAMPAIGN_PHASES` with the generator's volume multipliers.
PHASES: tuple[Phase, ...] = tuple(
    Phase(p.key, p.name, p.first, p.last, _MULTIPLIERS[p.key]) for p in CAMPAIGN_PHASES
)

#: Special days: WITA date → (daily multiplier, {WITA hour: extra weight within the day}, label).
#: The multiplier replaces the phase's, except for labels starting with "x" (then it multiplies).
EVENTS: dict[str, tuple[float, dict[int, float], str]] = {
    "2024-09-23": (2.0, {9: 2.0, 10: 2.5, 11: 2.0, 12: 1.5}, "number draw"),
    "2024-09-24": (1.0, {}, "peace declaration"),
    "2024-10-23": (5.0, {20: 4.0, 21: 5.0, 22: 4.0, 23: 2.0}, "debate 1"),
    "2024-10-24": (2.0, {}, "day after debate 1"),
    "2024-10-25": (1.8, {}, "blank-column banners removed"),
    "2024-11-03": (5.0, {20: 4.0, 21: 5.0, 22: 4.0, 23: 2.0}, "debate 2"),
    "2024-11-04": (2.0, {}, "day after debate 2"),
    "2024-11-15": (1.8, {}, "rally Tenggarong"),
    "2024-11-22": (5.0, {20: 4.0, 21: 5.0, 22: 4.0, 23: 2.0}, "debate 3"),
    "2024-11-23": (2.2, {}, "day after debate 3, final rally"),
    "2024-11-27": (
        9.0,
        {7: 1.6, 8: 1.6, 9: 1.5, 10: 1.3, 16: 3.0, 17: 3.2, 18: 3.0, 19: 3.0, 20: 2.6, 21: 2.2},
        "voting day",
    ),
    "2024-12-08": (1.5, {}, "x provincial plenary"),
    "2024-12-09": (1.5, {}, "x provincial plenary"),
}

#: Relative posting rate by WITA hour 0..23 [U]: peaks 07–09, 12–13, 19–23; trough 01–05.
DIURNAL = np.array(
    [
        0.55, 0.28, 0.16, 0.12, 0.16, 0.40, 0.85, 1.35, 1.45, 1.30, 1.10, 1.15,
        1.40, 1.35, 1.05, 1.00, 1.05, 1.10, 1.20, 1.55, 1.75, 1.80, 1.60, 1.05,
    ]
)  # fmt: skip


def _day(s: str) -> date:
    return date.fromisoformat(s)


def _epoch_wita(d: date) -> int:
    """UTC epoch seconds of 00:00 WITA on ``d``."""
    return int((datetime(d.year, d.month, d.day) - datetime(1970, 1, 1)).total_seconds()) - (
        WITA_OFFSET
    )


def window(start: str, end: str) -> tuple[int, int]:
    """UTC epoch seconds of 00:00 WITA on ``start`` and of 24:00 WITA on ``end``.

    Examples
    --------
    >>> t0, t1 = window("2024-08-27", "2024-12-10")
    >>> (t1 - t0) // 86400
    106
    """
    return _epoch_wita(_day(start)), _epoch_wita(_day(end)) + _DAY


def day_multipliers(start: str, end: str) -> np.ndarray:
    """Relative volume of each WITA day from ``start`` to ``end`` (inclusive).

    Examples
    --------
    >>> m = day_multipliers("2024-11-20", "2024-11-30")
    >>> int(np.argmax(m))  # 27 Nov, voting day
    7
    """
    d0, d1 = _day(start), _day(end)
    n = (d1 - d0).days + 1
    out = np.empty(n)
    count_first = _day("2024-11-28")
    for i in range(n):
        d = d0 + timedelta(days=i)
        iso = d.isoformat()
        m = PHASES[0].multiplier if d < _day(PHASES[0].first) else PHASES[-1].multiplier
        for p in PHASES:
            if _day(p.first) <= d <= _day(p.last):
                m = p.multiplier
                if p.key == "P5":  # 2 decaying to 0.5 over the tally
                    m = 2.0 * 0.25 ** ((d - count_first).days / 11.0)
                break
        if iso in EVENTS:
            mult, _, label = EVENTS[iso]
            m = m * mult if label.startswith("x ") else mult
        out[i] = m
    return out


def hour_weights(start: str, end: str) -> np.ndarray:
    """Relative volume of every WITA hour of the window (``n_days * 24`` values, day-major).

    Examples
    --------
    >>> w = hour_weights("2024-11-27", "2024-11-27")
    >>> int(np.argmax(w)) in range(16, 22)
    True
    """
    days = day_multipliers(start, end)
    w = np.outer(days, DIURNAL)
    d0 = _day(start)
    for iso, (_, boost, _) in EVENTS.items():
        i = (_day(iso) - d0).days
        if 0 <= i < len(days) and boost:
            row = w[i].copy()
            for h, f in boost.items():
                row[h] *= f
            w[i] = row * (w[i].sum() / row.sum())  # keep the day's total
    return w.ravel()


def sample_times(rng: np.random.Generator, n: int, start: str, end: str) -> np.ndarray:
    """``n`` UTC epoch seconds drawn from the window's hourly volume profile.

    Examples
    --------
    >>> t = sample_times(np.random.default_rng(0), 1000, "2024-11-27", "2024-11-27")
    >>> t0, t1 = window("2024-11-27", "2024-11-27")
    >>> bool(((t >= t0) & (t < t1)).all())
    True
    """
    w = hour_weights(start, end)
    cdf = np.cumsum(w)
    hours = np.minimum(np.searchsorted(cdf, rng.random(n) * cdf[-1], side="right"), len(w) - 1)
    t0, _ = window(start, end)
    return t0 + hours.astype(np.int64) * 3600 + rng.integers(0, 3600, n)


def local_hour(t: np.ndarray) -> np.ndarray:
    """WITA hour (0..23) of UTC epoch seconds.

    Examples
    --------
    >>> local_hour(np.array([1732677342])).tolist()  # 03:15 UTC is 11:15 WITA
    [11]
    """
    return ((np.asarray(t) + WITA_OFFSET) // 3600) % 24


def local_day(t: np.ndarray, start: str) -> np.ndarray:
    """WITA day index counted from ``start`` (0 = the first day of the window).

    Examples
    --------
    >>> t0, _ = window("2024-11-27", "2024-11-28")  # 00:00 WITA on the 27th
    >>> local_day(np.array([t0, t0 + 86399, t0 + 86400]), "2024-11-27").tolist()
    [0, 0, 1]
    """
    t0, _ = window(start, start)
    return (np.asarray(t) - t0) // _DAY


def phase_index(t: np.ndarray) -> np.ndarray:
    """Index into :data:`PHASES` of each UTC epoch second (by its WITA date).

    Examples
    --------
    >>> t0, _ = window("2024-11-27", "2024-11-27")
    >>> i = phase_index(np.array([t0]))[0]
    >>> PHASES[i].first <= "2024-11-27" <= PHASES[i].last
    True
    """
    bounds = np.array([_epoch_wita(_day(p.first)) for p in PHASES[1:]], dtype=np.int64)
    return np.searchsorted(bounds, np.asarray(t), side="right")


def react_times(
    rng: np.random.Generator,
    parent_t: np.ndarray,
    *,
    median_s: float,
    sigma: float,
    t_start: int,
    t_end: int,
    sleep: float = 0.8,
) -> np.ndarray:
    """Times of reactions to posts made at ``parent_t``: always later than the parent, inside
    ``[t_start, t_end)``, and mostly outside the night trough.

    A log-normal delay (median ``median_s`` seconds, log-sd ``sigma``) is added to the parent's
    time (for parents older than the window, to an exponential time, mean three days, after the
    window start); a reaction landing at
    01–05 WITA is put off to 06–09 WITA with probability ``sleep``; one that would fall after
    ``t_end`` is drawn uniformly between its parent and ``t_end``.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> p = np.full(5, 1_732_680_000)
    >>> r = react_times(rng, p, median_s=600, sigma=1.0, t_start=0, t_end=2_000_000_000)
    >>> bool((r > p).all())
    True
    """
    parent_t = np.asarray(parent_t, dtype=np.int64)
    n = len(parent_t)
    # parents older than the window: their reactions in the window thin out over days
    late_start = t_start + rng.exponential(3 * _DAY, n).astype(np.int64)
    base = np.where(parent_t < t_start, late_start, parent_t)
    delay = np.exp(np.log(median_s) + sigma * rng.standard_normal(n))
    t = base + np.maximum(delay, 1.0).astype(np.int64)
    h = local_hour(t)
    night = (h >= 1) & (h <= 5) & (rng.random(n) < sleep)
    if night.any():
        k = int(night.sum())
        local_midnight = ((t[night] + WITA_OFFSET) // _DAY) * _DAY - WITA_OFFSET
        t[night] = local_midnight + 6 * 3600 + rng.integers(0, 3 * 3600, k)
    t = np.maximum(t, parent_t + 1)
    late = t >= t_end
    if late.any():
        lo = np.maximum(parent_t[late], t_start)
        span = np.maximum(t_end - 1 - lo, 1)
        t[late] = lo + 1 + (rng.random(int(late.sum())) * span).astype(np.int64)
        t[late] = np.maximum(t[late], parent_t[late] + 1)
    return t


def iso_utc(t: np.ndarray) -> list[str]:
    """API v2 ``created_at`` strings (``2024-11-27T03:15:42.000Z``) of UTC epoch seconds.

    Examples
    --------
    >>> iso_utc(np.array([1732677342]))
    ['2024-11-27T03:15:42.000Z']
    """
    s = np.datetime_as_string(np.asarray(t, dtype="datetime64[s]"), unit="s")
    return [x + ".000Z" for x in s.tolist()]


_WDAY = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MON = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def legacy_utc(t: np.ndarray) -> list[str]:
    """X legacy dates (``Wed Nov 27 03:15:42 +0000 2024``) of UTC epoch seconds.

    Examples
    --------
    >>> legacy_utc(np.array([1732677342]))
    ['Wed Nov 27 03:15:42 +0000 2024']
    """
    t = np.asarray(t, dtype=np.int64)
    days = t // _DAY
    wday = (days + 3) % 7  # 1970-01-01 was a Thursday
    d64 = days.astype("datetime64[D]")
    ymd = np.datetime_as_string(d64, unit="D").tolist()
    sod = t - days * _DAY
    hh, mm, ss = sod // 3600, (sod // 60) % 60, sod % 60
    out = []
    for k, s in enumerate(ymd):
        y, m, d = s.split("-")
        out.append(
            f"{_WDAY[wday[k]]} {_MON[int(m) - 1]} {d} {hh[k]:02d}:{mm[k]:02d}:{ss[k]:02d} +0000 {y}"
        )
    return out
