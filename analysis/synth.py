"""A seeded synthetic corpus of wire-style crisis articles, for benchmarks and tests.

Nothing here is copied from real coverage: the sentences are templates
written for this project, filled with names from the party registry
(``data/actors.yml``).  Each article is about ``words`` words long and mixes
the things the pipeline has to handle:

- direct quotes in several forms: attribution after ("...," X said) and
  inverted ("...," said X, ...), attribution before with a colon, split
  quotes, partial quotes inside reported speech, a quotation running over
  two paragraphs (opened on each, closed only at its end), unnamed sources;
  curly or straight quotation marks (chosen per article, sometimes mixed);
- reported speech with speech-act cues (warned that, rejected, denied,
  accused ... of, demanded that, proposed, refused to);
- troop figures in varied forms ("around 100,000 troops", "tens of
  thousands of soldiers", "more than 127,000 servicemen", "between 169,000
  and 190,000", "some 100 battalion tactical groups");
- distractor numbers that are not troop figures (death tolls, money,
  years, distances, member-state and staff counts, crowd sizes).

``generate_articles(n, seed)`` is deterministic: article ``i`` depends only
on ``(seed, i)`` (and the registry's list of people, from which speakers
are drawn), so any prefix of a corpus is the same corpus.  It is fast
(well over 5,000 articles a second) so a 100,000-article scale run can be
generated on the fly.
"""
from __future__ import annotations

import datetime as _dt
import random
from collections.abc import Iterator
from pathlib import Path

from .corpus import Article, outlet_for

# --------------------------------------------------------------------------- outlets
OUTLETS: tuple[tuple[str, str], ...] = (
    ("www.reuters.com", "world/europe"),
    ("apnews.com", "article"),
    ("www.themoscowtimes.com", "news"),
    ("www.theguardian.com", "world"),
    ("www.bbc.com", "news/world-europe"),
    ("www.aljazeera.com", "news"),
    ("www.dw.com", "en"),
    ("www.france24.com", "en/europe"),
    ("www.euronews.com", "my-europe"),
    ("kyivindependent.com", "national"),
)

_START = _dt.date(2022, 1, 1)
_DAYS = (_dt.date(2022, 2, 28) - _START).days + 1  # Jan-Feb 2022

# --------------------------------------------------------------------------- text pools
# Direct-quote sentences, by the side that would plausibly say them.  No
# quotation marks inside; the final punctuation is added by the frame.
QUOTES: dict[str, tuple[str, ...]] = {
    "west": (
        "We are ready to talk, but we are also ready to respond if Russia chooses confrontation",
        "There will be no decisions about Ukraine without Ukraine",
        "Any further incursion across the border would be met with swift and severe costs",
        "The door of the alliance remains open and that is not up for negotiation",
        "We have seen no sign of de-escalation on the ground, quite the opposite",
        "Diplomacy is still possible, but the window is closing",
        "Every country has the right to choose its own security arrangements",
        "We will not trade away the principles that have kept Europe at peace",
        "This is a moment of real danger for European security",
        "Our message to Moscow has been clear and consistent from the start",
        "Sanctions of a kind we have never used before are on the table",
        "We stand shoulder to shoulder with the people of Ukraine",
        "The build-up continues and it continues at pace",
        "We should not be naive about what is happening on the border",
        "Allies are united, and that unity is our strongest answer",
        "There is still time for Russia to step back from the brink",
    ),
    "russia": (
        "We are not threatening anyone, we are defending our own security",
        "The expansion of the alliance to the east is a red line for us",
        "Russia has no plans to attack anyone, these claims are simply hysteria",
        "We need legally binding guarantees, not promises that are broken the next day",
        "Our troops are on our own territory and we will move them as we see fit",
        "The West keeps pumping weapons into Ukraine and then blames us for the tension",
        "We will not allow our legitimate concerns to be ignored again",
        "These talks have shown that our partners are not ready to hear us",
        "The ball is now in their court",
        "Nobody should doubt that Russia will respond to any threat to its security",
        "We were promised that the alliance would not move one inch eastward",
        "There is no point in continuing if our main proposals are rejected",
        "It is the United States that is escalating this situation, not Russia",
        "We are disappointed, but we are not closing the door to dialogue",
    ),
    "ukraine": (
        "Ukraine will not accept any deal made behind its back",
        "We are prepared for any scenario and we will defend every inch of our land",
        "Panic is the best friend of our enemies",
        "We need weapons, not words of concern",
        "Our army is stronger than it was eight years ago",
        "The threat is real, but it is not new for us",
        "We are grateful to our partners for their support",
        "Nobody can decide for Ukraine which alliance it joins",
    ),
    "neutral": (
        "All sides must show restraint and return to the negotiating table",
        "The risk of miscalculation is higher than it has been for years",
        "Dialogue is the only way out of this crisis",
        "We are ready to host further talks whenever the parties agree",
        "Nobody wants a war in Europe in the twenty-first century",
        "The humanitarian consequences of a conflict would be devastating",
    ),
}

