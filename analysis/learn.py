"""The learned rhetoric layer (issue 18): features, a stored logistic model, training.

The crisis lexicons (:mod:`analysis.rhetoric`) find a category where one of
their words or phrases stands; much real rhetoric is phrased without them
("this will end badly for them" is threat, "they broke the deal" accusation).
This layer decides each category of a quote (or claim) from:

- the quoted words' unigrams and bigrams (lowercased, the project's tokeniser),
  named ``w:<word>`` and ``b:<word> <word>``;
- the lexicon counts of the quoted words per category (``lex:<cat>``) and their
  negated counts (``neg:<cat>``), capped at 3;
- the lexicon counts of the context: the quote's paragraph less the quote's
  own counts (``ctx:<cat>``);
- a few general cues (``cue:must``, ``cue:question``, ``cue:negation``,
  ``cue:conditional``, ``cue:future``).

The model is one logistic regression per category (one-vs-rest), trained by
``python -m analysis train`` with scikit-learn from the labels file
(``analysis/data/rhetoric_labels.jsonl``: ids, labels and feature names only,
no sentence) and stored as a small JSON (``analysis/data/rhetoric_model.json``):
per category its non-zero weights, intercept and decision threshold, with the
sha256 of the labels it came from. Inference here is pure Python (a sparse dot
product), so the pipeline needs neither scikit-learn nor numpy for it.

Set ``ANALYSIS_RHETORIC=lexicon`` (or ``python -m analysis run --rhetoric
lexicon``) to run the lexicons alone, as before this layer;
``ANALYSIS_RHETORIC_MODEL=FILE`` runs another model file (the held-back
benchmark's per-fold models).
"""
from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from . import config
from .schema import CATEGORIES
from .text import words as _words

MODEL_PATH = config.LEXICONS / "rhetoric_model.json"
LABELS_PATH = config.LEXICONS / "rhetoric_labels.jsonl"
MODES = ("model", "lexicon")
LEX_CAP = 3  # a lexicon count feature is capped here (four threats say no more than three)
SEED = 0
# an n-gram becomes a feature only when seen in this many labelled items of this many articles
MIN_ITEMS, MIN_GROUPS = 3, 2

# the cues, read off the tokens (words and word pairs)
_CUES = {
    "cue:must": ({"must", "mustn't"}, {"have to", "has to", "need to", "needs to"}),
    "cue:negation": ({"not", "no", "never", "nothing", "none", "nobody", "neither", "nor", "without"}, set()),
    "cue:conditional": ({"if", "unless", "otherwise"}, {"or else"}),
    "cue:future": ({"will", "won't", "shall"}, {"going to"}),
}


def mode() -> str:
    """``model`` (the lexicons and the learned layer) or ``lexicon`` (the lexicons alone), from
    the ``ANALYSIS_RHETORIC`` environment variable (default ``model``)."""
    m = os.environ.get("ANALYSIS_RHETORIC", "model").strip().lower() or "model"
    if m not in MODES:
        raise ValueError(f"ANALYSIS_RHETORIC must be one of {', '.join(MODES)}, not {m!r}")
    return m


# --------------------------------------------------------------------------
# features


def tokens(text: str) -> list[str]:
    """The lowercased word tokens of ``text`` (the project's tokeniser)."""
    return [w.lower().replace("\u2019", "'") for w in _words(text or "")]


def ngram_features(text: str, toks: list[str] | None = None) -> set[str]:
    """Unigram (``w:``) and bigram (``b:``) feature names of ``text`` (``toks``: its
    :func:`tokens`, when already at hand)."""
    toks = tokens(text) if toks is None else toks
    out = {f"w:{t}" for t in toks}
    out.update(f"b:{a} {b}" for a, b in zip(toks, toks[1:], strict=False))
    return out


def lexicon_features(counts: Sequence[int], negs: Sequence[int], prefix: str = "lex",
                     neg_prefix: str | None = "neg") -> dict[str, float]:
    """Capped lexicon counts per category (and negated counts) as named features."""
    out: dict[str, float] = {}
    for i, cat in enumerate(CATEGORIES):
        if counts[i]:
            out[f"{prefix}:{cat}"] = float(min(counts[i], LEX_CAP))
        if neg_prefix and negs[i]:
            out[f"{neg_prefix}:{cat}"] = float(min(negs[i], LEX_CAP))
    return out


def cue_features(text: str, toks: list[str] | None = None) -> dict[str, float]:
    """A few general cues of the quoted words: a modal of obligation, a question, a negation,
    a condition, the future (``toks``: the text's :func:`tokens`, when already at hand)."""
    toks = tokens(text) if toks is None else toks
    words = set(toks)
    pairs = {f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)}
    out: dict[str, float] = {}
    for name, (ws, ps) in _CUES.items():
        if words & ws or pairs & ps:
            out[name] = 1.0
    if "?" in text:
        out["cue:question"] = 1.0
    if "cue:negation" not in out and any(t.endswith("n't") for t in toks):
        out["cue:negation"] = 1.0
    if "cue:future" not in out and any(t.endswith("'ll") for t in toks):
        out["cue:future"] = 1.0
    return out


