"""Claims: attributed statements (reported speech and speech acts) per party.

``extract_claims(article, registry, quotes)`` returns one row per attributed
statement.  Columns:

    article_id, paragraph, start, end   where the claim's content sits (offsets in the paragraph)
    actor      who made it, as written ("the NATO members", "Putin's government");
               empty when the text does not name the actor (an unresolved "he")
    party      the registry's party for the actor, empty when unknown
    act        assertion, demand, warning, rejection, denial, accusation, proposal, refusal
    cue        the cue lemma ("reject", "call for", "describe")
    text       the content that is said
    negated    True for a negated speech act ("did not reject", "has never threatened")
    quote_id   the quote row this claim stands for (empty for reported speech)
    source     "quote" (a direct quote of a known speaker) or "reported"

Constructions read (rule-based, regex/str only, see tests/test_claims.py):

- ``X said (that) ...``, ``X warned/demanded/rejected/insisted ...``, ``X accused Y of ...``,
  ``X refused to ...``, with auxiliaries, adverbs and weekday phrases between subject
  and verb, appositives (``Peskov, the Kremlin spokesman, said``) and inversion
  (``..., said Peskov``);
- coordinated verbs (``X has demanded A and has demanded B``): the second verb
  inherits the subject of the first;
- ``according to X, ...`` / ``..., according to X`` (a verb of saying or asking inside the
  clause it attributes is a claim of its own subject too: "according to X, Putin said ...");
- participial clauses (``..., warning it would pay``, ``despite threatening ...``,
  ``having described ...``): the actor is the subject of the main clause;
- passives: only an explicit agent (``was rejected by NATO``) is an actor;
  ``Russia was accused of ...`` is never Russia's accusation;
- nominal forms with a possessor (``Russia's demand for ...``), unless they are
  the object or content of another claim (``NATO rejected Russia's demand`` is
  NATO's rejection only);
- nominal forms with an agent (``warnings from Western officials that ...``, ``claims of
  Russia pulling back``), also as the object of another side's claim, and with a demonym
  (``Russian demands for ...``, not as another claim's object); a light verb performs its
  nominal object's act (``issued a warning``, ``have been spreading allegations``) and
  ``reiterated its demands`` is a demand (cues.yml ``light_verbs``, ``passes_object_act``);
- press reports with no named source (``reports that ...``, ``Reports emerged ...``): actor
  "reports", no party; ``..., citing <a source with a party>``: the source's claim too;
- headline-case segments (``Minister Warns Moscow: ...; Bloc Urges Restraint, Warns ...``);
- every direct quote with a known speaker is a claim of that speaker
  (source ``quote``, linked by ``quote_id``); a reported cue whose content is
  such a quote ("X warned: '...'") adds no second claim.

Decisions on negation and modality:

- a negated cue ("did not reject", "never threatened") gives a row with
  ``negated=True`` and the cue's act: it is NOT that act, and counts per act
  must filter ``negated == False``; a negated assertion ("did not say") gives
  no row at all;
- ``refused to rule out``: the refusal is the claim; a cue that is the
  complement of another cue (``to rule out``) or sits in its content is not
  a separate claim;
- hypothetical cues (``could/might/may/would/should reject``, ``if denied``)
  are not claims; ``will`` is kept (an announced intention);
- a neutral cue (say, tell, add, stress, ...) gives an assertion unless the reported words
  themselves perform another act (``cues.yml``: *_content regexes, lower case): denying a
  threat or an intent ("threatens no one", "we have no plans to attack") -> denial; refusing
  to accept a proposal ("would not accept any deal") -> rejection; refusing to do something
  ("we will not let them ...") -> refusal; announcing consequences, a retaliation or a
  danger ("would pay a high price if", "any attack would cost dearly", "could launch an
  attack at any moment") -> warning; telling another side what it must do ("X must
  withdraw", "there must be no ...") -> demand; blaming the other side ("it is X that is
  the aggressor", "an attempt to ...", "lies") -> accusation; offering talks ("we are ready
  to talk about") -> proposal; in that precedence, the words after a last "but" deciding.
  A direct quote with a neutral cue is read the same way;
- rejecting "accusations/claims/reports" or dismissing something "as propaganda/lies"
  is a denial; "has not confirmed/commented" is a refusal;
- cues read only with a following word: "put the number of X at 53" (``within: [at, N]``),
  "called the talks 'a farce'" (``within: ['“', N]``, a quotation must follow).

Actors are resolved to parties only by the registry.  Pronoun actors ("he
said") are resolved to the one registered person named earlier in the same
paragraph, else -- for the subject of a subordinate clause ("..., even as he urged",
"..., though it has proposed") -- to the actor of the sentence's previous claim when
that actor is one party and of the pronoun's kind (a person for he/she, not for it);
else, when nobody is named before it in the paragraph, to the person the text last made
the speaker (a claim or attributed quote before it, else the previous paragraph's last
claim; one person with a party, of the pronoun's gender when the registry knows it);
otherwise the party is left empty. "it" with no earlier claim of the sentence is the main
clause's subject before it, else at a sentence start the body last speaking (a body with a
party, never a person); "according to her/him" reads the pronoun as "she"/"he".  "The <role>" that names no party ("the official", "the
defence minister") is read the same way: the one person named before it, else the person
last speaking.  "they" takes the party of the last speaker (this
paragraph, else the previous one) only when that speaker is a group of people
("U.S. officials", "Two British officials").  A definite description ("the officials",
"the diplomat") takes the party of the nearest earlier mention of the same noun in
the same or previous paragraph that names a party ("a Russian diplomat"); when that
mention names none, it stays empty.  A head noun with its own party keeps it before a
place or group ("A Russian official in Minsk", "U.S. lawmakers from both parties");
a prepositional object alone never gives a party ("an envoy to Russia").  An
unregistered name in an appositive takes the party of its title's head ("Russia's
envoy to the EU, V. C."), read before any preposition.  A subject
made of parts of different parties ("Stoltenberg and Sherman said") gives
one claim per part.
"""
from __future__ import annotations

import heapq
import itertools
import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import NamedTuple

from . import config
from .datafile import load_checked
from .roles import load_roles
from .text import is_blank, sentence_spans

ACTS = ("assertion", "demand", "warning", "rejection", "denial", "accusation", "proposal", "refusal")
COLUMNS = ("article_id", "paragraph", "start", "end", "actor", "party", "act", "cue", "text",
           "negated", "quote_id", "source")

# ----------------------------------------------------------------------------- word lists
# (closed-class grammar words; the open-class cue vocabulary lives in analysis/data/cues.yml)
AUX = frozenset("""has have had is are was were will would can could may might shall should must
did does do be been being 's 've 'd 'll""".split())
MODAL_HYPOTHETICAL = frozenset("could might may would should".split())
PASSIVE_AUX = frozenset("is are was were been being be get got gets".split())
NEGATORS = frozenset("not n't never no".split())
ADVERBS = frozenset("""also again repeatedly previously already earlier later now once still publicly
privately firmly flatly bluntly strongly sharply openly reportedly allegedly quickly immediately swiftly
further then formally officially angrily loudly explicitly implicitly effectively essentially
simply just only even long since recently initially first last yesterday today tonight
particularly especially instead meanwhile separately jointly unanimously categorically
vehemently forcefully consistently both far so yet briefly clearly directly specifically personally
subsequently eventually ultimately apparently quietly emphatically tersely curtly""".split())
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
TIME_NOUNS = frozenset("week month year morning evening afternoon night weekend".split())
TIME_WORDS = frozenset("on this last earlier late early week month year morning evening afternoon night".split())
PRONOUNS_PERSON = frozenset("he she".split())
PRONOUNS_OTHER = frozenset("it they we i you".split())
DETERMINERS = frozenset("""the a an its their his her our some many several both all most other
one two three four five six seven eight nine ten twelve thirty these those each every any""".split())
# role, title and head nouns are data (analysis/data/roles.yml), shared with the other stages
_ROLES = load_roles()
# the words of a speaker's noun phrase besides names and determiners ("the senior U.S. official")
NP_WORDS = _ROLES.words | frozenset(("of", "for"))
# a noun_like cue form is read as a verb only after one of these (or a name / pronoun / aux)
SUBJECT_HEADS = _ROLES.speaker
HEAD_PREPOSITIONS = frozenset("in from at to".split())
INTRO_WORDS = frozenset("""on in at after before during following speaking meeting asked answering
addressing earlier later separately meanwhile responding writing talking by with ahead just""".split())
CONNECTIVES = frozenset("but and yet however instead meanwhile still also so then now indeed".split())
PARTICIPLE_LEAD = frozenset("despite after while before by in without when".split())
# where a claim's content stops
EMBED_GAP = frozenset(["that", "whether", "if", "how", "why", "what", "when", ",", ":"])
ADDRESSEE_CUES = frozenset("tell warn assure reassure inform remind brief promise caution".split())
CIRCUMSTANCE = frozenset("in on at during after before from via speaking".split())
CLAUSE_BREAK_WORDS = frozenset("while whereas which who but although though".split())
# a negated assertion with these cues is a refusal to answer ("has not commented",
# "a figure Moscow has not confirmed"), not "no statement"
REFUSAL_WHEN_NEGATED = frozenset("comment confirm".split())
SUBJECT_PRONOUNS = frozenset("he she it they".split())
SUBORDINATORS = frozenset("as while though although but and because since after before when whereas where".split())
# rejecting these cues' objects when they are accusations or reports is a denial (lemmas,
# some of several words: one entry each)
DENIAL_REJECT_CUES = frozenset(("reject", "dismiss", "rebuff", "brush aside", "brush off", "shrug off",
                                "scoff at"))

_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"                          # U.S., U.K.
    r"|[A-Za-z\u00C0-\u024F][\w\u00C0-\u024F]*(?:[-'’][\w\u00C0-\u024F]+)*"   # words, Russia's, one-time
    r"|\d[\d,.]*\d|\d"
    r"|n't"
    r"|[,;:()\"“”«»—–]|(?<=\S) {2,}(?=\S)"      # punctuation; a run of spaces = a lost dash
)
_WORD_RE = re.compile(r"[A-Za-z\u00c0-\u024f]+")
# "WASHINGTON, Jan 28 (Reuters) - " opening a paragraph is no part of what was said
_DATELINE = re.compile(r"[A-Z][A-Z.' ]{1,30}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([^)]{1,30}\))?\s*[-—–]{1,2}\s+")
_SENT_PUNCT = frozenset(",;:()\"“”«»—–")


class _Tok(NamedTuple):
    """One token of a sentence (a direct quote is one opaque token whose text is "“")."""
    start: int   # offsets in the paragraph
    end: int
    text: str    # as written ("—" for a run of spaces where a dash was lost)
    low: str     # lower case, curly apostrophe straightened
    cap: bool    # written with a capital letter
    poss: bool   # a possessive ("Russia's")


_new_tok = tuple.__new__  # _new_tok(_Tok, fields): a NamedTuple without its Python-level __new__


def _tokens(text: str, s0: int, s1: int) -> list[_Tok]:
    """The tokens of text[s0:s1]."""
    out: list[_Tok] = []
    append = out.append
    low_text = text[s0:s1].lower().replace("’", "'")  # same length: offsets carry over
    for m in _TOKEN.finditer(text, s0, s1):
        a, b = m.span()
        t = text[a:b]
        if t[0] == " ":
            append(_new_tok(_Tok, (a, b, "—", "—", False, False)))
            continue
        low = low_text[a - s0:b - s0]
        # "Russia's"; a plural possessive "the authorities' statements" (the mark is not in the token)
        poss = (low.endswith("'s") and b - a > 2) or (
            low[-1] == "s" and b < s1 and text[b] in "'’" and (b + 1 == s1 or text[b + 1] == " "))
        append(_new_tok(_Tok, (a, b, t, low, t[0].isupper(), poss)))
    return out


# ----------------------------------------------------------------------------- lexicon
def _inflect(lemma: str) -> set[str]:
    """The regular forms of a verb lemma: itself, -s/-es/-ies, -ed/-d/-ied, -ing."""
    out = {lemma}
    if re.search(r"(?:s|x|z|ch|sh)$", lemma):
        out.add(lemma + "es")
    elif re.search(r"[^aeiou]y$", lemma):
        out.add(lemma[:-1] + "ies")
    else:
        out.add(lemma + "s")
    if lemma.endswith("e"):
        out.add(lemma + "d")
        out.add(lemma[:-1] + "ing" if not lemma.endswith("ee") else lemma + "ing")
    elif re.search(r"[^aeiou]y$", lemma):
        out.add(lemma[:-1] + "ied")
        out.add(lemma + "ing")
    else:
        out.add(lemma + "ed")
        out.add(lemma + "ing")
    return out


