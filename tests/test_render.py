"""Report HTML rendering and the headless-Chromium check (analysis.render)."""
from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import pytest

from analysis import render

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

CHROMIUM = render.find_chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium missing (/usr/bin/chromium): install Debian's 'chromium' package to run the browser check")

_PLOT_CELL = """\
import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
from analysis import figures
figures.apply_style()
df = pd.DataFrame({"party": ["NATO", "Russia", "US", "Ukraine"], "quotes": [5, 8, 3, 2]})
fig, ax = plt.subplots()
ax.bar(df["party"], df["quotes"], color=[figures.party_color(p) for p in df["party"]])
figures.finish(fig, "Quotes per party", "a generated test notebook")
figures.show(fig, "Bar chart of quotes per party: NATO 5, Russia 8, US 3, Ukraine 2.")
plt.show()
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """A tiny notebook with one matplotlib chart, executed and rendered."""
    d = tmp_path_factory.mktemp("report")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Tiny report\n\nQuotes per party in a generated notebook."),
        nbformat.v4.new_code_cell(_PLOT_CELL),
        nbformat.v4.new_code_cell("df"),
    ]
    nbclient.NotebookClient(nb, timeout=180, kernel_name="python3",
                            resources={"metadata": {"path": str(d)}}).execute()
    ipynb = d / "05-report.ipynb"
    nbformat.write(nb, ipynb)
    html = render.render_notebook_html(ipynb, d / "report.html")
    return ipynb, html


def _png_data_uris(text: str) -> list[bytes]:
    return [base64.b64decode(m) for m in
            re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=\s]+)"', text)]


def test_html_stands_alone_with_embedded_figure(report):
    ipynb, html = report
    text = html.read_text(encoding="utf-8")
    pngs = _png_data_uris(text)
    assert len(pngs) == 1 and pngs[0].startswith(b"\x89PNG")
    assert "Tiny report" in text
    # no prompts, no fetches from CDNs at view time
    assert not re.search(r"In(?:&nbsp;|\u00a0| )\[\d*\]:", text)
    assert not re.search(r"Out\[\d+\]:", text)
    for cdn in ("cdnjs.cloudflare.com", "unpkg.com", "cdn.jsdelivr.net"):
        assert cdn not in text
    assert not re.search(r'<script[^>]+src="https?://', text)
    assert not re.search(r'<img[^>]+src="(?!data:)', text)


def test_render_is_stable_and_does_not_rewrite(report, tmp_path):
    ipynb, html = report
    again = render.render_notebook_html(ipynb, tmp_path / "report.html")
    assert again.read_bytes() == html.read_bytes()
    mtime = again.stat().st_mtime_ns
    render.render_notebook_html(ipynb, again)
    assert again.stat().st_mtime_ns == mtime


def test_exclude_input_hides_code(report, tmp_path):
    ipynb, _ = report
    html = render.render_notebook_html(ipynb, tmp_path / "findings.html", exclude_input=True)
    text = html.read_text(encoding="utf-8")
    assert "figures.apply_style" not in text
    assert len(_png_data_uris(text)) == 1


def test_markdown_image_is_embedded(tmp_path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 2))
    ax.plot([0, 1], [0, 1])
    fig.savefig(tmp_path / "chart.png")
    plt.close(fig)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("![chart](chart.png)")]
    ipynb = tmp_path / "md.ipynb"
    nbformat.write(nb, ipynb)
    html = render.render_notebook_html(ipynb, tmp_path / "out" / "md.html")
    text = html.read_text(encoding="utf-8")
    assert 'src="data:image/png;base64,' in text
    assert 'src="chart.png"' not in text


def test_check_report_counts_figures_without_browser(report, monkeypatch):
    _, html = report
    monkeypatch.setattr(render, "find_chromium", lambda: None)
    res = render.check_report(html)
    assert res["chromium"] is False and res["screenshot"] is None
    assert res["img_data"] == 1 and res["figures"] == 1
    assert res["ok"], res["problems"]


def test_check_report_flags_missing_and_figureless_html(tmp_path, monkeypatch):
    monkeypatch.setattr(render, "find_chromium", lambda: None)
    missing = render.check_report(tmp_path / "nope.html")
    assert not missing["ok"] and missing["problems"]
    bare = tmp_path / "bare.html"
    bare.write_text("<html><body><h1>No charts here</h1><img src='chart.png'></body></html>")
    res = render.check_report(bare)
    assert not res["ok"]
    assert res["figures"] == 0
    assert any("no embedded figure" in p for p in res["problems"])
    assert any("not embedded" in p for p in res["problems"])


def test_inline_svg_counts_as_a_figure(tmp_path, monkeypatch):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [2, 0, 1])
    buf = io.StringIO()
    fig.savefig(buf, format="svg")
    plt.close(fig)
    svg = buf.getvalue().split("?>", 1)[1]
    page = tmp_path / "svg.html"
    page.write_text(f"<html><body>{svg}</body></html>")
    monkeypatch.setattr(render, "find_chromium", lambda: None)
    res = render.check_report(page)
    assert res["inline_svg"] == 1 and res["ok"]


# ------------------------------------------------------------------ Chromium
@needs_chromium
def test_report_renders_in_chromium(report):
    _, html = report
    shot = html.with_name("report-screenshot.png")
    res = render.check_report(html, screenshot_path=shot)
    assert res["chromium"] is True
    assert res["ok"], res["problems"]
    assert res["browser"]["images"] == 1 and res["browser"]["images_ok"] == 1
    assert Path(res["screenshot"]) == shot and shot.read_bytes().startswith(b"\x89PNG")
    stats = res["screenshot_stats"]
    assert stats["width"] == 1280
    assert stats["height"] >= res["browser"]["height"] - 1   # whole page captured
    assert stats["colors"] > 50
    # the party colours of the bars are on screen: a real chart, not just text
    assert stats["chromatic_share"] > 0.01


@needs_chromium
def test_screenshot_size_and_blank_page_detection(tmp_path):
    blank = tmp_path / "blank.html"
    blank.write_text("<html><body style='background:#fff'></body></html>")
    png = render.screenshot(blank, tmp_path / "blank.png", width=640, height=480)
    from matplotlib import image as mpimg

    arr = mpimg.imread(str(png))
    assert arr.shape[:2] == (480, 640)
    res = render.check_report(blank, screenshot_path=tmp_path / "blank-check.png")
    assert not res["ok"]
    assert any("blank" in p for p in res["problems"])


@needs_chromium
def test_broken_image_is_caught_in_browser(tmp_path):
    page = tmp_path / "broken.html"
    bogus = base64.b64encode(b"not a png at all" * 8).decode()
    page.write_text(f'<html><body><h1>Report</h1><img src="data:image/png;base64,{bogus}"></body></html>')
    res = render.check_report(page, screenshot_path=tmp_path / "broken.png")
    assert res["figures"] == 1           # looks embedded in the HTML...
    assert not res["ok"]                 # ...but Chromium cannot decode it
    assert any("did not decode" in p for p in res["problems"])


def test_every_figure_carries_its_alt_text(report):
    _, html = report
    text = Path(html).read_text(encoding="utf-8")
    assert 'alt="Bar chart of quotes per party: NATO 5, Russia 8, US 3, Ukraine 2."' in text
    assert render._count_figures(text)["img_without_alt"] == 0


def test_an_image_without_alt_text_fails_the_check(tmp_path, monkeypatch):
    monkeypatch.setattr(render, "find_chromium", lambda: None)
    png = base64.b64encode(b"\x89PNG" + b"0" * 80).decode()
    page = tmp_path / "r.html"
    page.write_text(f'<html><body><img src="data:image/png;base64,{png}"><img alt="" '
                    f'src="data:image/png;base64,{png}"><img alt="a chart" src="data:image/png;base64,{png}">'
                    "</body></html>", encoding="utf-8")
    result = render.check_report(page)
    assert result["img_without_alt"] == 2 and not result["ok"]
    assert any("alt text" in p for p in result["problems"])


def test_show_refuses_a_chart_without_alt_text():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis import figures

    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match="alt text"):
        figures.show(fig, "  ")
    plt.close(fig)


def test_clean_tables_have_no_index_nan_or_float_counts():
    import pandas as pd

    df = pd.DataFrame({"party": ["NATO", "Russia"], "statements": [1200.0, 7.0], "share": [0.5714, 0.25],
                       "rate": [12.345, float("nan")], "note": [None, "x"], "enough": [True, False],
                       "figure": [100000.0, 8.5]}, index=[7, 9])
    shown = render.format_table(df)
    assert list(shown.columns) == list(df.columns)  # an unnamed index is not a column
    assert list(shown["statements"]) == ["1,200", "7"]
    assert list(shown["share"]) == ["57.1%", "25.0%"]
    assert list(shown["rate"]) == ["12.3", ""] and list(shown["note"]) == ["", "x"]
    assert list(shown["enough"]) == ["yes", "no"] and list(shown["figure"]) == ["100,000", "8.5"]
    t = render.table(df)
    html = t._repr_html_()
    assert "nan" not in html.lower().replace("nanoseconds", "") and "1,200" in html and "<th" in html
    assert ">7<" not in html.split("<tbody>")[1].split("</td>")[0]  # no index cell before the party
    assert "1,200" in repr(t) and "NaN" not in repr(t)
    named = render.format_table(df.set_index("party"))
    assert list(named.columns)[0] == "party"


def test_findings_link_to_their_evidence():
    import pandas as pd

    key = pd.DataFrame([{"topic": "who is quoted", "finding": "NATO is quoted most.", "n": 12, "n_articles": 2,
                         "evidence": [{"article_id": "a1", "paragraph": 3, "text": "We stand together."}]}])
    withheld = pd.DataFrame([{"topic": "troop figures", "reason": "1 figure"}])
    out = render.findings_html(key, withheld, {"a1": "Talks open"})
    assert 'href="#evidence-1"' in out._repr_html_() and "n = 12" in out._repr_html_()
    assert "Talks open, paragraph 3" in out._repr_html_() and "troop figures (1 figure)" in repr(out)
    ev = render.evidence_html(key, {"a1": "Talks open"})._repr_html_()
    assert 'id="evidence-1"' in ev and "We stand together." in ev
    empty = render.findings_html(key.iloc[0:0], withheld)
    assert "No finding reaches the thresholds" in repr(empty)
