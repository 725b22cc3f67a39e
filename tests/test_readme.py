"""The README documents what the code supports (so the two cannot drift apart)."""

from __future__ import annotations

from pathlib import Path

from discourse.io import NOT_POSTS, POST_FORMATS, REJECT_REASONS

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_post_format_is_documented():
    missing = [k for k in POST_FORMATS if f"`{k}`" not in README and k not in README]
    assert not missing, f"formats missing from README.md: {missing}"


def test_every_refused_kind_and_reject_reason_is_documented():
    words = {
        "twarc2-counts": "counts",
        "twarc2-users": "user",
        "twarc2-lists": "lists",
        "compliance": "compliance",
        "edgelist": "Edge lists",
        "empty": "empty",
        "v2-no-data": "no posts",
        "claim-catalogue": "claim catalogue",
    }
    assert set(words) == set(NOT_POSTS)
    assert all(w in README for w in words.values())
    missing = [r for r in REJECT_REASONS if f"`{r}`" not in README]
    assert not missing, f"reject reasons missing from README.md: {missing}"


def test_the_two_commands_are_in_the_readme():
    assert "make reproduce" in README and "make test" in README