# Short phrases quoted inside reported speech (partial quotes).
PARTIAL = (
    "moment of truth", "a dead end", "unacceptable", "massive consequences", "hysteria",
    "a pretext", "frank and useful", "deeply disappointing", "a red line", "very serious",
    "a real and present danger", "no progress", "the most serious crisis in decades",
    "provocative", "business as usual", "clear and united", "destabilising", "a gamble",
)

# Complements of "warned/said/insisted that ...".
CLAUSES = (
    "any attack on Ukraine would carry a heavy price",
    "the alliance would not abandon its open-door policy",
    "Moscow had no intention of invading its neighbour",
    "the talks had failed to narrow the gap between the two sides",
    "sanctions would target the country's largest banks",
    "the situation on the border remained tense",
    "further talks would be pointless without written guarantees",
    "Western weapons deliveries were fuelling the conflict",
    "the exercises in Belarus were purely defensive",
    "diplomacy had not yet been exhausted",
    "the next few weeks would be decisive",
    "the deployment of new missiles in Europe was unacceptable",
    "Ukraine would not be pressured into concessions",
    "the allies had agreed a common response",
    "an invasion could begin at any moment",
    "the gas pipeline would not open if tanks crossed the border",
)

# Objects of "rejected/denied ...": noun phrases and gerund clauses.
REJECTED = (
    "the demand for a halt to NATO enlargement",
    "calls to pull its forces back from the border",
    "the draft treaties put forward in December",
    "the proposal for new limits on military exercises",
    "the idea of a moratorium on missile deployments",
    "any suggestion that it was preparing an attack",
    "the accusations as baseless",
    "the latest Western offer as insufficient",
)
DENIED = (
    "planning an invasion",
    "sending weapons to separatist forces",
    "any role in the cyberattack on government websites",
    "that its troops were moving towards the border",
    "that the alliance had made promises in the 1990s",
    "stoking tension in the region",
)
ACCUSED = (
    ("Moscow", "staging provocations to create a pretext for war"),
    ("Washington", "whipping up hysteria"),
    ("the West", "ignoring Russia's security concerns"),
    ("Kyiv", "sabotaging the Minsk agreements"),
    ("Russia", "using gas supplies as a weapon"),
    ("the alliance", "encircling Russia with military infrastructure"),
)
DEMANDS = (
    "NATO rule out membership for Ukraine and Georgia",
    "the alliance pull back forces from eastern member states",
    "Russia withdraw its troops from the border",
    "talks continue at the level of foreign ministers",
    "written answers be delivered within days",
    "all sides respect the ceasefire in the east",
)
PROPOSALS = (
    "a new round of talks in Geneva",
    "reciprocal limits on exercises near borders",
    "a hotline between military commanders",
    "confidence-building measures on missile deployments",
    "a summit of the Normandy Four leaders",
    "sending observers to the Belarus exercises",
)
REFUSALS = (
    "say whether the troops would be withdrawn",
    "give a timetable for a reply",
    "comment on intelligence reports",
    "rule out a military response",
    "discuss sanctions in detail",
)
SAY_VERBS = ("said", "told reporters", "said in a statement", "told a news conference",
             "said on Wednesday", "said on Friday", "told state television", "wrote on Twitter")