_PAST_FORMS = frozenset("said told wrote written sought laid set put made took taken".split())


def _form_kind(form: str, head: str) -> str:
    """"ing", "base" (the lemma or its -s form) or "past" for a word form of ``head``."""
    if form in _PAST_FORMS:
        return "past"
    if form.endswith("ing"):
        return "ing"
    regular = _inflect(head)
    if form == head or form in regular - {x for x in regular if x.endswith(("ed", "ing"))}:
        return "base"
    return "past"


def _alternation(patterns) -> str:
    """One regex alternation of ``patterns`` (one that never matches for none)."""
    return "|".join(f"(?:{p})" for p in patterns or ["(?!)"])


class Lexicon:
    """The compiled cue lexicon (cues.yml): verb forms to their cue, nominal cues, the content
    patterns that tell what an assertion does, and a prefilter for sentences with no cue."""

    # content kinds in order of precedence: the first found decides an assertion's act
    CONTENT_KINDS = ("denial", "rejection", "refusal", "warning", "demand", "accusation", "proposal")

    def __init__(self, data: dict):
        # head form -> [(rest tokens, lemma, act, noun_like, form kind, not_before_to, within)]
        self.verbs: dict[str, list[tuple]] = {}
        for lemma, spec in (data.get("verbs") or {}).items():
            self._add_verb(lemma, {"act": spec} if isinstance(spec, str) else spec)
        for k in self.verbs:  # longest phrase first
            self.verbs[k].sort(key=lambda x: -len(x[0]))
        self.nouns: dict[str, str] = {k.lower(): v for k, v in (data.get("nouns") or {}).items()}
        self._content_kinds = self.CONTENT_KINDS
        # all kinds in one pattern (one scan per assertion); the kind is the named group.
        # Patterns are lower-case, matched on lower-cased text; every one begins at a word, so the
        # whole is searched on " " + text behind one consumed non-word character, which lets ``re``
        # skip the letters inside words instead of trying every pattern at each of them
        self.content_re = re.compile(r"[^\w](?:" + "|".join(
            f"(?P<{kind}>" + _alternation(data.get(f"{kind}_content")) + ")"
            for kind in self._content_kinds) + ")")
        self.denial_as_content = re.compile(_alternation(data.get("denial_as_content")), re.I)
        self.denial_objects = frozenset(w.lower() for w in data.get("denial_objects") or [])
        # verbs that perform the act their nominal object names ("issued a warning", "made
        # demands"), every form; and neutral cues that pass on their object's act ("reiterated
        # its demands")
        self.light_verbs = frozenset(f for v in data.get("light_verbs") or [] for f in _inflect(str(v).lower()))
        self.passes_object_act = frozenset(data.get("passes_object_act") or [])
        self._build_prefilter()
        # cues whose act the reported words never change ("speculated Russia may invade" is no warning)
        self.plain = frozenset(lemma for lemma, spec in (data.get("verbs") or {}).items()
                               if isinstance(spec, dict) and spec.get("plain"))
        self.act_of_lemma: dict[str, str] = {}
        for entries in self.verbs.values():
            for _r, lemma, act, *_ in entries:
                self.act_of_lemma.setdefault(lemma, act)

    def _add_verb(self, lemma: str, spec: dict) -> None:
        """Every word form of one verb cue (generated inflections and the listed forms)."""
        act = spec["act"]
        if act not in ACTS:
            raise ValueError(f"cues.yml: unknown act {act!r} for {lemma!r}")
        noun_like = bool(spec.get("noun_like"))
        no_to = bool(spec.get("not_before_to"))
        within = tuple(spec["within"]) if spec.get("within") else None
        cue_lemma = spec.get("lemma") or lemma
        parts = lemma.split()
        head, rest = parts[0], tuple(parts[1:])
        forms = {(f, rest) for f in _inflect(head)}
        for f in spec.get("forms") or []:
            fp = f.lower().split()
            forms.add((fp[0], tuple(fp[1:])))
        for f, r in forms:
            self.verbs.setdefault(f, []).append((r, cue_lemma, act, noun_like, _form_kind(f, head), no_to, within))

    def _build_prefilter(self) -> None:
        """A sentence without any cue form, nominal cue or "according" cannot hold a claim
        (matched case-sensitively: "States" in "United States" is no cue; a capitalised -ing
        form may open a sentence: "Warning of ...")."""
        single: set[str] = set()
        heads: dict[str, set] = {}
        for form, entries in self.verbs.items():
            for rest, *_ in entries:
                if rest:
                    heads.setdefault(form, set()).add(rest[0])
                else:
                    single.add(form)
                    if form.endswith("ing"):
                        single.add(form.capitalize())
        single.add("according")
        single.add("According")
        single.add("Reports")  # "Reports emerged that ..." (see _Para._press_reports)
        self.prefilter = frozenset(single)
        self.prefilter_heads = {k: frozenset(v) for k, v in heads.items()}
        self.prefilter_nouns = frozenset(self.nouns)

    def act_from_content(self, act: str, content: str) -> str:
        """The act an assertion performs by what it says (a verb that names an act decides,
        so any other act stays as the cue gives it): content denying a threat or an intent is
        a denial, refusing to accept a proposal a rejection, refusing to do something a
        refusal, announcing consequences, a retaliation or a danger a warning, telling another
        side what it must do a demand, blaming the other side an accusation, offering talks
        a proposal (``cues.yml``: *_content, in that order of precedence). After a contrast
        ("..., but X must ...") the words after the last "but" decide."""
        if act != "assertion":
            return act
        return self.content_act(content) or act

    def content_act(self, content: str) -> str | None:
        """The act the words of ``content`` perform by themselves, or None (see
        :meth:`act_from_content`)."""
        text = " " + content.lower()
        found = [(m.start(), m.lastgroup) for m in self.content_re.finditer(text)]
        if not found:
            return None
        but = max(text.rfind(" but "), text.rfind(",but "))
        if but >= 0 and any(pos >= but for pos, _ in found):
            found = [(pos, kind) for pos, kind in found if pos >= but]
        kinds = {kind for _, kind in found}
        return next(kind for kind in self._content_kinds if kind in kinds)

    def act_for_cue(self, cue: str | None) -> str:
        """The act of a quote's cue lemma (``warn`` -> warning), assertion by default."""
        if not cue:
            return "assertion"
        c = str(cue).strip().lower()
        if c in self.act_of_lemma:
            return self.act_of_lemma[c]
        for rest, _lemma, act, *_ in self.verbs.get(c.split()[0] if c else "", ()):
            if not rest:
                return act
        return "assertion"


# the keys cues.yml may use (see its header); anything else is a typo
CUES_SPEC = {
    "verbs": {"*": {"act": None, "forms": None, "lemma": None, "not_before_to": None, "noun_like": None,
                    "within": None, "plain": None}},
    "nouns": {"*": None},
    "denial_content": None, "warning_content": None, "accusation_content": None,
    "rejection_content": None, "refusal_content": None, "demand_content": None, "proposal_content": None,
    "denial_as_content": None, "denial_objects": None, "light_verbs": None, "passes_object_act": None,
}


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The compiled cue lexicon of ``path`` (default: the package's cues.yml); an unknown key
    stops the load naming file, line and key."""
    return Lexicon(load_checked(path or (config.LEXICONS / "cues.yml"), CUES_SPEC))


# ----------------------------------------------------------------------------- helpers
_NP_BREAKERS = CONNECTIVES | INTRO_WORDS | frozenset(
    "according while whereas although though as because since when if unless once until".split())
_PREPOSITIONS = frozenset("""to with from near in at on by about against over under into through without
within among between like than toward towards across behind beyond despite""".split())
_STOP = _PREPOSITIONS | frozenset("""and or but nor that which who whom as than he she it they we i you him her them us
me this these those there here not no""".split())
WH_WORDS = frozenset("how what why when where who whom whose which whether if".split())


def _is_np_word(tok: _Tok) -> bool:
    """Whether a token may be part of an actor's noun phrase (a name, a possessive, a
    number, a determiner or a role word)."""
    if tok.text in _SENT_PUNCT or tok.text == "—" or tok.low in WH_WORDS:
        return False
    if tok.cap or tok.poss or tok.text[0].isdigit():
        return True
    if "-" in tok.text and tok.text.rsplit("-", 1)[1][:1].isupper():
        return True  # "the pro-Kremlin newspaper", "an anti-NATO group"
    return tok.low in DETERMINERS or tok.low in NP_WORDS


def _np_left(toks: list[_Tok], i: int, stop: int) -> int:
    """Index where the noun phrase ending at toks[i] starts (> i when there is none)."""
    j = i
    while j >= stop and _is_np_word(toks[j]) and toks[j].low not in AUX and toks[j].low not in WEEKDAYS:
        # a capitalised sentence word that is really a connective ends the NP
        if toks[j].cap and toks[j].low in _NP_BREAKERS and not toks[j].poss:
            break
        # "along the border the United States alleged": an article after a noun opens a new NP
        if j < i and toks[j].low in ("the", "a", "an") and j > stop and _is_np_word(toks[j - 1]) \
                and not toks[j - 1].cap and toks[j - 1].low not in DETERMINERS \
                and toks[j - 1].low not in ("of", "for") and not toks[j - 1].poss:
            j -= 1
            break
        j -= 1
    j += 1
    while j <= i and toks[j].low in ("of", "for"):
        j += 1
    return j


def _np_right(toks: list[_Tok], i: int, end: int) -> int:
    """Index one past the noun phrase starting at toks[i]."""
    j = i
    while j < end and (_is_np_word(toks[j]) or (toks[j].low == "of" and j + 1 < end and _is_np_word(toks[j + 1]))):
        if toks[j].low in AUX:
            break
        j += 1
    while j > i and toks[j - 1].low in ("of", "for"):
        j -= 1
    return j


class _Hit:
    """A cue found in a sentence: tokens i..j, its lemma, act and form kind."""
    __slots__ = ("i", "j", "lemma", "act", "kind", "noun_like", "no_to")

    def __init__(self, i, j, lemma, act, kind, noun_like, no_to=False):
        self.i, self.j, self.lemma, self.act, self.kind, self.noun_like = i, j, lemma, act, kind, noun_like
        self.no_to = no_to


_QUOTE_MARKS = frozenset('“"”')


def _within(toks, j, cond) -> bool:
    """Whether the word cond[0] follows within cond[1] tokens, in the same clause
    ("put the number of groups at 53", "called the warnings '...'")."""
    word, span = cond[0], int(cond[1])
    quote = word in _QUOTE_MARKS
    for t in toks[j:j + span]:
        if t.low == word or (quote and t.text in _QUOTE_MARKS):
            return True
        if t.text in ",;:—(" or t.low in ("that", "and", "but"):
            return False
    return False


def _find_cues(toks: list[_Tok], lex: Lexicon) -> list[_Hit]:
    """Every cue form in the tokens, left to right, the longest phrase at each position."""
    hits = []
    n = len(toks)
    i = 0
    while i < n:
        entries = lex.verbs.get(toks[i].low)
        got = None
        if entries:
            for rest, lemma, act, noun_like, kind, no_to, within in entries:
                k = len(rest)
                if i + k < n + 1 and all(toks[i + 1 + x].low == rest[x] for x in range(k) if i + 1 + x < n) \
                        and i + k < n:
                    if within is not None and not _within(toks, i + 1 + k, within):
                        continue
                    got = _Hit(i, i + 1 + k, lemma, act, kind, noun_like, no_to)
                    break
        if got:
            hits.append(got)
            i = got.j
        else:
            i += 1
    return hits


# ----------------------------------------------------------------------------- extractor
_DOTTED = re.compile(r"\b(?:[A-Z]\.){2,}")
_LEANING = re.compile(r"\b(?:pro|anti)-\S+", re.I)


def _party(registry, phrase: str) -> str:
    """The registry's party for ``phrase``, "" when unknown (the registry memoises it per instance);
    a leaning names no speaker's side ("the pro-Kremlin daily" is not the Kremlin)."""
    if "-" in phrase and _LEANING.search(phrase):
        phrase = _LEANING.sub(" ", phrase)
    party = registry.party_of(phrase) or ""
    if not party and "." in phrase and _DOTTED.search(phrase):
        party = registry.party_of(_DOTTED.sub(lambda m: m.group(0).replace(".", ""), phrase)) or ""  # "E.U."
    return party


