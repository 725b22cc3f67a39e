"""Edge-list reader (discourse.io.edgelist): hand-made fixtures explained in
tests/data/edgelist/README.md, and the real repost/mention edge lists in ../shared/data, checked
against an independent pandas count (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discourse.io.edgelist import EdgeListReport, read_edgelist
from discourse.io.report import REJECT_REASONS

FIXTURES = Path(__file__).parent / "data" / "edgelist"
REPOSTS = FIXTURES / "reposts.csv"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
PEMILU = SHARED / "retweet-edgelist-pemilu2024-galuhramaditya"
PILKADA_MENTIONS = SHARED / "tweet-harvest-pilkada2024-andihisyam" / "data_mention_pilkada.csv"


def counts(r: EdgeListReport) -> tuple[int, ...]:
    return (r.rows_read, r.rows_rejected, r.self_loops, r.duplicate_rows, r.edges, r.nodes)


# ------------------------------------------------------------------------------------------
# Hand-made fixtures


def test_fixture_counts_reconcile():
    _, rep = read_edgelist(REPOSTS)
    # README: read 9 = rejected 2 + self-loops 2 + duplicates 2 + edges 3; nodes 5
    assert counts(rep) == (9, 2, 2, 2, 3, 5)
    _, kept = read_edgelist(REPOSTS, casefold=False)
    assert counts(kept) == (9, 2, 2, 1, 4, 6)
    assert rep.self_loops_dropped == 2
    assert rep.reconciles()
    assert (rep.source_col, rep.target_col) == ("username", "reposted_username")


def test_fixture_edges_are_weighted_sorted_and_casefolded():
    edges, _ = read_edgelist(REPOSTS)
    assert list(edges.columns) == ["source", "target", "weight"]
    assert edges["weight"].dtype == "int64"
    assert edges.values.tolist() == [
        ["ana", "kpu_kaltim", 3],  # "Ana" is the same X account as "ana"
        ["budi", "kpu_kaltim", 1],
        ["cici", "paslon_a", 1],  # " cici , paslon_a " stripped
    ]
    assert edges["weight"].sum() == 9 - 2 - 2  # every kept row is in some weight
    as_written, _ = read_edgelist(REPOSTS, casefold=False)
    assert ["Ana", "kpu_kaltim", 1] in as_written.values.tolist()


def test_fixture_rejects_have_reason_and_line():
    _, rep = read_edgelist(REPOSTS)
    assert [(r.line, r.reason, r.field, r.raw) for r in rep.rejects] == [
        (8, "missing_endpoint", "reposted_username", "dodi,"),
        (9, "wrong_field_count", None, "eko,paslon_a,extra"),
    ]
    assert all(r.reason in REJECT_REASONS and r.file == str(REPOSTS) for r in rep.rejects)


def test_keep_self_loops_moves_repeated_loops_to_duplicates():
    edges, rep = read_edgelist(REPOSTS, keep_self_loops=True)
    # README: self_loops 2 (none dropped), duplicates 3, edges 4
    assert counts(rep) == (9, 2, 2, 3, 4, 5)
    assert rep.self_loops_dropped == 0 and rep.reconciles()
    assert edges.set_index(["source", "target"])["weight"][("cici", "cici")] == 2


def test_target_actor_swaps_columns():
    fwd, _ = read_edgelist(REPOSTS)
    rev, rep = read_edgelist(REPOSTS, direction="target-actor")
    assert (rep.source_col, rep.target_col) == ("reposted_username", "username")
    swapped = fwd.rename(columns={"source": "target", "target": "source"})
    swapped = swapped[["source", "target", "weight"]].sort_values(["source", "target"])
    assert rev.values.tolist() == swapped.values.tolist()
    assert rev["source"].is_monotonic_increasing


def test_named_columns_and_semicolons():
    edges, rep = read_edgelist(
        FIXTURES / "mentions_semicolon.csv", source_col="source", target_col="target"
    )
    assert edges.values.tolist() == [
        ["ana", "kpu_kaltim", 2],
        ["ana", "paslon_a", 1],
        ["budi", "kpu_kaltim", 1],
    ]
    assert counts(rep) == (4, 0, 0, 1, 3, 4)


def test_fewer_than_two_columns_raises_naming_the_file():
    with pytest.raises(ValueError, match=r"one_column\.csv.*at least two columns"):
        read_edgelist(FIXTURES / "one_column.csv")


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"direction": "both"}, "direction must be one of"),
        ({"source_col": "nope"}, r"reposts\.csv: source_col 'nope' is not in the header"),
        ({"source_col": "username", "target_col": "username"}, "both 'username'"),
    ],
)
def test_bad_options_raise(kwargs, match):
    with pytest.raises(ValueError, match=match):
        read_edgelist(REPOSTS, **kwargs)


def test_empty_file_raises(tmp_path):
    p = tmp_path / "e.csv"
    p.write_bytes(b"")
    with pytest.raises(ValueError, match=r"e\.csv.*empty"):
        read_edgelist(p)


def test_header_only_gives_an_empty_typed_table(tmp_path):
    p = tmp_path / "h.csv"
    p.write_text("source,target\n", encoding="utf-8")
    edges, rep = read_edgelist(p)
    assert edges.empty and list(edges.columns) == ["source", "target", "weight"]
    assert edges["weight"].dtype == "int64"
    assert counts(rep) == (0, 0, 0, 0, 0, 0) and rep.reconciles()


def test_bad_utf8_row_is_rejected(tmp_path):
    p = tmp_path / "b.csv"
    p.write_bytes(b"source,target\nana,kpu\ncaf\xe9,kpu\n")
    _, rep = read_edgelist(p)
    assert [(r.line, r.reason) for r in rep.rejects] == [(3, "bad_utf8")]
    assert counts(rep) == (2, 1, 0, 0, 1, 2)


_HANDLES = st.sampled_from(["a", "b", "c", "A", " a", ""])


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(_HANDLES, _HANDLES), max_size=40), keep=st.booleans())
def test_reconciles_and_weights_sum_to_kept_rows(tmp_path_factory, rows, keep):
    p = tmp_path_factory.mktemp("e") / "x.csv"
    p.write_text("source,target\n" + "".join(f"{a},{b}\n" for a, b in rows), encoding="utf-8")
    edges, rep = read_edgelist(p, keep_self_loops=keep)
    assert rep.reconciles()
    assert rep.rows_read == len(rows)
    assert int(edges["weight"].sum()) == rep.rows_read - rep.rows_rejected - rep.self_loops_dropped
    assert rep.edges == len(edges) == len(edges.drop_duplicates(["source", "target"]))


# ------------------------------------------------------------------------------------------
# Real data


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared data not present: {path}")
    return path


def independent(path: Path) -> dict[str, int]:
    """Counts by pandas, without the reader: every row, all as strings."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    a, b = df.columns[:2]
    loop = df[a] == df[b]
    kept = df[~loop]
    return {
        "rows": len(df),
        "self_loops": int(loop.sum()),
        "duplicated_any": int(df.duplicated([a, b]).sum()),  # pandas' / PROVENANCE's count
        "duplicated_non_loop": int(kept.duplicated([a, b]).sum()),
        "pairs": len(kept.drop_duplicates([a, b])),
        "pairs_with_loops": len(df.drop_duplicates([a, b])),
        "nodes": len(set(kept[a]) | set(kept[b])),
        "accounts": len(set(df[a]) | set(df[b])),
    }


