"""Fixtures shared by the test modules.

- ``reg``: the project's party registry (``data/actors.yml``), loaded once.
- ``make_article(*paragraphs, aid=..., title=..., date=...)``: an in-memory
  :class:`~analysis.corpus.Article` from paragraphs a test writes itself.
- ``write_house(folder, name, *paragraphs, ...)``: a house-format file on disk
  (title, YYYYMMDD date, URL, then one paragraph a line).
- ``write_gold(folder, name, **fields)``: a gold annotation file in the format
  ``analysis.evaluate`` scores (``{"article": "<name>.txt", ...fields}``).
- ``annotated_articles(prefix)``: the project's own annotated articles whose gold
  file names start with ``prefix`` (``"q_"``, ``"c_"``, ``"t_"``...), each as
  ``(Article, gold dict)``, read by the corpus reader the pipeline uses.
- ``sample_path``: the sample article in ``data/raw``.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from analysis import config
from analysis.actors import Registry, load_registry
from analysis.corpus import Article, read_house_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "raw" / "2022-01-12_moscow-times_nato-russia-stark-differences.txt"


@pytest.fixture(scope="session")
def reg() -> Registry:
    """The shipped registry (shared: look-ups are memoised per registry, which tests may rely on)."""
    return load_registry()


def _article(*paragraphs: str, aid: str = "t", title: str = "Title", date: str | None = None,
             url: str = "", outlet: str = "", source_file: str = "") -> Article:
    return Article(article_id=aid, title=title, date=date, url=url, outlet=outlet,
                   source_file=source_file, paragraphs=tuple(paragraphs))


@pytest.fixture(scope="session")
def make_article() -> Callable[..., Article]:
    """``make_article("First paragraph.", "Second.", aid="a1")`` -> Article."""
    return _article


def _write_house(folder: Path, name: str, *paragraphs: str, title: str = "Title", date: str = "20220112",
                 url: str = "https://example.org/article") -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name if name.endswith(".txt") else f"{name}.txt")
    path.write_text("\n".join((title, date, url, *paragraphs)) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def write_house() -> Callable[..., Path]:
    """``write_house(tmp_path / "raw", "a1", "Paragraph one.", "Paragraph two.")`` -> the file's path."""
    return _write_house


def _write_gold(folder: Path, name: str, **fields: Any) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(json.dumps({"article": f"{name}.txt", **fields}), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def write_gold() -> Callable[..., Path]:
    """``write_gold(tmp_path / "gold", "a1", quotes=[...], claims=[...])`` -> the file's path."""
    return _write_gold


def _annotated_articles(prefix: str) -> Iterator[tuple[Article, dict]]:
    for gold_file in sorted((config.ANNOTATED / "gold").glob(f"{prefix}*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        yield read_house_file(config.ANNOTATED / "articles" / gold["article"]), gold


@pytest.fixture(scope="session")
def annotated_articles() -> Callable[[str], Iterator[tuple[Article, dict]]]:
    """``for article, gold in annotated_articles("t_"): ...``"""
    return _annotated_articles


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE
