"""Synthetic wire copy: a corpus in which some stories are republished by other outlets.

For the near-duplicate tests and benchmark. A near-copy of a story is what
syndication does to it: another outlet's URL, a headline of its own, the
last paragraph(s) trimmed, sometimes the other quote style and a day later.
The stories come from :mod:`analysis.synth` (templates written for this
project; nothing copied from real coverage).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Iterator

from .corpus import Article, outlet_for
from .synth import OUTLETS, generate_articles

HEADLINE_PREFIXES = ("UPDATE 1-", "WRAPUP-", "Analysis: ", "", "Live: ", "Factbox: ")
HEADLINE_ENDINGS = ("", " - officials", " as talks stall", ": what we know", " (updated)")


def near_copy(article: Article, r: random.Random, copy_no: int, trim_max: int = 2) -> Article:
    """A republication of ``article`` by another outlet: new headline, id and URL, its last 1..trim_max
    paragraphs trimmed, sometimes straight quotes for curly ones and a later date."""
    domain, section = OUTLETS[r.randrange(len(OUTLETS))]
    paras = list(article.paragraphs)
    trim = min(r.randint(1, trim_max), max(len(paras) - 3, 0))
    paras = paras[:len(paras) - trim] if trim else paras
    if r.random() < 0.5:
        paras = [p.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'") for p in paras]
    date = article.date
    if date and r.random() < 0.4:
        date = (dt.date.fromisoformat(date) + dt.timedelta(days=r.randint(1, 2))).isoformat()
    title = r.choice(HEADLINE_PREFIXES) + article.title + r.choice(HEADLINE_ENDINGS)
    if title == article.title:
        title = article.title + " - report"
    url = f"https://{domain}/{section}/{article.article_id}-copy{copy_no}"
    return dataclasses.replace(article, article_id=f"{article.article_id}-copy{copy_no}", title=title,
                               date=date, url=url, outlet=outlet_for(url), paragraphs=tuple(paras))


def wire_corpus(n: int = 1000, stories: int = 20, copies: int = 200, seed: int = 7,
                words: int = 300) -> tuple[list[Article], dict[str, str]]:
    """``n`` articles: ``n - copies`` distinct articles, of which the first ``stories`` are wire stories,
    plus ``copies`` near-copies of those stories (as evenly spread as possible), in a shuffled order.

    Returns the articles and the truth: copy id -> the id of the story it copies (stories map to
    themselves; distinct articles are absent)."""
    if copies and not stories:
        raise ValueError("copies need at least one story")
    r = random.Random(seed)
    originals = list(generate_articles(n - copies, seed=seed, words=words))
    truth: dict[str, str] = {}
    out = list(originals)
    for k in range(copies):
        story = originals[k % stories]
        truth[story.article_id] = story.article_id
        c = near_copy(story, r, k // stories + 1)
        truth[c.article_id] = story.article_id
        out.append(c)
    r.shuffle(out)
    return out, truth


def iter_wire_corpus(n: int, copy_share: float = 0.2, story_share: float = 0.02, seed: int = 7,
                     words: int = 700) -> Iterator[Article]:
    """A large corpus streamed (for the 100,000-article benchmark): about ``story_share`` of the
    distinct articles are wire stories, each followed by its near-copies; ``copy_share`` of the ``n``
    articles are copies."""
    copies = int(n * copy_share)
    distinct = n - copies
    stories = max(1, int(distinct * story_share)) if copies else 0
    per = copies // stories if stories else 0
    extra = copies - per * stories
    r = random.Random(seed)
    for i, a in enumerate(generate_articles(distinct, seed=seed, words=words)):
        yield a
        if i < stories:
            for c in range(per + (1 if i < extra else 0)):
                yield near_copy(a, r, c + 1)
