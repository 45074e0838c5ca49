"""News-archive exports: one file, many articles (Nexis Uni, LexisNexis, Factiva).

Researchers download coverage from news archives in batches; each export
file holds dozens of articles with the archive's own header lines. This
module recognises the formats, splits a file into articles and reads each
article's title, outlet, date, byline, stated length and body:

- **Nexis Uni DOCX** (and the same layout saved as text): an optional cover
  page (``User Name:``, ``Job Number:``, ``Documents (N)``, the numbered list
  of titles with ``Client/Matter:``/``Search Terms:`` lines), then per article:
  title, publication, date line ("January 10, 2022 Monday 9:15 PM GMT"),
  ``Copyright`` line, fields such as ``Section:``, ``Length: N words``,
  ``Byline:``, ``Dateline:``, then ``Body``, the paragraphs, optional
  ``Classification``/``Graphic``/``Notes`` sections and ``Load-Date:``, and
  ``End of Document``.
- **LexisNexis TXT** (the classic export): articles announced by
  ``N of M DOCUMENTS``, then publication, date line, the title (one or more
  lines), upper-case fields (``BYLINE:``, ``SECTION:``, ``LENGTH: N words``,
  ``DATELINE:``), the body in blank-line separated paragraphs, and trailing
  fields from ``LOAD-DATE:`` on (``LANGUAGE:``, ``PUBLICATION-TYPE:``, the
  copyright notice).
- **Factiva RTF or HTML** (article format): per article an optional section line,
  the headline, an optional byline ("By ..."), ``N words``, the date
  ("10 January 2022"), an optional time, the source name, the source code,
  the language, an optional copyright line, the paragraphs, and
  ``Document <accession number>``. RTF is turned into text by striprtf; an
  HTML export (``<div class="article ...">`` blocks, paragraphs of class
  ``articleParagraph``) into one line per block element by lxml.

- **Factiva field-coded** (the plain-text, RTF or HTML export "with indexing"):
  every field is introduced by a two- or three-letter upper-case code alone
  on its line (or followed by a tab, two spaces or a table-cell ``|``):
  ``HD`` headline, ``BY`` byline, ``WC`` "N words", ``PD`` date, ``ET`` time,
  ``SN`` source name, ``SC`` source code, ``LA`` language, ``CY`` copyright,
  ``LP`` lead paragraphs, ``TD`` the rest of the text, indexing codes (``CO``,
  ``IN``, ``NS``, ``RE``, ``IPC``, ``PUB``, ...) and ``AN`` "Document
  <accession number>", which ends the article. The body is ``LP`` then ``TD``.

An article that cannot be read (no body, no date, no title, no length line
where the format requires one) becomes a :class:`~analysis.corpus.Rejection`
naming the file and the article's place in it (``file#3``) and why; the
other articles of the file are kept. ``article_id`` is ``<file stem>-<n>``
(``n`` the 1-based place in the file, three digits), stable across reruns.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .corpus import Article, BadInput, Rejection, clean_byline, parse_date
from .text import normalize

ARCHIVE_EXT = {".docx", ".rtf"}

# ------------------------------------------------------------------ records


@dataclass(frozen=True)
class Entry:
    """One article as the export gives it (before it becomes an Article)."""

    n: int                 # 1-based place in the file
    title: str
    outlet: str
    date: str | None       # ISO date
    byline: str
    words: int | None      # the length the export states ("Length: 612 words")
    body: tuple[str, ...]
    language: str = ""     # the export's language field, when it has one ("ENGLISH")


class BrokenArticle(BadInput):
    def __init__(self, n: int, reason: str):
        super().__init__(reason)
        self.n = n


_LENGTH = re.compile(r"^\s*(?:length:\s*)?([\d,.]+)\s+words\s*$", re.I)
_DATE_IN_LINE = re.compile(
    r"((?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}"
    r"|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2})", re.I)


def date_in(line: str) -> str | None:
    """The ISO date in an archive's date line ("January 10, 2022 Monday 9:15 PM GMT", "10 January 2022")."""
    m = _DATE_IN_LINE.search(line or "")
    return parse_date(m.group(1)) if m else None


