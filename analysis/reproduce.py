"""Re-execute the numbered notebooks headless, in order, and render the report.

Each notebook is run by papermill in ``notebooks/`` (its working folder),
saved in place with its outputs, and cleaned of what varies between runs
(execution timestamps, durations), so a rerun with nothing new leaves the
notebooks and the exported figures unchanged. ``05-report`` is rendered to
``reports/report.html``.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from . import config

NOTEBOOKS = config.ROOT / "notebooks"
REPORT_NOTEBOOK = "05-report"


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


def run_notebooks(only=None, pdf: bool = False, kernel: str = "python3", root: Path | None = None) -> list[Path]:
    """Execute the numbered notebooks under ``root`` (default: this project) in order, in place."""
    import papermill as pm

    root = Path(root) if root else config.ROOT
    done = []
    for nb in notebook_paths(only, root):
        print(f"executing {nb.relative_to(root)} ...", file=sys.stderr)
        pm.execute_notebook(str(nb), str(nb), cwd=str(nb.parent), kernel_name=kernel,
                            parameters={"export_pdf": True} if pdf else None,
                            progress_bar=False, log_output=False)
        scrub(nb)
        done.append(nb)
        if nb.stem == REPORT_NOTEBOOK:
            from .render import render_notebook_html

            html = root / "reports" / "report.html"
            html.parent.mkdir(parents=True, exist_ok=True)
            render_notebook_html(nb, html, exclude_input=True)  # a report shows findings, not code
            from .explore import add_to_report  # issue 17: interactive tables, precision check, corrections

            add_to_report(html, root / "data" / "processed", root / "data" / "validation")
            print(f"rendered {html.relative_to(root)}", file=sys.stderr)
    return done
