"""Pseudonymisation of accounts with a keyed hash, and the public-actor allowlist.

Processed tables name no private account. Every account id and handle (authors, the targets of
retweets, quotes and replies, ``mentions``, ``@handles`` inside ``text`` and handles inside
x.com/twitter.com status URLs) is replaced by a keyed BLAKE2b hash of its lowercased value
(RFC 7693; keyed BLAKE2 is a MAC, so without the key a pseudonym cannot be reversed by hashing
candidate handles). Ids become ``"id_<16 hex>"`` and handles ``"u_<12 hex>"``; the same
account gets the same pseudonym everywhere in a run, and in every run with the same key.

The key comes from the environment variable ``DISCOURSE_KEY`` (hex or any text), else from a
key file (default ``data/.discourse_key``), which is created with 32 random bytes on first use
and is git-ignored. The key is never written to any output.

Public actors (candidates, election bodies, police, media, fact-checkers) stay readable: they
are listed in an allowlist CSV (columns ``handle``, optional ``account_id``, ``name``,
``category``, ``verified``) that users edit. The package ships the public-actor stand-ins of the
synthetic Pilkada Kaltim 2024 corpus (:func:`default_allowlist_path`); the real institutions'
handles were not verified, so none is shipped: researchers add the accounts they have checked
(copy the file, add rows, pass its path).

Examples
--------
>>> p = Pseudonymiser(key=b"k" * 32, allow_handles={"kpu_prov_demo"})
>>> p.handle("KPU_Prov_Demo")
'kpu_prov_demo'
>>> p.handle("warga_123").startswith("u_")
True
>>> p.text("RT @warga_123: cek fakta dulu @KPU_Prov_Demo") == (
...     "RT @" + p.handle("warga_123") + ": cek fakta dulu @KPU_Prov_Demo")
True
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

KEY_ENV = "DISCOURSE_KEY"
DEFAULT_KEY_FILE = Path("data") / ".discourse_key"

#: Columns holding account ids / handles (scalars) in the posts table.
ID_COLUMNS = ("author_id", "retweeted_author_id", "quoted_author_id", "reply_to_author_id")
HANDLE_COLUMNS = (
    "author_handle",
    "retweeted_author_handle",
    "quoted_author_handle",
    "reply_to_author_handle",
)

# X handles are ASCII letters, digits and underscores. An '@' preceded by a letter, digit, '_'
# or another '@' (an e-mail address, '@@') does not start a mention.
_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_]{1,50})")
# A status URL's handle: x.com/<handle>/status or twitter.com/<handle>/status, where the domain
# starts the text or follows whitespace, '/' (https://), 'www.' or 'mobile.' (not netflix.com).
_STATUS_URL = re.compile(
    r"(?:^|(?<=[\s/])|(?<=www\.)|(?<=mobile\.))((?:twitter|x)\.com/)([A-Za-z0-9_]{1,50})"
    r"(?=/status)"
)


def default_allowlist_path() -> Path:
    """The allowlist shipped with the package (Pilkada Kaltim 2024 public actors).

    Examples
    --------
    >>> default_allowlist_path().name
    'public_actors.csv'
    """
    return Path(__file__).parent / "data" / "public_actors.csv"


def load_key(*, key_file: str | Path | None = None, create: bool = True) -> bytes:
    """Return the pseudonymisation key from ``$DISCOURSE_KEY`` or the key file.

    Parameters
    ----------
    key_file : path, optional
        Default ``data/.discourse_key`` under the current directory.
    create : bool
        Create the key file with 32 random bytes (mode 0600) if it does not exist.

    Returns
    -------
    bytes

    Raises
    ------
    FileNotFoundError
        No environment variable, no key file, and ``create`` is False.

    Examples
    --------
    >>> import os, tempfile
    >>> kf = os.path.join(tempfile.mkdtemp(), ".key")
    >>> len(load_key(key_file=kf)) == 32 and load_key(key_file=kf) == load_key(key_file=kf)
    True
    """
    env = os.environ.get(KEY_ENV)
    if env:
        try:
            return bytes.fromhex(env)
        except ValueError:
            return env.encode("utf-8")
    path = Path(key_file) if key_file is not None else DEFAULT_KEY_FILE
    if path.exists():
        return bytes.fromhex(path.read_text().strip())
    if not create:
        raise FileNotFoundError(
            f"no pseudonymisation key: set ${KEY_ENV} or create {path} (it is created on first "
            "use when create=True)"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key.hex() + "\n")
    os.replace(tmp, path)
    return key


@dataclass(frozen=True)
class Allowlist:
    """Public actors whose handles and ids stay readable.

    Examples
    --------
    >>> a = Allowlist(handles=frozenset({"kpu_prov_demo"}))
    >>> "kpu_prov_demo" in a.handles, "warga_1" in a.handles
    (True, False)
    """

    handles: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()
    names: dict = field(default_factory=dict, hash=False, compare=False)


def load_allowlist(path: str | Path | None = None) -> Allowlist:
    """Read a public-actor allowlist CSV (``handle`` required; ``account_id``, ``name``,
    ``category`` optional). ``None`` loads the shipped list.

    Raises
    ------
    ValueError
        The file has no ``handle`` column (the message names the file).

    Examples
    --------
    >>> a = load_allowlist()
    >>> "kpu_prov_demo" in a.handles
    True
    """
    path = Path(path) if path is not None else default_allowlist_path()
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    if rows and "handle" not in rows[0]:
        raise ValueError(f"{path}: allowlist needs a 'handle' column (found {list(rows[0])})")
    handles = frozenset(r["handle"].strip().lstrip("@").lower() for r in rows if r.get("handle"))
    ids = frozenset(r["account_id"].strip() for r in rows if (r.get("account_id") or "").strip())
    names = {
        r["handle"].strip().lstrip("@").lower(): r.get("name", "") for r in rows if r.get("handle")
    }
    return Allowlist(handles=handles, ids=ids, names=names)


class Pseudonymiser:
    """Keyed pseudonyms for account ids and handles (see the module docstring).

    Parameters
    ----------
    key : bytes
        The secret key (never stored in outputs).
    allow_handles, allow_ids : iterable of str
        Public actors kept readable (handles compared lowercased).

    Examples
    --------
    >>> p = Pseudonymiser(b"a secret key", allow_handles={"KPU_Prov_Demo"})
    >>> p.handle("@KPU_Prov_Demo")
    'kpu_prov_demo'
    >>> p.handle("Warga_1") == p.handle("warga_1") != "warga_1"
    True
    >>> p.account_id("1234").startswith("id_")
    True
    """

    def __init__(self, key: bytes, *, allow_handles=(), allow_ids=()):
        if not key:
            raise ValueError("an empty pseudonymisation key would make pseudonyms reversible")
        self._key = bytes(key)[:64]
        self.allow_handles = frozenset(h.lower().lstrip("@") for h in allow_handles)
        self.allow_ids = frozenset(allow_ids)
        self._handles: dict[str, str] = {}
        self._ids: dict[str, str] = {}

    @classmethod
    def from_allowlist(cls, key: bytes, allowlist: Allowlist) -> Pseudonymiser:
        return cls(key, allow_handles=allowlist.handles, allow_ids=allowlist.ids)

    def _digest(self, kind: bytes, value: str, size: int) -> str:
        h = hashlib.blake2b(kind + value.encode("utf-8"), key=self._key, digest_size=size)
        return h.hexdigest()

    def handle(self, value: str | None) -> str | None:
        """Pseudonym of a handle (lowercased first); allowlisted handles come back lowercased."""
        if value is None:
            return None
        v = value.lower().lstrip("@")
        out = self._handles.get(v)
        if out is None:
            out = v if v in self.allow_handles else "u_" + self._digest(b"handle:", v, 6)
            self._handles[v] = out
        return out

    def account_id(self, value: str | None) -> str | None:
        """Pseudonym of an account id; allowlisted ids are kept."""
        if value is None:
            return None
        out = self._ids.get(value)
        if out is None:
            out = value if value in self.allow_ids else "id_" + self._digest(b"id:", value, 8)
            self._ids[value] = out
        return out

    def text(self, value: str | None) -> str | None:
        """Replace ``@handles`` and status-URL handles in a text by their pseudonyms.

        Allowlisted handles keep their case as written.
        """
        if not value or ("@" not in value and ".com/" not in value):
            return value
        out = _MENTION.sub(lambda m: "@" + self._keep_case(m.group(1)), value)
        return _STATUS_URL.sub(lambda m: m.group(1) + self._keep_case(m.group(2)), out)

    def _keep_case(self, h: str) -> str:
        return h if h.lower() in self.allow_handles else self.handle(h)

    # -- vectorised over Arrow columns: hash each distinct value once --------------------------

    def _map_unique(self, arr: pa.Array, fn) -> pa.Array:
        if len(arr) == 0 or arr.null_count == len(arr):
            return arr
        enc = pc.dictionary_encode(arr)
        values = enc.dictionary.to_pylist()
        cache = self._handles if fn == self.handle else self._ids if fn == self.account_id else {}
        mapped = [cache.get(v) or fn(v) for v in values]
        return pc.take(pa.array(mapped, pa.string()), enc.indices)

    def _map_columns(
        self, out: pa.Table, names: tuple[str, ...], fn, lists: tuple[str, ...] = ()
    ) -> pa.Table:
        """Map several columns (and list columns) through ``fn`` with one dictionary pass."""
        names = tuple(c for c in names if c in out.column_names)
        lists = tuple(c for c in lists if c in out.column_names)
        if not names and not lists:
            return out
        pieces = [out.column(c).combine_chunks() for c in names]
        list_cols = [out.column(c).combine_chunks() for c in lists]
        pieces += [pc.list_flatten(c) for c in list_cols]
        mapped = self._map_unique(pa.concat_arrays(pieces), fn)
        start = 0
        for i, c in enumerate(names + lists):
            length = len(pieces[i])
            values = mapped.slice(start, length)
            start += length
            if c in lists:
                col = list_cols[i - len(names)]
                values = pa.ListArray.from_arrays(_offsets(col), values, mask=col.is_null())
            out = out.set_column(out.schema.get_field_index(c), c, values)
        return out

    def table(self, table: pa.Table) -> pa.Table:
        """Pseudonymise a posts table (Arrow); other columns are left as they are."""
        out = self._map_columns(table, ID_COLUMNS, self.account_id)
        out = self._map_columns(out, HANDLE_COLUMNS, self.handle, lists=("mentions",))
        if "urls" in out.column_names:
            col = out.column("urls").combine_chunks()
            values = self.texts(pc.list_flatten(col))
            new = pa.ListArray.from_arrays(_offsets(col), values, mask=col.is_null())
            out = out.set_column(out.schema.get_field_index("urls"), "urls", new)
        if "text" in out.column_names:
            col = self.texts(out.column("text").combine_chunks())
            out = out.set_column(out.schema.get_field_index("text"), "text", col)
        return out

    def texts(self, col: pa.Array) -> pa.Array:
        """:meth:`text` over an Arrow string array, vectorised (same result, element by element).

        Each separator (``@``, ``x.com/``, ``twitter.com/``) splits the texts into pieces; a
        piece that follows a separator in a valid position begins with the handle, which is
        replaced by its pseudonym. Only distinct handles are hashed in Python.
        """
        if len(col) == 0:
            return col
        col = self._replace_after(
            col, "@", r"^(?P<h>[A-Za-z0-9_]{1,50})", blocked_before=r"[\pL\pN_@]$"
        )
        for domain in ("twitter.com/", "x.com/"):
            col = self._replace_after(
                col,
                domain,
                r"^(?P<h>[A-Za-z0-9_]{1,50})/status",
                allowed_before=r"(?:[\s/]|www\.|mobile\.)$",
            )
        return col

    def _replace_after(
        self,
        col: pa.Array,
        sep: str,
        handle_re: str,
        *,
        blocked_before: str | None = None,
        allowed_before: str | None = None,
    ) -> pa.Array:
        hit = pc.fill_null(pc.match_substring(col, sep), False)
        if not pc.any(hit).as_py():
            return col
        sub = col.filter(hit)
        pieces = pc.split_pattern(sub, sep)
        flat = pc.list_flatten(pieces)
        n = len(flat)
        offs = pieces.offsets.to_numpy()
        pos = np.arange(n) - np.repeat(offs[:-1] - offs[0], np.diff(offs))
        handle = pc.struct_field(pc.extract_regex(flat, handle_re), "h")
        ok = (pos >= 1) & handle.is_valid().to_numpy(zero_copy_only=False)
        sel = np.flatnonzero(ok)
        if len(sel):
            before = flat.take(pa.array(sel - 1))
            empty = pc.utf8_length(before).to_numpy(zero_copy_only=False) == 0
            if blocked_before is not None:
                bad = pc.fill_null(pc.match_substring_regex(before, blocked_before), False)
                bad = bad.to_numpy(zero_copy_only=False)
            else:
                good = pc.fill_null(pc.match_substring_regex(before, allowed_before), False)
                bad = ~good.to_numpy(zero_copy_only=False)
            # an empty piece before: the separator starts the text (allowed) or directly
            # follows another separator, judged by that separator's last character
            sep_arr = pa.array([sep])
            if blocked_before is not None:
                after_sep_bad = pc.match_substring_regex(sep_arr, blocked_before)[0].as_py()
            else:
                after_sep_bad = not pc.match_substring_regex(sep_arr, allowed_before)[0].as_py()
            bad = np.where(empty, (pos[sel] != 1) & after_sep_bad, bad)
            sel = sel[~bad]
        if not len(sel):
            return col
        hs = handle.take(pa.array(sel))
        enc = pc.dictionary_encode(pc.utf8_lower(hs))
        mapped = pa.array(
            [
                None if v in self.allow_handles else self.handle(v)
                for v in enc.dictionary.to_pylist()
            ],
            pa.string(),
        )
        new_h = pc.coalesce(pc.take(mapped, enc.indices), hs)
        hlen = pc.utf8_length(hs).to_numpy(zero_copy_only=False)
        idx_parts, val_parts = [], []
        for length in np.unique(hlen):
            k = np.flatnonzero(hlen == length)
            rest = pc.utf8_slice_codeunits(flat.take(pa.array(sel[k])), int(length))
            idx_parts.append(sel[k])
            val_parts.append(pc.binary_join_element_wise(new_h.take(pa.array(k)), rest, ""))
        idx = np.concatenate(idx_parts)
        values = pa.concat_arrays(val_parts).take(pa.array(np.argsort(idx, kind="stable")))
        mask = np.zeros(n, dtype=bool)
        mask[idx] = True
        flat = pc.replace_with_mask(flat, pa.array(mask), values)
        rebuilt = pa.ListArray.from_arrays(pa.array(offs - offs[0], pa.int32()), flat)
        return pc.replace_with_mask(col, hit, pc.binary_join(rebuilt, sep))


def _offsets(col: pa.ListArray) -> pa.Array:
    offs = col.offsets
    first = offs[0].as_py()
    return pc.subtract(offs, first) if first else offs
