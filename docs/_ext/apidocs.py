"""Generate the API reference (and the command-line reference) from the package itself.

The one list to edit is :data:`API_MODULES`. For every module in it that exists, the public
names are read from its ``__all__`` (or, for a module without ``__all__``, the functions and
classes it defines plus the constants it documents with ``#:`` comments), and
``docs/api/<module>.rst`` is written with an ``autosummary`` table; autosummary then writes one
page per function and class under ``docs/api/generated/``. An object re-exported by several
modules (``discourse.read_posts`` is ``discourse.io.read_posts``) gets one page, under the
module that defines it, and the other modules link to it. ``docs/api/`` is generated on every
build and git-ignored.

``docs/conf.py`` calls :func:`write_api`; ``tests/test_docs.py`` uses :func:`documented_objects`
to check that every public function and class has an ``Examples`` section.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import os
import re
import textwrap
import types
from dataclasses import dataclass
from pathlib import Path

#: (module, section of the API index). A module that does not exist (yet) is skipped, so a
#: stage can be listed before it lands; one that exists but fails to import fails the build.
API_MODULES: list[tuple[str, str]] = [
    ("discourse", "Top level"),
    ("discourse.io", "Reading posts"),
    ("discourse.io.twarc2", "Reading posts"),
    ("discourse.io.twitter_v1", "Reading posts"),
    ("discourse.io.harvest_csv", "Reading posts"),
    ("discourse.io.generic", "Reading posts"),
    ("discourse.io.edgelist", "Reading posts"),
    ("discourse.io.processed", "Reading posts"),
    ("discourse.schema", "Reading posts"),
    ("discourse.times", "Reading posts"),
    ("discourse.privacy", "Reading posts"),
    ("discourse.describe", "Describing the corpus"),
    ("discourse.networks", "Networks, communities and polarisation"),
    ("discourse.communities", "Networks, communities and polarisation"),
    ("discourse.polarization", "Networks, communities and polarisation"),
    ("discourse.text", "Text and topics"),
    ("discourse.topics", "Text and topics"),
    ("discourse.hoaxes", "Hoaxes and cascades"),
    ("discourse.hoaxes.catalogue", "Hoaxes and cascades"),
    ("discourse.hoaxes.matching", "Hoaxes and cascades"),
    ("discourse.hoaxes.cascades", "Hoaxes and cascades"),
    ("discourse.hoaxes.metrics", "Hoaxes and cascades"),
    ("discourse.hoaxes.compare", "Hoaxes and cascades"),
    ("discourse.hoaxes.coordination", "Hoaxes and cascades"),
    ("discourse.plotting", "Figures and notebooks"),
    ("discourse.notebooks", "Figures and notebooks"),
    ("discourse.scale", "Scaling out"),
    ("discourse.pipeline", "Pipeline and synthetic corpus"),
    ("discourse.synth", "Pipeline and synthetic corpus"),
    ("discourse.synth.config", "Pipeline and synthetic corpus"),
    ("discourse.synth.lexicon", "Pipeline and synthetic corpus"),
    ("discourse.synth.text", "Pipeline and synthetic corpus"),
    ("discourse.synth.population", "Pipeline and synthetic corpus"),
    ("discourse.synth.timeline", "Pipeline and synthetic corpus"),
    ("discourse.synth.actions", "Pipeline and synthetic corpus"),
    ("discourse.synth.writers", "Pipeline and synthetic corpus"),
    ("discourse.synth.generate", "Pipeline and synthetic corpus"),
]

#: Modules whose page shows only their docstring (what the module handles), not their
#: functions: the readers' internals, which users reach through :mod:`discourse.io`.
DOCSTRING_ONLY: set[str] = {
    "discourse.io.twarc2",
    "discourse.io.twitter_v1",
    "discourse.io.harvest_csv",
}

#: Top-level modules that are deliberately not in :data:`API_MODULES`.
NOT_API = {"discourse.cli", "discourse.__main__"}


@dataclass(frozen=True)
class Entry:
    """One public name of one module."""

    module: str  # the module whose __all__ (or definitions) list it
    name: str
    obj: object
    kind: str  # "function", "class", "data" or "module"
    owner: str  # the module whose page documents it

    @property
    def documented_here(self) -> bool:
        return self.owner == self.module

    @property
    def target(self) -> str:
        return f"{self.owner}.{self.name}" if self.kind != "module" else self._module_name

    @property
    def _module_name(self) -> str:
        return self.obj.__name__  # type: ignore[attr-defined]


def module_exists(name: str) -> bool:
    """True when ``name`` can be found (without importing it)."""
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # a parent package is missing
        return False


def available_modules() -> list[str]:
    """The modules of :data:`API_MODULES` that exist, in order, less those named in the
    environment variable ``DISCOURSE_DOCS_SKIP`` (comma-separated; for building the rest of
    the site while a module is being written)."""
    skip = {m.strip() for m in os.environ.get("DISCOURSE_DOCS_SKIP", "").split(",") if m.strip()}
    return [m for m, _ in API_MODULES if m not in skip and module_exists(m)]


def _kind(obj: object) -> str:
    if isinstance(obj, types.ModuleType):
        return "module"
    if inspect.isclass(obj):
        return "class"
    if callable(obj):
        return "function"
    return "data"


def public_names(module: types.ModuleType) -> list[str]:
    """``__all__``, or the public functions/classes defined in the module and its documented
    (``#:``) constants."""
    names = getattr(module, "__all__", None)
    if names is not None:
        return [n for n in names if not (n.startswith("__") and n.endswith("__"))]
    from sphinx.pycode import ModuleAnalyzer

    try:
        attr_docs = ModuleAnalyzer.for_module(module.__name__).find_attr_docs()
    except Exception:  # no source available
        attr_docs = {}
    documented = {name for (scope, name) in attr_docs if scope == ""}
    out = []
    for name, obj in vars(module).items():
        if name.startswith("_"):
            continue
        if inspect.isfunction(obj) or inspect.isclass(obj):
            if getattr(obj, "__module__", None) == module.__name__:
                out.append(name)
        elif name in documented and not isinstance(obj, types.ModuleType):
            out.append(name)
    return out


def documented_objects() -> list[Entry]:
    """Every public name of every available module of :data:`API_MODULES`, with its owner."""
    modules = available_modules()
    raw: list[tuple[str, str, object, str]] = []
    for modname in modules:
        if modname in DOCSTRING_ONLY:
            continue
        mod = importlib.import_module(modname)
        for name in public_names(mod):
            if not hasattr(mod, name):
                raise AttributeError(f"{modname}.__all__ names {name!r}, which does not exist")
            obj = getattr(mod, name)
            raw.append((modname, name, obj, _kind(obj)))
    # owner of each object (by identity): the listing module that defines it, else the most
    # specific listing module that is a prefix of where it is defined, else the first listed.
    listing: dict[int, list[str]] = {}
    for modname, _name, obj, kind in raw:
        if kind != "module":
            listing.setdefault(id(obj), []).append(modname)
    entries = []
    for modname, name, obj, kind in raw:
        if kind == "module":
            owner = obj.__name__ if obj.__name__ in modules else modname  # type: ignore[attr-defined]
        else:
            mods = listing[id(obj)]
            if kind == "data":
                where = next((m for m in mods if _assigns(m, name)), None)
            else:
                where = getattr(obj, "__module__", None)
            if where in mods:
                owner = where
            else:
                prefixed = [m for m in mods if where and where.startswith(m + ".")]
                owner = max(prefixed, key=len) if prefixed else max(mods, key=len)
        entries.append(Entry(modname, name, obj, kind, owner))
    return entries


def _assigns(modname: str, name: str) -> bool:
    """True when the source of ``modname`` assigns ``name`` at top level."""
    try:
        source = inspect.getsource(importlib.import_module(modname))
    except (OSError, TypeError):
        return False
    return re.search(rf"^{re.escape(name)}\s*(:[^=\n]*)?=", source, re.MULTILINE) is not None


def aliases(entries: list[Entry] | None = None) -> dict[str, str]:
    """``{"discourse.read_posts": "discourse.io.read_posts", ...}``: the names under which an
    object is also importable, mapped to the name its page documents."""
    entries = documented_objects() if entries is None else entries
    out = {}
    for e in entries:
        if e.kind in ("function", "class"):
            # the path where it is defined (``discourse.plotting.topics.plot_x`` for an object
            # documented as ``discourse.plotting.plot_x``)
            defined = f"{getattr(e.obj, '__module__', '')}.{getattr(e.obj, '__qualname__', '')}"
            if defined != e.target:
                out[defined] = e.target
        if e.kind != "module" and not e.documented_here:
            out[f"{e.module}.{e.name}"] = e.target
    return out


def documented_attributes(entries: list[Entry] | None = None) -> dict[str, list[str]]:
    """``{class full name: [attribute names]}`` for the classes whose docstring documents
    attributes in an ``Attributes`` section; the class page does not list them twice."""
    from numpydoc.docscrape import ClassDoc

    entries = documented_objects() if entries is None else entries
    out = {}
    for e in entries:
        if e.kind != "class" or not e.documented_here:
            continue
        doc = ClassDoc(e.obj, config={"show_class_members": False})
        names = [n.strip() for p in doc["Attributes"] for n in p.name.split(",")]
        if names:
            out[e.target] = names
    return out


def attribute_targets(entries: list[Entry] | None = None) -> dict[str, str]:
    """``{"pkg.Class.attribute": "pkg.Class"}`` for the attributes documented in a class's
    ``Attributes`` section (shown on the class page, not as separate entries), so that
    ``:attr:`` references to them land on the class."""
    return {
        f"{cls}.{attr}": cls
        for cls, attrs in documented_attributes(entries).items()
        for attr in attrs
    }


def _underline(text: str, char: str = "=") -> str:
    return f"{text}\n{char * len(text)}\n"


def _module_page(modname: str, entries: list[Entry]) -> str:
    here = [e for e in entries if e.documented_here and e.kind != "module"]
    elsewhere = [e for e in entries if not e.documented_here or e.kind == "module"]
    out = [_underline(modname), f".. automodule:: {modname}\n   :no-members:\n"]
    if modname in DOCSTRING_ONLY:
        out.append(
            ".. note::\n\n   A reader module: use it through :func:`discourse.io.read_posts` and "
            ":func:`discourse.io.ingest`, which detect the format. Its functions are internal "
            "and may change.\n"
        )
        return "\n".join(out) + "\n"
    functions = sorted((e for e in here if e.kind == "function"), key=lambda e: e.name.lower())
    classes = sorted((e for e in here if e.kind == "class"), key=lambda e: e.name.lower())
    data = [e for e in here if e.kind == "data"]
    if functions:
        out.append(_underline("Functions", "-"))
        out.append(
            ".. autosummary::\n   :toctree: generated/\n"
            "   :template: autosummary/discourse_function.rst\n   :nosignatures:\n"
        )
        out.extend(f"   {e.name}" for e in functions)
        out.append("")
    if classes:
        out.append(_underline("Classes", "-"))
        out.append(
            ".. autosummary::\n   :toctree: generated/\n"
            "   :template: autosummary/discourse_class.rst\n   :nosignatures:\n"
        )
        out.extend(f"   {e.name}" for e in classes)
        out.append("")
    if data:
        out.append(_underline("Constants", "-"))
        for e in data:
            out.append(f".. autodata:: {e.name}\n")
    if elsewhere:
        out.append(_underline("Also available here", "-"))
        out.append(
            f"Imported into ``{modname}`` for convenience; documented where they are defined.\n"
        )
        for e in sorted(elsewhere, key=lambda e: e.name.lower()):
            role = {"function": "func", "class": "class", "data": "data", "module": "mod"}[e.kind]
            out.append(f"- ``{modname}.{e.name}``: :{role}:`{e.target}`")
        out.append("")
    return "\n".join(out) + "\n"


_INDEX_INTRO = """\
API reference
=============

Generated from the numpydoc docstrings of the package: every public function and class has its
own page, with the paper it implements (for measures), its parameters, what it returns and an
example that runs (the examples are doctests, run by the test suite). Start from the
:doc:`/guide/index` for how the pieces fit together.

Conventions everywhere: the main data (a posts table, an edge table or a graph) is the first,
positional argument; options are keyword-only with defaults; inputs are never modified; every
stochastic function takes ``seed``; timestamps are stored in UTC and shown in WITA.

.. toctree::
   :hidden:

{toctree}

"""


def write_api(docs: Path) -> list[str]:
    """Write ``docs/api/`` (index, one page per module, the CLI page); return the modules."""
    api = docs / "api"
    api.mkdir(parents=True, exist_ok=True)
    entries = documented_objects()
    modules = available_modules()
    sections: dict[str, list[str]] = {}
    for modname, section in API_MODULES:
        if modname in modules:
            sections.setdefault(section, []).append(modname)
    toctree = "\n".join(f"   {m}" for m in modules) + "\n   cli"
    parts = [_INDEX_INTRO.format(toctree=toctree)]
    for section, mods in sections.items():
        parts.append(_underline(section, "-"))
        rows = []
        for m in mods:
            first = _first_line(importlib.import_module(m).__doc__)
            rows.append(f"   * - :mod:`{m}`\n     - {first}")
        parts.append(".. list-table::\n   :widths: 30 70\n\n" + "\n".join(rows) + "\n")
    parts.append(_underline("Command line", "-"))
    parts.append(":doc:`cli`: every ``discourse`` command and option.\n")
    pages = {"index.rst": "\n".join(parts), "cli.rst": cli_page()}
    for m in modules:
        pages[f"{m}.rst"] = _module_page(m, [e for e in entries if e.module == m])
    for stale in api.glob("*.rst"):
        if stale.name not in pages:
            stale.unlink()
    for name, text in pages.items():
        _write_if_changed(api / name, text)
    # autosummary writes one stub per function and class into generated/; drop the stubs of
    # names that are no longer public (they would be pages outside every toctree)
    stubs = {
        f"{e.target}.rst"
        for e in entries
        if e.documented_here and e.kind in ("function", "class") and e.module in modules
    }
    for stub in (api / "generated").glob("*.rst"):
        if stub.name not in stubs:
            stub.unlink()
    return modules


def _write_if_changed(path: Path, text: str) -> None:
    """Write ``text`` unless the file already holds it (keeps Sphinx's incremental builds)."""
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def _first_line(doc: str | None) -> str:
    """The first paragraph of a docstring, with roles turned into literals (no context)."""
    if not doc:
        return ""
    para = inspect.cleandoc(doc).split("\n\n", 1)[0]
    para = re.sub(r":[a-z:]+:`~?\.?([^`]+)`", r"``\1``", para)
    return " ".join(para.split())


def cli_page() -> str:
    """The ``discourse`` command line, from the typer app (commands in definition order)."""
    import typer

    from discourse.cli import app

    group = typer.main.get_command(app)
    out = [
        _underline("Command line"),
        "``discourse`` (also ``python -m discourse``) runs the stages on files. "
        "``discourse COMMAND --help`` prints the same as below.\n",
        ".. code-block:: text\n\n   discourse [OPTIONS] COMMAND [ARGS]...\n",
    ]
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        if cmd.hidden:
            continue
        out.append(_underline(f"discourse {name}", "-"))
        options = [p for p in cmd.params if p.param_type_name == "option"]
        pieces = ["[OPTIONS]"] if options else []
        for p in cmd.params:
            if p.param_type_name == "argument":
                arg = p.name.upper() + ("..." if p.nargs == -1 else "")
                pieces.append(arg if p.required else f"[{arg}]")
        out.append(f".. code-block:: text\n\n   {' '.join(['discourse', name, *pieces])}\n")
        if cmd.help:
            out.append(_rst_text(inspect.cleandoc(cmd.help)) + "\n")
        rows = []
        for p in cmd.params:
            if p.param_type_name == "argument":
                names = p.name.upper()
            else:
                names = ", ".join(p.opts + p.secondary_opts)
            helptext = getattr(p, "help", None) or ""
            default = p.default
            flag = p.param_type_name == "option" and (
                getattr(p, "is_flag", False) or getattr(p, "is_bool_flag", False)
            )
            shown = "" if flag or default is None or callable(default) else f"``{default}``"
            required = " (required)" if p.required else ""
            rows.append(
                f"   * - ``{names}``\n     - {_rst_text(helptext)}{required}\n     - {shown}"
            )
        if rows:
            out.append(
                ".. list-table::\n   :header-rows: 1\n   :widths: 25 60 15\n\n"
                "   * - argument / option\n     - meaning\n     - default\n"
                + "\n".join(rows)
                + "\n"
            )
    return "\n".join(out) + "\n"


def _rst_text(text: str) -> str:
    """Help text as reStructuredText: backticks become literals, lines joined."""
    text = " ".join(text.split())
    text = text.replace("``", "`").replace("`", "``")
    # option names outside literals would be typeset (``--format`` -> en dash)
    text = re.sub(r"(?<![`\w])(--[a-z][a-z0-9-]*)", r"``\1``", text)
    return textwrap.shorten(text, width=10_000, placeholder="…")