# plural nouns for people: "they" after "U.S. officials said" takes their party
PLURAL_PEOPLE = _ROLES.group
# "the officials", "the ministry": read back to the nearest "<party> <noun>"
_DEFINITE = re.compile(r"^the (?:(?:two|three|four|senior|top|same|other)\s+)?(" +
                       "|".join(sorted(_ROLES.anaphor, key=lambda w: (-len(w), w))) + r")$")
# a phrase ending in one of these names one person ("he"/"she" may refer to it)
_PERSON_NOUNS = _ROLES.person


_CLAUSE_PUNCT = re.compile(r"[,;:\"“”()—]|(?<![A-Z])\.")


_SPLIT_ACTORS = re.compile(r"\s+and\s+|,")
_GENDER = {"he": "m", "she": "f"}


def _is_role_description(low: str) -> bool:
    """Whether a lower-case actor phrase is "the <modifiers> <person role>" ("the defence
    minister", "the secretary of state"), with no name in it."""
    words = low.split()
    return (len(words) >= 2 and words[0] == "the" and words[-1] in _PERSON_NOUNS | {"state", "defense", "defence"}
            and any(w in _PERSON_NOUNS for w in words[1:]) and all(w.isalpha() for w in words))


def _is_person_phrase(registry, phrase: str) -> bool:
    """Whether a phrase names one person (a registered name or a phrase ending in a role)."""
    words = phrase.lower().split()
    return bool(words) and (words[-1] in _PERSON_NOUNS or registry.person(phrase) is not None)


_WH_OR_THAT = WH_WORDS | {"that"}
# "continue(s/d) to <cue>" is the cue itself, said again
_GO_ON_FORMS = frozenset(("continue", "continues", "continued", "continuing"))


def _outside_according(toks: list[_Tok], hits: list[_Hit]) -> list[_Hit]:
    """"according to X" owns the acts it attributes ("Moscow refused ..., according to X": the
    refusal is X's account), but not words it relays: a verb of saying or asking inside the
    attributed clause ("according to X, Putin said ...", "..., asking to move the deadline,
    according to X") is a claim of its own subject too."""
    n = len(toks)
    for x in range(n - 2):
        if toks[x].low == "according" and toks[x + 1].low == "to" and _np_right(toks, x + 2, n) > x + 2:
            e = _np_right(toks, x + 2, n)
            if x > 0 and toks[x - 1].text == ",":
                return [h for h in hits if h.i > e or h.act in _RELAYED]
            if e < n and toks[e].text == ",":
                return [h for h in hits if h.i < x or h.act in _RELAYED]
            return hits
    return hits


# the acts of verbs that relay words (say, tell, ask, urge): kept inside "according to X"
_RELAYED = frozenset(("assertion", "demand"))


# words that open what was said, never skipped before it ("no troops have moved, he said")
_CONTENT_OPENERS = frozenset("no not there this these those it they we i you he she".split())


def _object_before_actor(toks: list[_Tok], actor_rng) -> tuple[int, int]:
    """Nothing follows the verb: the content is the object written before the actor
    ("..., a demand the alliance has rejected", "..., which NATO condemned")."""
    ce = actor_rng[0]
    while ce > 0 and toks[ce - 1].low in _WH_OR_THAT:
        ce -= 1
    cs = ce
    while cs > 0 and toks[cs - 1].text not in ",;—:\"“”":
        cs -= 1
    if ce <= cs and cs > 0:
        ce = cs - 1
        cs = ce
        while cs > 0 and toks[cs - 1].text not in ",;—:\"“”":
            cs -= 1
    while cs < ce and (toks[cs].low in _STOP or toks[cs].low in CONNECTIVES or toks[cs].low in _NP_BREAKERS) \
            and toks[cs].low not in _CONTENT_OPENERS:
        cs += 1  # "..., as Brody proposes": nothing was said
    return cs, ce


class _Sent:
    """The state of one sentence while its cues are read."""
    __slots__ = ("toks", "n", "hits", "ctx", "subj_start", "claims", "prev", "main_subj", "outer", "_title")

    def __init__(self, toks, hits, ctx):
        self.toks, self.n, self.hits, self.ctx = toks, len(toks), hits, ctx
        self._title = None  # see title()
        self.subj_start: dict = {}
        self.claims: list[tuple[int, int]] = []  # content ranges (token indices) of the claims so far
        self.prev = None  # the previous claim: dict(_cs, _ce, _actors, _absolute, _cj)
        self.main_subj = "unset"  # the main clause's subject range, once looked for
        self.outer = None  # a trailing attribution (see _Para._trailing_attribution)

    def title(self) -> bool:
        """Whether the sentence is a headline or a transcript's list of segments ("Johnson Warns
        Russia: ..."): most words capitalised (the short ones aside), so a capitalised cue is
        no part of a name (worked out once, when first asked)."""
        if self._title is None:
            words = [t for t in self.toks if len(t.text) > 3 and t.text[0].isalpha()]
            self._title = len(words) >= 5 and sum(t.cap for t in words) >= 0.8 * len(words)
        return self._title


_EMPTY: list = []  # shared, never written to
# nominals a party adjective does not make a speech act ("the Russian threat" is a danger)
_NOT_BY_ADJECTIVE = frozenset(("threat", "threats", "call", "calls", "claim", "promise"))
# the endings of a demonym adjective ("Russian", "Western", "British", "Chinese", "French")
_ADJECTIVE_ENDS = ("an", "ern", "ish", "ese", "ch")
_OBJECT_PRONOUNS = {"her": "she", "him": "he"}
# "The Russians said" (a side; not "Russians say", the public): the plural of a demonym adjective
_DEMONYM_PLURAL = re.compile(r"^[Tt]he ([A-Z][a-z]+(?:an|ian))s$")
# irregular past forms that end a main clause's subject ("Zelensky spoke to ..., asking")
IRREGULAR_PAST = frozenset("""spoke met went came made took gave held sent wrote told said left brought
sought saw became began ran stood won led kept flew struck drew fought threw hit found put set""".split())
# settings of a participle that belong to the main clause's subject ("issued a statement saying")
_UTTERANCE_NOUNS = frozenset("statement statements communique message letter post tweet video address speech "
                             "interview briefing remarks comments".split())
# "Reports emerged/came/surfaced ...": the press reporting, no source named
_REPORTS_SURFACE = frozenset("emerged surfaced came circulated suggest suggested indicate indicated say said".split())
# verbs whose object is the addressee: ", told the parliament" is no inverted subject
_NO_INVERSION = frozenset("tell inform brief assure reassure remind".split())
# an aside between a subject and its verb ("Minsk, for its part, denied ...")
_ASIDES = frozenset(f"for {w} part" for w in ("its", "his", "her", "their", "our", "my")) | frozenset(
    ("in turn", "in return", "in response", "in reply", "though", "too", "for now", "at the same time"))


