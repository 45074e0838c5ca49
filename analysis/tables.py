"""Load the pipeline's tables for notebooks, (re)building them when raw data, code or registry changed."""
from __future__ import annotations

from pathlib import Path

from . import config
from .pipeline import TABLES

STAGE_TABLES = ("articles", "quotes", "claims", "troops", "rhetoric", "rejected")


def stale(processed: Path, raw: Path) -> bool:
    """True when the tables are missing, or were built from other inputs, code, lexicons or registry."""
    from .pipeline import is_current

    return not (processed / "articles.csv").exists() or not is_current(processed, [raw])


def read_table(processed: str | Path, name: str):
    """One table, from Parquet when present (typed), else CSV."""
    import pandas as pd

    processed = Path(processed)
    pq = processed / f"{name}.parquet"
    if pq.exists():
        try:
            return pd.read_parquet(pq)
        except Exception:  # an unreadable Parquet falls back to the CSV beside it
            pass
    return pd.read_csv(processed / f"{name}.csv", keep_default_na=True, dtype={"article_id": "string"})


def load_tables(processed: str | Path = config.PROCESSED, raw: str | Path | None = config.RAW,
                names=STAGE_TABLES) -> dict:
    """Tables by name. With ``raw``, runs the pipeline first when the tables are missing or stale
    (unchanged articles are reused from the cache, so this is cheap)."""
    processed = Path(processed)
    if raw is not None and stale(processed, Path(raw)):
        from .pipeline import run

        run([raw], processed, progress=False, report=lambda m: None)
    return {n: read_table(processed, n) for n in names if n in TABLES}
