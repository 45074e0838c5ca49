"""Render the executed report notebook to stand-alone HTML and check, in
headless Chromium, that its figures really show.

Public API
----------
``render_notebook_html(ipynb_path, html_path, exclude_input=False) -> Path``
    nbconvert's HTMLExporter (lab template) without In/Out prompts, images
    embedded as base64 data URIs, remote scripts (require.js, MathJax,
    Mermaid from CDNs) left out so the file stands alone offline.
``find_chromium() -> str | None``
    the Chromium binary ($CHROMIUM, /usr/bin/chromium, or on PATH).
``screenshot(html_path, png_path, width=1280, height=None) -> Path``
    headless Chromium screenshot; ``height=None`` fits the whole page.
``check_report(html_path, screenshot_path=None) -> dict``
    counts the embedded figures, asks Chromium how many images decoded, takes
    a screenshot and checks it is not blank. ``result["ok"]`` says whether it
    passed, ``result["problems"]`` why not.
"""
from __future__ import annotations

import html as _html
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from .figures import _write_if_changed

__all__ = ["render_notebook_html", "find_chromium", "screenshot", "check_report", "format_table", "table",
           "findings_html", "evidence_html"]

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
#: ceiling for an automatic full-page screenshot height (pixels)
MAX_SCREENSHOT_HEIGHT = 16000
CHROMIUM_TIMEOUT = 120  # seconds per Chromium call

