"""One house style for every chart, and byte-stable export.

Every notebook chart goes through this module so that a party has the same
colour everywhere, every chart says what it shows and where the data came
from, and rerunning with nothing new changes no exported byte.

Typical use in a notebook::

    from analysis import figures
    figures.apply_style()
    fig, ax = plt.subplots()
    sns.barplot(data=df, x="party", y="n", hue="party",
                palette=figures.palette(df["party"]), legend=False, ax=ax)
    figures.finish(fig, "Quotes per party", "12 articles in data/raw, Jan 2022")
    figures.export(fig, df, "quotes-per-party")
    plt.show()

Public API
----------
``PARTY_COLORS``, ``UNKNOWN_COLOR``, ``UNKNOWN_LABEL``, ``PARTY_ORDER``
``apply_style()``            house rcParams (seaborn "ticks" base, report-size fonts)
``party_color(party)``       hex colour of one party (grey for empty/unknown)
``palette(parties)``         {party: colour} for seaborn's ``palette=``
``party_label(party)``       display label ("(unknown)" for empty)
``finish(fig, title, source, subtitle=None)``  title + source line + layout
``export(fig, data, name, outdir=FIGURES, formats=("png", "svg"), pdf=False)``
                             PNG/SVG(/PDF) + CSV of the plotted data, byte-stable
``show(fig, alt)``           show in a notebook as a PNG carrying its alt text (the report's <img alt>)
"""
from __future__ import annotations

import io
import math
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

import matplotlib as mpl
import matplotlib.figure  # noqa: F401  (mpl.figure.Figure)
import matplotlib.layout_engine  # noqa: F401
import pandas as pd
from matplotlib.rcsetup import cycler  # (what mpl.cycler is; the stubs do not export that name)

from .config import FIGURES

__all__ = [
    "PARTY_COLORS",
    "PARTY_ORDER",
    "UNKNOWN_COLOR",
    "UNKNOWN_LABEL",
    "apply_style",
    "party_color",
    "party_label",
    "palette",
    "finish",
    "export",
    "show",
]

# --------------------------------------------------------------------------
# Colours
# --------------------------------------------------------------------------
# The four main parties come from the Okabe-Ito / Paul Tol colour-blind-safe
# sets and stay apart under simulated protanopia, deuteranopia and tritanopia
# (tested in tests/test_figures.py). NATO dark blue, Russia red, US bluish
# green, Ukraine amber. The rest are muted Tol colours: distinct from the main
# four in ordinary vision, less so under colour-vision deficiency, which is
# acceptable for parties that rarely share a chart with many others.
PARTY_COLORS: dict[str, str] = {
    "NATO": "#004488",
    "Russia": "#CC3311",
    "US": "#009E73",
    "Ukraine": "#E69F00",
    "EU": "#56B4E9",
    "Belarus": "#AA4499",
    "UK": "#882255",
    "Germany": "#6F4E37",
    "France": "#332288",
    "OSCE": "#44AA99",
    "China": "#999933",
    "UN": "#88CCEE",
}
UNKNOWN_COLOR = "#BBBBBB"
UNKNOWN_LABEL = "(unknown)"
#: The order parties appear in legends and on categorical axes.
PARTY_ORDER: tuple[str, ...] = tuple(PARTY_COLORS)

_BY_LOWER = {k.lower(): k for k in PARTY_COLORS}

# Fixed salt for SVG ids (clip paths, glyphs): without it matplotlib uses a
# random UUID per process and every SVG differs on each run.
SVG_HASHSALT = "crisis-coverage-analysis"
EXPORT_DPI = 200
CSV_FLOAT_FORMAT = "%.10g"

_PNG_METADATA = {"Software": None}
_SVG_METADATA = {"Date": None, "Creator": None}
_PDF_METADATA = {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None}
_FORMATS = ("png", "svg", "pdf")
_NAME_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


def _is_missing(party) -> bool:
    if party is None:
        return True
    if isinstance(party, float) and math.isnan(party):
        return True
    try:
        if pd.isna(party):
            return True
    except (TypeError, ValueError):
        pass
    return isinstance(party, str) and party.strip() in ("", UNKNOWN_LABEL)


def _canonical(party) -> str | None:
    if _is_missing(party):
        return None
    return _BY_LOWER.get(str(party).strip().lower())


def party_color(party) -> str:
    """Hex colour of ``party`` ("NATO", "russia", ...); neutral grey when the
    party is empty (None, NaN, "", "(unknown)") or not in the registry's labels."""
    key = _canonical(party)
    return PARTY_COLORS[key] if key else UNKNOWN_COLOR


def party_label(party) -> str:
    """Label to display for ``party``: the canonical label, or "(unknown)" when
    empty. Use it to fill empty parties before plotting (``df.party.map(party_label)``)."""
    if _is_missing(party):
        return UNKNOWN_LABEL
    return _canonical(party) or str(party)


