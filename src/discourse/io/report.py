"""The ingest report and rejected records: what was read, kept, refused and merged.

Nothing is lost: for every input file, ``read == accepted + rejected + duplicates``, where
``read`` counts post records (a tweet in a twarc2 page, a CSV row, a JSON line that could not
be parsed), ``accepted`` the collected posts that are in the final table, ``rejected`` those
written to ``rejects.jsonl`` with a reason, and ``duplicates`` records dropped because the same
post was kept from another record (see :func:`discourse.io.read_posts` for which record wins).

Posts seen only as referenced material (an original in ``includes.tweets``, a
``retweeted_status``) are accounted separately: ``references_seen == references_added +
references_merged``.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

#: Why a record was rejected. Every reject carries one of these.
REJECT_REASONS: dict[str, str] = {
    "bad_utf8": "the line is not valid UTF-8",
    "bad_json": "the line is not valid JSON",
    "truncated": "the last line of the file is cut off (incomplete JSON, no final newline)",
    "wrong_type": "the record or one of its fields has the wrong JSON type",
    "not_a_post": "the record is not a post (no text), e.g. a user object in a tweet file",
    "missing_id": "the record has no post id",
    "bad_date": "created_at is missing or cannot be parsed",
    "wrong_field_count": "the CSV row has a different number of fields than its header",
    "id_lost_precision": "the id was written as a float that lost digits and tweet_url "
    "does not hold it",
    "missing_endpoint": "an edge-list row has an empty source or target",
}


@dataclass
class Reject:
    """One rejected record, as written to ``rejects.jsonl``.

    Examples
    --------
    >>> r = Reject("tweets.csv", 7, "bad_date", "created_at 'kemarin sore'", "...",
    ...            field="created_at")
    >>> r.to_dict()["reason"], r.to_dict()["line"]
    ('bad_date', 7)
    """

    file: str
    line: int | None
    reason: str
    detail: str
    raw: str
    field: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class FileReport:
    """Counts for one input file (or one worksheet of a workbook).

    ``read == accepted + rejected_total + duplicates`` (:meth:`reconciles`).

    Examples
    --------
    >>> from collections import Counter
    >>> f = FileReport("tweets.csv", "harvest-csv", read=10, accepted=7,
    ...                rejected=Counter(bad_date=2), duplicates=1)
    >>> f.rejected_total, f.reconciles()
    (2, True)
    """

    path: str
    format: str
    read: int = 0
    accepted: int = 0
    rejected: Counter = field(default_factory=Counter)
    duplicates: int = 0
    references_seen: int = 0
    references_added: int = 0
    references_merged: int = 0
    references_invalid: int = 0
    #: distinct referenced originals the API reported missing (deleted or protected)
    deleted_originals: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    def reconciles(self) -> bool:
        return self.read == self.accepted + self.rejected_total + self.duplicates

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["rejected"] = dict(sorted(self.rejected.items()))
        d["rejected_total"] = self.rejected_total
        return d


@dataclass
class SkippedFile:
    """A file (or worksheet) that holds no posts and was not read, with the reason.

    Examples
    --------
    >>> SkippedFile("counts.jsonl", "tweet counts, not posts", "twarc2-counts").to_dict()
    {'path': 'counts.jsonl', 'reason': 'tweet counts, not posts', 'format': 'twarc2-counts'}
    """

    path: str
    reason: str
    format: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class IngestReport:
    """What an ingest did: per-file counts, skipped files, and totals that reconcile.

    Examples
    --------
    >>> r = IngestReport()
    >>> r.read, r.accepted, r.reconciles()
    (0, 0, True)
    """

    files: list[FileReport] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)

    def _sum(self, name: str) -> int:
        return sum(getattr(f, name) for f in self.files)

    @property
    def read(self) -> int:
        return self._sum("read")

    @property
    def accepted(self) -> int:
        return self._sum("accepted")

    @property
    def duplicates(self) -> int:
        return self._sum("duplicates")

    @property
    def rejected(self) -> Counter:
        total: Counter = Counter()
        for f in self.files:
            total.update(f.rejected)
        return total

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    @property
    def references_added(self) -> int:
        return self._sum("references_added")

    @property
    def references_seen(self) -> int:
        return self._sum("references_seen")

    @property
    def references_merged(self) -> int:
        return self._sum("references_merged")

    @property
    def deleted_originals(self) -> int:
        return self._sum("deleted_originals")

    def reconciles(self) -> bool:
        """True when every file, and so the total, satisfies read = accepted + rejected + dups."""
        refs_ok = all(
            f.references_seen == f.references_added + f.references_merged for f in self.files
        )
        return all(f.reconciles() for f in self.files) and refs_ok

    def check(self) -> None:
        """Raise ``AssertionError`` naming the first file whose counts do not reconcile."""
        for f in self.files:
            if not f.reconciles():
                raise AssertionError(
                    f"{f.path}: read {f.read} != accepted {f.accepted} + rejected "
                    f"{f.rejected_total} + duplicates {f.duplicates}"
                )
            if f.references_seen != f.references_added + f.references_merged:
                raise AssertionError(
                    f"{f.path}: references seen {f.references_seen} != added "
                    f"{f.references_added} + merged {f.references_merged}"
                )

    def totals(self) -> dict[str, Any]:
        return {
            "files_read": len(self.files),
            "files_skipped": len(self.skipped),
            "read": self.read,
            "accepted": self.accepted,
            "rejected": dict(sorted(self.rejected.items())),
            "rejected_total": self.rejected_total,
            "duplicates": self.duplicates,
            "references_seen": self.references_seen,
            "references_added": self.references_added,
            "references_merged": self.references_merged,
            "deleted_originals": self.deleted_originals,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "totals": self.totals(),
            "files": [f.to_dict() for f in self.files],
            "skipped": [s.to_dict() for s in self.skipped],
        }

    def summary(self) -> str:
        """A human-readable multi-line summary (printed by the CLI)."""
        t = self.totals()
        lines = [
            f"files read: {t['files_read']}, skipped: {t['files_skipped']}",
            f"records read: {t['read']:,}",
            f"  accepted:   {t['accepted']:,}",
            f"  rejected:   {t['rejected_total']:,}"
            + (
                " (" + ", ".join(f"{k} {v:,}" for k, v in t["rejected"].items()) + ")"
                if t["rejected"]
                else ""
            ),
            f"  duplicates: {t['duplicates']:,}",
            f"references added: {t['references_added']:,} "
            f"(seen {t['references_seen']:,}, merged {t['references_merged']:,}); "
            f"deleted originals reported by the API: {t['deleted_originals']:,}",
            "reconciles: " + ("yes" if self.reconciles() else "NO"),
        ]
        for s in self.skipped:
            lines.append(f"skipped {s.path}: {s.reason}")
        return "\n".join(lines)
