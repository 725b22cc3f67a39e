"""Network tables and post counts as Dask jobs over the processed Parquet parts.

Each function returns what its :mod:`discourse.networks` (or :mod:`discourse.describe`)
counterpart returns on the whole posts table, row for row, computed part by part with the same
code:

* the *row-wise* steps run on each part as they are (which rows are actions, their lookup keys,
  resolving targets and sources, pairing hashtags, grouping actions into weighted pairs);
* the *global* lookups become Dask dataframe joins: the handle → id map (the most frequent id of
  each handle over the whole table; built with a shuffle on the handle) and the post → author
  map. Only the action rows that need a lookup (an author or target without an id, every
  mention) are joined, so memory per worker stays bounded by the part size, not by the number
  of accounts;
* per-part groupings combine by sum, min and max with a Dask ``groupby``; co-action groups are
  shuffled so that each retweeted post or text sits in one partition.

The combined tables (one row per edge or account) come back to this process: they are what the
graph, community and polarisation code works on.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import networks as nw
from ._cluster import runner
from ._frames import part_files, read_part

PathLike = str | Path
_S = pa.string()
_TS = pa.timestamp("us", tz="UTC")
_HMAP = pa.schema([("h", _S), ("i", _S)])
_PMAP = pa.schema([("post_id", _S), ("author_id", _S)])
_ACTIONS = pa.schema(
    [
        ("author_id", _S),
        ("at", _TS),
        ("tgt_id", _S),
        ("k_src", _S),
        ("k_tgt", _S),
        ("k_post", _S),
        ("m_src", _S),
        ("m_tgt", _S),
        ("m_post", _S),
    ]
)
_QUERIES = ("q_src", "q_tgt", "q_post")
_GROUPED = pa.schema(
    [("source", _S), ("target", _S), ("weight", pa.int64()), ("first_at", _TS), ("last_at", _TS)]
)
_REASONS = ("empty_handle", "target_unknown", "source_unknown")
#: Largest map (handle → id, post → author) joined by sending it whole to every partition;
#: larger maps are joined by a shuffle (memory per worker then stays bounded by partitions).
BROADCAST_ROWS = 2_000_000
#: Up to this many per-partition groupings are combined by a tree reduction on one worker.
SMALL_COMBINE = 64


def _pd(t: pa.Table) -> pd.DataFrame:
    return t.to_pandas(types_mapper=pd.ArrowDtype)


def _pa(df: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pandas(df[schema.names], schema=schema, preserve_index=False)


def _meta(schema: pa.Schema) -> pd.DataFrame:
    return _pd(schema.empty_table())


def _chunked(x) -> pa.ChunkedArray:
    return x if isinstance(x, pa.ChunkedArray) else pa.chunked_array([x], type=x.type)


def _valid_key(arr: pa.Array) -> pa.Array:
    return pc.fill_null(pc.greater(pc.utf8_length(arr), 0), False)


# ----------------------------------------------------------------------------- per part
def _part_handle_pairs(path: str) -> pa.Table:
    t = read_part(path, nw._edge_columns("retweet"))
    return nw._handle_pairs(t).cast(_PAIRS)


def _choose_ids(df: pd.DataFrame | pa.Table) -> pd.DataFrame:
    """Handle → most frequent id, for the handles of one partition (all rows of a handle)."""
    if isinstance(df, pa.Table):
        df = _pd(df)
    counts = df.groupby(["h", "i"], as_index=False, sort=False)["i_count"].sum()
    keys, values = nw._most_frequent_ids(counts)
    return _pd(pa.table({"h": keys, "i": values}, schema=_HMAP))


def _part_post_authors(path: str, keys: pa.Array | None = None) -> pd.DataFrame:
    t = read_part(path, ["post_id", "author_id"])
    keep = pc.is_valid(t.column("author_id"))
    if keys is not None:
        keep = pc.and_(keep, pc.is_in(t.column("post_id"), value_set=keys))
    return _pd(t.filter(keep).cast(_PMAP))


def _concat_frames(frames: list[pd.DataFrame]) -> pd.DataFrame:
    return pd.concat(frames, ignore_index=True) if frames else _meta(_PMAP)


_PAIRS = pa.schema([("h", _S), ("i", _S), ("i_count", pa.int64())])


def _pairs_empty() -> pa.Table:
    return _PAIRS.empty_table()


def _merge_pairs(tables: list[pa.Table]) -> pa.Table:
    """(handle, id, count) tables summed: a step of the handle map's tree reduction."""
    t = pa.concat_tables(tables)
    agg = t.group_by(["h", "i"]).aggregate([("i_count", "sum")])
    return pa.table([agg.column("h"), agg.column("i"), agg.column("i_count_sum")], schema=_PAIRS)


