"""Run the numbered notebooks headless (papermill) and render the report.

``run_notebooks()`` (``make report``, ``python -m analysis notebooks``) executes ``notebooks/NN-*.ipynb``
in order on the user's corpus and writes the executed copies to ``reports/notebooks/``, the figures to
``reports/figures/`` and ``reports/report.html``: the committed notebooks under ``notebooks/`` are never
modified by a report run, so adding articles leaves ``git status`` clean there.

``refresh_committed_notebooks()`` (``make notebooks``, ``python -m analysis.reproduce --refresh-committed``)
is the maintainer's step: it re-executes the committed notebooks in place on the sample corpus only (the
files of ``data/raw`` that git tracks, copied to a scratch folder), whatever else a user has dropped
into ``data/raw``.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import config

NOTEBOOKS = config.ROOT / "notebooks"
REPORT_NOTEBOOK = "05-report"
EXECUTED = Path("reports") / "notebooks"


def notebook_paths(only=None, root: Path | None = None) -> list[Path]:
    folder = Path(root) / "notebooks" if root else NOTEBOOKS
    nbs = sorted(folder.glob("[0-9][0-9]-*.ipynb"))
    if only:
        keep = {o.removesuffix(".ipynb") for o in only}
        nbs = [p for p in nbs if p.stem in keep]
    return nbs


def scrub(path: Path) -> None:
    """Remove run-dependent metadata (timestamps, durations) from an executed notebook."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb.get("metadata", {}).pop("papermill", None)
    # a parameters cell injected for this run (e.g. export_pdf) is not part of the notebook
    nb["cells"] = [c for c in nb.get("cells", []) if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    for cell in nb.get("cells", []):
        md = cell.get("metadata", {})
        md.pop("papermill", None)
        md.pop("execution", None)
        for out in cell.get("outputs", []):
            out.get("metadata", {}).pop("papermill", None)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def run_notebooks(only=None, pdf: bool = False, kernel: str = "python3", root: Path | None = None,
                  in_place: bool = False, parameters: dict | None = None) -> list[Path]:
    """Execute the numbered notebooks under ``root`` (default: this project) in order.

    The executed copies go to ``<root>/reports/notebooks/`` (``in_place=True``: over the notebooks
    themselves, for the maintainer's refresh). ``parameters`` override the notebooks' parameters cell
    (paths; the injected cell is removed again from the saved copy). The report notebook is rendered to
    ``<root>/reports/report.html`` without code. Returns the executed notebooks' paths.
    """
    import papermill as pm

    root = Path(root) if root else config.ROOT
    params = dict(parameters or {})
    if pdf:
        params["export_pdf"] = True
    done = []
    for nb in notebook_paths(only, root):
        target = nb if in_place else root / EXECUTED / nb.name
        target.parent.mkdir(parents=True, exist_ok=True)
        print(f"executing {nb.relative_to(root)} -> {target.relative_to(root)} ...", file=sys.stderr)
        pm.execute_notebook(str(nb), str(target), cwd=str(nb.parent), kernel_name=kernel,
                            parameters=params or None, progress_bar=False, log_output=False)
        scrub(target)
        done.append(target)
        if nb.stem == REPORT_NOTEBOOK and not in_place:  # the maintainer's refresh leaves the user's report alone
            from .render import render_notebook_html

            html = root / "reports" / "report.html"
            html.parent.mkdir(parents=True, exist_ok=True)
            render_notebook_html(target, html, exclude_input=True)  # a report shows findings, not code
            from .explore import add_to_report  # interactive tables, precision check, corrections

            processed = Path(params.get("processed") or root / "data" / "processed")
            add_to_report(html, processed, root / "data" / "validation")
            print(f"rendered {html.relative_to(root)}", file=sys.stderr)
    return done


def sample_files(root: Path | None = None) -> list[Path]:
    """The sample corpus: the files under ``data/raw`` that git tracks (every file there when the
    project is not a git checkout)."""
    root = Path(root) if root else config.ROOT
    raw = root / "data" / "raw"
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--", "data/raw"], cwd=root, capture_output=True, check=True)
        files = [root / f for f in out.stdout.decode().split("\0") if f]
    except (OSError, subprocess.CalledProcessError):
        files = [p for p in raw.rglob("*") if p.is_file()]
    return sorted(f for f in files if f.is_file() and f.name != "MANIFEST.csv")


def refresh_committed_notebooks(root: Path | None = None, kernel: str = "python3") -> list[Path]:
    """Re-execute the committed notebooks in place on the sample corpus only (a scratch copy of the
    tracked files of ``data/raw``), exporting into the scratch folder, so their saved outputs show the
    sample whatever a user has added."""
    from .pipeline import run

    root = Path(root) if root else config.ROOT
    with tempfile.TemporaryDirectory(prefix="sample-corpus-") as tmpdir:
        tmp = Path(tmpdir)
        raw = tmp / "raw"
        for f in sample_files(root):
            dest = raw / f.relative_to(root / "data" / "raw")
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, dest)
        run([raw], tmp / "processed", progress=False, report=lambda m: None)
        return run_notebooks(root=root, kernel=kernel, in_place=True,
                             parameters={"raw": str(raw), "processed": str(tmp / "processed"),
                                         "figures_dir": str(tmp / "figures")})


def main(argv=None) -> int:
    import argparse

    p = argparse.ArgumentParser(prog="python -m analysis.reproduce", description=__doc__.split("\n\n")[0])
    p.add_argument("--refresh-committed", action="store_true",
                   help="maintainer: re-execute notebooks/ in place on the sample corpus (the tracked data/raw)")
    p.add_argument("--only", nargs="*", metavar="NAME", help="run only these notebooks (e.g. 03-rhetoric)")
    p.add_argument("--pdf", action="store_true", help="also export figures as PDF")
    args = p.parse_args(argv)
    if args.refresh_committed:
        refresh_committed_notebooks()
    else:
        run_notebooks(only=args.only, pdf=args.pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main())