class _Para:
    """The claims of one paragraph: its sentences read one by one into ``rows``."""
    def __init__(self, article_id, pi, text, registry, lex, quotes, prev_text="", prev_rows=()):
        self.aid, self.pi, self.text, self.reg, self.lex = article_id, pi, text, registry, lex
        self.prev_text, self.prev_rows = prev_text, prev_rows
        self.sent_actors = None  # the actors of the sentence's last claim (for "..., even as he urged")
        self.quotes = quotes  # rows of this paragraph with resolved (s, e)
        # indexes over the quotes, so that no look-up loops over every quote of the paragraph
        self._qspans = self._qstarts = self._qmaxend = self._qends = self._qby_start = self._qby_start_max = _EMPTY
        self._qspeaker_pos: list = _EMPTY  # where each attributed quote starts, in order
        self._qspeakers: list = _EMPTY  # (speaker, party) of each
        if quotes:
            self._index_quotes(quotes)
        self.quote_act: dict[int, tuple[str, str]] = {}  # id(quote row) -> (act, cue) read from the text
        self.rows: list[dict] = []
        # look-ups for "he"/"she", "they" and "the officials", built once per paragraph
        self._people = None  # (ends, persons, index from which two different people were named)
        self._mentions: dict[tuple[int, str], tuple[list[int], list]] = {}
        self._rows_before = 0  # rows made by the sentences before the current one
        self._last_before = None  # the row of those that starts last (the first such row)

    def _index_quotes(self, quotes) -> None:
        """Sorted spans, starts, running maximum ends and the speakers of the paragraph's quotes."""
        self._qspans = sorted((q["_s"], q["_e"]) for q in quotes)
        self._qstarts = [a for a, _ in self._qspans]
        self._qmaxend = list(itertools.accumulate((b for _, b in self._qspans), max))
        self._qends = sorted(b for _, b in self._qspans)
        self._qby_start = sorted(range(len(quotes)), key=lambda x: quotes[x]["_s"])
        self._qby_start_max = list(itertools.accumulate((quotes[x]["_e"] for x in self._qby_start), max))
        spoken = sorted((q["_s"], str(q.get("speaker") or "").strip(), str(q.get("party") or "").strip())
                        for q in quotes if not is_blank(q.get("speaker")))
        self._qspeaker_pos = [x[0] for x in spoken]  # attributed quotes of this paragraph, in order
        self._qspeakers = [(x[1], "" if is_blank(x[2]) else x[2]) for x in spoken]

    # -- actors -------------------------------------------------------------
    def resolve(self, toks, a, b) -> list[tuple[str, str]]:
        """[(actor as written, party)] for toks[a:b]; pronouns only when safe."""
        # "according to her": the object pronoun read as "she"
        low = _OBJECT_PRONOUNS.get(toks[a].low) if b == a + 1 and a >= 2 and toks[a - 1].low == "to" \
            and toks[a - 2].low == "according" else None
        if low is None and (a >= b or all(t.low in DETERMINERS or t.low in ("of", "for") for t in toks[a:b])):
            return []
        s, e = toks[a].start, toks[b - 1].end
        actor = self.text[s:e].strip(" ,")
        low = low or actor.lower()
        if low in PRONOUNS_PERSON:
            p = self._antecedent(s)
            if p:
                return [(p.name, p.party)]
            got = self._same_sentence(low)
            if got:
                return got
            last = self._last_person_speaker(s, low) if self._nobody_named_before(s) else None
            return [last] if last else [("", "")]
        if low == "they":
            return [(actor, self._they(s))]
        if low == "it":
            return self._same_sentence(low) or self._it(toks, a) or [("", "")]
        if low in PRONOUNS_OTHER:
            return self._same_sentence(low) or [("", "")]
        m = _DEFINITE.match(low)
        if m:
            party = self._definite(m.group(1), s)
            if not party and m.group(1) in _PERSON_NOUNS:
                party = self._role_party(s)
            return [(actor, party)]
        parts = re.split(r"\s+and\s+|\s*,\s*", actor)
        if len(parts) > 1:
            found = [(x, _party(self.reg, x)) for x in parts if x.strip()]
            parties = {p for _, p in found}
            if len(parties) > 1:
                return [(x, p) for x, p in found if p] or [(actor, "")]
        party = _party(self.reg, actor)
        if not party and _is_role_description(low):
            party = self._role_party(s)  # "the defence minister said": the person last speaking
        if not party:
            m = _DEMONYM_PLURAL.match(actor)
            if m:  # "The Russians said": the people of a party's adjective ("Russian")
                party = _party(self.reg, m.group(1))
        return [(actor, party)]

    def _it(self, toks, a):
        """[(actor, party)] for "it" as a subject where no earlier claim of the sentence gave
        it: the main clause's subject before it ("Russia has not updated the figure since it
        said ...", "The team arrived, where it said ..."), else at the start of a sentence the
        speaker the text last gave; either only when that is a body (no person) with a party."""
        main = self.main_subject(toks, 0, len(toks), _EMPTY)
        if main is not None and main[1] <= a:
            got = self.resolve(toks, *main)
            if len(got) == 1 and got[0][1] and not _is_person_phrase(self.reg, got[0][0]):
                return got
            return None
        if any(t.low not in CONNECTIVES and t.text not in _SENT_PUNCT for t in toks[:a]):
            return None
        last = self._last_speaker(toks[a].start)
        if last is not None and last[0] and last[1] and not _is_person_phrase(self.reg, last[0]) \
                and not _SPLIT_ACTORS.search(last[0]) and last[0].lower() not in PRONOUNS_OTHER:
            return [last]
        return None

    def _nobody_named_before(self, upto: int) -> bool:
        """Whether no registered person is named in this paragraph before ``upto``."""
        if self._people is None:
            self._people = self._people_named()
        return bisect_right(self._people[0], upto) == 0

    def _role_party(self, upto: int) -> str:
        """The party of the person a reader takes "the <role>" for, when the role names no
        party itself: the one registered person named before it in the paragraph, else (nobody
        named) the person the text last made the speaker; empty otherwise."""
        p = self._antecedent(upto)
        if p is not None:
            return p.party
        if not self._nobody_named_before(upto):
            return ""  # two different people named: no guess
        last = self._last_person_speaker(upto, "")
        return last[1] if last else ""

    def _last_speaker(self, upto: int):
        """(actor, party) of the speaker the text last gave before ``upto``: this paragraph's
        claims and attributed quotes before it, else the previous paragraph's last claim."""
        best = None
        rows = [r for r in self.rows[self._rows_before:] if r["start"] < upto]
        if self._last_before is not None:
            rows.append(self._last_before)
        for r in rows:
            if best is None or r["start"] > best[0]:
                best = (r["start"], r["actor"], r["party"])
        x = bisect_left(self._qspeaker_pos, upto)
        if x and (best is None or self._qspeaker_pos[x - 1] > best[0]):
            best = (self._qspeaker_pos[x - 1], *self._qspeakers[x - 1])
        if best is None and self.prev_rows:
            start = max(r["start"] for r in self.prev_rows)
            last = [r for r in self.prev_rows if r["start"] == start]
            if len({r["party"] for r in last}) > 1:
                return None  # "Lavrov and Blinken said": not one speaker
            best = (0, last[0]["actor"], last[0]["party"])
        elif best is not None and len({r["party"] for r in rows if r["start"] == best[0]}) > 1:
            return None
        return None if best is None else (str(best[1]), str(best[2] or ""))

    def _last_person_speaker(self, upto: int, pronoun: str):
        """:meth:`_last_speaker` when it is one person with a party (of the pronoun's gender
        when the registry knows it), else None."""
        last = self._last_speaker(upto)
        if last is None or not last[0] or not last[1] or not _is_person_phrase(self.reg, last[0]):
            return None
        if _SPLIT_ACTORS.search(last[0]):
            return None  # "Stoltenberg and Sherman": not one person
        p = self.reg.person(last[0])
        if p is not None and p.gender and pronoun in PRONOUNS_PERSON and p.gender != _GENDER[pronoun]:
            return None  # "she" after a man
        return last

    def _same_sentence(self, pronoun):
        """A pronoun subject of a subordinate clause ("..., even as he urged", "..., though it
        has proposed") is the actor of the sentence's previous claim, when that actor is one
        party and of the pronoun's kind (a person for he/she, not a person for it)."""
        acts = self.sent_actors
        if not acts or len({p for _, p in acts}) != 1 or not acts[0][1]:
            return None
        if pronoun not in PRONOUNS_PERSON and pronoun != "it":
            return None
        if (pronoun in PRONOUNS_PERSON) != _is_person_phrase(self.reg, acts[0][0]):
            return None
        return list(acts)

    def _they(self, upto: int) -> str:
        """'they' is the party of the last speaker, in this paragraph before it or else in the
        previous one, when that speaker is a group of people with a party ("U.S. officials
        said ... They said ..."); empty otherwise."""
        # rows of earlier sentences all start before this one; of this sentence's rows only
        # those before the pronoun count
        rows = [r for r in self.rows[self._rows_before:] if r["start"] < upto]
        if self._last_before is not None:
            rows.insert(0, self._last_before)
        rows = rows or list(self.prev_rows)
        if not rows:
            return ""
        last = max(rows, key=lambda r: r["start"])
        words = str(last["actor"]).lower().split()
        if words and (words[-1] in PLURAL_PEOPLE or words[0] == "they"):
            return last["party"] or ""
        return ""

    def _new_sentence(self):
        """Fold the rows of the sentences read so far into the one that starts last."""
        last = self._last_before
        for r in self.rows[self._rows_before:]:
            if last is None or r["start"] > last["start"]:
                last = r
        self._last_before = last
        self._rows_before = len(self.rows)

    def _definite(self, head: str, upto: int) -> str:
        """'the officials' / 'the diplomat': the party of the nearest earlier mention of the same
        noun in this or the previous paragraph that names a party ("U.S. officials", "a Russian
        diplomat"); empty when that mention names none."""
        for which, limit in ((0, upto), (1, None)):
            ends, parties = self._mention_index(which, head)
            x = len(ends) if limit is None else bisect_right(ends, limit)
            if x and parties[x - 1] is not None:
                return parties[x - 1]
        return ""

    def _mention_index(self, which: int, head: str):
        """Every mention of ``head`` in this (which=0) or the previous (1) paragraph: their ends,
        and for each the party read at the nearest mention up to it that is not itself an
        anaphor ("the officials"), None when there is none."""
        key = (which, head)
        got = self._mentions.get(key)
        if got is not None:
            return got
        text = self.text if which == 0 else self.prev_text
        ends: list[int] = []
        parties: list = []
        last = None
        # ("the ministry" after "Defence Ministry")
        for m in re.finditer(r"\b" + re.escape(head) + r"\b", text, re.I):
            seg = text[max(0, m.start() - 60):m.end()]
            cuts = list(_CLAUSE_PUNCT.finditer(seg))
            if cuts:  # the mention's own clause
                seg = seg[cuts[-1].end():]
            pre = re.findall(r"[\w.'’-]+", seg)[-6:]
            j = len(pre) - 1
            while j > 0 and (pre[j - 1][0].isupper() or pre[j - 1].lower() in DETERMINERS
                             or pre[j - 1].lower() in NP_WORDS):
                j -= 1
            words = [w.lower() for w in pre[j:]]
            if not (len(words) <= 2 and words[0] in ("the", "these", "those")):  # not another anaphor
                last = _party(self.reg, " ".join(pre[j:]))
            ends.append(m.end())
            parties.append(last)
        got = self._mentions[key] = (ends, parties)
        return got

    def _antecedent(self, upto: int):
        """The one registered person named before ``upto`` in this paragraph (the referent of
        "he"/"she"), or None when none or two different people were named."""
        if self._people is None:
            self._people = self._people_named()
        ends, people, two_from = self._people
        x = bisect_right(ends, upto)
        return people[x - 1] if 0 < x <= two_from else None

    def _people_named(self):
        """(ends, persons, count): the registered people this paragraph names, in order, and how
        many of them come before a second, different person."""
        reg = self.reg
        folded = self.text.replace("’", "'")
        ends, people = [], []
        for ms, me in reg.name_matches(self.text):
            # a first name or title before it (a word: the window reaches far enough)
            base = max(0, ms - 200)
            w = re.search(r"[A-Z][\w'.-]*\s+$", folded[base:ms])
            p = reg.person(folded[base + w.start() if w else ms:me])
            if p is not None:
                ends.append(me)
                people.append(p)
        two_from = next((x for x, p in enumerate(people) if p.name != people[0].name), len(people))
        return ends, people, two_from

    # -- main clause subject ------------------------------------------------
    def main_subject(self, toks, lo, hi, lex_hits):
        """(start, end) token range of the sentence's main-clause subject, or None."""
        k = lo
        # a sentence opening with a quotation: the subject follows it
        while k < hi and (self._in_quote(toks[k].start) or toks[k].text in "\"“”,"):
            k += 1
        while k < hi and (toks[k].low in CONNECTIVES or toks[k].text in ",—"):
            k += 1
        if k < hi and (toks[k].low in INTRO_WORDS or toks[k].low.endswith(("ing", "ed"))) \
                and not _party(self.reg, toks[k].text):
            c = k
            while c < hi and toks[c].text != ",":
                c += 1
            if c < hi:
                k = c + 1
        while k < hi and (toks[k].low in CONNECTIVES or toks[k].text in ",—"):
            k += 1
        e = _np_right(toks, k, hi)
        if e <= k or e >= hi:
            return None
        nxt = toks[e]
        cue_starts = {h.i for h in lex_hits}
        if nxt.low in AUX or e in cue_starts or nxt.low.endswith("ed") or (nxt.low.endswith("s") and not nxt.cap) \
                or nxt.low in IRREGULAR_PAST:
            return (k, e)
        if e < hi and toks[e].low in ADVERBS | NEGATORS:
            return (k, e)
        return None

    # -- the sentence -------------------------------------------------------
    def _left_context(self, toks, i):
        """Skip leftwards from the cue at i over negation, adverbs, auxiliaries, time phrases."""
        k = i - 1
        negated = False
        modal = None
        aux_seen = []
        while k >= 0:
            t = toks[k]
            if t.low in NEGATORS:
                negated = True
            elif t.low in AUX:
                aux_seen.append(t.low)
                if t.low in MODAL_HYPOTHETICAL:
                    modal = t.low
            elif t.low in ADVERBS or t.low in WEEKDAYS or (
                    t.low in TIME_WORDS and k + 1 < i and (toks[k + 1].low in WEEKDAYS or toks[k + 1].low in TIME_WORDS)) or (
                    t.low in TIME_NOUNS and k > 0 and toks[k - 1].low in WEEKDAYS):
                pass  # "on Tuesday morning": a time phrase between subject and verb
            elif t.low == "particular" and k > 0 and toks[k - 1].low == "in":
                k -= 1
            elif t.low == "to" and k > 0 and toks[k - 1].low in _GO_ON_FORMS:
                k -= 1  # "continues to warn": the cue is "warn"
            else:
                break
            k -= 1
        return k, negated, modal, aux_seen

    def _appositive_relative(self, toks, x):
        """Whether toks[x] ("that") opens a relative clause on an appositive noun phrase
        ("..., figures that Moscow has not confirmed"), not a reported clause."""
        if toks[x].low != "that" or x < 2:
            return False
        c = x - 1
        while c > 0 and x - c <= 4 and toks[c].low.isalpha() and not toks[c].cap and toks[c].low not in AUX \
                and toks[c].low not in _STOP:
            c -= 1
        return c < x - 1 and toks[c].text in (",", "—", "–")  # "..., a step that" / "– an action that"

    def _title_start(self, toks, j):
        """Start of a title phrase ending at toks[j] that opens its clause and whose head (the
        part before any preposition) names a party ("Russia's envoy to the European Union");
        None otherwise."""
        x = j
        while x >= 0 and (_is_np_word(toks[x]) or toks[x].low in ("to", "at", "in")):
            x -= 1
        b = x + 1
        if b > j or not (b == 0 or toks[b - 1].text in ",;—:" or toks[b - 1].low in CONNECTIVES):
            return None
        e = b
        while e <= j and toks[e].low not in _PREPOSITIONS:
            e += 1
        if e == b or not _party(self.reg, self.text[toks[b].start:toks[e - 1].end]):
            return None
        return b

    def _head_before_prep(self, toks, a):
        """Start of the subject when toks[a:] is the object of "in/from/at" after an actor
        noun that names its own party ("A Russian official in Minsk", "U.S. lawmakers from
        both parties"); None otherwise (no party from a prepositional object)."""
        if a < 2 or toks[a - 1].low not in HEAD_PREPOSITIONS or toks[a - 2].low not in SUBJECT_HEADS:
            return None
        b = _np_left(toks, a - 2, 0)
        if b <= a - 2 and (b == 0 or toks[b - 1].text in ",;—:\"“”)" or toks[b - 1].low in CONNECTIVES) \
                and _party(self.reg, self.text[toks[b].start:toks[a - 2].end]):
            return b
        return None

    def _subject_left(self, toks, k):
        """Start of the subject NP ending at toks[k] (coordinated subjects only from a clause start)."""
        a = _np_left(toks, k, 0)
        # a possessor anchors a longer noun phrase: "The OSCE's special monitoring mission"
        j = k if a > k else a - 1
        unknown = 0
        while j > 0 and unknown < 3 and toks[j].low.isalpha() and not toks[j].cap and not _is_np_word(toks[j]) \
                and toks[j].low not in _STOP:
            j -= 1
            unknown += 1
        if unknown and j >= 0:
            a2 = _np_left(toks, j, 0)
            if a > k and a2 <= j:
                b = self._head_before_prep(toks, a2)  # "lawmakers from both parties said"
                if b is not None:
                    return b
            if a2 <= j and not (a <= k and toks[a].low in ("the", "a", "an")) and (
                    any(t.poss for t in toks[a2:j + 1]) or (
                    any(t.cap and t.low not in DETERMINERS for t in toks[a2:j + 1])
                    and _party(self.reg, self.text[toks[a2].start:toks[k].end]))):
                a = a2  # "the United Nations refugee agency", "the UN human rights office"
        if a > k:
            return a
        # the object of a preposition is not the subject ("diplomats close to Russia's delegation said")
        if a > 0 and toks[a - 1].low in _PREPOSITIONS:
            b = self._head_before_prep(toks, a)
            return k + 1 if b is None else b
        while a >= 2 and toks[a - 1].low == "and" and _is_np_word(toks[a - 2]) and not toks[a - 2].poss:
            b = _np_left(toks, a - 2, 0)
            if b > a - 2:
                break
            if b == 0 or toks[b - 1].text in ",;—:\"“”" or toks[b - 1].low in CONNECTIVES \
                    or toks[b - 1].low in ("that", "which", "who"):  # "an action that X and its allies warned"
                a = b
            else:
                break
        return a

    def sentence(self, s0, s1):
        """Read every claim of the sentence text[s0:s1] into ``self.rows``: cue verbs with their
        actor and content, then "according to X" and nominal claims ("Russia's demand for")."""
        self._new_sentence()
        toks = self._sentence_tokens(s0, s1)
        if not toks:
            return
        self.sent_actors = None
        hits = _find_cues(toks, self.lex)
        if not hits and not self._maybe_other(toks):
            return
        st = _Sent(toks, hits, {h.i: self._left_context(toks, h.i) for h in hits})
        st.subj_start = self._subject_starts(st)
        seg = self.text[s0:s1]
        has_according = "ccording" in seg and "according" in seg.lower()
        if has_according:
            st.hits = _outside_according(toks, st.hits)
        st.outer = self._trailing_attribution(st)
        for h in st.hits:
            self._read_cue(st, h)
        if has_according:
            self._according(toks, st.claims)
        if st.claims and "citing" in seg:
            self._citing(toks, st.claims)
        self._nominals(toks, st.claims, st.hits)
        if "eports" in seg and ("reports" in seg or "Reports" in seg):
            self._press_reports(toks)

    def _sentence_tokens(self, s0, s1) -> list[_Tok]:
        """The tokens of text[s0:s1], each direct quote one opaque token (its words take no
        part, and cost nothing)."""
        text = self.text
        toks: list[_Tok] = []
        pos = s0
        for a, b in self._quotes_between(s0, s1):
            if b <= pos:
                continue
            if a > pos:
                toks += _tokens(text, pos, a)
            toks.append(_new_tok(_Tok, (max(a, pos), min(b, s1), "“", "“", False, False)))
            pos = b
        if pos < s1:
            toks += _tokens(text, pos, s1)
        return toks

    def _subject_starts(self, st) -> dict:
        """Token index where each cue's subject starts -> that cue (for clause breaks:
        "..., Russia warned")."""
        toks = st.toks
        subj_start = {}
        for h in st.hits:
            k = st.ctx[h.i][0]
            if k >= 0 and _is_np_word(toks[k]) and not toks[k].poss:
                a = self._subject_left(toks, k)
                if a <= k:
                    subj_start[a] = h
        return subj_start

    def _trailing_attribution(self, st):
        """A trailing attribution (", Stoltenberg said." / ", said Peskov." / ", officials said on
        Friday, warning that ...") owns what precedes it: (cue, actor range, content start,
        content end, tail) for the first cue that closes its sentence so, else None."""
        toks, n = st.toks, st.n
        cue_at = frozenset(x.i for x in st.hits)
        for h in st.hits:
            k, negated, modal, _aux = st.ctx[h.i]
            if negated or modal or h.kind == "ing" or k < 0:
                continue
            inv_end = _np_right(toks, h.j, n) if toks[k].text in ",\"“”—" else None
            apposed = None
            if inv_end is not None and h.lemma in _NO_INVERSION:
                # "..., Reznikov, the defence minister, told the parliament": "told X" never
                # inverts its subject; the speaker is the appositive before it
                inv_end = None
                apposed = self._appositive_actor(st, k) if toks[k].text == "," else None
            tail = self._attribution_tail(toks, h, inv_end, cue_at)
            follow = tail + 1 < n and toks[tail].text == "," and toks[tail + 1].low.endswith("ing")
            if tail < n and not follow:
                continue
            if inv_end is not None and inv_end > h.j:
                comma, actor_rng = k, (h.j, inv_end)
            elif apposed is not None:
                comma, actor_rng = apposed[0] - 1, apposed
            else:
                a = self._subject_left(toks, k)
                comma = a - 1
                actor_rng = (a, k + 1)
            if actor_rng[0] < actor_rng[1] and comma >= 1 and toks[comma].text in ",\"“”—":
                ce = comma
                while ce > 0 and toks[ce - 1].text in ",\"“”—:":
                    ce -= 1
                cs = 0
                while cs < ce and (toks[cs].low in CONNECTIVES or toks[cs].text in ",\"“”"):
                    cs += 1
                if ce > cs:
                    return (h, actor_rng, cs, ce, tail)
            return None
        return None

    @staticmethod
    def _attribution_tail(toks, h, inv_end, cue_at=frozenset()) -> int:
        """Token index after a cue and what may trail it in an attribution: an inverted
        subject (", said Ann Porter, director of X"), an addressee ("told lawmakers"),
        time words and circumstances ("in a statement", "on Twitter")."""
        n = len(toks)
        tail = h.j
        if inv_end is not None:
            if inv_end > h.j:
                tail = inv_end
                if tail < n and toks[tail].text == ",":  # ", said Ann Porter, director of X."
                    e2 = _np_right(toks, tail + 1, n)
                    if e2 > tail + 1:
                        tail = e2
        elif h.lemma in ADDRESSEE_CUES:
            tail = max(tail, _np_right(toks, tail, n))  # "told lawmakers"
            if tail > h.j and tail + 1 < n and toks[tail].text == ",":
                e2 = _np_right(toks, tail + 1, n)  # "told the Rada, Ukraine's parliament, on ..."
                if e2 > tail + 1 and (e2 == n or toks[e2].text == ","):
                    tail = e2 + 1 if e2 < n else e2
        while tail < n:
            t3 = toks[tail].low
            e2 = _np_right(toks, tail + 1, n) if t3 in CIRCUMSTANCE or t3 == "to" else tail + 1
            if e2 == tail + 1 and (
                    t3 in ADVERBS or t3 in WEEKDAYS or t3 in TIME_WORDS or t3 in TIME_NOUNS or t3 == ")"):
                tail += 1
            elif t3 in CIRCUMSTANCE or t3 == "to":  # "in a statement", "on Twitter", "on Jan. 28"
                if e2 == tail + 1:
                    break
                # "in a statement to a council session on the dispute": plain words to the end
                e3 = e2
                while e3 < n and toks[e3].text not in _SENT_PUNCT and toks[e3].low not in AUX \
                        and toks[e3].low not in _WH_OR_THAT and toks[e3].low not in NEGATORS \
                        and not toks[e3].low.endswith("ed") and e3 not in cue_at and toks[e3].low not in (
                            "and", "but", "or"):
                    e3 += 1
                tail = e3 if e3 == n else e2
            else:
                break
        return tail

    def _read_cue(self, st, h):
        """One cue of the sentence: decide whether it makes a claim, whose, about what, and
        with which act; emit it."""
        toks, n = st.toks, st.n
        if st.outer is not None and h.i <= st.outer[0].i:
            if h is st.outer[0]:
                _oh, actor_rng, cs, ce, _tail = st.outer
                self._emit(toks, h, h.act, self.resolve(toks, *actor_rng), cs, ce, False)
                st.claims.append((cs, ce))
                st.main_subj = actor_rng  # a participle after it ("..., warning that") is the same actor's
                st.prev = None
            return
        k, negated, modal, aux_seen = st.ctx[h.i]
        left = toks[k] if k >= 0 else None
        if not self._is_speech_verb(st, h, k, left, aux_seen):
            return
        if modal and not negated:
            return
        near = aux_seen[0] if aux_seen else None  # the auxiliary nearest the verb
        passive = h.kind == "past" and near in PASSIVE_AUX
        prev = st.prev
        nested = prev is not None and prev["_cs"] <= h.i < prev["_ce"]
        participle = (h.kind == "ing" and not aux_seen) or near == "having" or (
            left is not None and left.low == "having")
        got = self._actor_range(st, h, k, left, participle, passive, nested)
        if got is None:
            return
        actor_rng, participle, inherit, absolute = got
        if nested and (participle or inherit) and not (
                left is not None and (left.text in ",—;" or left.low in PARTICIPLE_LEAD or left.low in ("and", "but"))):
            return
        if actor_rng is not None and self._attributes_quote(toks, actor_rng[0]):
            st.prev = dict(_cs=h.j, _ce=n, _actors=[], _cj=h.j)
            st.claims.append((h.j, n))
            if st.main_subj == "unset":
                st.main_subj = actor_rng  # '"...," he said, adding that ...': the same speaker
            return  # '"...," Porter said in an interview': the quote is the claim
        actors = None
        if participle and nested and left is not None and left.low == "by":
            # "said the allies had misled Moscow by claiming ...": the manner of the reported clause's
            # verb, so its subject's
            sub = self.main_subject(toks, prev["_cs"], h.i, st.hits)
            if sub is not None:
                actors = self.resolve(toks, *sub)
        if actors is None:
            actors = self._actors(st, participle, inherit, actor_rng)
        if not actors:
            return
        rng = self._content_range(st, h, k, passive, negated, actor_rng)
        if rng is None:
            return
        cs, ce = rng
        act = self._tell_to(toks, h, cs, ce)
        st.prev = dict(_cs=cs, _ce=ce, _actors=actors, _absolute=absolute, _cj=h.j)
        if negated and act == "assertion":
            if modal == "would" or h.lemma in REFUSAL_WHEN_NEGATED:
                # "would not say whether", "has not commented": a refusal to answer
                act, negated = "refusal", False
            else:
                return  # "did not say": no statement
        st.claims.append((cs, ce))
        self._emit(toks, h, act, actors, cs, ce, negated)

    def _is_speech_verb(self, st, h, k, left, aux_seen) -> bool:
        """Whether the cue form at h.i is used as a speech verb here: not part of a name
        ("United States"), not adjectival ("the alleged dangers"), not an aim ("sought to
        rally"), not a noun ("Russia's demands", "a warning"), not the complement of another
        verb or a hypothetical ("refused to rule out", "if denied")."""
        toks, n, i = st.toks, st.n, h.i
        if toks[i].cap and i > 0 and toks[i - 1].text not in "\"“”:—(" and not (
                st.title() and not (i + 1 < n and toks[i + 1].low in ("of", "department", "dept"))
                and self._opens_segment(toks, k)):
            return False  # part of a name ("Islamic State", "United States")
        if h.kind in ("past", "ing") and left is not None and (left.low in DETERMINERS or left.poss) \
                and not aux_seen:
            return False  # adjectival: "the alleged dangers", "a contested convention"
        if h.no_to and h.j < n and toks[h.j].low == "to":
            return False  # "sought to rally", "wants to talk": an aim, not a demand
        if h.noun_like and h.kind == "base" and not self._noun_like_is_verb(st, h, k, left, aux_seen):
            return False
        if h.kind == "ing" and not aux_seen and left is not None and (
                left.low in DETERMINERS or left.poss or left.low in ("and", "or")):
            return False  # "a warning", "threatening rhetoric"
        if left is not None and left.low in ("to", "if", "unless", "whether"):
            return False  # complement of another verb ("refused to rule out") or hypothetical
        return True

    def _opens_segment(self, toks, k) -> bool:
        """In a headline, whether the subject ending at toks[k] opens its segment ("...; Johnson
        Warns", "Bloc Urges Restraint, Warns"), unlike 'Soldiers On "High Readiness"'."""
        if k < 0:
            return False
        if toks[k].text == ",":
            return True  # a verb continuing the segment's subject
        a = self._subject_left(toks, k)
        return a <= k and (a == 0 or toks[a - 1].text in ";:—")

    @staticmethod
    def _noun_like_is_verb(st, h, k, left, aux_seen) -> bool:
        """A cue form that is also a noun ("demands", "calls", "states") is a verb only after an
        auxiliary, a pronoun, a name or an actor noun, and not before another verb."""
        toks, n, i = st.toks, st.n, h.i
        ok = bool(aux_seen) or (left is not None and (
            left.low in PRONOUNS_PERSON or left.low in PRONOUNS_OTHER
            or (left.cap and not left.poss and left.low not in DETERMINERS and k > 0)
            or left.low in SUBJECT_HEADS))
        if left is not None and (left.poss or left.low in DETERMINERS) or (i > 0 and toks[i - 1].low == "no"):
            ok = False  # "Russia's demands", "would have no veto"
        if h.j >= n or toks[h.j].low in AUX or toks[h.j].low in ("and", "or", ",") or any(
                x.i == h.j for x in st.hits) or (left is not None and left.cap and k > 0
                                                 and toks[k - 1].low in DETERMINERS):
            ok = False  # "Rust Belt states underscored": a noun followed by its verb
        return ok

    def _actor_range(self, st, h, k, left, participle, passive, nested):
        """Where the cue's actor is written: (actor token range or None, participle, inherit,
        absolute), or None when the cue makes no claim. A participle takes the main clause's
        subject (range None), a verb after "and" inherits the previous claim's actors; an
        absolute construction ("with Moscow insisting") and a passive's agent ("was rejected by
        NATO") have their own."""
        toks, n = st.toks, st.n
        prev = st.prev
        actor_rng = None
        inherit = absolute = False
        if participle:
            if left is not None and left.low in _UTTERANCE_NOUNS and not left.cap:
                return None, True, False, False  # "X issued a statement saying ...": X's
            if not (left is None or left.text in ",—" or left.low in PARTICIPLE_LEAD or left.low == "having"):
                # absolute construction: "with Moscow insisting ...", "and Washington warning ..."
                a = _np_left(toks, k, 0)
                if not (a <= k and a > 0 and not toks[k].poss and (
                        toks[a - 1].low == "with" or (toks[a - 1].low == "and" and prev is not None
                                                      and prev.get("_absolute")))):
                    return None
                actor_rng = (a, k + 1)
                participle = False
                absolute = True
        elif passive:
            j = h.j
            if j < n and toks[j].low == "by":
                e = _np_right(toks, j + 1, n)
                if e > j + 1:
                    actor_rng = (j + 1, e)
            if actor_rng is None:
                return None  # no agent: the subject is the one spoken about
        elif left is None:
            return None
        elif left.low in ("and", "but", "or"):
            if prev is None:
                # "The Kremlin called the reports misinformation and said ...": a verb coordinated
                # with a main verb that is no cue shares the main clause's subject
                if left.low == "or" or h.kind == "ing":
                    return None
                return None, True, False, False
            inherit = True
        elif left.low in ("which", "who") and k >= 2 and toks[k - 1].text == ",":
            # "Russia, which says it has the right ...": the noun phrase before the comma
            b = self._subject_left(toks, k - 2)
            if b > k - 2 or toks[k - 2].poss:
                return None
            actor_rng = (b, k - 1)
        elif left.low in SUBJECT_PRONOUNS and not left.cap and k > 0 and (
                toks[k - 1].low in SUBORDINATORS or toks[k - 1].text in ",;“\"”"):
            # "..., even as he urged ...", "..., though it has proposed ..."
            actor_rng = (k, k + 1)
        elif left.text == "," and prev is not None and prev["_actors"] and st.title():
            inherit = True  # a headline's "Bloc Urges Restraint, Warns Against ...": the same subject
        elif left.text in ",\"“”:—":
            actor_rng = self._appositive_actor(st, k) if left.text == "," and k > 0 else None
            if actor_rng is None:
                return None
        else:
            actor_rng = self._plain_subject(st, k, nested)
            if actor_rng is None:
                return None
        return actor_rng, participle, inherit, absolute

    def _plain_subject(self, st, k, nested):
        """The subject noun phrase ending at toks[k] as (start, end), or None: no subject, or a
        cue inside the previous claim's content ("said (that) Russia rejected ...")."""
        toks, prev = st.toks, st.prev
        if toks[k].poss:
            return None
        a = self._subject_left(toks, k)
        if a > k:
            return None
        if nested:
            # "said (on Monday) (that) Russia rejected ...": inside the first claim;
            # "..., a demand the alliance rejected", "... as Kyiv accused ...": a claim of its own
            gap = toks[prev["_cj"]:a]
            if all(t.low in EMBED_GAP or t.low in ADVERBS or t.low in WEEKDAYS or t.low in TIME_WORDS
                   for t in gap) or (a > 0 and toks[a - 1].low in EMBED_GAP
                                     and not self._appositive_relative(toks, a - 1)):
                return None
        return (a, k + 1)

    def _appositive_actor(self, st, k):
        """The actor of a cue after "NP, appositive," ("Peskov, the Kremlin spokesman, said",
        "The ministry, in a statement, rejected ...", "Russia's envoy to the EU, V. C., said"):
        the token range (start, end) of the actor, or None."""
        toks = st.toks
        actor_rng = None
        a = _np_left(toks, k - 1, 0)
        c2 = k - 1
        while c2 > 0 and toks[c2].text != ",":
            c2 -= 1
        seg = toks[c2 + 1:k]
        # a noun-like cue after "of" or a determiner is a noun ("the secretary of state")
        hit_idx = {x.i for x in st.hits if not (x.noun_like and x.i > 0 and (
            toks[x.i - 1].low == "of" or toks[x.i - 1].low in DETERMINERS or toks[x.i - 1].poss))}
        if c2 > 0 and seg and (all(t.low in CONNECTIVES or t.low in ADVERBS for t in seg)
                               or " ".join(t.low for t in seg) in _ASIDES):
            # "Minsk, however, denied ...", "The ministry, for its part, rejected ...": an aside
            b = self._subject_left(toks, c2 - 1)
            if b <= c2 - 1 and not toks[c2 - 1].poss and (
                    b == 0 or toks[b - 1].text in ",;—:" or toks[b - 1].low in CONNECTIVES):
                return (b, c2)
        if c2 > 0 and seg and seg[0].low in ("in", "on", "at", "during", "via") and \
                not any(c2 < x < k for x in hit_idx):
            # "The ministry, in a statement, rejected ...": the subject is before the comma
            b = self._subject_left(toks, c2 - 1)
            if b <= c2 - 1 and not toks[c2 - 1].poss and (
                    b == 0 or toks[b - 1].text in ",;—:" or toks[b - 1].low in CONNECTIVES):
                actor_rng = (b, c2)
        relative = bool(seg) and seg[0].low in ("who", "which", "where", "whose")
        # "Zelensky, a former comic actor, said": an indefinite description of any words
        # "Berg, the senior fellow at the Institute for Policy Studies (IPS), said": a definite
        # one, after a name that opens the clause (checked below), parentheses allowed
        described = bool(seg) and seg[0].low in ("a", "an", "the") and all(
            t.text not in _SENT_PUNCT or (seg[0].low == "the" and t.text in "()") for t in seg)
        if c2 > 0 and toks[c2].text == "," and seg and (
                relative or described or seg[0].low.endswith(("ed", "ing")) or a == c2 + 1) and (
                relative or not any(c2 < x < k for x in hit_idx)):
            a = c2 + 1
        if actor_rng is None and 0 < a <= k - 1 and toks[a - 1].text == ",":
            p = a - 2
            if p > 0 and toks[p].text == ")":  # "Rep. Ann Porter (D-CA), who ..., said"
                while p > 0 and toks[p].text != "(":
                    p -= 1
                p -= 1
            b = self._subject_left(toks, p) if p >= 0 and a >= 2 else a
            if b <= p and (b == 0 or toks[b - 1].text in ",—:" or toks[b - 1].low in CONNECTIVES
                           or toks[b - 1].low in WEEKDAYS or toks[b - 1].low in TIME_NOUNS):
                actor_rng = (b, p + 1)
                if all(_is_np_word(t) for t in toks[a:k]) and \
                        self.reg.person(self.text[toks[a].start:toks[k - 1].end]) is not None:
                    actor_rng = (a, k)  # "Russia's envoy to the OSCE, <a registered name>,"
            elif all(_is_np_word(t) for t in toks[a:k]) and toks[a].low not in DETERMINERS:
                actor_rng = (a, k)  # "..., Alexander Lukashevich, said": the name itself
                if not _party(self.reg, self.text[toks[a].start:toks[k - 1].end]):
                    # "Russia's envoy to the EU, Vladimir Chizhov, said": an unregistered
                    # name takes the party of its title, read before any preposition
                    h0 = self._title_start(toks, a - 2)
                    if h0 is not None:
                        actor_rng = (h0, k)
        return actor_rng

    def _actors(self, st, participle, inherit, actor_rng):
        """[(actor, party)] of the claim: the main clause's subject for a participle, the
        previous claim's actors for a coordinated verb, else the actor range resolved."""
        if participle:
            if st.main_subj == "unset":
                st.main_subj = self.main_subject(st.toks, 0, st.n, st.hits)
            if st.main_subj is None:
                return []
            return self.resolve(st.toks, *st.main_subj)
        if inherit:
            return st.prev["_actors"]
        return self.resolve(st.toks, *actor_rng)

    def _content_range(self, st, h, k, passive, negated, actor_rng):
        """Token range (cs, ce) of what was said, or None when nothing was: the passive's
        subject, else what follows the cue (past an addressee, "that", time words and a
        circumstance) up to the clause's end, else an object before the actor ("..., a
        demand the alliance has rejected")."""
        toks = st.toks
        if passive:
            # the thing acted on: the subject of the passive
            ce = k + 1
            cs = _np_left(toks, k, 0) if k >= 0 else ce
            if cs >= ce:
                cs, ce = 0, max(k + 1, 0)
        else:
            cs = self._content_start(st, h, negated)
            if cs is None:
                return None
            ce = self._content_end(st, cs, self.lex.light_verbs)
            if ce <= cs and actor_rng is not None:
                cs, ce = _object_before_actor(toks, actor_rng)
        return (cs, ce) if ce > cs else None

    @staticmethod
    def _content_start(st, h, negated):
        """Token index where the content after the cue starts, or None when the cue says
        nothing ("who briefed reporters on condition of anonymity")."""
        toks, n = st.toks, st.n
        cs = h.j
        # "told reporters that ...", "warned Russia that ..." (not "Warns Against ..." in a headline)
        if h.lemma in ADDRESSEE_CUES and not (cs < n and toks[cs].low in _PREPOSITIONS):
            x = _np_right(toks, cs, n)
            while x < n and (toks[x].low in WEEKDAYS or toks[x].low in TIME_WORDS or toks[x].low in TIME_NOUNS):
                x += 1
            if x > cs and x < n and toks[x].low == "that":
                cs = x
            elif x > cs and (x >= n or toks[x].text in ",;—" or (
                    x + 2 < n and toks[x].low == "on" and toks[x + 1].low == "condition")):
                return None  # "who briefed reporters (on condition of anonymity),": nothing said
            else:
                for x in range(cs, min(n, cs + 4)):
                    if toks[x].low == "that" and all(t.text not in _SENT_PUNCT and t.low not in AUX
                                                     for t in toks[cs:x]):
                        cs = x
                        break
        after_that = False  # "said that at least ...": what follows "that" is the content
        while cs < n and (toks[cs].low == "that" or toks[cs].text in ",:" or toks[cs].low in ADVERBS
                          or toks[cs].low in WEEKDAYS or toks[cs].low in TIME_NOUNS or (
                              toks[cs].low in TIME_WORDS and cs + 1 < n
                              and (toks[cs + 1].low in WEEKDAYS or toks[cs + 1].low in TIME_NOUNS))):
            after_that = after_that or toks[cs].low == "that"
            cs += 1
        # circumstance first: "said in a statement (that) ...", "told CNN on Tuesday that ..."
        if cs < n and toks[cs].low in CIRCUMSTANCE and h.act == "assertion" and not negated and not after_that:
            x = cs
            while x < n and toks[x].low != "that" and toks[x].text not in ",;:—":
                x += 1
            if x < n and toks[x].low == "that" or (x < n and toks[x].text in ",:"):
                cs = x + 1
            else:
                return None
        return cs

    @staticmethod
    def _content_end(st, cs, light=frozenset()) -> int:
        """Token index where the content starting at cs ends: at ";" or a dash, at a clause
        break, at another cue's subject or participle, at "and/but" before another verb."""
        toks, n, hits, subj_start = st.toks, st.n, st.hits, st.subj_start
        ce = cs
        while ce < n:
            t = toks[ce]
            if t.text in ";—":
                break
            if t.text == "," and ce + 1 < n and (
                    toks[ce + 1].low in CLAUSE_BREAK_WORDS or toks[ce + 1].low == "according"
                    # "..., a figure NATO's chief said ...": an appositive with its own speaker
                    or (toks[ce + 1].low in ("a", "an", "the") and any(
                        ce + 2 < sx <= ce + 4 and subj_start[sx].i > sx for sx in subj_start))
                    or any(x.i == ce + 1 and x.kind == "ing" for x in hits)
                    or (ce + 1) in subj_start
                    or (toks[ce + 1].low == "and" and any(x.i > ce + 1 for x in hits))):
                break
            if (t.low in ("while", "whereas", "despite") or (
                    t.low == "even" and ce + 1 < n and toks[ce + 1].low in ("as", "while", "though"))) and ce > cs:
                break
            if t.low == "and" and (ce + 1) in subj_start and subj_start[ce + 1].i > ce:
                break
            if t.low in ("and", "but") and ce + 1 < n and toks[ce + 1].low in light and ce > cs:
                break  # "denied any plan and made fresh demands": a second act of the subject
            if t.low in ("and", "but") and any(
                    x.i > ce and all(toks[y].low in AUX or toks[y].low in ADVERBS or toks[y].low in NEGATORS
                                     or toks[y].low in ("in", "particular") for y in range(ce + 1, x.i))
                    for x in hits):
                break
            ce += 1
        return ce

    @staticmethod
    def _tell_to(toks, h, cs, ce) -> str:
        """The cue's act, except "told X to do": a demand."""
        if h.lemma == "tell" and any(t.low == "to" for t in toks[cs:min(ce, cs + 6)]):
            x = next(x for x in range(cs, min(ce, cs + 6)) if toks[x].low == "to")
            if x > cs and all(_is_np_word(t) for t in toks[cs:x]):
                return "demand"
        return h.act

    def _emit(self, toks, h, act, actors, cs, ce, negated):
        """One row per actor for the claim whose content is toks[cs:ce]; the act read from
        the content for an assertion; a cue introducing the speaker's own direct quote gives
        that quote its act instead of a row."""
        if actors and actors[0][1]:
            self.sent_actors = actors
        c_s, c_e = toks[cs].start, toks[ce - 1].end
        m = _DATELINE.match(self.text, c_s, c_e)
        if m and m.end() < c_e:
            c_s = m.end()
        content = self.text[c_s:c_e]
        if h.lemma in self.lex.passes_object_act:
            # "reiterated its demands that ...": the act of the nominal it repeats
            x = cs
            while x < min(ce, cs + 3) and (toks[x].low in DETERMINERS or not toks[x].cap) \
                    and toks[x].low not in self.lex.nouns:
                x += 1
            if x < ce and toks[x].low in self.lex.nouns:
                act = self.lex.nouns[toks[x].low]
        if h.lemma not in self.lex.plain:
            act = self.lex.act_from_content(act, content)
        if act == "rejection" and h.lemma in DENIAL_REJECT_CUES:
            if any(t.low in self.lex.denial_objects for t in toks[cs:min(ce, cs + 4)]) \
                    or self.lex.denial_as_content.search(content):
                act = "denial"
        # a reported cue that introduces an attributed direct quote ("X warned: '...'",
        # "described the meeting as '...'") is that quote's claim: the quote row takes its act
        q = self._quote_in(c_s, c_e)
        if q is not None and str(q.get("speaker") or "").strip():
            qcue = str(q.get("cue") or "").strip().lower()
            qparty = str(q.get("party") or "").strip()
            own = {p for _, p in actors if p}
            # only the speaker's own quote takes this claim's act ("..., a figure NATO's chief said
            # made it '...'" inside a Russian official's claim stays two claims)
            if (qcue == h.lemma or qcue == h.lemma.split()[0] or q["_s"] - c_s <= 3) and (
                    not own or not qparty or qparty in own):
                self.quote_act[id(q)] = (act, h.lemma)
                return
        for actor, party in actors:
            self.rows.append(dict(
                article_id=self.aid, paragraph=self.pi, start=c_s, end=c_e, actor=actor,
                party=party, act=act, cue=h.lemma, text=content, negated=negated, quote_id="",
                source="reported"))

    def _according(self, toks, claims):
        """Claims attributed by "according to X" (before or after what X reported)."""
        text = self.text
        n = len(toks)
        for i in range(n - 2):
            if toks[i].low == "according" and toks[i + 1].low == "to":
                e = _np_right(toks, i + 2, n)
                # "..., according to a private imaging company.": the whole phrase to the clause end
                e2 = i + 2
                while e2 < n and e2 - i < 10 and toks[e2].text not in _SENT_PUNCT and toks[e2].low not in _STOP:
                    e2 += 1
                if e2 > e and (e2 == n or toks[e2].text == ","):
                    e = e2
                if e <= i + 2 or self._in_quote(toks[i].start):
                    continue
                actors = self.resolve(toks, i + 2, e)
                if i > 0 and toks[i - 1].text == ",":
                    cs, ce = 0, i - 1
                elif e < n and toks[e].text == ",":
                    cs, ce = e + 1, n
                else:
                    continue
                while ce > cs and toks[ce - 1].text in ",.":
                    ce -= 1
                if ce <= cs:
                    continue
                c_s, c_e = toks[cs].start, toks[ce - 1].end
                content = text[c_s:c_e]
                # X's report of someone else's claim ("..., but said this was no war, according to X")
                # is a report: the words' act is that claim's
                inner = any(cs <= a and b <= ce for a, b in claims)
                act = "assertion" if inner else self.lex.act_from_content("assertion", content)
                for actor, party in actors:
                    self.rows.append(dict(
                        article_id=self.aid, paragraph=self.pi, start=c_s, end=c_e, actor=actor, party=party,
                        act=act, cue="according to", text=content, negated=False, quote_id="",
                        source="reported", _relay=inner))
                claims.append((cs, ce))

    def _citing(self, toks, claims):
        """"Interfax reported, citing the defence ministry, that ...": the cited source's claim,
        with the words of the report it backs (the sentence's claim nearest it); only a source
        with a party ("citing sources" names nobody)."""
        n = len(toks)
        for i in range(n - 1):
            if toks[i].low != "citing" or toks[i - 1].text != "," or self._in_quote(toks[i].start):
                continue
            e = _np_right(toks, i + 1, n)
            if e <= i + 1:
                continue
            actors = [(a, p) for a, p in self.resolve(toks, i + 1, e) if p]
            if not actors:
                continue
            cs, ce = min(claims, key=lambda r: min(abs(r[0] - i), abs(r[1] - i)))
            if cs <= i < ce:
                continue  # the source's name sits inside the words reported
            c_s, c_e = toks[cs].start, toks[ce - 1].end
            content = self.text[c_s:c_e]
            act = self.lex.act_from_content("assertion", content)
            for actor, party in actors:
                self.rows.append(dict(
                    article_id=self.aid, paragraph=self.pi, start=c_s, end=c_e, actor=actor, party=party,
                    act=act, cue="cite", text=content, negated=False, quote_id="", source="reported"))

    def _nominals(self, toks, claims, hits):
        """Nominal claims: a possessor naming an actor ("Russia's demand for ..."), unless the
        nominal is the object or content of another claim; a party adjective ("Russian
        demands to ..."), likewise; an agent after "from"/"by" ("warnings from Western
        officials that ...", "statements by the ministry"), also as another claim's object
        ("brushed off warnings from Washington"): the text names both acts and both sides."""
        text = self.text
        n = len(toks)
        nouns = self.lex.nouns
        for i in [x for x, t in enumerate(toks) if t.low in nouns]:
            if i == 0 or self._in_quote(toks[i].start):
                continue
            act = nouns[toks[i].low]
            got = self._possessed(toks, i, claims, hits) or self._agent_after(toks, i) \
                or self._party_adjective(toks, i, claims, hits)
            if got is None:
                got = self._light_verb(toks, i, claims, hits)
                if got is None:
                    continue
                actors, s_tok, cs = got
            else:
                actor, party, s_tok, cs = got
                actors = [(actor, party)]
            ce = cs
            # up to the clause's end, or a direct quote (another speaker's words: "dismissed
            # Western warnings 'as hysteria'")
            while ce < n and toks[ce].text not in ",;—" and toks[ce].text not in _QUOTE_MARKS \
                    and toks[ce].low not in ("while", "but"):
                ce += 1
            s_char = toks[s_tok].start
            e_char = toks[ce - 1].end if ce > cs else toks[max(i, cs - 1)].end
            for actor, party in actors:
                self.rows.append(dict(
                    article_id=self.aid, paragraph=self.pi, start=s_char, end=e_char, actor=actor,
                    party=party, act=act, cue=toks[i].low, text=text[s_char:e_char], negated=False,
                    quote_id="", source="reported"))

    def _press_reports(self, toks):
        """Reports with no named source ("reports that Russia was planning ...", "Reports
        emerged on Monday that ..."): a claim of the press, actor "reports", no party."""
        n = len(toks)
        for i, t in enumerate(toks):
            if t.low != "reports" or (i and (toks[i - 1].poss or toks[i - 1].cap)) or self._in_quote(t.start):
                continue
            nxt = toks[i + 1].low if i + 1 < n else ""
            if nxt == "that" or (nxt in _REPORTS_SURFACE and (i == 0 or not toks[i - 1].low.isalpha()
                                                                 or toks[i - 1].low in ("and", "but", "as"))):
                cs = i + 2 if nxt == "that" else i + 1
                ce = cs
                while ce < n and toks[ce].text not in ";—" and toks[ce].text not in _QUOTE_MARKS:
                    ce += 1
                if ce <= cs:
                    continue
                c_s, c_e = toks[cs].start, toks[ce - 1].end
                self.rows.append(dict(
                    article_id=self.aid, paragraph=self.pi, start=c_s, end=c_e, actor=t.text, party="",
                    act="assertion", cue="report", text=self.text[c_s:c_e], negated=False, quote_id="",
                    source="reported"))
                return

    def _light_verb(self, toks, i, claims, hits):
        """([(actor, party)], first token, content start) of "X issued a warning that ...",
        "X made new demands", "X has been spreading allegations": a light verb (cues.yml
        light_verbs) whose object is the nominal, its subject the actor; None otherwise (a
        negated or hypothetical verb, a verb that is itself a cue, a nominal inside another
        claim's words)."""
        light = self.lex.light_verbs
        j = i - 1
        while j > 0 and i - j <= 3 and toks[j].low not in light and (
                toks[j].low in DETERMINERS or (toks[j].low.isalpha() and not toks[j].cap
                                              and toks[j].low not in _STOP and toks[j].low not in AUX)):
            j -= 1
        if j <= 0 or toks[j].low not in light or any(h.i in (j, i + 1) for h in hits) \
                or any(a <= i < b for a, b in claims):
            return None  # also "issued a statement saying ...": the participle's claim says it
        k, negated, modal, aux_seen = self._left_context(toks, j)
        if negated or modal or k < 0:
            return None
        left = toks[k]
        if left.low in ("and", "but") or (toks[j].low.endswith("ing") and not aux_seen and left.text == ","):
            sub = self.main_subject(toks, 0, j, hits)  # "..., and issued a warning", "..., making demands"
            if sub is None:
                return None
            a, b = sub
        else:
            if left.poss or not _is_np_word(left):
                return None
            a, b = self._subject_left(toks, k), k + 1
            if a > k:
                return None
        actors = self.resolve(toks, a, b)
        return (actors, i, i + 1) if actors else None

    def _possessed(self, toks, i, claims, hits):
        """(actor, party, first token, content start) of "Russia's (core) demand(s)", or None."""
        # possessor directly before, or with one adjective between ("Moscow's core demands")
        p = i - 1
        if not toks[p].poss and p > 0 and toks[p - 1].poss and not toks[p].cap:
            p -= 1
        if not toks[p].poss:
            return None
        if any(a <= i < b for a, b in claims):
            return None
        # the nominal is the object of a cue verb just before it ("rejected Russia's demand")
        a = _np_left(toks, p, 0)
        if a > 0 and any(h.j == a or (h.j == a - 1 and toks[a - 1].low in ("to", "on", "of", "with"))
                         for h in hits):
            return None
        cut = 2 if toks[p].low.endswith("'s") else 0  # "Russia's" / "the authorities'"
        poss_text = toks[p].text[:len(toks[p].text) - cut]
        if a < p and toks[a].low.endswith("ing") and not toks[a].poss:
            a += 1  # "Regarding the Kremlin's announcement"
        actor = self.text[toks[a].start:toks[p].end - cut] if a <= p else poss_text
        party = _party(self.reg, poss_text) or (_party(self.reg, actor) if cut == 0 else "")
        if not party and not self.reg.person(poss_text):
            return None
        return actor, party, p, i + 1

    def _agent_after(self, toks, i):
        """(actor, party, first token, content start) of "warnings from/by <actor> (that ...)" or
        "claims of <actor> <doing>", the actor naming a party or a registered person; None
        otherwise."""
        n = len(toks)
        if i + 2 >= n or toks[i + 1].low not in ("from", "by", "of"):
            return None
        e = _np_right(toks, i + 2, n)
        if e <= i + 2:
            return None
        if toks[i + 1].low == "of" and not (e < n and toks[e].low.endswith("ing") and not toks[e].cap):
            return None  # "claims of Russia pulling back": the subject of the gerund; not "threat of war"
        phrase = self.text[toks[i + 2].start:toks[e - 1].end]
        party = _party(self.reg, phrase)
        if not party and not self.reg.person(phrase):
            return None
        return phrase, party, i, e

    def _party_adjective(self, toks, i, claims, hits):
        """(actor, party, first token, content start) of "Russian demands to ...": a demonym
        adjective naming a party right before the nominal, itself no part of a longer name, and
        not "the Russian threat" (a danger, not an act); as for a possessor, not when it is the
        object or content of another claim; None otherwise."""
        adj = toks[i - 1]
        if any(a <= i < b for a, b in claims) or any(h.j in (i - 1, i - 2) for h in hits):
            return None
        if toks[i].low in _NOT_BY_ADJECTIVE or not adj.cap or adj.poss or not adj.low.endswith(_ADJECTIVE_ENDS):
            return None  # "Moscow demands that ...": a subject and its verb
        if i >= 2 and toks[i - 2].cap and toks[i - 2].low not in DETERMINERS and toks[i - 2].text not in _SENT_PUNCT:
            return None  # "the Russian Foreign Ministry demands": a name, not an adjective
        party = _party(self.reg, adj.text)
        if not party:
            return None
        return adj.text, party, i - 1, i + 1

    def _maybe_other(self, toks):
        """Whether a sentence without verb cues may still hold "according to" or a nominal claim
        (a possessor, an agent after "from"/"by" or a demonym before a nominal cue)."""
        nouns, light = self.lex.nouns, self.lex.light_verbs
        n = len(toks)
        return any(t.low == "according" or (t.low in nouns and i > 0 and (
            toks[i - 1].poss or (i > 1 and toks[i - 2].poss) or toks[i - 1].cap
            or (i + 1 < n and toks[i + 1].low in ("from", "by", "of"))
            or any(x.low in light for x in toks[max(0, i - 4):i]))) for i, t in enumerate(toks))

    def _attributes_quote(self, toks, a):
        """Whether the phrase starting at token ``a`` directly follows a direct quote."""
        if a <= 0 or not self.quotes:
            return False
        pos = toks[a].start
        # the quote ending last before pos leaves the shortest gap: if that gap holds a word,
        # so does the gap after any quote ending earlier
        x = bisect_right(self._qends, pos)
        return x > 0 and not self.text[self._qends[x - 1]:pos].strip(" ,.!?\"“”'’—-")

    def _quote_in(self, s, e):
        """The first quote row (in row order) overlapping text[s:e], or None."""
        order, maxend = self._qby_start, self._qby_start_max
        lo = bisect_right(maxend, s)  # quotes before lo all end at or before s
        found = None
        for x in order[lo:]:
            q = self.quotes[x]
            if q["_s"] >= e:
                break
            if s < q["_e"] and (found is None or x < found):
                found = x
        return None if found is None else self.quotes[found]

    def _quotes_between(self, s0, s1):
        """The quote spans (sorted) that may overlap text[s0:s1]."""
        lo = bisect_right(self._qmaxend, s0)  # spans before lo all end at or before s0
        hi = bisect_left(self._qstarts, s1)
        return self._qspans[lo:hi]

    def _in_quote(self, pos) -> bool:
        """Whether text position ``pos`` lies inside a direct quote."""
        x = bisect_right(self._qstarts, pos)
        return x > 0 and self._qmaxend[x - 1] > pos


