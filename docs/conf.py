"""Sphinx configuration of the discourse documentation site (``make docs``).

Environment variables (all optional):

``DISCOURSE_DOCS_INTERSPHINX``
    ``auto`` (default): link to the Python, NumPy, pandas, networkx, matplotlib, gensim, pyarrow
    and SciPy docs whose inventory (``objects.inv``) can be fetched within a few seconds, or
    that has a local copy in ``docs/_inventories/<name>.inv``; the others are left out, so an
    offline build passes (names of those packages are then plain text, not links).
    ``on``: all of them, and a failed fetch is an error (use it online to check the links).
    ``off``: no intersphinx at all (fastest; what the test suite uses).
``DISCOURSE_DOCS_EXECUTE``
    myst-nb execution mode of the tutorial, default ``force`` (run on every build, so the
    outputs shown are those of the current code). ``off`` builds without running it (quick
    edits of the prose). The notebooks of the gallery are never executed.
``DISCOURSE_REPO``, ``DISCOURSE_DOCS_REPORTS``
    The repository root and the ``reports/`` folder the gallery reads (default: this checkout).

The build runs with ``-W --keep-going -n`` (warnings are errors, nitpicky cross-references);
references to the package's own objects must resolve. References to external packages are not
checked (they resolve when intersphinx is online), see ``nitpick_ignore_regex``.
"""

from __future__ import annotations

import os
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

DOCS = Path(__file__).resolve().parent
REPO = Path(os.environ.get("DISCOURSE_REPO", DOCS.parent)).resolve()
REPORTS = Path(os.environ.get("DISCOURSE_DOCS_REPORTS", REPO / "reports")).resolve()
sys.path.insert(0, str(DOCS / "_ext"))

import apidocs  # noqa: E402
import sitegen  # noqa: E402

import discourse  # noqa: E402

# -- project -----------------------------------------------------------------------------------
project = "discourse"
author = "discourse developers"
copyright = "discourse developers, MIT licence"
release = discourse.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_nb",  # also registers myst_parser for .md pages
]

exclude_patterns = ["_build", "jupyter_execute", "**.ipynb_checkpoints", "_inventories"]
templates_path = ["_templates"]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"
language = "en"
nitpicky = True
# Deterministic output: no "last updated" stamps.
html_last_updated_fmt = None

# -- generated pages ---------------------------------------------------------------------------
API_MODULES_BUILT = apidocs.write_api(DOCS)
_ENTRIES = apidocs.documented_objects()
ALIASES = apidocs.aliases(_ENTRIES)  # discourse.read_posts -> discourse.io.read_posts, ...
ATTRIBUTES = apidocs.attribute_targets(_ENTRIES)  # Class.attr (Attributes section) -> Class
autosummary_context = {"documented_attributes": apidocs.documented_attributes(_ENTRIES)}
GALLERY = sitegen.collect_gallery(REPORTS, DOCS)

# -- autodoc / autosummary / numpydoc ----------------------------------------------------------
autosummary_generate = True
autosummary_imported_members = True
autodoc_typehints = "none"  # numpydoc shows the documented types; hints would repeat them
autodoc_member_order = "bysource"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = True
numpydoc_xref_ignore = "all"  # only the aliases (set below, after intersphinx) become links

# -- intersphinx (offline-safe) ----------------------------------------------------------------
INVENTORIES = {
    "python": "https://docs.python.org/3",
    "numpy": "https://numpy.org/doc/stable",
    "pandas": "https://pandas.pydata.org/docs",
    "networkx": "https://networkx.org/documentation/stable",
    "matplotlib": "https://matplotlib.org/stable",
    "gensim": "https://radimrehurek.com/gensim",
    "pyarrow": "https://arrow.apache.org/docs",
    "scipy": "https://docs.scipy.org/doc/scipy",
}


def _reachable(url: str, timeout: float = 4.0) -> bool:
    try:
        with urllib.request.urlopen(url + "/objects.inv", timeout=timeout) as resp:
            return resp.status == 200 and bool(resp.read(16))
    except Exception:  # offline, DNS failure, proxy refusal, HTTP error...
        return False