def _merge_grouped(tables: list[pa.Table]) -> pa.Table:
    """Grouped actions summed (weight), min (first_at) and max (last_at): a step of the
    edge tables' tree reduction."""
    t = pa.concat_tables(tables)
    agg = t.group_by(["source", "target"]).aggregate(
        [("weight", "sum"), ("first_at", "min"), ("last_at", "max")]
    )
    cols = ["source", "target", "weight_sum", "first_at_min", "last_at_max"]
    return pa.table([agg.column(c) for c in cols], schema=_GROUPED)


def _queries(a: pa.Table, kind: str) -> tuple[pa.Table, pa.Array]:
    """Add the lookups an action row needs (``q_*``: the key, or null when the single-machine
    result does not depend on it) and whether it needs any."""
    null = pa.nulls(a.num_rows, _S)
    q_src = pc.if_else(
        pc.and_(pc.is_null(a.column("author_id")), _valid_key(a.column("k_src"))),
        a.column("k_src"),
        null,
    )
    tgt_missing = pc.is_null(a.column("tgt_id"))
    k_tgt = a.column("k_tgt")
    if kind == "mention":
        q_tgt = pc.if_else(_valid_key(k_tgt), k_tgt, null)
        q_post = null
    else:
        q_tgt = pc.if_else(pc.and_(tgt_missing, _valid_key(k_tgt)), k_tgt, null)
        q_post = pc.if_else(
            pc.and_(tgt_missing, pc.is_valid(a.column("k_post"))), a.column("k_post"), null
        )
    for name, q in zip(_QUERIES, (q_src, q_tgt, q_post), strict=True):
        a = a.append_column(name, _chunked(q))
    pending = pc.or_(pc.or_(pc.is_valid(q_src), pc.is_valid(q_tgt)), pc.is_valid(q_post))
    return a, pending


def _actions_arrow(path: str, kind: str, filters: dict) -> tuple[pa.Table, pa.Array]:
    full = read_part(path, nw._edge_columns(kind))
    t = nw._edge_actions(full, kind, **filters)
    k_src, k_tgt, k_post = nw._edge_keys(t, kind)
    null = pa.nulls(t.num_rows, _S)
    return _queries(nw._action_table(t, kind, k_src, k_tgt, k_post, null, null, null), kind)


def _part_actions(path: str, kind: str, filters: dict) -> pd.DataFrame:
    a, pending = _actions_arrow(path, kind, filters)
    return _pd(a.append_column("pending", _chunked(pending)))


def _part_needs(path: str, kind: str, filters: dict, max_keys: int) -> tuple:
    """How many action rows of a part need each lookup (source handle, target, target post),
    and the target posts to look up (None when more than ``max_keys``)."""
    a, _ = _actions_arrow(path, kind, filters)
    counts = tuple(a.num_rows - a.column(q).null_count for q in _QUERIES)
    posts = pc.unique(a.column("q_post").drop_null()) if counts[2] <= max_keys else None
    return (*counts, posts)


def _part_direct(path: str, kind: str, filters: dict, keep_self_loops: bool):
    """A part's grouped actions and report when none of its rows needs a lookup."""
    a, _ = _actions_arrow(path, kind, filters)
    return _resolve_arrow(a, kind, keep_self_loops)


def _action_meta() -> pd.DataFrame:
    schema = _ACTIONS
    for q in _QUERIES:
        schema = schema.append(pa.field(q, _S))
    return _meta(schema.append(pa.field("pending", pa.bool_())))


def _resolve_arrow(a: pa.Table, kind: str, keep_self_loops: bool) -> tuple[pa.Table, dict]:
    src, tgt, at, report = nw._edge_resolve(
        a.select(_ACTIONS.names), kind, keep_self_loops=keep_self_loops
    )
    grouped = nw._group_actions(src, tgt, at) if len(src) else _GROUPED.empty_table()
    return grouped.cast(_GROUPED), report.to_dict()


def _resolve(df: pd.DataFrame, kind: str, keep_self_loops: bool) -> tuple[pa.Table, dict]:
    return _resolve_arrow(_pa(df, _ACTIONS), kind, keep_self_loops)


