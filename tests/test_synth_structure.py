"""Structure of the synthetic Pilkada Kaltim 2024 corpus (discourse.synth), and its tie to the
ingest readers.

One 20,000-post corpus is generated per test session (about 2 s) and read back; tolerances are
wide enough for any seed but tight enough to catch a broken mechanism. What the readers must
report is worked out in ``discourse.synth.generate.expected_counts``:

* twarc2 pages: ``accepted`` = collected posts; ``references_added`` = distinct referenced posts
  outside the collection that were not deleted (collected referenced posts are merged into their
  collected record, so they count under ``references_merged``); ``deleted_originals`` = distinct
  deleted referenced posts (ids of the "Could not find tweet" errors, which repeat per page).
* tweet-harvest CSV: its rows (a keyword-search subset); quotes read as originals (no quote
  field), no retweets by default (X search returns none).
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from discourse.io import read_posts
from discourse.synth import SynthConfig, generate
from discourse.synth import lexicon as lx
from discourse.synth.actions import RT, simulate
from discourse.synth.population import FICTIONAL_HANDLE, build_follows, build_population
from discourse.synth.timeline import WITA_OFFSET, window

N = 20_000
SEED = 11
CFG = SynthConfig(seed=SEED, n_posts=N)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    base = tmp_path_factory.mktemp("synth")
    raw, truth = base / "synthetic", base / "synthetic_truth"
    counts = generate(raw, truth, CFG)
    posts = pd.read_csv(truth / "posts.csv", dtype=str, keep_default_na=False)
    accounts = pd.read_csv(truth / "accounts.csv", dtype=str, keep_default_na=False)
    return {"raw": raw, "truth": truth, "counts": counts, "posts": posts, "accounts": accounts}


@pytest.fixture(scope="module")
def collected(corpus):
    p = corpus["posts"]
    p = p[p.collected == "true"].copy()
    p["t"] = pd.to_datetime(p.created_at, utc=True)
    p["wita"] = p.t + pd.Timedelta(hours=8)
    return p


@pytest.fixture(scope="module")
def ingested(corpus):
    return read_posts(corpus["raw"] / "twarc2")


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(f.relative_to(folder)): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(folder.rglob("*"))
        if f.is_file()
    }


def _camp_of(corpus) -> dict[str, str]:
    a = corpus["accounts"]
    return dict(zip(a.account_id, a.camp, strict=True))


# --------------------------------------------------------------------------------------------
# determinism and layout


def test_same_seed_and_parameters_give_byte_identical_files(corpus, tmp_path):
    raw, truth = tmp_path / "synthetic", tmp_path / "synthetic_truth"
    generate(raw, truth, CFG)
    assert _digests(raw) == _digests(corpus["raw"])
    assert _digests(truth) == _digests(corpus["truth"])
    assert set(_digests(truth)) == {
        "README.md",
        "accounts.csv",
        "counts.json",
        "follows.parquet",
        "posts.csv",
    }


def test_another_seed_gives_another_corpus(corpus, tmp_path):
    generate(tmp_path / "r", tmp_path / "t", SynthConfig(seed=SEED + 1, n_posts=2000))
    a = (tmp_path / "r" / "twarc2" / "pilkada_kaltim_2024.jsonl").read_bytes()[:5000]
    b = (corpus["raw"] / "twarc2" / "pilkada_kaltim_2024.jsonl").read_bytes()[:5000]
    assert a != b


def test_truth_folder_must_not_be_inside_the_raw_folder(tmp_path):
    with pytest.raises(ValueError, match="separate"):
        generate(tmp_path / "raw", tmp_path / "raw" / "truth", SynthConfig(n_posts=500))


def test_counts_json_is_what_generate_returns(corpus):
    written = json.loads((corpus["truth"] / "counts.json").read_text(encoding="utf-8"))
    returned = {k: v for k, v in corpus["counts"].items() if k != "timings_s"}
    assert written == json.loads(json.dumps(returned))


# --------------------------------------------------------------------------------------------
# shares, tails, camps


def test_kind_shares_match_the_parameters(collected):
    share = collected.kind.value_counts(normalize=True)
    assert share["retweet"] == pytest.approx(CFG.share_retweet, abs=0.005)
    assert share["quote"] == pytest.approx(CFG.share_quote, abs=0.005)
    assert share["reply"] == pytest.approx(CFG.share_reply, abs=0.005)
    rest = 1 - CFG.share_retweet - CFG.share_quote - CFG.share_reply
    assert share["original"] == pytest.approx(rest, abs=0.005)
    assert len(collected) == N


def test_activity_and_retweets_received_are_heavy_tailed(corpus, collected):
    n_acc = len(corpus["accounts"])
    top = max(1, n_acc // 100)
    per_author = collected.author_id.value_counts()
    # the top 1 % of accounts write far more than 1 % of the posts (uniform: 1 %)
    assert per_author.iloc[:top].sum() / len(collected) > 0.08
    # and the most active account writes many times the median author's posts
    assert per_author.iloc[0] >= 20 * per_author.median()
    author_of = dict(zip(corpus["posts"].post_id, corpus["posts"].author_id, strict=True))
    rts = collected[collected.kind == "retweet"]
    received = rts.api_parent_id.map(author_of).value_counts()
    assert received.iloc[:top].sum() / len(rts) > 0.3


def test_retweets_stay_inside_a_camp_more_than_replies(corpus, collected):
    camp = _camp_of(corpus)
    author_of = dict(zip(corpus["posts"].post_id, corpus["posts"].author_id, strict=True))

    def within(kind: str) -> float:
        s = collected[collected.kind == kind]
        mine = s.author_id.map(camp)
        theirs = s.api_parent_id.map(author_of).map(camp)
        return float((mine == theirs).mean())

    rt, rep = within("retweet"), within("reply")
    assert rt > rep + 0.08, (rt, rep)
    assert 0.6 < rt < 0.95


def test_homophily_raises_the_within_camp_share_of_retweets():
    shares = []
    for h in (0.5, 0.9):
        cfg = SynthConfig(seed=3, n_posts=8000, homophily=h)
        pop = build_population(np.random.default_rng(1), 1200)
        g = build_follows(np.random.default_rng(2), pop, homophily=h)
        p = simulate(cfg, pop, g, np.random.SeedSequence(4))
        m = p.collected & (p.kind == RT)
        same = pop.camp[p.author[m]] == pop.camp[p.author[p.api_parent[m]]]
        shares.append(float(same.mean()))
    assert shares[1] > shares[0] + 0.05, shares


def test_camps_use_different_words(corpus, ingested):
    posts, _ = ingested
    own = posts[~posts.is_reference & (posts.kind != "retweet")]
    camp = own.author_id.map(_camp_of(corpus))
    text = {k: own.text[camp == k].str.lower() for k in ("01", "02")}
    for k, other in (("01", "02"), ("02", "01")):
        phrases = {w.lower() for n in lx.NARRATIVES for w in n.camp_words.get(k, ())}
        pattern = "|".join(sorted(map(re.escape, phrases), key=len, reverse=True))

        def rate(texts, pattern=pattern):
            return texts.str.count(pattern).sum() / len(texts)

        # a camp's framing words are far more frequent in its own posts
        assert rate(text[k]) > 2 * rate(text[other]), k


def test_regions_lean_as_in_the_result(corpus):
    a = corpus["accounts"]
    cit = a[a.type.isin(["citizen", "supporter"]) & a.camp.isin(["01", "02"])]
    share01 = cit.groupby("region").camp.apply(lambda s: (s == "01").mean())
    assert share01["Samarinda"] > 0.5
    for region in ("Balikpapan", "Kutai Kartanegara", "Penajam Paser Utara"):
        assert share01[region] < 0.5
    assert set(a.region[a.camp == "kk"]) == {"Samarinda"}


# --------------------------------------------------------------------------------------------
# time


def test_voting_day_is_the_busiest_day_and_debate_nights_spike(collected):
    day = collected.wita.dt.strftime("%Y-%m-%d")
    days = day.value_counts()
    assert days.idxmax() == "2024-11-27"
    evening = day[collected.wita.dt.hour.between(20, 23)].value_counts()
    for debate in ("2024-10-23", "2024-11-03", "2024-11-22"):
        d = pd.Timestamp(debate)
        before = [str((d - pd.Timedelta(days=k)).date()) for k in range(2, 9)]
        # the evening of the debate (20-23 WITA) against the same hours of the week before
        assert evening[debate] > 2 * evening.reindex(before).median(), debate
        assert days[debate] > 1.2 * days.reindex(before).median(), debate
    # no big spike on the first day of the window (reactions to older posts thin out)
    first_weeks = days[(days.index > "2024-08-27") & (days.index < "2024-09-20")]
    assert days["2024-08-27"] < 1.5 * first_weeks.max()
    # phase shape: registration < early campaign < late campaign < voting day
    phase = {
        "P1": ("2024-08-27", "2024-09-22"),
        "P2a": ("2024-09-25", "2024-10-22"),
        "P2c": ("2024-10-26", "2024-11-21"),
    }
    mean = {k: days[(days.index >= a) & (days.index <= b)].mean() for k, (a, b) in phase.items()}
    assert mean["P1"] < mean["P2a"] < mean["P2c"] < days["2024-11-27"]


def test_night_is_the_quietest_time_wita(collected):
    hours = collected.wita.dt.hour.value_counts().reindex(range(24), fill_value=0)
    night = hours[1:6].mean()
    assert hours.idxmin() in range(1, 6)
    assert night < 0.4 * hours[19:24].mean()
    assert night < 0.5 * hours[7:10].mean()


def test_collected_posts_lie_in_the_window_and_timestamps_are_utc(corpus, collected, ingested):
    t0, t1 = window(CFG.start, CFG.end)
    secs = (collected.t - pd.Timestamp("1970-01-01", tz="UTC")) // pd.Timedelta(seconds=1)
    assert secs.min() >= t0
    assert secs.max() < t1 + 3600  # reactions at the very end may spill by seconds
    posts, _ = ingested
    own = posts[~posts.is_reference].set_index("post_id")
    truth_t = collected.set_index("post_id").t
    assert (own.created_at.reindex(truth_t.index) == truth_t).all()
    # voting day peaks 16-21 WITA, which is 08-13 UTC
    vote = collected[collected.wita.dt.strftime("%Y-%m-%d") == "2024-11-27"]
    hours = vote.wita.dt.hour.value_counts().reindex(range(24), fill_value=0)
    assert hours[16:22].sum() / hours.sum() > 0.33  # uniform: 0.25
    assert hours[16:22].mean() > 2 * hours[0:6].mean()
    assert WITA_OFFSET == 8 * 3600


# --------------------------------------------------------------------------------------------
# buzzers, cascades, hoaxes


def test_buzzer_squads_post_near_duplicate_bursts(corpus, ingested):
    posts = corpus["posts"]
    acc = corpus["accounts"].set_index("account_id")
    text = ingested[0].set_index("post_id").text
    bursts = posts[posts.burst_id != ""]
    assert bursts.burst_id.nunique() >= 3
    good = 0
    for _, b in bursts.groupby("burst_id"):
        t = pd.to_datetime(b.created_at, utc=True)
        squads = set(acc.squad.reindex(b.author_id))
        assert len(b) >= 10 and len(squads) == 1 and "" not in squads
        assert t.max() - t.min() <= pd.Timedelta(minutes=15)
        assert t.min().minute < 15  # starts on the hour
        texts = text.reindex(b.post_id).dropna().tolist()
        ratios = [difflib.SequenceMatcher(None, texts[0], x).ratio() for x in texts[1:]]
        good += min(ratios) > 0.6
    assert good >= 0.8 * bursts.burst_id.nunique()


def test_squads_retweet_their_official_accounts_within_seconds(corpus):
    assert corpus["counts"]["squad_retweets_within_2_minutes"] >= 50


def test_cascades_vary_in_size_and_depth(collected):
    rts = collected[collected.kind == "retweet"]
    sizes = rts.root_id.value_counts()
    assert sizes.max() >= 100 * sizes.min()
    assert sizes.max() >= 50
    parent = dict(zip(rts.post_id, rts.true_parent_id, strict=True))
    depth: dict[str, int] = {}

    def d(p: str) -> int:
        chain = []
        while p in parent and p not in depth:
            chain.append(p)
            p = parent[p]
        base = depth.get(p, 0)
        for q in reversed(chain):
            base += 1
            depth[q] = base
        return depth.get(chain[0], base) if chain else base

    depths = [d(p) for p in rts.post_id]
    assert max(depths) >= 3
    assert np.mean(np.array(depths) == 1) > 0.4  # most adopters saw the root itself


def test_true_parent_of_a_retweet_is_the_root_or_an_earlier_retweet_of_it(collected):
    rts = collected[collected.kind == "retweet"].set_index("post_id")
    tp = rts.true_parent_id
    is_root = tp == rts.api_parent_id
    via_rt = tp[~is_root]
    assert via_rt.isin(rts.index).all()
    assert (rts.api_parent_id.reindex(via_rt.values).values == rts.api_parent_id[~is_root]).all()
    assert (rts.t.reindex(via_rt.values).to_numpy() < rts.t[~is_root].to_numpy()).all()


def test_every_claim_has_hoax_and_debunk_posts_and_a_catalogue_row(corpus, collected):
    roles = collected[collected.claim_id != ""].groupby(["claim_id", "role"]).size()
    for c in lx.HOAX_CLAIMS:
        assert roles.get((c.claim_id, "hoax"), 0) >= 1, c.claim_id
        assert roles.get((c.claim_id, "debunk"), 0) >= 1, c.claim_id
    with open(corpus["raw"] / "claims.csv", encoding="utf-8", newline="") as f:
        cat = list(csv.DictReader(f))
    assert [r["claim_id"] for r in cat] == [c.claim_id for c in lx.HOAX_CLAIMS]
    assert list(cat[0]) == [
        "claim_id",
        "title",
        "verdict",
        "keywords",
        "urls",
        "debunk_url",
        "debunk_date",
        "narrative",
        "is_hoax",
    ]
    assert all(r["debunk_date"] and "|" in r["keywords"] for r in cat)


def test_hoaxes_travel_in_the_favoured_camp_more_than_debunks(corpus, collected):
    camp = _camp_of(corpus)
    fav = {c.claim_id: c.favours for c in lx.HOAX_CLAIMS if c.favours in ("01", "02")}
    rts = collected[(collected.kind == "retweet") & collected.claim_id.isin(list(fav))]
    in_fav = rts.author_id.map(camp) == rts.claim_id.map(fav)
    hoax = in_fav[rts.role == "hoax"].mean()
    debunk = in_fav[rts.role == "debunk"].mean()
    assert hoax > debunk + 0.2, (hoax, debunk)


# --------------------------------------------------------------------------------------------
# the tie to the readers


def test_twarc2_pages_read_back_to_the_planted_counts(corpus, collected, ingested):
    posts, report = ingested
    exp = corpus["counts"]["twarc2"]["expected_report"]
    assert report.reconciles()
    assert report.read == report.accepted == exp["accepted"] == N
    assert report.rejected_total == 0 and report.duplicates == 0
    assert report.references_added == exp["references_added"]
    assert report.references_seen == exp["references_seen"]
    assert report.references_merged == exp["references_merged"]
    assert report.deleted_originals == exp["deleted_originals"]
    p = corpus["counts"]["posts"]
    # references added = referenced originals outside the collection, minus the deleted ones
    assert exp["references_added"] == p["not_collected_referenced"] - p["deleted"]
    own = posts[~posts.is_reference]
    assert own.kind.value_counts().to_dict() == {k: v for k, v in exp["kinds"].items() if v}
    assert own.author_id.nunique() == exp["authors"] == p["authors"]
    # every post's kind and API parent as planted
    truth = collected.set_index("post_id")
    got = own.set_index("post_id")
    assert (got.kind == truth.kind.reindex(got.index)).all()
    parent = got.retweeted_post_id.fillna(got.quoted_post_id).fillna(got.reply_to_post_id)
    assert (parent.fillna("") == truth.api_parent_id.reindex(got.index)).all()
    # references outside the collection are the planted ones
    refs = set(posts.post_id[posts.is_reference])
    planted = corpus["posts"]
    outside = planted[(planted.collected == "false") & (planted.deleted == "false")]
    assert refs - set(collected.post_id) == set(outside.post_id) & refs
    assert len(refs - set(collected.post_id)) == exp["references_added"]


def test_retweets_of_deleted_originals_keep_their_author(corpus, ingested):
    posts, _ = ingested
    planted = corpus["posts"]
    deleted = set(planted.post_id[planted.deleted == "true"])
    assert deleted
    rt = posts[~posts.is_reference & posts.retweeted_post_id.isin(deleted)]
    if len(rt):
        assert rt.retweeted_author_id.notna().all()
        assert rt.derived.map(lambda d: "retweeted_author_from_mention" in d).all()


def test_harvest_csv_reads_back_to_its_planted_counts(corpus):
    raw = corpus["raw"] / "tweet-harvest" / "pilkada_kaltim_2024.csv"
    head = raw.read_bytes()[:400]
    assert head.startswith(b'"conversation_id_str","created_at","favorite_count","full_text"')
    assert b"\r\n" in head
    posts, report = read_posts(raw)
    exp = corpus["counts"]["tweet_harvest"]["expected_report"]
    assert report.reconciles()
    assert report.accepted == exp["accepted"] == exp["read"]
    assert posts.kind.value_counts().to_dict() == {k: v for k, v in exp["kinds"].items() if v}
    assert posts.author_id.nunique() == exp["authors"]
    planted = corpus["posts"]
    sub = planted[planted.in_harvest_csv == "true"]
    assert set(posts.post_id) == set(sub.post_id)
    # the 2024 clean-up: no commas, double quotes or newlines in full_text
    assert not posts.text.str.contains('[,"\n]').any()
    replies = posts[posts.kind == "reply"]
    prefix = "@" + replies.reply_to_author_handle + " "
    assert all(t.lower().startswith(p) for t, p in zip(replies.text, prefix, strict=True))


def test_ingest_of_the_raw_folder_reads_no_truth(corpus):
    _, report = read_posts(corpus["raw"])
    raw = corpus["raw"].resolve()
    assert all(raw in Path(f.path).resolve().parents for f in report.files)
    assert len(report.files) == 2
    skipped = {Path(s.path).name: s.format for s in report.skipped}
    assert skipped.get("claims.csv") == "claim-catalogue"
    assert "README.md" in skipped
    truth = corpus["truth"].resolve()
    assert truth not in raw.parents and raw not in truth.parents


def test_handles_of_ordinary_accounts_are_fictional(corpus):
    a = corpus["accounts"]
    public = a[a.public_actor == "true"]
    ordinary = a[a.public_actor == "false"]
    assert ordinary.handle.map(lambda h: bool(FICTIONAL_HANDLE.match(h))).all()
    assert public.handle.str.endswith("_demo").all()
    shipped = Path(__file__).parents[1] / "src" / "discourse" / "data" / "public_actors.csv"
    with open(shipped, encoding="utf-8", newline="") as f:
        allow = {r["handle"] for r in csv.DictReader(f)}
    assert set(public.handle) <= allow
    assert a.handle.is_unique and a.account_id.is_unique
    assert a.account_id.str.len().eq(19).all()


def test_account_types_follow_the_domain_proportions(corpus):
    share = corpus["accounts"].type.value_counts(normalize=True)
    assert 0.65 < share["citizen"] < 0.82
    assert 0.12 < share["supporter"] < 0.22
    assert 0.02 < share["buzzer"] < 0.05
    for t in ("official", "institution", "media", "factcheck", "influencer", "kk_activist"):
        assert share[t] > 0
