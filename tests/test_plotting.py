"""discourse.plotting: the exporter writes complete, deterministic files with a sidecar that
says how each figure was made; every plot_* function draws a tidy table; figures name only
public actors."""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest

import discourse
from discourse import describe, pipeline
from discourse import plotting as dp
from discourse.io.processed import read_processed
from discourse.polarization import echo_chamber_summary
from discourse.privacy import load_allowlist

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


# ------------------------------------------------------------------------------ save_figure
def test_save_figure_writes_all_formats_and_a_sidecar_that_says_how(tmp_path):
    table = tmp_path / "input.csv"
    table.write_text("a,b\n1,2\n")
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([0, 1], [1, 0])
    paths = dp.save_figure(
        fig,
        "test-figure",
        out=tmp_path / "figs",
        notebook="99-test",
        parameters={"PROCESSED": "somewhere", "N": 3},
        seed=11,
        inputs={"table": table},
        caption="A line.",
        dpi=100,
    )
    names = sorted(p.name for p in (tmp_path / "figs").iterdir())
    assert names == ["test-figure.json", "test-figure.pdf", "test-figure.png", "test-figure.svg"]
    assert {k: v.name for k, v in paths.items()} == {
        "pdf": "test-figure.pdf",
        "png": "test-figure.png",
        "svg": "test-figure.svg",
        "json": "test-figure.json",
    }
    # the files are what they claim to be
    assert paths["pdf"].read_bytes().startswith(b"%PDF")
    assert b"<svg" in paths["svg"].read_bytes()[:1000]
    assert _png_size(paths["png"]) == (400, 300)  # 4 x 3 inches at dpi=100
    side = json.loads(paths["json"].read_text())
    assert side["figure_id"] == "test-figure"
    assert side["notebook"] == "99-test"
    assert side["parameters"] == {"PROCESSED": "somewhere", "N": 3}
    assert side["seed"] == 11
    assert side["caption"] == "A line."
    assert side["package_version"] == discourse.__version__
    assert side["png_dpi"] == 100
    # input hash computed independently of the code under test
    assert side["inputs"] == [
        {
            "name": "table",
            "path": table.as_posix(),
            "sha256": hashlib.sha256(b"a,b\n1,2\n").hexdigest(),
        }
    ]
    # the recorded file hashes are the files on disk
    for name, digest in side["files"].items():
        assert _sha(tmp_path / "figs" / name) == digest
    # this test runs in a git checkout: the commit is recorded
    git = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True
    )
    if git.returncode == 0:
        assert side["git"]["commit"] == git.stdout.strip()
        assert isinstance(side["git"]["dirty"], bool)


def test_save_figure_writes_no_timestamps(tmp_path):
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    paths = dp.save_figure(fig, "no-dates", out=tmp_path)
    pdf = paths["pdf"].read_bytes()
    assert b"/CreationDate" not in pdf and b"/ModDate" not in pdf
    assert b"<dc:date>" not in paths["svg"].read_bytes()
    assert b"tIME" not in paths["png"].read_bytes()  # PNG time chunk


def test_save_figure_output_folder_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(dp.FIGURES_ENV, str(tmp_path / "env-figs"))
    fig, _ = plt.subplots()
    dp.save_figure(fig, "from-env")
    assert (tmp_path / "env-figs" / "from-env.json").is_file()


@pytest.mark.parametrize(
    "bad", ["Fig 1", "fig/1", "UPPER", "x.pdf", "", "-lead", "a--b", "a" * 81, "fig_1.json"]
)
def test_save_figure_refuses_bad_ids_and_writes_nothing(tmp_path, bad):
    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match="figure_id"):
        dp.save_figure(fig, bad, out=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_save_figure_missing_input_fails_before_writing(tmp_path):
    fig, _ = plt.subplots()
    with pytest.raises(FileNotFoundError, match=r"nope\.csv"):
        dp.save_figure(fig, "fine-id", out=tmp_path / "f", inputs=[tmp_path / "nope.csv"])
    assert not (tmp_path / "f" / "fine-id.json").exists()
    assert not (tmp_path / "f" / "fine-id.pdf").exists()


def test_save_figure_refuses_what_is_not_a_figure(tmp_path):
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="fig"):
        dp.save_figure(ax, "an-axes", out=tmp_path)


