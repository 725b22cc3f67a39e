"""The ``discourse`` command line (also ``python -m discourse``).

Examples
--------
>>> from typer.testing import CliRunner
>>> CliRunner().invoke(app, ["--help"]).exit_code
0
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="Election discourse: read collected posts, build networks, topics and hoax cascades.",
    no_args_is_help=True,
    add_completion=False,
)

_FORMAT_HELP = "Force a format instead of detecting it (see `discourse formats`)."


def _progress(desc: str):
    from tqdm.auto import tqdm

    bar = {"b": None}

    def cb(done: int, total: int) -> None:
        if bar["b"] is None:
            bar["b"] = tqdm(total=total, desc=desc, unit="task", disable=total < 2)
        bar["b"].n = done
        bar["b"].refresh()
        if done == total:
            bar["b"].close()

    return cb


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Post files or folders.")],
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("data/processed"),
    format: Annotated[str | None, typer.Option("--format", help=_FORMAT_HELP)] = None,
    mapping: Annotated[
        Path | None, typer.Option(help="Column mapping (YAML/JSON) for --format generic.")
    ] = None,
    no_pseudonymise: Annotated[
        bool,
        typer.Option(
            "--no-pseudonymise",
            help="Keep real account ids and handles (only if you have the right to).",
        ),
    ] = False,
    allowlist: Annotated[
        Path | None, typer.Option(help="Public-actor allowlist CSV (default: the shipped one).")
    ] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes (default 2).")] = None,
) -> None:
    """Read post files into OUT/posts.parquet, OUT/rejects.jsonl and OUT/manifest.json."""
    from .io import UnknownFormatError
    from .io import ingest as _ingest

    try:
        report = _ingest(
            paths,
            out=out,
            format=format,
            mapping=mapping,
            pseudonymise=not no_pseudonymise,
            allowlist=allowlist,
            workers=workers,
            progress=_progress("ingest"),
        )
    except (UnknownFormatError, FileNotFoundError, ValueError) as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2) from e
    typer.echo(report.summary())
    typer.echo(f"wrote {out / 'posts.parquet'}, {out / 'rejects.jsonl'}, {out / 'manifest.json'}")


@app.command()
def inspect(
    paths: Annotated[list[Path], typer.Argument(help="Post files or folders.")],
    format: Annotated[str | None, typer.Option("--format", help=_FORMAT_HELP)] = None,
    mapping: Annotated[Path | None, typer.Option(help="Column mapping for generic.")] = None,
) -> None:
    """Say what each file is, how many records it holds and what would be rejected. Writes
    nothing."""
    import pandas as pd

    from .io import UnknownFormatError
    from .io import inspect as _inspect

    try:
        table = _inspect(paths, format=format, mapping=mapping)
    except (UnknownFormatError, FileNotFoundError, ValueError) as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2) from e
    table = table.assign(
        rejected_by_reason=table["rejected_by_reason"].map(
            lambda d: ", ".join(f"{k} {v}" for k, v in sorted(d.items())) or "-"
        )
    )
    with pd.option_context(
        "display.max_rows", None, "display.max_colwidth", 70, "display.width", 200
    ):
        typer.echo(table.to_string(index=False))


@app.command()
def synth(
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same files).")] = 2024,
    posts: Annotated[int, typer.Option(help="Collected posts to generate.")] = 50_000,
    homophily: Annotated[
        float, typer.Option(help="Share of follows inside the own camp (0 mixed .. 1 own only).")
    ] = 0.85,
    out: Annotated[Path, typer.Option(help="Raw output folder.")] = Path("data/raw/synthetic"),
    truth: Annotated[
        Path, typer.Option(help="Truth folder (a sibling of --out, never inside it).")
    ] = Path("data/raw/synthetic_truth"),
) -> None:
    """Generate the synthetic Pilkada Kaltim 2024 corpus: twarc2 pages and a tweet-harvest
    CSV in OUT, the planted truth in TRUTH, and the claim catalogue OUT/claims.csv."""
    from .synth import main as synth_main

    args = [
        "--seed",
        str(seed),
        "--posts",
        str(posts),
        "--homophily",
        str(homophily),
        "--out",
        str(out),
        "--truth",
        str(truth),
    ]
    try:
        code = synth_main(args)
    except ValueError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2) from e
    raise typer.Exit(code)


@app.command()
def networks(
    processed: Annotated[Path, typer.Option(help="Processed folder holding posts.parquet.")] = Path(
        "data/processed"
    ),
    seeds: Annotated[
        Path | None,
        typer.Option(
            help="CSV handle,camp of seed accounts (default: the synthetic corpus's "
            "official campaign stand-ins)."
        ),
    ] = None,
    null: Annotated[int, typer.Option(help="Degree-preserving randomisations (0 skips).")] = 10,
    seed: Annotated[int, typer.Option(help="Seed for Leiden and the randomisations.")] = 0,
    out: Annotated[Path | None, typer.Option(help="Output folder (default: PROCESSED).")] = None,
    jobs: Annotated[
        int, typer.Option(help="Worker processes for the randomisations (-1: every core).")
    ] = 1,
) -> None:
    """Edge and node tables, Leiden communities with camp labels, and polarisation scores
    beside their null-model intervals, written to PROCESSED (see discourse.pipeline)."""
    from .io.processed import read_processed
    from .pipeline import read_seed_camps, run_networks

    seeds_path = seeds or Path(__file__).parent / "data" / "camp_seeds.csv"
    try:
        posts = read_processed(processed)
        seed_camps = read_seed_camps(seeds_path)
    except (FileNotFoundError, ValueError) as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2) from e
    summary = run_networks(
        posts,
        out or processed,
        seeds=seed_camps,
        n_null=null,
        seed=seed,
        n_jobs=jobs,
        progress=lambda m: typer.echo(f"  {m}"),
    )
    c = summary["communities"]
    typer.echo(
        f"retweet network: {c['nodes']:,} accounts, {c['edges']:,} edges, {c['n']} "
        f"communities (stability NMI {c['stability_nmi']:.2f}); sides: "
        f"{summary['polarization_sides']}"
    )
    for row in summary["polarization"]:
        interval = ""
        if "null_mean" in row:
            interval = (
                f"; recomputed communities {row['observed_communities']:.3f} vs null mean "
                f"{row['null_mean']:.3f}, 95% [{row['null_low']:.3f}, {row['null_high']:.3f}]"
            )
        typer.echo(f"  {row['measure']:22s} {row['observed']:.3f}{interval}")
    typer.echo(
        f"wrote {out or processed}/edges_*.csv, nodes.csv, communities.csv, "
        "retweet.gexf, polarization.csv, networks.json"
    )


@app.command()
def formats() -> None:
    """List the formats discourse reads, and the files it recognises but refuses."""
    from .io import NOT_POSTS, POST_FORMATS

    typer.echo("Post formats:")
    for k, v in POST_FORMATS.items():
        typer.echo(f"  {k:16s} {v}")
    typer.echo("Recognised, refused as a whole (no posts):")
    for k, v in NOT_POSTS.items():
        typer.echo(f"  {k:16s} {v}")


@app.command()
def edgelist(
    paths: Annotated[list[Path], typer.Argument(help="Two-column edge list CSV files.")],
    direction: Annotated[
        str, typer.Option(help="actor-target (first column acts on the second) or target-actor.")
    ] = "actor-target",
    keep_self_loops: Annotated[bool, typer.Option(help="Keep self-loops.")] = False,
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("data/processed"),
    no_pseudonymise: Annotated[
        bool, typer.Option("--no-pseudonymise", help="Keep real handles.")
    ] = False,
    allowlist: Annotated[Path | None, typer.Option(help="Public-actor allowlist CSV.")] = None,
) -> None:
    """Read edge lists into OUT/edges_<name>.csv (source, target, weight); handles are
    pseudonymised like the posts table unless --no-pseudonymise."""
    from .io import read_edgelist
    from .io.processed import atomic_path
    from .privacy import Pseudonymiser, load_allowlist, load_key

    if direction not in ("actor-target", "target-actor"):
        typer.echo("error: --direction must be actor-target or target-actor", err=True)
        raise typer.Exit(2)
    pseudo = None
    if not no_pseudonymise:
        pseudo = Pseudonymiser.from_allowlist(load_key(), load_allowlist(allowlist))
    for p in paths:
        try:
            edges, rep = read_edgelist(p, direction=direction, keep_self_loops=keep_self_loops)
        except (ValueError, FileNotFoundError) as e:
            typer.echo(f"error: {e}", err=True)
            raise typer.Exit(2) from e
        if pseudo is not None:
            edges = edges.assign(
                source=edges["source"].map(pseudo.handle), target=edges["target"].map(pseudo.handle)
            )
        target = out / f"edges_{p.stem}.csv"
        with atomic_path(target) as tmp:
            edges.to_csv(tmp, index=False)
        typer.echo(
            f"{p}: {rep.rows_read:,} rows: {rep.edges:,} edges, {rep.duplicate_rows:,} duplicate "
            f"rows, {rep.self_loops:,} self-loops, {rep.rows_rejected:,} rejected; "
            f"{rep.nodes:,} accounts"
        )
        typer.echo(f"wrote {target}")


@app.command()
def notebook(
    path: Annotated[Path, typer.Argument(help="Notebook (jupytext percent .py or .ipynb).")],
    out: Annotated[Path, typer.Option(help="Executed copy (.ipynb).")],
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            help="NAME=VALUE injected after the parameters cell (VALUE read as YAML: "
            "numbers, true/false, strings). Repeatable.",
        ),
    ] = None,
    cwd: Annotated[
        Path | None, typer.Option(help="Kernel working directory (default: the notebook's).")
    ] = None,
) -> None:
    """Execute a notebook top to bottom with papermill on this environment's python kernel,
    writing the executed copy to OUT (see discourse.notebooks)."""
    import yaml

    from .notebooks import run_notebook

    params = {}
    for item in param or []:
        name, sep, value = item.partition("=")
        if not sep or not name.isidentifier():
            typer.echo(f"error: --param {item!r}: expected NAME=VALUE", err=True)
            raise typer.Exit(2)
        params[name] = yaml.safe_load(value) if value else ""
    try:
        run_notebook(path, out, parameters=params, cwd=cwd)
    except (FileNotFoundError, ValueError) as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2) from e
    typer.echo(f"wrote {out}")


def main() -> None:  # pragma: no cover - console entry point
    app()