# Institutional actors for reported speech (name, side).
INSTITUTIONS = (
    ("Moscow", "russia"), ("The Kremlin", "russia"), ("Russia's Foreign Ministry", "russia"),
    ("The Russian Defence Ministry", "russia"), ("Washington", "west"), ("The White House", "west"),
    ("The State Department", "west"), ("NATO", "west"), ("The alliance", "west"),
    ("Kyiv", "ukraine"), ("The European Union", "west"), ("Western allies", "west"),
)

# Unnamed sources: the text does not say who spoke.
UNNAMED = (
    "a senior U.S. official said on condition of anonymity",
    "one Western diplomat said",
    "a person familiar with the talks said",
    "an official said",
    "a source close to the delegation said",
    "a military analyst said",
)

BACKGROUND = (
    "The talks were the first of their kind in years and took place amid fears of a new war in Europe.",
    "Russia annexed the Crimean peninsula in 2014 and has backed separatists in eastern Ukraine since then.",
    "Diplomats described the atmosphere at the meeting as tense but businesslike.",
    "The meeting lasted almost four hours, longer than planned, according to participants.",
    "Markets in Moscow fell sharply as investors weighed the risk of sanctions.",
    "European officials have been pressing for a greater role in the negotiations.",
    "The security proposals were published by the Russian Foreign Ministry last month.",
    "Satellite images released this week showed new deployments of armour and field hospitals.",
    "The crisis has pushed up energy prices across Europe in the middle of winter.",
    "Several embassies have advised their citizens to leave Ukraine while commercial flights are still running.",
    "Allied governments have sent anti-tank weapons and ammunition to the Ukrainian army.",
    "The Normandy format talks involve Russia, Ukraine, France and Germany.",
    "Joint exercises with Belarus are due to run until the end of the month.",
    "The two sides have agreed to keep talking, though no date has been set.",
    "Officials said the written responses would not be made public.",
    "Analysts say the standoff is the most serious since the end of the Cold War.",
)

# Troop figures: (template, kind).  {n}, {a}, {b}, {k} are formatted numbers.
TROOPS = (
    "Russia has massed around {n} troops near Ukraine's borders, according to Western estimates.",
    "Moscow has deployed tens of thousands of soldiers along the frontier in recent weeks.",
    "U.S. officials said more than {n} servicemen were now stationed within striking distance of Ukraine.",
    "Estimates of the Russian build-up range between {a} and {b} personnel, including separatist forces.",
    "Intelligence reports put the number of Russian units at some {k} battalion tactical groups.",
    "The Pentagon has put up to {m} U.S. troops on heightened alert for possible deployment to Europe.",
    "Kyiv estimates that nearly {n} Russian soldiers are gathered near the border.",
    "Russia's {n}-strong force includes tanks, artillery and air defence units.",
    "An estimated {n} Russian troops are also taking part in exercises in Belarus.",
    "Western officials say Russia could soon have as many as {b} troops in the region.",
    "Britain said it would send about {s} additional soldiers to Estonia.",
    "More than {k} Russian battalion tactical groups are now positioned near the border, officials said.",
)
# Distractor numbers: not troop mentions.
DISTRACTORS = (
    "More than {d} people have been killed in the conflict in eastern Ukraine since 2014.",
    "Washington has committed ${mm} million in security assistance to Kyiv over the past year.",
    "The new pipeline, worth about ${bb} billion, runs some {km} kilometres under the Baltic Sea.",
    "NATO has grown from 16 members at the end of the Cold War to 30 today.",
    "The monitoring mission employs about {staff} staff, including civilian observers.",
    "Some {crowd} people marched through central Kyiv on Saturday in a show of unity.",
    "The border between the two countries stretches for almost {km} kilometres.",
    "The alliance was founded in 1949 and Ukraine has sought membership since 2008.",
    "Gas prices have risen by more than {pct} percent since the autumn.",
    "The exercises will take place about {km2} km from the Ukrainian border, the ministry said.",
    "Some {d2} civilians have been displaced by the fighting, according to the United Nations.",
)

