"""The documentation: every public name has a runnable example, the API reference covers every
module, the format examples of the guide are real files, and the site builds offline with
warnings as errors (tutorial executed, gallery rendered without re-executing the notebooks)."""

from __future__ import annotations

import base64
import importlib
import importlib.util
import inspect
import json
import os
import pkgutil
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

import discourse

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"_docs_{name}", DOCS / "_ext" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


apidocs = _load("apidocs")
sitegen = _load("sitegen")


# Modules left out while being written (comma-separated, as for the docs build); never set in CI.
SKIP = tuple(m.strip() for m in os.environ.get("DISCOURSE_DOCS_SKIP", "").split(",") if m.strip())


def _all_modules() -> list[str]:
    """Every public module of the package: not an entry point (importing it would run it), no
    ``_private`` part in its name (what those export publicly is checked where it is)."""
    names = ["discourse"]
    for info in pkgutil.walk_packages(discourse.__path__, "discourse.", onerror=_raise):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        if any(info.name == m or info.name.startswith(m + ".") for m in SKIP):
            continue
        names.append(info.name)
    return names


def _raise(name: str) -> None:
    raise ImportError(f"cannot import {name} while walking the package")


def _has_example(obj) -> bool:
    """True when the numpydoc ``Examples`` section of ``obj``'s docstring has a doctest."""
    from numpydoc.docscrape import NumpyDocString

    examples = NumpyDocString(inspect.getdoc(obj) or "")["Examples"]
    return any(line.lstrip().startswith(">>>") for line in examples)


# ------------------------------------------------------------------ examples in docstrings


def test_every_public_function_and_class_has_an_example():
    """Every function and class named in a module's ``__all__`` (and every one the API
    reference documents) has a numpydoc ``Examples`` section with a doctest."""
    missing = set()
    for name in _all_modules():
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", ()):
            obj = getattr(module, attr, None)
            if (inspect.isfunction(obj) or inspect.isclass(obj)) and not _has_example(obj):
                missing.add(f"{getattr(obj, '__module__', name)}.{obj.__qualname__}")
    for entry in apidocs.documented_objects():
        if entry.kind in ("function", "class") and not _has_example(entry.obj):
            missing.add(f"{entry.obj.__module__}.{entry.obj.__qualname__}")
    assert not missing, (
        "public functions/classes without a runnable `Examples` section (numpydoc, with "
        ">>> lines):\n  " + "\n  ".join(sorted(missing))
    )


def test_the_example_check_fails_without_an_example():
    def documented():
        """Do nothing.

        Examples
        --------
        >>> documented()
        """

    def undocumented():
        """Do nothing, with no example."""

    assert _has_example(documented)
    assert not _has_example(undocumented)


# ------------------------------------------------------------------ the API reference


def test_every_public_module_is_in_the_api_reference():
    """New stage modules must be added to ``API_MODULES`` in docs/_ext/apidocs.py."""
    listed = {m for m, _ in apidocs.API_MODULES}
    top_level = {
        f"discourse.{info.name}"
        for info in pkgutil.iter_modules(discourse.__path__)
        if not info.name.startswith("_")
    }
    missing = sorted(top_level - listed - apidocs.NOT_API)
    assert not missing, f"add to API_MODULES in docs/_ext/apidocs.py: {missing}"


def test_re_exported_names_get_one_page_and_aliases():
    entries = apidocs.documented_objects()
    owners = {(e.module, e.name): e.owner for e in entries}
    assert owners[("discourse", "read_posts")] == "discourse.io"
    assert owners[("discourse.io", "read_posts")] == "discourse.io"
    assert owners[("discourse", "to_wita")] == "discourse.times"
    aliases = apidocs.aliases(entries)
    assert aliases["discourse.read_posts"] == "discourse.io.read_posts"
    assert "discourse.io.read_posts" not in aliases


def test_cli_page_documents_every_command_and_option():
    import typer

    from discourse.cli import app

    page = apidocs.cli_page()
    for name, cmd in typer.main.get_command(app).commands.items():
        assert f"discourse {name}\n" in page, name
        for param in cmd.params:
            if param.param_type_name == "option":
                assert f"``{param.opts[0]}" in page, (name, param.opts)


