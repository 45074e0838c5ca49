"""Load the pipeline's tables for notebooks, (re)building them when raw data changed."""
from __future__ import annotations

import sys
from pathlib import Path

from . import config
from .pipeline import TABLES

STAGE_TABLES = ("articles", "quotes", "claims", "troops", "rhetoric", "rejected")


def stale(processed: Path, raw: Path) -> bool:
    """True when the tables are missing or a raw file (or the registry) is newer than them."""
    marker = processed / "articles.csv"
    if not marker.exists():
        return True
    built = marker.stat().st_mtime
    newest = max((f.stat().st_mtime for f in raw.rglob("*") if f.is_file()), default=0)
    if config.REGISTRY.exists():
        newest = max(newest, config.REGISTRY.stat().st_mtime)
    return newest > built


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

        print(f"building tables from {raw} ...", file=sys.stderr)
        run([raw], processed, progress=False, report=lambda m: None)
    return {n: read_table(processed, n) for n in names if n in TABLES}
