"""What ingestion learns about each article from the whole corpus: its language and its copies.

:class:`Screen` is what the pipeline calls as articles stream past: it
rejects an article in a language the user did not accept (see
:mod:`analysis.language`), feeds the rest to the near-duplicate grouper (see
:mod:`analysis.dedupe`), and at the end adds ``language``,
``duplicate_group`` and ``is_first`` to every row of ``articles.csv``.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from . import dedupe, language


class Screen:
    def __init__(self, languages: str | Sequence[str] | None = ("en",), prefer: Sequence[str] = (),
                 threshold: float = dedupe.THRESHOLD):
        self.accepted = language.parse_languages(languages)
        self.grouper = dedupe.Grouper(threshold=threshold, prefer=tuple(prefer))
        self.language: dict[str, str] = {}

    def admit(self, article) -> str | None:
        """None when the article goes on (it is then grouped), else the reason it is rejected."""
        code, why = language.check(article.title, article.paragraphs, self.accepted)
        if why:
            return why
        self.language[article.article_id] = code
        self.grouper.add(article.article_id, article.paragraphs, article.date, article.outlet)
        return None

    def rows(self, rows: Iterable[dict]) -> list[dict]:
        """Article rows with language, duplicate_group and is_first (call once every article is admitted)."""
        groups = self.grouper.groups()
        out = []
        for r in rows:
            aid = r["article_id"]
            g = groups.get(aid, {"duplicate_group": aid, "is_first": True})
            out.append({**r, "language": self.language.get(aid, ""), **g})
        return out


def articles_table(articles, prefer: Sequence[str] = ()):
    """articles.csv as a DataFrame for articles in memory, with the three columns (nothing rejected)."""
    import pandas as pd

    from .schema import ARTICLES

    arts = list(articles)
    s = Screen(languages=None, prefer=prefer)
    for a in arts:
        s.admit(a)
    return pd.DataFrame(s.rows(a.row() for a in arts), columns=list(ARTICLES.names))