def palette(parties: Iterable | None = None) -> dict:
    """``{party: colour}`` for the given parties (each distinct value as given,
    so it plugs into seaborn's ``palette=`` with ``hue=party``); all known
    parties plus "(unknown)" when ``parties`` is None."""
    out: dict
    if parties is None:
        out = dict(PARTY_COLORS)
        out[UNKNOWN_LABEL] = UNKNOWN_COLOR
        return out
    out = {}
    for p in parties:
        if _is_missing(p) and not isinstance(p, str):
            continue  # NaN/None cannot be a hue level; map with party_label first
        if p not in out:
            out[p] = party_color(p)
    return out


# --------------------------------------------------------------------------
# Style
# --------------------------------------------------------------------------
def _style_rc() -> dict:
    return {
        "figure.figsize": (8.0, 4.8),
        "figure.dpi": 100,
        "figure.facecolor": "white",
        "savefig.dpi": EXPORT_DPI,
        "savefig.facecolor": "white",
        "font.family": "sans-serif",
        # DejaVu Sans ships with matplotlib: the same glyphs on every machine.
        "font.sans-serif": ["DejaVu Sans"],
        "font.size": 11,
        "axes.titlesize": 12,
        "axes.titleweight": "regular",
        "axes.titlelocation": "left",
        "axes.labelsize": 11,
        "axes.labelcolor": "#333333",
        "axes.edgecolor": "#666666",
        "axes.linewidth": 0.8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.grid.axis": "y",
        "axes.axisbelow": True,
        "grid.color": "#E5E5E5",
        "grid.linewidth": 0.8,
        "xtick.labelsize": 10,
        "ytick.labelsize": 10,
        "xtick.color": "#333333",
        "ytick.color": "#333333",
        "legend.fontsize": 10,
        "legend.frameon": False,
        "lines.linewidth": 2.0,
        "patch.edgecolor": "none",
        "svg.hashsalt": SVG_HASHSALT,
        "svg.fonttype": "path",
        "pdf.fonttype": 42,
        "axes.prop_cycle": cycler(color=list(PARTY_COLORS.values())),
    }


def apply_style() -> None:
    """Set the house style for all following charts (idempotent): seaborn's
    "ticks" base, report-size fonts, light horizontal grid, no top/right
    spines, no legend frame, party colours as the default cycle, and a fixed
    ``svg.hashsalt``."""
    import seaborn as sns

    sns.set_theme(context="notebook", style="ticks")
    mpl.rcParams.update(_style_rc())


# --------------------------------------------------------------------------
# Title and source line
# --------------------------------------------------------------------------
def _figure_of(fig):
    """Accept a Figure, or anything with ``.figure`` (seaborn grids, Axes)."""
    if isinstance(fig, mpl.figure.Figure):
        return fig
    inner = getattr(fig, "figure", None) or getattr(fig, "fig", None)
    if isinstance(inner, mpl.figure.Figure):
        return inner
    raise TypeError(f"expected a matplotlib Figure, got {type(fig).__name__}")


def _wrap_to_width(artist, renderer, max_px: float) -> None:
    """Re-break ``artist``'s text at word boundaries so no line is wider than
    ``max_px`` display pixels (a single over-long word stays whole)."""
    import textwrap

    text = artist.get_text()
    if artist.get_window_extent(renderer).width <= max_px:
        return
    words = " ".join(text.split())
    width = len(words)
    while width > 10:
        width = int(width * 0.9)
        artist.set_text("\n".join(textwrap.wrap(words, width, break_long_words=False)))
        if artist.get_window_extent(renderer).width <= max_px:
            return


def finish(fig, title: str, source: str, subtitle: str | None = None):
    """Give ``fig`` the house title (what the chart shows and from which
    articles) at top left, an optional subtitle below it, and a small grey
    source line at bottom left ("Source: ..." is prefixed when missing), then
    lay the axes out between them. Returns the figure.
    """
    fig = _figure_of(fig)
    if not title or not str(title).strip():
        raise ValueError("a chart needs a title saying what it shows")
    if not source or not str(source).strip():
        raise ValueError("a chart needs a source line saying where the data came from")
    source = str(source).strip()
    if not source.lower().startswith("source"):
        source = "Source: " + source
    for t in list(fig.texts):  # finish() twice replaces, never stacks
        if t.get_gid() in ("house-title", "house-subtitle", "house-source"):
            t.remove()

    height_in = fig.get_figheight()
    pad = 0.08 / height_in  # ~0.08 inch margins in figure fraction
    title_artist = fig.text(0.01, 1 - pad, str(title), ha="left", va="top",
                            fontsize=14, fontweight="bold", color="#111111", gid="house-title")
    top_artists = [title_artist]
    if subtitle:
        sub = fig.text(0.01, 1 - pad, str(subtitle), ha="left", va="top",
                       fontsize=11, color="#444444", gid="house-subtitle")
        top_artists.append(sub)
    src_artist = fig.text(0.01, pad, source, ha="left", va="bottom",
                          fontsize=8.5, color="#666666", gid="house-source")

    renderer = fig.canvas.get_renderer()
    for artist in (*top_artists, src_artist):  # long lines wrap inside the figure
        _wrap_to_width(artist, renderer, fig.bbox.width * 0.98)
    # stack the subtitle under the title
    if subtitle:
        tb = title_artist.get_window_extent(renderer).transformed(fig.transFigure.inverted())
        top_artists[1].set_y(tb.y0 - 0.3 * pad)
    top = min(a.get_window_extent(renderer).transformed(fig.transFigure.inverted()).y0
              for a in top_artists) - pad
    bottom = src_artist.get_window_extent(renderer).transformed(fig.transFigure.inverted()).y1 + pad
    engine = fig.get_layout_engine()
    if isinstance(engine, mpl.layout_engine.ConstrainedLayoutEngine):
        engine.set(rect=(0.0, bottom, 1.0, top - bottom))  # left, bottom, width, height
    else:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tight_layout warns on exotic axes; best effort
            fig.tight_layout(rect=(0.0, bottom, 1.0, top))  # left, bottom, right, top
    return fig


