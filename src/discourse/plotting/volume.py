"""Volume over time, in WITA days, with the campaign phases shaded.

Examples
--------
>>> import pandas as pd
>>> from discourse.describe import daily_volume
>>> posts = pd.DataFrame({"created_at": pd.date_range("2024-11-20", periods=300, freq="h",
...                                                   tz="UTC")})
>>> fig = plot_volume(daily_volume(posts))
>>> fig.axes[0].get_ylabel()
'posts per day'
"""

from __future__ import annotations

import pandas as pd

from ..times import CAMPAIGN_PHASES, KEY_DATES
from ._common import axes, require, styled, wall_clock
from .style import CAMP_ORDER, camp_colour, camp_label

#: Short labels of :data:`discourse.times.KEY_DATES` for the top axis.
EVENT_LABELS = {
    "number draw": "draw",
    "debate 1": "D1",
    "debate 2": "D2",
    "debate 3": "D3",
    "voting day": "vote",
    "provincial plenary": "plenary",
    "MK ruling": "MK",
}


def shade_phases(ax, start, end, *, labels: bool = True, events: bool = True) -> None:
    """Shade the campaign phases (alternating light bands) between naive WITA times
    ``start`` and ``end`` on ``ax`` and mark :data:`discourse.times.KEY_DATES` on a top axis.

    Examples
    --------
    >>> import matplotlib.pyplot as plt, pandas as pd
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot(pd.to_datetime(["2024-11-01", "2024-12-01"]), [0, 1])
    >>> shade_phases(ax, pd.Timestamp("2024-11-01"), pd.Timestamp("2024-12-01"))
    >>> len(ax.patches) > 0
    True
    >>> plt.close(fig)
    """
    import matplotlib.transforms as mtransforms

    trans = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    shown = 0
    for phase in CAMPAIGN_PHASES:
        lo = max(pd.Timestamp(phase.first), start)
        hi = min(pd.Timestamp(phase.last) + pd.Timedelta(days=1), end)
        if lo >= hi:
            continue
        ax.axvspan(lo, hi, color="#000000", alpha=0.06 if shown % 2 == 0 else 0.0, lw=0, zorder=0)
        if labels and (hi - lo) >= pd.Timedelta(days=2):
            ax.text(
                lo + (hi - lo) / 2,
                0.98,
                phase.key,
                transform=trans,
                ha="center",
                va="top",
                fontsize=7,
                color="#555555",
            )
        shown += 1
    if events:
        dates = [(pd.Timestamp(d), EVENT_LABELS.get(n, n)) for d, n in KEY_DATES.items()]
        dates = [(d, n) for d, n in dates if start <= d <= end]
        for d, _ in dates:
            ax.axvline(d + pd.Timedelta(hours=12), color="#555555", lw=0.6, ls=":", zorder=1)
        if dates:
            import matplotlib.dates as mdates

            top = ax.secondary_xaxis("top")
            top.set_xticks([mdates.date2num(d + pd.Timedelta(hours=12)) for d, _ in dates])
            top.set_xticklabels([n for _, n in dates], fontsize=7)
            top.tick_params(length=2, pad=1)
    ax.set_xlim(start, end)


@styled
def plot_volume(
    table: pd.DataFrame,
    *,
    by: str | None = None,
    ax=None,
    phases: bool = True,
    events: bool = True,
    title: str | None = "Posts per day (WITA)",
    log: bool = False,
):
    """Posts per WITA day, one line per group, the campaign phases shaded.

    Parameters
    ----------
    table : pandas.DataFrame
        ``day`` (timezone-aware, e.g. :func:`discourse.describe.daily_volume`), ``posts``, and
        the ``by`` column if given.
    by : str, optional
        Group column; ``"camp"`` uses the camp colours, other columns the house colour cycle.
    ax : matplotlib.axes.Axes, optional
        Draw here; default a new figure.
    phases, events : bool
        Shade :data:`discourse.times.CAMPAIGN_PHASES`; mark :data:`discourse.times.KEY_DATES`.
    title : str or None
    log : bool
        Logarithmic y axis.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"day": pd.date_range("2024-11-25", periods=4, tz="Asia/Makassar"),
    ...                   "camp": ["01", "01", "02", "02"], "posts": [3, 9, 4, 8]})
    >>> fig = plot_volume(t, by="camp")
    >>> [line.get_label() for line in fig.axes[0].get_lines()][:2]
    ['01 Isran–Hadi', '02 Rudy–Seno']
    """
    require(table, ["day", "posts"] + ([by] if by else []))
    fig, ax = axes(ax, figsize=(7.0, 3.4))
    # a day's count is drawn at its midday, between the midnights that bound it
    day = wall_clock(pd.to_datetime(table["day"])) + pd.Timedelta(hours=12)
    data = table.assign(_day=day)
    if by:
        groups = list(pd.unique(data[by].astype(str)))
        if by == "camp":
            groups = [c for c in CAMP_ORDER if c in groups] + [
                g for g in groups if g not in CAMP_ORDER
            ]
        for g in groups:
            part = data[data[by].astype(str) == g].sort_values("_day")
            style = {}
            if by == "camp" and g in CAMP_ORDER:
                style = {"color": camp_colour(g), "label": camp_label(g)}
            else:
                style = {"label": g}
            ax.plot(part["_day"], part["posts"], lw=1.1, **style)
        ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.93), ncol=min(len(groups), 3))
    else:
        part = data.sort_values("_day")
        ax.plot(part["_day"], part["posts"], color="#000000", lw=1.1, label="posts")
    if len(data) and phases:
        shade_phases(
            ax,
            data["_day"].min() - pd.Timedelta(hours=12),
            data["_day"].max() + pd.Timedelta(hours=12),
            events=events,
        )
    ax.set_ylabel("posts per day")
    ax.set_xlabel("day (WITA)")
    if log:
        ax.set_yscale("log")
    else:
        ax.set_ylim(bottom=0)
    if title:
        ax.set_title(title)
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.MonthLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.xaxis.set_minor_locator(mdates.WeekdayLocator(byweekday=mdates.MO))
    return fig