def test_input_hash_of_a_folder_follows_its_files(tmp_path):
    d = tmp_path / "posts.parquet"
    d.mkdir()
    (d / "part-0.parquet").write_bytes(b"one")
    first = dp.sha256_input(d)
    assert dp.sha256_input(d) == first
    (d / "part-1.parquet").write_bytes(b"two")
    assert dp.sha256_input(d) != first


# ---------------------------------------------------------------- deterministic pipeline
FIGURE_SCRIPT = """
import sys
import matplotlib
matplotlib.use("Agg")
from discourse import describe, pipeline, plotting as dp
from discourse.io.processed import read_processed
from discourse.polarization import echo_chamber_summary
processed, out = sys.argv[1], sys.argv[2]
t = pipeline.read_network_tables(processed)
posts = read_processed(processed)
kw = dict(out=out, notebook="test", seed=1)
dp.save_figure(dp.plot_volume(describe.daily_volume(posts, by="kind"), by="kind"), "v", **kw)
lay = pipeline.network_layout_table(t["edges_retweet"], t["communities"],
                                    node_table=t["nodes"], seed=1)
dp.save_figure(dp.plot_network(lay, t["edges_retweet"]), "n", **kw)
dp.save_figure(dp.plot_polarization(t["polarization"]), "p", **kw)
ec = pipeline.echo_chamber_table(t["edges_retweet"], t["communities"])
dp.save_figure(dp.plot_echo_chambers(ec, summary=echo_chamber_summary(ec)), "e", **kw)
dp.save_figure(dp.plot_degree_distributions(describe.degree_distribution(t["edges_retweet"])),
               "d", **kw)
"""


def test_figure_pipeline_twice_gives_byte_identical_files(small_processed, tmp_path):
    # two separate processes: nothing (hash seeds, ids, caches) may carry over
    outs = [tmp_path / "first", tmp_path / "second"]
    env = {**os.environ, "PYTHONHASHSEED": "random"}
    for out in outs:
        subprocess.run(
            [sys.executable, "-c", FIGURE_SCRIPT, str(small_processed), str(out)],
            check=True,
            env=env,
            cwd=tmp_path,
        )
    first = sorted(p.name for p in outs[0].iterdir())
    assert len(first) == 5 * 4
    assert first == sorted(p.name for p in outs[1].iterdir())
    different = [n for n in first if (outs[0] / n).read_bytes() != (outs[1] / n).read_bytes()]
    assert different == []


# ------------------------------------------------------------------------ plot functions
@pytest.fixture(scope="module")
def tables(small_processed):
    t = pipeline.read_network_tables(small_processed)
    posts = read_processed(small_processed)
    echo = pipeline.echo_chamber_table(t["edges_retweet"], t["communities"])
    return {
        "volume": describe.daily_volume(describe.attach_camps(posts, t["communities"]), by="camp"),
        "degrees": describe.degree_distribution(t["edges_retweet"]),
        "layout": pipeline.network_layout_table(
            t["edges_retweet"], t["communities"], node_table=t["nodes"], seed=3
        ),
        "edges": t["edges_retweet"],
        "polarization": t["polarization"],
        "echo": echo,
        "echo_summary": echo_chamber_summary(echo),
    }


def _cases(t):
    return {
        "plot_volume": (t["volume"], {"by": "camp"}),
        "plot_degree_distributions": (t["degrees"], {}),
        "plot_network": (t["layout"], {"edge_table": t["edges"]}),
        "plot_polarization": (t["polarization"], {}),
        "plot_echo_chambers": (t["echo"], {"summary": t["echo_summary"]}),
    }


MINE = [
    "plot_volume",
    "plot_degree_distributions",
    "plot_network",
    "plot_polarization",
    "plot_echo_chambers",
]


@pytest.mark.parametrize("name", MINE)
def test_plot_function_draws_a_tidy_table_and_returns_the_figure(tables, name):
    table, kwargs = _cases(tables)[name]
    before = table.copy(deep=True)
    fn = getattr(dp, name)
    fig = fn(table, **kwargs)
    assert isinstance(fig, matplotlib.figure.Figure)
    ax = fig.axes[0]
    assert ax.has_data() or ax.collections or ax.lines
    pd.testing.assert_frame_equal(table, before)  # input not mutated
    # on an axes the caller made: draws there and returns that figure
    host, axes = plt.subplots(1, 2)
    assert fn(table, ax=axes[1], **kwargs) is host
    assert axes[1].has_data() and not axes[0].has_data()