def _locate_quotes(paragraph: str, rows: list[dict]) -> list[dict]:
    """Copies of a paragraph's quote rows with their span ``_s``/``_e`` in the paragraph
    (from start/end, else found by their text; a quote not found is left out)."""
    out = []
    for q in rows:
        s: int | None
        e: int | None
        try:
            s, e = int(q.get("start")), int(q.get("end"))  # type: ignore[arg-type]  # None -> TypeError, caught
        except (TypeError, ValueError):
            s = e = None
        if s is None or e is None or not (0 <= s < e <= len(paragraph)):
            t = str(q.get("text") or "")
            s = paragraph.find(t) if t else -1
            if s < 0:
                continue
            e = s + len(t)
        d = dict(q)
        d["_s"], d["_e"] = s, e
        out.append(d)
    return out


def _headline(ws: list[str]) -> bool:
    """Whether words are in headline case: the first six longer words capitalised (cheap: the
    first lower-case one ends the test), then four in five of all."""
    long_ = 0
    for w in ws:
        if len(w) > 3:
            if not w[0].isupper():
                return False
            long_ += 1
            if long_ == 6:
                break
    if long_ < 6:
        return False
    words = [w for w in ws if len(w) > 3]
    return sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _may_hold_claim(lex: Lexicon, text: str, s0: int, s1: int) -> bool:
    """Cheap test: does text[s0:s1] hold a cue form, "according", a phrase head with its
    particle, or a possessive with a nominal cue?  (Only such sentences are parsed.)"""
    ws = _WORD_RE.findall(text, s0, s1)
    if not lex.prefilter.isdisjoint(ws):
        return True
    if _headline(ws):  # "Johnson Warns Russia": the cue capitalised
        ws = [w.lower() for w in ws]
        if not lex.prefilter.isdisjoint(ws):
            return True
    heads = lex.prefilter_heads
    for i in range(len(ws) - 1):
        nxt = heads.get(ws[i])
        if nxt is not None and ws[i + 1] in nxt:
            return True
    nouns = lex.prefilter_nouns
    if nouns.isdisjoint(ws):
        return False
    if "'s" in text[s0:s1] or "’s" in text[s0:s1] or "s' " in text[s0:s1]:
        return True
    # "warnings from X", "statements by X", "claims of X doing", "Russian demands", "issued a warning"
    light = lex.light_verbs
    for i, w in enumerate(ws):
        if w in nouns and ((i + 1 < len(ws) and ws[i + 1] in ("from", "by", "of"))
                           or (i and ws[i - 1][:1].isupper() and ws[i - 1].endswith(_ADJECTIVE_ENDS))
                           or not light.isdisjoint(ws[max(0, i - 4):i])):
            return True
    return False