# The lab template minus the scripts it fetches from CDNs at view time.
_STANDALONE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block data_png scoped %}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}" alt="{{ ((output | get_metadata('alt', 'image/png')) or '') | escape_html }}">
</div>
{%- endblock data_png %}
"""

_IMG_DATA_RE = re.compile(r"<img\b[^>]*\bsrc\s*=\s*[\"']data:image/[a-z+.-]+;base64,[A-Za-z0-9+/=\s]{64,}",
                          re.IGNORECASE)
_IMG_RE = re.compile(r"<img\b", re.IGNORECASE)
_IMG_TAG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT_RE = re.compile(r"\balt\s*=\s*(\"[^\"]*[^\"\s][^\"]*\"|'[^']*[^'\s][^']*')", re.IGNORECASE)
_SVG_RE = re.compile(r"<svg\b[^>]*>(.*?)</svg>", re.IGNORECASE | re.DOTALL)
_SVG_DRAWING_RE = re.compile(r"<(path|rect|circle|polygon|polyline|line|use|image)\b", re.IGNORECASE)


# --------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------
def render_notebook_html(ipynb_path, html_path, exclude_input: bool = False) -> Path:
    """Render the (already executed) notebook ``ipynb_path`` to ``html_path``.

    No In[]/Out[] prompts, no anchor links (and no code at all when
    ``exclude_input=True``, for a reader who wants only the findings). Every
    image output and every image a markdown cell references is embedded as a
    base64 data URI and SVG output is inlined, so the HTML stands alone. The file is written
    atomically and left untouched when its bytes would not change.
    """
    import nbformat
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    ipynb_path = Path(ipynb_path)
    html_path = Path(html_path)
    nb = nbformat.read(ipynb_path, as_version=4)
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"standalone.html.j2": _STANDALONE_TEMPLATE})],
        template_file="standalone.html.j2",
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        exclude_input=bool(exclude_input),
        embed_images=True,
    )
    # metadata.path lets embed_images resolve markdown images relative to the notebook
    resources = {"metadata": {"name": ipynb_path.stem, "path": str(ipynb_path.parent)}}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    _write_if_changed(html_path, body.encode("utf-8"))
    return html_path


def _count_figures(text: str) -> dict:
    imgs = len(_IMG_RE.findall(text))
    data_imgs = len(_IMG_DATA_RE.findall(text))
    svgs = [m.group(1) for m in _SVG_RE.finditer(text)]
    # an inline SVG figure draws something; icons in the template CSS are data: URIs, not <svg>
    drawn_svgs = sum(1 for s in svgs if len(_SVG_DRAWING_RE.findall(s)) >= 3)
    no_alt = sum(1 for tag in _IMG_TAG_RE.findall(text) if not _ALT_RE.search(tag))
    return {"img": imgs, "img_data": data_imgs, "inline_svg": drawn_svgs, "img_without_alt": no_alt,
            "figures": data_imgs + drawn_svgs}


# --------------------------------------------------------------------------
# Chromium
# --------------------------------------------------------------------------
def find_chromium() -> str | None:
    """Path of the Chromium binary: ``$CHROMIUM``, ``/usr/bin/chromium``, or
    ``chromium`` / ``chromium-browser`` on PATH; None when there is none."""
    for cand in (os.environ.get("CHROMIUM"), "/usr/bin/chromium"):
        if cand and os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _run_chromium(args: list[str], chromium: str | None = None) -> subprocess.CompletedProcess:
    exe = chromium or find_chromium()
    if not exe:
        raise FileNotFoundError("Chromium not found: install Debian's 'chromium' package "
                                "or set $CHROMIUM")
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        cmd = [exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args]
        proc = subprocess.run(cmd, capture_output=True, timeout=CHROMIUM_TIMEOUT,
                              stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace")[-2000:]
        raise RuntimeError(f"chromium exited with {proc.returncode}: {err}")
    return proc


_PROBE_JS = """
<script>
window.addEventListener('load', function () {
  var imgs = Array.prototype.slice.call(document.images);
  var ok = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
  var svgs = Array.prototype.slice.call(document.querySelectorAll('svg')).filter(function (s) {
    var r = s.getBoundingClientRect(); return r.width > 20 && r.height > 20; }).length;
  var h = Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0);
  var m = document.createElement('meta');
  m.id = '__report_probe';
  m.setAttribute('data-images', imgs.length);
  m.setAttribute('data-images-ok', ok);
  m.setAttribute('data-svgs', svgs);
  m.setAttribute('data-height', h);
  document.head.appendChild(m);
});
</script>
"""
_PROBE_RE = re.compile(r'<meta id="__report_probe"([^>]*)>')


def _probe(html_path: Path, width: int, chromium: str | None = None) -> dict:
    """Load the page in Chromium and report how many images decoded, how many
    SVGs have a size, and the page height (CSS pixels at ``width``)."""
    text = html_path.read_text(encoding="utf-8", errors="replace")
    base = f'<base href="{_html.escape(html_path.resolve().parent.as_uri())}/">'
    text = re.sub(r"(<head\b[^>]*>)", r"\1" + base.replace("\\", "\\\\"), text, count=1,
                  flags=re.IGNORECASE) if re.search(r"<head\b", text, re.I) else base + text
    idx = text.lower().rfind("</body>")
    text = text[:idx] + _PROBE_JS + text[idx:] if idx >= 0 else text + _PROBE_JS
    with tempfile.TemporaryDirectory(prefix="report-probe-") as tmp:
        probe = Path(tmp) / "probe.html"
        probe.write_text(text, encoding="utf-8")
        proc = _run_chromium([f"--window-size={width},900", "--virtual-time-budget=10000",
                              "--dump-dom", probe.as_uri()], chromium)
    m = _PROBE_RE.search(proc.stdout.decode("utf-8", "replace"))
    if not m:
        raise RuntimeError("Chromium did not finish loading the page")
    attrs = dict(re.findall(r'data-([a-z-]+)="(\d+)"', m.group(1)))
    return {k.replace("-", "_"): int(v) for k, v in attrs.items()}


def screenshot(html_path, png_path, width: int = 1280, height: int | None = None) -> Path:
    """Screenshot ``html_path`` in headless Chromium to ``png_path`` at
    ``width`` x ``height`` CSS pixels. ``height=None`` measures the page and
    takes all of it (capped at MAX_SCREENSHOT_HEIGHT). Raises
    FileNotFoundError when Chromium is missing."""
    html_path = Path(html_path).resolve()
    png_path = Path(png_path).resolve()
    if not html_path.is_file():
        raise FileNotFoundError(html_path)
    chromium = find_chromium()
    if height is None:
        height = _probe(html_path, width, chromium).get("height", 0)
    height = max(200, min(int(height), MAX_SCREENSHOT_HEIGHT))
    png_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="report-shot-") as tmp:
        shot = Path(tmp) / "shot.png"
        _run_chromium([f"--window-size={int(width)},{height}", "--virtual-time-budget=10000",
                       f"--screenshot={shot}", html_path.as_uri()], chromium)
        if not shot.is_file() or shot.stat().st_size == 0:
            raise RuntimeError("Chromium wrote no screenshot")
        _write_if_changed(png_path, shot.read_bytes())
    return png_path


def _image_stats(png_path: Path) -> dict:
    """How much of the screenshot is not the background, and how many colours."""
    import numpy as np
    from matplotlib import image as mpimg

    arr = mpimg.imread(str(png_path))
    if arr.dtype != np.uint8:
        arr = (np.clip(arr, 0, 1) * 255).round().astype(np.uint8)
    rgb = arr[..., :3].reshape(-1, 3)
    packed = (rgb[:, 0].astype(np.uint32) << 16) | (rgb[:, 1].astype(np.uint32) << 8) | rgb[:, 2]
    values, counts = np.unique(packed, return_counts=True)
    background = counts.max() / packed.size
    # "chromatic" pixels: clearly coloured, not grey text or white paper
    spread = rgb.max(axis=1).astype(int) - rgb.min(axis=1).astype(int)
    return {"width": int(arr.shape[1]), "height": int(arr.shape[0]),
            "colors": int(values.size), "background_share": round(float(background), 4),
            "chromatic_share": round(float((spread > 40).mean()), 4)}


def check_report(html_path, screenshot_path=None, width: int = 1280) -> dict:
    """Check that the report at ``html_path`` carries and renders its figures.

    Always: the HTML exists and holds at least one figure (``<img>`` with a
    base64 ``data:`` URI or an inline SVG that draws). When Chromium is
    installed: every ``<img>`` decodes in the browser, and a full-page
    screenshot (``screenshot_path``, default ``html_path`` with ``.png``) is
    not blank (more than one colour, under 99.5% background). Returns a dict
    with the counts, ``screenshot`` (path or None), ``chromium`` (bool),
    ``problems`` (list of strings) and ``ok``.
    """
    html_path = Path(html_path)
    result: dict = {"html": str(html_path), "chromium": False, "screenshot": None, "problems": []}
    problems = result["problems"]
    if not html_path.is_file() or html_path.stat().st_size == 0:
        problems.append(f"{html_path} is missing or empty")
        result["ok"] = False
        return result
    text = html_path.read_text(encoding="utf-8", errors="replace")
    result.update(_count_figures(text))
    if result["figures"] == 0:
        problems.append("the HTML holds no embedded figure (no data: <img>, no inline SVG)")
    if result["img_without_alt"]:
        problems.append(f"{result['img_without_alt']} image(s) without alt text")
    if result["img"] > result["img_data"]:
        problems.append(f"{result['img'] - result['img_data']} <img> not embedded as data: URI")

    chromium = find_chromium()
    if chromium:
        result["chromium"] = True
        try:
            probe = _probe(html_path, width, chromium)
            result["browser"] = probe
            if probe.get("images_ok", 0) < probe.get("images", 0):
                problems.append(f"{probe['images'] - probe['images_ok']} of {probe['images']} "
                                "images did not decode in Chromium")
            shot = Path(screenshot_path) if screenshot_path else html_path.with_suffix(".png")
            screenshot(html_path, shot, width=width, height=probe.get("height") or None)
            result["screenshot"] = str(shot)
            stats = _image_stats(shot)
            result["screenshot_stats"] = stats
            if stats["colors"] <= 1 or stats["background_share"] > 0.995:
                problems.append("the screenshot is blank")
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
            problems.append(f"Chromium check failed: {exc}")
    result["ok"] = not problems
    return result


# --------------------------------------------------------------------------
# Clean tables and findings for the report
# --------------------------------------------------------------------------
_TABLE_CSS = ("<style>table.report-table{border-collapse:collapse;font-size:13px;margin:4px 0 12px}"
              "table.report-table th{text-align:left;border-bottom:1px solid #999;padding:3px 10px 3px 0}"
              "table.report-table td{border-bottom:1px solid #e5e5e5;padding:3px 10px 3px 0;vertical-align:top;"
              "text-align:left;max-width:40em}"
              "table.report-table td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
              "table.report-table td.short{white-space:nowrap}"
              "ol.findings li{margin-bottom:6px}.evidence{font-size:12px;color:#555}</style>")


def _is_count(s) -> bool:
    import pandas as pd

    v = pd.to_numeric(s, errors="coerce").dropna()
    return len(v) > 0 and bool((v == v.round()).all())


def format_table(df, percent=None, decimals: int = 1):
    """A copy of ``df`` as display strings: whole numbers with thousands separators and no ".0", other
    numbers to ``decimals`` places, ``percent`` columns (default: "share" and "*_share") as percentages,
    dates as YYYY-MM-DD, booleans as yes/no, and every missing value as an empty cell. The index is
    dropped unless it is named (then it becomes the first columns)."""
    import pandas as pd

    if any(n is not None for n in df.index.names):
        df = df.reset_index()
    else:
        df = df.reset_index(drop=True)
    if percent is None:
        percent = [c for c in df.columns if str(c) == "share" or str(c).endswith("_share")]
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        s = df[col]
        if col in percent:
            v = pd.to_numeric(s, errors="coerce")
            out[col] = [("" if pd.isna(x) else f"{100 * x:,.{decimals}f}%") for x in v]
        elif pd.api.types.is_bool_dtype(s):
            out[col] = ["yes" if x else "no" for x in s]
        elif pd.api.types.is_datetime64_any_dtype(s):
            out[col] = [("" if pd.isna(x) else f"{x:%Y-%m-%d}") for x in s]
        elif pd.api.types.is_numeric_dtype(s):
            whole = _is_count(s)
            out[col] = [_number(x, whole, decimals) for x in s]
        else:
            out[col] = ["" if (x is None or (not isinstance(x, str) and pd.isna(x))) else str(x) for x in s]
    return out


def _number(x, whole: bool, decimals: int) -> str:
    """A count as an integer; a large whole figure (a troop figure in a column with a fraction elsewhere) too;
    anything else to ``decimals`` places; missing as empty."""
    import pandas as pd

    if pd.isna(x):
        return ""
    if whole or (float(x).is_integer() and abs(x) >= 1000):
        return f"{int(round(x)):,}"
    return f"{x:,.{decimals}f}"


class Table:
    """A table shown clean: no index column, thousands separators, percentages, no NaN (see
    :func:`format_table`). Displays as HTML in a notebook and the report, and as plain text elsewhere
    (deterministic, for nbval)."""

    def __init__(self, df, percent=None, decimals: int = 1, caption: str | None = None):
        self.data = df
        self.shown = format_table(df, percent=percent, decimals=decimals)
        self.numeric = [c for c in df.reset_index(drop=any(n is None for n in df.index.names)).columns
                        if _numeric_col(df, c)]
        self.caption = caption

    def _repr_html_(self) -> str:
        head = "".join(f"<th style=\"text-align:{'right' if c in self.numeric else 'left'}\">"
                       f"{_html.escape(str(c))}</th>" for c in self.shown.columns)
        body = []
        for row in self.shown.itertuples(index=False):
            cells = "".join(f"<td class=\"num\" style=\"text-align:right\">{_html.escape(v)}</td>" if c in self.numeric
                            else f"<td class=\"{'short' if len(v) <= 24 else 'text'}\" style=\"text-align:left\">"
                                 f"{_html.escape(v)}</td>" for c, v in zip(self.shown.columns, row, strict=True))
            body.append(f"<tr>{cells}</tr>")
        cap = f"<caption style=\"text-align:left\">{_html.escape(self.caption)}</caption>" if self.caption else ""
        empty = "" if len(self.shown) else "<p><em>(no rows)</em></p>"
        return (f"{_TABLE_CSS}<table class=\"report-table\">{cap}<thead><tr>{head}</tr></thead>"
                f"<tbody>{''.join(body)}</tbody></table>{empty}")

    def __repr__(self) -> str:
        if not len(self.shown):
            return "(no rows: " + ", ".join(map(str, self.shown.columns)) + ")"
        return self.shown.to_string(index=False)


def _numeric_col(df, col) -> bool:
    import pandas as pd

    s = df.reset_index()[col] if col in getattr(df.index, "names", []) else df[col]
    return pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)


def table(df, percent=None, decimals: int = 1, caption: str | None = None) -> Table:
    """``Table(df, ...)``: show ``df`` clean in a notebook or the report."""
    return Table(df, percent=percent, decimals=decimals, caption=caption)


class HTML:
    """HTML for a notebook output, with a plain-text form for nbval and terminals."""

    def __init__(self, html: str, text: str):
        self.html, self.text = html, text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def _evidence_label(e: dict, titles: dict) -> str:
    return f"{titles.get(e['article_id'], e['article_id'])}, paragraph {e['paragraph']}"


def findings_html(findings, withheld=None, titles: dict | None = None) -> HTML:
    """The key findings as a numbered list, each with its n and links to its evidence rows (anchors
    ``#evidence-<k>`` written by :func:`evidence_html`), then what was withheld and why."""
    titles = titles or {}
    items, lines = [], []
    for k, f in enumerate(findings.itertuples(), 1):
        ev = ", ".join(f"<a href=\"#evidence-{k}\">{_html.escape(_evidence_label(e, titles))}</a>"
                       for e in f.evidence)
        items.append(f"<li>{_html.escape(f.finding)} <span class=\"evidence\">(n = {f.n:,}; "
                     f"evidence: {ev or 'none listed'})</span></li>")
        lines.append(f"{k}. {f.finding} (n = {f.n:,})")
    out = _TABLE_CSS + (f"<ol class=\"findings\">{''.join(items)}</ol>" if items
                        else "<p><strong>No finding reaches the thresholds on this corpus.</strong></p>")
    if not items:
        lines.append("No finding reaches the thresholds on this corpus.")
    if withheld is not None and len(withheld):
        out += ("<p class=\"evidence\"><strong>Not stated, too little data:</strong> "
                + "; ".join(_html.escape(f"{w.topic} ({w.reason})") for w in withheld.itertuples()) + ".</p>")
        lines.append("Not stated: " + "; ".join(f"{w.topic} ({w.reason})" for w in withheld.itertuples()))
    return HTML(out, "\n".join(lines))


def evidence_html(findings, titles: dict | None = None) -> HTML:
    """For each finding, the rows behind it (article, paragraph, words), under the anchor its links point to."""
    titles = titles or {}
    parts, lines = [_TABLE_CSS], []
    for k, f in enumerate(findings.itertuples(), 1):
        rows = "".join(f"<tr><td style=\"text-align:left\">{_html.escape(titles.get(e['article_id'], e['article_id']))}"
                       f"</td><td class=\"num\" style=\"text-align:right\">{e['paragraph']}</td>"
                       f"<td style=\"text-align:left\">{_html.escape(e['text'])}</td></tr>" for e in f.evidence)
        parts.append(f"<h4 id=\"evidence-{k}\">{k}. {_html.escape(f.topic)}</h4><table class=\"report-table\">"
                     "<thead><tr><th style=\"text-align:left\">article</th>"
                     "<th style=\"text-align:right\">paragraph</th>"
                     "<th style=\"text-align:left\">words</th></tr></thead>"
                     f"<tbody>{rows}</tbody></table>")
        lines.append(f"{k}. {f.topic}: " + "; ".join(_evidence_label(e, titles) for e in f.evidence))
    return HTML("".join(parts), "\n".join(lines))
