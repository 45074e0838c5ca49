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

Byline and stated length travel with the article but are not read by any
stage (so they stay out of ``content_hash``): a record's
byline/author/authors/creator and word_count/wordcount/length, a saved
page's author metadata (trafilatura: ``<meta name="author">``,
``article:author``, JSON-LD), an archive export's byline and length fields.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from . import config, outlet_names
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
    byline: str = ""                 # the author(s) as the source gives them; "" when none
    words_stated: int | None = None  # the length the source states ("Length: 612 words"); None when none

    @property
    def text(self) -> str:
        """The body as one string, paragraphs joined by newlines."""
        return "\n".join(self.paragraphs)

    @property
    def content_hash(self) -> str:
        """Hash of what the stages read: an unchanged article has an unchanged hash.

        ``byline`` and ``words_stated`` are left out: no stage reads them, and
        leaving them out keeps every cached result valid.
        """
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
            "byline": self.byline,
            "n_paragraphs": len(self.paragraphs),
            "n_words": sum(len(p.split()) for p in self.paragraphs),
            "words_stated": self.words_stated,
            "content_hash": self.content_hash,
        }


@dataclass(frozen=True)
class Rejection:
    source_file: str
    reason: str

    def row(self) -> dict:
        """The rejection's row in ``rejected.csv``."""
        return {"source_file": self.source_file, "reason": self.reason}


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
    "byline": ("byline", "author", "authors", "creator"),
    "words_stated": ("word_count", "wordcount", "word count", "length"),
}

def outlets() -> dict[str, str]:
    """Display names of known outlets by web domain, from ``data/outlets.yml`` (the one outlet table);
    other domains show as they are."""
    return outlet_names.domains()


Reporter = Callable[[str], None]


def _stderr(msg: str) -> None:
    """Default reporter: one line on stderr."""
    print(msg, file=sys.stderr)


# --------------------------------------------------------------------- helpers
def _host(url: str) -> str | None:
    """The URL's host name, or None when it has none or does not parse (``[removed]``, a bad IPv6 host)."""
    try:
        return urlsplit(url if "://" in url else "//" + url).hostname
    except ValueError:
        return None


def outlet_for(url: str) -> str:
    """Display name of the outlet behind ``url`` (its domain when unknown, "" without one)."""
    host = _host(url) if url else None
    if not host or "." not in host:
        return ""
    host = host.lower()
    if host.startswith("www."):
        host = host[4:]
    parts = host.split(".")
    for i in range(len(parts) - 1):  # news.bbc.co.uk -> bbc.co.uk
        cand = ".".join(parts[i:])
        if cand in outlets():
            return outlets()[cand]
    return host


def url_key(url: str) -> str:
    """URL reduced to what identifies the page: no scheme, www, tracking query, fragment or final slash."""
    if not url:
        return ""
    try:
        s = urlsplit(url.strip())
        host = (s.hostname or "").lower().removeprefix("www.")
    except ValueError:
        return url.strip()
    query = "&".join(q for q in s.query.split("&") if q and not q.lower().startswith(("utm_", "fbclid", "gclid")))
    return f"{host}{s.path.rstrip('/')}" + (f"?{query}" if query else "") if host else url.strip()


_URL_START = re.compile(r"^(https?://|urn:|www\.|[a-z][\w+.-]*:)", re.I)


def url_problem(url: str) -> str | None:
    """Why ``url`` is not a URL (None when it is one, or empty): a scheme (or www.) and, for web URLs, a host."""
    if not url:
        return None
    if not _URL_START.match(url) or any(c.isspace() for c in url):
        return "is not a URL"
    try:
        parts = urlsplit(url if "://" in url or url.lower().startswith("urn:") or ":" in url.split("/")[0]
                         else "//" + url)
        host = parts.hostname
    except ValueError as e:
        return f"is not a valid URL ({e})"
    if (url.lower().startswith(("http://", "https://", "www.")) or parts.scheme == "") and not host:
        return "has no host name"
    return None


def text_key(paragraphs: Iterable[str]) -> str:
    """Hash of the words of a body, blind to case, spacing and quote styles."""
    flat = " ".join(paragraphs).lower()
    flat = re.sub(r"[\"'“”‘’«»]", "", flat)
    flat = re.sub(r"\s+", " ", flat).strip()
    return hashlib.sha1(flat.encode("utf-8")).hexdigest()


_MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
EARLIEST_YEAR = 1900  # dates before it, or after next year, are rejected as implausible


