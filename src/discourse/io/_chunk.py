"""The unit of work every reader yields (internal)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

from .report import Reject


@dataclass
class ChunkResult:
    """What one chunk of one file produced.

    ``table`` has :data:`discourse.io._arrow.CHUNK_SCHEMA` (canonical columns plus internal
    ``_collected_at``) and holds both collected rows and ``is_reference`` rows. ``read`` counts
    post records read (collected candidates, including the rejected ones), so that
    ``read == (rows with is_reference False) + len(rejects-as-records)`` before de-duplication.
    ``rejected`` counts rejected records (a rejected twarc2 page line may stand for many).
    ``lines`` is the number of physical lines the chunk spans, for readers whose line numbers are
    local to a chunk and fixed up by the engine.
    """

    table: pa.Table
    rejects: list[Reject] = field(default_factory=list)
    read: int = 0
    rejected: int = 0
    references_seen: int = 0
    references_invalid: int = 0
    #: ids of referenced originals the API reported missing (deleted or protected)
    deleted_ids: frozenset = frozenset()
    lines: int = 0
    notes: list[str] = field(default_factory=list)
