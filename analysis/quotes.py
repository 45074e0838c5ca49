"""Direct quotations with their speaker, the speaker's title and party.

``extract_quotes(article, registry)`` returns one row (a dict) per quotation:

    article_id, paragraph, start, end   paragraph index; offsets of the words inside the marks
    text                                the words inside the marks (``paragraph[start:end]``)
    speaker, title, party               resolved name ('' when the text does not say), the
                                        title/role as written, the registry's party label
    cue                                 the attributing verb's lemma (say, add, tell, warn, ...)
    kind                                "full" (a sentence of its own) or "partial"
    confidence                          0..1, how direct the attribution is (0.9 a named
                                        speaker and a speech verb; 0.3 nobody)
    quote_id                            f"{article_id}:q{index}"

How it works (regex and str only; cue verbs, role and title words are data in
``analysis/data/quote_cues.yml``, people and parties in ``data/actors.yml``):

1. *Marks.* Straight, curly, guillemet, „low-9" and doubled-apostrophe (``''``)
   marks are read as opening or closing from the characters around them.
   Single apostrophes are never quote marks.  A quote left open ends at its
   paragraph's end; if the next paragraph opens with a quote and has no
   attribution of its own, it continues the same speaker's quotation.
2. *Terms are not quotations.*  One quoted word, a short title in Title Case
   ("Meet the Press", "Normandy Format"), a work's title with its subtitle
   ("Kremlin Rising: Power in the New Russia"), a headline cited with its
   byline (``"Talks stall," by the Herald's Tom Berry: "..."``) -- but never a
   capitalised span that opens its sentence with its speaker and verb right
   after (``"Make No Mistake," Stoltenberg said, "..."``) -- and, when nobody is said to speak
   it, a short quoted term inside the writer's noun phrase (the ministry's
   "quiet channel", a "paper tiger" nickname) are not reported.
3. *Attribution*, searched in the text between quotes: after the quote
   (``"...," Peskov said`` / ``said Peskov`` / ``Peskov, the Kremlin's
   spokesman, said`` / a dash), before it (``Peskov said: "..."``,
   ``Peskov described it as a "..."``, ``according to X``, ``X told
   reporters``), a participle's clause subject (``..., saying "..."``).
   Listeners are never speakers (``told Reuters``).  Failing those, the
   clause's subject speaks a quote its sentence leads into (a titled name,
   a surname the article gives in full or writes capitalised mid-sentence,
   an institution, a described person: ``Halvorsen's office brushed aside
   the report, telling reporters, "..."``); a described speaker next to the
   verb (``said one diplomat familiar with the talks``); the owner of a
   speech noun around the quote (``Halvorsen's "glass house" remark``, ``in
   Jonas' words``); a name after a header's dash before a colon.  The verb
   of a subordinate clause closed before the quote never takes it.  The noun phrase is
   split into title and name; a surname is completed from the article
   ("Brandt" -> "Ilse Brandt") and a registered person gets the registry's
   spelling ("Zelenskiy" -> "Volodymyr Zelensky").
4. *Who is meant.*  "he"/"she" resolve to a named speaker of the same
   paragraph (never one of the other gender, when the registry knows it),
   or to the only speaker of the paragraph just before; otherwise the
   speaker stays empty.  A paragraph (or sentence) that is nothing but a
   quotation continues the one person the text just before it reports or
   opens with (never when it names two).  A definite role ("the minister") becomes the
   person the article named in that role; a role naming a side ("the senior
   U.S. diplomat", "a Kremlin spokesman") stays a role with that side's
   party; a bare "an aide" says nothing and stays empty.  Quotes without
   attribution share the speaker of the quote they belong with (a split
   quote, the same sentence, a paragraph introduced by a colon).
5. *Party*: the registered person's party, else the party the title or
   institution names ("Russian Deputy Foreign Minister X" -> Russia), never
   for a former official; an unregistered name with no such title keeps
   its name and an empty party.  A body named in full gets a side only when
   it is a state's own (``state_heads``: "the Russian Foreign Ministry", not
   "the American Bar Association"); a described speaker only when it is an
   official (``official_heads``: "a senior Russian official", not "a Dutch
   reader from Utrecht").
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from . import config
from .datafile import load_checked
from .text import DATELINE, fold, trie_regex

if TYPE_CHECKING:
    from .actors import Registry

CUES_FILE = config.LEXICONS / "quote_cues.yml"

# ----------------------------------------------------------------- lexicons


# The keys quote_cues.yml may hold; anything else is a typo and stops the load (file, line, key).
CUES_SPEC = {"verbs": {"*": None}, "addressee_verbs": None, "according_to": None, "role_words": None,
             "org_words": None, "org_heads": None, "state_heads": None, "official_heads": None,
             "surname_titles": None, "speech_nouns": None, "title_words": None, "generic_roles": None}


@lru_cache(maxsize=2)
def _lexicon(path: str | None = None) -> dict:
    """The cue lexicon, read once per path: verb forms -> lemma, role/title/org word sets."""
    data = load_checked(path or CUES_FILE, CUES_SPEC) or {}
    forms: dict[str, str] = {}
    for lemma, fs in (data.get("verbs") or {}).items():
        lemma = str(lemma).rstrip("_")
        for form in fs or []:
            forms.setdefault(str(form), lemma)  # as written: "Said" only opens an inverted sentence
    roles = frozenset(str(w).lower() for w in data.get("role_words") or [])
    titles = frozenset(str(w).lower().rstrip(".") for w in data.get("title_words") or [])
    orgs = frozenset(str(w).lower() for w in data.get("org_words") or [])
    # case-sensitive: "States" in "the United States" is not the verb "state"
    verb_re = re.compile(r"(?<![\w'’-])(?:%s)(?![\w'’-])" % trie_regex(forms))
    addressee = frozenset(str(w) for w in data.get("addressee_verbs") or [])
    org_heads = frozenset(str(w).lower() for w in data.get("org_heads") or [])
    state_heads = frozenset(str(w).lower() for w in data.get("state_heads") or [])
    official_heads = frozenset(str(w).lower() for w in data.get("official_heads") or [])
    surname_titles = frozenset(str(w).lower() for w in data.get("surname_titles") or [])
    speech_nouns = frozenset(str(w) for w in data.get("speech_nouns") or [])
    generic_roles = frozenset(str(w).lower() for w in data.get("generic_roles") or [])
    return {"forms": forms, "roles": roles - orgs, "titles": titles, "orgs": orgs, "verb_re": verb_re,
            "addressee": addressee, "org_heads": org_heads, "state_heads": state_heads,
            "official_heads": official_heads, "surname_titles": surname_titles, "speech_nouns": speech_nouns,
            "generic_roles": generic_roles}


_ROLE_PP = re.compile(r"(\s+(?:to|of|for|at|with|in)\s+(?:the\s+)?(?:[A-Z][\w'’-]*\.?)(?:\s+(?:[A-Z][\w'’-]*\.?|of|the|and|for))*)")
_NOUN_BEFORE = re.compile(r"(?:['’]s|\b(?:the|a|an|his|her|their|its|our|my|your|these|those|this|that|whose))\s+$", re.I)
# plural nouns spelled like a verb's -s form ("the Baltic states", "member states", "many reports")
_PLURAL_NOUN_BEFORE = re.compile(r"\b(?:Baltic|member|Gulf|Arab|Nordic|Balkan|European|Western|Eastern|Central|"
                                 r"neighbou?ring|frontline|front-line|many|several|other|some|all|both|few|such|"
                                 r"press|news|media|earlier|recent|conflicting|unconfirmed)\s+$")


_MEASURE_OF = re.compile(r"\b(?:tonnes|tons|kilograms|kilos|shipments?|deliveries|packages?|batches|consignments?|"
                         r"crates|boxes|planeloads|truckloads|shiploads)\s+of\s*\Z", re.I)
_NEXT_WORD = re.compile(r"([a-z]+)\b(?![’'-])")
# words that follow a partial quotation without making it a modifier of a noun
_NOT_A_HEAD_NOUN = frozenset("""to for of in on at with from over against about by into between as than and or nor but
that which who whom whose where when while if because since though although so yet is are was were be been being
has have had do does did will would could should can may might must shall said says say told added warned noted
again too instead also only even still already now then there here it its they them he she we you this these
those not no never more less very rather just until unless after before during without within among""".split())
_PUT_IT = re.compile(r"\s+it\b")


def _cue_iter(text: str, lex: dict):
    """Speech-verb matches in ``text``, skipping nouns spelled like verbs ("Halvorsen's remarks",
    "the reports", "his calls")."""
    for m in lex["verb_re"].finditer(text):
        if _NOUN_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue
        if m.group() in ("put", "puts") and not _PUT_IT.match(text, m.end()):
            continue  # "as he put it" speaks; "has put 8,500 troops on alert" does not
        if m.group().endswith("s") and _PLURAL_NOUN_BEFORE.search(text, max(0, m.start() - 14), m.start()):
            continue
        if m.group().endswith("s") and _modified_noun(text, m.start(), lex):
            continue
        yield m


_MODIFIER_BEFORE = re.compile(r"(?P<det>(?:['’]s|\b(?:the|a|an|his|her|their|its|our|my|your|these|those|this|that|"
                              r"whose))\s+)?(?P<word>[A-Za-z][\w-]*)\s+$", re.I)


def _party_adjectives(registry) -> frozenset[str]:
    """The registry's party adjectives, lower case ("russian", "american", "western")."""
    return frozenset(t for t, (_p, kind) in registry.terms.items() if kind == "adjective" and " " not in t)


def _modified_noun(text: str, start: int, lex: dict) -> bool:
    """A speech word's -s form at ``start`` is a plural noun with a modifier before it, not a verb: a
    party's adjective ("Russian claims of a pullback", "the American demands") or, after a
    determiner or possessive, a word that names no speaker ("the Kremlin's security demands", "its
    latest warnings"); "the minister warns", "Russia claims" stay verbs."""
    m = _MODIFIER_BEFORE.search(text, max(0, start - 40), start)
    if m is None:
        return False
    word = m.group("word")
    low = word.lower()
    if low in lex.get("adjectives", ()):
        return True
    return bool(m.group("det")) and word.islower() and low not in lex["roles"] and low not in lex["orgs"] \
        and low not in DETERMINERS


def _cue_search(text: str, lex: dict):
    """The first speech verb in ``text`` (see :func:`_cue_iter`), or None."""
    return next(_cue_iter(text, lex), None)


PRONOUNS = {"he": "person", "she": "person", "him": "person", "her": "person",
            "they": "plural", "it": "thing", "we": "first", "i": "first", "you": "second"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "another", "one"}
PARTICLES = {"de", "da", "di", "du", "del", "della", "van", "von", "der", "den", "bin", "ibn",
             "al", "el", "la", "le", "dos", "das", "y", "ter", "st."}
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame"}
# sentence-initial words that are capitalised but never names
NOT_NAMES = {"the", "a", "an", "but", "and", "or", "so", "yet", "then", "now", "still", "also",
             "in", "on", "at", "as", "after", "before", "when", "while", "if", "though", "although",
             "because", "since", "for", "with", "without", "by", "from", "to", "of", "that", "this",
             "these", "those", "there", "here", "it", "he", "she", "they", "we", "i", "you", "his",
             "her", "their", "our", "its", "my", "your", "asked", "speaking", "meanwhile", "instead",
             "however", "later", "earlier", "today", "yesterday", "tomorrow", "monday", "tuesday",
             "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
             "april", "may", "june", "july", "august", "september", "october", "november", "december",
             "what", "who", "why", "how", "where", "which", "one", "some", "many", "most", "all",
             "no", "not", "just", "even", "only", "last", "next", "first", "both", "each", "every",
             "according", "mr.", "mrs.", "ms.", "dr.", "likewise", "similarly", "moreover", "furthermore",
             "indeed", "besides", "separately", "otherwise", "nevertheless", "nonetheless", "thus", "hence",
             "finally", "ultimately", "overall", "perhaps", "maybe", "again", "together", "afterward", "afterwards", "under", "during", "despite", "amid", "among",
             "said", "says", "added", "told", "wrote", "writes", "noted", "warned", "another", "other",
             "others", "several", "few", "any", "none", "neither", "either", "such", "unless", "whether",
             "until", "whereas", "once", "whatever", "whoever", "wherever", "whenever"}
# words opening a subordinate clause: the clause after them is not the sentence's main one
_SUBORDINATORS = {"unless", "if", "although", "though", "because", "since", "whether", "until", "whereas",
                  "once", "when", "while", "as", "after", "before", "whatever", "whoever", "even", "so"}
# Words skipped between a subject and its speech verb, and taken as the start of a verb phrase:
# adverbs ("also", "flatly"), auxiliaries and modals ("has", "would"), reflexives, and a few
# verbs and nouns ("told", "went on", "in an interview", "in a statement"). Not only adverbs.
SKIP_WORDS = frozenset({"also", "later", "then", "again", "previously", "recently", "once", "repeatedly",
                        "publicly", "flatly", "reportedly", "has", "had", "have", "was", "were", "is", "would",
                        "will", "could", "did", "does", "do", "quickly", "simply", "bluntly", "firmly", "angrily",
                        "told", "further", "separately", "privately", "openly", "often", "frequently", "already",
                        "subsequently", "initially", "first", "last", "still", "even", "just", "only", "earlier",
                        "twice", "herself", "himself", "themselves", "clearly", "explicitly", "strongly",
                        "sharply", "emphatically", "famously", "memorably", "jokingly", "wryly", "softly",
                        "loudly", "been", "being", "not", "never", "ever", "may", "might", "must", "should",
                        "can", "shall", "to", "went", "on", "so", "in", "an", "a", "interview", "statement",
                        "today", "yesterday", "tonight"})

# marks: doubled apostrophes (any run of 2+), LaTeX-style ``, straight and curly doubles, guillemets
_MARK = re.compile(r"(?:''|’’|‘‘)'?|``|[\"“”«»„]")
_STRONG_OPEN = {"“", "«", "„", "``", "‘‘"}
_STRONG_CLOSE = {"”", "»", "’’"}
_OPEN_BEFORE = set("([{—–-/:;") | set("“«„\"")
_CLOSE_AFTER = set(",.;:!?)]}—–-…") | set("”»\"'’")

_TOKEN = re.compile(r"[A-Za-z\u00C0-\u024F\u0400-\u04FF][\w'’.\-]*|\d[\w.,]*|--|[—–]|\s{2,}|[,;:()!?.]")
_NAME_TOKEN = re.compile(r"^(?:[A-Z\u00C0-\u00DE][\w'’\-]*\.?|[A-Z]\.(?:[A-Z]\.)*|Mc[A-Z]\w+|O['’][A-Z]\w+)$")
_DASH = re.compile(r"^\s*(?:--|[—–]|-(?=\s)|\s{2,})\s*")


_NAME_TOKEN_MEMO: dict[tuple[str, int], bool] = {}


def _is_name_token(tok: str, titles: frozenset, roles: frozenset) -> bool:
    """Whether a token can be part of a name (memoised: the same tokens recur across articles)."""
    key = (tok, id(titles))
    r = _NAME_TOKEN_MEMO.get(key)
    if r is None:
        if len(_NAME_TOKEN_MEMO) > 200_000:
            _NAME_TOKEN_MEMO.clear()
        r = _NAME_TOKEN_MEMO[key] = _is_name_token_(tok, titles, roles)
    return r


def _is_name_token_(tok: str, titles: frozenset, roles: frozenset) -> bool:
    """Capitalised like a name and no title, role, pronoun or sentence-opening word."""
    if not _NAME_TOKEN.match(tok):
        return False
    low = tok.lower().rstrip(".")
    low2 = tok.lower()
    if low in titles or low2 in titles or low in NOT_NAMES or low2 in NOT_NAMES:
        return False
    if low in roles or low in PRONOUNS:
        return False
    return True


# ------------------------------------------------------------ quote spans


class QuoteSpan(NamedTuple):
    """One quotation in a paragraph: offsets of the words inside the marks."""
    start: int
    end: int
    unclosed: bool  # no closing mark: the quote runs to the paragraph's end
    at_start: bool  # the opening mark opens the paragraph


def quote_spans(par: str, single: bool = False) -> list[QuoteSpan]:
    """(start, end, unclosed, at_paragraph_start) of each quotation in a paragraph.

    start/end delimit the words inside the marks (whitespace trimmed). ``single``: the article writes
    its quotations in single marks (‘...’ or '...', British style); a single mark then counts only
    where its neighbours make it an opening or a closing one, never inside a word ("Kyiv’s").
    """
    spans: list[QuoteSpan] = []
    n = len(par)
    inside = False
    start = 0
    opened_at = 0
    for m in (_MARK_OR_SINGLE if single else _MARK).finditer(par):
        tok = m.group()
        a, b = m.span()
        prev = par[a - 1] if a > 0 else None
        nxt = par[b] if b < n else None
        can_open = (prev is None or prev.isspace() or prev in _OPEN_BEFORE) and nxt is not None and not nxt.isspace()
        can_close = prev is not None and not prev.isspace() and (nxt is None or nxt.isspace() or nxt in _CLOSE_AFTER)
        core = tok[:2] if len(tok) == 3 else tok
        if tok in _SINGLE_MARKS and not _single_mark_counts(par, a, can_open, can_close, inside):
            continue
        if can_open and not can_close:
            role = "open"
        elif can_close and not can_open:
            role = "close"
        elif core in _STRONG_OPEN:
            role = "open"
        elif core in _STRONG_CLOSE:
            role = "close"
        else:
            role = "close" if inside else "open"
        if not inside:
            if role == "open":
                inside, start, opened_at = True, b, a
        else:
            if role == "close":
                end = a + (1 if len(tok) == 3 else 0)  # '''  closes a nested ' then the quote
                spans.append(_trim(par, start, end, False, opened_at))
                inside = False
            elif prev is not None and prev.isspace():
                # a new quote opens while the last one never closed: end it here
                spans.append(_trim(par, start, a, True, opened_at))
                start, opened_at = b, a
    if inside:
        spans.append(_trim(par, start, n, True, opened_at))
    return [s for s in spans if s.end > s.start and re.search(r"\w", par[s.start:s.end]) and not _in_tag(par, s.start)]


