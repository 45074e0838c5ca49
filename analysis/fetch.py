"""Fetch a list of article URLs politely into ``data/raw``, with a manifest.

``python -m analysis fetch URLS --into data/raw`` reads URLS (a text file,
one URL a line, ``#`` comments allowed; or a CSV/TSV export with a URL
column: Media Cloud's ``url``, GDELT's ``SOURCEURL``/``DocumentIdentifier``/
``URL``, or any column holding http(s) addresses) and for each URL:

- asks the host's ``robots.txt`` first (urllib.robotparser, cached per host;
  a ``Crawl-delay`` longer than ``--delay`` is honoured) and skips what it
  forbids;
- waits so that requests to one host are at least ``--delay`` seconds apart;
- sends a User-Agent naming this project, follows redirects, gives up on a
  request after ``--timeout`` seconds and retries timeouts, dropped
  connections, 429 and 5xx answers up to ``--tries`` times with exponential
  backoff (honouring a short ``Retry-After``);
- keeps a page only when trafilatura finds article text in it (a paywall,
  consent or login page yields none and is reported as a failure);
- stores the page's bytes exactly as received under
  ``INTO/<host>/<slug>-<hash>.html`` (written whole, never overwritten) and
  appends a row to ``INTO/MANIFEST.fetch.csv``: url, final_url (after
  redirects), status, fetched_at (UTC), sha256, file, outcome
  (``stored``/``failed``), reason.

A URL with a row in the manifest is not fetched again, so an interrupted run
resumes where it stopped and a second run fetches nothing new; failed URLs
are tried again only with ``--retry-failed``. Failures never stop the run:
each is written to the manifest and to stderr, and the exit status is 3
when any URL failed in this run (0 when none did, 2 for usage errors).

``python -m analysis run data/raw`` then reads the stored pages like any
saved HTML page (the manifest is skipped: its name starts with MANIFEST).
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from . import config

USER_AGENT = "crisis-coverage-analysis/0.1 (academic research on news coverage; python-requests)"
MANIFEST = "MANIFEST.fetch.csv"
MANIFEST_COLUMNS = ["url", "final_url", "status", "fetched_at", "sha256", "file", "outcome", "reason"]
URL_COLUMNS = ("url", "sourceurl", "source_url", "documentidentifier", "link", "story_url", "article_url",
               "guid", "href", "permalink")
RETRY_STATUS = {429, 500, 502, 503, 504}
EXIT_OK, EXIT_USAGE, EXIT_FAILURES = 0, 2, 3

Reporter = Callable[[str], None]


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr)


# ------------------------------------------------------------------ URL lists
def read_url_list(path: str | Path) -> list[str]:
    """The URLs of a text file or a CSV/TSV export, in order, each once."""
    from .corpus import decode

    path = Path(path)
    text = decode(path.read_bytes(), str(path), lambda m: None)
    lines = [ln.strip() for ln in text.splitlines()]
    urls: list[str] = []
    first = next((ln for ln in lines if ln and not ln.startswith("#")), "")
    looks_tabular = path.suffix.lower() in {".csv", ".tsv"} or (
        ("," in first or "\t" in first) and not re.match(r"^https?://\S+$", first))
    if looks_tabular:
        urls = _urls_from_table(text, path)
    else:
        urls = [ln.split()[0] for ln in lines if ln and not ln.startswith("#")]
    seen: set[str] = set()
    out = []
    for u in urls:
        u = u.strip()
        if re.match(r"^https?://", u, re.I) and u not in seen:
            seen.add(u)
            out.append(u)
    return out


def _urls_from_table(text: str, path: Path) -> list[str]:
    delim = "\t" if path.suffix.lower() == ".tsv" or text.split("\n", 1)[0].count("\t") > \
        text.split("\n", 1)[0].count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delim))
    if not rows:
        return []
    header = [h.strip().lstrip("\ufeff").lower() for h in rows[0]]
    col = next((header.index(c) for c in URL_COLUMNS if c in header), None)
    if col is not None:
        return [r[col] for r in rows[1:] if len(r) > col]
    # no header we know (e.g. GDELT's event files have none): the first http(s) cell of each row
    return [next((c for c in r if re.match(r"^https?://", c.strip(), re.I)), "") for r in rows]


# ------------------------------------------------------------------ manifest
def read_manifest(into: Path) -> dict[str, dict]:
    """url -> its latest manifest row (rows of an interrupted write are skipped)."""
    p = Path(into) / MANIFEST
    if not p.exists():
        return {}
    out: dict[str, dict] = {}
    with open(p, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row.get("url") and row.get("outcome") in ("stored", "failed"):
                out[row["url"]] = row
    return out


class _ManifestWriter:
    """Appends one row at a time, flushed to disk, so an interruption loses at most the row being written."""

    def __init__(self, into: Path):
        self.path = into / MANIFEST
        new = not self.path.exists() or self.path.stat().st_size == 0
        if not new:  # a row cut by an interruption: start the next one on a line of its own
            with open(self.path, "rb") as f:
                f.seek(-1, os.SEEK_END)
                if f.read(1) != b"\n":
                    with open(self.path, "a", encoding="utf-8") as g:
                        g.write("\n")
        self.f = open(self.path, "a", newline="", encoding="utf-8")
        self.w = csv.DictWriter(self.f, MANIFEST_COLUMNS, lineterminator="\n")
        if new:
            self.w.writeheader()

    def add(self, row: dict) -> None:
        self.w.writerow({k: row.get(k, "") for k in MANIFEST_COLUMNS})
        self.f.flush()
        os.fsync(self.f.fileno())

    def close(self) -> None:
        self.f.close()


# ------------------------------------------------------------------ politeness
@dataclass
class HostClock:
    """Keeps requests to one host at least ``delay`` seconds apart (``clock``/``sleep`` injectable for tests)."""

    delay: float
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _last: dict[str, float] = field(default_factory=dict)
    _delay: dict[str, float] = field(default_factory=dict)

    def set_delay(self, host: str, seconds: float) -> None:
        self._delay[host] = max(self.delay, seconds)

    def wait(self, host: str) -> None:
        d = self._delay.get(host, self.delay)
        last = self._last.get(host)
        if last is not None:
            left = last + d - self.clock()
            if left > 0:
                self.sleep(left)
        self._last[host] = self.clock()


@dataclass
class Options:
    delay: float = 1.0           # seconds between two requests to one host
    timeout: float = 20.0        # seconds per request
    tries: int = 3               # attempts for timeouts, dropped connections, 429 and 5xx
    backoff: float = 2.0         # first wait before a retry; doubled each time
    max_crawl_delay: float = 30.0  # a robots.txt Crawl-delay is honoured up to this
    user_agent: str = USER_AGENT
    retry_failed: bool = False


@dataclass
class Result:
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)


class Fetcher:
    def __init__(self, into: str | Path, options: Options | None = None, report: Reporter = _stderr,
                 session=None, clock: HostClock | None = None):
        import requests

        self.into = Path(into)
        self.opt = options or Options()
        self.report = report
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = self.opt.user_agent
        self.hosts = clock or HostClock(self.opt.delay)
        self.robots: dict[str, RobotFileParser | str] = {}

    # -- robots.txt
    def _robots(self, url: str) -> RobotFileParser | str:
        """The host's parsed robots.txt, or a reason string when it could not be had."""
        import requests

        s = urlsplit(url)
        key = f"{s.scheme}://{s.netloc}"
        if key in self.robots:
            return self.robots[key]
        rp = RobotFileParser(key + "/robots.txt")
        self.hosts.wait(s.netloc)
        try:
            r = self.session.get(key + "/robots.txt", timeout=self.opt.timeout)
            if r.status_code in (401, 403):
                # (typeshed leaves out allow_all/disallow_all, which RobotFileParser sets in __init__ and read())
                rp.disallow_all = True  # type: ignore[attr-defined]
            elif r.status_code >= 500:
                self.robots[key] = f"robots.txt answered HTTP {r.status_code}; not fetching from this host"
                return self.robots[key]
            elif r.status_code >= 400:
                rp.allow_all = True  # type: ignore[attr-defined]  # (see disallow_all above)
            else:
                rp.parse(r.text.splitlines())
        except requests.RequestException as e:
            self.robots[key] = f"robots.txt could not be fetched ({type(e).__name__}); not fetching from this host"
            return self.robots[key]
        cd = rp.crawl_delay(self.opt.user_agent)
        if cd:
            self.hosts.set_delay(s.netloc, min(float(cd), self.opt.max_crawl_delay))
        self.robots[key] = rp
        return rp

    # -- one URL
    def _get(self, url: str):
        """(response or None, reason or ""): with retries and backoff for transient failures."""
        import requests

        host = urlsplit(url).netloc
        wait = self.opt.backoff
        last = ""
        for attempt in range(1, self.opt.tries + 1):
            self.hosts.wait(host)
            try:
                r = self.session.get(url, timeout=self.opt.timeout, allow_redirects=True)
            except requests.Timeout:
                last = f"timed out after {self.opt.timeout:g} s"
            except requests.ConnectionError as e:
                last = f"connection failed ({type(e).__name__})"
            except requests.RequestException as e:
                return None, f"request failed: {type(e).__name__}: {e}"
            else:
                if r.status_code not in RETRY_STATUS:
                    return r, ""
                last = f"HTTP {r.status_code}"
                ra = r.headers.get("Retry-After", "")
                if ra.isdigit():
                    wait = max(wait, min(float(ra), 60.0))
            if attempt < self.opt.tries:
                self.hosts.sleep(wait)
                wait *= 2
        return None, f"{last} ({self.opt.tries} tries)"

    def fetch_one(self, url: str) -> dict:
        """Fetch ``url``; the manifest row (outcome ``stored`` or ``failed``)."""
        def now() -> str:
            return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")

        row = {"url": url, "final_url": "", "status": "", "fetched_at": now(), "sha256": "", "file": "",
               "outcome": "failed", "reason": ""}
        rp = self._robots(url)
        if isinstance(rp, str):
            row["reason"] = rp
            return row
        if not rp.can_fetch(self.opt.user_agent, url):
            row["reason"] = "forbidden by robots.txt"
            return row
        r, why = self._get(url)
        row["fetched_at"] = now()
        if r is None:
            row["reason"] = why
            return row
        row.update(final_url=r.url, status=str(r.status_code))
        if r.status_code >= 400:
            row["reason"] = f"HTTP {r.status_code}" + (f" {r.reason}" if r.reason else "")
            return row
        ctype = r.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype and "html" not in ctype and "xml" not in ctype:
            row["reason"] = f"not an HTML page ({ctype})"
            return row
        data = r.content
        row["sha256"] = hashlib.sha256(data).hexdigest()
        reason = _no_article_text(data, r.url)
        if reason:
            row["reason"] = reason
            return row
        rel = _file_for(r.url if r.url else url, url)
        dest = self.into / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if not dest.exists():  # raw files are never overwritten
            tmp = dest.with_name(f".{dest.name}.tmp-{os.getpid()}")
            tmp.write_bytes(data)
            os.replace(tmp, dest)
        row.update(file=rel.as_posix(), outcome="stored")
        return row

    # -- a list
    def fetch_all(self, urls: Iterable[str]) -> Result:
        self.into.mkdir(parents=True, exist_ok=True)
        done = read_manifest(self.into)
        res = Result()
        writer = _ManifestWriter(self.into)
        try:
            for url in urls:
                prev = done.get(url)
                if prev and (prev["outcome"] == "stored" and (self.into / prev["file"]).exists()
                             or prev["outcome"] == "failed" and not self.opt.retry_failed):
                    res.skipped += 1
                    continue
                row = self.fetch_one(url)
                writer.add(row)
                if row["outcome"] == "stored":
                    res.stored += 1
                else:
                    res.failed += 1
                    res.failures.append((url, row["reason"]))
                    self.report(f"failed: {url}: {row['reason']}")
        finally:
            writer.close()
        return res