def _intersphinx_mapping() -> dict:
    mode = os.environ.get("DISCOURSE_DOCS_INTERSPHINX", "auto").strip().lower()
    if mode == "off":
        return {}
    local = {name: DOCS / "_inventories" / f"{name}.inv" for name in INVENTORIES}
    if mode == "on":
        return {
            name: (url, (None, str(local[name])) if local[name].is_file() else None)
            for name, url in INVENTORIES.items()
        }
    with ThreadPoolExecutor(max_workers=len(INVENTORIES)) as pool:
        online = dict(zip(INVENTORIES, pool.map(_reachable, INVENTORIES.values()), strict=True))
    mapping = {}
    for name, url in INVENTORIES.items():
        if local[name].is_file():
            mapping[name] = (url, str(local[name]))
        elif online[name]:
            mapping[name] = (url, None)
    left_out = sorted(set(INVENTORIES) - set(mapping))
    if left_out:
        print(f"intersphinx: no inventory reachable for {', '.join(left_out)}; not linked")
    return mapping


intersphinx_mapping = _intersphinx_mapping()
intersphinx_timeout = 10

# Types in numpydoc "Parameters"/"Returns" become links only where the target can resolve:
# the package's own classes always, other packages' types when their inventory is loaded;
# otherwise they stay plain text (numpydoc's built-in aliases would show "python:int").
_EXTERNAL_TYPES = {
    "DataFrame": ("pandas", "pandas.DataFrame"),
    "pandas.DataFrame": ("pandas", "pandas.DataFrame"),
    "Series": ("pandas", "pandas.Series"),
    "pandas.Series": ("pandas", "pandas.Series"),
    "Graph": ("networkx", "networkx.Graph"),
    "networkx.Graph": ("networkx", "networkx.Graph"),
    "DiGraph": ("networkx", "networkx.DiGraph"),
    "networkx.DiGraph": ("networkx", "networkx.DiGraph"),
    "pyarrow.Table": ("pyarrow", "pyarrow.Table"),
    "ndarray": ("numpy", "numpy.ndarray"),
    "numpy.ndarray": ("numpy", "numpy.ndarray"),
    "Figure": ("matplotlib", "matplotlib.figure.Figure"),
    "matplotlib.figure.Figure": ("matplotlib", "matplotlib.figure.Figure"),
    "Axes": ("matplotlib", "matplotlib.axes.Axes"),
    "matplotlib.axes.Axes": ("matplotlib", "matplotlib.axes.Axes"),
}


def _numpydoc_aliases() -> dict[str, str]:
    from numpydoc.xref import DEFAULT_LINKS

    aliases: dict[str, str] = {}
    if "python" not in intersphinx_mapping:
        aliases.update({word: word for word in DEFAULT_LINKS})
    for word, (project, target) in _EXTERNAL_TYPES.items():
        aliases[word] = f":class:`{word} <{target}>`" if project in intersphinx_mapping else word
    short: dict[str, set[str]] = {}
    for entry in _ENTRIES:
        if entry.kind == "class":
            short.setdefault(entry.name, set()).add(entry.target)
            aliases[f"{entry.module}.{entry.name}"] = f":class:`{entry.target}`"
    for name, targets in short.items():
        if len(targets) == 1:  # ambiguous short names stay plain
            aliases[name] = f":class:`{name} <{targets.pop()}>`"
    return aliases


numpydoc_xref_aliases = _numpydoc_aliases()

