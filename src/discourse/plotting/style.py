"""The house style: one style sheet, one colour per camp, used by every figure.

Camp colours come from the Okabe & Ito (2008) colour-blind safe palette ("Color Universal
Design", https://jfly.uni-koeln.de/color/). Pair 02 wore light blue, so it is blue; pair 01
wore white, which cannot be drawn on white, so it takes the palette's orange. Neutral accounts
(media, institutions, fact-checkers) are bluish green, the Samarinda blank-column ("kotak
kosong") activists reddish purple, and accounts without a camp a light grey.

Examples
--------
>>> camp_colour("02")
'#0072B2'
>>> camp_label("kk")
'kotak kosong'
>>> with house_style():
...     import matplotlib.pyplot as plt
...     plt.rcParams["svg.hashsalt"]
'discourse'
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

#: The style sheet shipped with the package.
STYLE_PATH = Path(__file__).with_name("discourse.mplstyle")

#: Okabe–Ito palette, in their order (black first).
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Label of accounts and communities without a camp (``discourse.communities.UNLABELLED``).
UNLABELLED = "unlabelled"

#: One colour per camp, the same in every figure.
CAMP_COLOURS: dict[str, str] = {
    "01": OKABE_ITO["orange"],
    "02": OKABE_ITO["blue"],
    "neutral": OKABE_ITO["bluish_green"],
    "kk": OKABE_ITO["reddish_purple"],
    UNLABELLED: "#BBBBBB",
}

#: Legend labels of the camps (English, with the Indonesian term where it is the object).
CAMP_LABELS: dict[str, str] = {
    "01": "01 Isran–Hadi",
    "02": "02 Rudy–Seno",
    "neutral": "neutral (media, institutions)",
    "kk": "kotak kosong",
    UNLABELLED: UNLABELLED,
}

#: Colours for series that are not camps (the house colour cycle): the Okabe–Ito colours the
#: camps leave free, then greys. Camp colours are never reused for anything else.
SERIES_COLOURS: tuple[str, ...] = (
    OKABE_ITO["black"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["vermillion"],
    "#888888",
    OKABE_ITO["yellow"],
    "#444444",
)

#: Colours of claim roles in hoax figures (hoax, debunk, other posts), outside the camp colours.
ROLE_COLOURS: dict[str, str] = {
    "hoax": OKABE_ITO["vermillion"],
    "debunk": OKABE_ITO["sky_blue"],
    "other": "#888888",
}

#: The order camps appear in legends and stacked bars.
CAMP_ORDER: tuple[str, ...] = ("01", "02", "neutral", "kk", UNLABELLED)


def _key(camp: object) -> str:
    key = str(camp).strip()
    if key in ("1", "2"):
        key = "0" + key
    if key not in CAMP_COLOURS:
        raise ValueError(f"camp: unknown camp {camp!r}; known: {', '.join(CAMP_ORDER)}")
    return key


def camp_colour(camp: object) -> str:
    """The colour (hex) of a camp: ``"01"``, ``"02"``, ``"neutral"``, ``"kk"`` or ``"unlabelled"``.

    Parameters
    ----------
    camp : str or int
        Camp label; ``1`` and ``2`` are read as ``"01"`` and ``"02"``.

    Returns
    -------
    str
        ``#RRGGBB``.

    Raises
    ------
    ValueError
        The camp is not one of :data:`CAMP_ORDER`.

    Examples
    --------
    >>> camp_colour("01"), camp_colour(2), camp_colour("unlabelled")
    ('#E69F00', '#0072B2', '#BBBBBB')
    """
    return CAMP_COLOURS[_key(camp)]


def camp_label(camp: object) -> str:
    """The legend label of a camp.

    Examples
    --------
    >>> camp_label("01")
    '01 Isran–Hadi'
    """
    return CAMP_LABELS[_key(camp)]


def camp_colours(camps) -> list[str]:
    """Colours of a sequence of camps; NA and unknown labels are drawn as ``unlabelled``.

    Examples
    --------
    >>> camp_colours(["02", None, "community 7"])
    ['#0072B2', '#BBBBBB', '#BBBBBB']
    """
    out = []
    for c in camps:
        try:
            out.append(camp_colour(c))
        except ValueError:
            out.append(CAMP_COLOURS[UNLABELLED])
    return out


def apply_style() -> None:
    """Apply the house style globally (e.g. at the top of a notebook).

    Examples
    --------
    >>> import matplotlib as mpl
    >>> with mpl.rc_context():
    ...     apply_style()
    ...     mpl.rcParams["font.size"]
    9.0
    """
    import matplotlib.pyplot as plt

    plt.style.use(STYLE_PATH)


@contextlib.contextmanager
def house_style() -> Iterator[None]:
    """Context manager: the house style inside the block, the previous settings after it.

    Examples
    --------
    >>> import matplotlib as mpl
    >>> with house_style():
    ...     mpl.rcParams["savefig.dpi"]
    200.0
    """
    import matplotlib.pyplot as plt

    with plt.style.context(STYLE_PATH):
        yield
