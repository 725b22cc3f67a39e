"""Time zones: timestamps are stored in UTC and shown in WITA (``Asia/Makassar``, UTC+8).

East Kalimantan runs on Waktu Indonesia Tengah. Every table stores ``created_at`` in UTC, as the
platforms do; figures and daily counts use WITA so that a "day" is a Kaltim day.

Examples
--------
>>> import pandas as pd
>>> s = pd.Series(pd.to_datetime(["2024-11-26T17:30:00Z"]))
>>> to_wita(s).dt.strftime("%Y-%m-%d %H:%M").tolist()
['2024-11-27 01:30']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

#: The IANA zone of East Kalimantan.
WITA = "Asia/Makassar"


def to_wita(times: pd.Series | pd.DatetimeIndex) -> pd.Series | pd.DatetimeIndex:
    """Convert UTC (or any aware) timestamps to WITA.

    Parameters
    ----------
    times : pandas.Series or DatetimeIndex
        Timezone-aware timestamps. Naive timestamps are refused: their zone is unknown.

    Returns
    -------
    Same type, in ``Asia/Makassar``.

    Raises
    ------
    ValueError
        The timestamps are naive.

    Examples
    --------
    >>> import pandas as pd
    >>> to_wita(pd.DatetimeIndex(["2024-11-27T00:00:00Z"])).hour.tolist()
    [8]
    """
    import pandas as pd

    tz = times.dt.tz if isinstance(times, pd.Series) else times.tz
    if tz is None:
        raise ValueError("timestamps are naive (no zone): localise them to UTC before to_wita")
    return times.dt.tz_convert(WITA) if isinstance(times, pd.Series) else times.tz_convert(WITA)


def wita_date(times: pd.Series) -> pd.Series:
    """The WITA calendar date of each timestamp (a Kaltim day).

    Examples
    --------
    >>> import pandas as pd
    >>> wita_date(pd.Series(pd.to_datetime(["2024-11-26T16:00:00Z"]))).astype(str).tolist()
    ['2024-11-27']
    """
    return to_wita(times).dt.date


# --------------------------------------------------------------------------- campaign calendar
# The Pilkada Kaltim 2024 calendar (DOMAIN.md §1.3 and §6.7, PKPU 2/2024), in WITA dates. It
# lives here, not in the synthetic generator, because the stages and figures of real data use
# it too (volume by phase, topic prevalence by phase); ``discourse.synth.timeline`` adds its
# volume multipliers to these dates.


@dataclass(frozen=True)
class CampaignPhase:
    """A phase of the campaign calendar: ``first`` and ``last`` are WITA dates (inclusive).

    Examples
    --------
    >>> p = CAMPAIGN_PHASES[3]
    >>> p.key, p.name, p.first, p.last
    ('P2c', 'late campaign and debates', '2024-10-23', '2024-11-23')
    """

    key: str
    name: str
    first: str
    last: str


#: Contiguous phases (DOMAIN.md §6.7). The debates (P2b) are days inside P2c, see
#: :data:`KEY_DATES`. P0 starts where the synthetic corpus starts; earlier posts fall before it.
CAMPAIGN_PHASES: tuple[CampaignPhase, ...] = (
    CampaignPhase("P0", "coalition building", "2024-06-01", "2024-08-26"),
    CampaignPhase("P1", "registration and nomination", "2024-08-27", "2024-09-24"),
    CampaignPhase("P2a", "early campaign", "2024-09-25", "2024-10-22"),
    CampaignPhase("P2c", "late campaign and debates", "2024-10-23", "2024-11-23"),
    CampaignPhase("P3", "quiet period", "2024-11-24", "2024-11-26"),
    CampaignPhase("P4", "voting day", "2024-11-27", "2024-11-27"),
    CampaignPhase("P5", "count and tally", "2024-11-28", "2024-12-09"),
    CampaignPhase("P6", "dispute", "2024-12-10", "2025-02-06"),
    CampaignPhase("P7", "inauguration and reruns", "2025-02-07", "2025-07-31"),
)

#: Dated events (WITA) worth marking on a time axis (DOMAIN.md §1.3; all [V] there).
KEY_DATES: dict[str, str] = {
    "2024-09-23": "number draw",
    "2024-10-23": "debate 1",
    "2024-11-03": "debate 2",
    "2024-11-22": "debate 3",
    "2024-11-27": "voting day",
    "2024-12-09": "provincial plenary",
    "2025-02-05": "MK ruling",
}


def phases_table() -> pd.DataFrame:
    """The campaign phases as a tidy table.

    Returns
    -------
    pandas.DataFrame
        ``phase`` (key), ``name``, ``start`` (00:00 WITA of the first day) and ``end``
        (00:00 WITA of the day after the last), both ``datetime64[ns, Asia/Makassar]``.

    Examples
    --------
    >>> t = phases_table()
    >>> t.loc[t["phase"] == "P4", ["start", "end"]].astype(str).values.tolist()
    [['2024-11-27 00:00:00+08:00', '2024-11-28 00:00:00+08:00']]
    """
    import pandas as pd

    first = pd.to_datetime([p.first for p in CAMPAIGN_PHASES]).tz_localize(WITA)
    last = pd.to_datetime([p.last for p in CAMPAIGN_PHASES]).tz_localize(WITA)
    return pd.DataFrame(
        {
            "phase": [p.key for p in CAMPAIGN_PHASES],
            "name": [p.name for p in CAMPAIGN_PHASES],
            "start": first,
            "end": last + pd.Timedelta(days=1),
        }
    )


def phase_of(times: pd.Series) -> pd.Series:
    """The campaign phase key of each timestamp, by its WITA date.

    Parameters
    ----------
    times : pandas.Series
        Timezone-aware timestamps (e.g. ``posts["created_at"]``).

    Returns
    -------
    pandas.Series
        Ordered categorical of :data:`CAMPAIGN_PHASES` keys; NA before P0 or after P7.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series(pd.to_datetime(["2024-11-26T15:59:00Z", "2024-11-26T16:00:00Z"]))
    >>> phase_of(s).tolist()  # 23:59 and 00:00 WITA
    ['P3', 'P4']
    """
    import pandas as pd

    local = to_wita(times)
    table = phases_table()
    codes = table["start"].searchsorted(local, side="right") - 1
    codes = pd.Series(codes, index=times.index)
    after = local.to_numpy() >= table["end"].iloc[-1]
    codes = codes.where((codes >= 0) & ~pd.Series(after, index=times.index), -1)
    keys = list(table["phase"])
    return pd.Series(
        pd.Categorical.from_codes(codes.to_numpy(), categories=keys, ordered=True),
        index=times.index,
        name="phase",
    )
