"""Synthetic corpus generator for the Pilkada Kaltim 2024 demo data (all content is synthetic).

:func:`generate` writes a corpus that looks and behaves like collected X posts about the 2024
East Kalimantan regional election, in the real raw formats (twarc2 JSONL pages and a
tweet-harvest 2024 CSV), with the planted truth (accounts, posts, follower graph, counts) in a
separate folder and a claim catalogue beside the posts. :class:`SynthConfig` holds every
parameter; the same seed and parameters give byte-identical files.

Modules: :mod:`.lexicon` (domain constants) and :mod:`.text` (Indonesian post texts);
:mod:`.population` (accounts, follower graph), :mod:`.timeline` (phases, WITA rhythm),
:mod:`.actions` (posts, cascades, bursts, hoaxes), :mod:`.writers` (files), :mod:`.generate`
(the orchestration and the command line, ``main``).

Examples
--------
>>> from discourse.synth import SynthConfig
>>> SynthConfig().n_posts, SynthConfig().homophily
(50000, 0.85)
"""

from .config import SynthConfig
from .generate import expected_counts, generate, main

__all__ = ["SynthConfig", "expected_counts", "generate", "main"]