@pytest.mark.shared
def test_pemilu_cleaned_all_matches_provenance():
    path = need(PEMILU / "cleaned_all.csv")
    ind = independent(path)
    edges, rep = read_edgelist(path)
    # PROVENANCE: 28,407 edges, 21,060 distinct accounts, 0 self-loops, 0 duplicate rows
    assert (ind["rows"], ind["accounts"], ind["self_loops"], ind["duplicated_any"]) == (
        28_407,
        21_060,
        0,
        0,
    )
    assert counts(rep) == (28_407, 0, 0, 0, 28_407, 21_060)
    assert (edges["weight"] == 1).all() and rep.reconciles()


@pytest.mark.shared
@pytest.mark.parametrize(
    "name, rows, loops, dups_provenance, dups_non_loop",
    [
        ("raw_repost_from_reposted_username.csv", 25_670, 81, 4_157, 4_090),
        ("raw_repost_by_username.csv", 9_927, 320, 3_254, 2_988),
    ],
)
def test_pemilu_raw_lists_match_provenance(name, rows, loops, dups_provenance, dups_non_loop):
    path = need(PEMILU / name)
    ind = independent(path)
    assert (ind["rows"], ind["self_loops"], ind["duplicated_any"]) == (
        rows,
        loops,
        dups_provenance,
    )
    # Two definitions of "duplicate rows", both right for what they count. PROVENANCE's figure
    # is pandas' df.duplicated(): every repeat of an earlier row, self-loops included. The
    # reader drops self-loops first (DESIGN §3) and counts a dropped self-loop once, as a
    # self-loop, so that rows_read = rejected + self_loops_dropped + duplicates + edges adds
    # up; its duplicate_rows are the repeats among the other rows. The difference is the
    # repeated self-loops: 4,157 - 4,090 = 67 and 3,254 - 2,988 = 266. With keep_self_loops
    # the reader's count equals PROVENANCE's.
    assert ind["duplicated_non_loop"] == dups_non_loop
    _, rep = read_edgelist(path)
    assert counts(rep) == (rows, 0, loops, dups_non_loop, ind["pairs"], ind["nodes"])
    assert rep.reconciles()
    assert rows == loops + dups_non_loop + ind["pairs"]
    kept, rep_k = read_edgelist(path, keep_self_loops=True)
    assert (rep_k.self_loops, rep_k.duplicate_rows, rep_k.edges) == (
        loops,
        dups_provenance,
        ind["pairs_with_loops"],
    )
    assert rep_k.reconciles()
    assert int(kept["weight"].sum()) == rows