# ------------------------------------------------------------------ the input formats page

_EXAMPLE = re.compile(
    r"<!-- format-example: (\S+) (\S+)(?: (\S+))? -->\n```[a-z]*\n(.*?)\n```", re.DOTALL
)


def test_every_format_example_in_the_guide_is_detected_and_read(tmp_path):
    from discourse.io import detect_format, read_edgelist, read_posts

    text = (DOCS / "guide" / "input-formats.md").read_text(encoding="utf-8")
    examples = _EXAMPLE.findall(text)
    assert len(examples) == text.count("<!-- format-example:") >= 12
    mapping = None
    checked = set()
    for fmt, name, role, body in examples:
        path = tmp_path / name
        path.write_text(body + "\n", encoding="utf-8")
        if role == "mapping":
            mapping = path
            continue
        if fmt == "edgelist":
            edges, report = read_edgelist(path)
            assert report.rows_read == len(body.splitlines()) - 1 and report.rows_rejected == 0
            assert edges["weight"].sum() == report.rows_read
        elif fmt == "generic":
            assert mapping is not None, "the mapping example must come before its data"
            _, report = read_posts(path, format="generic", mapping=mapping)
            assert report.accepted >= 1 and report.rejected_total == 0, (name, report.summary())
        else:
            assert detect_format(path).kind == fmt, name
            _, report = read_posts(path)
            assert report.accepted >= 1 and report.rejected_total == 0, (name, report.summary())
        checked.add(fmt)
    assert {"twarc2-page", "v1-search", "harvest-csv", "twitwi-csv", "generic"} <= checked


# ------------------------------------------------------------------ generated page parts


def test_posts_table_page_lists_every_schema_column_in_order():
    from discourse.schema import POSTS_COLUMNS

    table = sitegen.posts_columns_markdown()
    found = re.findall(r"^\| \d+ \| `([a-z_]+)` \|", table, re.MULTILINE)
    assert found == list(POSTS_COLUMNS)


def test_guide_toctree_lists_the_pages_present_in_reading_order(tmp_path):
    for name in ("own-data", "networks", "input-formats", "index", "extra-page"):
        (tmp_path / f"{name}.md").write_text(f"# {name}\n")
    md = sitegen.guide_markdown(tmp_path)
    toc = md.split("```{toctree}", 1)[1].split("```", 1)[0].splitlines()
    assert [t for t in toc if t.strip() and not t.startswith(":")] == [
        "input-formats",
        "networks",
        "own-data",
        "extra-page",
    ]
    assert "Still being written" in md and "`scaling`" in md


