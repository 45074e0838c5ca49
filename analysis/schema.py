"""One definition per output table: its columns, their order, types and meaning.

Everything that needs to know a table's shape derives from here: the
pipeline's output contract and column order (:func:`columns_for`), the
pandas/Parquet types (:func:`dtypes`), which cells are text (for the CSV
formula guard), and the test that the README's data dictionary documents
every column. ``CATEGORIES`` (the crisis-lexicon categories) lives here too,
so views and charts can name the lexicon columns without importing a stage.

Columns are ``required`` (written always, even when a stage leaves them out
of its rows) or optional (written when a stage's rows carry them: columns
announced for coming work, such as ``quotes.speaker_source``). A stage may
emit a column the schema does not declare: it is written after the declared
ones, sorted by name, with an inferred type, so nothing is lost; the test
``tests/test_schema.py`` asks for every column to be declared here.
"""
from __future__ import annotations

from dataclasses import dataclass

# The crisis-lexicon categories, in the order their columns appear.
CATEGORIES = ("threat", "accusation", "ultimatum", "sovereignty", "hedging", "dialogue", "sanctions")

# Column types, and the pandas dtype (which sets the Parquet type) of each.
PANDAS_TYPES = {"string": "string", "int": "Int64", "float": "float64", "bool": "boolean"}


@dataclass(frozen=True)
class Column:
    """One column: name, type (string, int, float or bool), one-line meaning, required or optional."""

    name: str
    type: str
    doc: str
    required: bool = True


@dataclass(frozen=True)
class Table:
    """One output table: what a row is, the columns other tools rely on (``contract``), all columns in order."""

    name: str
    row: str
    contract: tuple[str, ...]
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column | None:
        """The declared column called ``name``, or None."""
        for c in self.columns:
            if c.name == name:
                return c
        return None

    @property
    def names(self) -> tuple[str, ...]:
        """Every declared column name, in order."""
        return tuple(c.name for c in self.columns)


def _c(name: str, type_: str, doc: str, required: bool = True) -> Column:
    """A Column (short form for the table definitions below)."""
    return Column(name, type_, doc, required)


def _lexicon_columns(count_type: str, unit: str) -> list[Column]:
    """One column per category (counts or rates), then one ``<category>_negated`` count per category.
    The counts are the rhetoric layer's decision (analysis/rhetoric.py ``score_row``): where the
    learned model keeps a category, the lexicon's mentions (at least 1); where it drops one, 0."""
    return [_c(c, count_type, f"{c} mentions in the text ({unit}), where the rhetoric layer (lexicon and "
               "learned model) finds the category; 0 where it does not") for c in CATEGORIES] + \
        [_c(f"{c}_negated", "int", f"negated {c} mentions (\"no {c}\") of a category the layer finds")
         for c in CATEGORIES]


_WHERE = [_c("article_id", "string", "the article"),
          _c("paragraph", "int", "0-based body paragraph (line 4 of a house-format file is 0)")]
_TONE = [_c("polarity", "float", "TextBlob polarity of the text (-1..1)"),
         _c("subjectivity", "float", "TextBlob subjectivity of the text (0..1)"),
         _c("vader", "float", "VADER compound score of the text (-1..1)")]
_LEX_TAIL = [_c("lex_tone", "int", "the lexicons' tone of the text (-1, 0 or 1)"),
             _c("n_words", "int", "words in the text"),
             _c("rhetoric_terms", "string", "lexicon terms matched (category:term; ! marks a negated one)"),
             _c("rhetoric_model", "string", "the learned model's evidence: the categories it keeps with their "
                "probability (\"threat 0.91; dialogue 0.64\"); empty in lexicon-only mode", False)]
_SPAN = [_c("start", "int", "character offset where the text starts in the paragraph"),
         _c("end", "int", "character offset where the text ends in the paragraph")]

ARTICLES = Table("articles", "article", (
    "article_id", "title", "date", "url", "outlet", "source_file"), tuple([
        _c("article_id", "string", "file stem for a one-article file; <stem>-<id or hash> for records"),
        _c("title", "string", "headline"),
        _c("date", "string", "publication date, ISO YYYY-MM-DD; empty when the input gives none"),
        _c("url", "string", "the article's URL as given; empty when the input gives none"),
        _c("outlet", "string", "display name for known domains (data/outlets.yml), else the domain"),
        _c("source_file", "string", "the raw file (file:line for a record), relative to the project when inside"),
        _c("byline", "string", "the author(s) as the source gives them (several joined by '; '); empty when none"),
        _c("n_paragraphs", "int", "body paragraphs"),
        _c("n_words", "int", "words in the body"),
        _c("words_stated", "int", "the length the source states (archive export, word_count field); empty when none"),
        _c("content_hash", "string", "hash of what the stages read; unchanged hash = not reprocessed"),
        _c("duplicate_group", "string", "article_id of the first article of its group of near-copies", False),
        _c("is_first", "bool", "the one article of its group that counts when a story is counted once", False),
        _c("language", "string", "ISO 639-1 code of the detected language", False),
    ]))

# Written by the pipeline after the stages (hand corrections), in quotes, claims and troops.
_CORRECTED = _c("corrected", "string", "ids of the hand corrections that changed or added the row; empty when as "
                "extracted (added by the pipeline after the stages)", False)