_SINGLE_MARKS = frozenset("‘’'")
_MARK_OR_SINGLE = re.compile(_MARK.pattern + r"|[‘’']")
# an apostrophe standing for left-out letters or digits ("'90s", "rock 'n' roll", "’em")
_ELISION = re.compile(r"['’‘](?:\d0s|n['’]|em\b|til\b|cause\b)")


def _single_mark_counts(par: str, a: int, can_open: bool, can_close: bool, inside: bool) -> bool:
    """A single mark opens a quote only from outside one and closes only from inside; an apostrophe
    within a word or standing for left-out letters is no mark at all."""
    if can_open == can_close or _ELISION.match(par, a):
        return False
    return can_open != inside


def single_marked(paragraphs) -> bool:
    """The text writes its quotations in single marks: no double mark anywhere, and a single
    opening mark before a word somewhere."""
    text = "\n".join(paragraphs)
    if _MARK.search(text):
        return False
    return re.search(r"(?:^|[\s(\[—–-])[‘'](?=[A-Za-z\u00C0-\u024F\u0400-\u04FF0-9])", text, re.M) is not None


def _in_tag(par: str, pos: int) -> bool:
    """An attribute value inside markup left in the text (<tweet tweet-id="...">)."""
    lt = par.rfind("<", 0, pos)
    return lt >= 0 and par.rfind(">", lt, pos) < 0 and re.match(r"<[A-Za-z/]", par[lt:lt + 2]) is not None


def _trim(par, a, b, unclosed, opened_at) -> QuoteSpan:
    """The span with the whitespace inside its marks trimmed."""
    while a < b and par[a].isspace():
        a += 1
    while b > a and par[b - 1].isspace():
        b -= 1
    return QuoteSpan(a, b, unclosed, _rstrip_at(par, opened_at) == 0)


# ---------------------------------------------------------- noun phrases


class _NP:
    __slots__ = ("name", "title", "kind", "phrase", "pos", "party_ok")

    def __init__(self, name="", title="", kind="", phrase="", pos=0, party_ok=True):
        self.name, self.title, self.kind, self.phrase, self.pos = name, title, kind, phrase, pos
        self.party_ok = party_ok  # False: a side named only by an adjective ("the American Bar Association")

    def __repr__(self):  # pragma: no cover - debugging aid
        return f"NP({self.kind}:{self.name!r}/{self.title!r})"


def _clean(s: str) -> str:
    """Whitespace collapsed, punctuation and dashes trimmed from both ends."""
    return re.sub(r"\s+", " ", s).strip(" ,;:—–-")


_NAME_OF = re.compile(r"((?:[A-Z][\w'’-]+|[A-Z]\.)(?:\s+(?:[A-Z][\w'’-]+|[A-Z]\.)){1,3})\s+((?:of|at|from|with)\s+.+)$")


def _parse_np(text: str, lex: dict, registry) -> _NP | None:
    """Split a subject noun phrase into name and title.

    kinds: person (a name), org (a party's institution/place), role (a
    description), pronoun.
    """
    text = _clean(text)
    if not text:
        return None
    titles, roles = lex["titles"], lex["roles"]
    low = text.lower()
    if low in PRONOUNS:
        return _NP(kind="pronoun", phrase=low)
    # appositive: "Dmitry Peskov, the Kremlin's spokesman" / "the Kremlin's spokesman, Dmitry Peskov"
    parts = [p for p in re.split(r"\s*(?:,|\s--\s|\s[—–]\s|\s{2,}|\()\s*", text) if p.strip(" )")]
    parts = [p.strip(" )") for p in parts]
    if not parts:  # nothing but dashes and brackets ("— ( —"): no subject
        return None
    m = _NAME_OF.match(parts[0])
    if m and all(_is_name_token(t, titles, roles) for t in m.group(1).split()):
        # "Oskar Veld of the Baltic Policy Institute": the name comes before "of"
        parts = [m.group(1), m.group(2)] + parts[1:]
    named = _named_in_parts(parts, text, lex, registry)
    if named is not None:
        return named
    return _unnamed_np(parts, text, lex, registry)


def _named_in_parts(parts: list[str], text: str, lex: dict, registry) -> _NP | None:
    """A person named in the first parts of an appositive phrase (its title from the words before
    the name or from another part), else the first institution the registry knows ("Russia", "the
    European Union"); None when no part names either."""
    titles, roles = lex["titles"], lex["roles"]
    best = None
    for i, part in enumerate(parts[:3]):
        toks = part.split()
        # trailing run of name tokens
        j = len(toks)
        if len(toks) >= 2 and toks[-1][:1].isupper() and toks[-1].lower() in lex["surname_titles"] \
                and re.fullmatch(r"[A-Z][a-z]+", toks[-1]) \
                and (toks[-2].lower().rstrip(".") in HONORIFICS
                     or _is_name_token(toks[-2], titles, roles) and not re.search(r"['’]s?$", toks[-2])
                     and not (registry is not None and registry.party_term(toks[-2]))):
            j -= 1  # a surname spelled like a title word ("Amy Pope", "Mr. Prince")
        while j > 0 and (_is_name_token(toks[j - 1], titles, roles)
                         or (toks[j - 1].lower() in PARTICLES and j < len(toks))):
            j -= 1
        while j < len(toks) and toks[j].lower() in PARTICLES:
            j += 1
        while len(toks) - j > 1 and re.search(r"[A-Za-z]['’]s$", toks[j]):
            j += 1  # "Ukraine's Zelenskiy", "NATO's Stoltenberg": the possessor is a title, not a name
        name_toks = toks[j:]
        k = j - 1
        if k > 0 and toks[k].lower() == "the":
            k -= 1
        if name_toks and k >= 0 and toks[k].lower() in ("for", "of", "to", "at", "with", "from", "in", "near", "close", "inside",
                                                   "outside", "within", "on", "by", "behind", "under", "among", "about"):
            name_toks = []  # "a spokesman for Anna Ferreira": the name is not the speaker
            j = len(toks)
        if name_toks and name_toks[-1][-1:] in "'’" and name_toks[-1][-2:-1] == "s":
            name_toks = []  # "the United States'": a possessor, not a speaker
            j = len(toks)
        if name_toks:
            name = " ".join(name_toks).rstrip(".,'’")
            name = re.sub(r"['’]s$", "", name)
            if registry is not None and len(name_toks) > 1 and registry.term_kind(name) == "name" \
                    and not registry.person(name):
                # "the White House", "the United States": a party's own name speaking as a body
                best = best or _NP(name=name, kind="org", title="", phrase=part)
                continue
            if registry is not None and len(name_toks) == 1 and j > 0 and toks[j - 1][:1].isupper() \
                    and not registry.person(name) and not registry.party_term(name) \
                    and registry.term_kind(toks[j - 1]) != "title" \
                    and registry.party_term(toks[j - 1] + " " + name):
                # "the European Union", "the European Commission": one institution, not a title and a
                # surname (a registered title before it, "Sen. Sanders", makes it a person)
                name = toks[j - 1] + " " + name
                best = best or _NP(name=name, kind="org", title=re.sub(r"^(?:the|a|an)$", "", " ".join(toks[:j - 1]),
                                                                       flags=re.I), phrase=part)
                continue
            if registry is not None and not registry.person(name) and len(name_toks) == 1 and registry.party_term(name):
                # "Russia", "the Kremlin", "NATO": an organisation speaking
                best = best or _NP(name=name, kind="org", title=" ".join(toks[:j]), phrase=part)
                continue
            title = " ".join(toks[:j])
            title = re.sub(r"^(?:the|a|an)\s+", "", title, flags=re.I)
            if title.lower().rstrip(".") in HONORIFICS:
                title = ""
            others = [p for k, p in enumerate(parts[:3]) if k != i]
            if not title and others:
                title = re.sub(r"^(?:the|a|an)\s+", "", others[0], flags=re.I)
            return _NP(name=name, title=_clean(title), kind="person", phrase=text)
    return best


_PLACE_PP = re.compile(r"\s+(?:in|at|near|from|outside|inside|on|across|around|based\s+in)\s+.*$", re.I)


def _speaks_for_a_side(head: str, lex: dict, registry) -> bool:
    """A described speaker speaks for a side when its head noun (the words before a place, "in Kyiv")
    is an official's or a state body's ("the Kremlin spokesman", "Russian officials", "the Ukrainian
    side") or the phrase is a registered title; an analyst, a reporter or a resident does not."""
    core = _PLACE_PP.sub("", head).split()
    if not core:
        return False
    last = core[-1].lower().strip(".,'’")
    if last in lex["official_heads"] or last in lex["state_heads"]:
        return True
    return registry is not None and any(registry.term_kind(" ".join(core[i:])) == "title" for i in range(len(core)))


def _unnamed_np(parts: list[str], text: str, lex: dict, registry) -> _NP | None:
    """A phrase that names nobody: an institution, a role that may refer back to someone ("the
    minister"), a description ("a Republican aide"); None when it says nothing of who or for whom."""
    roles = lex["roles"]
    parts[0] = parts[0].rstrip(".,;:")
    definite = re.match(r"(?:the|this|that|these|those)\s", parts[0], re.I) is not None
    head = re.sub(r"^(?:the|a|an|one|another|two|three|several|some|many)\s+", "", parts[0], flags=re.I)
    if not head:
        return None
    hw = head.split()
    last = hw[-1].lower().strip(".,'’")
    if last in lex["orgs"] or (registry is not None and registry.party_term(head) and last not in roles):
        if not definite and head == head.lower() and not (registry is not None and registry.party_term(head)):
            return None  # "a group", "an agency": nothing says which
        if last in lex["orgs"] or head[:1].isupper():
            return _NP(name=head, kind="org", phrase=text)
    if registry is not None and registry.party_term(head):
        # "the senior U.S. diplomat" may be someone the article named; "a senior U.S. official" is not.
        # A side only when the head speaks for one: "the Ukrainian economist", "a photographer in
        # Kyiv", "a fund manager in London" speak for nobody
        return _NP(name=head, kind="role" if definite else "described", phrase=text,
                   party_ok=_speaks_for_a_side(head, lex, registry))
    if any(w.lower().strip(".,'’") in roles for w in hw):
        # "the minister" refers back to someone; "a Republican aide" describes the speaker
        bare = definite and all(w == w.lower() for w in hw) and len(hw) <= 3
        if not definite and len(hw) == 1 and not parts[1:]:
            # "an aide said": nothing in the text says who, or for whom
            return _NP(name=head, kind="vague", phrase=text)
        return _NP(name=head, kind="role" if bare else "described", title=", ".join(parts[1:2]), phrase=text)
    return None


_TIME_TAIL = re.compile(r"(?:\s+(?:on|late|early|last|this|that|next)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
                        r"Saturday|Sunday|week|weekend|month|year|night|morning|afternoon|evening)"
                        r"|\s+on\s+(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2})+\s*$")


_CITED_BY = re.compile(r"\s+(?:cited|quoted|interviewed|contacted|reached|approached)\s+by\s+[^,;:\"“”]{1,60}$")


def _np_before(text: str, lex: dict, registry) -> _NP | None:
    """The subject noun phrase that ends ``text`` (just before a speech verb)."""
    # walk back over adverbs / auxiliaries
    t = re.sub(r"\s+,", ",", text.rstrip())  # "Gov. Dana Whitlow (R-NV), said" with the parenthesis blanked
    t = _TIME_TAIL.sub("", t)  # "Maria Zakharova on Monday dismissed"
    t = _CITED_BY.sub("", t)  # "A defence official cited by the paper said": the official, not the paper
    for _ in range(4):
        m = re.search(r"(?:^|\s)([A-Za-z]+)\s*$", t)
        if m and m.group(1).lower() in SKIP_WORDS and m.group(1).lower() not in PRONOUNS \
                and not m.group(1)[:1].isupper():  # '"...," Will wrote': a name, not the modal
            t = t[: m.start(1)].rstrip()
        else:
            break
    t = t.rstrip()
    dm = re.match(r"^(.*?\S)\s*(?:[—–]|--)\s*([^—–]{2,120}?)\s*(?:[—–]|--)$", t)
    if dm:  # "Lena Ortiz — a nurse from Cedar Falls — says"
        head = _np_tail(dm.group(1), lex)
        if head:
            np = _parse_np(head + ", " + dm.group(2), lex, registry)
            if np is not None:
                return np
    # appositive closed by a comma: "Dmitry Peskov, the Kremlin's spokesman, said"
    if t.endswith(","):
        inner = t[:-1]
        if inner.count(",") > 1:
            np = _clause_head(inner, lex, registry)
            if np is not None:
                return np
        k = inner.rfind(",")
        if k >= 0:
            appos = inner[k + 1:]
            head = _np_tail(inner[:k], lex)
            if not head:  # "the assailant, John McGraw,"
                hm = re.search(r"(?:^|\s)((?:the|a|an)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?)$", inner[:k])
                head = hm.group(1) if hm and _NAME_START.match(appos.strip()) else ""
            if head and len(appos.split()) <= 14 and not re.search(r"[a-z]{3,}[.!?]\s|[\"“”]", appos):
                np = _parse_np(head + ", " + appos, lex, registry)
                if np is not None:
                    return np
            if not head and _NAME_START.search(appos.strip()) and len(appos.split()) <= 6:
                # "Friday in Elko, after a long count, Gov. Dana Whitlow (R-NV), said": the name
                # set off by commas right before the verb
                np = _parse_np(appos, lex, registry)
                if np is not None and np.kind == "person":
                    return np
        return _clause_head(inner, lex, registry)
    pm = _PLACE_TAIL.search(t)
    if pm is not None and registry is not None:
        # "a spokesman for the Russian embassy in Berlin", "a photographer in Kyiv", "Ukraine's envoy to
        # the European Union": the speaker is the phrase before the place, and only it gives a side
        before = t[: pm.start()]
        clause = re.split(r"[,;:\"“”()]", before)[-1].strip()
        clause = re.sub(r"^(The|A|An|One|Another)\b", lambda m: m.group(1).lower(), clause)
        owner = _np_before(before, lex, registry) or _described_before(clause, lex, registry)
        if owner is not None and owner.kind == "person":
            return owner
        if owner is not None and owner.kind in ("org", "described", "role"):
            return _NP(name=f"{owner.name} {pm.group(1)} {pm.group(2)}", kind=owner.kind, title=owner.title,
                       phrase=owner.phrase, party_ok=owner.party_ok and registry.party_of(owner.name) is not None)
    tail = _np_tail(t, lex)
    if tail:
        return _parse_np(tail, lex, registry)
    return _clause_head(t, lex, registry)


# a place or destination closing a subject phrase ("... in Berlin", "... to the OSCE")
_PLACE_TAIL = re.compile(r"(?<=[a-z])\s+(in|at|near|outside|inside|from|to)\s+((?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})$")


_CLAUSE_HEAD = re.compile(r"\s*(?:(?:But|And|Yet|So|Still|However|Meanwhile|Later|Instead)\b,?\s+)?"
                          r"((?:[A-Z][\w.'’-]*\s+){0,5}[A-Z][\w.'’-]*),\s+[^;:\"“”]{1,160}$")


def _clause_head(t: str, lex: dict, registry) -> _NP | None:
    """"Ruth Adeyemi, the data blogger who started votecount.example[, tweeted]": the name before the appositive."""
    dm = DATELINE.match(t)
    if dm:  # "VIENNA, Feb 3 (Reuters) - ...": a dateline is no name before an appositive
        t = t[dm.end():]
    m = _CLAUSE_HEAD.match(t)
    if not m or len(t.split()) > 30:
        return None
    np = _parse_np(m.group(1), lex, registry)
    if np is not None and np.kind == "person":
        rest = t[m.end(1):].strip(" ,")
        if not np.title:
            np.title = _clean(re.sub(r"^(?:the|a|an)\s+", "", rest.split(",")[0]))
        return np
    return None


_NP_LOWER_OK = {"of", "for", "to", "the", "and", "at", "in"}