def _scan(text: str) -> tuple[list[int], list[int]]:
    """Lexicon counts and negated counts of ``text``."""
    from .rhetoric import load_lexicon

    counts, negs, _hits = load_lexicon().scan(text)
    return counts, negs


@lru_cache(maxsize=1024)  # a paragraph often holds several quotes and claims
def _paragraph_counts(paragraph: str) -> tuple[int, ...]:
    """Lexicon counts per category of a paragraph, memoised."""
    return tuple(_scan(paragraph)[0])


def context_counts(paragraph: str, counts: Sequence[int]) -> list[int]:
    """Lexicon counts of the paragraph without the quote: the paragraph's counts less the quote's
    (``counts``), never below 0 (one scan per paragraph, however many quotes it holds)."""
    if not paragraph or not paragraph.strip():
        return [0] * len(CATEGORIES)
    return [max(0, p - q) for p, q in zip(_paragraph_counts(paragraph), counts, strict=True)]


def features(text: str, paragraph: str = "", lex: tuple[Sequence[int], Sequence[int]] | None = None
             ) -> dict[str, float]:
    """Every feature of a quote: its n-grams (value 1), its lexicon counts, the lexicon counts of
    the rest of its paragraph (:func:`context_counts`) and the general cues. ``lex`` (counts,
    negated counts) saves a second scan of ``text``."""
    text = text or ""
    toks = tokens(text)
    out: dict[str, float] = dict.fromkeys(ngram_features(text, toks), 1.0)
    counts, negs = lex if lex is not None else _scan(text)
    out.update(lexicon_features(counts, negs))
    ctx = context_counts(paragraph, counts)
    out.update(lexicon_features(ctx, ctx, "ctx", None))
    out.update(cue_features(text, toks))
    return out


def is_ngram(name: str) -> bool:
    """Whether a feature name is an n-gram (restricted to the shared vocabulary) rather than a
    lexicon or cue feature (closed names, always kept)."""
    return name.startswith(("w:", "b:"))


def vocabulary(items: Iterable[dict], min_items: int = MIN_ITEMS, min_groups: int = MIN_GROUPS) -> set[str]:
    """The n-gram names seen in at least ``min_items`` items of at least ``min_groups`` groups
    (articles): no phrase only one article uses is kept."""
    n: dict[str, int] = {}
    groups: dict[str, set] = {}
    for it in items:
        for f in it["features"]:
            if is_ngram(f):
                n[f] = n.get(f, 0) + 1
                groups.setdefault(f, set()).add(it["group"])
    return {f for f, k in n.items() if k >= min_items and len(groups[f]) >= min_groups}


def restrict(feats: dict[str, float], vocab: set[str]) -> dict[str, float]:
    """``feats`` with n-grams outside ``vocab`` left out."""
    return {k: v for k, v in feats.items() if not is_ngram(k) or k in vocab}


# --------------------------------------------------------------------------
# labels file


