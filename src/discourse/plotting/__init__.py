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

from ._common import panels
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
from .hoaxes import (
    GROUP_COLOURS,
    plot_cascade_ccdf,
    plot_debunk_latency,
    plot_exposure_by_camp,
    plot_size_matched,
)
from .networks import (
    MEASURE_LABELS,
    plot_degree_distributions,
    plot_echo_chambers,
    plot_network,
    plot_polarization,
)
from .style import (
    CAMP_COLOURS,
    CAMP_LABELS,
    CAMP_ORDER,
    OKABE_ITO,
    ROLE_COLOURS,
    SERIES_COLOURS,
    STYLE_PATH,
    UNLABELLED,
    apply_style,
    camp_colour,
    camp_colours,
    camp_label,
    house_style,
)
from .topics import plot_coherence_sweep, plot_distinctive_words, plot_topic_prevalence
from .volume import plot_volume, shade_phases

__all__ = [
    "CAMP_COLOURS",
    "CAMP_LABELS",
    "CAMP_ORDER",
    "DEFAULT_FIGURES",
    "FIGURES_ENV",
    "GROUP_COLOURS",
    "MEASURE_LABELS",
    "OKABE_ITO",
    "PNG_DPI",
    "ROLE_COLOURS",
    "SERIES_COLOURS",
    "STYLE_PATH",
    "UNLABELLED",
    "apply_style",
    "camp_colour",
    "camp_colours",
    "camp_label",
    "figures_dir",
    "git_commit",
    "house_style",
    "panels",
    "plot_cascade_ccdf",
    "plot_coherence_sweep",
    "plot_debunk_latency",
    "plot_degree_distributions",
    "plot_distinctive_words",
    "plot_echo_chambers",
    "plot_exposure_by_camp",
    "plot_network",
    "plot_polarization",
    "plot_size_matched",
    "plot_topic_prevalence",
    "plot_volume",
    "save_figure",
    "sha256_input",
    "shade_phases",
    "validate_figure_id",
]