def plausible_years() -> tuple[int, int]:
    """The range of publication years accepted: 1900 to next year."""
    return EARLIEST_YEAR, dt.date.today().year + 1


def parse_date(value) -> str | None:
    """ISO date (YYYY-MM-DD) from the forms news exports use, or None when it does not parse.

    Accepts YYYYMMDD (also as an integer), ISO dates and datetimes (with time
    zones), US-style M/D/YYYY (D/M/YYYY when the first number cannot be a
    month), RFC 2822 ("Wed, 12 Jan 2022 10:00:00 GMT"), "12 January 2022",
    "January 12, 2022", and epoch seconds/milliseconds as numbers. The
    plausibility of the year is checked by :func:`date_problem`, not here.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _number_date(value)
    s = str(value).strip()
    if not s:
        return None
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", s)
    if m:
        return _ymd(*map(int, m.groups()))
    m = re.match(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])", s)
    if m:
        return _ymd(*map(int, m.groups()))
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[\s,T].*)?", s)
    if m:
        a, b, y = map(int, m.groups())
        return _ymd(y, a, b) if a <= 12 else _ymd(y, b, a)
    m = re.fullmatch(r"(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})(?:[\sT].*)?", s)
    if m and m.group(2)[:3].lower() in _MONTHS:
        return _ymd(int(m.group(3)), _MONTHS[m.group(2)[:3].lower()], int(m.group(1)))
    m = re.fullmatch(r"(?:[A-Za-z]{3,9},?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:[\s,T].*)?", s)
    if m and m.group(1)[:3].lower() in _MONTHS:
        return _ymd(int(m.group(3)), _MONTHS[m.group(1)[:3].lower()], int(m.group(2)))
    return None


def _number_date(value: int | float) -> str | None:
    """A number as a date: an integer YYYYMMDD (20220112), else epoch seconds or milliseconds."""
    if value != value or value in (float("inf"), float("-inf")):
        return None
    if float(value).is_integer() and 10_000_101 <= value <= 99_991_231:
        return _ymd(int(value) // 10000, int(value) // 100 % 100, int(value) % 100)
    ts = float(value) / (1000 if abs(value) > 1e11 else 1)
    try:
        return dt.datetime.fromtimestamp(ts, dt.UTC).date().isoformat()
    except (OverflowError, OSError, ValueError):
        return None


def date_problem(iso: str | None) -> str | None:
    """Why an ISO date is implausible for a news article (None when it is fine or absent)."""
    if not iso:
        return None
    lo, hi = plausible_years()
    year = int(iso[:4])
    if not lo <= year <= hi:
        return f"date {iso} is outside the plausible range {lo}..{hi}"
    return None


def _ymd(y: int, m: int, d: int) -> str | None:
    """ISO date from year, month, day; None when no such day exists."""
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def decode(data: bytes, name: str, report: Reporter = _stderr) -> str:
    """Bytes to text: UTF-8 (with or without BOM), else cp1252 or latin-1, with a warning.

    A UTF-8 file with a few bad bytes keeps its UTF-8 and has each bad byte
    replaced by U+FFFD (the whole file is not re-read in another encoding);
    a file with no valid UTF-8 sequence beyond ASCII is a legacy encoding
    (cp1252, else latin-1). Raises ValueError for data that is not text at
    all (NUL bytes; UTF-16 with a BOM is read).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise ValueError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        bad = e.start
    high = sum(b >= 0x80 for b in data)
    controls = sum(b < 0x20 and b not in (9, 10, 13) for b in data)
    if controls or high > 0.3 * len(data):
        raise ValueError(f"not UTF-8 (invalid byte at offset {bad}) and does not look like text")
    lenient = data.decode("utf-8-sig", errors="replace")
    n_bad = lenient.count("\ufffd") - data.count("\ufffd".encode())
    n_good = sum(ord(c) > 127 for c in lenient) - lenient.count("\ufffd")
    if n_good > 0:
        report(f"warning: {name}: {n_bad} invalid UTF-8 byte sequence(s) (first at byte offset {bad}) "
               "replaced by \ufffd")
        return lenient
    try:
        text = data.decode("cp1252")
        enc = "cp1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        enc = "latin-1"
    report(f"warning: {name}: not valid UTF-8 (byte offset {bad}); decoded as {enc}")
    return text


_BY = re.compile(r"^\s*by\s*:?\s+", re.I)


