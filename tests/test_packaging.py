"""Packaging invariants: pyproject.toml and environment.yml declare the same packages, and
.gitignore keeps raw data, processed output and the virtualenv out of git."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]

# PyPI name -> conda-forge name, for the packages whose names differ (after normalisation).
PYPI_TO_CONDA = {"igraph": "python-igraph"}
CONDA_TO_PYPI = {conda: pypi for pypi, conda in PYPI_TO_CONDA.items()}
# Packages that are not on conda-forge and must come from PyPI through the `pip:` section.
PIP_ONLY = {"pysastrawi"}
# environment.yml entries that are tooling, not declared dependencies.
ENV_ONLY = {"python", "pip"}


def normalise(name: str) -> str:
    """PEP 503 normalisation: lowercase, runs of ``-``, ``_`` and ``.`` become one ``-``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(spec: str) -> str:
    """The distribution name of a PEP 508 requirement or a conda match spec (``name>=1``,
    ``name=1.2``, ``name[extra]>=1; marker``)."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec)
    if match is None:
        raise ValueError(f"cannot read a package name from {spec!r}")
    return normalise(match.group(1))


def load_pyproject() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        return tomllib.load(fh)


def group_requirements(groups: dict, name: str) -> list[str]:
    """Requirements of a PEP 735 dependency group, following ``{include-group = ...}``."""
    out: list[str] = []
    for item in groups[name]:
        if isinstance(item, dict):
            out.extend(group_requirements(groups, item["include-group"]))
        else:
            out.append(item)
    return out


def pyproject_packages() -> dict[str, str]:
    """Normalised PyPI name -> where it is declared in pyproject.toml."""
    project = load_pyproject()
    declared: dict[str, str] = {}
    for spec in project["project"]["dependencies"]:
        declared[requirement_name(spec)] = "dependencies"
    for spec in project["project"]["optional-dependencies"]["notebooks"]:
        declared.setdefault(requirement_name(spec), "notebooks extra")
    for spec in group_requirements(project["dependency-groups"], "dev"):
        declared.setdefault(requirement_name(spec), "dev group")
    return declared


def load_environment() -> dict:
    with (ROOT / "environment.yml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def environment_packages() -> tuple[set[str], set[str]]:
    """(conda packages, pip packages) of environment.yml as normalised PyPI names, without
    python/pip and the editable install of the project itself."""
    conda: set[str] = set()
    pip: set[str] = set()
    for item in load_environment()["dependencies"]:
        if isinstance(item, dict):
            for spec in item.get("pip", []):
                spec = spec.strip()
                if spec.startswith(("-e", "--editable")) or spec in {".", "./"}:
                    continue
                pip.add(requirement_name(spec))
        else:
            name = requirement_name(str(item))
            if name not in ENV_ONLY:
                conda.add(CONDA_TO_PYPI.get(name, name))
    return conda, pip


def test_environment_yml_declares_the_same_packages_as_pyproject():
    declared = pyproject_packages()
    conda, pip = environment_packages()
    in_env = conda | pip
    problems = [
        f"  {name} ({where} in pyproject.toml) is missing from environment.yml"
        + (f" (conda-forge name: {PYPI_TO_CONDA[name]})" if name in PYPI_TO_CONDA else "")
        for name, where in sorted(declared.items())
        if name not in in_env
    ]
    problems += [
        f"  {name} is in environment.yml but not declared in pyproject.toml "
        "(dependencies, notebooks extra or dev group)"
        for name in sorted(in_env - declared.keys())
    ]
    problems += [
        f"  {name} is listed both as a conda and as a pip package in environment.yml"
        for name in sorted(conda & pip)
    ]
    assert not problems, "pyproject.toml and environment.yml disagree:\n" + "\n".join(problems)


def test_renamed_packages_use_their_conda_forge_name():
    # conda-forge `igraph` is the C library; the Python binding is `python-igraph`.
    conda = {
        requirement_name(item)
        for item in load_environment()["dependencies"]
        if isinstance(item, str)
    }
    wrong = {pypi: conda_name for pypi, conda_name in PYPI_TO_CONDA.items() if pypi in conda}
    assert not wrong, f"use the conda-forge names in environment.yml (PyPI -> conda): {wrong}"


def test_pip_only_packages_come_from_the_pip_section():
    conda, pip = environment_packages()
    wrong = sorted(PIP_ONLY & conda)
    assert not wrong, f"not on conda-forge, list under `pip:` in environment.yml: {wrong}"
    missing = sorted(PIP_ONLY - pip)
    assert not missing, f"missing from the `pip:` section of environment.yml: {missing}"


def test_environment_yml_installs_the_project_editable():
    pip_sections = [
        item["pip"] for item in load_environment()["dependencies"] if isinstance(item, dict)
    ]
    assert any("-e ." in section for section in pip_sections), "environment.yml lacks `- -e .`"


def test_citation_version_matches_pyproject_version():
    with (ROOT / "CITATION.cff").open(encoding="utf-8") as fh:
        citation = yaml.safe_load(fh)
    assert str(citation["version"]) == load_pyproject()["project"]["version"]


def _is_ignored(path: str) -> bool:
    # --no-index: judge by the ignore rules alone, so the answer does not change once a file
    # (e.g. data/raw/README.md) is committed.
    result = subprocess.run(
        ["git", "check-ignore", "-q", "--no-index", path],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode not in (0, 1):
        pytest.fail(f"git check-ignore failed for {path!r}: {result.stderr.strip()}")
    return result.returncode == 0


needs_git_checkout = pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(),
    reason="needs git and a git checkout",
)


@needs_git_checkout
@pytest.mark.parametrize(
    "path",
    [
        "data/raw/foo.jsonl",
        "data/raw/synthetic/tweets.jsonl",
        "data/processed/posts.parquet",
        "data/processed/rejects.jsonl",
        "data/.discourse_key",
        ".venv/x",
        "reports/figures/fig01.png",
        "notebooks/01-ingest-describe.ipynb",
    ],
)
def test_gitignore_ignores_data_outputs_and_venv(path):
    assert _is_ignored(path), f"{path} should be git-ignored"


@needs_git_checkout
@pytest.mark.parametrize(
    "path",
    [
        "data/raw/README.md",
        "data/processed/README.md",
        "reports/figures/README.md",
        "notebooks/01-ingest-describe.py",
        "src/discourse/__init__.py",
    ],
)
def test_gitignore_keeps_readmes_and_sources(path):
    assert not _is_ignored(path), f"{path} must not be git-ignored"