def _np_tail(t: str, lex: dict) -> str:
    """The longest plausible noun phrase at the end of ``t``."""
    toks = list(re.finditer(r"[^\s,;:()\"“”]+|\s{2,}|[,;:()\"“”]", t))
    if not toks:
        return ""
    titles, roles = lex["titles"], lex["roles"]
    i = len(toks)
    start = None
    count = 0
    while i > 0 and count < 12:
        tok = toks[i - 1].group()
        low = tok.lower().strip(".'’")
        if tok.isspace() or tok in ',;:()"“”':  # punctuation or a lost dash: the phrase ends
            break
        if tok != tok.lower() or low in titles or low in roles or low in PARTICLES or low in PRONOUNS \
                or low in lex["orgs"] or (count and re.match(r"[\w.-]+['’]s$", tok)):
            if low in PRONOUNS:
                if i == len(toks):
                    start = toks[i - 1].start()
                break
            start = toks[i - 1].start()
            i -= 1
            count += 1
            continue
        if low in DETERMINERS and start is not None:
            start = toks[i - 1].start()
            if low == "the" and i > 2 and toks[i - 2].group() in ("of", "at", "for", "from", "to") \
                    and (toks[i - 3].group()[:1].isupper() or toks[i - 3].group().lower() in roles):
                # ("Russia's envoy to the European Union": a role's complement)
                # "Oskar Veld of the Baltic Policy Institute": the phrase goes on before "of the"
                i -= 2
                count += 2
                continue
            break
        if low in _NP_LOWER_OK and start is not None and i > 1:
            # keep "of"/"for" only when a title word or name precedes it
            prev = toks[i - 2].group()
            pl = prev.lower().strip(".'’")
            if prev != prev.lower() or pl in titles or pl in roles:
                i -= 1
                count += 1
                continue
        if start is not None and low not in DETERMINERS and low not in _NOT_IN_NP and low not in _PREPOSITIONS \
                and low.isalpha() and low not in lex["forms"]:
            # lowercase modifiers ("a Ukrainian military intelligence officer"): keep up to three
            # when a determiner or a capitalised word opens the phrase just before them
            j = i - 1
            while j > 0 and i - j <= 3:
                w = toks[j - 1].group()
                wl = w.lower().strip(".'’")
                if w.isspace() or w in ',;:()"“”':
                    break
                if wl in DETERMINERS or w != w.lower():
                    i = j
                    start = toks[j].start()
                    break
                if wl in _NOT_IN_NP or wl in _PREPOSITIONS or not wl.isalpha() or wl in lex["forms"]:
                    break
                j -= 1
            else:
                break
            if i == j:
                count += 1
                continue
        break
    if start is None:
        return ""
    phrase = t[start:].strip()
    phrase = re.sub(r"^(?:and|of|for|to|at|in)\s+", "", phrase, flags=re.I)
    return phrase


_NOT_IN_NP = {"that", "which", "who", "whom", "when", "where", "while", "is", "was", "were", "are", "be", "been",
              "has", "had", "have", "will", "would", "could", "should", "can", "may", "might", "must", "do",
              "does", "did", "it", "he", "she", "they", "we", "i", "you", "not", "but", "if", "because",
              "him", "them", "me", "us", "there", "here", "so", "then", "than", "very", "too"}
_PREPOSITIONS = {"in", "on", "at", "by", "with", "from", "to", "for", "of", "about", "during", "after", "before",
                 "into", "through", "over", "under", "via", "that", "this", "it", "his", "her", "their", "its"}
_NAME_START = re.compile(r"(?:[A-Z][\w'’-]+|[A-Z]\.)(?:\s+(?:[A-Z][\w'’-]+|[A-Z]\.))+\s*$")
_NP_TOK = r"(?:(?:[A-Z]\.){2,}|[^\s,.;:!?\"“”()]+\.?)"
_NP_AFTER = re.compile(r"((?:(?:the|a|an)\s+)?%s(?:\s+%s){0,7}?)(?=\s*(?:,|\.(?:\s|$)|;|:|$)|\s+(?:on|in|at|during|after|before|"
                       r"when|while|who|that|to|as|of|about|from|with|last|this|adding|speaking|told|said|says|"
                       r"according|\d)\b)" % (_NP_TOK, _NP_TOK))


def _np_after(text: str, lex: dict, registry) -> _NP | None:
    """The noun phrase after a verb: ``said Ilse Brandt, a Liberal pollster``."""
    t = text.lstrip()
    m = _NP_AFTER.match(t)
    if not m:
        return None
    head = m.group(1).strip()
    rest = t[m.end():]
    pp = _ROLE_PP.match(rest)
    if pp and head.split()[-1].lower().strip(".,") in lex["roles"]:
        # "one veteran adviser to Mayor Hollis", "her old classmate at Carleton, Piet Dane"
        head = head + pp.group(1)
        rest = rest[pp.end():]
    if head.split(" ", 1)[0].lower() in _PREPOSITIONS - {"his", "her", "their", "its"}:
        return None
    head = re.sub(r"^(?:his|her|their|its)\s+", "", head, flags=re.I)
    toks = head.split()
    titles, roles = lex["titles"], lex["roles"]
    appos = ""
    if rest.startswith(","):
        am = re.match(r",\s*((?:the|a|an|who|[A-Z])(?:[A-Z]\.|[^,.;:!?\"“”]){0,120}?)(?=,|\.(?:\s|$)|;|$)", rest)
        if am and not am.group(1).startswith("who"):
            appos = am.group(1)
    # the head must look like a noun phrase: names, titles, roles, determiners
    if len(toks) > 1:
        for tok in toks:
            if tok == tok.lower() and tok.strip(".'’") in _NOT_IN_NP:
                return None
        lastw = toks[-1].lower().strip(".'’")
        if toks[-1] == toks[-1].lower() and lastw not in roles and lastw not in titles and lastw not in lex["orgs"]:
            # "another forum user, Kasia Holm": the name in the appositive is the speaker
            if not (appos and _NAME_START.match(appos)):
                return None
    return _parse_np(head + (", " + appos if appos else ""), lex, registry)


# ----------------------------------------------------------- attribution

_SENT_BREAK = re.compile(r"(?<=[.!?])[\"'”’»]*\s+(?=[A-Z\"“«'‘(])")
_ABBR_END = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|St|Jr|Sr|Prof|Capt|Adm|No|Rev|Ft|Mt|Maj|Cpl|Pvt|"
                       r"Hon|Amb|Pres|Sec|Cmdr|Fr|Msgr|Atty|Det|Brig|Sens|Reps|Govs|U\.S|U\.N|U\.K|E\.U|D\.C|[A-Z]|"
                       r"Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\.)$")


def _sentence_bounds(gap: str) -> list[int]:
    """Offsets in ``gap`` where a new sentence starts."""
    out = []
    for m in _SENT_BREAK.finditer(gap):
        # the break starts right after its [.!?]; an abbreviation is at most 5 letters and a dot
        if _ABBR_END.search(gap, max(0, m.start() - 8), m.start()):
            continue
        out.append(m.end())
    return out


_ANY_VERB_AFTER = re.compile(r"\s*((?:[A-Za-z][\w.'’-]*\s+){1,6}?)([a-z]{3,}ed)\s*(?:[.,]|$|\s+(?:on|in|at|after|before|as|to|during|when)\b)")
_PAREN = re.compile(r"\((?:[^()\"“”]{0,40})\)")


class _Attr:
    __slots__ = ("np", "cue", "where", "pos")

    def __init__(self, np, cue, where, pos):
        self.np, self.cue, self.where, self.pos = np, cue, where, pos


_NEW_CLAUSE = re.compile(r"\s*(?:while|whereas|although|though|but|because|since|unless)\s+\S", re.I)
_ONE_OF_THEM = re.compile(r"\s*(?:one|either|neither|each|any|some|several|two|three)\s+of\s+(?:them|those|us|the\s+(?:two|three|men|women|leaders|ministers|officials))\s*\Z", re.I)
_NEW_CLAUSE_LATER = re.compile(r"[,;]\s*(?:while|whereas|although|though|but)\s+\S", re.I)


def _attr_after(gap: str, quote_text: str, lex: dict, registry, gap_start: int) -> _Attr | None:
    """Attribution that follows a quote: ``"...," Peskov said`` / ``said Peskov`` / dash."""
    end_punct = quote_text.rstrip()[-1:] if quote_text.strip() else ""
    lead = gap.lstrip()
    if not lead:
        return None
    at = _dash_attr(gap, lex, registry, gap_start)
    if at is not None:
        return at
    comma = lead.startswith(",")
    body = lead[1:] if comma else lead
    base = gap_start + len(gap) - len(lead) + (1 if comma else 0)
    # the first clause after the quote, up to a sentence end or the next quote
    bounds = _sentence_bounds(body)
    clause = body[:bounds[0]] if bounds else body
    if not comma and end_punct not in (",", "?", "!", "—", "-", "–", "…"):
        # "..." he said.  (no comma): allow a lowercase start or a short attribution clause
        if not clause.strip():
            return None
        if end_punct == "." or end_punct == "":
            if not (clause.lstrip()[:1].islower() or len(clause.split()) <= 6):
                return None
    at = _quoted_as_saying(clause, lex, registry, base)
    if at is not None:
        return at
    cm = _cue_search(clause, lex)
    if cm is None and (end_punct in (",", "?", "!", "—", "–") or comma):
        at = _any_verb_after(clause, lex, registry, base)
        if at is not None:
            return at
    acc = re.search(r"\baccording to\s+", clause, re.I)
    if acc and (cm is None or acc.start() < cm.start()):
        np = _np_after(clause[acc.end():], lex, registry)
        if np is not None:
            return _Attr(np, "according to", "after", base + acc.start())
    if cm is None:
        return None
    before = clause[: cm.start()]
    if re.search(r"[;]", before):
        return None
    if len(before.split()) > 16:
        # '"..." by the flood that had brought national coverage and fresh criticism, Okafor said.'
        k = before.rfind(",")
        if k < 0 or len(before[k + 1:].split()) > 6 or cm.group() in lex["addressee"]:
            return None
        np = _np_before(before[k + 1:], lex, registry)
        if np is not None and np.kind in ("person", "org"):
            return _Attr(np, lex["forms"][cm.group()], "after", base + cm.start())
        return None
    if not comma and end_punct in ("?", "!") and before.strip() and len(clause[cm.end():].split()) > 6 \
            and cm.group() in lex["addressee"] and re.match(r"\s*(?:[Hh]is|[Hh]er|[Tt]heir|[Ss]ome|[Mm]any)\s", before):
        # '"...?" His rivals cited it as proof that ...': a new sentence about the quote, not its attribution
        return None
    if _NEW_CLAUSE.match(before) or _NEW_CLAUSE_LATER.search(before):
        # '... called the plan "a non-starter," while France's envoy described it as ...', '... impose
        # "severe costs" on Russia if it invaded, while the Kremlin said ...': a clause opened
        # by a conjunction has a subject of its own, and its verb attributes nothing to the quote before it
        return None
    if before.strip():
        at = _subject_then_cue(clause, cm, comma, end_punct, lex, registry, base)
    else:
        at = _cue_then_subject(clause, cm, lex, registry, base)
    if at is not None and (at.np.kind in ("org", "described") or _OUTLET.search(at.np.title or "")
                           or at.np.name.isupper()):
        # an outlet or body reporting what it cites: the cited source said it
        return _cited_source(clause[cm.end():], lex, registry) or at
    return at


_OUTLET = re.compile(r"\b(?:broadcaster|newspaper|paper|daily|weekly|magazine|outlet|agency|channel|network|"
                     r"television|TV|radio|website|tabloid|wire)\b", re.I)


_CITING = re.compile(r"[^.;:\"“”]{0,80}?\b(?:citing|quoting)\s+")
_DOCUMENT = re.compile(r"^(.+?)['’]s?\s+(?:(?:latest|new|own|internal|recent|confidential|written|official)\s+)*"
                       r"(?:[a-z]+\s+)?(?:assessment|report|statement|data|figures|estimate|document|briefing|memo|"
                       r"analysis|findings|sources?)\b", re.I)


def _cited_source(after: str, lex: dict, registry) -> _Attr | None:
    """'"...," a local radio station said, citing the port authority's figures': whoever a report cites said the
    words, not the outlet or person reporting them; the owner of a cited document is its source."""
    m = _CITING.match(after)
    if not m:
        return None
    rest = after[m.end():]
    dm = _DOCUMENT.match(rest)
    phrase = dm.group(1) if dm else re.split(r"[,.;:]", rest, maxsplit=1)[0]
    np = _parse_np(phrase, lex, registry) if len(phrase.split()) <= 8 else None
    if np is None or np.kind not in ("person", "org", "described"):
        return None
    return _Attr(np, "say", "after", 0)


_QUOTED_AS = re.compile(r"\b(?:quoted|quotes|quoting|cited|cites|citing)\s+([^,;:.!?\"“”]{2,80}?)\s+as\s+"
                        r"(?:saying|telling|writing|stating|declaring|warning|adding)\b")


def _quoted_as_saying(text: str, lex: dict, registry, base: int) -> _Attr | None:
    """'the bulletin quoted the finance minister as saying': the one quoted said it, not the
    statement, outlet or person quoting them."""
    m = _QUOTED_AS.search(text)
    if not m:
        return None
    np = _parse_np(m.group(1), lex, registry)
    if np is None or np.kind not in ("person", "org", "role", "described"):
        return None
    return _Attr(np, "say", "after", base + m.start(1))


_BY_AGENT = re.compile(r"\b(?:described|called|termed|branded|dubbed|labell?ed|characteri[sz]ed|hailed|praised|"
                       r"condemned|denounced|critici[sz]ed|dismissed|rejected)\s+by\s+([^,;:.!?\"“”]{2,60}?)\s+as\s*$")


def _by_agent(sent: str, lex: dict, registry, base: int) -> _Attr | None:
    """'a session described by the Dutch delegation as "..."': the agent of a passive speech verb said it."""
    m = _BY_AGENT.search(sent)
    if not m:
        return None
    np = _parse_np(m.group(1), lex, registry)
    if np is None or np.kind not in ("person", "org", "role", "described"):
        return None
    return _Attr(np, "describe", "before", base + m.start(1))


def _dash_attr(gap: str, lex: dict, registry, gap_start: int) -> _Attr | None:
    """'"..." — Jens Stoltenberg': a name or body after a dash, with no verb."""
    dm = _DASH.match(gap)
    if dm and gap[dm.end():][:1].isupper():
        mm = re.match(r"([^.;!?\"“”]{2,80}?)\s*(?:[.;]|$)", gap[dm.end():])
        if mm and not lex["verb_re"].search(mm.group(1)):
            np = _parse_np(mm.group(1), lex, registry)
            if np is not None and np.kind in ("person", "org"):
                return _Attr(np, "say", "dash", gap_start + dm.end())
    return None


def _any_verb_after(clause: str, lex: dict, registry, base: int) -> _Attr | None:
    """A verb that is no speech verb right after a quote ending in a comma or the like: '"...?"
    Nolan persisted.', '"...," a weary Okafor shrugged' (subject then verb), '"...!" grinned Marta
    Ilves' (verb then subject): whatever the verb, it attributes the quote."""
    vm = _ANY_VERB_AFTER.match(clause)
    if vm:
        np = _np_before(vm.group(1), lex, registry)
        if np is not None and (np.kind in ("person", "described")
                               or np.kind == "pronoun" and np.phrase in ("he", "she")
                               and re.fullmatch(r"\s*[Hh]e\s+|\s*[Ss]he\s+", vm.group(1))):
            # ('"...," he shrugged.': a pronoun and its verb are all the clause holds)
            verb = vm.group(2)
            return _Attr(np, lex["forms"].get(verb) or re.sub(r"(?<=[^aeiou][^aeiou])ed$|(?<=e)d$|ed$", "", verb),
                         "after", base + vm.start(2))
    im = re.match(r"\s*([a-z]{3,}ed)\s+(?=[A-Z]|(?:the|a|an|one|another)\s)", clause)
    if im:
        np = _np_after(clause[im.end():], lex, registry) or _described_after(clause[im.end():], lex, registry)
        if np is not None and np.kind in ("person", "described", "org"):
            verb = im.group(1)
            return _Attr(np, lex["forms"].get(verb) or re.sub(r"(?<=e)d$|ed$", "", verb), "after",
                         base + im.start(1))
    return None


def _subject_then_cue(clause: str, cm, comma: bool, end_punct: str, lex: dict, registry,
                      base: int) -> _Attr | None:
    """'"...," Peskov said' / '"...," the bakery manager wrote': the subject between the quote and
    its speech verb ``cm``; failing one, a later speech verb closing the sentence with its own subject."""
    cue = lex["forms"][cm.group()]
    before = clause[: cm.start()]
    if _ONE_OF_THEM.match(before):
        # '"...," one of them told officers': the text says the speaker is one of several, not which
        return _Attr(_NP(kind="pronoun", phrase="they"), cue, "after", base + cm.start())
    np = _np_before(before, lex, registry)
    if np is not None and np.kind == "pronoun" and re.search(
            r"(?:^|\s)(?!(?:and|but|so|then|as|while|when|because|yet|or|also|later|now)\s)[a-z]{3,}\s+"
            r"(?:[a-z]+\s+)?(?:he|she|they)\s*$", before):
        # '"...," among them rules she said would ...': a pronoun inside a relative clause
        return None
    # the noun phrase must be all there is before the verb
    if np is not None:
        return _Attr(np, cue, "after", base + cm.start())
    if before.rstrip().endswith(",") and cm.group() not in ("told", "tells", "telling"):
        # "..." if the vote slips, said Ada Nolan
        np = _np_after(clause[cm.end():], lex, registry)
        if np is not None and np.kind in ("person", "described", "org"):
            return _Attr(np, cue, "after", base + cm.start())
    if not comma and end_punct not in (",", "?", "!", "—", "–"):
        return None
    # a described subject that is all there is between the quote and its verb
    np = _described_before(before, lex, registry)
    if np is not None:
        return _Attr(np, cue, "after", base + cm.start())
    for cm2 in list(_cue_iter(clause, lex))[1:3]:
        # '"...," and the queues soon grew longer, Okafor said.': the attribution closing the sentence
        seg = clause[: cm2.start()]
        k = seg.rfind(",")
        if k < 0 or len(seg[k + 1:].split()) > 6 or cm2.group() in lex["addressee"]:
            continue
        np = _np_before(seg[k + 1:], lex, registry)
        if np is not None and np.kind in ("person", "org"):
            return _Attr(np, lex["forms"][cm2.group()], "after", base + cm2.start())
    return None


