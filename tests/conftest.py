"""Fixtures shared across test modules.

``small_corpus`` generates one small synthetic Pilkada Kaltim corpus per test session (seed 7,
6,000 collected posts, about 1 s) and reads its twarc2 files *without* pseudonymisation, so
account and post ids can be compared with the planted truth. Tests must not modify what it
returns (copy first).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@dataclass(frozen=True)
class SmallCorpus:
    raw: Path  # data/raw-like folder: twarc2/, tweet-harvest/, claims.csv
    truth: Path  # accounts.csv, posts.csv, follows.parquet, counts.json
    posts: pd.DataFrame  # canonical posts table from raw/twarc2, ids NOT pseudonymised
    truth_posts: pd.DataFrame  # truth/posts.csv, ids as strings
    accounts: pd.DataFrame  # truth/accounts.csv, ids as strings


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory) -> SmallCorpus:
    from discourse.io import read_posts
    from discourse.synth import SynthConfig, generate

    d = tmp_path_factory.mktemp("small_corpus")
    raw, truth = d / "raw", d / "truth"
    generate(raw, truth, SynthConfig(n_posts=6_000, seed=7))
    posts, _ = read_posts(raw / "twarc2")
    id_cols = {
        c: str
        for c in (
            "post_id",
            "author_id",
            "api_parent_id",
            "true_parent_id",
            "root_id",
            "conversation_id",
            "claim_id",
            "burst_id",
        )
    }
    truth_posts = pd.read_csv(truth / "posts.csv", dtype=id_cols, keep_default_na=False)
    accounts = pd.read_csv(truth / "accounts.csv", dtype={"account_id": str, "camp": str})
    return SmallCorpus(raw, truth, posts, truth_posts, accounts)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` beside the checkout; skips the test when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} not present")
    return SHARED_DATA


#: Pseudonymisation key of the test corpora (fixed, so ids are the same in every run).
TEST_KEY = bytes(range(32))


@pytest.fixture(scope="session")
def small_processed(small_corpus, tmp_path_factory) -> Path:
    """``small_corpus`` as ``make reproduce`` leaves it, in a session tmp folder: ingested
    (pseudonymised with :data:`TEST_KEY`) and run through the networks stage (2 null-model
    randomisations), the topics stage (small K sweep, few passes) and the hoaxes stage. For
    figure and notebook tests; do not modify what is in it."""
    from discourse.io import ingest
    from discourse.io.processed import read_processed
    from discourse.pipeline import (
        read_camps,
        read_seed_camps,
        run_hoaxes,
        run_networks,
        run_topics,
    )

    out = tmp_path_factory.mktemp("small_processed")
    ingest(small_corpus.raw, out=out, key=TEST_KEY, workers=1)
    seeds = read_seed_camps(
        Path(__file__).parents[1] / "src" / "discourse" / "data" / "camp_seeds.csv"
    )
    posts = read_processed(out)
    run_networks(posts, out, seeds=seeds, n_null=2, seed=0)
    communities = pd.read_csv(out / "communities.csv", dtype=str)
    run_topics(
        posts, out, k=6, passes=2, sweep_ks=(4, 6), sweep_seeds=(0,), communities=communities
    )
    run_hoaxes(posts, out, claims=small_corpus.raw / "claims.csv", camps=read_camps(out))
    return out
