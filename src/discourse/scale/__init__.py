"""The same pipeline on a Dask cluster, with results identical to the single-machine path.

A national study (all of Pilkada Serentak 2024) or a long collection runs to tens or hundreds
of millions of posts. The stages whose work grows with the number of posts run here as Dask
jobs, reusing the single-machine code partition by partition (DESIGN.md §8):

:func:`ingest`
    Raw files → ``posts.parquet/`` (:func:`discourse.io.ingest` with a ``scheduler``): files and
    byte ranges are tasks through the same readers; de-duplication, the report and the
    atomic publication as on one machine.
:func:`edges`, :func:`hashtag_edges`, :func:`coaction_edges`, :func:`nodes`
    The network tables of :mod:`discourse.networks`, computed per Parquet part and combined
    with Dask dataframe operations; the aggregated tables are small and feed the graph and
    community code unchanged.
:func:`post_counts`
    Posts per account and per WITA day.
:func:`token_counts`
    Text preprocessing (:mod:`discourse.text`) per partition, token frequencies combined.
:func:`posts_frame`
    The processed posts as a ``dask.dataframe`` for your own analyses.

Every function takes ``scheduler``: ``"local"`` (a local cluster, the default here), the
address of a running cluster (e.g. from dask-jobqueue on SLURM or PBS), a
``distributed.Client``, or ``"sync"`` (no cluster, for debugging). The stage functions and the
CLI take the same switch (``--scheduler``), with ``None`` meaning the single-machine path.
See ``docs/guide/scaling.md``.

Submodules load on first use, so that :mod:`discourse.io` can hand its tasks to
:mod:`discourse.scale._ingest` without importing the network stage.
"""

from __future__ import annotations

import importlib

_WHERE = {
    "ClusterJobError": "_ingest",
    "ingest": "_frames",
    "posts_frame": "_frames",
    "part_files": "_frames",
    "edges": "_networks",
    "hashtag_edges": "_networks",
    "coaction_edges": "_networks",
    "nodes": "_networks",
    "post_counts": "_networks",
    "network_tables": "_networks",
    "token_counts": "_text",
    "tokenize_posts": "_text",
    "runner": "_cluster",
    "SCHEDULER_HELP": "_cluster",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module 'discourse.scale' has no attribute {name!r}")