def _cue_then_subject(clause: str, cm, lex: dict, registry, base: int) -> _Attr | None:
    """'"...," said Ada Nolan, a county pollster': an inverted speech verb, then its subject
    (never the listener of 'told')."""
    after = clause[cm.end():]
    if cm.group() in ("told", "tells", "telling"):  # '"...," asked Bennett' names the speaker; 'told X' never
        return None
    np = _np_after(after, lex, registry)
    if np is None and not cm.group().endswith("ing"):  # "saying the city ...": its object, not a speaker
        np = _described_after(after, lex, registry) or _titled_name_after(after, lex, registry)
    elif np is not None and np.kind not in ("person", "org", "pronoun") and not cm.group().endswith("ing"):
        # "said Rev. Amos Delacroix, then parish priest": the abbreviation cut the phrase short
        np = _titled_name_after(after, lex, registry) or np
    if np is not None:
        return _Attr(np, lex["forms"][cm.group()], "after", base + cm.start())
    return None


_DESC_AFTER = re.compile(r"\s*((?:the|a|an|one|another)\s+[^,.;:!?\"“”()—–]{2,90}?)"
                         r"(?=\s*(?:,|\.(?:\s|$)|;|:|$|\s+(?:who|which|after|before|when|while|speaking|adding|"
                         r"on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b))")
_DESC_DET = re.compile(r"\s*((?:the|a|an|one|another|this|that)\s+[^,.;:!?\"“”()—–]{2,90}?)\s*$")
# the words after which a described speaker's phrase goes on past its head noun
_DESC_POST = re.compile(r"\s(?:of|from|in|at|with|for|to|on|close|familiar|involved|known|going|inside|near|by|"
                        r"who|working|based|speaking)\b")


_TITLED_NAME_AFTER = re.compile(r"\s*((?:[A-Za-z][\w'’-]*\.?\s+){1,10}?(?:[A-Z][\w'’-]+|[A-Z]\.)(?:\s+(?:[A-Z][\w'’-]+|[A-Z]\.)){1,3})"
                                r"\s*(?:[,;]|\.?\s*$)")


def _titled_name_after(text: str, lex: dict, registry) -> _NP | None:
    """'said former Nevada Gov. and party Chairman Hal Brody.': a name ending a title whose
    abbreviations stop the ordinary noun phrase."""
    m = _TITLED_NAME_AFTER.match(text)
    if not m:
        return None
    np = _parse_np(m.group(1), lex, registry)
    return np if np is not None and np.kind == "person" and np.title else None


def _described(phrase: str, lex: dict, registry) -> _NP | None:
    """A speaker the text describes but does not name ("one Liberal familiar with the budget talks",
    "the bakery employee"). A side only when its head is an official's role ("a senior Russian official")."""
    phrase = _clean(phrase)
    words = phrase.split()
    if not 2 <= len(words) <= 12 or any(w.lower() in _NOT_IN_NP or w.lower() in lex["forms"] for w in words[1:]):
        return None
    core = _DESC_POST.split(" " + " ".join(words[1:]), maxsplit=1)[0].split()
    if not core:
        return None
    head = core[-1].lower().strip("'’")
    if head in _PREPOSITIONS or head in PRONOUNS or not re.fullmatch(r"[\w'’-]+", head):
        return None
    if len(words) == 2 and head in lex["roles"] and head not in lex["state_heads"] and words[0].lower() != "the":
        return None  # "an aide", "a source": nothing says who, or for whom
    name = re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.I)
    return _NP(name=name, kind="described", phrase=phrase, party_ok=head in lex["official_heads"])


def _described_after(text: str, lex: dict, registry) -> _NP | None:
    """A described speaker right after an inverted verb ("said one diplomat familiar with ...")."""
    m = _DESC_AFTER.match(text)
    return _described(m.group(1), lex, registry) if m else None


def _described_before(text: str, lex: dict, registry) -> _NP | None:
    """A described speaker ending ``text``, right before its verb ("the bakery manager wrote")."""
    t = text.rstrip()
    for _ in range(3):  # adverbs between subject and verb ("a Republican aide at the hearing quietly wondered")
        m = re.search(r"\s([a-z]+)$", t)
        if m and (m.group(1) in SKIP_WORDS and m.group(1) not in _PREPOSITIONS or m.group(1).endswith("ly")):
            t = t[: m.start()]
        else:
            break
    m = _DESC_DET.match(t)
    return _described(m.group(1), lex, registry) if m else None


_POSS_NAME = r"((?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w.-]*?)(?:['’]s|(?<=s)['’])"


@lru_cache(maxsize=4)
def _possessive_res(nouns: frozenset):
    """The patterns of a speech noun owned by a name: before the quote, at its end, after it."""
    alt = "|".join(sorted(map(re.escape, nouns), key=len, reverse=True))
    before = re.compile(r"(?<![\w'’.-])" + _POSS_NAME + r"\s+(?:[a-z][\w-]*\s+){0,2}(" + alt + r")\b([^.;:!?\"“”]{0,140})$")
    at_end = re.compile(r"(?<![\w'’.-])" + _POSS_NAME + r"\s*$")
    after = re.compile(r"\s*(?:[a-z][\w-]*\s+)?(" + alt + r")\b")
    return before, at_end, after


def _possessive_attr(gap_before: str, gap_after: str, lex: dict, registry, gap_start: int) -> _Attr | None:
    """A speech noun owned by a named speaker: "Mayor Hollis's claim that the council "sold the park"",
    "Senator Brody's "glass house" remark", "in Forbes' words, "..."". The possessor said it, whoever
    the sentence's subject is."""
    nouns = lex["speech_nouns"]
    if not nouns or ("'" not in gap_before and "’" not in gap_before):
        return None
    bounds = _sentence_bounds(gap_before)
    s0 = bounds[-1] if bounds else 0
    sent = gap_before[s0:]
    re_before, re_end, re_after = _possessive_res(nouns)
    m = re_before.search(sent)
    rest = m.group(3) if m else ""
    if m and (re.match(r"\s*[,:]?\s*$", rest) and sent[: m.start()].rstrip().endswith(("in", "In"))
              # "in Jonas' words, "..."
              or re.match(r"\s+that\s", rest) and not lex["verb_re"].search(sent)
              and not re.search(r"\b(?:is|was|are|were|be|been|as)\s*$", rest)):
        # "Lindqvist's finding that his accounts were "...": the content of the owner's words, in a sentence
        # with no speech verb of its own
        name = m.group(1)
    else:
        m = re_end.search(sent)
        ma = re_after.match(gap_after) if m else None
        if not ma:
            return None
        name = m.group(1)
    np = _parse_np(name, lex, registry)
    if np is None or np.kind not in ("person", "org"):
        return None
    return _Attr(np, "", "before", gap_start + s0 + m.start(1))


_COORD_VP = re.compile(r"\b(?:but|and|yet)\s+(?:had|has|have|did|does|was|were|would|could|will|should)"
                       r"(?:\s+not|n['’]t|\s+never)?\s+([a-z]+)\b")
_SUBORDINATE_SUBJ = re.compile(r"(?:^|[\s,])(?:once|after|when|whenever|while|as|before|since|if|because|although|"
                               r"though|until|unless|whereas)\s+(?:(?:the|a|an|Mr\.|Mrs\.|Ms\.|Dr\.)\s+)?"
                               r"(?:[A-Z][\w.'’-]*\s+){1,4}(?:[a-z]+\s+)?$")


def _attr_before(gap: str, lex: dict, registry, gap_start: int, full_by_last=None) -> _Attr | None:
    """Attribution in the sentence that leads into a quote: ``Peskov said: "``."""
    bounds = _sentence_bounds(gap)
    sent_start = bounds[-1] if bounds else 0
    sent = gap[sent_start:]
    if not sent.strip():
        return None
    at = _quoted_as_saying(sent, lex, registry, gap_start + sent_start) or _by_agent(sent, lex, registry,
                                                                                   gap_start + sent_start)
    if at is not None:
        return at
    matches = list(_cue_iter(sent, lex))
    acc = None
    for am in re.finditer(r"\baccording to\s+", sent, re.I):
        acc = am
    for k, cm in enumerate(reversed(matches)):
        if acc is not None and acc.start() > cm.start():
            break
        if k < len(matches) - 1:
            vp = _COORD_VP.search(sent, cm.end())
            if vp and vp.group(1) not in lex["forms"]:
                # 'Ushakov told reporters that Biden had repeated his warnings but had not addressed
                # Russia's "key concerns"': the quote is the object of another verb, not of this cue;
                # the earlier speech verb's speaker gives the words
                continue
        cue = lex["forms"][cm.group()]
        before = sent[: cm.start()]
        if _SUBORDINATE_SUBJ.search(before) and "," in sent[cm.end():] and len(matches) > 1:
            # 'Brody said that once the budget has passed, "I plan ...': the verb of a subordinate
            # clause closed before the quote; the quote belongs to the clause around it
            continue
        if cm.group().endswith("ing") and before.rstrip().endswith(","):
            # "..., saying that ...": the participle's subject is the clause's subject
            np = _sentence_subject(before, lex, registry, full_by_last)
            if np is not None:
                return _Attr(np, cue, "before", gap_start + sent_start + cm.start())
        np = _np_before(before, lex, registry) if before.strip() else None
        if np is not None and np.kind == "person" and " and " in before \
                and (pair := _subject_coordinated(before + " said", lex, registry, full_by_last)) is not None:
            # "Truss and her Russian counterpart Lavrov agreed on "...": both, not one
            return _Attr(_NP(name=" and ".join(pair), kind="pair", phrase=" and ".join(pair)), cue, "before",
                         gap_start + sent_start + cm.start())
        if np is None and cm.group() not in lex["addressee"]:
            np = _np_after(sent[cm.end():], lex, registry)
            if np is not None and np.kind == "pronoun":
                np = None
        if np is None and before.strip():
            np = _sentence_subject(before, lex, registry, full_by_last)
        if np is None and before.strip():
            # "Another source familiar with Brody's plans said, "..."": the clause's whole subject
            np = _clause_subject(before, lex, registry, full_by_last, verb_at_end=True)
        if np is not None:
            return _Attr(np, cue, "before", gap_start + sent_start + cm.start())
    if acc is not None:
        np = _np_after(sent[acc.end():], lex, registry)
        if np is None:  # "According to a Downing Street readout of the talks, ...": the document's owner
            dm = re.match(r"\s*((?:the|a|an)\s+[^,;:\"“”]{2,60}?)(?=,|\s+of\s)", sent[acc.end():])
            np = _document_owner(dm.group(1), lex, registry) if dm else None
        if np is not None:
            return _Attr(np, "according to", "before", gap_start + sent_start + acc.start())
    return _colon_lead_in(sent, lex, registry, gap_start + sent_start, full_by_last)


def _colon_lead_in(sent: str, lex: dict, registry, base: int, full_by_last) -> _Attr | None:
    """A sentence that leads into a quote with a colon or a dash and no speech verb: "Here's the mayor
    in March 2004:", "A HEADLINE - Ada Nolan:", "Okafor argues for a shorter week:"."""
    st = sent.strip()
    if st.endswith(("—", "--", "–")) and len(st) > 3:
        # 'Hollis also defended the curfew -- "I think ..."': a dash leads into the quote like a colon
        st = st.rstrip("—–- ") + ":"
    if st.endswith(":"):
        # "Former Energy Minister Carla Nystrom:" / "Okafor argues for a lower fare:" before a quote
        np = None
        hm = re.match(r"(?:Here['’]s|Here\s+is|Here\s+was)\s+(.{2,60}?)(?:\s+(?:in|on|at|during|from|last|this)\b.*)?$",
                      st[:-1])
        if hm:  # "Here's Nystrom in March 2004:"
            np = _parse_np(hm.group(1), lex, registry)
            if np is not None and np.kind in ("person", "org"):
                return _Attr(np, "", "before", base)
            np = None
        # "A HEADLINE - Carla M. Nystrom:" / "More from Nystrom:": the name after the last dash
        dm = re.search(r"(?:\s[-—–]+|[—–]|--)\s*(?:More\s+from\s+|From\s+)?([^-—–:]{2,60})$", st[:-1])
        if dm:
            np = _parse_np(dm.group(1), lex, registry)
            if np is not None and np.kind == "person" and np.title == "":
                pass
            else:
                np = None
        if np is None:
            np = _parse_np(st[:-1], lex, registry) if len(st.split()) <= 12 else None
        if np is None or np.kind not in ("person", "org"):
            np = _sentence_subject(st[:-1], lex, registry, full_by_last)
        if np is not None and np.kind in ("person", "org", "described", "pronoun", "role"):
            return _Attr(np, "", "before", base)
    return None


def _sentence_subject(before: str, lex: dict, registry, full_by_last=None) -> _NP | None:
    """The name in subject position before a verb that is far from it
    ("Grushko ... having earlier described the meeting as a "...")."""
    mentions = _subject_mentions(before, lex, registry, full_by_last)
    if mentions:
        n = mentions[-1][1]
        return _NP(name=n, kind="person", phrase=n)
    m = _SUBJ_NP.match(before)
    if m and not lex["verb_re"].search(m.group(1)):
        np = _parse_np(m.group(1), lex, registry)
        if np is not None and np.kind in ("person", "org", "described"):
            return np
    np = _clause_subject(before, lex, registry, full_by_last)
    if np is not None and np.kind != "vague":
        return np
    return None


# ---- the subject of a clause: "Independent mayoral candidate Rosa Lindqvist quickly went on the radio,"

_LEAD_CONJ = re.compile(r"\W*(?:(?:But|And|Yet|So|Still|Then|Now|Meanwhile|However|Instead|Later|Earlier|Separately|"
                        r"Likewise|Also|Indeed|Finally)\b,?\s+)?")
# an opening adverbial phrase set off by a comma ("On Sunday,", "In late June,", "Before the convention,")
_LEAD_PHRASE = re.compile(r"(?:On|In|At|After|Before|During|Since|When|While|As|Like|Unlike|Amid|Despite|Following|Alongside|"
                          r"From|With|Without|Under|Over|Through|Throughout|Back|By|For|Until|Within|Last|This|"
                          r"Earlier|Later|Days|Hours|Weeks|Months|Years|Moments|Minutes|Shortly|Soon)\b"
                          r"[^,;:\"“”()]{0,90},\s+")
_AUX = {"is", "was", "are", "were", "has", "had", "have", "will", "would", "can", "could", "may", "might", "must",
        "should", "did", "does", "do", "didn't", "doesn't", "don't", "wasn't", "isn't", "won't", "wouldn't",
        "hasn't", "hadn't", "can't", "couldn't", "didn’t", "doesn’t", "don’t", "wasn’t", "isn’t", "won’t",
        "wouldn’t", "hasn’t", "hadn’t", "can’t", "couldn’t"}
# common irregular past tenses (regular ones end in -ed)
_IRREGULAR = {"took", "gave", "made", "went", "sent", "spoke", "wrote", "told", "said", "struck", "stood", "found",
              "thought", "sang", "began", "ran", "saw", "put", "got", "left", "kept", "held", "brought", "led",
              "set", "sought", "fought", "drew", "threw", "hit", "felt", "met", "paid", "won", "lost",
              "became", "came", "chose", "broke", "shook", "swore", "tore", "wore", "bore", "rose", "spent",
              "read", "heard", "knew", "grew", "flew", "blew", "shot", "let", "cast", "taught", "bought",
              "dealt", "meant", "laid", "sat", "stuck", "swung", "slid", "spun", "split", "quit", "bet"}
_SUBJ_DET = {"the", "a", "an", "one", "another", "two", "three", "four", "several", "some", "many", "his", "her",
             "their", "its"}
_NOT_HEAD = {"of", "for", "in", "on", "at", "to", "from", "with", "by", "about", "and", "or", "but", "that", "who",
             "which", "whose", "where", "when", "while", "as", "than", "if", "because"}


def _is_verb(tok: str, prev: str, lex: dict, strict: bool) -> bool:
    """Whether a lowercase token after a subject is its verb; ``strict``: an -s form only after a
    singular head."""
    low = tok.lower()
    if tok != low:
        return False
    if low in _AUX or low in _IRREGULAR or tok in lex["forms"]:
        return True
    if re.fullmatch(r"[a-z]{2,}ed", low):  # "used", "said", "warned"
        return True
    if re.fullmatch(r"[a-z]{2,}[a-rtv-z]s", low) and low not in _NOT_HEAD:
        # "projects", "urges": a verb only after a singular head ("campaign", a name)
        return not strict or prev[:1].isupper() or prev.lower() in lex["roles"] or prev.lower() in lex["orgs"]
    return False


