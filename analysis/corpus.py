"""Read files, folders, JSON lines, CSV exports and saved HTML into articles.

Every input ends up either as an :class:`Article` or as a :class:`Rejection`
(with the file, or ``file:line`` for a record of a multi-article file, and a
reason a person can act on). Nothing here writes to the input paths.

Formats, chosen by extension (content sniffed for anything else):

- house format (``.txt``): line 1 title, line 2 date YYYYMMDD, line 3 URL,
  then one paragraph a line (blank lines between paragraphs are ignored);
- JSON lines (``.jsonl``, ``.ndjson``; ``.json`` holding one object, a list
  of objects or JSON lines): one article an object;
- CSV/TSV exports (``.csv``, ``.tsv``): one article a row;
- saved HTML pages (``.html``, ``.htm``): text and metadata by trafilatura.

Records use the columns title/date/url/text, or the common alternatives
(headline, published, link, body, content, ...). Paragraphs of a record's
text are split on blank lines when it has any, else on newlines.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator
from urllib.parse import urlsplit

from . import config
from .text import normalize, split_paragraphs


@dataclass(frozen=True)
class Article:
    """One article. ``paragraphs[i]`` is body paragraph i (line 4 of a house-format file is 0)."""

    article_id: str
    title: str
    date: str | None  # ISO YYYY-MM-DD, None when unknown
    url: str
    outlet: str
    source_file: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def content_hash(self) -> str:
        """Hash of what the stages read: an unchanged article has an unchanged hash."""
        h = hashlib.sha1()
        for part in (self.article_id, self.title, self.date or "", self.url, self.outlet, *self.paragraphs):
            h.update(part.encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()

    def row(self) -> dict:
        """The article's row in ``articles.csv``."""
        return {
            "article_id": self.article_id,
            "title": self.title,
            "date": self.date or "",
            "url": self.url,
            "outlet": self.outlet,
            "source_file": self.source_file,
            "n_paragraphs": len(self.paragraphs),
            "n_words": sum(len(p.split()) for p in self.paragraphs),
            "content_hash": self.content_hash,
        }


@dataclass(frozen=True)
class Rejection:
    source_file: str
    reason: str

    def row(self) -> dict:
        return {"source_file": self.source_file, "reason": self.reason}


ARTICLE_COLUMNS = ["article_id", "title", "date", "url", "outlet", "source_file",
                   "n_paragraphs", "n_words", "content_hash"]
REJECTED_COLUMNS = ["source_file", "reason"]

HOUSE_EXT = {".txt", ".text", ".md"}
JSON_EXT = {".jsonl", ".ndjson", ".json"}
CSV_EXT = {".csv", ".tsv"}
HTML_EXT = {".html", ".htm", ".xhtml"}
# files that live in data/raw but are not articles
SKIP_NAMES = re.compile(r"^(manifest|readme|license|licence)(\.|$)", re.I)

# Alternative column names for records (first present wins).
FIELDS = {
    "title": ("title", "headline", "heading", "name"),
    "date": ("date", "published", "published_at", "publish_date", "pubdate", "pub_date",
             "datetime", "timestamp", "time", "created_at"),
    "url": ("url", "link", "href", "uri", "permalink", "source_url"),
    "text": ("text", "body", "content", "article", "full_text", "fulltext", "paragraphs", "story"),
    "id": ("article_id", "id", "uid", "guid", "doc_id"),
    "outlet": ("outlet", "source", "publication", "publisher", "site", "sitename"),
}

