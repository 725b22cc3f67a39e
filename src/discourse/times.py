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