def clean_byline(value, _top: bool = True) -> str:
    """The author(s) as one string: whitespace collapsed, a leading "By" dropped, several authors joined by "; ".

    ``value`` is what the source gives: a string, a list of names, or objects
    with a ``name`` (JSON-LD ``{"@type": "Person", "name": ...}``); anything
    else (a list inside a list, a number) is "".
    """
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("Name") or ""
    if isinstance(value, (list, tuple)):
        if not _top:
            return ""
        names = (clean_byline(v, _top=False) for v in value)
        return "; ".join(dict.fromkeys(n for n in names if n))
    if not isinstance(value, str):
        return ""
    return _BY.sub("", " ".join(normalize(value).split()))


_STATED = re.compile(r"^\s*(?:length:\s*)?(\d{1,3}(?:[,.\s]\d{3})+|\d+)(?:\s*words?)?\s*$", re.I)
MAX_STATED_WORDS = 10_000_000  # a stated length above this is a typo or another unit, not a word count


def stated_words(value) -> int | None:
    """A stated word count ("612", 612, "1,204 words", "Length: 612 words") as an int; None when absent or not one."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = int(value) if value.is_integer() else None
    if isinstance(value, int):
        n = value
    else:
        m = _STATED.match(str(value))
        if not m:
            return None
        n = int(re.sub(r"[,.\s]", "", m.group(1)))
    return n if 0 <= n <= MAX_STATED_WORDS else None


def _safe_id(s: str) -> str:
    """An id part safe in file names and CSV cells (word characters, dots, dashes; at most 80)."""
    return re.sub(r"[^\w.-]+", "_", s).strip("_")[:80] or "x"


# ---------------------------------------------------------------- per format
class BadInput(ValueError):
    """An input (file or record) that cannot be read: the message is the reason."""


def _header_lines(lines: list[str]) -> tuple[str, str, str, int]:
    """Title, date line, URL line ("" when blank) and the index where the body starts.

    Blank lines before the title and between title and date are skipped. A
    blank line right after the date is an empty URL, unless the next
    non-blank line is a URL (a header spaced with blank lines); the body is
    never read as the URL.
    """
    filled = [i for i, ln in enumerate(lines) if ln]
    if len(filled) < 3:
        raise BadInput(f"missing header: expected title, date (YYYYMMDD) and URL lines, found {len(filled)} line(s)")
    t, d = filled[0], filled[1]
    if d + 1 < len(lines) and lines[d + 1]:
        return lines[t], lines[d], lines[d + 1], d + 2
    nxt = filled[2]
    if _URL_START.match(lines[nxt]) and url_problem(lines[nxt]) is None:
        return lines[t], lines[d], lines[nxt], nxt + 1
    return lines[t], lines[d], "", d + 1


def parse_house(text: str, source_file: str, article_id: str) -> Article:
    """One article from house-format text (already decoded): header checked, blank lines not paragraphs."""
    lines = [ln.strip() for ln in normalize(text).split("\n")]
    if not any(lines):
        raise BadInput("empty file")
    title, date_s, url, start = _header_lines(lines)
    date = parse_date(date_s) if re.fullmatch(r"[\d\-/.]{8,10}", date_s) else None
    if date is None:
        raise BadInput(f"malformed header: line 2 should be the date as YYYYMMDD, found {date_s[:40]!r}")
    if date_problem(date):
        raise BadInput(f"malformed header: line 2: {date_problem(date)}")
    problem = url_problem(url)
    if problem:
        raise BadInput(f"malformed header: line 3 should be the URL, found {url[:60]!r} ({problem})")
    body = tuple(ln for ln in lines[start:] if ln)
    if not body:
        raise BadInput("no body paragraphs after the header")
    return Article(article_id, title, date, url, outlet_for(url), source_file, body)


def _pick(record: dict, field: str):
    """The record's value for ``field`` under the first of its alternative names that is filled."""
    lower = {str(k).strip().lower(): v for k, v in record.items() if k is not None}
    for name in FIELDS[field]:
        v = lower.get(name)
        if v not in (None, ""):
            return v
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _record_paragraphs(record: dict) -> list[str]:
    """The body paragraphs of a record: a list field as is, a text split on blank lines (else newlines)."""
    raw_text = _pick(record, "text")
    if isinstance(raw_text, list):
        paragraphs = [normalize(str(p)).strip() for p in raw_text]
        return [p for p in paragraphs if p]
    if raw_text is None:
        return []
    body = str(raw_text)
    return split_paragraphs(body, blank_line_only=bool(re.search(r"\n\s*\n", body)))