def _words(s: str) -> int | None:
    m = _LENGTH.match(s)
    if not m:
        return None
    try:
        return int(m.group(1).replace(",", "").replace(".", ""))
    except ValueError:
        return None


# ------------------------------------------------------------------ sniffing
_LN_DOCS = re.compile(r"^\s*\d+\s+of\s+\d+\s+DOCUMENTS?\s*$", re.M)
_END_DOC = re.compile(r"^\s*End of Document\s*$", re.M | re.I)
_FACTIVA_DOC = re.compile(r"^\s*Document\s+[A-Za-z0-9]{10,}\s*$", re.M)


def sniff_text(text: str) -> str | None:
    """The archive format of a text (``"lexisnexis"``, ``"nexis_uni"``, ``"factiva_fields"``, ``"factiva"``), None for others."""
    if _LN_DOCS.search(text[:5000]):
        return "lexisnexis"
    if _END_DOC.search(text) and re.search(r"^\s*Body\s*$", text, re.M):
        return "nexis_uni"
    if is_field_coded(text):
        return "factiva_fields"
    if _FACTIVA_DOC.search(text) and re.search(r"^\s*[\d,]+ words\s*$", text, re.M):
        return "factiva"
    return None


def is_archive(path: Path, data: bytes) -> bool:
    """True when ``path`` is an archive export this module reads (by extension, or by content for .txt)."""
    ext = path.suffix.lower()
    if ext in ARCHIVE_EXT:
        return True
    if ext in {".html", ".htm"}:  # article format (articleParagraph) or field codes in table cells (<td>HD</td>)
        marked = b"articleParagraph" in data or re.search(rb">\s*HD\s*<", data) is not None
        return marked and re.search(rb">\s*Document\s+[A-Za-z0-9]{10,}\s*<", data) is not None
    if ext in {".txt", ".text", ""}:
        if b"DOCUMENT" not in data and b"Document" not in data and b"\nAN" not in data:
            # every export format has one (Factiva's field codes: an AN line): skip the rest fast
            return False
        head = data[:200_000].decode("utf-8", "ignore")
        return sniff_text(head) is not None
    return False


# ------------------------------------------------------------------ Nexis Uni
_NEXIS_FIELD = re.compile(r"^(Section|Length|Byline|Dateline|Highlight|Edition|Version|Correction|Type|"
                          r"Load-Date|Language|Publication-Type|Journal Code|Source|Subject|Geographic|"
                          r"Graphic|Notes|Company|Person|Organization|Industry|Ticker|Series)\s*:\s*(.*)$", re.I)
_NEXIS_END = re.compile(r"^(Classification|Graphic|Notes|Load-Date:|Language:|Publication-Type:|"
                        r"Subject:|Geographic:|Correction)", re.I)
_COVER = re.compile(r"^(User Name:|Date and Time:|Job Number:|Documents \(\d+\)|Client/Matter:|Search Terms:|"
                    r"Search Type:|Narrowed by:|Content Type|Sort by|\d+\.\s)", re.I)


def _strip_cover(lines: list[str]) -> list[str]:
    if not any(re.match(r"^(Job Number:|Documents \(\d+\)|User Name:)", ln, re.I) for ln in lines[:40]):
        return lines
    last = max(i for i, ln in enumerate(lines) if _COVER.match(ln))
    return lines[last + 1:]


def split_nexis_uni(lines: list[str]) -> Iterator[Entry | BrokenArticle]:
    """Entries of a Nexis Uni export given as its paragraphs (DOCX) or lines (text), in order."""
    lines = [normalize(ln).strip() for ln in lines]
    docs: list[list[str]] = [[]]
    for ln in lines:
        if _END_DOC.match(ln):
            docs.append([])
        else:
            docs[-1].append(ln)
    if docs and not any(docs[-1]):
        docs.pop()
    if docs:
        docs[0] = _strip_cover(docs[0])
    for n, doc in enumerate(docs, 1):
        doc = [ln for ln in doc if ln]
        try:
            yield _nexis_entry(n, doc)
        except BrokenArticle as e:
            yield e