TITLES = (
    "{A} and {B} trade warnings as talks on Ukraine stall",
    "{A} rejects {B} demands on security in Europe",
    "Talks in {city} end without breakthrough as troops mass near Ukraine",
    "{A} warns of heavy price if Ukraine is attacked",
    "Tensions rise as {A} and {B} meet in {city}",
    "{A} says door to diplomacy still open as build-up continues",
    "No progress on Ukraine after talks in {city}, officials say",
)
CITIES = ("Geneva", "Brussels", "Vienna", "Moscow", "Kyiv", "Washington", "Berlin", "Paris")
TITLE_PARTIES = ("NATO", "Russia", "U.S.", "Ukraine", "Kremlin", "West", "EU")

_SIDE = {"NATO": "west", "US": "west", "EU": "west", "UK": "west", "Germany": "west",
         "France": "west", "Russia": "russia", "Belarus": "russia", "Ukraine": "ukraine",
         "OSCE": "neutral", "UN": "neutral", "China": "neutral"}

_MARKS = (('"', '"'), ("\u201c", "\u201d"))


# --------------------------------------------------------------------------- speakers
def _speakers() -> list[tuple[str, str, str, str]]:
    """(full name, title, short name, side) for every registered person."""
    from .actors import load_registry

    out = []
    for p in load_registry().people:
        singles = [a for a in p.aliases if " " not in a and a in p.name]
        short = singles[0] if singles else p.name.split()[-1]
        title = p.title or ""
        # Only short titles go before the name ("German Chancellor Olaf Scholz");
        # long ones ("President of Russia") are left to the appositive frames.
        if " of " in title or " to " in title or len(title.split()) > 4:
            title = ""
        out.append((p.name, title, short, _SIDE.get(p.party, "neutral")))
    return out


_SPEAKERS_CACHE: list | None = None


def _speaker_pool() -> list[tuple[str, str, str, str]]:
    global _SPEAKERS_CACHE
    if _SPEAKERS_CACHE is None:
        _SPEAKERS_CACHE = _speakers()
    return _SPEAKERS_CACHE


# --------------------------------------------------------------------------- generation
def _fmt(n: int) -> str:
    return f"{n:,}"


