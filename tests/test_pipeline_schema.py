"""The schema is the one definition of every table: the stages, the writer and the README agree with it."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from analysis import pipeline, schema
from analysis.corpus import read_corpus

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "raw"


@pytest.fixture(scope="module")
def stage_rows():
    """Rows of every stage table over the sample and the annotated articles."""
    arts, _ = read_corpus([SEED, ROOT / "data" / "annotated" / "articles"], lambda m: None)
    rows: dict[str, list[dict]] = {}
    for a in arts:
        for t, rs in pipeline.process_article(a).items():
            rows.setdefault(t, []).extend(rs)
    rows["articles"] = [a.row() for a in arts]
    return rows


def test_every_column_a_stage_writes_is_declared(stage_rows):
    for table, rows in stage_rows.items():
        assert rows, table
        undeclared = {k for r in rows for k in r} - set(schema.TABLES[table].names)
        assert not undeclared, f"{table}: declare {sorted(undeclared)} in analysis/schema.py"


def test_every_required_column_is_written_and_no_internal_key_crosses(stage_rows):
    for table, rows in stage_rows.items():
        keys = {k for r in rows for k in r}
        required = {c.name for c in schema.TABLES[table].columns if c.required}
        assert required <= keys, (table, required - keys)
        assert not any(k.startswith("_") for k in keys)


def test_columns_keep_the_contract_first_and_add_undeclared_ones_sorted():
    cols = schema.columns_for("troops", [{"article_id": "a", "zeta": 1, "alpha": 2}])
    assert cols[:10] == schema.CONTRACT["troops"]
    assert cols[-2:] == ["alpha", "zeta"]
    assert "corrected" not in cols  # optional: written only when rows carry it
    assert "kind" in schema.columns_for("troops", [{"kind": "total"}])


def test_every_declared_type_is_known_and_names_are_unique():
    for t in schema.TABLES.values():
        assert len(set(t.names)) == len(t.names), t.name
        assert set(t.contract) <= set(t.names), t.name
        for c in t.columns:
            assert c.type in schema.PANDAS_TYPES and c.doc, (t.name, c.name)


def _readme_section(text: str, table: str) -> str:
    m = re.search(rf"^### {table}\.csv\b.*?(?=^##|\Z)", text, re.S | re.M)
    assert m, f"README has no data dictionary section for {table}.csv"
    return m.group(0)


def _documented(section: str) -> set[str]:
    """Column names a data-dictionary section names (``*category*_x`` stands for every category)."""
    words = set(re.findall(r"[a-z_]+", section))
    for pattern in re.findall(r"\*category\*(_[a-z]+)", section):
        words |= {c + pattern for c in schema.CATEGORIES}
    return words


@pytest.mark.parametrize("table", list(schema.TABLES))
def test_the_readme_data_dictionary_documents_every_column(table):
    section = _readme_section((ROOT / "README.md").read_text(encoding="utf-8"), table)
    missing = [c for c in schema.TABLES[table].names if c not in _documented(section)]
    assert not missing, f"README data dictionary for {table}.csv does not mention {missing}"


def test_the_pipeline_imports_every_stage_by_name():
    tree = ast.parse((ROOT / "analysis" / "pipeline.py").read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level == 1 and not n.module
                for a in n.names}
    assert {"quotes", "claims", "troops", "rhetoric"} <= imported
    assert "importlib" not in (ROOT / "analysis" / "pipeline.py").read_text(encoding="utf-8")


def test_categories_are_defined_once():
    from analysis import rhetoric

    assert rhetoric.CATEGORIES is schema.CATEGORIES
