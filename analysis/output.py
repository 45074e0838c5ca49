"""The output folder: one lock, one commit point, typed tables, CSV cells safe to open in a spreadsheet.

A run never writes into ``--out`` itself. It takes a lock beside the folder
(``.<name>.lock``; a second run into the same folder stops with a message),
writes the whole new table set into a fresh sibling folder
(``.<name>.new-<pid>-<token>``), and publishes it in one step: on Linux the
two folders are exchanged atomically (``renameat2(RENAME_EXCHANGE)``), then
the old set is deleted. ``kill -9`` at any moment therefore leaves the
complete old set or the complete new set under ``--out``; leftover
``.<name>.new-*`` / ``.<name>.old-*`` folders are swept by the next run.
Files in ``--out`` that the pipeline does not write (a ``.gitkeep``, notes)
are carried over into the new set (hard links, so nothing is copied or lost);
an ``--out`` holding a sub-folder the pipeline did not write is refused (a
usage error), since the whole folder is replaced.

CSV cells of text columns that begin with ``=``, ``+``, ``-`` or ``@`` (and
cells that begin with an apostrophe followed by one of them) get a leading
apostrophe, the mark spreadsheet programs read as "this is text", so a
quote that starts with ``=HYPERLINK(...)`` is shown, never run. Numeric
columns are not touched. Parquet keeps the exact text; ``tables.read_table``
removes the apostrophe again when it reads a CSV.
"""
from __future__ import annotations

import ctypes
import errno
import os
import re
import secrets
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import schema

FORMULA_START = ("=", "+", "-", "@")
_GUARDED = FORMULA_START + tuple("'" + c for c in FORMULA_START)


class UsageError(Exception):
    """A problem with what the user asked for (exit status 2): the message says what to change."""


class Busy(Exception):
    """Another run holds the output folder's lock."""


# ------------------------------------------------------------------ formula guard
def guard_cell(value):
    """The CSV form of a text cell: a leading apostrophe when a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(_GUARDED):
        return "'" + value
    return value


def unguard_cell(value):
    """Undo :func:`guard_cell` (for cells read back from a CSV)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(_GUARDED):
        return value[1:]
    return value


# ------------------------------------------------------------------ the folder
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders (Linux renameat2). False when the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(a))