def _no_article_text(data: bytes, url: str) -> str:
    """Why trafilatura finds no article in the page ("" when it finds one)."""
    from .corpus import BadInput, decode, parse_html

    try:
        parse_html(decode(data, url, lambda m: None), url, "page")
    except BadInput:
        return "no article text in the page (a paywall, consent or login page, or not an article)"
    except Exception as e:  # malformed markup
        return f"page could not be parsed: {type(e).__name__}"
    return ""


def _file_for(final_url: str, url: str) -> Path:
    """``<host>/<slug>-<hash of the URL>.html``: readable, unique per requested URL, safe on every filesystem."""
    s = urlsplit(final_url)
    host = re.sub(r"[^\w.-]+", "_", (s.hostname or "unknown").lower().removeprefix("www."))
    last = [p for p in s.path.split("/") if p]
    slug = re.sub(r"\.(s?html?|php|aspx?)$", "", last[-1] if last else "index", flags=re.I)
    slug = re.sub(r"[^\w-]+", "-", slug).strip("-")[:60] or "page"
    return Path(host) / f"{slug}-{hashlib.sha1(url.encode()).hexdigest()[:10]}.html"


# ------------------------------------------------------------------ command line
def add_parser(sub) -> None:
    """The ``fetch`` subcommand, added to ``python -m analysis``'s subparsers."""
    f = sub.add_parser(
        "fetch", help="download the pages of a URL list into data/raw, politely, with a manifest",
        description="Download every URL of URLS (a text file, one URL a line, or a CSV/TSV export with a URL "
                    "column: Media Cloud 'url', GDELT 'SOURCEURL'/'DocumentIdentifier'/'URL') into --into, "
                    "honouring robots.txt, with a rate limit per host, retries with backoff and timeouts. Pages "
                    "are stored as received under INTO/<host>/ with a row each in INTO/" + MANIFEST + "; URLs "
                    "already in the manifest are skipped (rerun to resume). Exit status 0 when every URL was "
                    "fetched, 3 when some failed (listed on stderr and in the manifest), 2 for usage errors.")
    f.add_argument("urls", metavar="URLS", help="text file of URLs, or a CSV/TSV export with a URL column")
    f.add_argument("--into", metavar="DIR", default=str(config.RAW),
                   help=f"folder for the pages and the manifest (default: {config.RAW.relative_to(config.ROOT)})")
    f.add_argument("--delay", type=float, default=Options.delay, metavar="SECONDS",
                   help="least time between two requests to one host (default %(default)s; a longer robots.txt "
                        "Crawl-delay wins)")
    f.add_argument("--timeout", type=float, default=Options.timeout, metavar="SECONDS",
                   help="give up on a request after this long (default %(default)s)")
    f.add_argument("--tries", type=int, default=Options.tries, metavar="N",
                   help="attempts per URL for timeouts, dropped connections, 429 and 5xx (default %(default)s)")
    f.add_argument("--backoff", type=float, default=Options.backoff, metavar="SECONDS",
                   help="wait before the first retry, doubled for each next one (default %(default)s)")
    f.add_argument("--retry-failed", action="store_true", help="try again the URLs the manifest records as failed")
    f.add_argument("--user-agent", default=USER_AGENT, help="User-Agent header (default names this project)")
    f.add_argument("--quiet", action="store_true", help="no summary line")