# Display names of known outlets by domain; any other domain is shown as is.
OUTLETS = {
    "themoscowtimes.com": "The Moscow Times",
    "reuters.com": "Reuters",
    "apnews.com": "Associated Press",
    "afp.com": "AFP",
    "bbc.co.uk": "BBC",
    "bbc.com": "BBC",
    "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post",
    "wsj.com": "The Wall Street Journal",
    "ft.com": "Financial Times",
    "theguardian.com": "The Guardian",
    "economist.com": "The Economist",
    "cnn.com": "CNN",
    "nbcnews.com": "NBC News",
    "cbsnews.com": "CBS News",
    "abcnews.go.com": "ABC News",
    "foxnews.com": "Fox News",
    "npr.org": "NPR",
    "politico.com": "Politico",
    "politico.eu": "Politico Europe",
    "bloomberg.com": "Bloomberg",
    "aljazeera.com": "Al Jazeera",
    "dw.com": "Deutsche Welle",
    "france24.com": "France 24",
    "euronews.com": "Euronews",
    "rferl.org": "Radio Free Europe/Radio Liberty",
    "kyivindependent.com": "The Kyiv Independent",
    "kyivpost.com": "Kyiv Post",
    "pravda.com.ua": "Ukrainska Pravda",
    "ukrinform.net": "Ukrinform",
    "tass.com": "TASS",
    "tass.ru": "TASS",
    "rt.com": "RT",
    "ria.ru": "RIA Novosti",
    "interfax.com": "Interfax",
    "kommersant.ru": "Kommersant",
    "meduza.io": "Meduza",
    "nato.int": "NATO",
    "state.gov": "U.S. State Department",
    "kremlin.ru": "Kremlin",
    "breitbart.com": "Breitbart",
    "huffingtonpost.com": "HuffPost",
    "usatoday.com": "USA Today",
    "latimes.com": "Los Angeles Times",
}

Reporter = Callable[[str], None]


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr)


# --------------------------------------------------------------------- helpers
def outlet_for(url: str) -> str:
    """Display name of the outlet behind ``url`` (its domain when unknown, "" without one)."""
    host = urlsplit(url if "://" in url else "//" + url).hostname if url else None
    if not host or "." not in host:
        return ""
    host = host.lower()
    if host.startswith("www."):
        host = host[4:]
    parts = host.split(".")
    for i in range(len(parts) - 1):  # news.bbc.co.uk -> bbc.co.uk
        cand = ".".join(parts[i:])
        if cand in OUTLETS:
            return OUTLETS[cand]
    return host


def url_key(url: str) -> str:
    """URL reduced to what identifies the page: no scheme, www, tracking query, fragment or final slash."""
    if not url:
        return ""
    s = urlsplit(url.strip())
    host = (s.hostname or "").lower().removeprefix("www.")
    query = "&".join(q for q in s.query.split("&") if q and not q.lower().startswith(("utm_", "fbclid", "gclid")))
    return f"{host}{s.path.rstrip('/')}" + (f"?{query}" if query else "") if host else url.strip()


def text_key(paragraphs: Iterable[str]) -> str:
    """Hash of the words of a body, blind to case, spacing and quote styles."""
    flat = " ".join(paragraphs).lower()
    flat = re.sub(r"[\"'“”‘’«»]", "", flat)
    flat = re.sub(r"\s+", " ", flat).strip()
    return hashlib.sha1(flat.encode("utf-8")).hexdigest()


_MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}


def parse_date(value) -> str | None:
    """ISO date (YYYY-MM-DD) from the forms news exports use, or None when it does not parse.

    Accepts YYYYMMDD, ISO dates and datetimes (with time zones), RFC 2822
    ("Wed, 12 Jan 2022 10:00:00 GMT"), "12 January 2022", "January 12, 2022",
    and epoch seconds/milliseconds as numbers.
    """
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        ts = float(value) / (1000 if value > 1e11 else 1)
        try:
            return dt.datetime.fromtimestamp(ts, dt.timezone.utc).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    s = str(value).strip()
    if not s:
        return None
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", s)
    if m:
        return _ymd(*map(int, m.groups()))
    m = re.match(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])", s)
    if m:
        return _ymd(*map(int, m.groups()))
    m = re.fullmatch(r"(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})(?:[\sT].*)?", s)
    if m and m.group(2)[:3].lower() in _MONTHS:
        return _ymd(int(m.group(3)), _MONTHS[m.group(2)[:3].lower()], int(m.group(1)))
    m = re.fullmatch(r"(?:[A-Za-z]{3,9},?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:[\s,T].*)?", s)
    if m and m.group(1)[:3].lower() in _MONTHS:
        return _ymd(int(m.group(3)), _MONTHS[m.group(1)[:3].lower()], int(m.group(2)))
    return None


