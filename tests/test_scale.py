"""The scale path (discourse.scale) on a real distributed.LocalCluster: identical results.

Every comparison is against the single-machine path run in this process on the same input
(the reference the issue sets: "equal, row for row"), plus checks against the synthetic
corpus's planted counts that do not come from either path.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
from collections import Counter
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from discourse import networks as nw
from discourse import scale
from discourse.describe import daily_volume
from discourse.io import ingest
from discourse.io.processed import read_processed
from discourse.text import tokenize_posts

distributed = pytest.importorskip("distributed")

DATA = Path(__file__).parent / "data" / "ingest"
KEY = b"scale-test-key-0123456789abcdef!"


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address=None,
    ) as c:
        yield c


@pytest.fixture(scope="module")
def client(cluster):
    with distributed.Client(cluster) as c:
        yield c


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _same_outputs(a: Path, b: Path) -> None:
    """Two processed folders hold the same table, parts, rejects and manifest."""
    ta, tb = read_processed(a, as_arrow=True), read_processed(b, as_arrow=True)
    assert ta.num_rows == tb.num_rows
    assert ta.equals(tb), "posts tables differ"
    names_a = sorted(p.name for p in (a / "posts.parquet").iterdir())
    names_b = sorted(p.name for p in (b / "posts.parquet").iterdir())
    assert names_a == names_b
    assert (a / "rejects.jsonl").read_bytes() == (b / "rejects.jsonl").read_bytes()
    assert (a / "manifest.json").read_bytes() == (b / "manifest.json").read_bytes()


# ----------------------------------------------------------------------------- ingest
def test_ingest_of_the_synthetic_corpus_equals_the_single_machine_one(
    small_corpus, cluster, tmp_path, monkeypatch
):
    from discourse.scale import _ingest

    # small byte ranges (line numbers carried across ranges, duplicates across tasks) and
    # several de-duplication buckets, so every part of the Dask path is exercised
    monkeypatch.setattr(_ingest, "TASKS_PER_BUCKET", 2)
    one = ingest(small_corpus.raw, out=tmp_path / "one", key=KEY, chunk_bytes=1 << 20)
    dask = ingest(
        small_corpus.raw,
        out=tmp_path / "dask",
        key=KEY,
        chunk_bytes=1 << 20,
        scheduler=cluster.scheduler_address,  # an address: the client is made and closed
    )
    assert len([f for f in one.files if f.format.startswith("twarc2")]) == 1
    assert dask.totals() == one.totals()
    assert [f.to_dict() for f in dask.files] == [f.to_dict() for f in one.files]
    assert dask.reconciles()
    # planted truth: every collected post once, whichever file it came from; every row of
    # the tweet-harvest CSV repeats a post of the twarc2 pages
    planted = json.loads((small_corpus.truth / "counts.json").read_text())
    assert dask.accepted == planted["posts"]["collected"]
    assert dask.duplicates == planted["tweet_harvest"]["expected_report"]["read"]
    _same_outputs(tmp_path / "one", tmp_path / "dask")
    # the twarc2 pages alone give the report the generator planted
    pages = ingest(
        small_corpus.raw / "twarc2",
        out=tmp_path / "pages",
        key=KEY,
        chunk_bytes=1 << 20,
        scheduler=cluster.scheduler_address,
    )
    expected = planted["twarc2"]["expected_report"]
    for name in ("read", "accepted", "rejected_total", "duplicates", "references_seen"):
        assert getattr(pages, name) == expected[name], name
    for name in ("references_added", "references_merged", "deleted_originals"):
        assert pages.totals()[name] == expected[name], name
    manifest = json.loads((tmp_path / "dask" / "manifest.json").read_text())
    assert manifest["parameters"]["pseudonymised"] is True
    # the key is never written
    for f in (tmp_path / "dask").rglob("*"):
        if f.is_file():
            assert KEY not in f.read_bytes(), f


@pytest.mark.parametrize(
    ("inputs", "options"),
    [
        (["twarc2"], {}),
        (["twarc2"], {"chunk_bytes": 256}),  # byte ranges of a few lines each
        (["v1"], {}),
        (["harvest"], {}),
        (["generic/tiktok_comments.csv"], {"format": "generic", "mapping": "tiktok"}),
    ],
    ids=["twarc2", "twarc2-ranges", "v1", "harvest", "generic"],
)
def test_every_ingest_fixture_gives_the_same_outputs_and_rejects(client, tmp_path, inputs, options):
    options = dict(options)
    if options.get("mapping") == "tiktok":
        options["mapping"] = DATA / "generic" / "tiktok_mapping.yaml"
    paths = [DATA / p for p in inputs]
    one = ingest(paths, out=tmp_path / "one", key=KEY, **options)
    dask = ingest(paths, out=tmp_path / "dask", key=KEY, scheduler=client, **options)
    assert dask.totals() == one.totals()
    assert {f.path: dict(f.rejected) for f in dask.files} == {
        f.path: dict(f.rejected) for f in one.files
    }
    assert [s.to_dict() for s in dask.skipped] == [s.to_dict() for s in one.skipped]
    assert dask.reconciles()
    _same_outputs(tmp_path / "one", tmp_path / "dask")


def test_reject_lines_are_physical_lines_across_byte_ranges(client, tmp_path):
    # pages.jsonl: rejects on lines worked out by hand (tests/test_io_twarc2.py docstring).
    # With 256-byte ranges most lines are a range of their own, so a range's line numbers
    # come from the newlines counted in the ranges before it
    out = tmp_path / "dask"
    report = ingest(
        DATA / "twarc2" / "pages.jsonl", out=out, key=KEY, chunk_bytes=256, scheduler=client
    )
    rejects = [json.loads(x) for x in (out / "rejects.jsonl").read_text().splitlines()]
    by_reason: dict[str, list[int]] = {}
    for r in rejects:
        by_reason.setdefault(r["reason"], []).append(r["line"])
    assert {k: sorted(v) for k, v in by_reason.items()} == {
        "bad_json": [3],
        "bad_date": [5],
        "missing_id": [5],
        "wrong_type": [6, 7, 7],
        "bad_utf8": [8],
        "truncated": [9],
    }
    assert (report.read, report.accepted, report.rejected_total, report.duplicates) == (
        14,
        5,
        8,
        1,
    )
    posts = read_processed(out)
    assert dict(zip(posts["post_id"], posts["source_line"], strict=True))["103"] == 1
    assert dict(zip(posts["post_id"], posts["source_line"], strict=True))["109"] == 5


def test_cli_ingest_with_a_scheduler_address(cluster, tmp_path):
    from typer.testing import CliRunner

    from discourse.cli import app

    res = CliRunner().invoke(
        app,
        [
            "ingest",
            str(DATA / "v1"),
            "--out",
            str(tmp_path / "out"),
            "--scheduler",
            cluster.scheduler_address,
        ],
        env={"DISCOURSE_KEY": KEY.hex()},
    )
    assert res.exit_code == 0, res.output
    assert "reconciles: yes" in res.output
    assert (tmp_path / "out" / "posts.parquet").is_dir()


def test_a_bad_scheduler_value_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="scheduler"):
        ingest(DATA / "v1", out=tmp_path / "out", key=KEY, scheduler=8786)


# ----------------------------------------------------------------------------- networks
@pytest.fixture(scope="module")
def processed(small_corpus, tmp_path_factory):
    """The small corpus ingested (pseudonymised) in a few parts, and its posts table."""
    out = tmp_path_factory.mktemp("scale_processed") / "processed"
    ingest(small_corpus.raw, out=out, key=KEY, chunk_bytes=2 << 20)
    return out, read_processed(out)


def test_network_stage_on_dask_writes_the_same_tables(processed, client, tmp_path):
    from discourse.pipeline import run_networks

    folder, posts = processed
    assert len(scale.part_files(folder)) > 2
    one = run_networks(posts, tmp_path / "one", n_null=0)
    dask = run_networks(folder, tmp_path / "dask", n_null=0, scheduler=client)
    for name in (
        "edges_retweet.csv",
        "edges_quote.csv",
        "edges_reply.csv",
        "edges_mention.csv",
        "edges_hashtag.csv",
        "nodes.csv",
        "communities.csv",
        "polarization.csv",
    ):
        a, b = tmp_path / "one" / name, tmp_path / "dask" / name
        assert a.read_bytes() == b.read_bytes(), name
    assert dask["edges"] == one["edges"]
    # the planted structure survives: resolved retweets add up to the edge weights
    rt = pd.read_csv(tmp_path / "dask" / "edges_retweet.csv")
    assert (
        rt["weight"].sum()
        == one["edges"]["retweet"]["actions"]
        - one["edges"]["retweet"]["unresolved"]
        - one["edges"]["retweet"]["self_loops"]
    )


def test_edge_tables_need_lookups_on_handle_only_data(client, tmp_path):
    # tweet-harvest CSVs give retweets as "RT @x:" (a handle, no id): targets are resolved
    # through the handle map, which on Dask is a join
    out = tmp_path / "harvest"
    ingest(DATA / "harvest", out=out, key=KEY, pseudonymise=False)
    posts = read_processed(out)
    tables = scale.network_tables(out, scheduler=client, hashtags=False, node_table=False)
    for kind in nw.EDGE_KINDS:
        one, r1 = nw.edges(posts, kind)
        dask, r2 = tables["edges"][kind]
        pd.testing.assert_frame_equal(dask, one)
        assert r2.to_dict() == r1.to_dict()
    _, report = nw.edges(posts, "retweet")
    assert report.resolved_by["handle"] + report.resolved_by["handle_node"] > 0


@pytest.mark.parametrize("mode", ["coretweet", "text"])
def test_coaction_edges_equal(processed, client, mode):
    folder, posts = processed
    one, r1 = nw.coaction_edges(posts, mode=mode, min_weight=1)
    dask, r2 = scale.coaction_edges(folder, mode=mode, min_weight=1, scheduler=client)
    assert len(one) > 0
    pd.testing.assert_frame_equal(dask, one)
    assert r2.to_dict() == r1.to_dict()


def test_post_counts_per_day_and_account(processed, client):
    folder, posts = processed
    pd.testing.assert_frame_equal(scale.post_counts(folder, scheduler=client), daily_volume(posts))
    by_kind = scale.post_counts(folder, split="kind", scheduler=client)
    pd.testing.assert_frame_equal(by_kind, daily_volume(posts, by="kind"))
    accounts = scale.post_counts(folder, by="account", scheduler=client)
    collected = posts[~posts["is_reference"]]
    # every collected post has an author id here: counts per author_id, computed with pandas
    expected = collected.groupby("author_id").size().sort_index()
    assert accounts.set_index("node")["posts"].to_dict() == expected.to_dict()
    assert accounts["posts"].sum() == len(collected)


# ----------------------------------------------------------------------------- text
def test_token_counts_and_token_lists_equal(processed, client, tmp_path):
    folder, posts = processed
    tokens, report = tokenize_posts(posts)
    counts, dask_report = scale.token_counts(folder, scheduler=client, out=tmp_path / "tokens")
    occurrences: Counter = Counter()
    documents: Counter = Counter()
    for toks in tokens["tokens"]:
        occurrences.update(toks)
        documents.update(set(toks))
    assert dict(zip(counts["token"], counts["count"], strict=True)) == dict(occurrences)
    assert dict(zip(counts["token"], counts["documents"], strict=True)) == dict(documents)
    a, b = report.to_dict(), dask_report.to_dict()
    a.pop("unique_texts"), b.pop("unique_texts")  # per partition on Dask (documented)
    assert a == b
    assert report.retweets_dropped > 0
    written = pq.read_table(tmp_path / "tokens")
    assert written.column("post_id").to_pylist() == tokens["post_id"].tolist()
    assert written.column("tokens").to_pylist() == tokens["tokens"].tolist()


# ----------------------------------------------------------------------------- failures
def _kill_plugin(armed: str, once: str | None = None):
    """A worker plugin that SIGKILLs its worker when it starts a read task of an ingest,
    while the file ``armed`` exists (and, with ``once``, only the first time: the first
    worker to create that file dies). Disarming by deleting the file does not depend on the
    scheduler reaching dying workers to unregister the plugin."""

    class KillOnRead(distributed.WorkerPlugin):
        name = "discourse-test-kill-on-read"

        def __init__(self, armed, once):
            self.armed, self.once = armed, once

        def transition(self, key, start, finish, **kwargs):
            if finish != "executing" or not str(key).startswith("discourse-read-"):
                return
            if not os.path.exists(self.armed):
                return
            if self.once is not None:
                try:
                    os.close(os.open(self.once, os.O_CREAT | os.O_EXCL))
                except FileExistsError:
                    return
            os.kill(os.getpid(), signal.SIGKILL)

    Path(armed).touch()
    return KillOnRead(armed, once)


def _disarm(client, armed: Path) -> None:
    armed.unlink(missing_ok=True)
    try:  # the scheduler may fail to reach a worker that is dying: the file already disarmed it
        client.unregister_worker_plugin("discourse-test-kill-on-read")
    except (OSError, ValueError, distributed.comm.core.CommClosedError):
        pass
    client.wait_for_workers(2, timeout=60)


def test_a_worker_killed_during_ingest_the_job_completes(small_corpus, client, tmp_path):
    marker, armed = tmp_path / "killed-once", tmp_path / "armed"
    client.register_plugin(_kill_plugin(str(armed), str(marker)))
    try:
        report = ingest(
            small_corpus.raw, out=tmp_path / "dask", key=KEY, chunk_bytes=1 << 20, scheduler=client
        )
    finally:
        _disarm(client, armed)
    assert marker.exists(), "a worker was killed"
    one = ingest(small_corpus.raw, out=tmp_path / "one", key=KEY, chunk_bytes=1 << 20)
    assert report.totals() == one.totals()
    _same_outputs(tmp_path / "one", tmp_path / "dask")
    leftovers = [p.name for p in (tmp_path / "dask").iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_workers_dying_every_time_fail_clearly_and_publish_nothing(
    small_corpus, cluster, client, tmp_path
):
    out = tmp_path / "out"
    ingest(DATA / "v1", out=out, key=KEY)  # an earlier, complete result
    before = {p.name: _digest(p) for p in out.rglob("*") if p.is_file()}
    scheduler = cluster.scheduler
    allowed = scheduler.allowed_failures
    scheduler.allowed_failures = 0  # the first death of a task's worker ends the job
    armed = tmp_path / "armed"
    client.register_plugin(_kill_plugin(str(armed)))
    try:
        with pytest.raises(scale.ClusterJobError, match=r"died .*nothing was published"):
            ingest(small_corpus.raw, out=out, key=KEY, scheduler=client)
    finally:
        scheduler.allowed_failures = allowed
        _disarm(client, armed)
    # the earlier result is untouched and no half-built dataset is left beside it
    assert {p.name: _digest(p) for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in out.iterdir()) == [
        "manifest.json",
        "posts.parquet",
        "rejects.jsonl",
    ]
    # the cluster is usable again afterwards
    assert ingest(DATA / "v1", out=tmp_path / "again", key=KEY, scheduler=client).reconciles()
