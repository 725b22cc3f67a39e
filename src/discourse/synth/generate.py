"""Generate the synthetic Pilkada Kaltim 2024 corpus: raw files, truth and claim catalogue.

Layout written (defaults)::

    data/raw/synthetic/                      raw posts, read by discourse.io like collected data
        README.md                            what this is (skipped by the ingest as documentation)
        claims.csv                           claim catalogue (skipped by the ingest: not posts)
        twarc2/pilkada_kaltim_2024.jsonl     X API v2 search pages as twarc2 writes them
        tweet-harvest/pilkada_kaltim_2024.csv  tweet-harvest 2024 CSV (keyword-search subset)
    data/raw/synthetic_truth/                planted truth, a sibling (never read by the ingest
        README.md                            of data/raw/synthetic/)
        accounts.csv  posts.csv  follows.parquet  counts.json

``counts.json`` holds the planted counts, including what the readers must report.

Command line (wired into ``discourse synth`` by the CLI)::

    python -m discourse.synth.generate --seed 2024 --posts 50000
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from .actions import ORIG, QUOTE, REPLY, RT, Posts, simulate
from .config import SynthConfig
from .population import CAMPS, TYPES, build_follows, build_population
from .timeline import window
from .writers import (
    build_texts,
    write_accounts,
    write_claims,
    write_harvest_csv,
    write_posts_truth,
    write_twarc2,
)

__all__ = ["expected_counts", "generate", "main"]

STEM = "pilkada_kaltim_2024"


def _release_memory() -> None:
    """Hand freed memory back to the system between stages, so that the peak of one stage
    does not stack on the leftovers of the previous one (glibc keeps freed heap memory,
    pyarrow's pool keeps freed buffers)."""
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except (ImportError, AttributeError):  # pragma: no cover - old pyarrow
        pass
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):  # pragma: no cover - not glibc
            pass


def _check_dirs(out_dir: Path, truth_dir: Path) -> None:
    o, t = out_dir.resolve(), truth_dir.resolve()
    if o == t or o in t.parents or t in o.parents:
        raise ValueError(
            f"truth_dir {truth_dir} and out_dir {out_dir} must be separate (siblings): the "
            "truth must never be read by an ingest of the raw folder"
        )


def expected_counts(posts: Posts, *, per_page: int) -> dict:
    """What an ingest of the twarc2 pages must report, computed from the planted posts.

    ``references_added``: distinct referenced posts outside the collection that are not
    deleted (they are in ``includes.tweets``; collected ones merge into their collected
    record). ``references_seen``: rows of ``includes.tweets`` over all pages (a post is
    included once per page that references it). ``deleted_originals``: distinct deleted
    referenced posts (the reader counts distinct ids of "Could not find tweet" errors);
    ``deleted_error_objects``: those error objects, one per page and deleted referenced post.

    Examples
    --------
    >>> import numpy as np
    >>> from discourse.synth.actions import simulate
    >>> from discourse.synth.population import build_follows, build_population
    >>> cfg = SynthConfig(n_posts=1000, seed=1)
    >>> s_pop, s_graph, s_act = np.random.SeedSequence(cfg.seed).spawn(3)
    >>> pop = build_population(np.random.default_rng(s_pop), cfg.min_accounts)
    >>> g = build_follows(np.random.default_rng(s_graph), pop, homophily=cfg.homophily)
    >>> c = expected_counts(simulate(cfg, pop, g, s_act), per_page=100)
    >>> c["read"] == c["accepted"] == 1000, c["rejected_total"]
    (True, 0)
    """
    c = posts.collected
    coll = np.flatnonzero(c)[::-1]
    page = np.arange(len(coll)) // per_page
    par = posts.api_parent[coll]
    has = par >= 0
    pg, par = page[has], par[has]
    dele = posts.deleted[par]
    pairs = np.unique(pg[~dele] * posts.n + par[~dele])
    err_pairs = np.unique(pg[dele] * posts.n + par[dele])
    ref = np.unique(par)
    added = int((~posts.collected[ref] & ~posts.deleted[ref]).sum())
    k = posts.kind[c]
    return {
        "read": int(c.sum()),
        "accepted": int(c.sum()),
        "rejected_total": 0,
        "duplicates": 0,
        "references_seen": len(pairs),
        "references_added": added,
        "references_merged": len(pairs) - added,
        "deleted_originals": int(np.unique(par[dele]).size),
        "deleted_error_objects": len(err_pairs),
        "kinds": {
            "original": int((k == ORIG).sum()),
            "retweet": int((k == RT).sum()),
            "quote": int((k == QUOTE).sum()),
            "reply": int((k == REPLY).sum()),
        },
        "authors": len(np.unique(posts.author[c])),
    }