def _nexis_entry(n: int, doc: list[str]) -> Entry:
    if not doc:
        raise BrokenArticle(n, "empty document between two 'End of Document' lines")
    try:
        b = next(i for i, ln in enumerate(doc) if ln.lower() == "body")
    except StopIteration:
        raise BrokenArticle(n, "no 'Body' line: the article text cannot be told from its header") from None
    header, rest = doc[:b], doc[b + 1:]
    body: list[str] = []
    for ln in rest:
        if _NEXIS_END.match(ln):
            break
        body.append(ln)
    fields: dict[str, str] = {}
    plain: list[str] = []
    for ln in header:
        m = _NEXIS_FIELD.match(ln)
        if m:
            fields.setdefault(m.group(1).lower(), m.group(2).strip())
        elif not ln.lower().startswith(("copyright", "©")):
            plain.append(ln)
    for ln in rest:
        m = re.match(r"^(Language|Load-Date)\s*:\s*(.*)$", ln, re.I)
        if m:
            fields.setdefault(m.group(1).lower(), m.group(2).strip())
    date_i = next((i for i, ln in enumerate(plain) if date_in(ln)), None)
    if date_i is None:
        raise BrokenArticle(n, "no publication date in the header (expected a line such as 'January 10, 2022')")
    title = plain[0] if date_i >= 2 else ""
    outlet = plain[date_i - 1] if date_i >= 1 else ""
    if not title:
        raise BrokenArticle(n, "no title and publication before the date line")
    if not body:
        raise BrokenArticle(n, "no article text after 'Body'")
    words = _words(fields["length"] + " words" if "length" in fields and "word" not in fields["length"].lower()
                   else fields.get("length", ""))
    return Entry(n, title, outlet, date_in(plain[date_i]), fields.get("byline", ""), words, tuple(body),
                 fields.get("language", ""))


def docx_paragraphs(data: bytes) -> list[str]:
    """The paragraphs of a DOCX file, in order (python-docx), a page break counting as a paragraph break."""
    import io

    import docx  # python-docx

    doc = docx.Document(io.BytesIO(data))
    return [p.text for p in doc.paragraphs]


# ------------------------------------------------------------------ LexisNexis TXT
_LN_FIELD = re.compile(r"^([A-Z][A-Z-]+(?: [A-Z]+)?):\s*(.*)$")
_LN_HEAD = {"BYLINE", "SECTION", "LENGTH", "DATELINE", "HIGHLIGHT", "HEADLINE", "EDITION", "SOURCE", "TYPE",
            "ABSTRACT", "SERIES", "COLUMN", "DISTRIBUTION", "BODY"}
_LN_TAIL = {"LOAD-DATE", "LANGUAGE", "PUBLICATION-TYPE", "GRAPHIC", "NOTES", "CORRECTION-DATE", "CORRECTION",
            "URL", "SUBJECT", "JOURNAL-CODE", "DOCUMENT-TYPE"}


def split_lexisnexis(text: str) -> Iterator[Entry | BrokenArticle]:
    """Entries of a classic LexisNexis text export ("1 of 50 DOCUMENTS" ...), in order."""
    text = normalize(text)
    starts = [m.end() for m in _LN_DOCS.finditer(text)]
    ends = [m.start() for m in _LN_DOCS.finditer(text)][1:] + [len(text)]
    for n, (s, e) in enumerate(zip(starts, ends, strict=True), 1):
        try:
            yield _ln_entry(n, text[s:e])
        except BrokenArticle as err:
            yield err


