"""Small vectorised Arrow helpers shared by the readers (internal)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..schema import POSTS_SCHEMA

#: Internal columns a reader may add; the engine uses them to rank duplicates, then drops them.
INTERNAL_SCHEMA = pa.schema(
    [
        pa.field("_collected_at", pa.timestamp("us", tz="UTC")),
    ]
)
CHUNK_SCHEMA = pa.schema(list(POSTS_SCHEMA) + list(INTERNAL_SCHEMA))


def field_or_null(struct: pa.Array, name: str, typ: pa.DataType | None = None) -> pa.Array:
    """Child ``name`` of a struct array with the parent's nulls applied."""
    if struct.type.get_field_index(name) < 0:
        return pa.nulls(len(struct), typ or pa.string())
    return pc.struct_field(struct, name)


def scatter(values: pa.Array, positions: np.ndarray, n: int) -> pa.Array:
    """An array of length ``n``, null except ``out[positions[i]] = values[i]`` (last wins)."""
    idx = np.full(n, -1, dtype=np.int64)
    idx[positions] = np.arange(len(positions), dtype=np.int64)
    mask = idx < 0
    idx[mask] = 0
    if len(values) == 0:
        return pa.nulls(n, values.type)
    return pc.take(values, pa.array(idx, mask=mask))


def lists_from_parents(values: pa.Array, parents: np.ndarray, n: int) -> pa.Array:
    """Build a ``list<...>`` array of length ``n`` from flat values and their (sorted) parents."""
    counts = np.bincount(parents, minlength=n) if len(parents) else np.zeros(n, dtype=np.int64)
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(counts, out=offsets[1:])
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), values)


def lookup(keys: pa.Array, table_keys: pa.Array) -> pa.Array:
    """Index of each key in ``table_keys`` (first occurrence), null when absent."""
    if len(table_keys) == 0:
        return pa.nulls(len(keys), pa.int32())
    return pc.index_in(keys, value_set=table_keys)


def take_or_null(values: pa.Array, indices: pa.Array) -> pa.Array:
    if len(values) == 0:
        return pa.nulls(len(indices), values.type)
    return pc.take(values, indices)


def composite_key(line: pa.Array, ident: pa.Array) -> pa.Array:
    """``"<line>:<id>"`` keys so that lookups stay within one page."""
    return pc.binary_join_element_wise(pc.cast(line, pa.string()), ident, ":")


def empty_lists(n: int) -> pa.Array:
    offsets = pa.array(np.zeros(n + 1, dtype=np.int32))
    return pa.ListArray.from_arrays(offsets, pa.array([], pa.string()))


def flags_column(flags: dict[str, np.ndarray], n: int) -> pa.Array:
    """A ``list<string>`` column from ``{flag: boolean mask}`` (flags in the dict's order)."""
    if not flags or not any(m.any() for m in flags.values()):
        return empty_lists(n)
    names = list(flags)
    masks = np.stack([flags[k] for k in names], axis=1)
    rows, cols = np.nonzero(masks)
    values = pa.array(np.array(names, dtype=object)[cols], pa.string())
    return lists_from_parents(values, rows, n)


def parse_iso_utc(strings: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """Parse ISO 8601 strings with a zone to ``timestamp[us, UTC]``; return (values, bad_mask).

    ``bad_mask`` is True where the input was null or could not be parsed.
    """
    n = len(strings)
    target = pa.timestamp("us", tz="UTC")
    try:
        out = pc.cast(strings, target)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        from datetime import datetime

        vals = []
        for s in strings.to_pylist():
            try:
                v = datetime.fromisoformat(s.replace("Z", "+00:00")) if s else None
                if v is not None and v.tzinfo is None:
                    v = None
            except (ValueError, AttributeError):
                v = None
            vals.append(v)
        out = pa.array(vals, target)
    bad = out.is_null().to_numpy(zero_copy_only=False) if n else np.zeros(0, bool)
    return out, bad
