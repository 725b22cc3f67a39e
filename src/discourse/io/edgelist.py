"""Edge lists given as input to the network stage (not posts).

Some data sets come as ready-made edge lists: a CSV with a header and two account columns,
e.g. ``username,reposted_username`` (who reposted whom) or ``source,target`` (who mentioned
whom). :func:`read_edgelist` reads one into the edge-table shape of the network stage
(DESIGN.md §3: ``source`` is the acting account, ``target`` the account acted upon, ``weight``
the number of rows for the pair) and accounts for every row in an :class:`EdgeListReport`.

Handles are kept as written, with surrounding whitespace stripped; they are **not** case-folded,
although X handles are case-insensitive (``Sudaryon0`` and ``SUDARYON0`` stay two nodes, and
such a row is not a self-loop). Fold case before calling the network code if the source mixes
cases for one account.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._rows import csv_records
from .report import Reject

__all__ = ["DIRECTIONS", "EdgeListReport", "read_edgelist"]

#: Accepted values of ``direction``.
DIRECTIONS: tuple[str, ...] = ("actor-target", "target-actor")


@dataclass
class EdgeListReport:
    """What :func:`read_edgelist` did with every data row of one file.

    ``rows_read == rows_rejected + self_loops_dropped + duplicate_rows + edges`` always
    (:meth:`reconciles`). A self-loop row that is dropped counts only in ``self_loops``, even
    when it repeats an earlier self-loop; with ``keep_self_loops`` a repeated self-loop counts
    in ``duplicate_rows`` like any repeated pair.

    Attributes
    ----------
    path : str
    rows_read : int
        Data rows (the header and blank lines are not rows).
    rows_rejected : int
        Rows with an empty endpoint (reason ``missing_endpoint``), the wrong number of fields
        (``wrong_field_count``) or bytes that are not UTF-8 (``bad_utf8``); each is in
        ``rejects`` with its line number.
    self_loops : int
        Rows whose two endpoints are equal (dropped unless ``keep_self_loops``).
    duplicate_rows : int
        Rows merged into a pair already seen (they add to its ``weight``).
    edges : int
        Distinct (source, target) pairs returned.
    nodes : int
        Distinct accounts among the returned edges.
    rejects : list of Reject
    direction, keep_self_loops : str, bool
        The options used.
    source_col, target_col : str
        The header columns that became ``source`` and ``target`` (after ``direction``).

    Examples
    --------
    >>> r = EdgeListReport("e.csv", rows_read=5, rows_rejected=1, self_loops=1,
    ...                    duplicate_rows=1, edges=2, nodes=3)
    >>> r.self_loops_dropped, r.reconciles()
    (1, True)
    """

    path: str
    rows_read: int = 0
    rows_rejected: int = 0
    self_loops: int = 0
    duplicate_rows: int = 0
    edges: int = 0
    nodes: int = 0
    rejects: list[Reject] = field(default_factory=list)
    direction: str = "actor-target"
    keep_self_loops: bool = False
    source_col: str | None = None
    target_col: str | None = None

    @property
    def self_loops_dropped(self) -> int:
        """Self-loop rows removed from the output (0 when they are kept)."""
        return 0 if self.keep_self_loops else self.self_loops

    def reconciles(self) -> bool:
        """``rows_read == rows_rejected + self_loops_dropped + duplicate_rows + edges``."""
        return self.rows_read == (
            self.rows_rejected + self.self_loops_dropped + self.duplicate_rows + self.edges
        )

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["self_loops_dropped"] = self.self_loops_dropped
        return d


def _choose_columns(
    header: list[str], source_col: str | None, target_col: str | None, path: str
) -> tuple[int, int]:
    for name, col in (("source_col", source_col), ("target_col", target_col)):
        if col is not None and col not in header:
            raise ValueError(f"{path}: {name} {col!r} is not in the header {header}")
    if source_col is not None and source_col == target_col:
        raise ValueError(f"{path}: source_col and target_col are both {source_col!r}")
    if source_col is None and target_col is None:
        return 0, 1
    if source_col is not None and target_col is not None:
        return header.index(source_col), header.index(target_col)
    given = header.index(source_col if source_col is not None else target_col)
    other = next(i for i in range(len(header)) if i != given)
    return (given, other) if source_col is not None else (other, given)


def read_edgelist(
    path: str | Path,
    *,
    direction: str = "actor-target",
    keep_self_loops: bool = False,
    source_col: str | None = None,
    target_col: str | None = None,
    casefold: bool = True,
) -> tuple[pd.DataFrame, EdgeListReport]:
    """Read a two-column edge-list CSV into a weighted edge table.

    Parameters
    ----------
    path : str or Path
        CSV with a header row; UTF-8 (a byte-order mark allowed); delimiter ``,``, ``;`` or
        tab, sniffed from the header line.
    direction : {"actor-target", "target-actor"}
        ``"actor-target"``: the first column is the acting account (the reposter, the
        mentioner), the second the account acted upon. ``"target-actor"`` swaps them (e.g. a
        file listing reposted accounts first).
    keep_self_loops : bool
        Keep rows whose two endpoints are equal (dropped by default, DESIGN.md §3).
    source_col, target_col : str, optional
        Header names of the first and second column to read (default: the header's first two
        columns; other columns are ignored). ``direction`` applies to them as to the defaults.
    casefold : bool
        Lowercase handles (default True): X handles are case-insensitive, and the posts table
        stores them lowercased, so ``Sudaryon0`` and ``SUDARYON0`` are one account (and an
        edge between them a self-loop). A leading ``@`` is removed.

    Returns
    -------
    edges : pandas.DataFrame
        Columns ``source``, ``target`` (handles lowercased unless ``casefold=False``, ``@`` and
        whitespace stripped) and
        ``weight`` (int64, the number of rows for the pair), one row per distinct pair,
        sorted by (source, target).
    report : EdgeListReport
        Counts that reconcile with the rows read, and the rejected rows.

    Raises
    ------
    ValueError
        Naming the file: a header with fewer than two columns, an empty file, a header that is
        not UTF-8, an unknown ``direction``, a ``source_col``/``target_col`` not in the header.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "reposts.csv")
    >>> _ = open(p, "w").write("username,reposted_username\\n"
    ...     "ana,kpu\\nana,kpu\\nbudi,kpu\\ncici,cici\\ndodi,\\n")
    >>> edges, rep = read_edgelist(p)
    >>> edges.values.tolist()
    [['ana', 'kpu', 2], ['budi', 'kpu', 1]]
    >>> (rep.rows_read, rep.rows_rejected, rep.self_loops, rep.duplicate_rows, rep.edges,
    ...  rep.nodes, rep.reconciles())
    (5, 1, 1, 1, 2, 3, True)
    >>> rep.rejects[0].line, rep.rejects[0].reason
    (6, 'missing_endpoint')
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, got {direction!r}")
    p = Path(path)
    name = str(p)
    pairs: dict[tuple[str, str], int] = {}
    with open(p, "rb") as fh:
        header, _, records, _ = csv_records(fh, source=name)
        header = [h.strip() for h in header]
        if len(header) < 2:
            raise ValueError(
                f"{name}: an edge list needs at least two columns; the header has {header}"
            )
        i_first, i_second = _choose_columns(header, source_col, target_col, name)
        i_src, i_dst = (i_first, i_second) if direction == "actor-target" else (i_second, i_first)
        report = EdgeListReport(
            path=name,
            direction=direction,
            keep_self_loops=keep_self_loops,
            source_col=header[i_src],
            target_col=header[i_dst],
        )

        def reject(line: int, reason: str, detail: str, raw: str, fld: str | None) -> None:
            report.rows_read += 1
            report.rows_rejected += 1
            report.rejects.append(Reject(name, line, reason, detail, raw, fld))

        for rec in records:
            start, row, raw = rec.line, rec.row, rec.raw
            if rec.problem is not None:
                reject(start, *rec.problem, raw, None)
                continue
            src, dst = row[i_src].strip().lstrip("@"), row[i_dst].strip().lstrip("@")
            if casefold:
                src, dst = src.lower(), dst.lower()
            if not src or not dst:
                col = header[i_src] if not src else header[i_dst]
                reject(start, "missing_endpoint", f"empty endpoint in column {col!r}", raw, col)
                continue
            report.rows_read += 1
            if src == dst:
                report.self_loops += 1
                if not keep_self_loops:
                    continue
            key = (src, dst)
            if key in pairs:
                report.duplicate_rows += 1
                pairs[key] += 1
            else:
                pairs[key] = 1
    keys = sorted(pairs)
    edges = pd.DataFrame(
        {
            "source": pd.Series([k[0] for k in keys], dtype="str"),
            "target": pd.Series([k[1] for k in keys], dtype="str"),
            "weight": np.array([pairs[k] for k in keys], dtype=np.int64),
        }
    )
    report.edges = len(keys)
    report.nodes = len({k[0] for k in keys} | {k[1] for k in keys})
    return edges, report