def _ln_entry(n: int, block: str) -> Entry:
    lines = [ln.strip() for ln in block.split("\n")]
    # blocks of non-empty lines separated by blank lines
    chunks: list[list[str]] = []
    cur: list[str] = []
    for ln in lines:
        if ln:
            cur.append(ln)
        elif cur:
            chunks.append(cur)
            cur = []
    if cur:
        chunks.append(cur)
    if len(chunks) < 3:
        raise BrokenArticle(n, "too short: expected publication, date, title, fields and text")
    outlet = " ".join(chunks[0])
    date = date_in(" ".join(chunks[1]))
    if date is None:
        raise BrokenArticle(n, f"no publication date on the line after the publication ({' '.join(chunks[1])[:50]!r})")
    fields: dict[str, str] = {}
    title_parts: list[str] = []
    body: list[str] = []
    state = "title"
    for chunk in chunks[2:]:
        joined = " ".join(chunk)
        m = _LN_FIELD.match(joined)
        if m and m.group(1) in _LN_TAIL:
            fields.setdefault(m.group(1), m.group(2).strip())
            state = "tail"
            continue
        if state == "tail":
            continue  # copyright notice and trailing fields
        if m and m.group(1) in _LN_HEAD and state in ("title", "fields"):
            fields.setdefault(m.group(1), m.group(2).strip())
            state = "fields"
            continue
        if state == "title":
            title_parts.append(joined)
        else:
            state = "body"
            body.append(joined)
    if not title_parts:
        raise BrokenArticle(n, "no title between the date line and the fields")
    if "LENGTH" not in fields:
        raise BrokenArticle(n, "no LENGTH field: the text cannot be told from the header")
    if not body:
        raise BrokenArticle(n, "no article text after the LENGTH field")
    return Entry(n, " ".join(title_parts), outlet, date, fields.get("BYLINE", ""),
                 _words(fields["LENGTH"]), tuple(body), fields.get("LANGUAGE", ""))


# ------------------------------------------------------------------ Factiva RTF
_TIME = re.compile(r"^\d{1,2}:\d{2}(?:\s*(?:GMT|UTC|ET|EST|EDT|CET|[AP]M))*$", re.I)
_SOURCE_CODE = re.compile(r"^[A-Z0-9]{2,10}$")
_LANGS = {"english", "german", "french", "russian", "ukrainian", "spanish", "italian", "polish", "dutch",
          "portuguese", "chinese", "japanese", "arabic", "turkish", "swedish", "czech", "romanian"}


def rtf_text(data: bytes) -> str:
    """The text of an RTF file (striprtf), one paragraph a line."""
    from striprtf.striprtf import rtf_to_text

    raw = data.decode("latin-1")  # RTF is 7-bit with \\'xx and \\u escapes; latin-1 never fails
    return rtf_to_text(raw, errors="ignore")


_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "li", "tr", "br", "td", "table"}


def html_lines(data: bytes) -> str:
    """The text of an HTML export, one line per block element (lxml), scripts and styles dropped."""
    import lxml.html

    root = lxml.html.fromstring(data)
    for bad in root.xpath("//script|//style|//head"):
        bad.drop_tree()
    out: list[str] = []
    cur: list[str] = []

    def walk(el):
        block = isinstance(el.tag, str) and el.tag.lower() in _BLOCKS
        if block and cur:
            out.append("".join(cur))
            cur.clear()
        if el.text:
            cur.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                cur.append(child.tail)
        if block and cur:
            out.append("".join(cur))
            cur.clear()

    walk(root)
    if cur:
        out.append("".join(cur))
    return "\n".join(" ".join(ln.split()) for ln in out)


def split_factiva(text: str) -> Iterator[Entry | BrokenArticle]:
    """Entries of a Factiva export in article format (text of the RTF), in order."""
    lines = [normalize(ln).strip() for ln in text.split("\n")]
    docs: list[list[str]] = [[]]
    for ln in lines:
        if _FACTIVA_DOC.match(ln):
            docs.append([])
        elif ln:
            docs[-1].append(ln)
    if docs and not docs[-1]:
        docs.pop()
    for n, doc in enumerate(docs, 1):
        try:
            yield _factiva_entry(n, doc)
        except BrokenArticle as e:
            yield e


