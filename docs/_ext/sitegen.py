"""Pages that depend on what is present when the site is built.

- The user guide's table of contents lists the guide pages that exist (in
  :data:`GUIDE_PAGES` order, then any other page found in ``docs/guide/``), so a stage whose page
  has not landed yet does not break the build.
- The gallery renders the executed notebooks of ``reports/notebooks/`` (copied to
  ``docs/_generated/notebooks/``; myst-nb shows their stored outputs, never re-executing them)
  and the figures of ``reports/figures/`` with their provenance ``.json``. When
  ``reports/notebooks/`` is absent the page says how to produce it.

Both are filled in at ``source-read`` time from a marker line in the page
(``@@GUIDE_PAGES@@``, ``@@GALLERY@@``).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

#: Guide pages in reading order, with a one-line description.
GUIDE_PAGES: dict[str, str] = {
    "input-formats": "Every file format the readers accept, an example of each, and the quirks "
    "handled.",
    "posts-table": "The canonical posts table column by column; the ingest report, rejects "
    "and manifest.",
    "privacy": "What is pseudonymised, the key, the public-actor allowlist, and publishing "
    "responsibly under UU PDP.",
    "networks": "Edge tables and graphs: retweet, quote, reply, mention, hashtag and co-action "
    "networks; backbones; exports.",
    "communities-polarisation": "Leiden communities, camps from seed accounts, and each "
    "polarisation measure with its null-model interval.",
    "text-topics": "Indonesian preprocessing step by step; topic models and choosing K.",
    "hoaxes": "Claim catalogues, matching, cascades (observed and inferred edges) and "
    "size-matched comparisons.",
    "figures": "Every figure id: what it shows, its notebook and function, how to cite it.",
    "own-data": "Running the whole pipeline on the posts you collected.",
    "scaling": "The same pipeline on a Dask cluster.",
}

GUIDE_MARKER = "@@GUIDE_PAGES@@"
GALLERY_MARKER = "@@GALLERY@@"


def guide_pages(guide_dir: Path) -> list[str]:
    """Docnames (relative to ``guide/``) of the guide pages present, in reading order."""
    present = {p.stem for p in guide_dir.glob("*.md") if p.stem != "index"}
    present |= {p.stem for p in guide_dir.glob("*.rst") if p.stem != "index"}
    ordered = [name for name in GUIDE_PAGES if name in present]
    return ordered + sorted(present - set(ordered))


def guide_markdown(guide_dir: Path) -> str:
    """The toctree and the annotated list of guide pages, as MyST Markdown."""
    pages = guide_pages(guide_dir)
    lines = ["```{toctree}", ":hidden:", ":maxdepth: 2", "", *pages, "```", ""]
    for name in pages:
        desc = GUIDE_PAGES.get(name, "")
        lines.append(f"- {{doc}}`{name}`" + (f": {desc}" if desc else ""))
    missing = [name for name in GUIDE_PAGES if name not in pages]
    if missing:
        lines += [
            "",
            "```{note}",
            "Still being written: " + ", ".join(f"`{m}`" for m in missing) + ".",
            "```",
        ]
    return "\n".join(lines) + "\n"


@dataclass
class Gallery:
    notebooks: list[str] = field(default_factory=list)  # docnames
    figures: list[dict] = field(default_factory=list)  # id, image (doc path), provenance
    source: Path | None = None


def collect_gallery(reports: Path, docs: Path) -> Gallery:
    """Copy the executed notebooks and figure PNGs from ``reports`` into
    ``docs/_generated/`` and return what is there. Nothing is executed."""
    out = docs / "_generated"
    for sub in ("notebooks", "figures"):
        if (out / sub).exists():
            shutil.rmtree(out / sub)
    gallery = Gallery(source=reports)
    nb_dir = reports / "notebooks"
    if nb_dir.is_dir():
        (out / "notebooks").mkdir(parents=True, exist_ok=True)
        for nb in sorted(nb_dir.glob("*.ipynb")):
            shutil.copy2(nb, out / "notebooks" / nb.name)
            gallery.notebooks.append(f"_generated/notebooks/{nb.stem}")
    fig_dir = reports / "figures"
    if fig_dir.is_dir():
        for png in sorted(fig_dir.glob("*.png")):
            (out / "figures").mkdir(parents=True, exist_ok=True)
            shutil.copy2(png, out / "figures" / png.name)
            meta_path = png.with_suffix(".json")
            meta = {}
            if meta_path.is_file():
                try:
                    meta = json.loads(meta_path.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    meta = {}
            gallery.figures.append(
                {"id": png.stem, "image": f"/_generated/figures/{png.name}", "meta": meta}
            )
    return gallery


def _caption(fig: dict) -> str:
    meta = fig["meta"] if isinstance(fig["meta"], dict) else {}
    title = str(meta.get("title") or meta.get("caption") or "").strip().rstrip(".")
    bits = [f"**{fig['id']}**" + (f": {title}" if title else "")]
    notebook = meta.get("notebook")
    if notebook:
        bits.append(f"notebook `{notebook}`")
    if meta.get("seed") not in (None, ""):
        bits.append(f"seed `{meta['seed']}`")
    if meta.get("package_version"):
        bits.append(f"discourse `{meta['package_version']}`")
    git = meta.get("git")
    commit = git.get("commit") if isinstance(git, dict) else git
    if commit:
        dirty = " (uncommitted changes)" if isinstance(git, dict) and git.get("dirty") else ""
        bits.append(f"commit `{str(commit)[:10]}`{dirty}")
    return "; ".join(bits)


def gallery_markdown(gallery: Gallery) -> str:
    """The notebook toctree and the figure grid, as MyST Markdown."""
    lines: list[str] = []
    if gallery.notebooks:
        lines += ["## Notebooks", ""]
        lines += ["```{toctree}", ":maxdepth: 1", "", *gallery.notebooks, "```", ""]
    else:
        lines += [
            "```{admonition} No executed notebooks yet",
            ":class: tip",
            "",
            "This build found no `reports/notebooks/`. The gallery shows the notebooks as "
            "`make reproduce` executed them, so produce them first and build again:",
            "",
            "    make reproduce   # runs the pipeline and executes notebooks/*.py into "
            "reports/notebooks/",
            "    make docs",
            "",
            "The notebooks themselves (jupytext `.py` files) are in `notebooks/`; open them in "
            "JupyterLab with `jupyter lab notebooks/` (see {doc}`getting-started`).",
            "```",
            "",
        ]
    if gallery.figures:
        lines += ["## Figures", ""]
        lines += [
            "Each figure is exported by `discourse.plotting.save_figure` as PDF, PNG and SVG "
            "with a `.json` provenance record beside it (in `reports/figures/`).",
            "",
        ]
        for fig in gallery.figures:
            lines += [
                f"```{{figure}} {fig['image']}",
                f":alt: figure {fig['id']}",
                ":width: 100%",
                "",
                _caption(fig),
                "```",
                "",
            ]
    elif gallery.notebooks:
        lines += ["No figures found in `reports/figures/`.", ""]
    return "\n".join(lines)


# -- tables generated from the code ------------------------------------------------------------

#: What each column of the posts table holds (the types come from ``POSTS_SCHEMA``). A column
#: added to the schema without an entry here fails the build.
POSTS_COLUMN_DOCS: dict[str, str] = {
    "post_id": "The platform's id of the post, as a string (never a float).",
    "platform": "`x`, `tiktok`, `instagram`, `facebook`, `youtube`, ... (the generic reader "
    "writes the mapping's `platform`).",
    "created_at": "When it was posted, **in UTC**; show it in WITA with "
    "{func}`discourse.to_wita`. Never naive.",
    "author_id": "Account id of the author; a pseudonym `id_…` in processed output unless "
    "the account is on the allowlist. NA when the source gives only a handle.",
    "author_handle": "Handle of the author, lowercased, without `@`; a pseudonym `u_…` in "
    "processed output unless a public actor.",
    "author_followers": "Followers as reported at collection time; NA when unknown (never 0 as "
    "a stand-in).",
    "text": "The text as collected (tweet-harvest 2024 files: after the tool's own clean-up). "
    "`@handles` and status-URL handles inside it are pseudonymised in processed output.",
    "lang": "Language code the platform gave (`in` for Indonesian); NA when unknown.",
    "kind": "`original`, `retweet`, `quote` or `reply`. A retweet of a quote is a `retweet`; "
    "a quote that replies is a `quote` (its `reply_to_*` are still filled).",
    "retweeted_post_id": "For a retweet: the post retweeted. NA otherwise.",
    "retweeted_author_id": "For a retweet: the author of the original, when known.",
    "retweeted_author_handle": "For a retweet: that author's handle (from `RT @x:` in "
    "tweet-harvest files).",
    "quoted_post_id": "For a quote: the post quoted.",
    "quoted_author_id": "For a quote: its author's id.",
    "quoted_author_handle": "For a quote: its author's handle.",
    "reply_to_post_id": "For a reply: the post replied to (NA in tweet-harvest files, which "
    "give only the handle).",
    "reply_to_author_id": "For a reply: the author replied to.",
    "reply_to_author_handle": "For a reply: that author's handle (`in_reply_to_screen_name`).",
    "conversation_id": "Id of the thread's first post; NA when unknown or when it lost "
    "precision.",
    "mentions": "Handles mentioned (lowercase, without `@`), excluding the automatic `RT @x:` "
    "of a retweet.",
    "hashtags": "Hashtags, lowercase, without `#`.",
    "urls": "Links, expanded where the source gives the expansion.",
    "like_count": "Likes as reported at collection time; NA when absent.",
    "retweet_count": "Retweets/reposts/shares as reported; NA when absent.",
    "reply_count": "Replies as reported; NA when absent.",
    "quote_count": "Quotes as reported; NA when absent.",
    "is_reference": "True for an original seen only as referenced material (retweeted or "
    "quoted, not itself collected): kept so its author resolves, not a collected post.",
    "derived": "Which fields were inferred rather than given (flags below); empty when "
    "nothing was.",
    "source_file": "The file (or `workbook.xlsx#sheet`) the kept record came from.",
    "source_line": "Its line in that file (1-based; NA for JSON documents, which have no "
    "record lines).",
}

POSTS_MARKER = "@@POSTS_COLUMNS@@"
DERIVED_MARKER = "@@DERIVED_FLAGS@@"
REJECTS_MARKER = "@@REJECT_REASONS@@"
FORMATS_MARKER = "@@FORMATS@@"


def _type_name(t) -> str:
    import pyarrow as pa

    if pa.types.is_timestamp(t):
        return f"timestamp[{t.unit}, {t.tz}]"
    if pa.types.is_list(t):
        return f"list<{t.value_type}>"
    return {"string": "string", "int64": "int64", "bool": "bool"}.get(str(t), str(t))


def posts_columns_markdown() -> str:
    """The posts table column by column: name, Arrow type, pandas dtype, meaning."""
    from discourse.schema import POSTS_SCHEMA, _arrow_to_pandas_dtype

    names = list(POSTS_SCHEMA.names)
    missing = [n for n in names if n not in POSTS_COLUMN_DOCS]
    extra = [n for n in POSTS_COLUMN_DOCS if n not in names]
    if missing or extra:
        raise ValueError(
            "docs/_ext/sitegen.py POSTS_COLUMN_DOCS is out of step with POSTS_SCHEMA: "
            f"undocumented columns {missing}, documented columns not in the schema {extra}"
        )
    rows = ["| # | column | Arrow type | pandas dtype | meaning |", "|---|---|---|---|---|"]
    for i, field_ in enumerate(POSTS_SCHEMA, start=1):
        dtype = _arrow_to_pandas_dtype(field_.type)
        pandas = "datetime64[us, UTC]" if dtype is None else str(dtype)
        required = " (never null)" if not field_.nullable else ""
        rows.append(
            f"| {i} | `{field_.name}` | `{_type_name(field_.type)}`{required} | `{pandas}` | "
            f"{POSTS_COLUMN_DOCS[field_.name]} |"
        )
    return "\n".join(rows) + "\n"


def _dict_table(d: dict[str, str], head: tuple[str, str]) -> str:
    rows = [f"| {head[0]} | {head[1]} |", "|---|---|"]
    rows += [f"| `{k}` | {v} |" for k, v in d.items()]
    return "\n".join(rows) + "\n"


def derived_flags_markdown() -> str:
    from discourse.schema import DERIVED_FLAGS

    return _dict_table(DERIVED_FLAGS, ("flag", "meaning"))


def reject_reasons_markdown() -> str:
    from discourse.io import REJECT_REASONS

    return _dict_table(REJECT_REASONS, ("reason", "meaning"))


def formats_markdown() -> str:
    from discourse.io import NOT_POSTS, POST_FORMATS

    return (
        _dict_table(POST_FORMATS, ("format (`--format`)", "what it is"))
        + "\nRecognised and refused as a whole:\n\n"
        + _dict_table(NOT_POSTS, ("kind", "why"))
    )


#: marker -> function producing the Markdown that replaces it
GENERATED: dict[str, object] = {
    POSTS_MARKER: posts_columns_markdown,
    DERIVED_MARKER: derived_flags_markdown,
    REJECTS_MARKER: reject_reasons_markdown,
    FORMATS_MARKER: formats_markdown,
}
