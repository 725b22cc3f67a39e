"""discourse: election discourse on social media, from collected posts to networks, topics and
hoax cascades. Built for Pilkada Kaltim 2024 (East Kalimantan, 27 November 2024).

The data flow is one way (``DESIGN.md`` §1): raw files → :mod:`discourse.io` (the canonical
posts table) → networks, topics, cascades → metrics → figures.

Examples
--------
>>> import discourse
>>> discourse.POSTS_SCHEMA.names[0]
'post_id'
"""

from __future__ import annotations

from .io import IngestReport, detect_format, ingest, inspect, read_edgelist, read_posts
from .privacy import Pseudonymiser, load_allowlist, load_key
from .schema import POSTS_COLUMNS, POSTS_SCHEMA, to_pandas, validate_posts
from .times import WITA, to_wita

__version__ = "0.1.0"

#: Stage modules loaded on first use (``discourse.networks``...), so that ``import discourse``
#: and the ingest workers do not pay for networkx, igraph and scipy.
_LAZY = ("communities", "hoaxes", "networks", "polarization", "scale", "synth", "text", "topics")


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'discourse' has no attribute {name!r}")


__all__ = [
    "POSTS_COLUMNS",
    "POSTS_SCHEMA",
    "WITA",
    "IngestReport",
    "Pseudonymiser",
    "__version__",
    "communities",
    "detect_format",
    "hoaxes",
    "ingest",
    "inspect",
    "load_allowlist",
    "load_key",
    "networks",
    "polarization",
    "read_edgelist",
    "read_posts",
    "scale",
    "text",
    "to_pandas",
    "to_wita",
    "topics",
    "validate_posts",
]