@pytest.mark.shared
def test_pemilu_repost_by_username_read_reversed():
    # PROVENANCE: in raw_repost_by_username.csv the roles look reversed (reposted accounts in
    # `username`): read it with direction="target-actor" so that source is the reposter.
    path = need(PEMILU / "raw_repost_by_username.csv")
    fwd, _ = read_edgelist(path)
    rev, rep = read_edgelist(path, direction="target-actor")
    assert rep.source_col == "reposted_username"
    assert set(zip(rev["source"], rev["target"], strict=True)) == set(
        zip(fwd["target"], fwd["source"], strict=True)
    )
    assert rep.edges == len(fwd)


@pytest.mark.shared
def test_pilkada_mention_list_matches_provenance():
    path = need(PILKADA_MENTIONS)
    ind = independent(path)
    edges, rep = read_edgelist(path, casefold=False)
    # PROVENANCE: 62 rows, header source,target (CRLF), 63 distinct handles (as written)
    assert (ind["rows"], ind["accounts"]) == (62, 63)
    assert counts(rep) == (62, 0, 0, ind["duplicated_non_loop"], ind["pairs"], 63)
    assert (rep.duplicate_rows, rep.edges) == (9, 53)
    assert rep.reconciles()
    # One row links "Sudaryon0" and "SUDARYON0". Kept as written they are two nodes; but X
    # handles are case-insensitive, so by default (casefold=True) they are one account and the
    # row is a self-loop, dropped: 52 edges; that account appears in no other row, so the edge
    # table has 61 nodes (62 distinct case-folded handles minus the one only in the self-loop).
    assert edges[(edges["source"] == "Sudaryon0") & (edges["target"] == "SUDARYON0")].shape[0] == 1
    folded, frep = read_edgelist(path)
    raw = pd.read_csv(path, dtype=str).apply(lambda c: c.str.strip().str.lower())
    loops = raw.iloc[:, 0] == raw.iloc[:, 1]
    assert loops.sum() == 1
    kept_nodes = set(raw[~loops].iloc[:, 0]) | set(raw[~loops].iloc[:, 1])
    assert (frep.self_loops, frep.edges, frep.nodes) == (1, 52, len(kept_nodes)) == (1, 52, 61)
    assert not ((folded["source"] == "sudaryon0") & (folded["target"] == "sudaryon0")).any()
    assert frep.reconciles()
    assert not edges["source"].str.endswith("\r").any()  # CRLF handled