def _factiva_entry(n: int, doc: list[str]) -> Entry:
    w = next((i for i, ln in enumerate(doc[:12]) if _words(ln) is not None), None)
    if w is None:
        raise BrokenArticle(n, "no 'N words' line among the first lines: the header cannot be read")
    pre = doc[:w]
    byline = ""
    if pre and re.match(r"^(by|from)\s", pre[-1], re.I):
        byline = re.sub(r"^by\s+", "", pre.pop(), flags=re.I)
    if not pre:
        raise BrokenArticle(n, "no headline before the word count")
    title = pre[-1]
    i = w + 1
    date = date_in(doc[i]) if i < len(doc) else None
    if date is None:
        raise BrokenArticle(n, "no date on the line after the word count (expected e.g. '10 January 2022')")
    i += 1
    if i < len(doc) and _TIME.match(doc[i]):
        i += 1
    outlet = doc[i] if i < len(doc) else ""
    i += 1
    if i < len(doc) and _SOURCE_CODE.match(doc[i]):
        i += 1
    language = ""
    if i < len(doc) and doc[i].lower() in _LANGS:
        language = doc[i]
        i += 1
    if i < len(doc) and re.match(r"^(copyright|\(c\)|©)", doc[i], re.I):
        i += 1
    body = tuple(doc[i:])
    if not body:
        raise BrokenArticle(n, "no article text after the header")
    return Entry(n, title, outlet, date, byline, _words(doc[w]), body, language)


# ------------------------------------------------------------------ Factiva field-coded
# Factiva's field codes (header, text, indexing). A line that is one of these, alone or followed by a tab, two
# spaces or a table-cell bar (RTF tables come out of striprtf as "HD|value|"), starts that field.
_FC_CODES = ("HD", "BY", "CR", "WC", "PD", "ET", "SN", "SC", "ED", "PG", "VOL", "LA", "CY", "LP", "TD", "CT",
             "RF", "ART", "CO", "IN", "NS", "RE", "IPC", "IPD", "PUB", "AN", "SE", "CLM", "NGC", "HLP", "RST")
_FC_LINE = re.compile(r"^\s*(" + "|".join(_FC_CODES) + r")(?:\s*$|\s*\|\s*|\t\s*| {2,})(.*)$")
# AN and its accession number, on one line or (code alone on its line) on the next
_FC_AN = re.compile(r"^[ \t]*AN(?:[ \t]*\|[ \t]*|[ \t]*\n[ \t]*|[ \t]+)(?:Document\s+)?[A-Za-z0-9]{10,}\|?[ \t]*$", re.M)


def is_field_coded(text: str) -> bool:
    """True for a Factiva export in field-coded form: an ``HD`` line and an ``AN`` line with an accession number."""
    if not re.search(r"^[ \t]*HD(?:[ \t]*$|[ \t]*\||\t| {2,})", text, re.M):
        return False
    return _FC_AN.search(text) is not None


def _fc_fields(lines: list[str]) -> Iterator[tuple[str, list[str]]]:
    """(code, value lines) in order; lines before the first code are dropped (the export's cover)."""
    code: str | None = None
    value: list[str] = []
    for ln in lines:
        m = _FC_LINE.match(ln)
        if m:
            if code is not None:
                yield code, value
            code, value = m.group(1), [m.group(2)] if m.group(2).strip() else []
        elif code is not None:
            value.append(ln)
    if code is not None:
        yield code, value


def split_factiva_fields(text: str) -> Iterator[Entry | BrokenArticle]:
    """Entries of a field-coded Factiva export, one per ``AN`` (an ``HD`` after an ``HD`` also starts one)."""
    lines = [normalize(ln).rstrip() for ln in text.split("\n")]
    docs: list[list[tuple[str, list[str]]]] = [[]]
    for code, value in _fc_fields(lines):
        if code == "HD" and any(c == "HD" for c, _ in docs[-1]):
            docs.append([])  # a new headline before the last article's AN: that article had no AN line
        docs[-1].append((code, value))
        if code == "AN":
            docs.append([])
    if docs and not docs[-1]:
        docs.pop()
    # Paragraphs are separated by blank lines when the export has any inside its text fields (lines are then
    # wrapped), else every line is one (the RTF export: one paragraph a line)
    blank = any(code in ("LP", "TD") and "" in [ln.strip() for ln in _inner(value)]
                for doc in docs for code, value in doc)
    for n, doc in enumerate(docs, 1):
        try:
            yield _fc_entry(n, doc, blank)
        except BrokenArticle as e:
            yield e


def _inner(value: list[str]) -> list[str]:
    """A field's lines without the blank lines around them."""
    lines = list(value)
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def _fc_value(value: list[str]) -> str:
    """A header field's value as one line (table bars and spacing removed)."""
    return " ".join(" ".join(ln.strip().strip("|") for ln in value).split())