def _clause_subject(sent: str, lex: dict, registry, full_by_last=None, verb_at_end=False) -> _NP | None:
    """The subject noun phrase opening a clause, when a verb follows it: a name ("Lindqvist didn't seem
    impressed"), a titled name ("Independent mayoral candidate Rosa Lindqvist quickly went"), an
    institution ("The Brody campaign projects"), a description ("One aide inside City Hall tried").
    None when the clause does not open with one (a pronoun is returned as such)."""
    t = _LEAD_CONJ.sub("", sent, count=1)
    dm = DATELINE.match(t)
    if dm:
        t = t[dm.end():]
    for _ in range(2):
        m = _LEAD_PHRASE.match(t)
        if not m:
            break
        t = t[m.end():]
        t = _LEAD_CONJ.sub("", t, count=1)
    toks = list(re.finditer(r"[^\s,;:()\"“”]+|,", t))
    if not toks:
        return None
    first = toks[0].group()
    if first.lower() in _SUBORDINATORS:
        return None
    if first.lower() in ("he", "she") and len(toks) > 1 and _is_verb(toks[1].group(), first, lex, False):
        return _NP(kind="pronoun", phrase=first.lower())
    base = re.sub(r"['’]s$|(?<=s)['’]$", "", first).lower()
    det = first.lower() in _SUBJ_DET or (re.search(r"[A-Za-z]['’]s$|s['’]$", first) is not None and first[:1].isupper()
                                          and base not in NOT_NAMES and base not in ("here", "let", "what", "who"))
    if not det and not first[:1].isupper():
        return None
    if not det and (first.lower() in NOT_NAMES or first.lower() in PRONOUNS):
        return None
    found = _subject_end(t, toks, det, lex, verb_at_end)
    if found is None:
        return None
    end, appos = found
    return _subject_np(t[:end].strip(" ,"), appos, det, lex, registry, full_by_last)


def _subject_end(t: str, toks, det: bool, lex: dict, verb_at_end: bool) -> tuple[int, str] | None:
    """Where the subject opening ``t`` ends (at its verb) and the appositive set off between them,
    walking over names, title words and (after a determiner) a few lowercase words; None when a word
    that cannot belong to a subject comes first."""
    i = 1 if det else 0
    n_lower = 0
    appos = ""
    end = None
    while i < len(toks) and i < 16:
        tok = toks[i].group()
        prev = toks[i - 1].group() if i else ""
        if tok == ",":
            # an appositive between subject and verb: ", the head of X,"
            rest = t[toks[i].end():]
            am = re.match(r"\s*([^,;:\"“”]{2,110}?),\s+", rest)
            if not am or i == (1 if det else 0):
                return None
            k = toks[i].end() + am.end()
            after = re.match(r"([^\s,;:()\"“”]+)", t[k:])
            # skip adverbs after the appositive ("..., subsequently testified")
            while after and (after.group(1).lower() in SKIP_WORDS and after.group(1).lower() not in _AUX
                             or after.group(1).endswith("ly")):
                k += after.end()
                k += len(t[k:]) - len(t[k:].lstrip())
                after = re.match(r"([^\s,;:()\"“”]+)", t[k:])
            if after and _is_verb(after.group(1), "x", lex, False):
                appos = am.group(1)
                end = toks[i].start()
            break
        low = tok.lower().strip(".'’")
        if verb_at_end and low in ("who", "which") and i > (1 if det else 0) and det:
            # "A city hall official who asked not to be named ... said": the head before its relative clause
            end = toks[i].start()
            break
        if i > (1 if det else 0) and (_is_verb(tok, prev, lex, det) or low in SKIP_WORDS and tok == tok.lower()
                                      and low not in _NOT_HEAD and low not in ("to", "on", "in", "a", "an", "so")
                                      or re.fullmatch(r"[a-z]+ly", tok)):
            end = toks[i].start()
            break
        if tok[:1].isupper() or tok[:1].isdigit():
            i += 1
            continue
        if low in ("of", "for", "the", "at", "from", "and") and i + 1 < len(toks) and toks[i + 1].group()[:1].isupper():
            i += 1
            continue
        if not det and tok == tok.lower() and re.fullmatch(r"[a-z][\w'’-]*", tok) and low not in _NOT_HEAD \
                and low not in _NOT_IN_NP and n_lower < 4 and i + 1 < len(toks) \
                and (toks[i + 1].group()[:1].isupper() or i + 2 < len(toks) and toks[i + 2].group()[:1].isupper()
                     and not _is_verb(toks[i + 1].group(), tok, lex, True)):
            # lowercase words of a title before a name ("Independent mayoral candidate Rosa Lindqvist")
            n_lower += 1
            i += 1
            continue
        if det and tok == tok.lower() and re.fullmatch(r"[a-z][\w'’-]*", tok) and low not in _NOT_HEAD \
                and low not in _NOT_IN_NP and n_lower < 5:
            n_lower += 1
            i += 1
            continue
        if det and low in ("of", "for", "inside", "at", "in", "on", "from", "with") and n_lower < 6:
            # "One aide inside City Hall", "a spokesman for the campaign"
            n_lower += 1
            i += 1
            continue
        return None
    if end is None and verb_at_end and i == len(toks) and i > (1 if det else 0):
        end = len(t)  # the text stops right before the verb
    if end is None:
        return None
    return end, appos


def _subject_np(phrase: str, appos: str, det: bool, lex: dict, registry, full_by_last) -> _NP | None:
    """The speaker a clause's subject phrase names: a body named in full, a name (one capitalised word
    only when the article or the registry knows it), an appositive's name, a description; None for a
    thing said or two coordinated people."""
    if not phrase or len(phrase.split()) > 14:
        return None
    if det and phrase.split()[0].lower() in ("his", "her", "their", "its"):
        return None
    words = phrase.split()
    head = words[-1].lower().strip(".,'’")
    if len(words) > 1 and (head in lex["orgs"] or head in lex["org_heads"]) and not appos:
        # an institution named in full ("the American Bar Association", "The Brody campaign"): the
        # whole phrase is the speaker; a side only when the registry names the institution itself
        name = re.sub(r"^(?:the|a|an)\s+", "", _clean(phrase), flags=re.I)
        party_ok = registry is not None and (head in lex["state_heads"] or registry.term_kind(name) == "name")
        return _NP(name=name, kind="org", phrase=phrase, party_ok=party_ok)
    if len(words) == 1 and not det:
        # one capitalised word is a name only if the article gives it in full or the registry knows it
        # ("Lindqvist didn't"), not a noun opening the sentence ("Guns are", "Audiences can")
        w = re.sub(r"['’]s$", "", words[0])
        if not ((full_by_last is not None and (full_by_last.get(w.lower())
                                                or (hasattr(full_by_last, "proper") and full_by_last.proper(w))))
                or registry is not None and (registry.person(w) is not None or registry.party_term(w))):
            return None
    if appos and _NAME_START.match(appos.strip()) and all(_is_name_token(w, lex["titles"], lex["roles"])
                                                          for w in appos.split()):
        # "Brody's Nevada field director, Tom Ashby, reached out": the appositive is the name
        return _NP(name=appos.strip(), title=re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.I), kind="person",
                   phrase=phrase)
    if re.search(r"\s[a-z][\w-]*['’]s?\s", " " + phrase + " ") and not words[0].endswith(("'s", "’s")):
        return None  # "The Nevada senator's reply was": the subject is a thing said, not a speaker
    np = _parse_np(phrase + (", " + appos if appos else ""), lex, registry)
    if np is not None and np.kind == "person" and re.search(r"\s(?:and|or)\s", phrase) \
            and not re.search(r"\s(?:and|or)\s", np.title or ""):
        return None  # "Antony Blinken and Sergei Lavrov met": two people, not one speaker
    if np is None and det:
        if head in lex["roles"] or words[-1][:1].isupper():
            np = _NP(name=_clean(phrase), kind="described", phrase=phrase)
    return np


_SUBJ_NP = re.compile(r"\W*(?:(?:But|And|Yet|So|Still|However|Then|Now|Instead|Meanwhile|Later)\b,?\s*)?"
                      r"((?:the|a|an|The|A|An)\s+[^,;:]{0,60}?)\s+(?:also\s+)?(?:has|had|have|was|were|is|are|will|would|"
                      r"[a-z]+ed|[a-z]+[^s]s)\b")


# ------------------------------------------------------------- the stage

_CAP_RUN = re.compile(r"(?<![\w.'’-])((?:[A-Z][\w'’\-]*\.?|[A-Z]\.)(?:\s+(?:(?:de|da|van|von|der|bin|al|la|le|del)\s+)?(?:[A-Z][\w'’\-]*|[A-Z]\.))*)")


# title words that qualify a title, never a surname on their own ("Former Nevada governor")
_NOT_BEFORE_SURNAME = {"former", "then", "acting", "interim", "ex", "top", "senior", "vice", "deputy", "foreign",
                       "national", "supreme", "allied", "joint", "u.s", "us", "u.k", "uk", "eu", "un", "u.n",
                       "russian", "ukrainian", "american", "british", "german", "french", "european", "belarusian",
                       "chinese", "democratic", "republican", "gop", "state", "state's", "under", "assistant"}


def _person_mentions(text: str, lex: dict, registry) -> list[tuple[int, str]]:
    """(offset, name) of person-like capitalised name runs (two+ name tokens, or registered)."""
    out = []
    titles, roles = lex["titles"], lex["roles"]
    for m in _CAP_RUN.finditer(text):
        toks = m.group(1).split()
        # drop title words at the front
        k = 0
        while k < len(toks) and not _is_name_token(toks[k], titles, roles):
            k += 1
        name_toks = toks[k:]
        if not name_toks:
            continue
        poss = [i for i, t in enumerate(name_toks[:-1]) if re.search(r"['’]s?$", t)]
        if poss:  # "Brody's Nevada": a possessor and a thing, not a name
            continue
        name = re.sub(r"['’]s?$", "", " ".join(name_toks)).rstrip(".")
        if len(name_toks) >= 2 and all(_is_name_token(t, titles, roles) for t in name_toks):
            if registry is not None and registry.party_term(name) and not registry.person(name):
                continue
            out.append((m.start() + m.group(1).find(name_toks[0]), name))
        elif registry is not None and registry.person(name) is not None:
            out.append((m.start() + m.group(1).find(name_toks[0]), name))
        elif k > 0 and len(name_toks) == 1 and toks[k - 1].lower().rstrip(".") in titles \
                and toks[k - 1].lower().rstrip(".") not in _NOT_BEFORE_SURNAME:  # "Mr. Brandt", not "Former Nevada"
            out.append((m.start() + m.group(1).find(name_toks[0]), name))
    return out


def extract_quotes(article, registry=None) -> list[dict]:
    """Every direct quotation in ``article`` with speaker, title and party."""
    lex = _lexicon()
    if registry is None:
        from .actors import load_registry
        registry = load_registry()
    # the registry's party adjectives, for telling "Russian claims" (a noun) from a verb
    lex = dict(lex, adjectives=registry.derived("quote_adjectives", _party_adjectives))
    paras = article.paragraphs
    spans_by_par, masked = _article_spans(paras, lex)
    # article-wide name index (surname -> full name) and named roles, built only when needed
    full_by_last = _SurnameIndex("\n".join(masked), lex)
    ctx = _Ctx(lex, registry, full_by_last, _Deferred(_named_roles, paras, masked, lex, registry),
               str(getattr(article, "date", "") or ""), _Deferred(_owned_documents, masked, lex, registry),
               tuple(masked))
    rows: list[dict] = []
    carry = _Carry(None, [], None)
    for pi, par in enumerate(paras):
        spans = spans_by_par[pi]
        if not spans:
            carry = _carry_plain(masked[pi], ctx, carry, pi)
            continue
        attrs = [_attribution(par, spans, qi, lex, registry, full_by_last) for qi in range(len(spans))]
        if (label := _transcript_label(par, lex, registry, full_by_last)) is not None:
            # in a speaker's turn, a quote with no attribution, or one the speaker gives as "I"/"we", is theirs
            attrs = [label if at is None or at.np.kind == "pronoun" and at.np.phrase in ("i", "we") else at
                     for at in attrs]
        resolved: list[dict | None] = []
        for at in attrs:
            r = _resolve(at, ctx, masked[pi], resolved, carry, pi) if at else None
            if r is not None and at is not None:
                r["pos"] = at.pos
            resolved.append(r)
        for qi in range(len(spans)):
            if attrs[qi] is None:
                resolved[qi] = _inherited(par, masked[pi], spans, qi, attrs, resolved, carry, ctx, pi)
        rows.extend(_quote_rows(article.article_id, pi, par, spans, attrs, resolved, lex))
        carry = _carry_quotes(spans, resolved, masked[pi], ctx, carry, pi)
    _names_as_written(rows, article, registry)
    for i, r in enumerate(rows):
        r["quote_id"] = f"{article.article_id}:q{i}"
    return rows


def _article_spans(paras: list[str], lex: dict) -> tuple[list[list], list[str]]:
    """The quotation spans of each paragraph (quoted terms dropped) and each paragraph with its
    quotations blanked."""
    if single_marked(paras):
        spans_by_par = [quote_spans(p, single=True) for p in paras]
    else:
        spans_by_par = [quote_spans(p) if ('"' in p or "“" in p or "''" in p or "«" in p or "”" in p
                                           or "„" in p or "’’" in p or "``" in p) else [] for p in paras]
    masked = [_mask(p, spans_by_par[i]) for i, p in enumerate(paras)]
    # quoted terms (one word, a title in Title Case) are never quotations: drop them before
    # attribution, so "As Nolan, author of "Quiet Harbours," put it, "..." reads as one clause
    spans_by_par = [[sp for sp in spans if sp.unclosed or (_term(paras[i][sp.start:sp.end]) != "title case"
                                                     and not _cited_headline(paras[i], sp.start, sp.end))
                     or _speech_shaped(paras[i], sp.start, sp.end, lex)]
                    for i, spans in enumerate(spans_by_par)]
    return spans_by_par, masked


class _Carry(NamedTuple):
    """What a paragraph hands to the next one."""
    open_speaker: dict | None  # the speaker of a quotation left open at the paragraph's end
    speakers: object  # the paragraph's speakers (a list, or a _Deferred one)
    quote_speaker: object  # whom a following paragraph of pure quotation continues (dict, _Deferred or None)
    last_person: object = None  # the person the paragraph last made its speaker or subject (dict, _Deferred)
    text: str = ""  # the paragraph, quotations blanked


def _get(v):
    """The value of a _Deferred, or ``v`` itself."""
    return v() if isinstance(v, _Deferred) else v


def _carry_plain(masked: str, ctx: _Ctx, before: _Carry, pi: int) -> _Carry:
    """A paragraph without quotes: its speech-verb subjects; a paragraph reporting one person's words
    (or introducing them with a colon) is followed by a paragraph of their quotation; failing a speech
    verb, the person its last sentence is about."""
    speakers = _Deferred(_paragraph_speakers, masked, ctx.lex, ctx.registry, ctx.full_by_last, ctx.named_roles)
    lead_in = _Deferred(_lead_in_speaker, speakers, masked, ctx.lex, ctx.registry, ctx.full_by_last)
    return _Carry(None, speakers, lead_in, _Deferred(_last_person, masked, [], ctx, before.last_person, pi), masked)


def _carry_quotes(spans, resolved, masked: str, ctx: _Ctx, before: _Carry, pi: int) -> _Carry:
    """A paragraph with quotes: an open last quote carries its speaker on; one named speaker is
    whom a following paragraph of quotation continues."""
    last, last_r = spans[-1], resolved[-1]
    open_speaker = last_r if (last.unclosed and last_r and last_r.get("speaker")) else None
    named = {r["speaker"] for r in resolved if r and r.get("speaker")}
    quote_speaker = last_r if (last_r and last_r.get("is_person") and len(named) == 1) else None
    sp = [r for r in resolved if r and r.get("speaker")]
    speakers = sp if sp else _Deferred(_paragraph_speakers, masked, ctx.lex, ctx.registry, ctx.full_by_last,
                                       ctx.named_roles)
    last = _Deferred(_last_person, masked, [r for r in resolved if r], ctx, before.last_person, pi)
    return _Carry(open_speaker, speakers, quote_speaker, last, masked)


# "He said", "she added": a pronoun opening a sentence or clause as its subject
_PRONOUN_SUBJECT = re.compile(r"(?:^|[.!?:;]\s+|,\s+(?:and|but)\s+|\b(?:and|but|as|while)\s+)([Hh]e|[Ss]he)\s+(?:also\s+|later\s+)?"
                              r"(?:[a-z]+ed|[a-z]+s|said|told|was|is|has|had|will|would)\b")


