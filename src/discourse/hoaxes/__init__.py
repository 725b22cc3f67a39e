"""Hoax claims, matching, cascades, cascade metrics, comparisons and coordination signals.

The stage of DESIGN.md §6, in small modules re-exported here:

* :mod:`~discourse.hoaxes.catalogue`: the claim catalogue (CSV/YAML), validation, and a
  catalogue built from turnbackhoax.id scrapes (:func:`read_catalogue`,
  :func:`catalogue_from_turnbackhoax`);
* :mod:`~discourse.hoaxes.matching`: posts → claims by URL, keyword and TF-IDF similarity
  rules, with role (spreads/debunks), score, rule and ambiguity (:func:`match_posts`,
  :func:`match_quality`);
* :mod:`~discourse.hoaxes.cascades`: one tree per root post, observed or time-inferred
  (Goel, Watts & Goldstein 2012; Vosoughi, Roy & Aral 2018) (:func:`build_cascades`);
* :mod:`~discourse.hoaxes.metrics`: size, depth, breadth, structural virality (Goel et al.
  2016), timing and camp shares (:func:`cascade_metrics`, :func:`structural_virality`);
* :mod:`~discourse.hoaxes.compare`: hoax vs debunk vs other: CCDFs, size-matched comparison
  (Juul & Ugander 2021), exposure by camp, debunk latency;
* :mod:`~discourse.hoaxes.coordination`: near-duplicate bursts and co-retweet squads, per
  cluster.

Examples
--------
>>> from discourse import hoaxes
>>> hoaxes.structural_virality([-1, 0, 0])
1.3333333333333333
"""

from __future__ import annotations

from .cascades import NODE_COLUMNS, CascadeReport, build_cascades, interaction_ties
from .catalogue import (
    CATALOGUE_COLUMNS,
    HOAX_VERDICTS,
    NOT_HOAX_VERDICTS,
    OTHER_VERDICTS,
    VERDICT_ALIASES,
    VERDICTS,
    CatalogueError,
    catalogue_from_turnbackhoax,
    read_catalogue,
    validate_catalogue,
    verdict_from_url,
)
from .compare import (
    GROUPS,
    ccdf,
    claim_cascades,
    compare_groups,
    debunk_latency,
    exposure_by_camp,
    label_cascades,
    size_matched,
)
from .coordination import coretweet_squads, near_duplicate_bursts
from .matching import DEBUNK_CUES, MATCH_COLUMNS, MatchReport, match_posts, match_quality
from .metrics import METRIC_COLUMNS, cascade_metrics, structural_virality

__all__ = [
    "CATALOGUE_COLUMNS",
    "DEBUNK_CUES",
    "GROUPS",
    "HOAX_VERDICTS",
    "MATCH_COLUMNS",
    "METRIC_COLUMNS",
    "NODE_COLUMNS",
    "NOT_HOAX_VERDICTS",
    "OTHER_VERDICTS",
    "VERDICTS",
    "VERDICT_ALIASES",
    "CascadeReport",
    "CatalogueError",
    "MatchReport",
    "build_cascades",
    "cascade_metrics",
    "catalogue_from_turnbackhoax",
    "ccdf",
    "claim_cascades",
    "compare_groups",
    "coretweet_squads",
    "debunk_latency",
    "exposure_by_camp",
    "interaction_ties",
    "label_cascades",
    "match_posts",
    "match_quality",
    "near_duplicate_bursts",
    "read_catalogue",
    "size_matched",
    "structural_virality",
    "validate_catalogue",
    "verdict_from_url",
]
