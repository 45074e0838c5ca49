"""House style and byte-stable export (analysis.figures)."""
from __future__ import annotations

import itertools
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import figures  # noqa: E402
from analysis.actors import load_registry  # noqa: E402

MAIN = ("NATO", "Russia", "US", "Ukraine")


@pytest.fixture(autouse=True)
def _restore_rcparams():
    """apply_style() changes global rcParams: keep that out of other test modules."""
    with matplotlib.rc_context():
        yield
    plt.close("all")


# ---------------------------------------------------------------- colours
def test_every_party_has_one_distinct_colour():
    expected = {"NATO", "Russia", "US", "Ukraine", "EU", "Belarus", "UK", "Germany",
                "France", "OSCE", "China", "UN"}
    assert set(figures.PARTY_COLORS) == expected
    colours = [c.lower() for c in figures.PARTY_COLORS.values()]
    assert len(set(colours)) == len(colours)
    assert figures.UNKNOWN_COLOR.lower() not in colours
    for c in colours + [figures.UNKNOWN_COLOR]:
        assert mcolors.is_color_like(c)
    # the unknown colour is a neutral grey
    r, g, b = mcolors.to_rgb(figures.UNKNOWN_COLOR)
    assert r == g == b


def test_registry_parties_all_have_colours():
    """Every party label the registry can produce is coloured (none falls to grey)."""
    reg = load_registry()
    labels = set()
    for attr in ("parties", "party_labels", "labels"):
        val = getattr(reg, attr, None)
        if val:
            labels = set(val() if callable(val) else val)
            break
    if not labels:
        pytest.skip("registry exposes no list of party labels")
    assert labels <= set(figures.PARTY_COLORS)


@pytest.mark.parametrize("empty", [None, float("nan"), np.nan, pd.NA, "", "  ", "(unknown)"])
def test_empty_party_is_grey(empty):
    assert figures.party_color(empty) == figures.UNKNOWN_COLOR
    assert figures.party_label(empty) == figures.UNKNOWN_LABEL


def test_party_color_lookup():
    assert figures.party_color("Russia") == figures.PARTY_COLORS["Russia"]
    assert figures.party_color("russia") == figures.PARTY_COLORS["Russia"]
    assert figures.party_color(" NATO ") == figures.PARTY_COLORS["NATO"]
    assert figures.party_color("Atlantis") == figures.UNKNOWN_COLOR
    assert figures.party_label("nato") == "NATO"
    assert figures.party_label("Atlantis") == "Atlantis"


def test_palette_maps_given_values():
    pal = figures.palette(["Russia", "NATO", "Russia", "", None, "(unknown)"])
    assert list(pal) == ["Russia", "NATO", "", "(unknown)"]  # order of first appearance, NaN/None dropped
    assert pal["Russia"] == figures.PARTY_COLORS["Russia"]
    assert pal[""] == figures.UNKNOWN_COLOR
    full = figures.palette()
    assert set(full) == set(figures.PARTY_COLORS) | {figures.UNKNOWN_LABEL}


# Colour-vision-deficiency simulation (Machado, Oliveira & Fernandes 2009,
# severity 1.0, in linear RGB) and CIELAB distance.
_CVD = {
    "normal": np.eye(3),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}


