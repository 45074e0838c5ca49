"""Archive-export fixtures, built from code: Nexis Uni DOCX, LexisNexis TXT, Factiva RTF.

Every article, outlet and name here is invented for these tests; only the
layout follows each archive's documented export structure. Each file holds
three readable articles and one broken one (the third), which must land in
rejected.csv while the others are kept.
"""
from __future__ import annotations

from pathlib import Path

# (title, outlet, date line per format, byline, paragraphs)
STORIES = [
    ("Envoys end first day of security talks without a breakthrough", "The Northern Ledger",
     ("January 10, 2022", "10 January 2022"), "Mara Quillon",
     ["Senior envoys from the alliance and from Moscow spent seven hours in a lakeside villa on Monday "
      "and left without agreeing on a date for the next round.",
      "\u201cWe listened carefully and we were heard,\u201d said Ilse Brandvold, the alliance's lead negotiator, "
      "after the session ended.",
      "Officials on both sides described the tone as businesslike, though neither would discuss the "
      "written proposals in detail."]),
    ("Border villages brace as drills continue for a third week", "Baltic Evening Post",
     ("January 12, 2022", "12 January 2022"), "Tomas Reinholt",
     ["Farmers in the border district said convoys had passed their fields every night since the "
      "start of the month.",
      "The regional governor, Anatol Vesk, told reporters that shelters had been inspected and that "
      "schools would stay open.",
      "Military observers counted dozens of trucks moving toward the training grounds on Tuesday."]),
    ("Ministers weigh new export curbs ahead of Brussels meeting", "Harbour City Courier",
     ("January 14, 2022", "14 January 2022"), "",
     ["Trade ministers will discuss a list of technology goods that could be barred from export if "
      "talks collapse, two officials said.",
      "\u201cNothing is decided until everything is decided,\u201d one diplomat said, asking not to be named.",
      "The list has been drafted over several weeks and covers semiconductors and aircraft parts."]),
]
BROKEN_TITLE = "Untitled wire item with no text"


def _nexis_lines() -> list[str]:
    lines = ["User Name: = Research Account", "Date and Time: = 2022-01-20 09:12", "Job Number: = 104417",
             "Documents (4)"]
    for i, s in enumerate(STORIES[:2] + [(BROKEN_TITLE,)] + STORIES[2:], 1):
        lines += [f"{i}. {s[0]}", "Client/Matter: -None-", "Search Terms: security talks",
                  "Search Type: Terms and Connectors"]
    docs = []
    for _k, (title, outlet, dates, byline, paras) in enumerate(STORIES):
        doc = [title, outlet, f"{dates[0]} Monday 9:15 PM GMT",
               f"Copyright 2022 {outlet} All Rights Reserved", "Section: WORLD; Version:1",
               f"Length: {sum(len(p.split()) for p in paras)} words"]
        if byline:
            doc.append(f"Byline: {byline}")
        doc += ["Body", *paras, "Classification", "Language: ENGLISH", "Publication-Type: Newspaper",
                "Load-Date: January 21, 2022", "End of Document"]
        docs.append(doc)
    # the broken one: a header and no 'Body' line
    broken = [BROKEN_TITLE, "The Northern Ledger", "January 13, 2022 Thursday", "Length: 40 words",
              "Load-Date: January 21, 2022", "End of Document"]
    docs.insert(2, broken)
    for d in docs:
        lines += d
    return lines


def write_nexis_docx(path: Path) -> Path:
    import docx
    from docx.enum.text import WD_BREAK

    d = docx.Document()
    for ln in _nexis_lines():
        p = d.add_paragraph(ln)
        if ln == "End of Document":
            p.add_run().add_break(WD_BREAK.PAGE)
    d.save(str(path))
    return path