@pytest.mark.parametrize("name", MINE)
def test_plot_function_names_the_missing_column(tables, name):
    table, kwargs = _cases(tables)[name]
    first_required = {
        "plot_volume": "day",
        "plot_degree_distributions": "ccdf",
        "plot_network": "x",
        "plot_polarization": "measure",
        "plot_echo_chambers": "neighbour_leaning",
    }[name]
    with pytest.raises(ValueError, match=first_required):
        getattr(dp, name)(table.drop(columns=[first_required]), **kwargs)


#: Exported plot functions that draw one panel per measure on a figure of their own, so they
#: take no ``ax`` (plotting.hoaxes). Every other plot_* must accept ``ax=None``.
MULTI_PANEL = {"plot_cascade_ccdf", "plot_size_matched"}


def test_every_exported_plot_function_takes_a_table_first_and_ax_as_option():
    names = [n for n in dp.__all__ if n.startswith("plot_")]
    assert set(MINE) <= set(names)
    for name in names:
        params = list(inspect.signature(getattr(dp, name)).parameters.values())
        assert params[0].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD, name
        positional = [p.name for p in params[1:] if p.kind is p.POSITIONAL_OR_KEYWORD]
        assert all(n.endswith("table") for n in positional), (
            f"{name}: options after the data tables are keyword-only ({positional})"
        )
        if name in MULTI_PANEL:
            continue
        assert "ax" in {p.name for p in params}, f"{name} has no ax option"
        assert params[[p.name for p in params].index("ax")].default is None, name


def test_network_figure_names_only_public_actors(tables):
    layout = tables["layout"].copy()
    public = load_allowlist().handles
    assert layout["handle"].isin(public).any()  # the corpus has public actors to label
    # a private account among the strongest: must never be written
    layout.loc[layout["strength"].idxmax(), "handle"] = "warga_pribadi_0001"
    fig = dp.plot_network(layout, label_public=100)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts, "public actors should be labelled"
    assert set(texts) <= public
    assert "warga_pribadi_0001" not in texts


def test_network_colours_are_the_camp_colours(tables):
    fig = dp.plot_network(tables["layout"], label_public=0)
    scatter = fig.axes[0].collections[-1]
    drawn = {matplotlib.colors.to_hex(c).upper() for c in scatter.get_facecolors()}
    camps = set(tables["layout"]["camp"])
    assert drawn == {dp.camp_colour(c).upper() for c in camps}


def test_camp_colours_are_distinct_and_reserved():
    colours = [dp.camp_colour(c) for c in dp.CAMP_ORDER]
    assert len(set(colours)) == len(colours)
    assert not set(colours) & set(dp.SERIES_COLOURS)
    with pytest.raises(ValueError, match="camp"):
        dp.camp_colour("03")


def test_volume_shades_phases_and_draws_days_in_wita():
    # one post at 23:30 WITA on 26 Nov (15:30 UTC) and one at 00:30 WITA on 27 Nov
    posts = pd.DataFrame(
        {"created_at": pd.to_datetime(["2024-11-26T15:30:00Z", "2024-11-26T16:30:00Z"])}
    )
    vol = describe.daily_volume(posts)
    assert vol["posts"].tolist() == [1, 1]
    fig = dp.plot_volume(vol)
    x = fig.axes[0].get_lines()[0].get_xdata()
    days = sorted(pd.Timestamp(v).day for v in x)
    assert days == [26, 27]
    labels = {t.get_text() for t in fig.axes[0].texts}
    assert not labels or labels <= {p.key for p in discourse.times.CAMPAIGN_PHASES}
    assert fig.axes[0].patches  # phase bands


def test_house_style_is_applied_inside_plot_functions():
    with matplotlib.rc_context({"axes.titleweight": "normal"}):
        fig = dp.plot_polarization(pd.DataFrame({"measure": ["modularity"], "observed": [0.4]}))
    assert fig.axes[0].title.get_fontweight() == "bold"