# External names are not checked: they become links when their inventory is loaded and stay
# plain text otherwise (offline). Names of this package are always checked.
_EXTERNAL = (
    r"(pandas|pd|numpy|np|networkx|nx|pyarrow|pa|scipy|sp|gensim|matplotlib|mpl|igraph|ig"
    r"|leidenalg|dask|distributed|typer|click|nltk|joblib|yaml|pathlib|collections|typing"
    r"|datetime|os|io|re|json|csv|hashlib|dataclasses|concurrent|Sastrawi)(\..+)?"
)
_BUILTIN = (
    r"(int|float|str|bytes|bool|complex|dict|list|tuple|set|frozenset|object|None|type"
    r"|callable|Callable|Iterable|Iterator|Mapping|Sequence|Hashable|Any|Path|PathLike"
    r"|Exception|ValueError|TypeError|KeyError|FileNotFoundError|RuntimeError|OSError"
    r"|Counter|datetime|timedelta|Literal)"
)
nitpick_ignore_regex = [
    (r"py:.*", _EXTERNAL),
    (r"py:.*", _BUILTIN),
    # numpydoc's built-in aliases (int -> python:int, iterable -> python:iterable term, ...)
    (r".*", r"python:.*"),
    # private helpers named in docstrings are not part of the reference
    (r"py:.*", r"(.+\.)?_[A-Za-z0-9][^.]*(\..+)?"),
]

# -- MyST / myst-nb ----------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "dollarmath", "fieldlist"]
myst_heading_anchors = 3
nb_execution_mode = os.environ.get("DISCOURSE_DOCS_EXECUTE", "force")
nb_execution_excludepatterns = ["_generated/notebooks/*"]
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True
# Notebook outputs of types HTML cannot show (e.g. progress-bar widgets) are skipped quietly.
suppress_warnings = ["mystnb.unknown_mime_type"]

# -- HTML --------------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"discourse {release}"
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_show_sourcelink = False
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "header_links_before_dropdown": 7,
    "navbar_align": "left",
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
    "secondary_sidebar_items": ["page-toc"],
}
html_context = {"default_mode": "light"}
# Pages without sub-pages: no (empty) section navigation on the left.
html_sidebars = {
    page: []
    for page in ("index", "getting-started", "mulai-cepat", "contributing", "code-of-conduct")
}


# -- hooks -------------------------------------------------------------------------------------
def _fill_markers(app, docname: str, source: list[str]) -> None:
    text = source[0]
    if sitegen.GUIDE_MARKER in text:
        text = text.replace(sitegen.GUIDE_MARKER, sitegen.guide_markdown(DOCS / "guide"))
    if sitegen.GALLERY_MARKER in text:
        text = text.replace(sitegen.GALLERY_MARKER, sitegen.gallery_markdown(GALLERY))
    for marker, make in sitegen.GENERATED.items():
        if marker in text:
            text = text.replace(marker, make())
    source[0] = text


def _resolve_alias(app, env, node, contnode):
    """Resolve a reference to a re-exported name (``discourse.read_posts``, or ``SynthConfig``
    inside ``discourse.synth``) to the page of the object it is."""
    if node.get("refdomain") != "py":
        return None
    target = node["reftarget"].lstrip(".~")
    candidates = [target]
    for context in (node.get("py:module"), node.get("py:class")):
        if context:
            candidates.append(f"{context}.{target}")
    if node.get("py:module") and node.get("py:class"):
        candidates.append(f"{node['py:module']}.{node['py:class']}.{target}")
    py = env.domains["py"]
    for name in candidates:
        canonical = ALIASES.get(name)
        if canonical is not None:
            return py.resolve_xref(
                env, node["refdoc"], app.builder, node["reftype"], canonical, node, contnode
            )
        owner = ATTRIBUTES.get(name)
        if owner is not None:
            return py.resolve_xref(env, node["refdoc"], app.builder, "class", owner, node, contnode)
    # a short name used across modules (``TopicModel.save`` in discourse.pipeline): resolve it
    # when exactly one documented object of this package ends with it
    if "." in target and not target.startswith("discourse."):
        matches = [n for n in py.objects if n.startswith("discourse.") and n.endswith("." + target)]
        if len(matches) == 1:
            return py.resolve_xref(
                env, node["refdoc"], app.builder, node["reftype"], matches[0], node, contnode
            )
    return None


def setup(app):
    app.connect("source-read", _fill_markers)
    app.connect("missing-reference", _resolve_alias)
    return {"parallel_read_safe": True}