def sha256_of(path: str | Path) -> str:
    """The sha256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_labels(path: str | Path | None = None) -> list[dict]:
    """The labelled items of the labels file (JSON lines); a bad line stops with its number."""
    p = Path(path) if path else LABELS_PATH
    out = []
    with open(p, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                it = json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"{p}:{i}: not JSON ({e.msg})") from None
            missing = {"id", "source", "batch", "group", "labels", "features"} - set(it)
            if missing:
                raise ValueError(f"{p}:{i}: missing {', '.join(sorted(missing))}")
            bad = set(it["labels"]) - set(CATEGORIES)
            if bad:
                raise ValueError(f"{p}:{i}: unknown categories {', '.join(sorted(bad))}")
            out.append(it)
    return out


def write_labels(items: list[dict], path: str | Path) -> None:
    """Write the labelled items as JSON lines, keys sorted, whole or not at all."""
    p = Path(path)
    tmp = p.with_suffix(p.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        for it in items:
            f.write(json.dumps(it, sort_keys=True, ensure_ascii=False) + "\n")
    os.replace(tmp, p)


# --------------------------------------------------------------------------
# the stored model: pure-Python inference


class Model:
    """A stored rhetoric model: per category weights, intercept and two thresholds (where the
    lexicon fires for the category, where it does not). A feature's shared weight and its
    ``crisis|`` copy are summed at load: the pipeline reads crisis coverage."""

    def __init__(self, data: dict):
        """Wrap the parsed model JSON."""
        self.data = data
        self.cats: list[tuple[int, str, dict[str, float], float, float, float]] = []
        self.index: dict[str, list[tuple[int, float]]] = {}  # base feature -> [(slot, weight)]
        for i, cat in enumerate(CATEGORIES):
            spec = data["categories"].get(cat)
            if spec is None:
                continue
            w: dict[str, float] = {}
            for k, v in spec["weights"].items():
                base = base_feature(k)
                w[base] = w.get(base, 0.0) + float(v)
            slot = len(self.cats)
            for k, v in w.items():
                self.index.setdefault(k, []).append((slot, v))
            self.cats.append((i, cat, w, float(spec["intercept"]), float(spec["threshold_lexicon"]),
                              float(spec["threshold"])))
        # A category whose lexicon finds are all kept (threshold_lexicon 0) and to which the model
        # adds nothing (threshold above 1: its gate is shut) is the lexicon's alone: no probability
        # is computed for it. The others are the model's to decide, over their own feature index.
        self.lexicon_only = [(i, cat) for i, cat, _w, _b, tl, tn in self.cats if tl <= 0.0 and tn > 1.0]
        shut = {cat for _i, cat in self.lexicon_only}
        self.decided = [c for c in self.cats if c[1] not in shut]
        self.decided_index: dict[str, list[tuple[int, float]]] = {}
        for slot, (_i, _cat, w, _b, _tl, _tn) in enumerate(self.decided):
            for k, v in w.items():
                self.decided_index.setdefault(k, []).append((slot, v))
        # the context features (the paragraph's lexicon counts) are computed only when a decided
        # category weighs them
        self.uses_context = any(k.startswith("ctx:") for k in self.decided_index)

    def proba(self, feats: dict[str, float]) -> dict[str, float]:
        """The model's probability of each category for a (not augmented) feature dict."""
        z = [b for _i, _c, _w, b, _tl, _tn in self.cats]
        index = self.index
        for k, v in feats.items():
            hit = index.get(k)
            if hit is not None:
                for slot, w in hit:
                    z[slot] += v * w
        return {cat: _sigmoid(z[s]) for s, (_i, cat, _w, _b, _tl, _tn) in enumerate(self.cats)}

    def decide(self, feats: dict[str, float] | None, counts: Sequence[int]) -> dict[str, float | None]:
        """The categories found: each lexicon-only category (see ``lexicon_only``) where the
        lexicon ``counts`` of it are not 0 (value None: no probability), each other category
        whose probability reaches its threshold (the lexicon one where the lexicon counts it),
        with that probability. ``feats`` may be None when every category is lexicon-only."""
        out: dict[str, float | None] = {cat: None for i, cat in self.lexicon_only if counts[i]}
        if not self.decided:
            return out
        z = [b for _i, _c, _w, b, _tl, _tn in self.decided]
        index = self.decided_index
        for k, v in (feats or {}).items():
            hit = index.get(k)
            if hit is not None:
                for slot, w in hit:
                    z[slot] += v * w
        for slot, (i, cat, _w, _b, tl, tn) in enumerate(self.decided):
            p = _sigmoid(z[slot])
            if p >= (tl if counts[i] else tn):
                out[cat] = p
        return out


def _sigmoid(z: float) -> float:
    """The logistic function, safe for large negative ``z``."""
    return 1.0 / (1.0 + math.exp(-z)) if z >= -700 else 0.0


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> Model | None:
    """The stored model (default: the package's), or None when there is none."""
    p = Path(path) if path else MODEL_PATH
    if not p.exists():
        return None
    return Model(json.loads(p.read_text(encoding="utf-8")))


def active_model() -> Model | None:
    """The model the pipeline uses: ``ANALYSIS_RHETORIC_MODEL`` when set, else the package's."""
    return load_model(os.environ.get("ANALYSIS_RHETORIC_MODEL") or None)


def decide(text: str, paragraph: str, counts: Sequence[int], negs: Sequence[int], model: Model | None = None
           ) -> tuple[dict[str, float | None], str]:
    """The layer's decision for one text in its paragraph: {category: probability} of the
    categories found (None for a category the lexicon alone decides, its gate shut), and the
    evidence string of the categories the model decided ("threat 0.91; dialogue 0.64"). Empty in
    lexicon-only mode or without a model. ``model``: the one to use (default :func:`active_model`,
    unless lexicon-only)."""
    if model is None:
        if mode() == "lexicon":
            return {}, ""
        model = active_model()
        if model is None:
            return {}, ""
    found = dict(_decide(model, text or "", (paragraph or "") if model.uses_context else "", tuple(counts),
                         tuple(negs)))
    scored = sorted(((c, p) for c, p in found.items() if p is not None), key=lambda kv: -kv[1])
    return found, "; ".join(f"{c} {p:.2f}" for c, p in scored)


@lru_cache(maxsize=8192)  # a claim often repeats a quote, with the same paragraph
def _decide(model: Model, text: str, paragraph: str, counts: tuple, negs: tuple) -> tuple:
    """:meth:`Model.decide` of one text, memoised (as a tuple of items)."""
    feats = features(text, paragraph, (counts, negs)) if model.decided else None
    return tuple(model.decide(feats, counts).items())


def top_features(model: Model | None = None, n: int = 10) -> list[dict]:
    """Per category the ``n`` features that push hardest towards it and against it (crisis
    copies and shared weights summed, as the pipeline applies them): rows of category,
    direction ("for"/"against"), feature, weight; for the notebook, so a researcher sees why."""
    model = model or active_model()
    if model is None:
        return []
    rows = []
    for _i, cat, w, _b, _tl, _tn in model.cats:
        ranked = sorted(w.items(), key=lambda kv: (-kv[1], kv[0]))
        for direction, part in (("for", ranked[:n]), ("against", ranked[::-1][:n])):
            rows += [{"category": cat, "direction": direction, "feature": k, "weight": round(v, 3)}
                     for k, v in part if (v > 0) == (direction == "for")]
    return rows


