"""Helpers shared by the ``plot_*`` modules (not public)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

import pandas as pd


def require(table: pd.DataFrame, columns: Iterable[str], name: str = "table") -> None:
    """Raise a clear error when ``table`` is not a DataFrame or lacks ``columns``."""
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{name}: expected a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{name}: missing column(s) {missing}; found {list(table.columns)}")


def axes(ax=None, *, figsize: tuple[float, float] | None = None):
    """``(figure, axes)``: the given axes and its figure, or a new figure (call inside the
    house style, see :func:`styled`)."""
    if ax is not None:
        return ax.figure, ax
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=figsize)
    return fig, ax


def wall_clock(times: pd.Series) -> pd.Series:
    """Timezone-aware timestamps as naive local wall-clock times (matplotlib draws naive
    datetimes as given; aware ones it would shift to UTC)."""
    if getattr(times.dt, "tz", None) is not None:
        return times.dt.tz_localize(None)
    return times


def styled(fn: Callable) -> Callable:
    """Run a ``plot_*`` function inside the house style, so that every artist it creates
    (titles, legends, tick labels) takes the style's settings."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from .style import house_style

        with house_style():
            return fn(*args, **kwargs)

    return wrapper


def panels(
    mosaic: str,
    *,
    figsize: tuple[float, float] = (10.0, 6.0),
    letters: bool = True,
    **kwargs,
):
    """A multi-panel figure in the house style, for report figures that combine ``plot_*``
    functions (each takes ``ax=``).

    Parameters
    ----------
    mosaic : str
        Panel layout as for :func:`matplotlib.pyplot.subplot_mosaic`, rows separated by
        ``;`` (``"AB;AC"``: A spans two rows on the left, B and C on the right).
    figsize : tuple of float
        Inches.
    letters : bool
        Letter the panels (a), (b), ... in the order they first appear in ``mosaic``.
    **kwargs
        Passed to :func:`matplotlib.pyplot.subplot_mosaic` (e.g. ``width_ratios``).

    Returns
    -------
    figure : matplotlib.figure.Figure
    axes : dict
        Panel label -> Axes.

    Examples
    --------
    >>> fig, ax = panels("AB;AC")
    >>> sorted(ax), [t.get_text() for t in ax["C"].texts]
    (['A', 'B', 'C'], ['(c)'])
    """
    import matplotlib.pyplot as plt

    from .style import house_style

    with house_style():
        fig, axd = plt.subplot_mosaic(mosaic, figsize=figsize, **kwargs)
        if letters:
            for i, key in enumerate(sorted(axd, key=lambda k: mosaic.index(k))):
                axd[key].text(
                    -0.02,
                    1.02,
                    f"({chr(97 + i)})",
                    transform=axd[key].transAxes,
                    ha="right",
                    va="bottom",
                    fontweight="bold",
                    fontsize=10,
                )
    return fig, axd
