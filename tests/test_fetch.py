"""fetch: a URL list into data/raw, against a local HTTP server on 127.0.0.1 (no test touches the internet)."""
from __future__ import annotations

import csv
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from analysis import fetch
from analysis.__main__ import main
from analysis.corpus import Article, Rejection, iter_corpus

SLOW_SECONDS = 1.5  # the slow page answers after this; the tests give up after 0.3 s


def _page(n: int, base: str) -> bytes:
    # invented article text, long enough for trafilatura to see an article
    paras = "".join(
        f"<p>Paragraph {k} of test story {n}: the delegations met again in the conference hall on the "
        f"lakeshore and agreed to publish a short joint statement before the weekend, officials said.</p>"
        for k in range(1, 5))
    return (f"<!doctype html><html><head><title>Test story {n}</title>"
            f"<link rel=\"canonical\" href=\"{base}/news/{n}\">"
            f"<meta property=\"article:published_time\" content=\"2022-01-1{n % 10}\"></head>"
            f"<body><nav><a href=\"/\">Home</a></nav><article><h1>Test story {n}</h1>{paras}</article>"
            f"</body></html>").encode()


PAYWALL = (b"<!doctype html><html><head><title>Subscribe</title></head><body>"
           b"<div class=\"paywall\">Subscribe to read.</div></body></html>")


class _Handler(BaseHTTPRequestHandler):
    log: list[str] = []

    def log_message(self, *a):  # keep test output quiet
        pass

    def do_GET(self):  # noqa: N802
        self.log.append(self.path)
        base = f"http://{self.headers['Host']}"
        if self.path == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if self.path.startswith("/news/"):
            return self._send(200, _page(int(self.path.rsplit("/", 1)[1]), base))
        if self.path == "/old-address":
            self.send_response(301)
            self.send_header("Location", "/news/6")
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(SLOW_SECONDS)
            return self._send(200, _page(7, base))
        if self.path == "/private/draft":
            return self._send(200, _page(8, base))
        if self.path == "/subscribe":
            return self._send(200, PAYWALL)
        return self._send(404, b"<html><body>Not found</body></html>")

    def _send(self, status, body, ctype="text/html; charset=utf-8"):
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass


@pytest.fixture()
def server():
    _Handler.log = []
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}", _Handler.log
    srv.shutdown()
    srv.server_close()


FAST = ["--delay", "0", "--timeout", "0.3", "--tries", "2", "--backoff", "0.01", "--quiet"]