def _counts(cfg: SynthConfig, pop, n_edges: int, posts: Posts, texts, tw: dict, hv: dict) -> dict:
    c = posts.collected
    k = posts.kind
    par = posts.api_parent[c & (posts.api_parent >= 0)]
    ref = np.unique(par)
    ref_orig = ref[k[ref] == ORIG]
    t_start, _ = window(cfg.start, cfg.end)
    unc = ref_orig[~posts.collected[ref_orig]]
    by_claim = {}
    for ci, cid in enumerate(posts.claim_ids):
        m = c & (posts.claim == ci)
        by_claim[cid] = {
            "hoax": int((m & (posts.role == 1)).sum()),
            "debunk": int((m & (posts.role == 2)).sum()),
        }
    type_n = pop.type_name()
    exp = expected_counts(posts, per_page=cfg.per_page)
    assert exp["references_seen"] == tw["includes_tweets"], (exp, tw)
    assert exp["deleted_error_objects"] == tw["error_objects"], (exp, tw)
    return {
        "generator": "discourse.synth",
        "synthetic": True,
        "config": cfg.to_dict(),
        "accounts": {
            "total": int(pop.n),
            "by_type": {t: int((type_n == t).sum()) for t in TYPES},
            "by_camp": {cn: int((pop.camp == i).sum()) for i, cn in enumerate(CAMPS)},
            "public_actor_stand_ins": int(pop.public_actor.sum()),
            "squads": int(pop.n_squads),
            "follows": int(n_edges),
        },
        "posts": {
            "generated": int(posts.n),
            "collected": int(c.sum()),
            "by_kind": exp["kinds"],
            "authors": exp["authors"],
            "not_collected": int((~c).sum()),
            "not_collected_referenced": len(unc),
            "not_collected_older_than_window": int((posts.t[unc] < t_start).sum()),
            "not_collected_not_matching": int((posts.t[unc] >= t_start).sum()),
            "deleted": int(posts.deleted.sum()),
            "referenced_originals": len(ref_orig),
            "referenced_originals_collected": int(posts.collected[ref_orig].sum()),
        },
        "hoaxes": {
            "claims": len(posts.claim_ids),
            "hoax_posts": int((c & (posts.role == 1)).sum()),
            "debunk_posts": int((c & (posts.role == 2)).sum()),
            "by_claim": by_claim,
            "claims_moved_into_window": posts.notes.get("claims_moved_into_window", {}),
        },
        "bursts": {
            "count": int(posts.n_bursts),
            "posts": int((posts.burst >= 0).sum()),
        },
        "squad_retweets_within_2_minutes": int(posts.notes.get("squad_retweets", 0)),
        "twarc2": {
            "files": [f"twarc2/{f}" for f in tw["files"]],
            "pages": tw["pages"],
            "expected_report": exp,
        },
        "tweet_harvest": {
            "file": f"tweet-harvest/{STEM}.csv",
            "selection": "collected posts whose text contains one of config.harvest_keywords "
            "(a keyword search); native retweets only with config.harvest_retweet_share > 0",
            "expected_report": {
                "read": hv["rows"],
                "accepted": hv["rows"],
                "rejected_total": 0,
                "duplicates": 0,
                "kinds": {
                    "original": hv["original"],
                    "retweet": hv["retweet"],
                    "quote": 0,
                    "reply": hv["reply"],
                },
                "quotes_read_as_originals": hv["quotes_among_originals"],
                "authors": hv["authors"],
            },
        },
        "text_store_bytes": int(texts.nbytes),
    }


_RAW_README = """# Synthetic corpus: Pilkada Kaltim 2024 (NOT real posts)

Every post, account and link in this folder is synthetic, written by `discourse.synth`
(seed {seed}, {n_posts} collected posts). Handles are fictional; accounts ending in `_demo` are
labelled stand-ins for public actors (see `src/discourse/data/public_actors.csv`). Candidates and
institutions are named only as subjects of text. Hoax texts are synthetic templates, each paired
with debunks. Do not redistribute them as real content.

- `twarc2/`: X API v2 search pages as `twarc2 search` writes them.
- `tweet-harvest/`: the same collection as a tweet-harvest 2024 CSV (a keyword-search subset).
- `claims.csv`: the claim catalogue of the planted hoaxes (not posts).

The planted truth lives in the sibling folder `{truth}` (never inside this one).
"""