def _record_date(record: dict, source_file: str, report: Reporter) -> str | None:
    """The record's ISO date, None when it gives none; BadInput when it gives one that is wrong."""
    raw_date = _pick(record, "date")
    date = parse_date(raw_date)
    if raw_date is not None and date is None:
        raise BadInput(f"date {str(raw_date)[:40]!r} does not parse")
    if date_problem(date):
        raise BadInput(date_problem(date))
    if date is None:
        report(f"warning: {source_file}: no date given")
    return date


def parse_record(record, source_file: str, stem: str, report: Reporter = _stderr) -> Article:
    """One article from a JSON object or CSV row; BadInput with the reason when it cannot be one."""
    if not isinstance(record, dict):
        raise BadInput(f"expected an object with title/date/url/text, found {type(record).__name__}")
    paragraphs = _record_paragraphs(record)
    if not paragraphs:
        raise BadInput("no article text (expected a text, body or content field)")
    title = normalize(str(_pick(record, "title") or "")).strip()
    url = str(_pick(record, "url") or "").strip()
    problem = url_problem(url)
    if problem:
        raise BadInput(f"url {url[:60]!r} {problem}")
    date = _record_date(record, source_file, report)
    byline = clean_byline(_pick(record, "byline"))
    words = _record_words(record, source_file, report)
    for what, value in (("title", title), ("url", url), ("byline", byline), ("text", "\n".join(paragraphs))):
        m = _SURROGATE.search(value)
        if m:
            raise BadInput(f"the {what} holds a lone surrogate escape (\\u{ord(m.group()):04x}): a broken "
                           "character, perhaps an emoji cut in half")
    rid = _pick(record, "id")
    if rid is not None:
        article_id = f"{stem}-{_safe_id(str(rid))}"
    else:
        basis = url_key(url) or text_key(paragraphs)
        article_id = f"{stem}-{hashlib.sha1(basis.encode()).hexdigest()[:12]}"
    outlet = outlet_for(url) or normalize(str(_pick(record, "outlet") or "")).strip()
    return Article(article_id, title, date, url, outlet, source_file, tuple(paragraphs), byline, words)


def _record_words(record: dict, source_file: str, report: Reporter) -> int | None:
    """The record's stated word count; None (with a warning) when the field holds something else."""
    raw = _pick(record, "words_stated")
    words = stated_words(raw)
    if raw is not None and words is None:
        report(f"warning: {source_file}: stated length {str(raw)[:40]!r} is not a word count; words_stated left empty")
    return words


def _loads(text: str):
    """``json.loads`` with a readable error for nesting deeper than Python's recursion allows."""
    try:
        return json.loads(text)
    except RecursionError:
        raise BadInput("JSON nested too deeply (more than about 1,000 levels)") from None


def iter_json(text: str, source_file: str, stem: str, report: Reporter = _stderr):
    """Yield Article or Rejection per record of a JSON / JSON-lines file."""
    stripped = text.lstrip()
    if not stripped:
        yield Rejection(source_file, "empty file")
        return
    if stripped[0] == "[" or (stripped[0] == "{" and "\n{" not in stripped.strip()):
        try:
            data = _loads(stripped)
        except BadInput as e:
            yield Rejection(source_file, str(e))
            return
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
            rec = _loads(line)
        except BadInput as e:
            yield Rejection(where, f"line {lineno}: {e}")
            continue
        except json.JSONDecodeError as e:
            yield Rejection(where, f"line {lineno} is not valid JSON: {e.msg} (column {e.colno})")
            continue
        yield _record(rec, where, stem, report)


def _record(rec, where: str, stem: str, report: Reporter):
    """The record as an Article, or a Rejection saying why not (whatever went wrong)."""
    try:
        return parse_record(rec, where, stem, report)
    except BadInput as e:
        return Rejection(where, str(e))
    except Exception as e:  # noqa: BLE001 - one record must never stop the others
        return Rejection(where, f"record could not be read: {type(e).__name__}: {str(e)[:200]}")


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
        yield _record(dict(zip(header, row, strict=True)), where, stem, report)


MIN_HTML_WORDS = 10  # below this, what trafilatura returns is a menu or a caption, not an article
# Dates from the page's metadata and markup only: htmldate's extensive search guesses from the body text.
HTML_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def parse_html(text: str, source_file: str, article_id: str) -> Article:
    """One article from a saved HTML page, extracted by trafilatura; no date unless the page's metadata gives one."""
    import trafilatura

    doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, include_tables=False,
                                      date_extraction_params=HTML_DATE_PARAMS)
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
    if url_problem(url):
        url = ""  # a canonical link that is not a URL is not worth rejecting the page for
    date = parse_date(d.get("date"))
    if date_problem(date):
        raise BadInput(f"the page's {date_problem(date)}")
    outlet = outlet_for(url) or (d.get("sitename") or "")
    byline = clean_byline(d.get("author"))  # meta name=author, article:author, JSON-LD author (trafilatura)
    return Article(article_id, title, date, url, outlet, source_file, tuple(paragraphs), byline)