# --------------------------------------------------------------------------
# training (scikit-learn, imported only here)


CRISIS = "crisis|"  # the prefix of a feature's crisis-coverage copy (see :func:`augmented`)


def base_feature(name: str) -> str:
    """A feature's name without its ``crisis|`` copy prefix."""
    return name[len(CRISIS):] if name.startswith(CRISIS) else name


def augmented(feats: dict[str, float], source: str = "crisis") -> dict[str, float]:
    """The features with a domain copy of each (Daume's feature augmentation): a PolNeAR item's
    copies are named ``polnear|<name>``, a crisis-coverage item's ``crisis|<name>``; the shared
    weight learns what holds in both, the copy what holds in one. The pipeline reads crisis
    coverage: its texts get the ``crisis|`` copies."""
    prefix = "polnear|" if source == "polnear" else CRISIS
    out = dict(feats)
    out.update({prefix + k: v for k, v in feats.items()})
    return out


def _feats(it: dict) -> dict[str, float]:
    """An item's training features (augmented by its domain)."""
    return augmented(it["features"], it["source"])


def _matrix(items: list[dict], names: list[str]):
    """A CSR matrix of the items' features over ``names``."""
    from scipy.sparse import csr_matrix

    index = {n: i for i, n in enumerate(names)}
    data: list[float] = []
    cols: list[int] = []
    ptr = [0]
    for it in items:
        row = sorted((index[k], v) for k, v in _feats(it).items() if k in index)
        cols.extend(c for c, _ in row)
        data.extend(v for _, v in row)
        ptr.append(len(cols))
    return csr_matrix((data, cols, ptr), shape=(len(items), len(names)), dtype=float)


def _names(items: list[dict]) -> list[str]:
    """The sorted feature names the items use."""
    return sorted({k for it in items for k in _feats(it)})


def _weights(items: list[dict], domain_weight: float) -> list[float]:
    """Sample weights: crisis coverage (crisis-dev and in-house items) counts ``domain_weight`` times."""
    return [domain_weight if it["source"] != "polnear" else 1.0 for it in items]


DOMAIN_WEIGHT = 3.0  # a crisis-coverage item counts this many PolNeAR items (held-back F1: 0.531 at 3, 0.514 at 10)
PRUNE = 0.02  # a weight smaller than this is dropped (keeps the model file small; L1 cost more F1)


def fit(items: list[dict], seed: int = SEED, c: float = 1.0, domain_weight: float = 1.0,
        prune: float = PRUNE) -> dict:
    """One L2 logistic regression per category over ``items``: {category: (names->weight,
    intercept)}, weights under ``prune`` dropped. A category no item carries (or every item
    carries) gets no model."""
    from sklearn.linear_model import LogisticRegression

    names = _names(items)
    x = _matrix(items, names)
    sw = _weights(items, domain_weight)
    out = {}
    for cat in CATEGORIES:
        y = [int(cat in it["labels"]) for it in items]
        if len(set(y)) < 2:
            continue
        clf = LogisticRegression(C=c, solver="liblinear", class_weight="balanced", random_state=seed,
                                 max_iter=1000)
        clf.fit(x, y, sample_weight=sw)
        # a polnear| copy never fires on the coverage the pipeline reads: not stored
        w = {n: round(float(v), 5) for n, v in zip(names, clf.coef_[0], strict=True)
             if abs(round(float(v), 5)) >= max(prune, 1e-5) and not n.startswith("polnear|")}
        out[cat] = (w, round(float(clf.intercept_[0]), 5))
    return out


def _proba_of(fitted: dict, feats: dict[str, float]) -> dict[str, float]:
    """Probabilities of a fitted model (as :func:`fit` returns) for one item."""
    return {cat: _sigmoid(b + sum(v * w[k] for k, v in feats.items() if k in w)) for cat, (w, b) in fitted.items()}


def grouped_folds(items: list[dict], k: int) -> list[int]:
    """A fold number per item; all items of a group (article) in one fold, groups dealt to folds
    in order of a hash of their name (deterministic, independent of item order)."""
    groups = sorted({it["group"] for it in items}, key=lambda g: hashlib.sha1(g.encode()).hexdigest())
    fold_of = {g: i % k for i, g in enumerate(groups)}
    return [fold_of[it["group"]] for it in items]


def cross_val_proba(items: list[dict], k: int = 5, seed: int = SEED, c: float = 1.0,
                    domain_weight: float = 1.0, prune: float = PRUNE) -> list[dict[str, float]]:
    """Out-of-fold probabilities per item, folds grouped by article."""
    folds = grouped_folds(items, k)
    out: list[dict[str, float]] = [{} for _ in items]
    for f in range(k):
        train = [it for it, g in zip(items, folds, strict=True) if g != f]
        fitted = fit(train, seed, c, domain_weight, prune)
        for i, (it, g) in enumerate(zip(items, folds, strict=True)):
            if g == f:
                out[i] = _proba_of(fitted, _feats(it))
    return out


