"""Command line: ``python -m analysis run|evaluate|notebooks``.

Exit status: 0 when every input was read, 3 when some inputs were rejected
(everything else is still written), 2 for usage errors, 1 for a failure.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

from . import config

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_REJECTED = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    """The argument parser: run, evaluate and notebooks, each option explained."""
    p = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Quotes, claims, rhetoric and troop-number mentions in crisis news coverage.",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    r = sub.add_parser(
        "run",
        help="ingest articles and write every table",
        description="Ingest articles (house-format .txt, .jsonl/.json, .csv/.tsv, saved .html; folders are "
                    "read recursively), run every stage, and write articles, quotes, claims, troops, rhetoric, "
                    "paragraphs and rejected tables as CSV (and Parquet) to --out. Tables are written whole or "
                    "not at all. Exit status 0 when every input was read, 3 when some were rejected (listed in "
                    "rejected.csv and on stderr; the rest is still written), 2 for usage errors.",
    )
    r.add_argument("paths", nargs="*", metavar="PATH",
                   help=f"files or folders to ingest (default: {config.RAW.relative_to(config.ROOT)})")
    r.add_argument("--out", metavar="DIR", default=None,
                   help=f"folder for the tables (default: {config.PROCESSED.relative_to(config.ROOT)})")
    r.add_argument("--workers", type=int, default=1, metavar="N",
                   help="processes to use on this machine (default 1); results are identical to one process")
    r.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="'local' (processes on this machine) or 'dask' (a Dask cluster; see --scheduler)")
    r.add_argument("--scheduler", metavar="ADDRESS", default=None,
                   help="address of an existing dask.distributed scheduler, e.g. tcp://10.0.0.5:8786 "
                        "(with --engine dask; default: a local cluster of --workers processes)")
    r.add_argument("--registry", metavar="FILE", default=None,
                   help=f"party registry YAML (default: {config.REGISTRY.relative_to(config.ROOT)})")
    r.add_argument("--no-cache", action="store_true",
                   help="reprocess every article (default: reuse results for unchanged articles)")
    r.add_argument("--no-parquet", action="store_true", help="write CSV only")
    r.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    r.add_argument("--corrections", metavar="FILE", default=None,
                   help="hand corrections applied after extraction (default: data/corrections.yml when present)")
    r.add_argument("--no-corrections", action="store_true", help="apply no hand corrections")
    r.add_argument("--languages", metavar="CODES", default="en",
                   help="languages to read, as ISO codes (default en; e.g. en,de; 'any' for all): an article "
                        "detected with confidence in another language is rejected, naming the language")
    r.add_argument("--first-outlet", metavar="NAME", action="append", default=[],
                   help="of near-copies of one story, count the copy from this outlet as the first (repeatable, "
                        "in order of preference; default: the earliest)")
    r.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                   help="when another run is writing to --out, wait up to this long for it to finish "
                        "(default 0: stop at once with exit status 1)")
    r.add_argument("--rhetoric", choices=("model", "lexicon"), default=None,
                   help="rhetoric categories from the lexicons and the learned layer ('model', the default) or "
                        "the lexicons alone ('lexicon'); sets ANALYSIS_RHETORIC")
    r.add_argument("--time-budget", type=float, default=None, metavar="SECONDS",
                   help="seconds one article may take before it is rejected with that reason and the run goes "
                        "on (default 30; 0 for none)")

    e = sub.add_parser(
        "evaluate",
        help="score the pipeline against annotated articles",
        description="Run the pipeline over annotated articles and report quote precision/recall/F1, speaker "
                    "and party accuracy, unknowable speakers left empty, claim recall and act accuracy, troop "
                    "precision/recall and bounds, and rhetoric per-category F1.",
    )
    e.add_argument("gold", nargs="?", default=str(config.ANNOTATED / "gold"), metavar="GOLD_DIR",
                   help="folder of annotation JSON files (default: data/annotated/gold)")
    e.add_argument("--articles", metavar="DIR", default=None,
                   help="folder holding the annotated articles (default: GOLD_DIR/../articles)")
    e.add_argument("--json", action="store_true", help="print the scores as JSON")

    n = sub.add_parser(
        "notebooks",
        help="re-execute the notebooks in order and export figures and the HTML report",
        description="Execute notebooks/0*.ipynb in order with papermill (headless), save the executed copies "
                    "to reports/notebooks (notebooks/ is left as committed), export figures to reports/figures "
                    "and render 05-report to reports/report.html.",
    )
    n.add_argument("--only", nargs="*", metavar="NAME", help="run only these notebooks (e.g. 03-rhetoric)")
    n.add_argument("--pdf", action="store_true", help="also export figures as PDF")
    from . import corrections, learn, validate  # `correct`, `train` and `validate sample|score`

    corrections.add_cli(sub)
    learn.add_cli(sub)
    validate.add_cli(sub)
    from .fetch import add_parser as add_fetch_parser  # URL lists into data/raw

    add_fetch_parser(sub)
    return p


def _run_usage_error(args) -> str | None:
    """The first problem with the ``run`` arguments that the run itself would not find, or None."""
    for p in args.paths:
        if not Path(p).exists():
            return f"no such file or folder: {p}"
    if args.workers < 1:
        return "--workers must be at least 1"
    if args.scheduler and args.engine != "dask":
        return "--scheduler needs --engine dask"
    if args.time_budget is not None and args.time_budget < 0:
        return "--time-budget must be 0 (none) or more seconds"
    if not 0 <= args.wait < float("inf"):  # nan and inf refused too: every wait has a bound
        return "--wait must be 0 or more seconds (a finite number)"
    return None


def cmd_run(args) -> int:
    """``run``: ingest, process, publish the tables; exit 0, 3 (some inputs rejected), 2 or 1."""
    from .pipeline import TIME_BUDGET, Busy, UsageError, run

    problem = _run_usage_error(args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    from .language import parse_languages

    try:
        parse_languages(args.languages)
    except ValueError as e:
        print(f"error: --languages: {e}", file=sys.stderr)
        return EXIT_USAGE
    if args.rhetoric:  # read by analysis.learn in this process and the workers it starts
        os.environ["ANALYSIS_RHETORIC"] = args.rhetoric
    t0 = time.perf_counter()
    budget = TIME_BUDGET if args.time_budget is None else (args.time_budget or None)
    try:
        res = run(args.paths or None, args.out, workers=args.workers, engine=args.engine,
                  scheduler=args.scheduler, registry_path=args.registry, cache=not args.no_cache,
                  parquet=not args.no_parquet, progress=False if args.quiet else None, time_budget_s=budget,
                  corrections=False if args.no_corrections else args.corrections,
                  languages=args.languages, prefer_outlets=args.first_outlet, wait=args.wait)
    except UsageError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except Busy as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_FAIL
    except OSError as e:  # a full disk, a folder removed under us: the previous tables stay whole
        print(f"error: {e.strerror or e}{f': {e.filename}' if e.filename else ''}; previous tables left whole",
              file=sys.stderr)
        return EXIT_FAIL
    if not args.quiet:
        secs = time.perf_counter() - t0
        out = args.out or config.PROCESSED
        counts = ", ".join(f"{k} {v}" for k, v in res.counts.items() if k != "paragraphs")
        print(f"{res.n_articles} articles in {secs:.1f}s ({res.n_cached} unchanged, reused) -> {out}: {counts}",
              file=sys.stderr)
    return EXIT_REJECTED if res.n_rejected else EXIT_OK


def cmd_evaluate(args) -> int:
    """``evaluate``: score the pipeline against annotated articles; 2 when the gold folder is missing."""
    from . import evaluate

    gold = Path(args.gold)
    if not gold.is_dir():
        print(f"error: no such folder: {gold}", file=sys.stderr)
        return EXIT_USAGE
    articles = Path(args.articles) if args.articles else gold.parent / "articles"
    summary = evaluate.evaluate(gold, articles)
    if args.json:
        import json

        print(json.dumps(summary, indent=1, default=str))
    else:
        print(evaluate.format_report(summary))
    return EXIT_OK


def cmd_notebooks(args) -> int:
    """``notebooks``: re-execute the notebooks in order and export figures."""
    from .reproduce import run_notebooks

    run_notebooks(only=args.only, pdf=args.pdf)
    return EXIT_OK


def _terminated(signum, frame):
    """SIGTERM: unwind like Ctrl-C, so a run removes its unpublished tables and releases its lock."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the command; returns the exit status (2 for usage errors)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse exits 2 on usage errors, 0 on --help
        return int(e.code or 0)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    from .fetch import cmd_fetch

    handler = getattr(args, "handler", None) or {"run": cmd_run, "evaluate": cmd_evaluate, "notebooks": cmd_notebooks,
                                                 "fetch": cmd_fetch}[args.command]
    from .corrections import CorrectionsError
    signal.signal(signal.SIGTERM, _terminated)  # clean up (staging folder, lock) as on Ctrl-C
    try:
        return handler(args)
    except CorrectionsError as e:  # a corrections file that does not read
        print(f"error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted: previous tables left whole", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