def _last_person(masked: str, resolved: list[dict], ctx: _Ctx, before, pi: int) -> dict | None:
    """The person a paragraph last makes its speaker or subject (a reader's antecedent for "he"/"she"
    or a bare role opening the next paragraph): a resolved person speaker, a name in subject
    position, the subject of a speech verb (a role resolved in the article), or a subject "he"/"she"
    that goes on with the person carried into this paragraph. A person who is only an object
    ("they urged Putin to ...") never is; a paragraph with no person as subject carries none."""
    lex, registry, full_by_last = ctx.lex, ctx.registry, ctx.full_by_last
    cands: list[tuple[int, dict | None]] = []
    for r in resolved:
        cands.append((r.get("pos", 0), r if r.get("speaker") and r.get("is_person") else None))
    for off, n in _subject_mentions(masked, lex, registry, full_by_last):
        cands.append((off, _speaker_row(_NP(name=n, kind="person"), "", registry, full_by_last, 0.5)))
    for cm in _cue_iter(masked, lex):
        np = _np_before(masked[_lookback(masked, cm.start()):cm.start()], lex, registry)
        if np is None or np.kind == "pronoun":
            continue
        if np.kind == "role":
            r = _resolve_role(_Attr(np, "", "before", cm.start()), ctx, masked, pi)
            cands.append((cm.start(), r if r.get("is_person") else None))
        else:
            r = _speaker_row(np, "", registry, full_by_last, 0.5)
            cands.append((cm.start(), r if np.kind == "person" else None))
    cands = [c for c in cands if c[1] is not None]  # a body or a plural subject is no "he" or "she"
    cands.sort(key=lambda c: c[0])
    starts = [0, *_sentence_bounds(masked)]
    for s0, s1 in zip(starts, [*starts[1:], len(masked)], strict=True):
        np = _clause_subject(masked[s0:s1], lex, registry, full_by_last)
        if np is not None and np.kind == "role":  # "The French president insisted ..."
            r = _resolve_role(_Attr(np, "", "before", s0), ctx, masked, pi)
            if r.get("is_person"):
                cands.append((s0, r))
        elif np is not None and np.kind == "person":
            cands.append((s0, _speaker_row(np, "", registry, full_by_last, 0.5)))
    cands.sort(key=lambda c: c[0])
    prev = _get(before)
    for m in _PRONOUN_SUBJECT.finditer(masked):
        # a subject "he"/"she" goes on with the last person before it (in this paragraph, else carried in)
        want = "m" if m.group(1).lower() == "he" else "f"
        earlier = [r for p, r in cands if p < m.start(1)]
        who = earlier[-1] if earlier else prev
        if who is not None and (not who.get("gender") or who.get("gender") == want):
            cands.append((m.start(1), who))
    if not cands:
        return None
    return max(cands, key=lambda c: c[0])[1]


def _attribution(par: str, spans, qi: int, lex: dict, registry, full_by_last) -> _Attr | None:
    """The attribution of quote ``qi`` found in the text around it: a speech noun's owner, else the
    clause after the quote when the quote ends with a comma (or the like), else the sentence before it."""
    a, b, unclosed, _ = spans[qi]
    gap_before_start = spans[qi - 1].end + 1 if qi else 0
    gap_after_end = spans[qi + 1].start - 1 if qi + 1 < len(spans) else len(par)
    qtext = par[a:b]
    after_start = min(b + 1, len(par)) if not unclosed else len(par)
    gap_after = par[after_start:gap_after_end] if not unclosed else ""
    gap_before = par[gap_before_start: max(a - 1, gap_before_start)]
    # drop what is left of the marks themselves ('' and ``) and parentheticals like (D-Ill.)
    k = len(gap_after) - len(gap_after.lstrip("'’\"”»`"))
    after_start += k
    gap_after = _PAREN.sub(lambda m: " " * len(m.group()), gap_after[k:])
    gap_before = _PAREN.sub(lambda m: " " * len(m.group()), gap_before.rstrip("'‘`\"“«„"))
    if qi and spans[qi - 1].unclosed:
        gap_before = ""
    at = _possessive_attr(gap_before, gap_after, lex, registry, gap_before_start)
    if at is not None:
        return at
    post_first = qtext.rstrip()[-1:] in (",", "?", "!", "—", "–", "-", "…") or gap_after.lstrip().startswith(",")
    if post_first:
        at = _attr_after(gap_after, qtext, lex, registry, after_start)
        if at is None:
            at = _attr_before(gap_before, lex, registry, gap_before_start, full_by_last)
        return at
    at = _attr_before(gap_before, lex, registry, gap_before_start, full_by_last)
    if at is None and not gap_before.rstrip().endswith(":"):
        at = _attr_after(gap_after, qtext, lex, registry, after_start)
    return at


# "PRICE: ...", "MR. KIRBY: ...", "SECRETARY BLINKEN: ...", "Q: ...": a transcript's speaker label
_LABEL = re.compile(r"(?:(?:MR|MS|MRS|DR|GEN|ADM|SEN|REP)\.?\s+|(?:SECRETARY|MINISTER|PRESIDENT|AMBASSADOR|GENERAL|"
                    r"ADMIRAL|SENATOR|MODERATOR)\s+)?([A-Z][A-Z'’\-]+(?:\s+[A-Z][A-Z'’\-]+){0,2}):\s+(?=\S)")
_NOT_LABELS = frozenset({"Q", "QUESTION", "QUESTIONS", "ANSWER", "A", "UPDATE", "EDITOR'S NOTE", "NOTE", "BREAKING",
                         "WATCH", "READ MORE", "RELATED", "ANALYSIS", "LIVE", "CORRECTION", "CLARIFICATION"})


def _transcript_label(par: str, lex: dict, registry, full_by_last) -> _Attr | None:
    """The person a transcript's speaker label names at the paragraph's start ("PRICE: ..."): a
    surname the article gives in full, or a registered name; a questioner ("Q:") is nobody."""
    m = _LABEL.match(par)
    if not m or m.group(1) in _NOT_LABELS:
        return None
    words = [w.capitalize() for w in m.group(1).split()]
    name = " ".join(words)
    full = full_by_last.get(words[-1].lower()) if len(words) == 1 else None
    if full is None and (registry is None or registry.person(name) is None) and len(words) == 1:
        return None
    return _Attr(_NP(name=full or name, kind="person", phrase=name), "say", "label", 0)


def _inherited(par: str, masked: str, spans, qi: int, attrs, resolved, carry: _Carry, ctx: _Ctx, pi: int):
    """The speaker of a quote with no attribution of its own, or None: the quote before it in the same
    sentence; the subject of its sentence; the quote whose attribution ends the chain; the speaker of
    a quotation running on from the paragraph before; the one person the text just before reports."""
    lex, registry, full_by_last = ctx.lex, ctx.registry, ctx.full_by_last
    src = None
    for qj in range(qi - 1, -1, -1):
        if resolved[qj] is not None:
            src = qj
            break
    if src is None:
        for qj in range(qi + 1, len(spans)):
            if attrs[qj] is not None:
                # only when the later attribution ends the chain of quotes ("A." "B," he said.)
                between = par[spans[qi].end:spans[qj].start]
                if not lex["verb_re"].search(between):
                    src = qj
                break
    same_sentence = (qi > 0 and resolved[qi - 1] is not None
                     and not re.search(r"[.!?]$", par[spans[qi - 1].start:spans[qi - 1].end])
                     and not _sentence_bounds(par[spans[qi - 1].end:spans[qi].start]))
    if same_sentence:  # "... was “a lost cause” while the rival bid is “a long shot”"
        return dict(resolved[qi - 1], confidence=min(resolved[qi - 1]["confidence"], 0.8), inherited=True)
    if src is not None and src > qi and resolved[src] is not None and attrs[src].where == "after" \
            and not re.search(r"[.!?…]$", par[spans[qi].start:spans[qi].end]) \
            and not _sentence_bounds(par[spans[qi].end:spans[src].end]):
        # 'The plan brings "delays" and "costs," unless it is amended, Nolan said.': the
        # attribution closing the sentence gives every quote in it, not the sentence's subject
        return dict(resolved[src], confidence=min(resolved[src]["confidence"], 0.8), inherited=True)
    if not spans[qi].at_start and (ss := _sentence_speaker(par, masked, spans[qi].start, lex, registry,
                                                     full_by_last)) is not None:
        if isinstance(ss, _Attr):
            ss = _resolve(ss, ctx, masked, resolved[:qi], carry, pi)
            ss = dict(ss, confidence=min(ss["confidence"], 0.5), subject_only=True)
        a_, b_ = spans[qi].start, spans[qi].end
        if ss.get("subject_only") and _is_scare(par, a_, b_, par[a_:b_], attrs, qi, lex) \
                not in ("", "inside a noun phrase"):
            # a term in the writer's sentence (the city's "green belt") is not the subject's words
            return None
        return ss
    if src is not None and resolved[src] is not None:
        return dict(resolved[src], confidence=min(resolved[src]["confidence"], 0.8), inherited=True)
    if qi == 0 and spans[qi].at_start and carry.open_speaker is not None:
        # a long quotation running on from the previous paragraph
        return dict(carry.open_speaker, confidence=min(carry.open_speaker["confidence"], 0.7), inherited=True)
    pq = carry.quote_speaker
    if qi == 0 and spans[qi].at_start and pq is not None and _quote_only(par, spans) \
            and (pq := pq() if isinstance(pq, _Deferred) else pq):
        # a paragraph that is only a quotation, right after one quoting (or introducing) a named person
        return dict(cast(dict, pq), confidence=0.5, inherited=True)
    if qi == 0 and not spans[qi].at_start and _opens_sentence(par, spans[qi].start) and _sentence_is_quote(par, spans, qi):
        head = masked[: spans[qi].start]
        pq = _lead_in_speaker(_Deferred(_paragraph_speakers, head, lex, registry, full_by_last, ctx.named_roles),
                              head.rstrip(" \"“'‘«`"), lex, registry, full_by_last)
        if pq:
            # 'Nolan said the ferries would run. "That's why the harbour ..."': a sentence that is
            # only a quotation continues the one person the sentences before it report
            return dict(pq, confidence=0.5, inherited=True)
    return None


# verbs whose quoted object is someone else's word ('dismissed Moscow's claims of "encirclement"')
_OTHERS_WORDS_CUES = frozenset({"dismiss", "reject", "deny", "mock", "ridicule", "deride", "scoff", "cite", "quote",
                                "rebuff", "brush", "counter", "refute", "accuse", "blame"})


def _quote_rows(aid: str, pi: int, par: str, spans, attrs, resolved, lex: dict) -> list[dict]:
    """One row per quotation of the paragraph; short spans that are terms rather than speech
    (a title, one unattributed word, a measure, a so-called term with no speaker) are left out."""
    rows = []
    for qi, (a, b, _unclosed, _at_start) in enumerate(spans):
        qtext = par[a:b]
        r = resolved[qi]
        if r is None or len(re.findall(r"[\w'’]+", qtext)) <= 3:
            why = _is_scare(par, a, b, qtext, attrs, qi, lex)
            # an attributed short quote stays a quote unless it is a title, or one word that
            # no one speaking for a side is said to have used ("Peskov dismissed it as "hysteria"")
            if why == "one word" and r is not None and r.get("party") and r.get("cue") \
                    and r.get("confidence", 0) >= 0.8 and not r.get("inherited"):
                why = ""
            elif why == "one word" and r is not None and r.get("speaker") and r.get("cue") \
                    and r.get("party") and not r.get("subject_only") \
                    and r.get("cue") not in _OTHERS_WORDS_CUES:
                # a word a speaker for a side is said to have used ('described the talks as "candid"')
                why = ""
            if why == "title case" and _speech_shaped(par, a, b, lex):
                why = ""
            if why and (r is None or why in ("one word", "title case", "measure")
                        or why in ("so-called", "modifier") and not r.get("speaker")):
                continue
        r = r or {}
        rows.append({
            "article_id": aid, "paragraph": pi, "start": a, "end": b, "text": qtext,
            "speaker": r.get("speaker", ""), "title": r.get("title", ""),
            "party": r.get("party", ""), "cue": r.get("cue", ""),
            "kind": _kind(par, a, b, qtext), "confidence": round(r.get("confidence", 0.3), 2),
            "quote_id": "", "written": r.get("written", ""),
            "speaker_source": r.get("source", "named") if r.get("speaker") else "",
        })
    return rows


def _names_as_written(rows: list[dict], article, registry) -> None:
    """A registered speaker is given as the article writes the name ("Volodymyr Zelenskiy" in one
    wire story, "Zelenskyy" in another) where its surname differs from the registry's; ``person``
    holds the registry's one name (empty for speakers the registry does not know), so tables can
    still count a person across spellings. Reads the spellings the attributions met (``written``)."""
    keys = registry.people_by_name if registry is not None else {}
    people = []
    for r in rows:
        # only a speaker that is a registered name itself ("Macron's office" is not Macron)
        p = keys.get(fold(r["speaker"])) if r["speaker"] else None
        r["person"] = p.name if p is not None else ""
        people.append(p)
    forms: dict[str, tuple] = {}
    for r, p in zip(rows, people, strict=True):
        w = r.get("written") or ""
        if p is not None and w:
            rank = (len(w.split()), -len(forms))
            if p.name not in forms or rank[0] > forms[p.name][0][0]:
                forms[p.name] = (rank, w)
    named = {p.name for r, p in zip(rows, people, strict=True) if p is not None and r.get("speaker_source") == "named"}
    missing = {p.name for p in people if p is not None and p.name not in named}
    if missing:
        # speakers found through a role or a pronoun: the spelling the article uses elsewhere
        # ("Scholz's office posted ... the German chancellor"), one pass over the article
        for para in article.paragraphs:
            for a, b in registry.name_matches(para):
                w = para[a:b]
                p = registry.person(w)
                if p is not None and p.name in missing and fold(w.split()[-1]) not in fold(p.name).split():
                    full = " ".join([*p.name.split()[:-1], w.split()[-1]]) if len(w.split()) == 1 else w
                    if forms.get(p.name, ((0, 0), p.name))[1] == p.name:
                        forms[p.name] = ((len(full.split()), 0), full)
    for r, p in zip(rows, people, strict=True):
        r.pop("written", None)
        if p is not None and p.name in forms:
            w = forms[p.name][1]
            # a spelling variant only: a last word that is not a word of the registry's name
            # ("Zelenskiy" for "Volodymyr Zelensky", not "Xi" for "Xi Jinping")
            if fold(w.split()[-1]) not in fold(p.name).split() and registry.person(w) is p:
                r["speaker"] = w


class _Deferred:
    """A value computed on first use (most paragraphs never need their speakers or the roles)."""

    def __init__(self, fn, *args):
        self.fn, self.args, self.value = fn, args, None

    def __call__(self):
        if self.value is None:
            self.value = self.fn(*self.args)
        return self.value


class _SurnameIndex:
    """surname (lower case) -> the first full name in the article ending with it, looked up on demand."""

    def __init__(self, text, lex):
        self.text, self.lex, self.memo, self.index = text, lex, {}, None

    def get(self, key, default=None):
        if key not in self.memo:
            self.memo[key] = self._find(key)
        return self.memo[key] or default

    def proper(self, word: str) -> bool:
        """The article writes ``word`` capitalised inside a sentence too ("... said Brody", "by Okafor"),
        so it is a name, not a common noun opening a sentence ("Guns are", "Audiences can")."""
        key = "\0proper:" + word
        if key not in self.memo:
            self.memo[key] = re.search(r"(?<=[a-z,;] )%s(?![\w'’-])" % re.escape(word), self.text) is not None \
                and re.search(r"(?<![\w'’-])%s(?![\w'’-])" % re.escape(word.lower()), self.text) is None
        return self.memo[key]

    def _find(self, key):
        """The first full name in the article ending with surname ``key`` (index built on first use)."""
        if self.index is None:
            titles, roles = self.lex["titles"], self.lex["roles"]
            idx: dict[str, str] = {}
            for m in _NAME_RUN.finditer(self.text):
                toks = m.group().split()
                k = 0
                while k < len(toks) and not _is_name_token(toks[k], titles, roles):
                    k += 1
                toks = toks[k:]
                # the name is the run's tail after its last title word ("Elko Mayor Ruth Hollis")
                j = len(toks)
                while j > 0 and (_is_name_token(toks[j - 1], titles, roles) or toks[j - 1] in PARTICLES):
                    j -= 1
                toks = toks[j:]
                poss = [i for i, t in enumerate(toks[:-1]) if re.search(r"['’]s?$", t)]
                if poss:  # "Brody's Nevada field director": the possessor is not part of a name
                    toks = toks[poss[-1] + 1:]
                if len(toks) >= 2 and all(_is_name_token(t, titles, roles) or t in PARTICLES for t in toks):
                    name = " ".join(toks).rstrip(".,;:")
                    idx.setdefault(toks[-1].lower().rstrip(".,;:"), name)
            self.index = idx
        return self.index.get(key)


_NAME_RUN = re.compile(r"(?<![\w.'’-])(?:[A-Z][\w'’-]*\.?|[A-Z]\.)(?:[ \t]+(?:[A-Z][\w'’-]*\.?|[A-Z]\.|de|van|von|der|bin|al)){1,5}")


def _opens_sentence(par: str, a: int) -> bool:
    """The quote at ``a`` opens a new sentence (a sentence ends right before its mark)."""
    before = par[_lookback(par, a):a].rstrip().rstrip("\"“'‘«`„").rstrip()
    return bool(before) and before[-1] in ".!?" and not _ABBR_END.search(before)


def _sentence_is_quote(par: str, spans, qi: int) -> bool:
    """Nothing but quotation (and punctuation) from the quote to the end of its sentence."""
    b = spans[qi].end
    rest = _mask(par, spans)[b:]
    m = re.search(r"[.!?][\"”'’»]*\s+[A-Z]", rest)
    rest = rest[: m.start()] if m else rest
    return not re.search(r"[A-Za-z]{2,}", rest)


def _lead_in_speaker(prev_speakers, masked, lex, registry, full_by_last):
    """The person whose quotation a paragraph without quotes leads into: its one named speaker, else
    the named person its last sentence opens with ("Delacroix is upbeat about Brody's chances.")."""
    r = _only_speaker(prev_speakers)
    if r is not None:
        return r
    rows = prev_speakers() if isinstance(prev_speakers, _Deferred) else prev_speakers
    if any(x.get("speaker") for x in rows):
        return None
    bounds = _sentence_bounds(masked)
    last = masked[bounds[-1]:] if bounds else masked
    np = _clause_subject(last, lex, registry, full_by_last)
    if np is None or np.kind != "person":
        return None
    return dict(_speaker_row(np, "", registry, full_by_last, 0.45), subject_only=True)