def prf(tp: int, fp: int, fn: int) -> dict:
    """Precision, recall and F1 (0 where undefined) with the counts."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return dict(precision=round(p, 3), recall=round(r, 3), f1=round(f, 3), tp=tp, fp=fp, fn=fn)


THRESHOLD_GRID = tuple(i / 20 for i in range(20)) + (1.01,)  # 1.01: never
FLOORS = (0.85, 0.8, 0.0)


def choose_thresholds(probs: list[float], lexicon: list[bool], gold: list[bool], min_precision: float = 0.85,
                      min_tp: int = 3, keep_lexicon: bool = False) -> tuple[float, float]:
    """Two thresholds of one category: (where the lexicon fires, where it does not), from
    :data:`THRESHOLD_GRID`, with the best F1 among pairs reaching ``min_precision`` (and at least
    ``min_tp`` true positives); where none does, the best among those reaching 0.8, else the best
    F1. Ties go to the higher thresholds (fewer flags). ``keep_lexicon``: the lexicon's finds
    are always kept (threshold 0 where it fires); the model only adds."""
    best: dict[float, tuple] = {}
    floors = tuple(sorted({min_precision, 0.8, 0.0}, reverse=True))
    for tl in ((0.0,) if keep_lexicon else THRESHOLD_GRID):
        for tn in THRESHOLD_GRID:
            tp = fp = fn = 0
            for p, lex, g in zip(probs, lexicon, gold, strict=True):
                h = p >= (tl if lex else tn)
                tp += h and g
                fp += h and not g
                fn += g and not h
            m = prf(tp, fp, fn)
            for floor in floors:
                if m["precision"] >= floor and tp >= (min_tp if floor else 0):
                    key = (m["f1"], tl, tn)
                    if floor not in best or key > best[floor]:
                        best[floor] = key
    for floor in floors:
        if floor in best:
            return best[floor][1], best[floor][2]
    return 1.01, 1.01


GATE_PRECISION = 0.85  # the model's own additions must be this precise in grouped CV on crisis items...
GATE_SUPPORT = 5  # ...with at least this many true positives, or the category stays lexicon-only


def addition_counts(probs: list[float], lexicon: list[bool], gold: list[bool], tn: float) -> dict:
    """P/R/F1 counts of the model's own additions at threshold ``tn``: the items the lexicon does not
    find and the model does (a true positive where the gold holds the category)."""
    tp = fp = 0
    for p, lex, g in zip(probs, lexicon, gold, strict=True):
        if not lex and p >= tn:
            tp += g
            fp += not g
    return prf(tp, fp, sum(g and not lex for lex, g in zip(lexicon, gold, strict=True)) - tp)


def gated_threshold(probs: list[float], lexicon: list[bool], gold: list[bool],
                    min_precision: float = GATE_PRECISION, min_support: int = GATE_SUPPORT) -> tuple[float, dict]:
    """The threshold at which the model adds a category the lexicon did not find, and the gate's
    record. Among the thresholds of :data:`THRESHOLD_GRID` whose additions reach ``min_precision``
    with at least ``min_support`` true positives, the one with the best F1 of lexicon and additions
    together (ties: the higher threshold); where none does, 1.01 (never: the category stays
    lexicon-only). The record: ``adds``, the additions' precision/tp/fp at the chosen threshold (at
    the best-F1 threshold where the gate is shut), and the gate's floor and support."""
    best: tuple | None = None
    fallback: tuple | None = None
    for tn in THRESHOLD_GRID[1:-1]:  # 0.0 would add the category everywhere
        add = addition_counts(probs, lexicon, gold, tn)
        tp = fp = fn = 0
        for p, lex, g in zip(probs, lexicon, gold, strict=True):
            h = lex or p >= tn
            tp += h and g
            fp += h and not g
            fn += g and not h
        key = (prf(tp, fp, fn)["f1"], tn)
        if fallback is None or key > fallback[0]:
            fallback = (key, add)
        if add["precision"] >= min_precision and add["tp"] >= min_support and (best is None or key > best[0]):
            best = (key, add)
    chosen = best or fallback
    add = chosen[1] if chosen else prf(0, 0, 0)
    record = {"adds": best is not None, "precision": add["precision"], "tp": add["tp"], "fp": add["fp"],
              "min_precision": min_precision, "min_support": min_support}
    return (best[0][1] if best else 1.01), record


def decisions(probs: list[dict[str, float]], items: list[dict], thresholds: dict[str, tuple[float, float]]
              ) -> list[dict[str, float]]:
    """1.0/0.0 per category and item: the probability against the threshold of the item's case
    (the lexicon fires or not)."""
    out = []
    for p, it in zip(probs, items, strict=True):
        feats = it["features"]
        out.append({cat: float(p.get(cat, 0.0) >= (tl if feats.get(f"lex:{cat}") else tn))
                    for cat, (tl, tn) in thresholds.items()})
    return out