_TRUTH_README = """# Planted truth of the synthetic corpus in `{raw}`

Written by `discourse.synth` (seed {seed}). Kept apart from the raw posts so that no ingest of
the raw folder can read it by accident. Ids are strings of digits.

## accounts.csv
account_id, handle, type (citizen, supporter, buzzer, official, institution, media, factcheck,
influencer, kk_activist, scam), camp (01, 02, neutral, kk), region (Kaltim regency/city),
followers (as the platform shows them), followers_in_corpus / following_in_corpus (degrees in
follows.parquet), squad (buzzer squad number, empty otherwise), public_actor (labelled stand-in).

## posts.csv
Every generated post, collected or not. post_id, kind (original, retweet, quote, reply),
author_id, author_handle, topic (narrative index 0..11, -1 none), narrative (key), claim_id
(H1..H11 or empty), role (hoax, debunk, none; "hoax" marks posts spreading the claim, also for
H10, an allegation whose catalogue verdict says it is not a proven hoax), api_parent_id (what
the platform shows: retweet -> retweeted post, quote -> quoted post, reply -> replied post),
true_parent_id (where the post really came from: for a retweet the root or the earlier retweet
its author saw it in, for quotes and replies the API parent), root_id (top of the chain of API
parents: the post that started the cascade), conversation_id (reply-thread root), collected
(false: referenced original outside the collection, older than the window or not matching the
query), deleted (deleted before collection: absent from the files, reported in page errors),
in_harvest_csv (in the tweet-harvest CSV), burst_id (buzzer burst of near-duplicates, empty
otherwise), toxic (contains a polarisation slur), created_at (UTC).

## follows.parquet
The follower graph: follower_id -> followee_id (account ids).

## counts.json
The planted counts, the parameters, and the exact report the ingest must give for each raw
file (`twarc2.expected_report`, `tweet_harvest.expected_report`).
"""