def _ymd(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def decode(data: bytes, name: str, report: Reporter = _stderr) -> str:
    """Bytes to text: UTF-8 (with or without BOM), else cp1252 or latin-1 with a warning.

    Raises ValueError for data that is not text at all (NUL bytes, UTF-16 without BOM aside).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise ValueError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        bad = e.start
    # Sound only when the text is mostly ASCII with a few high bytes (Windows-1252 punctuation, accents).
    high = sum(b >= 0x80 for b in data)
    controls = sum(b < 0x20 and b not in (9, 10, 13) for b in data)
    if controls or high > 0.3 * len(data):
        raise ValueError(f"not UTF-8 (invalid byte at offset {bad}) and does not look like text")
    try:
        text = data.decode("cp1252")
        enc = "cp1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        enc = "latin-1"
    report(f"warning: {name}: not valid UTF-8 (byte offset {bad}); decoded as {enc}")
    return text


def _safe_id(s: str) -> str:
    return re.sub(r"[^\w.-]+", "_", s).strip("_")[:80] or "x"


# ---------------------------------------------------------------- per format
class BadInput(ValueError):
    """An input (file or record) that cannot be read: the message is the reason."""


def parse_house(text: str, source_file: str, article_id: str) -> Article:
    """One article from house-format text (already decoded)."""
    lines = [ln.strip() for ln in normalize(text).split("\n")]
    lines = [ln for ln in lines if ln]
    if not lines:
        raise BadInput("empty file")
    if len(lines) < 3:
        raise BadInput(f"missing header: expected title, date (YYYYMMDD) and URL lines, found {len(lines)} line(s)")
    title, date_s, url = lines[0], lines[1], lines[2]
    date = parse_date(date_s) if re.fullmatch(r"[\d\-/.]{8,10}", date_s) else None
    if date is None:
        raise BadInput(f"malformed header: line 2 should be the date as YYYYMMDD, found {date_s[:40]!r}")
    if not re.match(r"^(https?://|urn:|www\.|[a-z][\w+.-]*:)", url, re.I):
        raise BadInput(f"malformed header: line 3 should be the URL, found {url[:60]!r}")
    body = tuple(lines[3:])
    if not body:
        raise BadInput("no body paragraphs after the header")
    return Article(article_id, title, date, url, outlet_for(url), source_file, body)


def _pick(record: dict, field: str):
    lower = {str(k).strip().lower(): v for k, v in record.items() if k is not None}
    for name in FIELDS[field]:
        v = lower.get(name)
        if v not in (None, ""):
            return v
    return None


def parse_record(record, source_file: str, stem: str, report: Reporter = _stderr) -> Article:
    """One article from a JSON object or CSV row."""
    if not isinstance(record, dict):
        raise BadInput(f"expected an object with title/date/url/text, found {type(record).__name__}")
    raw_text = _pick(record, "text")
    if isinstance(raw_text, list):
        paragraphs = [normalize(str(p)).strip() for p in raw_text]
        paragraphs = [p for p in paragraphs if p]
    elif raw_text is not None:
        body = str(raw_text)
        paragraphs = split_paragraphs(body, blank_line_only=bool(re.search(r"\n\s*\n", body)))
    else:
        paragraphs = []
    if not paragraphs:
        raise BadInput("no article text (expected a text, body or content field)")
    title = normalize(str(_pick(record, "title") or "")).strip()
    url = str(_pick(record, "url") or "").strip()
    raw_date = _pick(record, "date")
    date = parse_date(raw_date)
    if raw_date is not None and date is None:
        raise BadInput(f"date {str(raw_date)[:40]!r} does not parse")
    if date is None:
        report(f"warning: {source_file}: no date given")
    rid = _pick(record, "id")
    if rid is not None:
        article_id = f"{stem}-{_safe_id(str(rid))}"
    else:
        basis = url_key(url) or text_key(paragraphs)
        article_id = f"{stem}-{hashlib.sha1(basis.encode()).hexdigest()[:12]}"
    outlet = outlet_for(url) or normalize(str(_pick(record, "outlet") or "")).strip()
    return Article(article_id, title, date, url, outlet, source_file, tuple(paragraphs))


def iter_json(text: str, source_file: str, stem: str, report: Reporter = _stderr):
    """Yield Article or Rejection per record of a JSON / JSON-lines file."""
    stripped = text.lstrip()
    if not stripped:
        yield Rejection(source_file, "empty file")
        return
    if stripped[0] == "[" or (stripped[0] == "{" and "\n{" not in stripped.strip()):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as e:
            if stripped[0] == "[":
                yield Rejection(source_file, f"invalid JSON: {e.msg} at line {e.lineno}")
                return
        else:
            records = data if isinstance(data, list) else [data]
            for i, rec in enumerate(records, 1):
                yield _record(rec, f"{source_file}:{i}", stem, report)
            return
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{source_file}:{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield Rejection(where, f"line {lineno} is not valid JSON: {e.msg} (column {e.colno})")
            continue
        yield _record(rec, where, stem, report)


def _record(rec, where: str, stem: str, report: Reporter):
    try:
        return parse_record(rec, where, stem, report)
    except BadInput as e:
        return Rejection(where, str(e))


def iter_csv(text: str, source_file: str, stem: str, report: Reporter = _stderr):
    """Yield Article or Rejection per row of a CSV/TSV export."""
    if not text.strip():
        yield Rejection(source_file, "empty file")
        return
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel_tab if source_file.lower().endswith(".tsv") else csv.excel
    csv.field_size_limit(1 << 30)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as e:
        yield Rejection(source_file, f"no CSV header row ({e})")
        return
    header = [h.strip().lstrip("\ufeff") for h in header]
    lowered = {h.lower() for h in header}
    if not any(n in lowered for n in FIELDS["text"]):
        yield Rejection(source_file, f"no text column: expected one of {', '.join(FIELDS['text'][:4])}; found {', '.join(header)[:120]}")
        return
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            yield Rejection(f"{source_file}:{reader.line_num}", f"row does not parse as CSV: {e}")
            continue
        where = f"{source_file}:{reader.line_num}"
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            yield Rejection(where, f"row has {len(row)} fields, the header has {len(header)}")
            continue
        yield _record(dict(zip(header, row)), where, stem, report)


MIN_HTML_WORDS = 10  # below this, what trafilatura returns is a menu or a caption, not an article


def parse_html(text: str, source_file: str, article_id: str) -> Article:
    """One article from a saved HTML page, extracted by trafilatura."""
    import trafilatura

    doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, include_tables=False)
    if doc is None:
        raise BadInput("no article text found in the HTML page")
    d = doc if isinstance(doc, dict) else doc.as_dict()
    paragraphs = split_paragraphs(d.get("text") or "")
    title = normalize(d.get("title") or "").strip()
    if paragraphs and title and paragraphs[0].strip() == title:
        paragraphs = paragraphs[1:]  # trafilatura keeps the <h1> as the first line
    if sum(len(p.split()) for p in paragraphs) < MIN_HTML_WORDS:
        raise BadInput(f"no article text found in the HTML page (fewer than {MIN_HTML_WORDS} words outside "
                       "navigation and boilerplate)")
    url = (d.get("url") or "").strip()
    outlet = outlet_for(url) or (d.get("sitename") or "")
    return Article(article_id, title, parse_date(d.get("date")), url, outlet, source_file, tuple(paragraphs))


# ------------------------------------------------------------------ discovery
def discover(paths: Iterable[str | Path]) -> Iterator[Path | Rejection]:
    """Files under ``paths`` (recursive, sorted, hidden files and manifests skipped)."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                if f.is_file() and not any(part.startswith(".") for part in rel.parts) \
                        and not SKIP_NAMES.match(f.name):
                    yield f
        elif p.is_file():
            yield p
        else:
            yield Rejection(display_path(p), "no such file or folder")


def display_path(path: Path) -> str:
    """A path as shown in tables: relative to the project when inside it, so outputs do not depend on the cwd."""
    try:
        return path.resolve().relative_to(config.ROOT.resolve()).as_posix()
    except ValueError:
        return str(path)


def read_file(path: Path, report: Reporter = _stderr, article_id: str | None = None) -> Iterator[Article | Rejection]:
    """Articles (or rejections) from one file, whatever its format."""
    name = display_path(path)
    stem = article_id or path.stem
    try:
        data = path.read_bytes()
    except OSError as e:
        yield Rejection(name, f"cannot read file: {e.strerror or e}")
        return
    if not data.strip():
        yield Rejection(name, "empty file")
        return
    from . import archives  # news-archive exports: many articles a file (Nexis Uni, LexisNexis, Factiva)

    if archives.is_archive(path, data):
        yield from archives.read_archive(path, name, stem, data)
        return
    try:
        text = decode(data, name, report)
    except ValueError as e:
        yield Rejection(name, str(e))
        return
    ext = path.suffix.lower()
    head = text.lstrip()[:200].lower()
    if ext in JSON_EXT or (ext not in HOUSE_EXT | CSV_EXT | HTML_EXT and head.startswith(("{", "["))):
        yield from iter_json(text, name, stem, report)
    elif ext in CSV_EXT:
        yield from iter_csv(text, name, stem, report)
    elif ext in HTML_EXT or head.startswith(("<!doctype html", "<html")):
        try:
            yield parse_html(text, name, stem)
        except BadInput as e:
            yield Rejection(name, str(e))
        except Exception as e:  # trafilatura/lxml on malformed markup
            yield Rejection(name, f"HTML could not be parsed: {type(e).__name__}: {e}")
    else:
        try:
            yield parse_house(text, name, stem)
        except BadInput as e:
            yield Rejection(name, str(e))


def read_house_file(path: str | Path) -> Article:
    """One house-format file as an Article (raises BadInput when it cannot be read)."""
    path = Path(path)
    out = next(read_file(path))
    if isinstance(out, Rejection):
        raise BadInput(f"{out.source_file}: {out.reason}")
    return out


def iter_corpus(paths: Iterable[str | Path], report: Reporter = _stderr) -> Iterator[Article | Rejection]:
    """Stream every article (deduplicated) and every rejection under ``paths``.

    Duplicates (the same URL, or the same words) are kept once: the first seen
    in sorted path order stays, later ones are yielded as Rejections naming the
    article they repeat. Ids are unique: a repeated file stem gets a suffix.
    """
    by_url: dict[str, str] = {}
    by_text: dict[str, str] = {}
    ids: set[str] = set()
    for item in discover(paths):
        if isinstance(item, Rejection):
            report(f"rejected: {item.source_file}: {item.reason}")
            yield item
            continue
        for got in read_file(item, report):
            if isinstance(got, Rejection):
                report(f"rejected: {got.source_file}: {got.reason}")
                yield got
                continue
            uk, tk = url_key(got.url), text_key(got.paragraphs)
            first = (by_url.get(uk) if uk else None) or by_text.get(tk)
            if first is not None:
                why = "URL" if uk and by_url.get(uk) == first else "text"
                rej = Rejection(got.source_file, f"duplicate of article {first} (same {why}); kept once")
                report(f"duplicate: {got.source_file}: {rej.reason}")
                yield rej
                continue
            if got.article_id in ids:
                new_id = f"{got.article_id}-{hashlib.sha1(got.source_file.encode()).hexdigest()[:8]}"
                report(f"warning: {got.source_file}: article id {got.article_id!r} already used; using {new_id!r}")
                got = Article(new_id, got.title, got.date, got.url, got.outlet, got.source_file, got.paragraphs)
            ids.add(got.article_id)
            if uk:
                by_url.setdefault(uk, got.article_id)
            by_text.setdefault(tk, got.article_id)
            yield got


def read_corpus(paths: Iterable[str | Path], report: Reporter = _stderr) -> tuple[list[Article], list[Rejection]]:
    """All articles and rejections under ``paths`` (see :func:`iter_corpus`)."""
    arts: list[Article] = []
    rej: list[Rejection] = []
    for x in iter_corpus(paths, report):
        (rej if isinstance(x, Rejection) else arts).append(x)
    return arts, rej


def articles_table(articles: Iterable[Article]):
    import pandas as pd

    return pd.DataFrame([a.row() for a in articles], columns=ARTICLE_COLUMNS)


def paragraphs_table(articles: Iterable[Article]):
    import pandas as pd

    rows = [{"article_id": a.article_id, "paragraph": i, "text": p}
            for a in articles for i, p in enumerate(a.paragraphs)]
    return pd.DataFrame(rows, columns=["article_id", "paragraph", "text"])
