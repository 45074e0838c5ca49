"""The report's quote table, in headless Chromium with the network cut: search by party, sort, page.

The report is built the way `make report` builds it: the pipeline's tables from articles written for
this test, a notebook rendered by nbconvert (analysis.render), then the explore sections added
(analysis.explore.add_to_report). Chromium runs through Selenium and Debian's chromedriver.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import explore, render
from analysis.pipeline import run

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium not installed (pip install selenium)")
nbformat = pytest.importorskip("nbformat")

CHROMIUM = render.find_chromium()
DRIVER = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None,
    reason="headless Chromium needs Debian's 'chromium' and 'chromium-driver' packages "
           "(apt-get install -y chromium chromium-driver)")

# Articles written for this test: quotes from four sides, one of them the US (whose name is inside "Russia").
ARTICLES = {
    "talks_day_one": """Talks open with sharp words
20220110
https://www.reuters.com/world/talks-open-2022-01-10/
Russian Foreign Minister Sergei Lavrov said Moscow "will not be lectured" by anyone about its own territory.
"We came here to listen, and we will keep listening," U.S. Secretary of State Antony Blinken said after the session.
"The alliance remains open to dialogue," NATO Secretary-General Jens Stoltenberg told reporters.
"Every nation has the right to choose its path," Blinken added.
""",
    "talks_day_two": """Second day brings no breakthrough
20220111
https://apnews.com/article/second-day-2022-01-11
"Our patience is not endless," Kremlin spokesman Dmitry Peskov said on Tuesday.
Ukrainian President Volodymyr Zelenskiy said his country "will defend every metre" of its land.
"Zero progress is still not zero talks," Lavrov said.
""",
    "talks_day_three": """Envoys prepare written answers
20220112
https://www.bbc.com/news/world-europe-2022-01-12
"Answers will come in writing next week," Blinken said in a statement.
"We are waiting for concrete proposals," Peskov told journalists, adding that "abstract words help nobody."
""",
}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    d = tmp_path_factory.mktemp("browser")
    raw = d / "raw"
    raw.mkdir()
    for name, text in ARTICLES.items():
        (raw / f"{name}.txt").write_text(text, encoding="utf-8")
    processed = d / "processed"
    run([raw], processed, corrections=False, progress=False, report=lambda m: None, parquet=False)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Report\n\nThe headline figures.")]
    ipynb = d / "05-report.ipynb"
    nbformat.write(nb, ipynb)
    html = render.render_notebook_html(ipynb, d / "report.html", exclude_input=True)
    explore.add_to_report(html, processed, d / "validation")
    quotes = pd.read_csv(processed / "quotes.csv", dtype=str, keep_default_na=False)
    return html, quotes


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              # no network: every request would go to a proxy that does not exist
              "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
              "--disable-background-networking", "--window-size=1400,1000"):
        opts.add_argument(a)
    opts.binary_location = CHROMIUM
    drv = webdriver.Chrome(service=Service(DRIVER), options=opts)
    drv.execute_cdp_cmd("Network.enable", {})
    drv.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": True, "latency": 0,
                                                             "downloadThroughput": 0, "uploadThroughput": 0})
    yield drv
    drv.quit()


def _cells(root, col):
    from selenium.webdriver.common.by import By

    return [td.text for td in root.find_elements(By.CSS_SELECTOR, f"tbody td[data-col='{col}']")]


def _type(box, text):
    """Replace the box's text as a user would (clear() alone fires no input event)."""
    from selenium.webdriver.common.keys import Keys

    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE)
    if text:
        box.send_keys(text)


def test_quote_table_filters_by_party_and_sorts_offline(report, browser):
    from selenium.webdriver.common.by import By

    html, quotes = report
    parties = quotes["party"].value_counts()
    assert {"Russia", "US"} <= set(parties.index) and len(parties) >= 3, parties  # the fixture is what we think
    browser.get(Path(html).resolve().as_uri())
    root = browser.find_element(By.ID, "xt-quotes")
    assert root.get_attribute("data-ready") == "1"  # the script ran, with the network cut
    assert int(root.get_attribute("data-shown")) == len(quotes)
    assert len(_cells(root, "party")) == len(quotes)

    party_box = root.find_element(By.CSS_SELECTOR, "input.xt-filter[data-col='party']")
    _type(party_box, "Russia")
    shown = _cells(root, "party")
    assert shown == ["Russia"] * int(parties["Russia"])
    assert "filtered from" in root.find_element(By.CSS_SELECTOR, ".xt-count").text
    _type(party_box, "US")  # a whole value: US only, not Russia (which contains "us")
    assert _cells(root, "party") == ["US"] * int(parties["US"])
    # its quotes, each beside its paragraph with the quote marked
    marks = [m.text for m in root.find_elements(By.CSS_SELECTOR, "tbody td[data-col='context'] mark")]
    assert sorted(marks) == sorted(quotes.loc[quotes["party"] == "US", "text"].str.strip())

    _type(party_box, "")
    header = root.find_element(By.CSS_SELECTOR, "th[data-col='speaker']")
    header.click()
    speakers = [s for s in _cells(root, "speaker") if s]
    assert speakers == sorted(speakers, key=str.casefold) and len(set(speakers)) > 2
    assert header.get_attribute("aria-sort") == "ascending"
    header.click()
    desc = [s for s in _cells(root, "speaker") if s]
    assert desc == sorted(speakers, key=str.casefold, reverse=True)
    assert header.get_attribute("aria-sort") == "descending"

    search = root.find_element(By.CSS_SELECTOR, "input.xt-search")
    _type(search, "patience endless")
    assert _cells(root, "text") == ["Our patience is not endless,"]

    # nothing was fetched: every resource the page loaded is the file itself or inline
    urls = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(u.startswith(("file:", "data:", "blob:")) for u in urls), urls


def test_a_row_gives_a_correction_stub_that_reads_back(report, browser):
    import yaml
    from selenium.webdriver.common.by import By

    from analysis import corrections

    html, quotes = report
    browser.get(Path(html).resolve().as_uri())
    root = browser.find_element(By.ID, "xt-quotes")
    _type(root.find_element(By.CSS_SELECTOR, "input.xt-search"), "patience")
    root.find_element(By.CSS_SELECTOR, "button.xt-stub-btn").click()
    text = root.find_element(By.CSS_SELECTOR, "tr.xt-stub pre").text
    item = corrections.parse(yaml.safe_load("corrections:\n" + text + "\n"))[0]
    row = quotes[quotes["text"].str.contains("patience")].iloc[0]
    assert (item.table, item.article, item.paragraph, item.action) == ("quotes", row["article_id"],
                                                                       int(row["paragraph"]), "set")
    assert corrections.words_match(item.words, row["text"])
    assert item.values == {"speaker": row["speaker"], "party": row["party"]}


def test_pages_and_other_tables(report, browser):
    from selenium.webdriver.common.by import By

    html, _ = report
    browser.get(Path(html).resolve().as_uri())
    root = browser.find_element(By.ID, "xt-claims")
    total = int(root.get_attribute("data-shown"))
    assert total > 3
    root.find_element(By.CSS_SELECTOR, "select.xt-size option[value='10']").click()
    assert len(_cells(root, "party")) == min(10, total)
    if total > 10:
        root.find_element(By.CSS_SELECTOR, ".xt-next").click()
        assert len(_cells(root, "party")) == min(10, total - 10)
    assert browser.find_element(By.ID, "xt-troops").get_attribute("data-ready") == "1"
    text = browser.find_element(By.ID, "precision-on-this-corpus").find_element(By.XPATH, "..").text
    assert "No hand check of this corpus yet" in text
