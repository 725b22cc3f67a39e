"""Text preprocessing of the processed posts as a Dask job (:mod:`discourse.text` per partition).

:func:`discourse.text.tokenize_posts` decides which rows are documents (collected posts; a
retweet only when its original is not a document and it is the first row, in table order,
pointing at that original), then preprocesses each text on its own. Here the decision is made
with Dask dataframe joins (retweets against the set of documents and against the first row per
retweeted post), and the texts are preprocessed partition by partition with
:func:`discourse.text.tokenize_posts` itself. Token lists and counts equal the single-machine
ones row for row.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ._cluster import runner
from ._frames import part_files, read_part

PathLike = str | Path
_S = pa.string()
_ROWS = pa.schema(
    [
        ("order", pa.int64()),
        ("post_id", _S),
        ("text", _S),
        ("is_rt", pa.bool_()),
        ("target", _S),
        ("is_doc", pa.bool_()),
    ]
)
_COUNTS = pa.schema([("token", _S), ("count", pa.int64()), ("documents", pa.int64())])
#: TextReport fields that add up over partitions
_ADDITIVE = ("documents", "empty_documents", "unique_texts", "tokens_in", "tokens_out")


def _part_rows(path: str, index: int, include_references: bool) -> pd.DataFrame:
    """Every row of a part with its position in the table, whether it is a retweet, the post
    it retweets, and whether it can be a document (collected, or references included)."""
    t = read_part(path, ["post_id", "text", "kind", "retweeted_post_id", "is_reference"])
    n = t.num_rows
    is_ref = pc.fill_null(t.column("is_reference"), False)
    is_doc = pa.chunked_array([pa.array([True] * n)]) if include_references else pc.invert(is_ref)
    is_rt = pc.and_(pc.fill_null(pc.equal(t.column("kind"), "retweet"), False), is_doc)
    out = pa.table(
        [
            pa.array([(index << 32) + i for i in range(n)], pa.int64()),
            t.column("post_id"),
            t.column("text"),
            is_rt,
            t.column("retweeted_post_id"),
            is_doc,
        ],
        schema=_ROWS,
    )
    return out.to_pandas(types_mapper=pd.ArrowDtype)


def _tokenize(df: pd.DataFrame, options: dict) -> tuple[pd.DataFrame, dict, Counter]:
    from ..text import tokenize_posts

    docs = df.sort_values("order")
    tokens, report = tokenize_posts(
        docs[["post_id", "text"]].reset_index(drop=True),
        dedupe_retweets=False,
        include_references=True,
        **options,
    )
    counts: Counter = Counter()
    documents: Counter = Counter()
    for toks in tokens["tokens"]:
        counts.update(toks)
        documents.update(set(toks))
    freq = pd.DataFrame(
        {
            "token": pd.Series(list(counts), dtype=pd.ArrowDtype(_S)),
            "count": pd.Series(list(counts.values()), dtype="int64"),
            "documents": pd.Series([documents[k] for k in counts], dtype="int64"),
        }
    )
    out = pd.DataFrame(
        {
            "order": docs["order"].to_numpy(dtype="int64"),
            "post_id": pd.Series(pa.array(tokens["post_id"].tolist(), _S), dtype=pd.ArrowDtype(_S)),
            # as JSON text: Dask dataframes carry strings well, lists of strings poorly
            "tokens": pd.Series(
                pa.array([orjson.dumps(t).decode() for t in tokens["tokens"]], _S),
                dtype=pd.ArrowDtype(_S),
            ),
        }
    )
    return out, report.to_dict(), freq


def token_counts(
    processed: PathLike,
    *,
    scheduler="local",
    out: PathLike | None = None,
    dedupe_retweets: bool = True,
    include_references: bool = False,
    **options: Any,
):
    """Token frequencies of the processed posts (and, with ``out``, their token lists), with
    :func:`discourse.text.tokenize_posts` run partition by partition as a Dask job.

    The documents are those of :func:`discourse.text.tokenize_posts` (same rules for
    retweets and references) and each gets the same tokens; ``phrases`` must be a fitted
    model (:func:`discourse.text.learn_phrases`), so that every partition applies the same
    bigrams.

    Parameters
    ----------
    processed : path
        The processed folder.
    scheduler : str or distributed.Client
        ``"local"``, a scheduler address, a ``distributed.Client`` or ``"sync"``.
    out : path, optional
        Write the documents' ``post_id, tokens`` there as a Parquet dataset folder, in table
        order, atomically (the rows of ``tokenize_posts``).
    dedupe_retweets, include_references, **options
        As in :func:`discourse.text.tokenize_posts`.

    Returns
    -------
    counts : pandas.DataFrame
        ``token``, ``count`` (occurrences), ``documents`` (documents holding it), by count
        descending then token.
    report : discourse.text.TextReport
        As ``tokenize_posts`` reports it, except ``unique_texts``: distinct texts per
        partition, summed (each partition tokenises its own distinct texts).

    Raises
    ------
    ValueError
        ``phrases=True`` (learning bigrams needs the whole corpus: learn them first and pass
        the model).

    Examples
    --------
    >>> import os, tempfile
    >>> from discourse.io import ingest
    >>> d = tempfile.mkdtemp()
    >>> p = os.path.join(d, "t.csv")
    >>> _ = open(p, "w").write('"created_at","full_text","id_str","username"\\n'
    ...     '"Wed Nov 27 03:15:42 +0000 2024","Banjir lagi, jalan rusak","1","warga_1"\\n')
    >>> _ = ingest(p, out=os.path.join(d, "out"), key=b"k" * 32)
    >>> counts, report = token_counts(os.path.join(d, "out"), scheduler="sync")
    >>> counts["token"].tolist(), report.documents
    (['banjir', 'jalan', 'rusak'], 1)
    """
    import dask
    import dask.dataframe as dd

    from ..text import TextReport

    if options.get("phrases") is True:
        raise ValueError(
            "phrases=True learns bigrams on the whole corpus: learn them first "
            "(discourse.text.learn_phrases) and pass the fitted model as phrases="
        )
    files = part_files(processed)
    meta_rows = _ROWS.empty_table().to_pandas(types_mapper=pd.ArrowDtype)
    with runner(scheduler) as run:
        if files:
            rows = dd.from_delayed(
                [dask.delayed(_part_rows)(f, i, include_references) for i, f in enumerate(files)],
                meta=meta_rows,
            )
        else:
            rows = dd.from_pandas(meta_rows, npartitions=1)
        n_posts, n_docs = run.compute(rows.shape[0], rows["is_doc"].sum())
        docs = rows[rows["is_doc"]]
        if dedupe_retweets:
            # per retweeted post: is it a document, and the first row pointing at it
            none = 1 << 62
            originals = docs[~docs["is_rt"]][["post_id"]].rename(columns={"post_id": "target"})
            pointing = rows[~rows["target"].isna()][["target", "order"]]
            marks = dd.concat(
                [
                    originals.assign(present=1, first=none),
                    pointing.rename(columns={"order": "first"}).assign(present=0),
                ]
            )
            split = max(1, len(files) // 16)  # one partition for small corpora, else hashed
            per_target = marks.groupby("target").agg(
                {"present": "max", "first": "min"}, split_out=split
            )
            rts = docs[docs["is_rt"]].merge(
                per_target,
                left_on="target",
                right_index=True,
                how="left",
                shuffle_method=run.shuffle_method(len(files)),
            )
            keep = (rts["present"].fillna(0) == 0) & (
                rts["target"].isna() | (rts["order"] == rts["first"])
            )
            docs = dd.concat([docs[~docs["is_rt"]], rts[keep][list(meta_rows.columns)]])
        tok = dask.delayed(_tokenize, nout=3)
        outs = [tok(p, options) for p in docs.to_delayed()]
        freq_meta = _COUNTS.empty_table().to_pandas(types_mapper=pd.ArrowDtype)
        freq = dd.from_delayed([o[2] for o in outs], meta=freq_meta)
        freq = freq.groupby("token").agg({"count": "sum", "documents": "sum"})
        reports = dask.delayed(list)([o[1] for o in outs])
        if out is None:
            counts, parts = run.compute(freq, reports)
        else:
            counts, parts, n_written = _compute_and_write(run, outs, freq, reports, len(files), out)
    report = TextReport()
    for r in parts:
        for name in _ADDITIVE:
            setattr(report, name, getattr(report, name) + r[name])
        for k, v in r["removed"].items():
            report.removed[k] = report.removed.get(k, 0) + v
        for k, v in r["rewritten"].items():
            report.rewritten[k] = report.rewritten.get(k, 0) + v
        report.stopwords, report.stopword_sources = r["stopwords"], r["stopword_sources"]
        report.options = r["options"]
    report.posts = int(n_posts)
    report.references_dropped = 0 if include_references else int(n_posts - n_docs)
    report.retweets_dropped = int(n_docs) - report.documents
    if out is not None and n_written != report.documents:  # pragma: no cover - invariant
        raise RuntimeError(f"wrote {n_written} token rows for {report.documents} documents")
    counts = counts.reset_index()
    counts = counts.sort_values(["count", "token"], ascending=[False, True], kind="stable")
    counts = pd.DataFrame(
        {
            "token": counts["token"].astype(object).to_numpy(),
            "count": counts["count"].astype("int64").to_numpy(),
            "documents": counts["documents"].astype("int64").to_numpy(),
        }
    )
    return counts, report


def _write_token_part(df: pd.DataFrame, path: str) -> int:
    """One partition of token rows as a Parquet file (plain Arrow schema, no pandas metadata,
    so that every Parquet reader reads it)."""
    import os

    import pyarrow.parquet as pq

    df = df.sort_index()
    tokens = pa.array([orjson.loads(t) for t in df["tokens"]], pa.list_(_S))
    table = pa.table({"post_id": pa.array(df["post_id"], _S), "tokens": tokens})
    tmp = f"{path}.tmp"
    pq.write_table(table.replace_schema_metadata(None), tmp, compression="zstd")
    os.replace(tmp, path)
    return table.num_rows


def _compute_and_write(run, outs: list, freq, reports, n_parts: int, out: PathLike):
    """Compute the counts and reports and write the token rows, in one pass over the data:
    rows go back to the partition of the part they came from (range partitioning on their
    table position, whose bounds are known), so file ``t-i`` holds part ``i``'s documents in
    table order. The folder is built under a temporary name and swapped in."""
    import shutil

    import dask
    import dask.dataframe as dd

    from ..io.processed import publish_folder, temp_folder

    meta = pd.DataFrame(
        {
            "order": pd.Series([], dtype="int64"),
            "post_id": pd.Series([], dtype=pd.ArrowDtype(_S)),
            "tokens": pd.Series([], dtype=pd.ArrowDtype(_S)),
        }
    )
    tokens = dd.from_delayed([o[0] for o in outs], meta=meta)
    n = max(n_parts, 1)
    bounds = [i << 32 for i in range(n)] + [(n << 32) - 1]
    placed = tokens.set_index(
        "order", divisions=bounds, sort=True, shuffle_method=run.shuffle_method(n_parts)
    )
    tmp = temp_folder(Path(out))
    try:
        write = dask.delayed(_write_token_part)
        writes = [
            write(p, str(tmp / f"t-{i:06d}.parquet")) for i, p in enumerate(placed.to_delayed())
        ]
        counts, parts, *written = run.compute(freq, reports, *writes)
        publish_folder(tmp, Path(out))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return counts, parts, int(sum(written))


def tokenize_posts(
    processed: PathLike,
    *,
    scheduler="local",
    dedupe_retweets: bool = True,
    include_references: bool = False,
    **options: Any,
):
    """:func:`discourse.text.tokenize_posts` on the processed posts, as a Dask job.

    The token lists are made on the cluster (:func:`token_counts` with ``out``), then read
    into this process, in table order, for the in-memory topic model.

    Returns
    -------
    tokens : pandas.DataFrame
        ``post_id``, ``tokens``: the rows of ``discourse.text.tokenize_posts``.
    report : discourse.text.TextReport
        As :func:`token_counts` reports it.

    Examples
    --------
    >>> import os, tempfile
    >>> from discourse.io import ingest
    >>> d = tempfile.mkdtemp()
    >>> p = os.path.join(d, "t.csv")
    >>> _ = open(p, "w").write('"created_at","full_text","id_str","username"\\n'
    ...     '"Wed Nov 27 03:15:42 +0000 2024","Banjir lagi, jalan rusak","1","warga_1"\\n')
    >>> _ = ingest(p, out=os.path.join(d, "out"), key=b"k" * 32)
    >>> tokens, _ = tokenize_posts(os.path.join(d, "out"), scheduler="sync")
    >>> tokens.values.tolist()
    [['1', ['banjir', 'jalan', 'rusak']]]
    """
    import shutil
    import tempfile

    import numpy as np
    import pyarrow.parquet as pq

    from ..io.processed import POSTS_FILE

    base = Path(processed)
    folder = base.parent if base.name == POSTS_FILE else base
    tmp = Path(tempfile.mkdtemp(prefix=".tokens-tmp-", dir=folder))
    try:
        _, report = token_counts(
            processed,
            scheduler=scheduler,
            out=tmp / "tokens",
            dedupe_retweets=dedupe_retweets,
            include_references=include_references,
            **options,
        )
        files = sorted((tmp / "tokens").glob("t-*.parquet"))
        tables = [pq.read_table(f) for f in files]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    post_ids: list = []
    tokens: list = []
    for t in tables:
        post_ids += t.column("post_id").to_pylist()
        tokens += t.column("tokens").to_pylist()
    frame = pd.DataFrame({"post_id": np.array(post_ids, dtype=object), "tokens": tokens})
    return frame, report