def _lab(hex_colour: str, kind: str) -> np.ndarray:
    c = np.asarray(mcolors.to_rgb(hex_colour))
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    lin = np.clip(_CVD[kind] @ lin, 0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ lin
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("kind", list(_CVD))
def test_main_parties_stay_apart_under_colour_blindness(kind):
    worst = min(
        np.linalg.norm(_lab(figures.PARTY_COLORS[a], kind) - _lab(figures.PARTY_COLORS[b], kind))
        for a, b in itertools.combinations(MAIN, 2)
    )
    assert worst > 20, f"two main parties look alike under {kind} (delta E {worst:.1f})"


def test_main_parties_are_visible_on_white_and_apart_from_grey():
    for p in MAIN:
        lightness = _lab(figures.PARTY_COLORS[p], "normal")[0]
        assert lightness < 80, f"{p} too pale to read on white"
        d = np.linalg.norm(_lab(figures.PARTY_COLORS[p], "normal") - _lab(figures.UNKNOWN_COLOR, "normal"))
        assert d > 20


# ---------------------------------------------------------------- style and titles
def _chart():
    figures.apply_style()
    df = pd.DataFrame({"party": ["NATO", "Russia", "US", "Ukraine", ""],
                       "quotes": [12, 15, 7, 4.5, 3]})
    df["party"] = df["party"].map(figures.party_label)
    fig, ax = plt.subplots()
    ax.bar(df["party"], df["quotes"], color=[figures.party_color(p) for p in df["party"]])
    ax.set_ylabel("quotes")
    figures.finish(fig, "Quotes per party", "3 articles in data/raw, Jan 2022",
                   subtitle="Direct quotations by the speaker's party")
    return fig, df


def test_apply_style_sets_house_rc():
    figures.apply_style()
    rc = matplotlib.rcParams
    assert rc["svg.hashsalt"] == figures.SVG_HASHSALT
    assert not rc["axes.spines.top"] and not rc["axes.spines.right"]
    assert rc["font.size"] >= 10
    cycle = [c.lower() for c in rc["axes.prop_cycle"].by_key()["color"]]
    assert cycle[:4] == [figures.PARTY_COLORS[p].lower() for p in MAIN]


def test_finish_adds_title_and_source_inside_figure():
    fig, _ = _chart()
    texts = {t.get_gid(): t for t in fig.texts}
    assert texts["house-title"].get_text() == "Quotes per party"
    assert texts["house-source"].get_text() == "Source: 3 articles in data/raw, Jan 2022"
    assert "house-subtitle" in texts
    renderer = fig.canvas.get_renderer()
    inv = fig.transFigure.inverted()
    title_box = texts["house-title"].get_window_extent(renderer).transformed(inv)
    sub_box = texts["house-subtitle"].get_window_extent(renderer).transformed(inv)
    src_box = texts["house-source"].get_window_extent(renderer).transformed(inv)
    ax_box = fig.axes[0].get_tightbbox(renderer).transformed(inv)
    assert sub_box.y1 <= title_box.y0 + 1e-6        # subtitle under the title
    assert ax_box.y1 <= sub_box.y0 + 1e-6           # axes under the titles
    assert src_box.y1 <= ax_box.y0 + 1e-6           # source line under the axes
    for box in (title_box, src_box):
        assert 0 <= box.y0 and box.y1 <= 1
    # finishing twice replaces the texts instead of stacking them
    figures.finish(fig, "Quotes per party, again", "Source: elsewhere")
    gids = [t.get_gid() for t in fig.texts]
    assert gids.count("house-title") == 1 and "house-subtitle" not in gids
    plt.close(fig)


def test_finish_works_with_constrained_layout():
    figures.apply_style()
    fig, ax = plt.subplots(layout="constrained")
    ax.plot([1, 2, 3], [3, 1, 2], color=figures.party_color("NATO"))
    figures.finish(fig, "A line", "nowhere")
    fig.canvas.draw()
    inv = fig.transFigure.inverted()
    renderer = fig.canvas.get_renderer()
    title = next(t for t in fig.texts if t.get_gid() == "house-title")
    assert ax.get_tightbbox(renderer).transformed(inv).y1 <= \
        title.get_window_extent(renderer).transformed(inv).y0 + 1e-6
    plt.close(fig)


def test_finish_requires_title_and_source():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError):
        figures.finish(fig, "", "src")
    with pytest.raises(ValueError):
        figures.finish(fig, "Title", " ")
    plt.close(fig)


# ---------------------------------------------------------------- export
def test_export_writes_images_and_csv(tmp_path):
    fig, df = _chart()
    paths = figures.export(fig, df, "quotes-per-party", outdir=tmp_path, pdf=True)
    assert [p.name for p in paths] == ["quotes-per-party.png", "quotes-per-party.svg",
                                       "quotes-per-party.pdf", "quotes-per-party.csv"]
    png, svg, pdf, csv = (p.read_bytes() for p in paths)
    assert png.startswith(b"\x89PNG")
    assert b"<svg" in svg
    assert pdf.startswith(b"%PDF")
    back = pd.read_csv(paths[-1], keep_default_na=False)
    assert list(back.columns) == ["party", "quotes"]
    assert list(back["party"]) == list(df["party"])          # order as given
    assert back["quotes"].tolist() == pytest.approx(df["quotes"].tolist())
    # no software / date metadata anywhere
    assert b"Software" not in png and b"matplotlib" not in png.lower()
    assert b"<dc:date>" not in svg and b"matplotlib.org" not in svg.lower()
    assert b"<dc:creator>" not in svg
    for key in (b"CreationDate", b"ModDate", b"Producer", b"Creator"):
        assert key not in pdf
    # no temp files left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)
    plt.close(fig)


