"""``save_figure``, the only way figures leave the package.

A figure ``<id>`` is written as ``<id>.pdf``, ``<id>.png`` (fixed dpi) and ``<id>.svg``, each
byte-identical when the same figure is drawn again: no timestamps (PDF ``CreationDate``, SVG
``Date``, PNG ``Software`` removed), a fixed SVG hash salt, fonts shipped with matplotlib. Beside
them ``<id>.json`` says how the figure was made: notebook, parameters, seed, package version, git
commit, and the sha256 of each input table. Every file is written to a temporary name and
renamed, and the sidecar comes last, so a sidecar means a complete figure.

The output folder is ``out`` when given, else the ``DISCOURSE_FIGURES`` environment variable,
else ``reports/figures`` (relative to the working directory).

Examples
--------
>>> import tempfile, matplotlib.pyplot as plt
>>> fig, ax = plt.subplots()
>>> _ = ax.plot([0, 1], [0, 1])
>>> paths = save_figure(fig, "example-line", out=tempfile.mkdtemp(), seed=1)
>>> sorted(p.suffix for p in paths.values())
['.json', '.pdf', '.png', '.svg']
>>> plt.close(fig)
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ..io.processed import atomic_path

#: Environment variable naming the default output folder.
FIGURES_ENV = "DISCOURSE_FIGURES"
#: Default output folder (relative to the working directory).
DEFAULT_FIGURES = Path("reports") / "figures"
#: Resolution of the PNG files.
PNG_DPI = 200
#: Formats written, in order.
FORMATS = ("pdf", "png", "svg")
#: Salt of the SVG element ids, so that ids (and files) do not change between runs.
SVG_HASHSALT = "discourse"
#: Version of the sidecar layout.
SIDECAR_VERSION = 1


def _file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


#: Permissions of the written files (temporary files are created 0600): rw for all, less umask.
_FILE_MODE = _file_mode()

_ID = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")
_METADATA = {
    "pdf": {"Creator": "discourse", "Producer": None, "CreationDate": None, "ModDate": None},
    "svg": {"Creator": "discourse", "Date": None},
    "png": {"Software": None},
}


def validate_figure_id(figure_id: str) -> str:
    """Check a figure id: lowercase letters and digits, words joined by ``-``, ``_`` or ``.``.

    Ids name files and are cited in reports, so they are kept portable (no spaces, slashes,
    capitals or extensions).

    Raises
    ------
    ValueError
        The id is not valid; the message says why.

    Examples
    --------
    >>> validate_figure_id("02-retweet-network")
    '02-retweet-network'
    >>> validate_figure_id("Fig 1.pdf")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: figure_id 'Fig 1.pdf': use lowercase letters, digits and single -, _ or . ...
    """
    if not isinstance(figure_id, str) or not _ID.match(figure_id) or len(figure_id) > 80:
        raise ValueError(
            f"figure_id {figure_id!r}: use lowercase letters, digits and single -, _ or . "
            "between them (e.g. '02-retweet-network')"
        )
    if figure_id.rsplit(".", 1)[-1] in (*FORMATS, "json"):
        raise ValueError(f"figure_id {figure_id!r}: leave out the extension")
    return figure_id


def figures_dir(out: str | os.PathLike | None = None) -> Path:
    """The output folder: ``out``, else ``$DISCOURSE_FIGURES``, else ``reports/figures``.

    Examples
    --------
    >>> figures_dir("somewhere").as_posix()
    'somewhere'
    """
    if out is not None:
        return Path(out)
    env = os.environ.get(FIGURES_ENV)
    return Path(env) if env else DEFAULT_FIGURES


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sha256_input(obj: str | os.PathLike | pd.DataFrame) -> str:
    """The sha256 of an input: a file, a folder (e.g. a partitioned Parquet dataset) or a table.

    A folder hashes the sorted relative paths and hashes of the files under it (hidden files
    skipped); a DataFrame hashes its column names, dtypes and
    :func:`pandas.util.hash_pandas_object` of its rows, so equal tables give equal hashes.

    Raises
    ------
    FileNotFoundError
        A path that does not exist.

    Examples
    --------
    >>> import pandas as pd
    >>> a = sha256_input(pd.DataFrame({"x": [1, 2]}))
    >>> b, c = (sha256_input(pd.DataFrame({"x": v})) for v in ([1, 2], [2, 1]))
    >>> a == b, a == c
    (True, False)
    """
    if isinstance(obj, pd.DataFrame):
        h = hashlib.sha256()
        h.update(json.dumps([[str(c), str(t)] for c, t in obj.dtypes.items()]).encode())
        rows = pd.util.hash_pandas_object(obj, index=True).to_numpy()
        h.update(rows.tobytes())
        return h.hexdigest()
    path = Path(obj)
    if path.is_file():
        return _sha256_file(path)
    if path.is_dir():
        h = hashlib.sha256()
        for f in sorted(p for p in path.rglob("*") if p.is_file()):
            rel = f.relative_to(path)
            if any(part.startswith(".") for part in rel.parts):
                continue
            h.update(f"{rel.as_posix()}\0{_sha256_file(f)}\n".encode())
        return h.hexdigest()
    raise FileNotFoundError(f"inputs: {path} does not exist")


def _inputs(inputs) -> list[dict[str, Any]]:
    if inputs is None:
        return []
    if isinstance(inputs, (str, os.PathLike, pd.DataFrame)):
        inputs = [inputs]
    items = inputs.items() if isinstance(inputs, Mapping) else ((None, v) for v in inputs)
    out = []
    for name, value in items:
        row: dict[str, Any] = {}
        if name is not None:
            row["name"] = str(name)
        if isinstance(value, pd.DataFrame):
            row["table"] = f"{len(value)} rows x {value.shape[1]} columns"
        else:
            row["path"] = Path(value).as_posix()
        row["sha256"] = sha256_input(value)
        out.append(row)
    return out


def git_commit(path: str | os.PathLike | None = None) -> dict[str, Any] | None:
    """The git commit of the checkout holding ``path`` (default: this package) and whether
    tracked files differ from it; ``None`` outside a git checkout.

    Examples
    --------
    >>> info = git_commit()
    >>> info is None or len(info["commit"]) == 40
    True
    """
    where = Path(path) if path is not None else Path(__file__).parent
    try:
        head = subprocess.run(
            ["git", "-C", str(where), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(where), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": head, "dirty": bool(dirty)} if head else None


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, os.PathLike):
        return Path(value).as_posix()
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return value.item()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _render(fig, fmt: str, dpi: int) -> bytes:
    import matplotlib as mpl

    buf = io.BytesIO()
    with mpl.rc_context({"svg.hashsalt": SVG_HASHSALT, "pdf.compression": 6}):
        fig.savefig(buf, format=fmt, dpi=dpi, metadata=_METADATA[fmt])
    return buf.getvalue()


def save_figure(
    fig,
    figure_id: str,
    *,
    out: str | os.PathLike | None = None,
    notebook: str | None = None,
    parameters: Mapping[str, Any] | None = None,
    seed: int | None = None,
    inputs: Mapping[str, Any] | Sequence[Any] | str | os.PathLike | pd.DataFrame | None = None,
    caption: str | None = None,
    dpi: int = PNG_DPI,
) -> dict[str, Path]:
    """Write ``fig`` as ``<id>.pdf``, ``<id>.png``, ``<id>.svg`` and the ``<id>.json`` sidecar.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (e.g. what a ``plot_*`` function returned).
    figure_id : str
        File stem, checked by :func:`validate_figure_id` (e.g. ``"02-retweet-network"``).
    out : path, optional
        Output folder (see :func:`figures_dir`); created if missing.
    notebook : str, optional
        The notebook (or script) that made the figure, e.g. ``"02-networks-polarisation"``.
    parameters : dict, optional
        The parameters that decide the figure (the notebook's ``parameters`` cell).
    seed : int, optional
        The seed of the stochastic steps behind the figure.
    inputs : path, DataFrame, or a list or dict of them, optional
        Input tables; each is recorded with its sha256 (:func:`sha256_input`).
    caption : str, optional
        One sentence saying what the figure shows; stored in the sidecar.
    dpi : int, default 200
        PNG resolution (PDF and SVG are vector).

    Returns
    -------
    dict
        ``{"pdf": Path, "png": Path, "svg": Path, "json": Path}``.

    Raises
    ------
    ValueError
        Invalid ``figure_id``, or ``fig`` is not a matplotlib figure.
    FileNotFoundError
        An input path does not exist.

    Examples
    --------
    >>> import json, tempfile, matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.bar(["01", "02"], [3, 4])
    >>> p = save_figure(fig, "example-bars", out=tempfile.mkdtemp(), notebook="doc",
    ...                 parameters={"n": 2}, seed=0)
    >>> side = json.loads(p["json"].read_text())
    >>> side["figure_id"], side["notebook"], side["parameters"], sorted(side["files"])
    ('example-bars', 'doc', {'n': 2}, ['example-bars.pdf', 'example-bars.png', 'example-bars.svg'])
    >>> plt.close(fig)
    """
    from matplotlib.figure import Figure

    from .. import __version__

    validate_figure_id(figure_id)
    if not isinstance(fig, Figure):
        raise ValueError(f"fig: expected a matplotlib Figure, got {type(fig).__name__}")
    if not isinstance(dpi, int) or dpi <= 0:
        raise ValueError(f"dpi: expected a positive integer, got {dpi!r}")
    folder = figures_dir(out)
    folder.mkdir(parents=True, exist_ok=True)
    recorded_inputs = _inputs(inputs)  # before writing: a missing input writes nothing

    paths: dict[str, Path] = {}
    files: dict[str, str] = {}
    for fmt in FORMATS:
        data = _render(fig, fmt, dpi)
        target = folder / f"{figure_id}.{fmt}"
        with atomic_path(target) as tmp:
            tmp.write_bytes(data)
            tmp.chmod(_FILE_MODE)
        paths[fmt] = target
        files[target.name] = hashlib.sha256(data).hexdigest()

    import matplotlib as mpl

    sidecar = {
        "sidecar_version": SIDECAR_VERSION,
        "figure_id": figure_id,
        "caption": caption,
        "notebook": notebook,
        "parameters": _jsonable(dict(parameters or {})),
        "seed": _jsonable(seed),
        "inputs": recorded_inputs,
        "package": "discourse",
        "package_version": __version__,
        "matplotlib_version": mpl.__version__,
        "git": git_commit(),
        "png_dpi": dpi,
        "files": files,
    }
    target = folder / f"{figure_id}.json"
    with atomic_path(target) as tmp:
        tmp.write_text(json.dumps(sidecar, indent=2, sort_keys=False, ensure_ascii=False) + "\n")
        tmp.chmod(_FILE_MODE)
    paths["json"] = target
    return paths