def _quotes_by_paragraph(quotes) -> dict[int, list[dict]]:
    """The quote rows of each paragraph (rows without a readable paragraph are left out)."""
    by_para: dict[int, list[dict]] = {}
    for q in quotes or ():
        try:
            by_para.setdefault(int(q.get("paragraph")), []).append(q)
        except (TypeError, ValueError):
            continue
    return by_para


def _parties_around(rows: list[dict], quotes: list[dict]) -> dict[int, set[str]]:
    """id(quote) -> the parties of the reported claims whose content holds that quote (a
    claim's content may end two characters before the quote's closing mark). One sweep
    over both, sorted by start: a claim ending before a quote starts holds no later quote."""
    # an "according to X" that relays another speaker's claim does not make X the speaker
    # of the words quoted inside it
    reported = sorted((r for r in rows if r["source"] == "reported" and r["party"] and not r.get("_relay")),
                      key=lambda r: r["start"])
    out: dict[int, set[str]] = {}
    open_: list[tuple[int, int, dict]] = []  # heap of (end, order, row) of claims begun so far
    x = 0
    for q in sorted(quotes, key=lambda q: q["_s"]):
        while x < len(reported) and reported[x]["start"] <= q["_s"]:
            heapq.heappush(open_, (reported[x]["end"], x, reported[x]))
            x += 1
        while open_ and open_[0][0] + 2 < q["_s"]:
            heapq.heappop(open_)
        out[id(q)] = {r["party"] for end, _, r in open_ if q["_e"] <= end + 2}
    return out