def _manifest_rows(into):
    with open(into / fetch.MANIFEST, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _url_list(tmp_path, base):
    urls = [f"{base}/news/{n}" for n in range(1, 6)] + [
        f"{base}/old-address", f"{base}/missing", f"{base}/slow", f"{base}/private/draft"]
    p = tmp_path / "urls.txt"
    p.write_text("# nine URLs\n" + "\n".join(urls) + "\n", encoding="utf-8")
    return p, urls


def test_fetch_stores_six_reports_three_and_a_rerun_fetches_nothing(tmp_path, server, capsys):
    base, log = server
    urls_file, urls = _url_list(tmp_path, base)
    into = tmp_path / "raw"
    assert main(["fetch", str(urls_file), "--into", str(into), *FAST]) == 3
    err = capsys.readouterr().err
    rows = _manifest_rows(into)
    assert [r["url"] for r in rows] == urls
    stored = [r for r in rows if r["outcome"] == "stored"]
    failed = {r["url"].rsplit("/", 1)[1]: r for r in rows if r["outcome"] == "failed"}
    assert len(stored) == 6 and len(failed) == 3
    assert failed["missing"]["status"] == "404" and failed["missing"]["reason"].startswith("HTTP 404")
    assert "timed out" in failed["slow"]["reason"] and "2 tries" in failed["slow"]["reason"]
    assert failed["draft"]["reason"] == "forbidden by robots.txt"
    assert "/private/draft" not in log  # robots.txt honoured: never requested
    for r in failed.values():
        assert f"failed: {r['url']}: {r['reason']}" in err
    redirect = next(r for r in rows if r["url"].endswith("/old-address"))
    assert redirect["final_url"].endswith("/news/6") and redirect["status"] == "200"
    for r in stored:
        page = into / r["file"]
        assert page.exists() and r["sha256"] == __import__("hashlib").sha256(page.read_bytes()).hexdigest()
        assert r["fetched_at"].endswith("+00:00")

    # the stored pages ingest as six articles; the manifest is not mistaken for an input
    got = list(iter_corpus([into], report=lambda m: None))
    assert sum(isinstance(x, Article) for x in got) == 6 and not any(isinstance(x, Rejection) for x in got)

    # second run: nothing requested, nothing new stored, the manifest unchanged
    n_requests, manifest = len(log), (into / fetch.MANIFEST).read_bytes()
    files = sorted(p for p in into.rglob("*.html"))
    assert main(["fetch", str(urls_file), "--into", str(into), *FAST]) == 0
    assert len(log) == n_requests
    assert (into / fetch.MANIFEST).read_bytes() == manifest
    assert sorted(p for p in into.rglob("*.html")) == files


def test_retry_failed_tries_the_failures_again(tmp_path, server):
    base, log = server
    urls_file, _ = _url_list(tmp_path, base)
    into = tmp_path / "raw"
    main(["fetch", str(urls_file), "--into", str(into), *FAST])
    n = len(log)
    assert main(["fetch", str(urls_file), "--into", str(into), "--retry-failed", *FAST]) == 3
    assert log[n:].count("/missing") == 1 and "/news/1" not in log[n:]
    rows = _manifest_rows(into)
    assert len(rows) == 9 + 3  # one more row for each failure tried again; the latest counts
    assert len(fetch.read_manifest(into)) == 9


def test_resumes_after_an_interruption(tmp_path, server):
    base, log = server
    _, urls = _url_list(tmp_path, base)
    into = tmp_path / "raw"
    f = fetch.Fetcher(into, fetch.Options(delay=0, timeout=0.3, tries=1), report=lambda m: None)
    f.fetch_all(urls[:3])
    # a run cut while writing a row leaves half a line: it is ignored and the URL fetched again
    with open(into / fetch.MANIFEST, "a", encoding="utf-8") as fh:
        fh.write(f"{urls[3]},{urls[3]},200,2022-")
    before = len(log)
    res = fetch.Fetcher(into, fetch.Options(delay=0, timeout=0.3, tries=1), report=lambda m: None).fetch_all(urls[:5])
    assert (res.skipped, res.stored) == (3, 2)
    assert [p for p in log[before:] if p.startswith("/news/")] == ["/news/4", "/news/5"]
    assert sorted(fetch.read_manifest(into)) == sorted(urls[:5])


def test_a_paywall_page_is_a_failure_not_an_article(tmp_path, server):
    base, _ = server
    into = tmp_path / "raw"
    res = fetch.Fetcher(into, fetch.Options(delay=0, timeout=1, tries=1), report=lambda m: None) \
        .fetch_all([f"{base}/subscribe"])
    assert res.failed == 1 and "no article text" in res.failures[0][1]
    assert not list(into.rglob("*.html"))


def test_user_agent_names_the_project(tmp_path, server):
    base, _ = server
    seen = []
    orig = _Handler.do_GET

    def spy(self):
        seen.append(self.headers.get("User-Agent"))
        return orig(self)

    _Handler.do_GET = spy
    try:
        fetch.Fetcher(tmp_path, fetch.Options(delay=0, timeout=1, tries=1)).fetch_all([f"{base}/news/1"])
    finally:
        _Handler.do_GET = orig
    assert seen and all(ua == fetch.USER_AGENT for ua in seen) and "crisis-coverage-analysis" in seen[0]


def test_requests_to_one_host_are_spaced_and_crawl_delay_wins():
    t = [100.0]
    slept = []

    def sleep(s):
        slept.append(round(s, 3))
        t[0] += s

    c = fetch.HostClock(1.0, clock=lambda: t[0], sleep=sleep)
    c.wait("a")
    c.wait("b")        # another host: no wait
    t[0] += 0.25
    c.wait("a")        # 0.75 s left of a's second
    c.set_delay("b", 5.0)
    c.wait("b")
    assert slept == [0.75, 4.0]  # b last asked at 100.0, now 101.0: 4 s of its 5 left


def test_url_lists_from_text_media_cloud_and_gdelt_exports(tmp_path):
    txt = tmp_path / "urls.txt"
    txt.write_text("# comment\nhttps://a.example/1\n\nhttps://a.example/1\nhttp://b.example/2 extra\nnot a url\n")
    assert fetch.read_url_list(txt) == ["https://a.example/1", "http://b.example/2"]
    mc = tmp_path / "mediacloud.csv"
    mc.write_text("stories_id,publish_date,title,url,language,media_name\n"
                  "1,2022-01-10,\"Talks, day one\",https://c.example/a,en,C\n2,2022-01-11,T,https://d.example/b,en,D\n")
    assert fetch.read_url_list(mc) == ["https://c.example/a", "https://d.example/b"]
    gd = tmp_path / "gdelt.csv"
    gd.write_text("GKGRECORDID,DATE,SourceCommonName,DocumentIdentifier\n1,20220110,e.example,https://e.example/x\n")
    assert fetch.read_url_list(gd) == ["https://e.example/x"]
    ev = tmp_path / "events.tsv"  # GDELT event rows: no header, SOURCEURL is the last field
    ev.write_text("1\t20220110\tRUS\thttps://f.example/y\n2\t20220111\tUKR\thttps://g.example/z\n")
    assert fetch.read_url_list(ev) == ["https://f.example/y", "https://g.example/z"]


def test_usage_errors(tmp_path, capsys):
    assert main(["fetch", str(tmp_path / "nope.txt")]) == 2
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing here\n")
    assert main(["fetch", str(empty), "--into", str(tmp_path / "raw")]) == 2
    assert "no http(s) URLs" in capsys.readouterr().err


def test_stored_file_names_are_safe_and_unique():
    a = fetch._file_for("https://www.example.org/world/2022/01/10/talks-end.html?x=1", "u1")
    b = fetch._file_for("https://www.example.org/world/2022/01/10/talks-end.html?x=1", "u2")
    assert a.parts[0] == "example.org" and a.name.startswith("talks-end-") and a.suffix == ".html"
    assert a != b
    assert fetch._file_for("https://example.org/", "u").name.startswith("index-")