def write_lexisnexis_txt(path: Path) -> Path:
    blocks = []
    items = STORIES[:2] + [None] + STORIES[2:]
    for i, s in enumerate(items, 1):
        head = f"{' ' * 30}{i} of {len(items)} DOCUMENTS\n\n"
        if s is None:  # broken: the date line is missing, the title sits where the date belongs
            blocks.append(head + f"{' ' * 28}Harbour City Courier\n\n{BROKEN_TITLE}\n\n"
                          "LENGTH: 40 words\n\nSome text.\n\nLOAD-DATE: January 21, 2022\n")
            continue
        title, outlet, dates, byline, paras = s
        body = "\n\n".join(_wrap(p) for p in paras)
        blocks.append(
            head + f"{' ' * 28}{outlet}\n\n{' ' * 22}{dates[0]} Monday\n\n{title}\n\n"
            + (f"BYLINE: {byline}\n\n" if byline else "")
            + f"SECTION: WORLD NEWS; Pg. 4\n\nLENGTH: {sum(len(p.split()) for p in paras)} words\n\n"
            + "DATELINE: GENEVA\n\n" + body
            + "\n\nLOAD-DATE: January 21, 2022\n\nLANGUAGE: ENGLISH\n\nPUBLICATION-TYPE: Newspaper\n\n"
            + f"{' ' * 20}Copyright 2022 {outlet}\n{' ' * 30}All Rights Reserved\n\n\n")
    path.write_text("".join(blocks), encoding="utf-8", newline="\r\n")
    return path


def _wrap(p: str, width: int = 70) -> str:
    out, line = [], ""
    for w in p.split():
        if line and len(line) + 1 + len(w) > width:
            out.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    return "\n".join(out + [line])


def _rtf_escape(s: str) -> str:
    out = []
    for ch in s:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ord(ch) > 127:
            out.append(f"\\u{ord(ch) if ord(ch) < 32768 else ord(ch) - 65536}?")
        else:
            out.append(ch)
    return "".join(out)


def write_factiva_rtf(path: Path) -> Path:
    parts = [r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\froman Times New Roman;}}\f0\fs20 "]

    def par(s: str, bold: bool = False):
        parts.append((r"\pard\b " if bold else r"\pard ") + _rtf_escape(s) + (r"\b0\par" if bold else r"\par") + "\n")

    codes = ["NLDG", "BLTEP", "HCCR"]
    items = STORIES[:2] + [None] + STORIES[2:]
    for i, s in enumerate(items, 1):
        if s is None:  # broken: no word count line, the header cannot be read
            par("World", False)
            par(BROKEN_TITLE, True)
            par("13 January 2022")
            par("Harbour City Courier")
            par("Some text.")
            par("Document HCCR000020220113ei1d00001")
            continue
        title, outlet, dates, byline, paras = s
        code = codes[STORIES.index(s)]
        par("World News")
        par(title, True)
        if byline:
            par(f"By {byline}")
        par(f"{sum(len(p.split()) for p in paras)} words")
        par(dates[1])
        par("21:15 GMT")
        par(outlet)
        par(code)
        par("English")
        par(f"(c) 2022 {outlet}. All rights reserved.")
        for p in paras:
            par(p)
        par(f"Document {code}000020220110ei1a0000{i}")
    parts.append("}")
    path.write_bytes("".join(parts).encode("ascii"))
    return path


def write_factiva_html(path: Path) -> Path:
    """Factiva's HTML export in article format: one <div class="article"> per article."""
    import html

    codes = ["NLDG", "BLTEP", "HCCR"]
    out = ["<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Factiva</title>"
           "<style>.enHeadline{font-weight:bold}</style></head><body>"]
    items = STORIES[:2] + [None] + STORIES[2:]
    for i, s in enumerate(items, 1):
        if s is None:  # broken: no word count
            out.append(f"<div class=\"article enArticle\"><div id=\"hd\"><span class=\"enHeadline\">"
                       f"{html.escape(BROKEN_TITLE)}</span></div><div>13 January 2022</div>"
                       f"<div>Harbour City Courier</div><p class=\"articleParagraph enarticleParagraph\">Some text.</p>"
                       f"<div>Document HCCR000020220113ei1d00001</div></div>")
            continue
        title, outlet, dates, byline, paras = s
        code = codes[STORIES.index(s)]
        body = "".join(f"<p class=\"articleParagraph enarticleParagraph\">{html.escape(p)}</p>" for p in paras)
        out.append(
            f"<div class=\"article enArticle\"><div id=\"hd\"><span class=\"enHeadline\">{html.escape(title)}"
            f"</span></div>" + (f"<div class=\"author\">By {html.escape(byline)}</div>" if byline else "")
            + f"<div>{sum(len(p.split()) for p in paras)} words</div><div>{dates[1]}</div><div>{outlet}</div>"
            f"<div>{code}</div><div>English</div><div>Copyright 2022 {outlet}.</div>{body}"
            f"<div>Document {code}000020220110ei1a0000{i}</div></div>")
    out.append("</body></html>")
    path.write_text("".join(out), encoding="utf-8")
    return path


