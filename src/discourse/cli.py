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
_SCHEDULER_HELP = (
    "Run on Dask: 'local' (a local cluster), a scheduler address (tcp://host:8786, e.g. from "
    "dask-jobqueue), or 'sync'. Default: this machine without Dask. Same results."
)


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
    scheduler: Annotated[str | None, typer.Option(help=_SCHEDULER_HELP)] = None,
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
            scheduler=scheduler,
        )
    except (UnknownFormatError, FileNotFoundError, ValueError, ConnectionError) as e:
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
    scheduler: Annotated[str | None, typer.Option(help=_SCHEDULER_HELP)] = None,
) -> None:
    """Edge and node tables, Leiden communities with camp labels, and polarisation scores
    beside their null-model intervals, written to PROCESSED (see discourse.pipeline)."""
    from .io.processed import read_processed
    from .pipeline import read_seed_camps, run_networks

    seeds_path = seeds or Path(__file__).parent / "data" / "camp_seeds.csv"
    try:
        # on Dask the tables are computed from the Parquet parts; nothing is loaded whole
        posts = read_processed(processed) if scheduler is None else processed
        if scheduler is not None and not (processed / "posts.parquet").exists():
            raise FileNotFoundError(f"{processed / 'posts.parquet'} does not exist")
        seed_camps = read_seed_camps(seeds_path)
    except (FileNotFoundError, ValueError) as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2) from e
    try:
        summary = run_networks(
            posts,
            out or processed,
            seeds=seed_camps,
            n_null=null,
            seed=seed,
            n_jobs=jobs,
            progress=lambda m: typer.echo(f"  {m}"),
            scheduler=scheduler,
        )
    except (ValueError, ConnectionError) as e:
        if scheduler is None:
            raise
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2) from e
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


@app.command()
def topics(
    processed: Annotated[Path, typer.Option(help="Processed folder holding posts.parquet.")] = Path(
        "data/processed"
    ),
    k: Annotated[int, typer.Option("--k", help="Number of topics of the model.")] = 12,
    seed: Annotated[int, typer.Option(help="Seed of LDA (same seed, same topics).")] = 0,
    passes: Annotated[int, typer.Option(help="LDA passes over the corpus.")] = 10,
    sweep: Annotated[
        str, typer.Option(help="Comma-separated K values for the coherence sweep ('' skips).")
    ] = "8,12,16",
    lexicon: Annotated[
        Path | None,
        typer.Option(help="Slang lexicon CSV (slang,formal), e.g. the colloquial lexicon."),
    ] = None,
    stem: Annotated[bool, typer.Option(help="Sastrawi stemming.")] = False,
    communities: Annotated[
        Path | None,
        typer.Option(
            help="communities.csv (node, camp) for prevalence and words by camp "
            "(default: PROCESSED/communities.csv when present)."
        ),
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Output folder (default: PROCESSED).")] = None,
    scheduler: Annotated[
        str | None, typer.Option(help=_SCHEDULER_HELP + " Only the preprocessing runs on Dask.")
    ] = None,
) -> None:
    """Indonesian preprocessing, an LDA topic model, topic prevalence by WITA day, campaign
    phase and camp, distinctive words per camp and a K sweep, written to PROCESSED (see
    discourse.pipeline.run_topics)."""
    import time

    import pandas as pd

    from .io.processed import read_processed
    from .pipeline import run_topics

    try:
        ks = tuple(int(x) for x in sweep.split(",") if x.strip())
    except ValueError as e:
        typer.echo(f"error: --sweep {sweep!r}: expected comma-separated integers", err=True)
        raise typer.Exit(2) from e
    comm_path = communities or processed / "communities.csv"
    try:
        posts = read_processed(processed)
        comm = None
        if comm_path.is_file():
            comm = pd.read_csv(comm_path, dtype={"node": str, "camp": str})
        elif communities is not None:
            raise FileNotFoundError(f"{communities}: no such file")
        if lexicon is not None and not lexicon.is_file():
            raise FileNotFoundError(f"{lexicon}: no such lexicon file")
    except (FileNotFoundError, ValueError) as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2) from e
    options: dict = {"stem": stem}
    if lexicon is not None:
        options["lexicon"] = lexicon
    t0 = time.perf_counter()
    extra: dict = {}
    if scheduler is not None:  # token lists made on Dask, the same as in memory
        from .scale import tokenize_posts

        typer.echo(f"  [{time.perf_counter() - t0:6.1f} s] preprocessing on Dask ({scheduler})")
        try:
            extra["tokenized"] = tokenize_posts(processed, scheduler=scheduler, **options)
        except (ValueError, ConnectionError) as e:
            typer.echo(f"error: {e}", err=True)
            raise typer.Exit(2) from e
    summary = run_topics(
        posts,
        out or processed,
        k=k,
        seed=seed,
        passes=passes,
        sweep_ks=ks,
        communities=comm,
        text_options=options,
        progress=lambda m: typer.echo(f"  [{time.perf_counter() - t0:6.1f} s] {m}"),
        **extra,
    )
    text = summary["text"]
    typer.echo(
        f"{text['posts']:,} posts -> {summary['documents']:,} documents "
        f"({text['retweets_dropped']:,} retweets, {text['references_dropped']:,} references "
        f"left out); vocabulary {summary['filters']['vocabulary_after']:,} terms"
    )
    typer.echo("coherence: " + ", ".join(f"{m} {v:.3f}" for m, v in summary["coherence"].items()))
    for label in summary["labels"].values():
        typer.echo(f"  topic {label}")
    typer.echo(
        f"wrote {out or processed}/topic_terms.csv, doc_topics.parquet, topic_tokens.parquet, "
        "topic_prevalence_*.csv, distinctive_words.csv, topic_sweep.csv, topic_model/, "
        "topics.json"
    )


