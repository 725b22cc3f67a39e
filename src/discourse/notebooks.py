"""Run the jupytext percent-format notebooks with papermill (``make reproduce``, the tests).

The notebooks in ``notebooks/`` are kept as ``.py`` files (jupytext percent format); this
module reads one with jupytext, injects parameters after the cell tagged ``parameters`` with
papermill, executes it on the ``python3`` kernel of the running interpreter (the project's
environment; nothing is registered globally), and writes the executed ``.ipynb`` atomically.

Examples
--------
>>> import tempfile, pathlib
>>> nb = pathlib.Path(tempfile.mkdtemp()) / "00-demo.py"
>>> _ = nb.write_text('# %% [markdown]\\n# Demo\\n\\n# %% tags=["parameters"]\\nX = 1\\n')
>>> [c["cell_type"] for c in read_notebook(nb)["cells"]]
['markdown', 'code']
>>> parameters_cell(read_notebook(nb))
1
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

#: Kernel the notebooks run on: ipykernel's native kernel, i.e. the running interpreter.
KERNEL = "python3"


def read_notebook(path: str | os.PathLike):
    """Read a notebook (``.py`` in jupytext percent format, or ``.ipynb``) as nbformat v4.

    Raises
    ------
    FileNotFoundError
        ``path`` does not exist.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "n.py"
    >>> _ = p.write_text("# %%\\n1 + 1\\n")
    >>> read_notebook(p)["cells"][0]["source"]
    '1 + 1'
    """
    import jupytext

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"notebook {path} does not exist")
    return jupytext.read(path)


def parameters_cell(nb) -> int | None:
    """Index of the cell tagged ``parameters`` (papermill's convention), else None.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("X = 1")])
    >>> parameters_cell(nb) is None
    True
    """
    for i, cell in enumerate(nb["cells"]):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            return i
    return None


def run_notebook(
    path: str | os.PathLike,
    output: str | os.PathLike,
    *,
    parameters: Mapping[str, Any] | None = None,
    cwd: str | os.PathLike | None = None,
    kernel: str = KERNEL,
    timeout: int | None = 900,
) -> Path:
    """Execute a notebook top to bottom with papermill and write the executed copy.

    Parameters
    ----------
    path : path
        The notebook (``notebooks/NN-name.py`` or an ``.ipynb``).
    output : path
        The executed ``.ipynb`` (written to a temporary name and renamed when the run
        succeeds; a failed run leaves ``output`` untouched and raises).
    parameters : dict, optional
        Injected after the ``parameters`` cell (papermill).
    cwd : path, optional
        Working directory of the kernel; default the notebook's folder, so relative paths in
        the parameters cell mean the same as in Jupyter.
    kernel : str
        Kernel name; the default runs the current interpreter.
    timeout : int or None
        Seconds allowed per cell.

    Returns
    -------
    Path
        ``output``.

    Raises
    ------
    ValueError
        The notebook has no cell tagged ``parameters`` but parameters were given.
    papermill.PapermillExecutionError
        A cell failed (the message names the cell and the error).

    Examples
    --------
    >>> import tempfile, pathlib, json
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "n.py").write_text('# %% tags=["parameters"]\\nX = 1\\n\\n# %%\\nprint(X * 2)\\n')
    >>> out = run_notebook(d / "n.py", d / "out" / "n.ipynb", parameters={"X": 21})
    >>> json.loads(out.read_text())["cells"][-1]["outputs"][0]["text"]
    ['42\\n']
    """
    import papermill as pm

    path = Path(path)
    nb = read_notebook(path)
    if parameters and parameters_cell(nb) is None:
        raise ValueError(f"{path}: no cell tagged 'parameters' to inject {sorted(parameters)}")
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": "Python 3", "language": "python"}
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    # a temporary name that still ends in .ipynb (papermill checks the extension)
    fd, name = tempfile.mkstemp(prefix=f".{output.stem}.", suffix=".ipynb", dir=output.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        pm.execute_notebook(
            nb,
            str(tmp),
            parameters=dict(parameters or {}),
            kernel_name=kernel,
            language="python",
            cwd=str(cwd if cwd is not None else path.parent),
            progress_bar=False,
            execution_timeout=timeout,
        )
        tmp.chmod(0o644)
        os.replace(tmp, output)
    finally:
        tmp.unlink(missing_ok=True)
    return output


def notebook_paths(folder: str | os.PathLike = "notebooks") -> list[Path]:
    """The numbered notebooks of ``folder`` (``NN-name.py``), in order.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for n in ("02-b.py", "01-a.py", "helpers.py"):
    ...     _ = (d / n).write_text("")
    >>> [p.name for p in notebook_paths(d)]
    ['01-a.py', '02-b.py']
    """
    return sorted(p for p in Path(folder).glob("[0-9][0-9]-*.py") if p.is_file())