# Factiva field-coded exports ("full article/report plus indexing"): each field opens with its code.
_FC_CODES = ["NLDG", "BLTEP", "HCCR"]


def _factiva_fields(s, i: int) -> list[tuple[str, list[str]]]:
    """(code, paragraphs) of one story; lead paragraphs in LP, the rest in TD, indexing after them."""
    title, outlet, dates, byline, paras = s
    code = _FC_CODES[STORIES.index(s)]
    fields = [("SE", ["World"]), ("HD", [title])]
    if byline:
        fields.append(("BY", [f"By {byline}"]))
    fields += [("WC", [f"{sum(len(p.split()) for p in paras)} words"]), ("PD", [dates[1]]), ("ET", ["21:15 GMT"]),
               ("SN", [outlet]), ("SC", [code]), ("LA", ["English"]),
               ("CY", [f"(c) 2022 {outlet}. All rights reserved."]), ("LP", paras[:2]), ("TD", paras[2:]),
               ("NS", ["gdip : International Relations | gcat : Political/General News"]),
               ("RE", ["eurz : Europe"]), ("IPD", ["Security talks"]), ("PUB", [f"{outlet} Media Group"]),
               ("AN", [f"Document {code}000020220110ei1a0000{i}"])]
    return fields


def _factiva_fields_broken(text_missing: bool) -> list[tuple[str, list[str]]]:
    """The broken third article: no LP/TD text (text_missing) or a PD field that holds no date."""
    fields = [("HD", [BROKEN_TITLE]), ("WC", ["40 words"]),
              ("PD", ["13 January 2022" if text_missing else "Thursday"]), ("SN", ["Harbour City Courier"])]
    if not text_missing:
        fields.append(("LP", ["Some text."]))
    return fields + [("AN", ["Document HCCR000020220113ei1d00001"])]


def write_factiva_fields_txt(path: Path) -> Path:
    """The plain-text export: each code alone on its line, paragraphs wrapped and separated by blank lines."""
    out = ["Factiva", "", "Search results: 4 documents", ""]
    items = STORIES[:2] + [None] + STORIES[2:]
    for i, s in enumerate(items, 1):
        fields = _factiva_fields_broken(text_missing=True) if s is None else _factiva_fields(s, i)
        for code, paras in fields:
            out.append(code)
            out.append("\n\n".join(_wrap(p) for p in paras))
        out += ["", ""]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def write_factiva_fields_rtf(path: Path) -> Path:
    """The RTF export: one two-cell table row per field (code, value), paragraphs of a value as \\par."""
    parts = [r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\froman Times New Roman;}}\f0\fs20 "]
    items = STORIES[:2] + [None] + STORIES[2:]
    for i, s in enumerate(items, 1):
        fields = _factiva_fields_broken(text_missing=False) if s is None else _factiva_fields(s, i)
        for code, paras in fields:
            value = r"\par ".join(_rtf_escape(p) for p in paras)
            parts.append(r"\trowd\cellx1200\cellx9000 \pard\intbl\b " + code + r"\b0\cell \pard\intbl "
                         + value + r"\cell\row" + "\n")
        parts.append(r"\pard\par\page" + "\n")
    parts.append("}")
    path.write_bytes("".join(parts).encode("ascii"))
    return path


def write_factiva_fields_html(path: Path) -> Path:
    """The HTML export with indexing: a table per article, one row per field (code cell, value cell)."""
    import html

    out = ["<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Factiva</title></head><body>"]
    items = STORIES[:2] + [None] + STORIES[2:]
    for i, s in enumerate(items, 1):
        fields = _factiva_fields_broken(text_missing=True) if s is None else _factiva_fields(s, i)
        out.append("<table class=\"article\">")
        for code, paras in fields:
            cell = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
            out.append(f"<tr><td><b>{code}</b></td><td>{cell}</td></tr>")
        out.append("</table><hr>")
    out.append("</body></html>")
    path.write_text("\n".join(out), encoding="utf-8")
    return path