def _only_speaker(prev_speakers):
    """The one named person speaking in a paragraph, or None."""
    rows = prev_speakers() if isinstance(prev_speakers, _Deferred) else prev_speakers
    names = {r["speaker"] for r in rows if r.get("speaker") and r.get("is_person")}
    if len(names) != 1:
        return None
    return next(r for r in rows if r.get("speaker") and r.get("is_person"))


def _quote_only(par: str, spans) -> bool:
    """The paragraph is quotation(s) and punctuation only, no words of the writer's."""
    rest = _mask(par, spans)
    return not re.search(r"[A-Za-z]{2,}", rest)


def _mask(par: str, spans) -> str:
    """The paragraph with the words inside quotation marks blanked (offsets kept)."""
    if not spans:
        return par
    out, last = [], 0
    for a, b, _, _ in spans:
        out.append(par[last:a])
        out.append(" " * (b - a))
        last = b
    out.append(par[last:])
    return "".join(out)


def _kind(par: str, a: int, b: int, qtext: str) -> str:
    """full: the quote is a sentence of its own; partial: a few words inside the writer's sentence."""
    first = qtext.lstrip()[:1]
    before = par[_lookback(par, a):a].rstrip()
    before = before[:-2].rstrip() if before.endswith(("''", "``")) else before[:-1].rstrip()
    sentence_initial = not before or before[-1:] in ".!?:" or before.endswith(("said", "says", ","))
    if (first.isupper() or first.isdigit()) and (sentence_initial or len(qtext.split()) > 8):
        return "full"
    if len(qtext.split()) >= 12 and re.search(r"[.!?]\s", qtext):
        return "full"
    return "partial"


_SMALL_WORDS = {"a", "an", "the", "of", "in", "on", "to", "for", "and", "or", "at", "by", "with", "from",
                "is", "as", "vs"}


def _term(qtext: str) -> str:
    """A quoted term whatever its context: one word, or a short title/name in Title Case."""
    ws = re.findall(r"[\w'’]+", qtext)
    if len(ws) <= 1:
        return "one word"  # a quoted word is a term ("brusk", "Hamas"), not a quotation
    content = [w for w in ws if w.lower() not in _SMALL_WORDS]
    if len(ws) <= 3 and content and all(w[:1].isupper() or w[:1].isdigit() for w in content):
        return "title case"  # a title or name ("Meet the Press", "Normandy Format")
    if _SUBTITLED.match(qtext.strip()) and all(_title_cased(part) for part in qtext.split(":", 1)):
        return "title case"  # a work's title and subtitle ("Kremlin Rising: Power in the New Russia")
    return ""


# "Title: Subtitle" (colon after the first few words); a sentence of speech is never capitalised word by word
_SUBTITLED = re.compile(r"^[^:.?!]{1,60}[^\s:]:\s+\S+\s+\S")


def _title_cased(s: str) -> bool:
    """Every content word capitalised (or a number)."""
    ws = re.findall(r"[\w'’-]+", s)
    content = [w for w in ws if w.lower() not in _SMALL_WORDS]
    return bool(content) and all(w[:1].isupper() or w[:1].isdigit() for w in content)


# a headline cited with its byline, as news roundups do: "Headline," by Outlet's Reporter: "..."
_BYLINE_AFTER = re.compile(r"\s*(?:''|’’|[\"”»'’])?\s*,?\s*(?:''|’’|[\"”»'’])?\s+by\s+(?:the\s+)?"
                           r"(?:[A-Z][\w'’.&-]*\s+){0,6}?[A-Z][\w'’.-]*\s*:")


def _cited_headline(par: str, a: int, b: int) -> bool:
    """A quoted headline followed by its byline and a colon is the title of an article, not speech."""
    return (par[b - 1:b] == "," or par[b:b + 3].lstrip("'’\"”» ").startswith(",")) \
        and _BYLINE_AFTER.match(par, b) is not None


def _speech_shaped(par: str, a: int, b: int, lex) -> bool:
    """A short capitalised span the sentence shapes as speech, not a title: it opens its sentence and
    its speaker and verb follow ('"Word is," Hollis said, "..."', the first part of a split quote;
    '"Your Honor," I said')."""
    before = par[_lookback(par, a):a].rstrip(" \t\"“'‘`«„")
    if before and before[-1] not in ".!?":
        return False
    q = par[a:b].rstrip()
    if q[-1:] not in (",", "?", "!"):
        return False
    after = par[b:].lstrip("'’\"”»` ")
    m = re.match(r"((?:[A-Z][\w.'’-]*|he|she|they|we|I|it)(?:\s+[\w.'’-]+){0,3})", after)
    head = m.group(1) if m else ""
    return bool(head) and lex["verb_re"].search(head) is not None


def _is_scare(par: str, a: int, b: int, qtext: str, attrs, qi, lex) -> str:
    """Why a quoted span is a term in the writer's own sentence, not a quotation ('' if it is one)."""
    words = qtext.split()
    t = _term(qtext)
    if t:
        return t
    if len(words) > 4:
        return ""
    if re.search(r"[.!?,]$", qtext.strip()):
        return ""
    before = par[_lookback(par, a):a].rstrip()
    before = before[:-2] if before.endswith(("''", "``", "’’")) else before[:-1]
    after = par[b:].lstrip("\"”»'’ ")
    if before.rstrip()[-1:] in (":",) or not before.strip():
        return ""
    if re.search(r"\bso-called\s*$", before, re.I):
        return "so-called"  # the writer's distancing from a term, whatever verbs the sentence holds
    if _MEASURE_OF.search(before):
        return "measure"  # '90 tonnes of "lethal aid"': goods counted by the writer, not anyone's words
    nxt = _NEXT_WORD.match(after)
    if (nxt and nxt.group(1) not in _NOT_A_HEAD_NOUN and len(words) <= 4
            and re.search(r"\b(?:on|in|of|for|under|into|to|the|a|an|its|their|his|her)\s*$", before, re.I)):
        return "modifier"  # 'on "prepare to deploy" orders': a term modifying the noun after it
    # a speech verb in the same sentence attributes it
    sent_start = max(before.rfind(". "), before.rfind("? "), before.rfind("! "))
    sentence = before[sent_start + 1:] + " " + par[b:b + 80].split(". ")[0]
    if lex["verb_re"].search(sentence):
        return ""
    prev_word = re.search(r"([\w'’]+)\s*$", before)
    if prev_word:
        pw = prev_word.group(1).lower()
        if pw in ("so-called", "called", "dubbed", "named", "titled", "term", "word", "phrase", "as"):
            return "named"
        if pw in DETERMINERS:
            return "determiner"
        if pw.endswith(("'s", "’s", "s'", "s’")) or pw in ("its", "their", "his", "her", "our", "my", "your"):
            return "possessive"
    if after[:1].islower() and len(words) <= 3:
        return "inside a noun phrase"
    return ""


_ROLE_NAME = re.compile(r"(?<![\w'’-])([A-Za-z][\w'’-]*)[ \t]+((?:[A-Z][\w'’-]+|[A-Z]\.)(?:[ \t]+(?:[A-Z][\w'’-]+|[A-Z]\.)){1,3})")
_NAME_APPOS = re.compile(r"((?:[A-Z][\w'’-]+|[A-Z]\.)(?:[ \t]+(?:[A-Z][\w'’-]+|[A-Z]\.)){1,3}),[ \t]+(?:the|a|an)[ \t]+([^,.;]{3,80}?),")
_ROLE_PREFIX = re.compile(r"((?:(?:[A-Z][\w.'’-]*|of|for|the)[ \t]+){0,6})$")


_ROLE_COMMA_NAME = re.compile(r"(?<![\w'’-])([a-z][\w'’-]*),[ \t]+((?:[A-Z][\w'’-]+|[A-Z]\.)(?:[ \t]+(?:[A-Z][\w'’-]+|[A-Z]\.)){1,3}),")


def _named_roles(paras, masked, lex, registry) -> list[tuple[int, int, str, frozenset]]:
    """(paragraph, offset, name, role words) for each person the article names with a role:
    "Deputy Foreign Minister Sergei Ryabkov", "Dmytro Kuleba, the foreign minister,",
    "Ukraine's foreign minister, Dmytro Kuleba,"."""
    out: list[tuple[int, int, str, frozenset]] = []
    roles = lex["roles"]
    for pi, par in enumerate(masked):
        for m in _ROLE_NAME.finditer(par):
            word = m.group(1).lower()
            if word not in roles:
                continue
            pre = _ROLE_PREFIX.search(par, max(0, m.start() - 80), m.start())
            ws = {w for w in re.findall(r"[a-z][\w-]+", pre.group(1).lower() if pre else "") if w in roles}
            out.append((pi, m.start(2), m.group(2), frozenset(ws | {word})))
        if ", " in par:
            for m in _NAME_APPOS.finditer(par):
                ws = {w for w in re.findall(r"[a-z][\w-]+", m.group(2).lower()) if w in roles}
                if ws:
                    out.append((pi, m.start(1), m.group(1), frozenset(ws)))
            for m in _ROLE_COMMA_NAME.finditer(par):
                word = m.group(1).lower()
                if word in roles:
                    pre = par[max(0, m.start() - 60): m.start()]
                    ws = {w for w in re.findall(r"[a-z][\w-]+", pre.lower().split(",")[-1]) if w in roles}
                    out.append((pi, m.start(2), m.group(2), frozenset(ws | {word})))
        if registry is not None:
            # a registered person named without a role: the registry's title gives it ("Oleksii Reznikov
            # said ...", then "the minister said")
            for off, n in _person_mentions(par, lex, registry):
                p = registry.person(n)
                title = getattr(p, "title", "") if p is not None else ""
                ws = {w for w in re.findall(r"[a-z][\w-]+", (title or "").lower()) if w in roles}
                if ws:
                    out.append((pi, off, p.name, frozenset(ws)))
    out.sort()
    return out


def _role_person(named, role_words: set, pi: int, pos: int) -> str | None:
    """The person a definite role ("the minister") refers back to: the only one named with
    those role words before it, or the latest such one when named in this or the previous paragraph."""
    cands = [(p, o, n) for p, o, n, ws in named if ws >= role_words and (p, o) < (pi, pos)]
    if not cands:
        return None
    names = {n for _, _, n in cands}
    if len(names) == 1:
        return cands[-1][2]
    if cands[-1][0] >= pi - 1:
        if len({n for p, _, n in cands if p == cands[-1][0]}) > 1:
            return None  # two people in that role named together: "the minister" could be either
        return cands[-1][2]
    return None


def _unmisspelt(name: str, registry) -> str:
    """``name`` as written, or the registered person's name where ``name`` is not registered but
    misspells one ("Olaf Solz"; see ``Registry.person_misspelt``). A registered variant
    ("Zelenskyy") stays as the article spells it."""
    if registry is None or registry.person(name) is not None:
        return name
    p = registry.person_misspelt(name)
    return p.name if p is not None else name


def _full_name(name: str, registry, full_by_last) -> str:
    """A surname (or "Mr. X") completed from the article, a registered name in the registry's spelling."""
    parts = name.split()
    if not parts:
        return name
    last = parts[-1].lower()
    if len(parts) == 1 or parts[0].lower().rstrip(".") in HONORIFICS:
        full = full_by_last.get(last)
        if full:
            return _unmisspelt(full, registry)
    p = registry.person(name) if registry is not None else None
    if p is None and len(parts) >= 2 and parts[0].lower().rstrip(".") not in HONORIFICS:
        return _unmisspelt(name, registry)
    if p is not None:
        return p.name
    if parts[0].lower().rstrip(".") in HONORIFICS and len(parts) > 1:
        return " ".join(parts[1:])
    return name


_FORMER = re.compile(r"\b(?:former|ex|retired|onetime|one-time|then)\b", re.I)


def _speaker_row(np: _NP, cue: str, registry, full_by_last, confidence: float) -> dict:
    """The speaker fields for a noun phrase: name completed, party from the registered person, else
    from the body or title (never for a former official), the gender the registry gives."""
    name = _full_name(np.name, registry, full_by_last) if np.kind == "person" else np.name
    title = np.title
    party = ""
    gender = ""
    written = ""  # a registered person's name as the article writes it (see _names_as_written)
    if registry is not None and not np.party_ok:
        p = registry.person(name) if np.kind == "person" else None
        if p is not None:
            written = name if name != p.name else np.name
            name, party, gender = p.name, p.party, getattr(p, "gender", "") or ""
    elif registry is not None:
        p = registry.person(name) if np.kind == "person" else None
        if p is not None:
            written = name if name != p.name else np.name
            name, party = p.name, p.party  # one spelling per person across articles
            gender = getattr(p, "gender", "") or ""
        elif np.kind in ("org", "role", "described"):
            if not _FORMER.search(np.name):
                party = registry.party_of(np.name) or ""
        elif title and not re.match(r"(?:former|ex-|retired|onetime|one-time|then)\b", title, re.I):
            party = registry.party_term(title) or ""
    return {"speaker": name, "title": title, "party": party, "cue": cue, "confidence": confidence,
            "is_person": np.kind == "person", "gender": gender, "written": written, "source": "named"}


class _Ctx(NamedTuple):
    """What every attribution in one article is resolved with."""
    lex: dict
    registry: Registry | None
    full_by_last: _SurnameIndex
    named_roles: _Deferred  # -> _named_roles(...) of the article, built on first use
    date: str = ""  # the article's date (ISO): who held an office then
    documents: Any = None  # -> _owned_documents(...) of the article, built on first use
    masked: tuple = ()  # every paragraph, quotations blanked


def _nobody(cue: str, title: str = "", confidence: float = 0.3) -> dict:
    """A quote whose speaker the text does not give."""
    return {"speaker": "", "title": title, "party": "", "cue": cue, "confidence": confidence}


def _resolve(at: _Attr, ctx: _Ctx, masked: str, resolved_so_far, carry: _Carry, pi: int = 0) -> dict:
    """The speaker row an attribution gives: a name, body or description as it stands; a role or a
    pronoun resolved against the article (``masked``: the paragraph with quotations blanked)."""
    np = at.np
    if np.kind == "described" and re.match(r"(?:the|this)\s", np.phrase, re.I) \
            and np.name.split()[-1].lower() in ctx.lex["generic_roles"]:
        # "the veteran politician": someone the text has already made its subject, if of no other side
        last = _last_named_before(masked, at.pos, ctx, carry)
        if last is not None and _generic_role_fits(np.name, last, ctx):
            return dict(last, cue=at.cue, title=np.name, confidence=0.5)
    if np.kind in ("org", "described", "role"):
        owner = _document_owner(np.name, ctx.lex, ctx.registry)
        if owner is None and _BARE_DOC.fullmatch(np.phrase or np.name):
            # "the assessment said": the document the article last gave an owner
            owner = next((o for p, off, o in reversed(ctx.documents()) if (p, off) < (pi, at.pos)), None)
        if owner is not None:  # "a Downing Street readout", "a statement from the navy"
            np = owner
    if np.kind == "pair":
        return _pair_row(tuple(np.name.split(" and ", 1)), at.cue, ctx.registry, ctx.full_by_last)
    if at.where == "label":
        return dict(_speaker_row(np, at.cue, ctx.registry, ctx.full_by_last, 0.7), source="transcript_label")
    if np.kind in ("person", "described", "org") and ctx.registry is not None and ctx.date \
            and ctx.registry.person(np.name) is None \
            and (holder := ctx.registry.office_holder(np.name, ctx.date)) is not None:
        # "British defence secretary said", "said the President of France": an office named in full
        row = _speaker_row(_NP(name=holder.name, title=np.name, kind="person"), at.cue, ctx.registry,
                           ctx.full_by_last, 0.6)
        return dict(row, source="role_by_office")
    if np.kind in _CONFIDENCE_BY_KIND:
        return _speaker_row(np, at.cue, ctx.registry, ctx.full_by_last, _CONFIDENCE_BY_KIND[np.kind])
    if np.kind == "role":
        return _resolve_role(at, ctx, masked, pi, carry)
    if np.kind == "pronoun" and np.phrase in ("he", "she"):
        return _resolve_pronoun(at, ctx, masked, resolved_so_far, carry)
    # "they", "it", "I": nothing here says who
    return _nobody(at.cue)


_CONFIDENCE_BY_KIND = {"person": 0.9, "org": 0.8, "described": 0.6}


