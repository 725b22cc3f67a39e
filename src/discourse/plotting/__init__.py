"""Figures: the house style, ``plot_*`` functions that draw tidy tables, and ``save_figure``.

matplotlib is imported only here (DESIGN.md §1). Every ``plot_*`` function takes a tidy table
(and nothing it must compute from raw posts), draws on ``ax`` when one is given, else on a new
figure in the house style, and returns the figure; :func:`save_figure` is the only exporter.

Examples
--------
>>> from discourse.plotting import camp_colour, validate_figure_id
>>> camp_colour("01"), validate_figure_id("01-volume-by-day")
('#E69F00', '01-volume-by-day')
"""

from __future__ import annotations

from .export import (
    DEFAULT_FIGURES,
    FIGURES_ENV,
    PNG_DPI,
    figures_dir,
    git_commit,
    save_figure,
    sha256_input,
    validate_figure_id,
)
from .style import (
    CAMP_COLOURS,
    CAMP_LABELS,
    CAMP_ORDER,
    OKABE_ITO,
    STYLE_PATH,
    UNLABELLED,
    apply_style,
    camp_colour,
    camp_colours,
    camp_label,
    house_style,
)

__all__ = [
    "CAMP_COLOURS",
    "CAMP_LABELS",
    "CAMP_ORDER",
    "DEFAULT_FIGURES",
    "FIGURES_ENV",
    "OKABE_ITO",
    "PNG_DPI",
    "STYLE_PATH",
    "UNLABELLED",
    "apply_style",
    "camp_colour",
    "camp_colours",
    "camp_label",
    "figures_dir",
    "git_commit",
    "house_style",
    "save_figure",
    "sha256_input",
    "validate_figure_id",
]