def _remove(path: Path) -> None:
    """Delete a file or a folder tree, ignoring what is already gone."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


# Temporary files of earlier versions, which wrote tables in place: swept, never carried over.
_OLD_TEMP = re.compile(r"^\..+\.(tmp|old)-\d+$")
# corrections.csv: the log of hand corrections, written by every run that has some (and removed otherwise)
OWN_NAMES = ({f"{t}.{ext}" for t in schema.TABLES for ext in ("csv", "parquet")}
             | {".run.json", ".cache", "corrections.csv"})


@dataclass
class OutputFolder:
    """``--out`` with its lock and the staging folder the next table set is written into."""

    out: Path
    staging: Path | None = None
    _lock_fd: int | None = None
    report: object = None
    wait: float = 0.0  # seconds to wait for another run's lock before giving up (0: stop at once)

    def __post_init__(self):
        self.out = Path(self.out).expanduser().absolute()
        if self.out.is_symlink():
            self.out = self.out.resolve()

    @property
    def prefix(self) -> str:
        """Name prefix of everything this folder keeps beside itself (lock, staging, old sets)."""
        return f".{self.out.name}."

    def check(self) -> None:
        """Raise UsageError when ``out`` cannot hold the tables: a file, not creatable, read-only."""
        out = self.out
        if out.exists() and not out.is_dir():
            raise UsageError(f"--out {out} is a file, not a folder")
        if str(out).startswith(("/proc/", "/sys/", "/dev/")) or str(out) in ("/proc", "/sys", "/dev"):
            raise UsageError(f"--out {out} is inside a system folder; choose a folder of your own")
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise UsageError(f"cannot create --out {out}: {e.strerror or e}") from None
        for folder in ([out] if out.exists() else []) + [out.parent]:
            if not os.access(folder, os.W_OK | os.X_OK):
                raise UsageError(f"--out {out}: {folder} is read-only")
        for p in (out.iterdir() if out.is_dir() else ()):
            if p.is_dir() and not p.is_symlink() and p.name not in OWN_NAMES and not _OLD_TEMP.match(p.name):
                # the whole folder is replaced on commit: never do that to a folder holding other work
                raise UsageError(f"--out {out} holds a folder the pipeline did not write ({p.name}); "
                                 "choose an empty folder or one the pipeline wrote")

    def open(self) -> Path:
        """Check, lock, sweep leftovers of killed runs, create the staging folder; return it."""
        self.check()
        self._lock()
        self.sweep()
        name = f"{self.prefix}new-{os.getpid()}-{secrets.token_hex(4)}"
        self.staging = self.out.parent / name
        try:
            self.staging.mkdir()
        except OSError as e:
            self.release()
            raise UsageError(f"cannot write beside --out {self.out}: {e.strerror or e}") from None
        return self.staging

    def _lock(self) -> None:
        """Take the folder's lock, or raise Busy naming the run that holds it."""
        path = self.out.parent / f"{self.prefix}lock"
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise UsageError(f"cannot write beside --out {self.out}: {e.strerror or e}") from None
        if not self._flock(fd):
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
            os.close(fd)
            waited = f" after waiting {self.wait:g} s" if self.wait > 0 else ""
            raise Busy(f"another run (process {holder}) is writing to {self.out}{waited}; run again when it has "
                       "finished, or give --wait SECONDS to wait for it") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._lock_fd = fd

    def _flock(self, fd: int) -> bool:
        """Take the lock on ``fd``: at once, or polling for up to ``self.wait`` seconds; False when it stays taken."""
        import fcntl
        import time

        deadline = time.monotonic() + max(self.wait, 0.0)
        pause = 0.05
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except OSError:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
            if not told and callable(self.report):
                holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
                self.report(f"waiting up to {self.wait:g} s for another run (process {holder}) to finish "
                            f"writing to {self.out}")
                told = True
            time.sleep(min(pause, left))
            pause = min(pause * 2, 1.0)

    def sweep(self) -> list[Path]:
        """Remove staging and old folders that killed runs left beside ``out`` (we hold the lock)."""
        gone = []
        old = sorted(self.out.parent.glob(f"{self.prefix}old-*"))
        if not self.out.exists() and old:  # killed between the two renames of the fallback commit
            os.rename(old[-1], self.out)
            old = old[:-1]
        for p in [*self.out.parent.glob(f"{self.prefix}new-*"), *old]:
            _remove(p)
            gone.append(p)
        return gone

    def _carry_over(self) -> None:
        """Copy into the staging folder the files of ``out`` that the pipeline does not write."""
        if not self.out.is_dir() or self.staging is None:
            return
        for p in self.out.iterdir():
            if p.name in OWN_NAMES or (self.staging / p.name).exists() or _OLD_TEMP.match(p.name):
                continue
            if p.is_dir() and not p.is_symlink():
                continue  # check() refused such a folder; one that appeared since is left in the old set
            else:
                try:
                    os.link(p, self.staging / p.name, follow_symlinks=False)
                except OSError:
                    shutil.copy2(p, self.staging / p.name, follow_symlinks=False)

    def commit(self) -> None:
        """Publish the staging folder as ``out`` in one step; delete the previous set."""
        assert self.staging is not None
        self._carry_over()
        _fsync_tree(self.staging)
        if not self.out.exists():
            os.rename(self.staging, self.out)
        elif _exchange(self.staging, self.out):
            _remove(self.staging)  # now holds the previous set
        else:  # no atomic exchange here: two renames; sweep() repairs a crash between them
            old = self.out.parent / f"{self.prefix}old-{os.getpid()}-{secrets.token_hex(4)}"
            os.rename(self.out, old)
            os.rename(self.staging, self.out)
            _remove(old)
        self.staging = None
        _fsync_dir(self.out.parent)

    def abort(self) -> None:
        """Drop the staging folder; ``out`` is left as it was."""
        if self.staging is not None:
            _remove(self.staging)
            self.staging = None

    def release(self) -> None:
        """Give up the lock."""
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None


