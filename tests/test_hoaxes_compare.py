"""Comparisons (labels, CCDFs, size matching, exposure, latency), coordination signals, and
the hoaxes stage with its command."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from discourse.cli import app
from discourse.hoaxes import (
    ccdf,
    compare_groups,
    coretweet_squads,
    debunk_latency,
    exposure_by_camp,
    label_cascades,
    near_duplicate_bursts,
    size_matched,
)
from discourse.synth.lexicon import CLAIMS_BY_ID


def test_ccdf_is_the_share_at_or_above_each_value():
    t = pd.DataFrame({"group": ["a"] * 5 + ["b"], "x": [1, 1, 2, 5, np.nan, 3]})
    c = ccdf(t, "x")
    # a: 4 values (NaN left out) -> P(X>=1)=1, P(X>=2)=2/4, P(X>=5)=1/4
    assert c[c["group"] == "a"][["value", "ccdf", "n"]].values.tolist() == [
        [1, 1.0, 4],
        [2, 0.5, 4],
        [5, 0.25, 4],
    ]
    with pytest.raises(ValueError, match="missing column 'y'"):
        ccdf(t, "y")


def size_driven(seed: int, effect: float = 0.0) -> pd.DataFrame:
    """Two groups whose depth depends on size only (plus ``effect`` for group "hoax"); hoax
    cascades are bigger."""
    rng = np.random.default_rng(seed)
    rows = []
    for group, n, scale in (("hoax", 300, 20.0), ("other", 3000, 4.0)):
        size = 2 + rng.geometric(1 / scale, n)
        depth = np.log2(size) + rng.normal(0, 0.5, n) + (effect if group == "hoax" else 0)
        rows.append(pd.DataFrame({"group": group, "size": size, "depth": depth}))
    return pd.concat(rows, ignore_index=True)


def test_size_matching_removes_a_difference_that_comes_from_size_only():
    tests, matched = size_matched(size_driven(0), columns=["depth"], seed=1)
    before = tests[~tests["matched"]].iloc[0]
    after = tests[tests["matched"]].iloc[0]
    assert before["ks_pvalue"] < 1e-6  # bigger cascades are deeper
    assert after["ks_pvalue"] > 0.01
    # matched samples have the same size distribution, group by group
    counts = matched.groupby(["size", "group"]).size().unstack()
    assert (counts["hoax"] == counts["other"]).all()


def test_size_matching_keeps_a_difference_at_equal_sizes():
    tests, _ = size_matched(size_driven(0, effect=1.0), columns=["depth"], seed=1)
    after = tests[tests["matched"]].iloc[0]
    assert after["ks_pvalue"] < 1e-6 and after["mean_a"] > after["mean_b"] + 0.5


def test_size_matching_is_seeded_and_bins_work():
    t = size_driven(3)
    a = size_matched(t, columns=["depth"], seed=5)[1]
    b = size_matched(t, columns=["depth"], seed=5)[1]
    pd.testing.assert_frame_equal(a, b)
    _, binned = size_matched(t, columns=["depth"], bins=[2, 4, 8, 16, 32, 64, 1e9])
    assert len(binned) >= len(a)
    c = compare_groups(t, columns=["size"])
    assert c.loc[0, "mean_a"] > c.loc[0, "mean_b"] and c.loc[0, "mw_pvalue"] < 1e-6


def test_labels_follow_the_root_and_placeholder_roots_their_retweets():
    metrics = pd.DataFrame({"cascade_id": ["r1", "r2", "r3", "ph", "r5"]})
    matches = pd.DataFrame(
        {
            "post_id": ["r1", "r2", "r3", "x", "y", "r5", "r5"],
            "claim_id": ["H1", "H1", "H10", "H1", "H1", "H1", "H9"],
            "role": ["spreads", "debunks", "spreads", "spreads", "spreads", "spreads", "spreads"],
            "ambiguous": [False] * 5 + [True, True],
        }
    )
    nodes = pd.DataFrame(
        {
            "post_id": ["ph", "x", "y"],
            "parent_id": [None, "ph", "ph"],
            "kind": ["missing", "retweet", "retweet"],
            "placeholder": [True, False, False],
        }
    )
    cat = pd.DataFrame({"claim_id": ["H1", "H9", "H10"], "is_hoax": [True, True, pd.NA]})
    got = label_cascades(metrics, matches, cat, nodes=nodes).set_index("cascade_id")["group"]
    assert got.to_dict() == {
        "r1": "hoax",
        "r2": "debunk",
        "r3": "claim",  # H10: not rated a hoax
        "ph": "hoax",  # its retweets spread H1
        "r5": "ambiguous",
    }


def test_exposure_counts_accounts_once_and_follower_exposure():
    posts = pd.DataFrame({"post_id": list("12345"), "author_id": ["a", "a", "b", "c", "d"]})
    matches = pd.DataFrame(
        {
            "post_id": list("12345"),
            "claim_id": ["H1"] * 5,
            "role": ["spreads", "spreads", "spreads", "debunks", "spreads"],
            "ambiguous": [False, False, False, False, True],
        }
    )
    follows = pd.DataFrame({"follower": ["x", "y", "b"], "followed": ["a", "a", "c"]})
    e = exposure_by_camp(posts, matches, {"a": "01", "b": "02", "x": "02"}, follows=follows)
    spreads = e[e["role"] == "spreads"].set_index("camp")
    # reached: a (01), b (02); exposed: a, b, x (02), y (unlabelled)
    assert spreads["accounts"].to_dict() == {"01": 1, "02": 1, "unlabelled": 0}
    assert spreads["exposed"].to_dict() == {"01": 1, "02": 2, "unlabelled": 1}
    debunks = e[e["role"] == "debunks"].set_index("camp")
    assert debunks["exposed"].to_dict() == {"02": 1, "unlabelled": 1}  # c and its follower b


def test_latency_without_a_debunk_counts_everything_as_before():
    posts = pd.DataFrame(
        {
            "post_id": ["1", "2"],
            "author_id": ["a", "a"],
            "created_at": pd.to_datetime(["2024-11-27 08:00", "2024-11-27 09:00"], utc=True),
        }
    )
    matches = pd.DataFrame(
        {"post_id": ["1", "2"], "claim_id": "H3", "role": "spreads", "ambiguous": False}
    )
    d = debunk_latency(posts, matches).iloc[0]
    assert np.isnan(d["latency_hours"]) and d["share_before"] == 1.0
    assert d["spread_accounts"] == 1 and d["accounts_before"] == 1


# ----------------------------------------------------------------------- synthetic corpus
@pytest.fixture(scope="module")
def planted_matches(small_corpus):
    """Matches taken from the planted labels (not from the matcher), to test the measures."""
    t = small_corpus.truth_posts
    t = t[(t["claim_id"] != "") & t["post_id"].isin(small_corpus.posts["post_id"])]
    return pd.DataFrame(
        {
            "post_id": t["post_id"],
            "claim_id": t["claim_id"],
            "role": t["role"].map({"hoax": "spreads", "debunk": "debunks"}),
            "ambiguous": False,
        }
    )


def test_debunk_latency_recovers_the_planted_delays(small_corpus, planted_matches):
    """The generator posts a claim's first fact-check (a debunk original)
    ``debunk_delay_hours`` (±15 %) after its first seed post. Replies that contradict a hoax
    earlier also carry the debunk role, so only debunk originals count here."""
    t = small_corpus.truth_posts.set_index("post_id")
    kind = t.loc[planted_matches["post_id"], "kind"].to_numpy()
    fact_checks = planted_matches[(planted_matches["role"] == "spreads") | (kind == "original")]
    d = debunk_latency(small_corpus.posts, fact_checks).set_index("claim_id")
    d = d[d["latency_hours"].notna()]
    planned = pd.Series({c: CLAIMS_BY_ID[c].debunk_delay_hours for c in d.index})
    ratio = d["latency_hours"] / planned
    print("\nlatency / planted delay:", ratio.round(2).to_dict())
    assert len(d) >= 8
    assert ratio.between(0.8, 1.2).all()
    assert d["share_before"].between(0, 1).all()


def test_hoaxes_reach_their_favoured_camp_more_than_debunks_do(small_corpus, planted_matches):
    """DOMAIN 6.3: hoaxes travel mainly inside the camp they favour; debunks come from hubs and
    reach that camp less."""
    acc = small_corpus.accounts
    camps = dict(zip(acc["account_id"].astype(str), acc["camp"], strict=True))
    e = exposure_by_camp(small_corpus.posts, planted_matches, camps)
    wins = 0
    claims = [c for c in CLAIMS_BY_ID.values() if c.favours in ("01", "02", "kk")]
    for c in claims:
        share = e[(e["claim_id"] == c.claim_id) & (e["camp"] == c.favours)].set_index("role")
        s, d = share["share"].get("spreads", 0.0), share["share"].get("debunks", 0.0)
        wins += s > d
    assert wins >= len(claims) - 1


def test_near_duplicate_bursts_recover_the_planted_bursts(small_corpus):
    clusters, members = near_duplicate_bursts(small_corpus.posts)
    t = small_corpus.truth_posts.set_index("post_id")
    planted = t[(t["burst_id"] != "") & t.index.isin(small_corpus.posts["post_id"])]
    found = members.assign(burst=t.loc[members["post_id"], "burst_id"].values)
    recall = planted.index.isin(members["post_id"]).mean()
    in_burst = (found["burst"] != "").mean()
    purity = found[found["burst"] != ""].groupby("cluster")["burst"].nunique().max()
    print(
        f"\n{planted['burst_id'].nunique()} planted bursts ({len(planted)} posts): "
        f"{len(clusters)} clusters found, recall {recall:.2f}, share of found posts in a "
        f"planted burst {in_burst:.2f}"
    )
    assert recall >= 0.95 and in_burst >= 0.8 and purity == 1
    assert (clusters["accounts"] >= 3).all() and (clusters["span_minutes"] <= 60).all()


def test_bursts_need_the_window_and_several_accounts():
    base = pd.Timestamp("2024-11-27 08:00", tz="UTC")
    text = "ayo coblos nomor dua demi kaltim emas sekarang juga"
    posts = pd.DataFrame(
        {
            "post_id": list("1234"),
            "author_id": ["a", "a", "b", "c"],
            "created_at": [
                base,
                base + pd.Timedelta("1min"),
                base + pd.Timedelta("2min"),
                base + pd.Timedelta("3h"),
            ],
            "text": [text] * 4,
        }
    )
    assert near_duplicate_bursts(posts, min_accounts=3)[0].empty  # c is hours later
    c, m = near_duplicate_bursts(posts, min_accounts=2)
    assert c["accounts"].tolist() == [2] and sorted(m["post_id"]) == ["1", "2", "3"]


def test_coretweet_squads_are_the_planted_buzzer_squads(small_corpus):
    acc = small_corpus.accounts
    camps = dict(zip(acc["account_id"].astype(str), acc["camp"], strict=True))
    clusters, members = coretweet_squads(small_corpus.posts, camps=camps)
    squad = dict(zip(acc["account_id"].astype(str), acc["squad"], strict=True))
    members = members.assign(squad=members["account"].map(squad))
    planted = acc["squad"].dropna().nunique()
    print(f"\n{planted} planted squads; found {len(clusters)} clusters:")
    print(clusters.to_string(index=False))
    assert len(clusters) >= 1
    # each found squad is made of one planted squad's members, in one camp
    assert members.groupby("cluster")["squad"].agg(lambda s: s.notna().mean()).min() >= 0.9
    assert members.groupby("cluster")["squad"].nunique().max() == 1
    assert (clusters["main_camp_share"] >= 0.9).all()


# ----------------------------------------------------------------------- stage and command
def test_hoaxes_command_writes_the_tables_atomically(small_corpus, tmp_path):
    from discourse.io import ingest
    from discourse.pipeline import HOAX_TABLES, read_hoax_tables

    key = "ab" * 32
    processed = tmp_path / "processed"
    ingest(small_corpus.raw, out=processed, key=bytes.fromhex(key), workers=1)
    r = CliRunner().invoke(
        app,
        [
            "hoaxes",
            "--processed",
            str(processed),
            "--follows",
            str(small_corpus.truth / "follows.parquet"),
        ],
        env={"DISCOURSE_KEY": key},
    )
    assert r.exit_code == 0, r.output
    assert "claims.csv (11 claims)" in r.output and "not verdicts on accounts" in r.output
    for name in HOAX_TABLES:
        assert (processed / name).is_file(), name
    assert not list(processed.glob(".*.tmp"))
    tables = read_hoax_tables(processed)
    summary = json.loads((processed / "hoaxes.json").read_text())
    # the follower table, pseudonymised with the same key, tied retweeters to earlier ones
    assert summary["cascades"]["inferred"]["follows"] > 0
    assert summary["parameters"]["follows"] is True
    assert set(tables["cascade_metrics"]["group"]) >= {"hoax", "debunk", "other"}
    assert tables["hoax_claims"]["claim_id"].tolist() == [f"H{i}" for i in range(1, 12)]
    nodes = tables["cascade_nodes"]
    assert nodes["post_id"].str.startswith("id_").sum() == 0  # post ids are not pseudonymised
    assert nodes["author_id"].dropna().str.startswith("id_").all()


def test_hoaxes_command_errors_are_clean(tmp_path):
    r = CliRunner().invoke(app, ["hoaxes", "--processed", str(tmp_path)])
    assert r.exit_code == 2 and "no claim catalogue" in r.output
    bad = tmp_path / "claims.csv"
    bad.write_text("claim_id,title,verdict\nH1,x,WHAT\n")
    r = CliRunner().invoke(app, ["hoaxes", "--processed", str(tmp_path), "--claims", str(bad)])
    assert r.exit_code == 2 and "posts.parquet" in r.output
