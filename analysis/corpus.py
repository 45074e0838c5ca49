"""Read files, folders, JSON lines, CSV exports and saved HTML into articles."""
from __future__ import annotations

from dataclasses import dataclass


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