def _fsync_dir(path: Path) -> None:
    """Flush a folder's entries to disk (best effort)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _fsync_tree(root: Path) -> None:
    """Flush the new set to disk before it is published (a power cut must not publish empty files)."""
    for p in root.rglob("*"):
        if p.is_file():
            try:
                with open(p, "rb+") as f:
                    os.fsync(f.fileno())
            except OSError:
                pass
    _fsync_dir(root)


# ------------------------------------------------------------------ table files
@dataclass
class TableWriter:
    """Write tables chunk by chunk into a folder (the staging folder of a run).

    Columns and types come from :mod:`analysis.schema`; a table's header is
    fixed by its first chunk with rows. CSV text cells are guarded against
    formula injection; Parquet (one file, or one file per chunk when
    ``partitioned``) keeps the exact text.
    """

    out: Path
    parquet: bool = True
    partitioned: bool = False
    _cols: dict[str, list[str]] = field(default_factory=dict)
    _dtypes: dict[str, dict[str, str]] = field(default_factory=dict)
    _pq: dict[str, Any] = field(default_factory=dict)
    _parts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self):
        self.out = Path(self.out)
        self.out.mkdir(parents=True, exist_ok=True)
        if self.parquet:
            try:
                import pyarrow  # noqa: F401
            except ImportError:
                self.parquet = False

    def write(self, name: str, rows: list[dict]) -> None:
        """Append ``rows`` to table ``name`` (CSV, and Parquet when on)."""
        import pandas as pd

        first = name not in self._cols
        if first:
            self._cols[name] = schema.columns_for(name, rows)
        df = self._typed(name, pd.DataFrame(rows, columns=self._cols[name]))
        csv_df = df.copy()
        for c in csv_df.columns:
            if self._dtypes[name][c] == "string":
                csv_df[c] = csv_df[c].map(guard_cell, na_action="ignore").astype("string")
        csv_df.to_csv(self.out / f"{name}.csv", mode="w" if first else "a", header=first, index=False,
                      lineterminator="\n")
        if self.parquet:
            self._write_parquet(name, df)

    def _write_parquet(self, name: str, df) -> None:
        """Append ``df`` to the table's Parquet file (or write the next partition when partitioned)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(df, preserve_index=False)
        if self.partitioned:
            folder = self.out / f"{name}.parquet"
            part = self._parts.setdefault(name, 0)
            folder.mkdir(exist_ok=True)
            if len(df) or part == 0:  # an empty table still gets one (empty) part
                pq.write_table(table, folder / f"part-{part:05d}.parquet")
                self._parts[name] = part + 1
            return
        if name not in self._pq:
            self._pq[name] = pq.ParquetWriter(self.out / f"{name}.parquet", table.schema)
        self._pq[name].write_table(table.cast(self._pq[name].schema))

    def _typed(self, name, df):
        """``df`` with the schema's types (undeclared columns: inferred once, from the first chunk)."""
        import pandas as pd

        if name not in self._dtypes:
            declared = schema.dtypes(name)
            self._dtypes[name] = {c: declared.get(c) or _infer(df[c]) for c in df.columns}
        out = {}
        for c, t in self._dtypes[name].items():
            s = df[c]
            if t in ("float64", "Int64"):
                s = pd.to_numeric(s, errors="coerce")
                s = s.round().astype("Int64") if t == "Int64" else s.astype("float64")
            else:
                s = s.astype(t)
            out[c] = s
        return pd.DataFrame(out)

    def ensure(self, name: str) -> None:
        """Make sure the table exists, with its header, even when it has no rows."""
        if name not in self._cols:
            self.write(name, [])

    def close(self) -> None:
        """Finish the Parquet files."""
        for w in self._pq.values():
            w.close()
        self._pq.clear()


def _infer(s) -> str:
    """pandas dtype for a column the schema does not declare."""
    import pandas as pd

    if pd.api.types.is_bool_dtype(s):
        return "boolean"
    if pd.api.types.is_integer_dtype(s):
        return "Int64"
    if pd.api.types.is_float_dtype(s):
        return "float64"
    return "string"