def _fc_paragraphs(value: list[str], blank: bool) -> list[str]:
    """The paragraphs of an LP or TD field: split on blank lines (``blank``), else one a line."""
    from .text import split_paragraphs

    body = "\n".join(ln.strip().strip("|") for ln in value)
    return split_paragraphs(body, blank_line_only=blank)


def _fc_entry(n: int, doc: list[tuple[str, list[str]]], blank: bool) -> Entry:
    fields: dict[str, str] = {}
    body: list[str] = []
    for code, value in doc:
        if code in ("LP", "TD"):
            body += _fc_paragraphs(value, blank)
        else:
            fields.setdefault(code, _fc_value(value))
    if not fields.get("HD"):
        raise BrokenArticle(n, "no HD (headline) field")
    if not fields.get("PD"):
        raise BrokenArticle(n, "no PD (publication date) field")
    date = date_in(fields["PD"])
    if date is None:
        raise BrokenArticle(n, f"the PD field holds no date ({fields['PD'][:40]!r}; expected e.g. '10 January 2022')")
    if not body:
        raise BrokenArticle(n, "no article text: the LP and TD fields are missing or empty")
    return Entry(n, fields["HD"], fields.get("SN", ""), date, clean_byline(fields.get("BY", "")),
                 _words(fields.get("WC", "")), tuple(body), fields.get("LA", ""))


# ------------------------------------------------------------------ reading
FORMAT_NAMES = {"nexis_uni": "Nexis Uni", "lexisnexis": "LexisNexis", "factiva": "Factiva",
                "factiva_fields": "Factiva (field-coded)"}


def split_file(path: Path, data: bytes | None = None) -> tuple[str, list[Entry | BrokenArticle]]:
    """(format, entries) of an archive export. Raises BadInput when the file is no export we read."""
    data = path.read_bytes() if data is None else data
    ext = path.suffix.lower()
    if ext == ".docx":
        try:
            paras = docx_paragraphs(data)
        except Exception as e:  # not a zip, not a Word document
            raise BadInput(f"DOCX could not be opened: {type(e).__name__}: {e}") from None
        text = "\n".join(paras)
        fmt = sniff_text(text)
        if fmt != "nexis_uni":
            raise BadInput("DOCX is not a Nexis Uni export (no 'Body' and 'End of Document' lines)")
        return fmt, list(split_nexis_uni(paras))
    if ext == ".rtf" or data.lstrip().startswith(b"{\\rtf"):
        text = rtf_text(data)
    elif ext in {".html", ".htm"}:
        text = html_lines(data)
    else:
        from .corpus import decode

        try:
            text = decode(data, str(path), lambda m: None)
        except ValueError as e:
            raise BadInput(str(e)) from None
    fmt = sniff_text(text)
    if fmt == "lexisnexis":
        return fmt, list(split_lexisnexis(text))
    if fmt == "nexis_uni":
        return fmt, list(split_nexis_uni(text.split("\n")))
    if fmt == "factiva":
        return fmt, list(split_factiva(text))
    if fmt == "factiva_fields":
        return fmt, list(split_factiva_fields(text))
    raise BadInput("not a news-archive export this tool reads (Nexis Uni DOCX/text, LexisNexis text, "
                   "Factiva RTF or HTML in article format, Factiva text, RTF or HTML with field codes)")


def read_archive(path: Path, name: str, stem: str, data: bytes | None = None) -> Iterator[Article | Rejection]:
    """Articles (and rejections, one per broken article) of one archive export."""
    try:
        fmt, entries = split_file(path, data)
    except BadInput as e:
        yield Rejection(name, str(e))
        return
    label = FORMAT_NAMES[fmt]
    total = len(entries)
    if not total:
        yield Rejection(name, f"{label} export with no articles")
        return
    for entry in entries:
        where = f"{name}#{entry.n}"
        if isinstance(entry, BrokenArticle):
            yield Rejection(where, f"{label} article {entry.n} of {total}: {entry}")
            continue
        yield Article(f"{stem}-{entry.n:03d}", entry.title, entry.date, "", entry.outlet, where, entry.body,
                      clean_byline(entry.byline), entry.words)