class _Gen:
    """One article's worth of random choices (kept in locals for speed)."""

    __slots__ = ("r", "o", "c", "mixed", "speakers")

    def __init__(self, r: random.Random, speakers):
        self.r = r
        self.o, self.c = _MARKS[r.random() < 0.5]
        self.mixed = r.random() < 0.1
        self.speakers = speakers

    def marks(self):
        if self.mixed and self.r.random() < 0.5:
            return _MARKS[self.o == '"']
        return self.o, self.c

    def speaker(self):
        sp = self.speakers[int(self.r.random() * len(self.speakers))]
        return sp

    def q(self, side: str) -> str:
        pool = QUOTES[side]
        return pool[int(self.r.random() * len(pool))]

    def pick(self, pool):
        return pool[int(self.r.random() * len(pool))]

    # --- paragraph kinds ------------------------------------------------------
    def quote_after(self) -> str:
        name, title, short, side = self.speaker()
        o, c = self.marks()
        q = self.q(side)
        x = self.r.random()
        if x < 0.35 and title:
            return f"{o}{q},{c} {title} {name} said."
        if x < 0.6:
            return f"{o}{q},{c} said {name}, {('the ' + title) if title else 'speaking after the meeting'}."
        if x < 0.8:
            return f"{o}{q}.{c} {o}{self.q(side)},{c} {short} {self.pick(SAY_VERBS)}."
        return f"{o}{q},{c} {name} {self.pick(SAY_VERBS)}."

    def quote_before(self) -> str:
        name, title, short, side = self.speaker()
        o, c = self.marks()
        lead = f"{title} {name}" if title and self.r.random() < 0.5 else name
        verb = self.pick(("said", "told reporters", "added", "said in a statement", "wrote on Twitter"))
        return f"{lead} {verb}: {o}{self.q(side)}.{c}"

    def quote_split(self) -> str:
        name, title, short, side = self.speaker()
        o, c = self.marks()
        q1, q2 = self.q(side), self.q(side)
        if self.r.random() < 0.5:
            return f"{o}{q1},{c} {short} said. {o}{q2}.{c}"
        if ", " in q1:
            a, b = q1.split(", ", 1)
        else:
            words = q1.split()
            cut = max(2, len(words) // 2)
            a, b = " ".join(words[:cut]), " ".join(words[cut:])
        return f"{o}{a},{c} {name} said, {o}{b}.{c}"

    def quote_partial(self) -> str:
        name, title, short, side = self.speaker()
        o, c = self.marks()
        ph = self.pick(PARTIAL)
        x = self.r.random()
        if x < 0.4:
            return f"{name} described the talks as {o}{ph}{c} and said {self.pick(CLAUSES)}."
        if x < 0.7:
            return f"{name} called the latest proposals {o}{ph},{c} according to a readout of the call."
        return f"{short} said the situation was {o}{ph}{c} but that {self.pick(CLAUSES)}."

    def quote_unnamed(self) -> str:
        o, c = self.marks()
        return f"{o}{self.q(self.pick(('west', 'russia', 'neutral')))},{c} {self.pick(UNNAMED)}."

    def quote_run_on(self) -> list[str]:
        """A quotation over two paragraphs: opened on both, closed only at its end."""
        name, title, short, side = self.speaker()
        o, c = self.marks()
        return [f"{o}{self.q(side)}. {self.q(side)}.", f"{o}{self.q(side)},{c} {name} said."]

    def reported(self) -> str:
        r = self.r
        if r.random() < 0.55:
            name, title, short, side = self.speaker()
            actor = f"{title} {name}" if title and r.random() < 0.6 else name
        else:
            actor, side = self.pick(INSTITUTIONS)
        k = int(r.random() * 8)
        if k == 0:
            s = f"{actor} warned that {self.pick(CLAUSES)}."
        elif k == 1:
            s = f"{actor} rejected {self.pick(REJECTED)}."
        elif k == 2:
            s = f"{actor} denied {self.pick(DENIED)}."
        elif k == 3:
            tgt, what = self.pick(ACCUSED)
            s = f"{actor} accused {tgt} of {what}."
        elif k == 4:
            s = f"{actor} demanded that {self.pick(DEMANDS)}."
        elif k == 5:
            s = f"{actor} proposed {self.pick(PROPOSALS)}."
        elif k == 6:
            s = f"{actor} refused to {self.pick(REFUSALS)}."
        else:
            s = f"{actor} insisted that {self.pick(CLAUSES)}."
        return s + " " + self.pick(BACKGROUND)

    def troops(self) -> str:
        r = self.r
        n = int(90 + r.random() * 100) * 1000
        a = int(100 + r.random() * 70) * 1000
        b = a + int(10 + r.random() * 40) * 1000
        t = self.pick(TROOPS).format(n=_fmt(n), a=_fmt(a), b=_fmt(b), k=int(50 + r.random() * 80),
                                    m=_fmt(int(2 + r.random() * 9) * 1000 + 500 * (r.random() < 0.5)),
                                    s=_fmt(int(1 + r.random() * 9) * 100))
        return t + " " + self.pick(BACKGROUND)

    def distractor(self) -> str:
        r = self.r
        return self.pick(DISTRACTORS).format(
            d=_fmt(int(13 + r.random() * 2) * 1000), d2=_fmt(int(1 + r.random() * 15) * 10000),
            mm=int(2 + r.random() * 9) * 50, bb=int(5 + r.random() * 10), km=_fmt(int(1 + r.random() * 20) * 100),
            km2=int(3 + r.random() * 30) * 10, staff=_fmt(int(5 + r.random() * 10) * 100),
            crowd=_fmt(int(1 + r.random() * 9) * 1000), pct=int(20 + r.random() * 300))

    def background(self) -> str:
        return self.pick(BACKGROUND) + " " + self.pick(BACKGROUND)


_KINDS = (
    # (weight, method name)
    (10, "quote_after"), (6, "quote_before"), (5, "quote_split"), (6, "quote_partial"),
    (3, "quote_unnamed"), (2, "quote_run_on"), (16, "reported"), (10, "troops"),
    (9, "distractor"), (12, "background"),
)
_TABLE: tuple[str, ...] = tuple(name for w, name in _KINDS for _ in range(w))


def _article(seed: int, i: int, words: int, speakers) -> Article:
    r = random.Random(seed * 1_000_003 + i)
    g = _Gen(r, speakers)
    day = _START + _dt.timedelta(days=int(r.random() * _DAYS))
    sides = TITLE_PARTIES
    A = sides[int(r.random() * len(sides))]
    B = sides[int(r.random() * len(sides))]
    if B == A:
        B = "Russia" if A != "Russia" else "NATO"
    title = g.pick(TITLES).format(A=A, B=B, city=g.pick(CITIES))
    domain, section = OUTLETS[int(r.random() * len(OUTLETS))]
    slug = "-".join(title.lower().replace(".", "").split()[:8])
    url = f"https://{domain}/{section}/{day:%Y/%m/%d}/{slug}-{seed}-{i}"

    # a wire lede: who said what, the build-up, then the first direct quote
    paras: list[str] = [g.reported(), g.troops(), g.quote_after()]
    count = sum(p.count(" ") + 1 for p in paras)
    table = _TABLE
    nt = len(table)
    while count < words:
        kind = table[int(r.random() * nt)]
        out = getattr(g, kind)()
        if isinstance(out, list):
            paras.extend(out)
            count += sum(p.count(" ") + 1 for p in out)
        else:
            paras.append(out)
            count += out.count(" ") + 1
    return Article(
        article_id=f"synth{seed}_{i:06d}",
        title=title,
        date=day.isoformat(),
        url=url,
        outlet=outlet_for(url),
        source_file="",
        paragraphs=tuple(paras),
    )


def generate_articles(n: int, seed: int = 0, words: int = 700, start: int = 0) -> Iterator[Article]:
    """Yield ``n`` synthetic articles (ids ``synth<seed>_<i>``), deterministic for ``seed``.

    Article ``i`` depends only on ``(seed, i)``; ``start`` skips to article
    ``start`` (so a corpus can be generated in independent slices).
    """
    speakers = _speaker_pool()
    for i in range(start, start + n):
        yield _article(seed, i, words, speakers)


def house_text(article: Article) -> str:
    """An article in the house format: title, YYYYMMDD date, URL, one paragraph a line."""
    date = (article.date or "").replace("-", "")
    return "\n".join((article.title, date, article.url, *article.paragraphs)) + "\n"


def write_house_files(n: int, outdir: str | Path, seed: int = 0, words: int = 700,
                      per_dir: int = 10_000) -> list[Path]:
    """Write ``n`` synthetic articles as house-format files under ``outdir``.

    Files are ``<article_id>.txt``; with more than ``per_dir`` articles they
    are spread over numbered sub-folders (``00/``, ``01/``, ...) so no folder
    gets huge.  Returns the paths in article order.
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    made: set[Path] = set()
    for k, art in enumerate(generate_articles(n, seed=seed, words=words)):
        d = outdir if n <= per_dir else outdir / f"{k // per_dir:02d}"
        if d not in made:
            d.mkdir(parents=True, exist_ok=True)
            made.add(d)
        p = d / f"{art.article_id}.txt"
        with open(p, "w", encoding="utf-8", newline="\n") as f:
            f.write(house_text(art))
        paths.append(p)
    return paths