def scores(decided: list[dict[str, float]], items: list[dict]) -> dict:
    """Per-category P/R/F1 of decisions (a category is found where its value is > 0) against the
    items' labels, and the macro F1 over the categories the labels hold."""
    per = {}
    for cat in CATEGORIES:
        tp = fp = fn = 0
        for d, it in zip(decided, items, strict=True):
            want, have = cat in it["labels"], d.get(cat, 0.0) > 0
            tp += want and have
            fp += have and not want
            fn += want and not have
        if tp + fn:
            per[cat] = prf(tp, fp, fn)
    macro = round(sum(v["f1"] for v in per.values()) / len(per), 3) if per else 0.0
    return {"categories": per, "macro_f1": macro}


def lexicon_decisions(items: list[dict]) -> list[dict[str, float]]:
    """The lexicons' own decisions (a category where they count a mention), for comparison."""
    return [{cat: it["features"].get(f"lex:{cat}", 0.0) for cat in CATEGORIES} for it in items]


def is_real_coverage(item: dict) -> bool:
    """True for an item of crisis coverage labelled by the guide (crisis-dev, in-house gold), on which
    the thresholds and the gate are chosen; PolNeAR quotes (another domain) and the written set (our
    own sentences, whose cross-validation would flatter the model: one writer's style in train and
    test) are trained on but not judged by."""
    return item["source"] not in ("polnear", "written")


def fit_thresholds(items: list[dict], cv: list[dict[str, float]], min_precision: float = 0.85,
                   keep_lexicon: bool = False, min_support: int = GATE_SUPPORT
                   ) -> tuple[dict[str, tuple[float, float]], dict[str, dict]]:
    """Per category the two thresholds, chosen on the out-of-fold probabilities of the
    crisis-coverage items (:func:`is_real_coverage`: the coverage the tool reads; all items when
    there are none), and the gate's records. ``keep_lexicon``: the lexicon's finds are kept and
    the model adds a category only through :func:`gated_threshold` (its additions at least
    ``min_precision`` precise with ``min_support`` true positives); otherwise
    :func:`choose_thresholds` (no gate records)."""
    sel = [i for i, it in enumerate(items) if is_real_coverage(it)] or list(range(len(items)))
    out: dict[str, tuple[float, float]] = {}
    gates: dict[str, dict] = {}
    for cat in CATEGORIES:
        gold = [cat in items[i]["labels"] for i in sel]
        if not any(gold):
            continue
        probs = [cv[i].get(cat, 0.0) for i in sel]
        lex = [bool(items[i]["features"].get(f"lex:{cat}")) for i in sel]
        if keep_lexicon:
            tn, gates[cat] = gated_threshold(probs, lex, gold, min_precision, min_support)
            out[cat] = (0.0, tn)
        else:
            out[cat] = choose_thresholds(probs, lex, gold, min_precision)
    return out, gates


DISPLAY_FEATURES = 25  # a category whose gate is shut keeps this many features each way, to be shown


def display_weights(weights: dict[str, float], n: int = DISPLAY_FEATURES) -> dict[str, float]:
    """The stored weights of the ``n`` features that push hardest for and the ``n`` that push hardest
    against a category, their shared and ``crisis|`` copies summed as :class:`Model` applies them
    (both copies kept): what notebook 03 shows of a category the model does not decide."""
    summed: dict[str, float] = {}
    for k, v in weights.items():
        summed[base_feature(k)] = summed.get(base_feature(k), 0.0) + v
    ranked = sorted(summed.items(), key=lambda kv: (-kv[1], kv[0]))
    keep = {k for k, v in ranked[:n] if v > 0} | {k for k, v in ranked[::-1][:n] if v < 0}
    return {k: v for k, v in weights.items() if base_feature(k) in keep}