def test_gallery_without_reports_says_how_to_make_them(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    gallery = sitegen.collect_gallery(tmp_path / "no-reports", docs)
    md = sitegen.gallery_markdown(gallery)
    assert gallery.notebooks == [] and "make reproduce" in md and "make docs" in md


# ------------------------------------------------------------------ packaging of the docs


def test_docs_extra_is_in_the_dev_group_and_environment_yml():
    with (ROOT / "pyproject.toml").open("rb") as fh:
        project = tomllib.load(fh)

    def names(specs):
        return {
            re.match(r"[A-Za-z0-9._-]+", s).group(0).lower() for s in specs if isinstance(s, str)
        }

    docs = names(project["project"]["optional-dependencies"]["docs"])
    assert {"sphinx", "pydata-sphinx-theme", "numpydoc", "myst-parser", "myst-nb"} <= docs
    assert docs <= names(project["dependency-groups"]["dev"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert docs <= names(d for d in env["dependencies"] if isinstance(d, str))


def test_make_docs_builds_with_warnings_as_errors():
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    rule = re.search(r"^docs:.*\n((?:\t.*\n)+)", text, re.MULTILINE)
    assert rule, "no `docs` target in the Makefile"
    assert all(flag in rule.group(1) for flag in ("sphinx", " -W", "--keep-going", " -n"))


# ------------------------------------------------------------------ the build

# A 1x1 PNG, for a fake figure in the gallery.
_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
STORED = "stored output, shown without re-executing"


def _fake_reports(reports: Path) -> None:
    """An executed notebook whose code would fail if it ran again, and one figure."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    code = nbformat.v4.new_code_cell('raise RuntimeError("the gallery re-executed a notebook")')
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text=STORED + "\n")]
    code.execution_count = 1
    nb.cells = [nbformat.v4.new_markdown_cell("# 00 Demo notebook\n\nA test notebook."), code]
    (reports / "notebooks").mkdir(parents=True)
    nbformat.write(nb, reports / "notebooks" / "00-demo.ipynb")
    (reports / "figures").mkdir()
    (reports / "figures" / "fig00-demo.png").write_bytes(_PNG)
    (reports / "figures" / "fig00-demo.json").write_text(
        json.dumps({"title": "A demo figure", "notebook": "00-demo.ipynb", "seed": 7})
    )


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    """Build a copy of docs/ offline with warnings as errors (as `make docs` does)."""
    tmp = tmp_path_factory.mktemp("docs")
    src = tmp / "docs"
    shutil.copytree(
        DOCS,
        src,
        ignore=shutil.ignore_patterns("_build", "api", "_generated", "jupyter_execute"),
    )
    for name in ("CONTRIBUTING.md", "CODE_OF_CONDUCT.md", "README.md"):
        shutil.copy2(ROOT / name, tmp / name)
    reports = tmp / "reports"
    _fake_reports(reports)
    env = dict(
        os.environ,
        DISCOURSE_DOCS_INTERSPHINX="off",
        DISCOURSE_DOCS_EXECUTE="force",
        DISCOURSE_REPO=str(ROOT),
        DISCOURSE_DOCS_REPORTS=str(reports),
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    out = tmp / "html"
    cmd = [sys.executable, "-m", "sphinx", "-E", "-W", "--keep-going", "-n", "-q"]
    cmd += ["-b", "html", str(src), str(out)]
    result = subprocess.run(cmd, cwd=tmp, env=env, capture_output=True, text=True, check=False)
    return result, out


@pytest.mark.slow
def test_docs_build_offline_with_warnings_as_errors(built_site):
    result, out = built_site
    assert result.returncode == 0, (
        "the documentation build failed (warnings are errors):\n"
        + result.stdout[-4000:]
        + result.stderr[-8000:]
    )
    for page in (
        "index",
        "getting-started",
        "mulai-cepat",
        "gallery",
        "contributing",
        "code-of-conduct",
        "guide/index",
        "guide/input-formats",
        "guide/posts-table",
        "guide/privacy",
        "guide/networks",
        "guide/communities-polarisation",
        "guide/own-data",
        "api/index",
        "api/cli",
        "api/generated/discourse.io.read_posts",
        "api/generated/discourse.polarization.null_model",
    ):
        assert (out / f"{page}.html").is_file(), page


@pytest.mark.slow
def test_every_api_module_and_public_name_has_a_page(built_site):
    result, out = built_site
    assert result.returncode == 0
    for module in apidocs.available_modules():
        assert (out / "api" / f"{module}.html").is_file(), module
    for entry in apidocs.documented_objects():
        if entry.documented_here and entry.kind in ("function", "class"):
            page = out / "api" / "generated" / f"{entry.target}.html"
            assert page.is_file(), entry.target
            assert "Examples" in page.read_text(encoding="utf-8"), entry.target


@pytest.mark.slow
def test_the_tutorial_ran_and_shows_its_outputs(built_site):
    result, out = built_site
    assert result.returncode == 0
    html = (out / "getting-started.html").read_text(encoding="utf-8")
    assert "Traceback" not in html
    # printed by the tutorial's cells: only there if they were executed
    assert "RWC between camps 01 and 02:" in html
    assert "95% interval [" in html
    assert "reconciles: yes" in html
    assert "documents" in html and "tokens" in html  # the text report


@pytest.mark.slow
def test_the_gallery_renders_notebooks_without_executing_them(built_site):
    result, out = built_site
    assert result.returncode == 0
    gallery = (out / "gallery.html").read_text(encoding="utf-8")
    assert "00 Demo notebook" in gallery and "fig00-demo" in gallery
    notebook = (out / "_generated" / "notebooks" / "00-demo.html").read_text(encoding="utf-8")
    assert STORED in notebook
    # the cell's source is shown; had it run, it would have raised and failed the build
    assert "the gallery re-executed a notebook" in notebook
