"""The command line: ingest, inspect, formats, edgelist (through typer's test runner)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from discourse.cli import app

DATA = Path(__file__).parent / "data"
runner = CliRunner()


@pytest.fixture
def raw(tmp_path):
    d = tmp_path / "data" / "raw"
    shutil.copytree(DATA / "ingest", d)
    return d


def test_ingest_prints_a_report_that_reconciles(raw, tmp_path, monkeypatch):
    monkeypatch.setenv("DISCOURSE_KEY", "ab" * 16)
    out = tmp_path / "data" / "processed"
    r = runner.invoke(app, ["ingest", str(raw), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "reconciles: yes" in r.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert f"records read: {manifest['counts']['read']:,}" in r.output
    assert "skipped" in r.output and "counts.jsonl" in r.output


def test_ingest_unknown_file_exits_2_with_the_formats_tried(tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text("hello\n")
    r = runner.invoke(app, ["ingest", str(p), "--out", str(tmp_path / "out")])
    assert r.exit_code == 2
    assert "notes.txt" in r.output and "harvest-csv" in r.output
    assert not (tmp_path / "out" / "posts.parquet").exists()


def test_inspect_writes_nothing(raw, tmp_path):
    before = sorted(p.name for p in tmp_path.rglob("*"))
    r = runner.invoke(app, ["inspect", str(raw)])
    assert r.exit_code == 0, r.output
    assert "harvest_2024.csv" in r.output and "twarc2-page" in r.output
    assert "bad_json 1" in r.output and "twarc2-counts" in r.output
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_formats_lists_every_reader():
    r = runner.invoke(app, ["formats"])
    assert r.exit_code == 0
    for name in (
        "twarc2-page",
        "v1-lines",
        "harvest-csv",
        "harvest-xlsx",
        "generic",
        "twarc2-counts",
        "edgelist",
    ):
        assert name in r.output


def test_edgelist_direction_and_pseudonymisation(tmp_path, monkeypatch):
    monkeypatch.setenv("DISCOURSE_KEY", "cd" * 16)
    src = DATA / "edgelist" / "reposts.csv"
    r = runner.invoke(app, ["edgelist", str(src), "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    edges = pd.read_csv(tmp_path / "edges_reposts.csv")
    assert edges["weight"].sum() == 5 and not edges["source"].str.contains("ana").any()
    r = runner.invoke(
        app,
        [
            "edgelist",
            str(src),
            "--out",
            str(tmp_path),
            "--no-pseudonymise",
            "--direction",
            "target-actor",
        ],
    )
    assert r.exit_code == 0, r.output
    edges = pd.read_csv(tmp_path / "edges_reposts.csv")
    assert ("kpu_kaltim", "ana", 3) in set(edges.itertuples(index=False, name=None))
    r = runner.invoke(app, ["edgelist", str(src), "--direction", "sideways"])
    assert r.exit_code == 2


def test_python_m_discourse_runs():
    import subprocess
    import sys

    r = subprocess.run(
        [sys.executable, "-m", "discourse", "--help"], capture_output=True, text=True, check=False
    )
    assert r.returncode == 0 and "ingest" in r.stdout


def test_synth_writes_corpus_truth_and_catalogue_then_ingest_reads_it(tmp_path, monkeypatch):
    monkeypatch.setenv("DISCOURSE_KEY", "ef" * 16)
    raw, truth = tmp_path / "raw" / "synthetic", tmp_path / "raw" / "synthetic_truth"
    r = runner.invoke(
        app, ["synth", "--posts", "3000", "--seed", "11", "--out", str(raw), "--truth", str(truth)]
    )
    assert r.exit_code == 0, r.output
    assert "wrote 3,000 collected posts" in r.output
    assert (raw / "claims.csv").exists() and (truth / "counts.json").exists()
    assert not any(p.name == "counts.json" for p in raw.rglob("*"))  # truth stays outside
    counts = json.loads((truth / "counts.json").read_text())
    out = tmp_path / "processed"
    r = runner.invoke(app, ["ingest", str(raw / "twarc2"), "--out", str(out)])
    assert r.exit_code == 0, r.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["accepted"] == counts["posts"]["collected"] == 3000
    r = runner.invoke(
        app, ["synth", "--posts", "100", "--out", str(raw), "--truth", str(raw / "truth")]
    )
    assert r.exit_code == 2 and "error:" in r.output  # truth inside the raw folder is refused


def test_networks_labels_camps_from_seeds_and_reports_polarisation(tmp_path, monkeypatch):
    monkeypatch.setenv("DISCOURSE_KEY", "01" * 16)
    raw, truth = tmp_path / "raw" / "synthetic", tmp_path / "raw" / "synthetic_truth"
    assert (
        runner.invoke(
            app,
            ["synth", "--posts", "6000", "--seed", "4", "--out", str(raw), "--truth", str(truth)],
        ).exit_code
        == 0
    )
    out = tmp_path / "processed"
    assert runner.invoke(app, ["ingest", str(raw), "--out", str(out)]).exit_code == 0
    r = runner.invoke(app, ["networks", "--processed", str(out), "--null", "3"])
    assert r.exit_code == 0, r.output
    assert "camps ['01', '02'] from seed accounts" in r.output
    for name in (
        "edges_retweet.csv",
        "edges_mention.csv",
        "edges_hashtag.csv",
        "nodes.csv",
        "communities.csv",
        "retweet.gexf",
        "polarization.csv",
        "networks.json",
    ):
        assert (out / name).exists(), name
    pol = pd.read_csv(out / "polarization.csv").set_index("measure")
    assert list(pol.index) == ["rwc_exact", "ei_index", "modularity", "boundary_polarization"]
    # a homophilous corpus: beyond the degree-preserving null (partition recomputed on both)
    assert pol.loc["modularity", "observed_communities"] > pol.loc["modularity", "null_high"]
    assert (pol["difference"].notna()).all()
    assert pol.loc["ei_index", "observed"] < 0
    comm = pd.read_csv(out / "communities.csv", dtype=str)
    assert {"01", "02"} <= set(comm["camp"])