def train(items: list[dict], labels_sha256: str, seed: int = SEED, c: float = 1.0,
          domain_weight: float = DOMAIN_WEIGHT,
          k: int = 5, min_precision: float = GATE_PRECISION, keep_lexicon: bool = True, prune: float = PRUNE,
          min_support: int = GATE_SUPPORT) -> dict:
    """The model JSON for ``items``: thresholds from grouped cross-validation, weights from all items."""
    items = sorted(items, key=lambda it: it["id"])
    cv = cross_val_proba(items, k, seed, c, domain_weight, prune)
    thresholds, gates = fit_thresholds(items, cv, min_precision, keep_lexicon, min_support)
    decided = decisions(cv, items, thresholds)
    crisis = [i for i, it in enumerate(items) if is_real_coverage(it)]
    written = [i for i, it in enumerate(items) if it["source"] == "written"]
    cv_scores = {"all": scores(decided, items),
                 "crisis": scores([decided[i] for i in crisis], [items[i] for i in crisis]),
                 "crisis_lexicon_only": scores(lexicon_decisions([items[i] for i in crisis]),
                                               [items[i] for i in crisis])}
    if written:  # the model's own reading (p >= 0.5, no gate): does it learn the writers' labels?
        half = {cat: (0.5, 0.5) for cat in CATEGORIES}
        cv_scores["written"] = scores(decisions([cv[i] for i in written], [items[i] for i in written], half),
                                      [items[i] for i in written])
    fitted = fit(items, seed, c, domain_weight, prune)
    cats = {}
    for cat, (w, b) in fitted.items():
        tl, tn = thresholds.get(cat, (1.01, 1.01))
        shut = tl <= 0.0 and tn > 1.0  # the lexicon's alone: its weights decide nothing
        cats[cat] = {"intercept": b, "threshold_lexicon": tl, "threshold": tn,
                     "weights": dict(sorted((display_weights(w) if shut else w).items()))}
        if shut:
            cats[cat]["weights_kept"] = f"the {DISPLAY_FEATURES} strongest for and against, for display"
        if cat in gates:
            cats[cat]["gate"] = gates[cat]
    sources: dict[str, int] = {}
    for it in items:
        sources[it["source"]] = sources.get(it["source"], 0) + 1
    return {
        "about": "rhetoric model of analysis/learn.py: per category logistic-regression weights and intercept, "
                 "the probability threshold where the lexicon finds the category (threshold_lexicon) and where "
                 "it does not (threshold; 1.01 = never); trained by `python -m analysis train`",
        "labels_sha256": labels_sha256,
        "seed": seed,
        "params": {"C": c, "domain_weight": domain_weight, "folds": k, "min_precision": min_precision,
                   "keep_lexicon": keep_lexicon, "min_support": min_support, "prune": prune, "penalty": "l2", "solver": "liblinear", "class_weight": "balanced"},
        "sizes": {"items": len(items), "groups": len({it["group"] for it in items}), "sources": sources,
                  "features": len(_names(items)),
                  "positives": {cat: sum(cat in it["labels"] for it in items) for cat in CATEGORIES}},
        "cv": cv_scores,
        "categories": cats,
    }


