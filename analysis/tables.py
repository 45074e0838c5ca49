"""Load the pipeline's tables for notebooks, (re)building them when raw data, code or registry changed.

Rows are read here, once, the same way from either file: the schema's
types, blank text cells as "" (a CSV's empty cell and a Parquet null alike),
and the CSV formula guard's apostrophe removed again.
"""
from __future__ import annotations

from pathlib import Path

from . import config, schema
from .output import unguard_cell

STAGE_TABLES = ("articles", "quotes", "claims", "troops", "rhetoric", "rejected")


def stale(processed: Path, raw: Path) -> bool:
    """True when the tables are missing, or were built from other inputs, code, lexicons or registry."""
    from .pipeline import is_current

    return not (processed / "articles.csv").exists() or not is_current(processed, [raw])


def _parquet_is_current(pq: Path, csv: Path) -> bool:
    """A Parquet file is read only when the CSV beside it is not newer (a ``--no-parquet`` run leaves none,
    but a folder written by an older version may hold a stale one)."""
    if not pq.exists():
        return False
    if not csv.exists():
        return True
    return pq.stat().st_mtime_ns >= csv.stat().st_mtime_ns


def normalise(df, name: str):
    """The one place blank cells and types are settled: schema types, text blanks as ""."""
    import pandas as pd

    types = schema.dtypes(name) if name in schema.TABLES else {}
    for c in df.columns:
        t = types.get(c)
        if t == "string" or (t is None and (df[c].dtype == object or pd.api.types.is_string_dtype(df[c]))):
            df[c] = df[c].astype("string").fillna("")
        elif t in ("Int64", "float64", "boolean"):
            df[c] = df[c].astype(t)
    return df


def read_table(processed: str | Path, name: str):
    """One table, from Parquet when present and current (exact text), else the CSV; normalised alike."""
    import pandas as pd

    processed = Path(processed)
    pq, csv = processed / f"{name}.parquet", processed / f"{name}.csv"
    if _parquet_is_current(pq, csv):
        try:
            return normalise(pd.read_parquet(pq), name)
        except Exception:  # an unreadable Parquet falls back to the CSV beside it
            pass
    text = schema.text_columns(name) if name in schema.TABLES else set()
    df = pd.read_csv(csv, keep_default_na=False, na_values=[""], dtype={c: "string" for c in text})
    for c in text & set(df.columns):
        df[c] = df[c].map(unguard_cell, na_action="ignore")
    return normalise(df, name)


def load_tables(processed: str | Path = config.PROCESSED, raw: str | Path | None = config.RAW,
                names=STAGE_TABLES) -> dict:
    """Tables by name. With ``raw``, runs the pipeline first when the tables are missing or stale
    (unchanged articles are reused from the cache, so this is cheap)."""
    from .pipeline import TABLES, run

    processed = Path(processed)
    if raw is not None and stale(processed, Path(raw)):
        run([raw], processed, progress=False, report=lambda m: None)
    return {n: read_table(processed, n) for n in names if n in TABLES}
