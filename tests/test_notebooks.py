"""The notebooks: jupytext percent files with the agreed shape (question/inputs/outputs, a
tagged parameters cell, no long functions: logic lives in src/), every one executes top to
bottom on the small corpus, and every figure id the README documents is produced.

Every numbered notebook in notebooks/ is picked up automatically. The executions are marked
slow (they start a kernel each) but run in `make test` and CI.
"""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from discourse.notebooks import notebook_paths, parameters_cell, read_notebook, run_notebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = notebook_paths(ROOT / "notebooks")
IDS = [p.stem for p in NOTEBOOKS]
README = ROOT / "README.md"
GUIDE = ROOT / "docs" / "guide" / "figures.md"

#: Longest function (def line included) a notebook may define; anything longer goes in src/.
MAX_FUNCTION_LINES = 5
PLACEHOLDERS = re.compile(r"path/to|/your/|TODO|FIXME|CHANGE[_ ]?ME|<[a-z _-]+>|xxx", re.I)


def test_the_five_notebooks_exist():
    stems = [p.stem.split("-")[0] for p in NOTEBOOKS]
    assert {"01", "02", "05"} <= set(stems)
    assert len(stems) == len(set(stems)), "two notebooks share a number"


def _code(cell) -> str:
    # IPython magics and shell escapes are not Python
    return "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in cell["source"].split("\n")
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_opens_with_question_inputs_outputs_then_parameters(path):
    cells = read_notebook(path)["cells"]
    first = cells[0]
    assert first["cell_type"] == "markdown"
    text = first["source"].lower()
    for word in ("question", "inputs", "outputs"):
        assert word in text, f"{path.name}: cell 1 should state the {word}"
    assert parameters_cell({"cells": cells}) == 1, f"{path.name}: cell 2 must be tagged parameters"
    params = cells[1]
    names = {
        t.id
        for node in ast.parse(_code(params)).body
        if isinstance(node, ast.Assign)
        for t in node.targets
        if isinstance(t, ast.Name)
    }
    assert {"PROCESSED", "DATA"} & names, f"{path.name}: no data path parameter"
    assert {"FIGURES", "SEED"} <= names, f"{path.name}: FIGURES and SEED are parameters"
    assert not PLACEHOLDERS.search(params["source"]), f"{path.name}: placeholder in parameters"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_defines_no_long_functions(path):
    for i, cell in enumerate(read_notebook(path)["cells"]):
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse(_code(cell))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                n = node.end_lineno - node.lineno + 1
                assert n <= MAX_FUNCTION_LINES, (
                    f"{path.name} cell {i + 1}: {node.name} has {n} lines; move it to src/"
                )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_exports_only_through_save_figure(path):
    text = path.read_text(encoding="utf-8")
    assert ".savefig(" not in text, f"{path.name}: use discourse.plotting.save_figure"


def test_notebooks_are_paired_and_their_ipynb_ignored():
    config = (ROOT / "notebooks" / "jupytext.toml").read_text()
    assert re.search(r'formats\s*=\s*"ipynb,py:percent"', config)
    for path in NOTEBOOKS:
        assert path.read_text(encoding="utf-8").lstrip().startswith("# ---"), path.name
    ignored = subprocess.run(
        ["git", "-C", str(ROOT), "check-ignore", "-q", "notebooks/01-ingest-describe.ipynb"]
    )
    if ignored.returncode == 128:
        pytest.skip("not a git checkout")
    assert ignored.returncode == 0, "notebooks/*.ipynb must be git-ignored"


# ------------------------------------------------------------------------------- execution
@pytest.fixture(scope="session")
def notebook_runs(small_processed, tmp_path_factory):
    """Runs each notebook once (on demand, in order) on the small corpus; figures go to a tmp
    folder, never into the repository's reports/."""
    figures = tmp_path_factory.mktemp("figures")
    executed = tmp_path_factory.mktemp("executed")
    results: dict[Path, BaseException | None] = {}

    def run(path: Path) -> BaseException | None:
        if path not in results:
            params = {"PROCESSED": str(small_processed), "FIGURES": str(figures), "SEED": 7}
            try:
                run_notebook(path, executed / f"{path.stem}.ipynb", parameters=params)
                results[path] = None
            except Exception as e:  # reported by the test of that notebook
                results[path] = e
        return results[path]

    return SimpleNamespace(run=run, figures=figures, executed=executed)


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_executes_top_to_bottom_on_the_small_corpus(notebook_runs, path):
    error = notebook_runs.run(path)
    assert error is None, f"{path.name} failed:\n{error}"
    executed = read_notebook(notebook_runs.executed / f"{path.stem}.ipynb")
    errors = [
        o
        for c in executed["cells"]
        if c["cell_type"] == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert not errors


def documented_figure_ids(text: str) -> list[str]:
    """Figure ids in the first column of the table under a "Figures" heading."""
    section = re.search(r"^#+ Figures\s*$(.*?)(?=^#{1,2} |\Z)", text, re.M | re.S)
    assert section, "no Figures section"
    return re.findall(r"^\|\s*`([a-z0-9][a-z0-9._-]*)`\s*\|", section.group(1), re.M)


def test_readme_and_guide_document_the_same_figures():
    readme = documented_figure_ids(README.read_text(encoding="utf-8"))
    assert readme, "the README Figures table lists no figure id"
    assert len(readme) == len(set(readme))
    assert sorted(readme) == sorted(documented_figure_ids(GUIDE.read_text(encoding="utf-8")))


@pytest.mark.slow
def test_every_readme_figure_exists_after_the_notebooks_and_every_figure_is_documented(
    notebook_runs,
):
    for path in NOTEBOOKS:
        notebook_runs.run(path)
    documented = set(documented_figure_ids(README.read_text(encoding="utf-8")))
    made = {p.stem for p in notebook_runs.figures.glob("*.json")}
    missing = sorted(
        i
        for i in documented
        if not all(
            (notebook_runs.figures / f"{i}.{ext}").is_file()
            for ext in ("pdf", "png", "svg", "json")
        )
    )
    assert not missing, f"README figures not produced by the notebooks: {missing}"
    undocumented = sorted(made - documented)
    assert not undocumented, f"figures missing from the README Figures table: {undocumented}"