def _quote_claims(P: _Para, registry, lex: Lexicon) -> list[dict]:
    """The claim rows of the paragraph's direct quotes of a known speaker: the act of the
    quote's cue, else what the quoted words do, unless a reported
    cue that introduces the quote gave it already; none for a quote the text introduces as
    another side's words."""
    around = _parties_around(P.rows, P.quotes)
    out = []
    for q in P.quotes:
        speaker = str(q.get("speaker") or "").strip()
        if not speaker or speaker.lower() in ("nan", "none"):
            continue
        party = str(q.get("party") or "").strip()
        if party.lower() in ("nan", "none"):
            party = ""
        party = party or registry.party_of(speaker) or ""
        # the text itself introduces this quote as another side's words ("X warned that ...
        # '...'"): trust the reported claim, not a conflicting quote attribution
        reported = around[id(q)]
        if reported and party and party not in reported:
            continue
        cue = str(q.get("cue") or "").strip()
        cue = "" if cue.lower() in ("nan", "none") else cue
        text = str(q.get("text") or "")
        if id(q) in P.quote_act:  # the reported cue that introduces it gave its act
            act, cue = P.quote_act[id(q)]
        else:  # a neutral cue: what the quoted words themselves do
            act = lex.act_from_content(lex.act_for_cue(cue), text)
        out.append(dict(
            article_id=P.aid, paragraph=P.pi, start=q["_s"], end=q["_e"], actor=speaker,
            party=party, act=act, cue=cue, text=text, negated=False,
            quote_id=str(q.get("quote_id") or ""), source="quote"))
    return out


def extract_claims(article, registry, quotes) -> list[dict]:
    """All attributed statements of ``article`` (see the module docstring), in paragraph
    and text order, each once."""
    lex = load_lexicon()
    by_para = _quotes_by_paragraph(quotes)
    rows: list[dict] = []
    prev_rows: list[dict] = []
    for pi, para in enumerate(article.paragraphs):
        qs = _locate_quotes(para, by_para.get(pi, []))
        P = _Para(article.article_id, pi, para, registry, lex, qs,
                  article.paragraphs[pi - 1] if pi else "", prev_rows)
        if _may_hold_claim(lex, para, 0, len(para)):
            for s0, s1 in sentence_spans(para):
                if _may_hold_claim(lex, para, s0, s1):
                    P.sentence(s0, s1)
        P.rows.extend(_quote_claims(P, registry, lex))
        P.rows.sort(key=lambda r: (r["start"], r["end"]))
        seen = set()
        for r in P.rows:
            key = (r["start"], r["end"], r["actor"], r["act"], r["cue"])
            if key in seen:
                continue
            seen.add(key)
            rows.append({c: r[c] for c in COLUMNS})
        prev_rows = P.rows
    return rows