# --------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------
def _render(fig, fmt: str) -> bytes:
    buf = io.BytesIO()
    meta = {"png": _PNG_METADATA, "svg": _SVG_METADATA, "pdf": _PDF_METADATA}[fmt]
    # (the dict written in the call: its keys are then typed as matplotlib's rc-key literals)
    with mpl.rc_context({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "path", "pdf.fonttype": 42}):
        fig.savefig(buf, format=fmt, dpi=EXPORT_DPI, metadata=dict(meta),
                    facecolor="white", bbox_inches="tight", pad_inches=0.05)
    return buf.getvalue()


def _csv_bytes(data) -> bytes:
    if isinstance(data, pd.Series):
        data = data.to_frame()
    if not isinstance(data, pd.DataFrame):
        raise TypeError("data must be the pandas DataFrame the chart plots")
    if any(n is not None for n in data.index.names):
        data = data.reset_index()  # a named index (groupby result) is data: keep it
    text = data.to_csv(index=False, float_format=CSV_FLOAT_FORMAT, na_rep="",
                       lineterminator="\n", date_format="%Y-%m-%d")
    return text.encode("utf-8")


def _write_if_changed(path: Path, payload: bytes) -> bool:
    """Atomically write ``payload`` to ``path`` unless it already holds exactly
    these bytes (then the file, and its mtime, are left alone). True if written."""
    try:
        if path.stat().st_size == len(payload) and path.read_bytes() == payload:
            return False
    except FileNotFoundError:
        pass
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return True


def export(fig, data, name: str, outdir=FIGURES, formats=("png", "svg"),
           pdf: bool = False) -> list[Path]:
    """Export ``fig`` as ``<outdir>/<name>.png`` and ``.svg`` (``.pdf`` too when
    ``pdf=True`` or "pdf" is in ``formats``) with ``<name>.csv`` holding
    ``data``, the table the chart plots.

    ``name`` says what the chart shows, lower-case words joined by hyphens
    ("troop-figures-by-claimant"). Output is byte-stable across runs and
    processes (no dates or software metadata, fixed ``svg.hashsalt``, CSV with
    a fixed float format, rows in the order given, a named index kept as
    columns, an unnamed index dropped). Each file is written atomically and
    only when its bytes change, so a no-op rerun leaves every mtime alone.
    The figure is not closed. Returns the paths (images first, CSV last).
    """
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise ValueError(
            f"figure name {name!r} must be lower-case words joined by hyphens, "
            "naming the content, e.g. 'troop-figures-by-claimant' (no extension)")
    fmts = [formats] if isinstance(formats, str) else list(formats)
    if pdf and "pdf" not in fmts:
        fmts.append("pdf")
    bad = [f for f in fmts if f not in _FORMATS]
    if bad:
        raise ValueError(f"unsupported format(s) {bad}; choose from {_FORMATS}")
    fmts = list(dict.fromkeys(fmts))  # de-duplicate, keep order
    fig = _figure_of(fig)
    csv_payload = _csv_bytes(data)  # validate data before touching the disk

    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for fmt in fmts:
        path = outdir / f"{name}.{fmt}"
        _write_if_changed(path, _render(fig, fmt))
        paths.append(path)
    path = outdir / f"{name}.csv"
    _write_if_changed(path, csv_payload)
    paths.append(path)
    return paths


# --------------------------------------------------------------------------
# Showing in a notebook, with alt text
# --------------------------------------------------------------------------
def show(fig, alt: str) -> None:
    """Show ``fig`` in the notebook as a PNG carrying ``alt`` (the rendered report puts it in the image's
    ``alt`` attribute), then close it so it is not drawn twice. A chart without alt text is refused."""
    if not alt or not str(alt).strip():
        raise ValueError("a chart needs alt text saying what it shows, for readers who cannot see it")
    from IPython.display import Image, display

    fig = _figure_of(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi, metadata=dict(_PNG_METADATA), facecolor="white",
                bbox_inches="tight", pad_inches=0.05)
    import matplotlib.pyplot as plt

    plt.close(fig)
    display(Image(data=buf.getvalue(), format="png", metadata={"alt": " ".join(str(alt).split())}))