def generate(
    out_dir: str | Path = "data/raw/synthetic",
    truth_dir: str | Path = "data/raw/synthetic_truth",
    config: SynthConfig | None = None,
) -> dict:
    """Generate the corpus, its truth and the claim catalogue; return the planted counts.

    Parameters
    ----------
    out_dir : path
        Raw folder (``twarc2/``, ``tweet-harvest/``, ``claims.csv``, ``README.md``).
    truth_dir : path
        Truth folder, a sibling of ``out_dir`` (never inside it): ``accounts.csv``,
        ``posts.csv``, ``follows.parquet``, ``counts.json``, ``README.md``.
    config : SynthConfig, optional
        Parameters (default ``SynthConfig()``: seed 2024, 50,000 collected posts).

    Returns
    -------
    dict
        The planted counts, as written to ``truth_dir/counts.json``.

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> c = generate(os.path.join(d, "raw"), os.path.join(d, "truth"),
    ...              SynthConfig(n_posts=2000, seed=7))
    >>> c["posts"]["collected"], c["posts"]["by_kind"]["retweet"]
    (2000, 900)
    >>> from discourse.io import read_posts
    >>> _, report = read_posts(os.path.join(d, "raw", "twarc2"))
    >>> report.accepted == c["twarc2"]["expected_report"]["accepted"]
    True
    """
    cfg = config or SynthConfig()
    out_dir, truth_dir = Path(out_dir), Path(truth_dir)
    _check_dirs(out_dir, truth_dir)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    s_pop, s_graph, s_act = np.random.SeedSequence(cfg.seed).spawn(3)
    n_acc = max(cfg.min_accounts, round(cfg.accounts_per_post * cfg.n_posts))
    pop = build_population(np.random.default_rng(s_pop), n_acc, buzzer_squads=cfg.buzzer_squads)
    g = build_follows(
        np.random.default_rng(s_graph),
        pop,
        homophily=cfg.homophily,
        mean_following=cfg.mean_following,
        hub_share=cfg.hub_follow_share,
    )
    timings["population"] = time.perf_counter() - t0
    posts = simulate(cfg, pop, g, s_act)
    timings["actions"] = time.perf_counter() - t0 - timings["population"]
    _release_memory()
    t1 = time.perf_counter()
    write_accounts(pop, g, truth_dir)
    in_deg, out_deg, n_edges = g.in_degree(), g.out_degree(), g.n_edges
    del g  # the graph is no longer needed: free it before the texts and the writers
    _release_memory()
    timings["truth"] = time.perf_counter() - t1
    t1 = time.perf_counter()
    texts = build_texts(
        posts,
        pop,
        seed=cfg.seed,
        keywords=cfg.harvest_keywords,
        harvest_retweet_share=cfg.harvest_retweet_share,
    )
    timings["texts"] = time.perf_counter() - t1
    _release_memory()
    t1 = time.perf_counter()
    write_posts_truth(posts, pop, texts, truth_dir)
    timings["truth"] += time.perf_counter() - t1
    _release_memory()
    t1 = time.perf_counter()
    tw = write_twarc2(
        posts,
        pop,
        texts,
        in_deg,
        out_deg,
        out_dir / "twarc2",
        end=cfg.end,
        per_page=cfg.per_page,
        posts_per_file=cfg.posts_per_file,
        stem=STEM,
    )
    timings["twarc2"] = time.perf_counter() - t1
    t1 = time.perf_counter()
    hv = write_harvest_csv(posts, pop, texts, in_deg, out_dir / "tweet-harvest" / f"{STEM}.csv")
    timings["harvest"] = time.perf_counter() - t1
    write_claims(posts, out_dir / "claims.csv")
    rel_truth = truth_dir.name if truth_dir.parent == out_dir.parent else str(truth_dir)
    (out_dir / "README.md").write_text(
        _RAW_README.format(seed=cfg.seed, n_posts=cfg.n_posts, truth=f"../{rel_truth}/"),
        encoding="utf-8",
    )
    counts = _counts(cfg, pop, n_edges, posts, texts, tw, hv)
    (truth_dir / "README.md").write_text(
        _TRUTH_README.format(raw=out_dir.name, seed=cfg.seed), encoding="utf-8"
    )
    (truth_dir / "counts.json").write_bytes(
        json.dumps(counts, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"
    )
    counts["timings_s"] = {k: round(v, 2) for k, v in timings.items()}  # not written: varies
    return counts


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--seed --posts --homophily --out --truth``; prints the main counts.

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> main(["--posts", "1000", "--out", os.path.join(d, "r"), "--truth", os.path.join(d, "t")])
    ... # doctest: +ELLIPSIS
    wrote 1,000 collected posts ...
    0
    """
    ap = argparse.ArgumentParser(
        prog="discourse synth",
        description="Generate the synthetic Pilkada Kaltim 2024 corpus (raw files, truth, "
        "claim catalogue).",
    )
    ap.add_argument("--seed", type=int, default=SynthConfig.seed)
    ap.add_argument("--posts", type=int, default=SynthConfig.n_posts, help="collected posts")
    ap.add_argument(
        "--homophily",
        type=float,
        default=SynthConfig.homophily,
        help="share of follows inside the own camp (0 random mixing .. 1 own camp only)",
    )
    ap.add_argument("--out", default="data/raw/synthetic", help="raw output folder")
    ap.add_argument("--truth", default="data/raw/synthetic_truth", help="truth folder (sibling)")
    args = ap.parse_args(argv)
    cfg = SynthConfig(seed=args.seed, n_posts=args.posts, homophily=args.homophily)
    c = generate(args.out, args.truth, cfg)
    p = c["posts"]
    print(
        f"wrote {p['collected']:,} collected posts ({', '.join(f'{k} {v:,}' for k, v in p['by_kind'].items())}) "  # noqa: E501
        f"by {p['authors']:,} authors; {p['not_collected_referenced']:,} referenced originals "
        f"outside the collection ({p['deleted']:,} deleted); {c['accounts']['total']:,} accounts"
    )
    print(
        f"hoax posts {c['hoaxes']['hoax_posts']:,}, debunk posts {c['hoaxes']['debunk_posts']:,} "
        f"over {c['hoaxes']['claims']} claims; {c['bursts']['count']} buzzer bursts"
    )
    print(f"raw: {args.out}/  truth: {args.truth}/  ({c['timings_s']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