QUOTES = Table("quotes", "direct quotation", (
    "article_id", "paragraph", "text", "speaker", "party", "cue", "kind", "polarity", "subjectivity"), tuple([
        *_WHERE,
        _c("text", "string", "the words inside the quotation marks, without the marks"),
        _c("speaker", "string", "the speaker as resolved; empty when the text does not say who spoke"),
        _c("party", "string", "the registry's party for the speaker; empty when unknown"),
        _c("cue", "string", "the attribution verb as a lemma; empty when there is none"),
        _c("kind", "string", "full (a sentence or more) or partial"),
        *_TONE, *_lexicon_columns("int", "count"),
        _c("title", "string", "the speaker's title or role as written"),
        _c("person", "string", "the registry's name for a registered speaker"),
        *_SPAN,
        _c("confidence", "float", "0..1: how directly the text gives the speaker"),
        _c("quote_id", "string", "<article_id>:q<n>, referenced by claims.csv"),
        *_LEX_TAIL,
        _c("speaker_source", "string", "how the speaker was found: named, pronoun, role_in_article, role_by_office, "
           "carried_from_previous_paragraph, transcript_label, ...; empty with no speaker"),
        _c("statement_id", "string", "<article_id>:s<n>: the attributed statement the quote belongs to"),
        _CORRECTED,
    ]))

CLAIMS = Table("claims", "attributed statement", (
    "article_id", "paragraph", "actor", "party", "act", "cue", "text"), tuple([
        *_WHERE,
        _c("actor", "string", "who makes the statement, as written; empty when not named"),
        _c("party", "string", "the registry's party for the actor; empty when unknown"),
        _c("act", "string", "assertion, demand, warning, rejection, denial, accusation, proposal or refusal"),
        _c("cue", "string", "the cue lemma or phrase"),
        _c("text", "string", "what is said: the content of the statement"),
        *_TONE, *_lexicon_columns("int", "count"),
        _c("negated", "bool", "true for a negated speech act (the act was not made)"),
        _c("source", "string", "quote (a direct quote of a known speaker) or reported"),
        _c("quote_id", "string", "the quote this claim stands for; empty for reported speech"),
        *_SPAN, *_LEX_TAIL,
        _c("statement_id", "string", "the statement: its quote's statement_id, or <article_id>:r<n> for reported speech"),
        _CORRECTED,
    ]))

TROOPS = Table("troops", "troop-number mention", (
    "article_id", "paragraph", "text", "value", "low", "high", "qualifier", "unit", "force", "claimant"), tuple([
        *_WHERE,
        _c("text", "string", "the mention as written"),
        _c("value", "float", "the best single figure; empty for vague quantities"),
        _c("low", "float", "lower bound the wording implies; empty when open"),
        _c("high", "float", "upper bound the wording implies; empty when open"),
        _c("qualifier", "string", "exact, approximate, at_least, at_most, range or vague"),
        _c("unit", "string", "troops or btg (battalion tactical groups)"),
        _c("force", "string", "whose troops (a party); empty when the text does not say"),
        _c("claimant", "string", "who gave the figure; empty when the article gives no source"),
        _c("claimant_party", "string", "the claimant's party"),
        *_SPAN,
        _c("kind", "string", "total (a force's size), increment or decrease"),
        _CORRECTED,
    ]))

RHETORIC = Table("rhetoric", "article and party", (
    "article_id", "party", "n_words", "polarity", "subjectivity", *CATEGORIES), tuple([
        _c("article_id", "string", "the article"),
        _c("party", "string", "a party with words attributed to it"),
        _c("n_words", "int", "words attributed to the party in the article"),
        _c("polarity", "float", "word-weighted mean TextBlob polarity"),
        _c("subjectivity", "float", "word-weighted mean TextBlob subjectivity"),
        *[_c(c, "float", f"{c} mentions per 1,000 attributed words") for c in CATEGORIES],
        _c("vader", "float", "word-weighted mean VADER compound"),
        _c("n_quotes", "int", "quotes the words come from"),
        _c("n_claims", "int", "non-quote claims the words come from"),
        *[col for c in sorted(CATEGORIES) for col in (
            _c(f"{c}_count", "int", f"raw {c} mentions"),
            _c(f"{c}_negated", "int", f"negated {c} mentions"))],
    ]))

PARAGRAPHS = Table("paragraphs", "body paragraph", ("article_id", "paragraph", "text"), tuple([
    *_WHERE, _c("text", "string", "the paragraph: the words every offset in the other tables points into")]))

REJECTED = Table("rejected", "input that could not be read", ("source_file", "reason"), (
    _c("source_file", "string", "the file, or file:line for a JSON line or CSV row"),
    _c("reason", "string", "why, in words"),
))

TABLES: dict[str, Table] = {t.name: t for t in (ARTICLES, QUOTES, CLAIMS, TROOPS, RHETORIC, PARAGRAPHS, REJECTED)}
CONTRACT: dict[str, list[str]] = {name: list(t.contract) for name, t in TABLES.items()}


def columns_for(table: str, rows: list[dict]) -> list[str]:
    """The columns a table is written with: declared required ones, declared optional ones some row
    carries, in the declared order; then any undeclared column a row carries, sorted by name."""
    t = TABLES[table]
    keys = {k for r in rows for k in r}
    cols = [c.name for c in t.columns if c.required or c.name in keys]
    return cols + sorted(keys - set(t.names))


def dtypes(table: str) -> dict[str, str]:
    """pandas dtype of every declared column of ``table`` (these set the Parquet types too)."""
    return {c.name: PANDAS_TYPES[c.type] for c in TABLES[table].columns}


def text_columns(table: str) -> set[str]:
    """Declared string columns of ``table`` (the cells the CSV formula guard looks at)."""
    return {c.name for c in TABLES[table].columns if c.type == "string"}