def _resolve_role(at: _Attr, ctx: _Ctx, masked: str, pi: int, carry: _Carry | None = None) -> dict:
    """"the minister said": the person the article named in that role (when the role names no other
    side); else the person who held the office the role names on the article's date ("the NATO
    chief"); else the one earlier description of someone in that role in the paragraph; else, for a
    role any person may be described by ("the veteran politician"), the person the text last made
    its speaker or subject, when the role names no side; else the role itself when it names a side,
    else nobody."""
    np, lex, registry, full_by_last = at.np, ctx.lex, ctx.registry, ctx.full_by_last
    words = {w for w in re.findall(r"[a-z][\w-]+", np.name.lower()) if w in lex["roles"]}
    name = _role_person(ctx.named_roles(), words, pi, at.pos) if words else None
    role_party = registry.party_of(np.name) if registry is not None else None
    if name:
        row = _speaker_row(_NP(name=name, title=np.name, kind="person"), at.cue, registry, full_by_last, 0.7)
        if not role_party or not row["party"] or role_party == row["party"]:
            return dict(row, source="role_in_article")
    holder = registry.office_holder(np.name, ctx.date) if registry is not None else None
    if holder is not None:
        row = _speaker_row(_NP(name=holder.name, title=np.name, kind="person"), at.cue, registry, full_by_last, 0.6)
        return dict(row, source="role_by_office")
    if words and len(np.name.split()) == 1:
        # "A senior EU official briefed reporters. The official added ...": the one description of
        # someone in that role earlier in the paragraph, else in the paragraph before
        desc_re = re.compile(r"(?:^|[\s(])(?:[Aa]n?|[Oo]ne)\s+((?:(?:[A-Z]\.){2,}\s+|[A-Za-z][\w'’-]*\s+){0,4}?%s)\b"
                             % re.escape(np.name.lower()))
        descs = {d.group(1) for d in desc_re.finditer(masked[_lookback(masked, at.pos): at.pos])
                 if not any(w in _NOT_IN_NP for w in d.group(1).split())}  # "US" is no "us"
        for back in range(pi - 1, max(-1, pi - 4), -1):  # else in the three paragraphs before, latest first
            if descs or back >= len(ctx.masked):
                break
            text = ctx.masked[back]
            descs = {d.group(1) for d in desc_re.finditer(text[_lookback(text, len(text)):])
                     if not any(w in _NOT_IN_NP for w in d.group(1).split())}
        if len(descs) == 1:
            d = descs.pop()
            if d.lower() != np.name.lower():
                return dict(_speaker_row(_NP(name=d, kind="described", phrase=d,
                                             party_ok=np.name.lower() in lex["official_heads"]),
                                         at.cue, registry, full_by_last, 0.5), source="role_in_article")
    if np.name.split()[-1].lower() in lex["generic_roles"]:
        prior = _last_named_before(masked, at.pos, ctx, carry)
        if prior is not None and _generic_role_fits(np.name, prior, ctx):
            return dict(prior, cue=at.cue, title=np.name, confidence=0.5)
    if registry is not None and registry.party_of(np.name):
        return _speaker_row(np, at.cue, registry, full_by_last, 0.6)
    return _nobody(at.cue, title=np.name, confidence=0.4)


def _generic_role_fits(role: str, row: dict, ctx: _Ctx) -> bool:
    """A description ("the veteran politician", "the American diplomat") may be the person last made the
    subject: when it names no side, or that person's side; never a post in a named body ("the
    Russian delegation's leader" may be someone else)."""
    if re.search(r"['’]s?\s", role):
        return False
    role_party = ctx.registry.party_of(role) if ctx.registry is not None else None
    return not role_party or row.get("party") == role_party


_DOC_NOUNS = r"(?:readout|statement|report|assessment|document|communiqu[eé]|release|transcript|memo|letter|" \
             r"analysis|note|post|tweet|video|message|announcement|briefing|summary|estimate)"
_DOC_FROM = re.compile(r"^(?:the|a|an)?\s*(?:[a-z]+\s+){0,2}%s\s+(?:from|by|issued\s+by)\s+(.+)$" % _DOC_NOUNS, re.I)
_DOC_OWNED = re.compile(r"^(?:the|a|an)?\s*(.+?)(?:['’]s?)?\s+(?:[a-z]+\s+){0,2}%s(?:\s+(?:of|on)\s+.*)?$" % _DOC_NOUNS)


_BARE_DOC = re.compile(r"(?:the|this|that)\s+(?:[a-z]+\s+){0,2}%s" % _DOC_NOUNS, re.I)
_OWNED_DOC = re.compile(r"((?:[A-Z][\w.-]*\s+){0,4}[A-Z][\w.-]*?)(?:['’]s|(?<=s)['’])\s+(?:[a-z]+\s+){0,3}%s\b" % _DOC_NOUNS)


def _owned_documents(masked: list[str], lex: dict, registry) -> list[tuple[int, int, _NP]]:
    """(paragraph, offset, owner) of each document the article gives an owner ("the Foreign
    Ministry's new threat assessment"), for a later bare "the assessment said"."""
    out = []
    for pi, par in enumerate(masked):
        for m in _OWNED_DOC.finditer(par):
            np = _parse_np(m.group(1), lex, registry)
            if np is not None and np.kind in ("person", "org"):
                out.append((pi, m.start(), np))
    return out


def _document_owner(phrase: str, lex: dict, registry) -> _NP | None:
    """Who a document speaks for: "a statement from the navy" -> the navy; "a Downing Street
    readout of the talks", "Belarus's assessment" -> Downing Street, Belarus; None for a bare
    document ("the statement")."""
    m = _DOC_FROM.match(phrase)
    if m:
        np = _parse_np(m.group(1), lex, registry)
        if np is None:  # "a statement from the navy": the body as written
            name = re.sub(r"^(?:the|a|an)\s+", "", _clean(m.group(1)), flags=re.I)
            np = _NP(name=name, kind="org", phrase=m.group(1), party_ok=False)
        return np if np.kind in ("person", "org", "described", "role") else None
    m = _DOC_OWNED.match(phrase)
    if not m or not m.group(1)[:1].isupper():
        return None
    np = _parse_np(m.group(1), lex, registry)
    return np if np is not None and np.kind in ("person", "org", "described", "role") else None


def _last_named_before(masked: str, pos: int, ctx: _Ctx, carry: _Carry | None) -> dict | None:
    """The person last named as a subject in the paragraph before ``pos``, else the person the
    previous paragraph last made its speaker or subject."""
    lb = _lookback(masked, pos)
    subj = _subject_mentions(masked[lb:pos], ctx.lex, ctx.registry, ctx.full_by_last)
    if subj:
        row = _speaker_row(_NP(name=subj[-1][1], kind="person"), "", ctx.registry, ctx.full_by_last, 0.5)
        return dict(row, source="role_in_article")
    r = _get(carry.last_person) if carry is not None else None
    return dict(r, source="carried_from_previous_paragraph") if r is not None else None


def _resolve_pronoun(at: _Attr, ctx: _Ctx, masked: str, resolved_so_far, carry: _Carry) -> dict:
    """"he"/"she": the named speaker of an earlier quote in the paragraph, else the one person named
    before it in the paragraph (the subject when several, never one of a coordinated pair), else the
    one speaker of the previous paragraph; never a person of the other gender."""
    lex, registry, full_by_last = ctx.lex, ctx.registry, ctx.full_by_last
    want = "m" if at.np.phrase == "he" else "f"

    def fits(name_or_row) -> bool:
        if isinstance(name_or_row, dict):
            g = name_or_row.get("gender", "")
        else:
            p = registry.person(name_or_row) if registry is not None else None
            g = getattr(p, "gender", "") if p is not None else ""
        return not g or g == want

    # 1. a named speaker of an earlier quote in this paragraph
    for r in reversed(resolved_so_far):
        if r and r.get("speaker") and r.get("is_person"):
            if fits(r):
                return dict(r, cue=at.cue, confidence=0.8, source="pronoun")
            break
    # 2. person named in this paragraph before the pronoun
    names = []
    before = masked[_lookback(masked, at.pos): at.pos]
    mentions = _mentions(before, lex, registry, full_by_last)
    for _, n in mentions:
        full = _full_name(n, registry, full_by_last)
        if full not in names and fits(full):
            names.append(full)
    if len(names) == 1:
        return dict(_speaker_row(_NP(name=names[0], kind="person"), at.cue, registry, full_by_last, 0.75),
                    source="pronoun")
    if len(names) > 1:
        subj = [n for n in _subject_names(before, lex, registry, full_by_last) if fits(n)]
        if subj and subj[-1] in _coordinated(before, mentions, registry, full_by_last, fits):
            # "Wallace and Shoigu held talks ... "...," he said": either could be meant
            return _nobody(at.cue)
        if subj:
            return dict(_speaker_row(_NP(name=subj[-1], kind="person"), at.cue, registry, full_by_last, 0.6),
                        source="pronoun")
        return _nobody(at.cue)
    # 3. the person the previous paragraph last made its speaker or subject
    r = _get(carry.last_person)
    if r is not None and fits(r):
        return dict(r, cue=at.cue, confidence=0.55, source="carried_from_previous_paragraph")
    return _nobody(at.cue)


_AND_BETWEEN = re.compile(r"(?:\s*,[^,;:.]{1,80},)?\s+and\s+(?:[\w.'’-]+\s+){0,6}\Z")


def _coordinated(text, ms, registry, full_by_last, fits) -> set[str]:
    """Full names of people named as a pair joined by "and" ("Foreign Minister Annalena Baerbock and
    her British counterpart Liz Truss"), both fitting a pronoun: neither is its antecedent.
    ``ms``: the person mentions of ``text`` (``_mentions``)."""
    out: set[str] = set()
    for (o1, n1), (o2, n2) in zip(ms, ms[1:], strict=False):
        a, b = _full_name(n1, registry, full_by_last), _full_name(n2, registry, full_by_last)
        if a != b and fits(a) and fits(b) and _AND_BETWEEN.match(text[o1 + len(n1):o2]):
            out.update((a, b))
    return out


def _mentions(text, lex, registry, full_by_last) -> list[tuple[int, str]]:
    """Person mentions, plus lone surnames the article gives in full elsewhere ("Brody")."""
    cands = _person_mentions(text, lex, registry)
    seen = {o for o, _ in cands}
    starts = [o for o, _ in cands]  # the mentions do not overlap: only the last one starting before can hold it
    ends = [o + len(n) for o, n in cands]
    for m in _LONE_NAME.finditer(text):
        w = m.group(1)
        if m.start() in seen or not _is_name_token(w, lex["titles"], lex["roles"]):
            continue
        k = bisect_right(starts, m.start()) - 1
        if k >= 0 and m.start() < ends[k]:
            continue
        if full_by_last.get(w.lower()):
            cands.append((m.start(), w))
    cands.sort()
    return cands


_LONE_NAME = re.compile(r"(?<![\w'’.-])([A-Z][\w'’-]+)(?![\w'’-])")


def _subject_names(text, lex, registry, full_by_last) -> list[str]:
    """Names in subject position (opening a sentence or clause, followed by a verb), in order."""
    return [_full_name(n, registry, full_by_last) for _, n in _subject_mentions(text, lex, registry, full_by_last)]


_SINGLE_SUBJ = re.compile(r"(?<![\w'’.-])([A-Z][\w'’-]+)(?=(?:,[^,;:]{1,100},)?\s+[a-z])")


def _subject_mentions(text, lex, registry, full_by_last=None) -> list[tuple[int, str]]:
    """(offset, name) of the names in ``text`` in subject position: opening a sentence or clause
    (titles before them skipped) and followed by a lowercase word."""
    out = []
    titles = lex["titles"]
    cands = _person_mentions(text, lex, registry)
    if full_by_last is not None:
        seen = {o for o, _ in cands}
        for m in _SINGLE_SUBJ.finditer(text):
            w = m.group(1)
            if m.start() in seen or not _is_name_token(w, titles, lex["roles"]):
                continue
            if full_by_last.get(w.lower()) or registry.person(w) is not None:
                cands.append((m.start(), w))
        cands.sort()
    for off, n in cands:
        raw_end = _rstrip_at(text, off)
        e = raw_end
        while True:  # titles before the name ("Senate Majority Whip Ada Moreno")
            w0 = _word_run_start(text, e)
            w = text[w0:e]
            if w and (w.lower().rstrip(".") in titles or _POSSESSOR.match(w)) \
                    and w.lower() not in ("of", "the", "for", "to", "and"):
                e = _rstrip_at(text, w0)
            else:
                break
        after = off + len(n)
        if text.startswith(("'s", "’s", "'", "’"), after):
            continue
        if not _NAME_THEN_LOWER.match(text, after) \
                and not (text[e - 1:e] == "," and _APPOS_VERB.match(text, after)):
            # (", Vladimir Chizhov, said": a name set off as an appositive right before its verb)
            continue
        if not e or text[e - 1] in ".!?:;" or _CLAUSE_OPENER_END.search(text, max(0, e - 8), e) \
                or _dash_or_gap_before(text, off, raw_end):
            out.append((off, n))
    return out


_POSSESSOR = re.compile(r"[A-Z][\w.-]*['’]s$")
_NAME_THEN_LOWER = re.compile(r"(?:,[^,;:]{1,100},)?\s+(?:[a-z]|\d|[“\"])")  # (a quote as the predicate: X “has sent ...”)
_APPOS_VERB = re.compile(r",\s+[a-z]+(?:ed|s)\b")
_CLAUSE_OPENER_END = re.compile(r"(?:\b(?:[Bb]ut|[Aa]nd|[Ww]hile|[Aa]s|[Ww]hen|[Tt]hen|[Ss]o|[Yy]et)|,)$")
_WORD_RUN_CHARS = frozenset(".'’-_")


# How far back before a quote or pronoun the stage reads within a paragraph (characters, cut at a
# space): far beyond any real paragraph's reach, and it keeps the stage linear in the paragraph's length.
LOOKBACK = 5000


def _lookback(text: str, pos: int) -> int:
    """Where the stretch read before ``pos`` starts: the paragraph's start, or the first space after
    ``pos - LOOKBACK`` (so no word is cut)."""
    if pos <= LOOKBACK:
        return 0
    k = text.find(" ", pos - LOOKBACK, pos)
    return k + 1 if k >= 0 else pos - LOOKBACK


def _rstrip_at(text: str, end: int) -> int:
    """The end of ``text[:end].rstrip()``, without copying the prefix."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _word_run_start(text: str, end: int) -> int:
    """Where the run of word characters (letters, digits, ``.'’-_``) ending at ``end`` starts."""
    k = end
    while k > 0 and (text[k - 1].isalnum() or text[k - 1] in _WORD_RUN_CHARS):
        k -= 1
    return k


def _dash_or_gap_before(text: str, off: int, stripped: int) -> bool:
    """``text[:off]`` ends with two spaces (a lost dash), a dash, or " --", maybe then spaces."""
    if off - stripped >= 2:
        return True
    if stripped and text[stripped - 1] in "—–":
        return True
    return text[max(0, stripped - 2):stripped] == "--" and stripped >= 3 and text[stripped - 3].isspace()


def _sentence_speaker(par, masked, qstart, lex, registry, full_by_last) -> dict | _Attr | None:
    """The person a sentence is about, for a partial quote in it with no speech verb
    ("Brody also lamented a mood in which neighbours "barely speak anymore"")."""
    w0 = _lookback(par, qstart)
    bounds = _sentence_bounds(par[w0:qstart])
    s0 = w0 + bounds[-1] if bounds else w0
    sent = masked[s0:qstart]
    subj = _subject_names(sent, lex, registry, full_by_last)
    if subj and (pair := _subject_coordinated(sent, lex, registry, full_by_last)) is not None:
        # "Truss and Lavrov spoke of "...": the sentence is about both
        return dict(_pair_row(pair, "", registry, full_by_last), subject_only=True)
    if not subj:
        # the clause's subject: a name, an institution, or a pronoun/role resolved like any other
        np = _clause_subject(masked[s0:qstart], lex, registry, full_by_last)
        if np is None:
            return None
        if np.kind in ("person", "org", "described"):
            return dict(_speaker_row(np, "", registry, full_by_last, 0.5), subject_only=True)
        if np.kind in ("pronoun", "role"):
            return _Attr(np, "", "before", s0)
        return None
    return _speaker_row(_NP(name=subj[-1], kind="person"), "", registry, full_by_last, 0.5)


def _subject_coordinated(sent: str, lex: dict, registry, full_by_last) -> tuple[str, str] | None:
    """The two people, full names, when the last subject name of ``sent`` is one of two joined by
    "and" ("Truss and her Russian counterpart Sergei Lavrov agreed"), else None."""
    subj = _subject_mentions(sent, lex, registry, full_by_last)
    if not subj:
        return None
    o_s = subj[-1][0]
    ms = _mentions(sent, lex, registry, full_by_last)
    for (o1, n1), (o2, n2) in zip(ms, ms[1:], strict=False):
        a, b = _full_name(n1, registry, full_by_last), _full_name(n2, registry, full_by_last)
        if o_s in (o1, o2) and _AND_BETWEEN.match(sent[o1 + len(n1):o2]) and a != b:
            return a, b
    return None


def _pair_row(pair: tuple[str, str], cue: str, registry, full_by_last) -> dict:
    """Two people speaking together ("Truss and Lavrov agreed on "...""): both named, a side only
    when both are of it (never one of them alone: that could give the words to the wrong side)."""
    rows = [_speaker_row(_NP(name=n, kind="person"), cue, registry, full_by_last, 0.5) for n in pair]
    party = rows[0]["party"] if rows[0]["party"] == rows[1]["party"] else ""
    return {"speaker": f"{rows[0]['speaker']} and {rows[1]['speaker']}", "title": "", "party": party, "cue": cue,
            "confidence": 0.5, "is_person": False, "gender": "", "written": "", "source": "named"}


def _paragraph_speakers(masked, lex, registry, full_by_last, named_roles) -> list[dict]:
    """Subjects of speech verbs in a paragraph without quotes ("Stoltenberg said it would be ...")."""
    out = []
    for cm in _cue_iter(masked, lex):
        np = _np_before(masked[: cm.start()], lex, registry)
        if np is not None and np.kind == "person":
            out.append(_speaker_row(np, lex["forms"][cm.group()], registry, full_by_last, 0.55))
    return out