def dumps_model(model: dict) -> str:
    """The model as the stored JSON text (sorted keys: the same model gives the same bytes)."""
    return json.dumps(model, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def learning_curve(items: list[dict], order: list[str], seed: int = SEED, c: float = 1.0,
                   domain_weight: float = DOMAIN_WEIGHT, prune: float = PRUNE) -> list[dict]:
    """Each batch of ``order`` (after the first) scored by a model trained on the batches before
    it, before it is used: per batch its size and macro F1 / per-category P/R at probability 0.5."""
    out = []
    for i, b in enumerate(order):
        test = [it for it in items if it["batch"] == b]
        if i == 0 or not test:
            continue
        train_items = [it for it in items if it["batch"] in order[:i]]
        fitted = fit(train_items, seed, c, domain_weight, prune)
        probs = [_proba_of(fitted, _feats(it)) for it in test]
        s = scores([{c: float(v >= 0.5) for c, v in p.items()} for p in probs], test)
        out.append({"batch": b, "train_items": len(train_items), "items": len(test), **s})
    return out


def kappa_per_category(items: list[dict]) -> dict[str, float | None]:
    """Cohen's kappa per category between the two labellings of items labelled twice."""
    from .rhetoric import cohen_kappa

    twice = [it["labellings"] for it in items if len(it.get("labellings") or ()) >= 2]
    out: dict[str, float | None] = {}
    for cat in CATEGORIES:
        a = [cat in lab[0] for lab in twice]
        b = [cat in lab[1] for lab in twice]
        out[cat] = round(cohen_kappa(a, b), 3) if twice else None
    return out


# --------------------------------------------------------------------------
# the `train` command


def _pct(m: dict) -> str:
    """P/R/F1 of a score dict, short."""
    return f"P {m['precision']:.2f}  R {m['recall']:.2f}  F1 {m['f1']:.2f}  (tp {m['tp']}, fp {m['fp']}, fn {m['fn']})"


def batch_order(items: list[dict]) -> list[str]:
    """The batches in the order they were labelled: in-house, crisis-dev, then PolNeAR's by number."""
    first = [b for b in ("inhouse", "crisis-dev") if any(it["batch"] == b for it in items)]
    return first + sorted({it["batch"] for it in items} - set(first))


def cmd_train(args) -> int:
    """``train``: (optionally rebuild the labels file, then) train, report and write the model."""
    import sys

    labels = Path(args.labels_file)
    if args.rebuild:
        import importlib.util

        spec = importlib.util.spec_from_file_location("rhetoric_labels", config.ROOT / "scripts" / "rhetoric_labels.py")
        if spec is None or spec.loader is None:
            print("error: scripts/rhetoric_labels.py not found", file=sys.stderr)
            return 2
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        mod.main(["--labels", str(args.labels_dir), "--shared", str(args.shared), "--out", str(labels)])
    try:
        items = read_labels(labels)
    except (OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if not items:
        print(f"error: no labelled items in {labels}", file=sys.stderr)
        return 2
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("error: training needs scikit-learn (pip install -e '.[train]'); the pipeline does not",
              file=sys.stderr)
        return 2
    model = train(items, sha256_of(labels), seed=args.seed, c=args.C, domain_weight=args.domain_weight,
                  k=args.folds, min_precision=args.min_precision, keep_lexicon=args.keep_lexicon, prune=args.prune,
                  min_support=args.min_support)
    print(f"{model['sizes']['items']} items, {model['sizes']['groups']} articles, "
          f"{model['sizes']['features']} features; sources {model['sizes']['sources']}")
    for name, title in (("all", "grouped CV, all items"), ("crisis", "grouped CV, crisis coverage items"),
                        ("crisis_lexicon_only", "lexicons alone, crisis coverage items"),
                        ("written", "grouped CV, the written set (our own sentences), model alone at p >= 0.5")):
        s = model["cv"].get(name)
        if s is None:
            continue
        print(f"\n{title}: macro F1 {s['macro_f1']}")
        for cat, m in s["categories"].items():
            print(f"  {cat:<12} {_pct(m)}")
    gated = {c: v["gate"] for c, v in model["categories"].items() if "gate" in v}
    if gated:
        print(f"\ngate (the model adds a category where its grouped-CV additions on crisis items reach "
              f"P >= {model['params']['min_precision']} with >= {model['params']['min_support']} true positives):")
        for c, g in gated.items():
            print(f"  {c:<12} {'adds   ' if g['adds'] else 'lexicon'}  additions P {g['precision']:.2f} "
                  f"(tp {g['tp']}, fp {g['fp']})")
    print("\nthresholds (lexicon fires / not):",
          ", ".join(f"{c} {v['threshold_lexicon']}/{v['threshold']}" for c, v in model["categories"].items()))
    kap = kappa_per_category(items)
    n2 = sum(1 for it in items if len(it.get("labellings") or ()) >= 2)
    if n2:
        print(f"\nlabeller agreement on {n2} items labelled twice, Cohen's kappa: "
              + ", ".join(f"{c} {k}" for c, k in kap.items()))
    if not args.no_curve:
        print("\nlearning curve (each batch scored at p >= 0.5 by a model of the batches before it):")
        for row in learning_curve(items, batch_order(items), args.seed, args.C, args.domain_weight, args.prune):
            cats = " ".join(f"{c[:4]} {m['precision']:.2f}/{m['recall']:.2f}" for c, m in row["categories"].items())
            print(f"  batch {row['batch']:<10} trained on {row['train_items']:>5}  n {row['items']:>4}  "
                  f"macro F1 {row['macro_f1']:.3f}  {cats}")
    out = Path(args.out)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(dumps_model(model), encoding="utf-8")
    tmp.replace(out)
    load_model.cache_clear()
    print(f"\nmodel -> {out}")
    return 0


def add_cli(sub) -> None:
    """The ``train`` subcommand."""
    t = sub.add_parser(
        "train", help="train the learned rhetoric layer from the labels file",
        description="Train the rhetoric model (one logistic regression per category) from "
                    "analysis/data/rhetoric_labels.jsonl, print grouped cross-validation P/R/F1 per category "
                    "and the learning curve over the labelling batches, and write analysis/data/rhetoric_model.json. "
                    "Needs scikit-learn (the 'train' extra); the pipeline does not.")
    t.add_argument("--seed", type=int, default=SEED, help="random seed (default 0)")
    t.add_argument("--C", type=float, default=1.0, help="inverse regularisation strength (default 1.0)")
    t.add_argument("--domain-weight", type=float, default=DOMAIN_WEIGHT,
                   help="weight of crisis-coverage items against PolNeAR items (default 3)")
    t.add_argument("--folds", type=int, default=5, help="grouped cross-validation folds (default 5)")
    t.add_argument("--min-precision", type=float, default=GATE_PRECISION,
                   help="precision the model's grouped-CV additions of a category must reach, else the category "
                        "stays lexicon-only (with --veto: the thresholds' precision floor where reachable; default 0.85)")
    t.add_argument("--veto", dest="keep_lexicon", action="store_false",
                   help="let the model also drop the lexicon's finds (default: the lexicon's finds are kept and "
                        "the model only adds categories; vetoing cost the sample article's rhetoric 0.967 -> 0.528 "
                        "for +0.007 held-back crisis-dev macro F1)")
    t.add_argument("--min-support", type=int, default=GATE_SUPPORT,
                   help=f"true positives the model's CV additions of a category need to pass the gate (default {GATE_SUPPORT})")
    t.add_argument("--prune", type=float, default=PRUNE, help=f"drop weights smaller than this (default {PRUNE})")
    t.add_argument("--labels-file", default=str(LABELS_PATH), help="the labels file (default: the package's)")
    t.add_argument("--out", default=str(MODEL_PATH), help="the model file (default: the package's)")
    t.add_argument("--no-curve", action="store_true", help="skip the learning curve")
    t.add_argument("--rebuild", action="store_true",
                   help="first rebuild the labels file from the batches, crisis-dev and the in-house gold "
                        "(needs those texts; scripts/rhetoric_labels.py)")
    t.add_argument("--labels-dir", default="/work/labels", help="with --rebuild: folder of in/ and out/ batches")
    t.add_argument("--shared", default=str(config.ROOT.parent / "shared"),
                   help="with --rebuild: the shared folder holding crisis-dev")
    t.set_defaults(handler=cmd_train)