@app.command()
def hoaxes(
    claims: Annotated[
        Path | None,
        typer.Option(
            help="Claim catalogue (CSV or YAML; default: the one the ingest found beside the "
            "posts, e.g. data/raw/synthetic/claims.csv)."
        ),
    ] = None,
    processed: Annotated[Path, typer.Option(help="Processed folder holding posts.parquet.")] = Path(
        "data/processed"
    ),
    examples: Annotated[
        Path | None,
        typer.Option(help="CSV claim_id,role,text of known examples for the similarity rule."),
    ] = None,
    method: Annotated[
        str, typer.Option(help="Cascades: time (time-inferred retweet paths) or observed.")
    ] = "time",
    follows: Annotated[
        Path | None,
        typer.Option(
            help="Follower table (Parquet/CSV: follower, followed) for the time-inferred "
            "reconstruction; raw ids are pseudonymised like the posts."
        ),
    ] = None,
    threshold: Annotated[float, typer.Option(help="TF-IDF cosine threshold.")] = 0.5,
    min_keywords: Annotated[int, typer.Option(help="Keywords needed for the keyword rule.")] = 4,
    seed: Annotated[int, typer.Option(help="Seed of size matching and MinHash.")] = 0,
    out: Annotated[Path | None, typer.Option(help="Output folder (default: PROCESSED).")] = None,
) -> None:
    """Match posts to hoax claims, build cascades and their metrics, compare hoaxes, debunks
    and other cascades, and find coordination signals; tables go to PROCESSED (see
    discourse.pipeline.run_hoaxes)."""
    import json

    import pandas as pd

    from .hoaxes import CatalogueError, read_catalogue
    from .io.processed import read_processed
    from .pipeline import find_catalogue, read_camps, run_hoaxes

    if method not in ("time", "observed"):
        typer.echo("error: --method must be time or observed", err=True)
        raise typer.Exit(2)
    path = claims or find_catalogue(processed)
    if path is None:
        typer.echo(
            f"error: no --claims given and the ingest of {processed} found no claim catalogue",
            err=True,
        )
        raise typer.Exit(2)
    try:
        posts = read_processed(processed)
        catalogue = read_catalogue(path)
        ex = pd.read_csv(examples, dtype=str) if examples else None
        fol = _read_follows(follows, processed) if follows else None
    except (FileNotFoundError, ValueError, CatalogueError) as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2) from e
    typer.echo(f"claims: {path} ({len(catalogue)} claims)")
    summary = run_hoaxes(
        posts,
        out or processed,
        claims=catalogue,
        examples=ex,
        method=method,
        follows=fol,
        camps=read_camps(processed),
        threshold=threshold,
        min_keywords=min_keywords,
        seed=seed,
        progress=lambda m: typer.echo(f"  {m}"),
    )
    m, c = summary["matching"], summary["cascades"]
    typer.echo(
        f"matched {m['matched_posts']:,} posts ({m['ambiguous_posts']:,} ambiguous, flagged); "
        f"by role {json.dumps(m['by_role'])}"
    )
    typer.echo(
        f"{c['cascades']:,} cascades from {c['nodes']:,} nodes ({c['placeholders']:,} "
        f"placeholders); groups {json.dumps(summary['groups'])}; inferred retweet parents "
        f"{json.dumps(c['inferred'])}"
    )
    typer.echo(
        f"coordination: {summary['bursts']} near-duplicate bursts, {summary['squads']} "
        "co-retweet squads (indicative patterns per cluster, not verdicts on accounts)"
    )
    typer.echo(f"wrote {out or processed}/hoax_*.*, cascade_*.*, coordination_*.csv, hoaxes.json")


def _read_follows(path: Path, processed: Path):
    """A follower table, ids pseudonymised like the posts when the ingest pseudonymised."""
    import json

    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    from .privacy import Pseudonymiser, load_allowlist, load_key

    table = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path, dtype=str)
    if table.shape[1] < 2:
        raise ValueError(f"{path}: a follower table needs two columns (follower, followed)")
    table = table.iloc[:, :2].astype(str)
    manifest = processed / "manifest.json"
    pseudo = manifest.is_file() and json.loads(manifest.read_text())["parameters"].get(
        "pseudonymised"
    )
    if pseudo:
        p = Pseudonymiser.from_allowlist(load_key(create=False), load_allowlist())
        for c in table.columns:
            enc = pc.dictionary_encode(pa.array(table[c].to_numpy(dtype=object), pa.string()))
            mapped = pa.array([p.account_id(v) for v in enc.dictionary.to_pylist()], pa.string())
            table[c] = pc.take(mapped, enc.indices).to_numpy(zero_copy_only=False)
    return table


def main() -> None:  # pragma: no cover - console entry point
    app()