def test_export_is_byte_stable_and_skips_unchanged_files(tmp_path):
    fig, df = _chart()
    first = figures.export(fig, df, "quotes-per-party", outdir=tmp_path, pdf=True)
    snapshot = {p: (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino) for p in first}
    second = figures.export(fig, df, "quotes-per-party", outdir=tmp_path, pdf=True)
    assert second == first
    for p in second:
        data, mtime, inode = snapshot[p]
        assert p.read_bytes() == data
        assert p.stat().st_mtime_ns == mtime and p.stat().st_ino == inode  # not rewritten
    # a fresh, identical figure gives the same bytes too
    plt.close(fig)
    fig2, df2 = _chart()
    third = figures.export(fig2, df2, "quotes-per-party", outdir=tmp_path / "again", pdf=True)
    for a, b in zip(first, third, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    plt.close(fig2)


def test_export_rewrites_only_what_changed(tmp_path):
    fig, df = _chart()
    paths = figures.export(fig, df, "quotes-per-party", outdir=tmp_path)
    csv = paths[-1]
    before = {p: p.stat().st_ino for p in paths}
    changed = df.assign(quotes=df["quotes"] + 1)
    figures.export(fig, changed, "quotes-per-party", outdir=tmp_path)
    assert csv.stat().st_ino != before[csv]                  # CSV replaced atomically
    assert pd.read_csv(csv)["quotes"].tolist() == pytest.approx((df["quotes"] + 1).tolist())
    for p in paths[:-1]:
        assert p.stat().st_ino == before[p]                  # images untouched
    plt.close(fig)


def test_csv_is_deterministic_and_keeps_named_index(tmp_path):
    fig, ax = plt.subplots()
    counts = pd.DataFrame({"party": ["Russia", "NATO", "Russia"], "share": [0.1 + 0.2, 1 / 3, 2.0]})
    grouped = counts.groupby("party")["share"].sum()          # Series with a named index
    figures.export(fig, grouped, "share-by-party", outdir=tmp_path, formats=("png",))
    text = (tmp_path / "share-by-party.csv").read_text()
    assert text == "party,share\nNATO,0.3333333333\nRussia,2.3\n"
    assert not (tmp_path / "share-by-party.svg").exists()
    plt.close(fig)


@pytest.mark.parametrize("bad", ["Quotes per party", "quotes.png", "../x", "", "a/b", "Troops"])
def test_export_rejects_names_that_are_not_content_slugs(tmp_path, bad):
    fig, ax = plt.subplots()
    with pytest.raises(ValueError):
        figures.export(fig, pd.DataFrame({"a": [1]}), bad, outdir=tmp_path)
    assert not any(tmp_path.iterdir())
    plt.close(fig)


def test_export_rejects_unknown_format_and_non_table(tmp_path):
    fig, ax = plt.subplots()
    with pytest.raises(ValueError):
        figures.export(fig, pd.DataFrame({"a": [1]}), "x", outdir=tmp_path, formats=("jpg",))
    with pytest.raises(TypeError):
        figures.export(fig, [1, 2], "x", outdir=tmp_path)
    plt.close(fig)


_SCRIPT = textwrap.dedent("""
    import sys
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd
    import seaborn as sns
    from analysis import figures

    figures.apply_style()
    df = pd.DataFrame({
        "claimant": ["US", "Ukraine", "Russia", "NATO", "", "US"],
        "low": [100000, 90000, 0, 100000, 20000, 175000],
        "high": [100000, 110000, 0, 130000, 90000, 175000],
    })
    df["claimant"] = df["claimant"].map(figures.party_label)
    df["mid"] = (df["low"] + df["high"]) / 2
    fig, ax = plt.subplots()
    sns.scatterplot(data=df, x="claimant", y="mid", hue="claimant",
                    palette=figures.palette(df["claimant"]), s=80, ax=ax)
    ax.vlines(df["claimant"], df["low"], df["high"],
              colors=[figures.party_color(c) for c in df["claimant"]])
    ax.set_ylabel("troops")
    figures.finish(fig, "Troop figures by claimant", "6 mentions in test data")
    figures.export(fig, df, "troop-figures-by-claimant", outdir=sys.argv[1], pdf=True)
""")


def test_export_is_byte_stable_across_processes(tmp_path):
    script = tmp_path / "make_fig.py"
    script.write_text(_SCRIPT)
    outs = []
    for seed in ("1", "4242"):
        out = tmp_path / f"out{seed}"
        env = dict(os.environ, PYTHONHASHSEED=seed, MPLBACKEND="Agg")
        subprocess.run([sys.executable, str(script), str(out)], check=True, env=env,
                       cwd=Path(__file__).resolve().parent.parent, timeout=300)
        outs.append(out)
    names = sorted(p.name for p in outs[0].iterdir())
    assert names == ["troop-figures-by-claimant.csv", "troop-figures-by-claimant.pdf",
                     "troop-figures-by-claimant.png", "troop-figures-by-claimant.svg"]
    assert names == sorted(p.name for p in outs[1].iterdir())
    for name in names:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_finish_wraps_long_title_and_source_inside_the_figure():
    figures.apply_style()
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.plot([0, 1], [1, 0], color=figures.party_color("Russia"))
    title = "Crisis language per party (mentions per 1,000 words attributed to each side)"
    source = "14 articles from 5 outlets, 10 Jan 2022 to 14 Jan 2022 (data/raw); '(unknown)' = speaker not given"
    figures.finish(fig, title, source)
    renderer = fig.canvas.get_renderer()
    inv = fig.transFigure.inverted()
    for gid in ("house-title", "house-source"):
        t = next(t for t in fig.texts if t.get_gid() == gid)
        assert "\n" in t.get_text()
        box = t.get_window_extent(renderer).transformed(inv)
        assert box.x0 >= 0 and box.x1 <= 1 and box.y0 >= 0 and box.y1 <= 1
    # the words survive the wrapping
    t = next(t for t in fig.texts if t.get_gid() == "house-title")
    assert t.get_text().split() == title.split()
    plt.close(fig)