# ----------------------------------------------------------------------------- the job
class _Job:
    """Tables of one processed dataset on one runner; the handle and post maps are built
    once (persisted on the workers) and shared by the tables asked for."""

    def __init__(self, processed: PathLike, run):
        self.files = part_files(processed)
        self.run = run
        self._hmap = None
        self._pmap = None
        self._needs: dict = {}
        self._posts: dict = {}  # target posts to look up, per kind (None: too many)
        self._method = run.shuffle_method(len(self.files))

    def _from(self, fn, meta: pd.DataFrame, *args):
        import dask
        import dask.dataframe as dd

        if not self.files:
            return dd.from_pandas(meta, npartitions=1)
        return dd.from_delayed([dask.delayed(fn)(f, *args) for f in self.files], meta=meta)

    @property
    def hmap(self):
        """Handle → most frequent id, as a Dask dataframe persisted on the workers: one
        partition when it is small (joins against it are then per partition, nothing is
        shuffled), else hash-partitioned on the handle."""
        if self._hmap is None:
            import dask
            import dask.dataframe as dd

            pairs = [dask.delayed(_part_handle_pairs)(f) for f in self.files]
            pairs = self.run.persist_list(pairs)
            size = sum(self.run.compute(*[dask.delayed(len)(p) for p in pairs]))
            if size <= BROADCAST_ROWS:
                merge = dask.delayed(_merge_pairs)
                level = list(pairs)
                while len(level) > 1:
                    level = [merge(level[i : i + 8]) for i in range(0, len(level), 8)]
                chosen = dd.from_delayed(
                    [dask.delayed(_choose_ids)(level[0] if level else _pairs_empty())],
                    meta=_meta(_HMAP),
                )
            else:
                frame = dd.from_delayed([dask.delayed(_pd)(p) for p in pairs], meta=_meta(_PAIRS))
                chosen = frame.shuffle("h", shuffle_method=self._method)
                chosen = chosen.map_partitions(_choose_ids, meta=_meta(_HMAP))
            self._hmap = self.run.persist(chosen)
        return self._hmap

    def pmap(self, wanted: pa.Array | None):
        """Post → author for the posts ``wanted``: one partition when they are known and few,
        else every post (the join then shuffles)."""
        import dask
        import dask.dataframe as dd

        if wanted is not None and len(wanted) <= BROADCAST_ROWS:
            parts = [dask.delayed(_part_post_authors)(f, wanted) for f in self.files]
            return dd.from_delayed([dask.delayed(_concat_frames)(parts)], meta=_meta(_PMAP))
        if self._pmap is None:
            self._pmap = self.run.persist(self._from(_part_post_authors, _meta(_PMAP)))
        return self._pmap

    def _lookup(self, frame, query: str, result: str, which: str, wanted=None):
        """Left join ``frame`` (rows needing lookups) on ``query`` with a map."""
        right = self.hmap if which == "handle" else self.pmap(wanted)
        key, value = ("h", "i") if which == "handle" else ("post_id", "author_id")
        right = right.rename(columns={key: query, value: result})
        return frame.drop(columns=[result]).merge(
            right, on=query, how="left", shuffle_method=self._method
        )

    def needs(self, kind: str, filters: dict, *, also: tuple[str, ...] = ()) -> tuple[int, ...]:
        """Rows needing each lookup for ``kind`` (one cheap pass over the parts, for ``kind``
        and the kinds in ``also`` at once; cached)."""
        import dask

        def key(k):
            return (k, repr(sorted(filters.items(), key=lambda kv: kv[0])))

        todo = [k for k in dict.fromkeys((kind, *also)) if key(k) not in self._needs]
        if todo:
            n = len(self.files)
            most = BROADCAST_ROWS // max(n, 1)
            counts = self.run.compute(
                *[dask.delayed(_part_needs)(f, k, filters, most) for k in todo for f in self.files]
            )
            for j, k in enumerate(todo):
                mine = counts[j * n : (j + 1) * n]
                self._needs[key(k)] = tuple(sum(c[i] for c in mine) for i in range(len(_QUERIES)))
                posts = [c[3] for c in mine]
                self._posts[key(k)] = (
                    None if any(p is None for p in posts) else pa.concat_arrays(posts).unique()
                )
        return self._needs[key(kind)]

    def _resolved_parts(self, kind: str, filters: dict, keep_self_loops: bool) -> list:
        """Per partition, delayed (grouped actions, report): directly on each part when no
        row needs a lookup, else after joining the rows that need one with the maps."""
        import dask

        n_src, n_tgt, n_post = self.needs(kind, filters)
        if not (n_src or n_tgt or n_post):
            direct = dask.delayed(_part_direct, nout=2)
            return [direct(f, kind, filters, keep_self_loops) for f in self.files]
        acts = self._from(_part_actions, _action_meta(), kind, filters)
        ready = acts[~acts["pending"]]
        pending = acts[acts["pending"]]
        if n_src:
            pending = self._lookup(pending, "q_src", "m_src", "handle")
        if n_tgt:
            pending = self._lookup(pending, "q_tgt", "m_tgt", "handle")
        if n_post:
            wanted = self._posts[(kind, repr(sorted(filters.items(), key=lambda kv: kv[0])))]
            pending = self._lookup(pending, "q_post", "m_post", "post", wanted)
        resolve = dask.delayed(_resolve, nout=2)
        return [
            resolve(p, kind, keep_self_loops) for p in [*ready.to_delayed(), *pending.to_delayed()]
        ]

    def _combine(self, partials: list, extra: list | None = None) -> tuple[pa.Table, list]:
        """Sum, min and max of per-partition groupings (Arrow tables); ``extra`` is computed
        alongside. Few partials: a tree reduction with fan-in 8. Many: a Dask ``groupby``
        hash-partitioned over about one output per 8 partials, so that no worker holds the
        whole combined table (only this process does, which returns it)."""
        import dask

        if not partials:
            return _GROUPED.empty_table(), list(self.run.compute(*(extra or [])))
        if len(partials) > SMALL_COMBINE:
            import dask.dataframe as dd

            frame = dd.from_delayed([dask.delayed(_pd)(p) for p in partials], meta=_meta(_GROUPED))
            agg = frame.groupby(["source", "target"]).agg(
                {"weight": "sum", "first_at": "min", "last_at": "max"},
                split_out=-(-len(partials) // 8),
                shuffle_method=self._method,
            )
            tables = [dask.delayed(_pa)(p.reset_index(), _GROUPED) for p in agg.to_delayed()]
            out = self.run.compute(*tables, *(extra or []))
            return pa.concat_tables(out[: len(tables)]), list(out[len(tables) :])
        merge = dask.delayed(_merge_grouped)
        level = list(partials)
        while len(level) > 1:
            level = [merge(level[i : i + 8]) for i in range(0, len(level), 8)]
        if len(partials) == 1:
            level = [merge(level)]
        out = self.run.compute(level[0], *(extra or []))
        return out[0], list(out[1:])

    def edges(self, kind: str, *, keep_self_loops: bool = False, **filters):
        import dask

        if kind not in nw.EDGE_KINDS:
            raise ValueError(f"kind: expected one of {nw.EDGE_KINDS}, got {kind!r}")
        outs = self._resolved_parts(kind, filters, keep_self_loops)
        grouped, (reports,) = self._combine(
            [o[0] for o in outs], [dask.delayed(list)([o[1] for o in outs])]
        )
        table = nw._edge_frame(grouped)
        report = _sum_reports(reports, kind, keep_self_loops)
        report.edges = len(table)
        return table, report

    def hashtag_edges(self, *, min_weight: int = 1, **filters) -> pd.DataFrame:
        import dask

        parts = [dask.delayed(_part_hashtags)(f, filters) for f in self.files]
        grouped, _ = self._combine(parts)
        table = nw._edge_frame(grouped)
        return table[table["weight"] >= min_weight].reset_index(drop=True)

    def coaction_edges(
        self,
        *,
        window="60s",
        min_weight: int = 2,
        mode: str = "coretweet",
        min_tokens: int = 4,
        max_group_size: int = 10_000,
        **filters,
    ):
        import dask
        import dask.dataframe as dd

        if mode not in ("coretweet", "text"):
            raise ValueError(f"mode: expected 'coretweet' or 'text', got {mode!r}")
        win = pd.Timedelta(window)
        if win < pd.Timedelta(0):
            raise ValueError(f"window: must be non-negative, got {window!r}")
        acts = self._from(
            _part_coaction, _coaction_meta(), dict(filters, mode=mode, min_tokens=min_tokens)
        )
        n_pending = sum(self.run.compute(acts["pending"].sum()))
        if n_pending:
            ready = acts[~acts["pending"]]
            pending = self._lookup(acts[acts["pending"]], "q_src", "m_src", "handle")
            acts = dd.concat([ready, pending])
        actors = acts.map_partitions(_actors, meta=_meta(_COACTORS))
        grouped = actors.shuffle("group", shuffle_method=self._method)
        pairs = dask.delayed(_pairs_of, nout=2)
        outs = [pairs(p, win, mode, max_group_size) for p in grouped.to_delayed()]
        combined, (counts,) = self._combine(
            [o[0] for o in outs], [dask.delayed(list)([o[1] for o in outs])]
        )
        total = {k: sum(c[k] for c in counts) for k in ("actions", "groups", "pairs")}
        total["capped_groups"] = sum(c["capped_groups"] for c in counts)
        total["capped_actions"] = sum(c["capped_actions"] for c in counts)
        report = nw.CoactionReport(mode=mode, max_group_size=max_group_size, **total)
        table = nw._edge_frame(combined)
        table = table[table["weight"] >= min_weight].reset_index(drop=True)
        report.edges = len(table)
        return table, report

    def node_partials(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Combined per-node stats (index node: posts, followers) and handle counts."""
        import dask
        import dask.dataframe as dd

        rows = self._from(_part_node_rows, _node_rows_meta())
        part = dask.delayed(_node_part, nout=2)
        if sum(self.run.compute(rows["pending"].sum())):
            ready = rows[~rows["pending"]]
            pending = self._lookup(rows[rows["pending"]], "q_src", "m_src", "handle")
            outs = [part(p) for p in [*ready.to_delayed(), *pending.to_delayed()]]
        else:
            outs = [part(p) for p in rows.to_delayed()]
        stats_meta, hc_meta = _node_part(_node_rows_meta())
        stats = dd.from_delayed([o[0] for o in outs], meta=stats_meta)
        hcount = dd.from_delayed([o[1] for o in outs], meta=hc_meta)
        stats = stats.groupby("node").agg({"posts": "sum", "followers": "max"})
        hcount = hcount.groupby(["node", "handle"])["n"].sum()
        s, h = self.run.compute(stats, hcount)
        s = s.sort_index()
        s.index = s.index.astype("string[pyarrow]")
        h = h.reset_index()
        return s, h

    def nodes(self, edge_table=None, *, accounts=None) -> pd.DataFrame:
        stats, hcount = self.node_partials()
        rt, _ = self.edges("retweet")
        return nw._node_table(stats, hcount, rt, edge_table=edge_table, accounts=accounts)


def _sum_reports(reports: list[dict], kind: str, keep_self_loops: bool) -> nw.EdgeReport:
    report = nw.EdgeReport(kind=kind, self_loops_kept=keep_self_loops)
    reasons: dict[str, int] = {}
    resolved: dict[str, int] = {}
    for r in reports:
        report.actions += r["actions"]
        report.self_loops += r["self_loops"]
        for k, v in r["by_reason"].items():
            reasons[k] = reasons.get(k, 0) + v
        for k, v in r["resolved_by"].items():
            resolved[k] = resolved.get(k, 0) + v
    report.by_reason = {k: reasons[k] for k in _REASONS if reasons.get(k)}
    report.unresolved = sum(report.by_reason.values())
    order = ("id", "post", "handle", "handle_node")
    report.resolved_by = {k: resolved.get(k, 0) for k in order}
    return report


def _part_hashtags(path: str, filters: dict) -> pa.Table:
    pairs = nw._hashtag_pairs(read_part(path, nw._HASHTAG_COLUMNS), **filters)
    if pairs is None or len(pairs[0]) == 0:
        return _GROUPED.empty_table()
    return nw._group_actions(*pairs).cast(_GROUPED)


_COACTION_ROWS = pa.schema(
    [("group", _S), ("author_id", _S), ("k_src", _S), ("at", _TS), ("q_src", _S), ("m_src", _S)]
)
_COACTORS = pa.schema([("group", _S), ("actor", _S), ("at", _TS)])


def _coaction_meta() -> pd.DataFrame:
    return _meta(_COACTION_ROWS.append(pa.field("pending", pa.bool_())))


def _part_coaction(path: str, options: dict) -> pd.DataFrame:
    options = dict(options)
    mode, min_tokens = options.pop("mode"), options.pop("min_tokens")
    full = read_part(path, nw._COACTION_COLUMNS)
    t, group = nw._coaction_actions(full, mode=mode, min_tokens=min_tokens, **options)
    author = nw._string(t.column("author_id"))
    k_src = nw._lower(t.column("author_handle"))
    null = pa.nulls(t.num_rows, _S)
    q_src = pc.if_else(pc.and_(pc.is_null(author), _valid_key(k_src)), k_src, null)
    out = pa.table(
        [group, author, k_src, t.column("created_at").combine_chunks().cast(_TS), q_src, null],
        schema=_COACTION_ROWS,
    )
    return _pd(out.append_column("pending", _chunked(pc.is_valid(q_src))))


def _actors(df: pd.DataFrame) -> pd.DataFrame:
    t = _pa(df, _COACTION_ROWS)
    actor = nw._source_nodes(
        t.column("author_id"),
        t.column("k_src").combine_chunks(),
        t.column("m_src").combine_chunks(),
    )
    return _pd(pa.table([t.column("group"), actor, t.column("at")], schema=_COACTORS))


def _pairs_of(df: pd.DataFrame, window, mode: str, max_group_size: int):
    t = _pa(df, _COACTORS)
    src, tgt, at, counts = nw._coaction_pairs(
        t.column("group").combine_chunks(),
        t.column("actor").combine_chunks(),
        t.column("at"),
        window=window,
        mode=mode,
        max_group_size=max_group_size,
    )
    grouped = nw._group_actions(src, tgt, at) if len(src) else _GROUPED.empty_table()
    return grouped.cast(_GROUPED), counts


def _node_rows_schema() -> pa.Schema:
    from ..schema import POSTS_SCHEMA

    fields = [POSTS_SCHEMA.field(c) for c in nw._NODE_COLUMNS]
    return pa.schema([*fields, pa.field("k_src", _S), pa.field("q_src", _S), pa.field("m_src", _S)])


def _node_rows_meta() -> pd.DataFrame:
    return _meta(_node_rows_schema().append(pa.field("pending", pa.bool_())))


def _part_node_rows(path: str) -> pd.DataFrame:
    full = read_part(path, nw._NODE_COLUMNS)
    k_src = nw._lower(full.column("author_handle"))
    null = pa.nulls(full.num_rows, _S)
    q_src = pc.if_else(
        pc.and_(pc.is_null(full.column("author_id")), _valid_key(k_src)), k_src, null
    )
    for name, col in (("k_src", k_src), ("q_src", q_src), ("m_src", null)):
        full = full.append_column(name, _chunked(col))
    return _pd(full.append_column("pending", _chunked(pc.is_valid(q_src))))


def _node_part(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    t = _pa(df, _node_rows_schema())
    node = nw._source_nodes(
        t.column("author_id"),
        t.column("k_src").combine_chunks(),
        t.column("m_src").combine_chunks(),
    )
    stats, hcount = nw._node_partials(t.select(nw._NODE_COLUMNS), node)
    stats = stats.reset_index()
    stats["posts"] = stats["posts"].astype("int64")
    stats["followers"] = stats["followers"].astype("float64")
    hcount["n"] = hcount["n"].astype("int64")
    for frame, cols in ((stats, ["node"]), (hcount, ["node", "handle"])):
        for c in cols:
            frame[c] = frame[c].astype("string[pyarrow]")
    return stats, hcount


# ----------------------------------------------------------------------------- public
def edges(
    processed: PathLike,
    kind: str,
    *,
    scheduler="local",
    start=None,
    end=None,
    platform: str | list[str] | None = None,
    keep_self_loops: bool = False,
    include_references: bool = False,
) -> tuple[pd.DataFrame, nw.EdgeReport]:
    """:func:`discourse.networks.edges` on the processed posts, as a Dask job.

    The result equals ``networks.edges(read_processed(processed), kind, ...)`` row for row
    (same order, same dtypes) and so does the report.

    Parameters
    ----------
    processed : path
        The processed folder (holding ``posts.parquet/``).
    kind : {"retweet", "quote", "reply", "mention"}
    scheduler : str or distributed.Client
        ``"local"``, a scheduler address, a ``distributed.Client`` or ``"sync"``.
    start, end, platform, keep_self_loops, include_references
        As in :func:`discourse.networks.edges`.

    Returns
    -------
    table : pandas.DataFrame
    report : discourse.networks.EdgeReport

    Examples
    --------
    >>> import os, tempfile
    >>> from discourse.io import ingest
    >>> d = tempfile.mkdtemp()
    >>> p = os.path.join(d, "t.csv")
    >>> _ = open(p, "w").write('"created_at","full_text","id_str","username"\\n'
    ...     '"Wed Nov 27 03:15:42 +0000 2024","RT @kpu_prov_demo: Ayo nyoblos","2","warga_1"\\n')
    >>> _ = ingest(p, out=os.path.join(d, "out"), key=b"k" * 32)
    >>> table, report = edges(os.path.join(d, "out"), "retweet", scheduler="sync")
    >>> table["target"].tolist(), report.resolved_by["handle_node"]
    (['@kpu_prov_demo'], 1)
    """
    filters = {
        "start": start,
        "end": end,
        "platform": platform,
        "include_references": include_references,
    }
    with runner(scheduler) as run:
        return _Job(processed, run).edges(kind, keep_self_loops=keep_self_loops, **filters)


def hashtag_edges(
    processed: PathLike,
    *,
    scheduler="local",
    min_weight: int = 1,
    start=None,
    end=None,
    platform: str | list[str] | None = None,
    include_references: bool = False,
) -> pd.DataFrame:
    """:func:`discourse.networks.hashtag_edges` on the processed posts, as a Dask job.

    Examples
    --------
    >>> import os, tempfile
    >>> from discourse.io import ingest
    >>> d = tempfile.mkdtemp()
    >>> p = os.path.join(d, "t.csv")
    >>> _ = open(p, "w").write('"created_at","full_text","id_str","username"\\n'
    ...     '"Wed Nov 27 03:15:42 +0000 2024","#Pilkada #Kaltim damai","1","warga_1"\\n')
    >>> _ = ingest(p, out=os.path.join(d, "out"), key=b"k" * 32)
    >>> table = hashtag_edges(os.path.join(d, "out"), scheduler="sync")
    >>> table[["source", "target", "weight"]].values.tolist()
    [['kaltim', 'pilkada', 1]]
    """
    filters = {
        "start": start,
        "end": end,
        "platform": platform,
        "include_references": include_references,
    }
    with runner(scheduler) as run:
        return _Job(processed, run).hashtag_edges(min_weight=min_weight, **filters)


def coaction_edges(
    processed: PathLike,
    *,
    scheduler="local",
    window="60s",
    min_weight: int = 2,
    mode: str = "coretweet",
    min_tokens: int = 4,
    max_group_size: int = 10_000,
    start=None,
    end=None,
    platform: str | list[str] | None = None,
) -> tuple[pd.DataFrame, nw.CoactionReport]:
    """:func:`discourse.networks.coaction_edges` on the processed posts, as a Dask job
    (actions shuffled by retweeted post or normalised text, pairs found per group).

    Examples
    --------
    >>> import os, tempfile
    >>> from discourse.io import ingest
    >>> d = tempfile.mkdtemp()
    >>> p = os.path.join(d, "t.csv")
    >>> _ = open(p, "w").write('"created_at","full_text","id_str","username"\\n'
    ...     '"Wed Nov 27 03:15:42 +0000 2024","RT @kpu_prov_demo: Ayo nyoblos","2","warga_1"\\n')
    >>> table, report = coaction_edges(
    ...     ingest(p, out=os.path.join(d, "out"), key=b"k" * 32) and os.path.join(d, "out"),
    ...     scheduler="sync")
    >>> len(table), report.mode
    (0, 'coretweet')
    """
    filters = {"start": start, "end": end, "platform": platform}
    with runner(scheduler) as run:
        return _Job(processed, run).coaction_edges(
            window=window,
            min_weight=min_weight,
            mode=mode,
            min_tokens=min_tokens,
            max_group_size=max_group_size,
            **filters,
        )


def nodes(
    processed: PathLike,
    edge_table: pd.DataFrame | None = None,
    *,
    scheduler="local",
    accounts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """:func:`discourse.networks.nodes` on the processed posts, as a Dask job.

    Examples
    --------
    >>> import os, tempfile
    >>> from discourse.io import ingest
    >>> d = tempfile.mkdtemp()
    >>> p = os.path.join(d, "t.csv")
    >>> _ = open(p, "w").write('"created_at","full_text","id_str","username"\\n'
    ...     '"Wed Nov 27 03:15:42 +0000 2024","Ayo nyoblos","1","kpu_prov_demo"\\n')
    >>> _ = ingest(p, out=os.path.join(d, "out"), key=b"k" * 32)
    >>> nodes(os.path.join(d, "out"), scheduler="sync")[["node", "posts"]].values.tolist()
    [['@kpu_prov_demo', 1]]
    """
    with runner(scheduler) as run:
        return _Job(processed, run).nodes(edge_table, accounts=accounts)


def post_counts(
    processed: PathLike,
    *,
    by: str = "day",
    split: str | None = None,
    scheduler="local",
) -> pd.DataFrame:
    """Posts per WITA day or per account, as a Dask job.

    ``by="day"`` equals :func:`discourse.describe.daily_volume` (collected posts per WITA day,
    with its campaign phase, every day between the first and the last present, optionally
    split by the column ``split``); ``by="account"`` gives ``node, posts``: the collected posts
    of each account that posted, nodes as in :func:`discourse.networks.nodes`, sorted by node.

    Parameters
    ----------
    processed : path
        The processed folder.
    by : {"day", "account"}
    split : str, optional
        With ``by="day"``: a posts column to split by (e.g. ``kind``, ``platform``).
    scheduler : str or distributed.Client

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> import os, tempfile
    >>> from discourse.io import ingest
    >>> d = tempfile.mkdtemp()
    >>> p = os.path.join(d, "t.csv")
    >>> _ = open(p, "w").write('"created_at","full_text","id_str","username"\\n'
    ...     '"Tue Nov 26 17:00:00 +0000 2024","Ayo nyoblos","1","warga_1"\\n')
    >>> _ = ingest(p, out=os.path.join(d, "out"), key=b"k" * 32)
    >>> t = post_counts(os.path.join(d, "out"), scheduler="sync")
    >>> t["day"].dt.strftime("%Y-%m-%d").tolist(), t["posts"].tolist()  # 01:00 WITA on the 27th
    (['2024-11-27'], [1])
    """
    if by not in ("day", "account"):
        raise ValueError(f"by: expected 'day' or 'account', got {by!r}")
    if split is not None and by != "day":
        raise ValueError("split: only with by='day'")
    with runner(scheduler) as run:
        job = _Job(processed, run)
        if by == "account":
            stats, _ = job.node_partials()
            stats = stats[stats["posts"] > 0]
            out = pd.DataFrame({"node": stats.index, "posts": stats["posts"].astype("int64")})
            return out.reset_index(drop=True)
        return _daily(job, split)


def _part_daily(path: str, split: str | None) -> pd.DataFrame:
    from ..describe import daily_volume
    from ..schema import to_pandas

    cols = ["created_at", "is_reference", *([split] if split else [])]
    table = daily_volume(to_pandas(read_part(path, list(dict.fromkeys(cols)))), by=split)
    return table.astype({"posts": "int64"})


def _daily(job: _Job, split: str | None) -> pd.DataFrame:
    """Sum the per-part daily tables, then fill the days and groups no part covers."""
    import dask

    from ..describe import daily_volume
    from ..schema import POSTS_SCHEMA, to_pandas
    from ..times import phase_of

    if split is not None and split not in POSTS_SCHEMA.names:
        raise ValueError(f"split: not a posts column: {split!r}")
    keys = ["day", *([split] if split else [])]
    parts = job.run.compute(*[dask.delayed(_part_daily)(f, split) for f in job.files])
    parts = [p for p in parts if len(p)]
    if not parts:
        empty = to_pandas(POSTS_SCHEMA.empty_table())
        return daily_volume(empty, by=split)
    counts = pd.concat(parts, ignore_index=True).groupby(keys, sort=True)["posts"].sum()
    days = pd.date_range(
        counts.index.get_level_values("day").min(),
        counts.index.get_level_values("day").max(),
        freq="D",
        name="day",
    )
    if split:
        groups = sorted(counts.index.get_level_values(split).unique())
        full = pd.MultiIndex.from_product([days, groups], names=["day", split])
        table = counts.reindex(full, fill_value=0).rename("posts").reset_index()
    else:
        table = counts.reindex(days, fill_value=0).rename("posts").reset_index()
    table["posts"] = table["posts"].astype("int64")
    table.insert(1, "phase", phase_of(table["day"]).astype("string").fillna("NA"))
    return table[["day", "phase", *([split] if split else []), "posts"]]


def network_tables(
    processed: PathLike,
    *,
    scheduler="local",
    kinds: Sequence[str] = nw.EDGE_KINDS,
    hashtags: bool = True,
    node_table: bool = True,
) -> dict:
    """The network stage's tables in one Dask job (the handle map is built once): ``edges``
    ({kind: (table, report)}), ``hashtag`` (table) and ``nodes`` (node table of the retweet
    network), as :func:`discourse.pipeline.run_networks` writes them.

    Examples
    --------
    >>> import os, tempfile
    >>> from discourse.io import ingest
    >>> d = tempfile.mkdtemp()
    >>> p = os.path.join(d, "t.csv")
    >>> _ = open(p, "w").write('"created_at","full_text","id_str","username"\\n'
    ...     '"Wed Nov 27 03:15:42 +0000 2024","RT @kpu_prov_demo: Ayo","2","warga_1"\\n')
    >>> _ = ingest(p, out=os.path.join(d, "out"), key=b"k" * 32)
    >>> out = network_tables(os.path.join(d, "out"), scheduler="sync", kinds=["retweet"])
    >>> sorted(out), len(out["edges"]["retweet"][0]), len(out["nodes"])
    (['edges', 'hashtag', 'nodes'], 1, 2)
    """
    with runner(scheduler) as run:
        job = _Job(processed, run)
        kinds = list(kinds)
        if kinds:
            job.needs(kinds[0], {}, also=tuple(kinds))  # one pass for every kind
        out: dict = {"edges": {k: job.edges(k) for k in kinds}}
        if hashtags:
            out["hashtag"] = job.hashtag_edges()
        if node_table:
            rt = out["edges"]["retweet"][0] if "retweet" in kinds else job.edges("retweet")[0]
            stats, hcount = job.node_partials()
            out["nodes"] = nw._node_table(stats, hcount, rt, edge_table=rt)
        return out