# ------------------------------------------------------------------ discovery
RUN_STAMP = ".run.json"  # written by the pipeline into every output folder


def discover(paths: Iterable[str | Path], exclude: Iterable[str | Path] = (),
             report: Reporter = _stderr) -> Iterator[Path | Rejection]:
    """Files under ``paths`` (recursive, sorted, hidden files and manifests skipped).

    Folders that cannot be listed are Rejections. ``exclude`` folders and any
    folder holding a pipeline run's stamp (an output folder) are skipped
    with a warning: the pipeline never reads its own tables.
    """
    excluded = {Path(e).resolve() for e in exclude}
    for p in paths:
        p = Path(p)
        if p.is_dir():
            yield from _walk(p, excluded, report)
        elif p.is_file():
            yield p
        else:
            yield Rejection(display_path(p), "no such file or folder")


def _walk(root: Path, excluded: set[Path], report: Reporter) -> Iterator[Path | Rejection]:
    """Every readable article file under ``root`` in sorted order, after the folders that could not be read."""
    files: list[Path] = []
    problems: list[Rejection] = []
    seen: set[str] = set()

    def unreadable(err: OSError) -> None:
        """os.walk's error hook: a folder that cannot be listed becomes a Rejection."""
        problems.append(Rejection(display_path(Path(err.filename or root)),
                                  f"cannot read folder: {err.strerror or err}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable, followlinks=True):
        d = Path(dirpath)
        real = os.path.realpath(d)
        if real in seen:  # a symlink loop
            dirnames[:] = []
            continue
        seen.add(real)
        if d.resolve() in excluded or (d != root and (d / RUN_STAMP).exists()):
            report(f"warning: {display_path(d)}: skipped, it is an output folder of the pipeline")
            dirnames[:] = []
            continue
        dirnames[:] = [n for n in dirnames if not n.startswith(".")]
        files += [d / f for f in filenames if not f.startswith(".") and not SKIP_NAMES.match(f)
                  and (d / f).is_file()]
    yield from problems
    yield from sorted(files)


def display_path(path: Path) -> str:
    """A path as shown in tables: relative to the project when inside it, so outputs do not depend on the cwd."""
    try:
        return path.resolve().relative_to(config.ROOT.resolve()).as_posix()
    except ValueError:
        return str(path)


def read_file(path: Path, report: Reporter = _stderr, article_id: str | None = None) -> Iterator[Article | Rejection]:
    """Articles (or rejections) from one file, whatever its format; never raises for a bad file.

    Any error while reading the file becomes a Rejection of the file (or of
    the rest of it, after the records already read).
    """
    name = display_path(path)
    n = 0
    try:
        for got in _read_file(path, name, article_id or path.stem, report):
            n += 1
            yield got
    except Exception as e:  # noqa: BLE001 - one input must never stop the run
        rest = " (the records after the last one read were skipped)" if n else ""
        yield Rejection(name, f"could not be read: {type(e).__name__}: {str(e)[:200]}{rest}")


def _read_file(path: Path, name: str, stem: str, report: Reporter) -> Iterator[Article | Rejection]:
    """The format dispatch behind :func:`read_file`: bytes, decoding, then house/JSON/CSV/HTML."""
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


def iter_corpus(paths: Iterable[str | Path], report: Reporter = _stderr,
                exclude: Iterable[str | Path] = ()) -> Iterator[Article | Rejection]:
    """Stream every article (deduplicated) and every rejection under ``paths`` (``exclude`` folders skipped).

    Duplicates (the same URL, or the same words) are kept once: the first seen
    in sorted path order stays, later ones are yielded as Rejections naming the
    article they repeat. Ids are unique: a repeated file stem gets a suffix.
    """
    by_url: dict[str, str] = {}
    by_text: dict[str, str] = {}
    ids: set[str] = set()
    for item in discover(paths, exclude, report):
        for got in [item] if isinstance(item, Rejection) else read_file(item, report):
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
                got = dataclasses.replace(got, article_id=new_id)
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
        if isinstance(x, Rejection):
            rej.append(x)
        else:
            arts.append(x)
    return arts, rej