def cmd_fetch(args) -> int:
    src = Path(args.urls)
    if not src.is_file():
        print(f"error: no such file: {src}", file=sys.stderr)
        return EXIT_USAGE
    if args.tries < 1 or args.delay < 0 or args.timeout <= 0:
        print("error: --tries must be at least 1, --delay at least 0 and --timeout above 0", file=sys.stderr)
        return EXIT_USAGE
    try:
        urls = read_url_list(src)
    except ValueError as e:
        print(f"error: {src}: {e}", file=sys.stderr)
        return EXIT_USAGE
    if not urls:
        print(f"error: {src}: no http(s) URLs found (expected one a line, or a CSV column named url, "
              "SOURCEURL or DocumentIdentifier)", file=sys.stderr)
        return EXIT_USAGE
    opt = Options(delay=args.delay, timeout=args.timeout, tries=args.tries, backoff=args.backoff,
                  user_agent=args.user_agent, retry_failed=args.retry_failed)
    res = Fetcher(args.into, opt).fetch_all(urls)
    if not args.quiet:
        print(f"{len(urls)} URLs: {res.stored} stored, {res.skipped} already in the manifest, {res.failed} failed "
              f"-> {args.into} (manifest: {Path(args.into) / MANIFEST})", file=sys.stderr)
    return EXIT_FAILURES if res.failed else EXIT_OK
