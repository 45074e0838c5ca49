"""The language of an article, and whether the pipeline should read it.

The stages' rules, cue lists and lexicons are English; a German or Russian
article run through them yields no quotes and wrong tone, silently. So an
article whose language is not among the accepted ones (English unless the
user says otherwise: ``run --languages en,de`` or ``--languages any``) is
rejected with a reason naming the language, and every article's language is
recorded in ``articles.csv`` (ISO 639-1 code).

Detection: py3langid (a maintained fork of langid.py, by trafilatura's
author; over 100 languages, its model ships inside the wheel, nothing is
downloaded) on the title and the first 1,500 characters of the body. Text
that is plainly English (at least 30 words, a fifth or more of them among
the commonest English function words) is recognised without the model, which
keeps a 100,000-article run from paying ~1 ms an article for the obvious
case; the test suite checks the shortcut agrees with the model on English
and never fires on other languages.

An article is rejected only when the detector is sure (probability >= 0.9)
on at least ``MIN_WORDS`` words; a short or mixed text is kept, with the
best guess recorded.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

MIN_WORDS = 25
SURE = 0.9
SAMPLE_CHARS = 1500

NAMES = {
    "en": "English", "de": "German", "fr": "French", "ru": "Russian", "uk": "Ukrainian", "es": "Spanish",
    "it": "Italian", "pl": "Polish", "nl": "Dutch", "pt": "Portuguese", "zh": "Chinese", "ja": "Japanese",
    "ar": "Arabic", "tr": "Turkish", "sv": "Swedish", "cs": "Czech", "ro": "Romanian", "be": "Belarusian",
    "bg": "Bulgarian", "hu": "Hungarian", "fi": "Finnish", "da": "Danish", "no": "Norwegian", "et": "Estonian",
    "lv": "Latvian", "lt": "Lithuanian", "ka": "Georgian", "el": "Greek", "sr": "Serbian", "hr": "Croatian",
    "sk": "Slovak", "sl": "Slovenian", "ko": "Korean", "fa": "Persian", "he": "Hebrew", "hi": "Hindi",
}

_EN_FUNCTION = frozenset(
    "the of and to a in that is was for on with as it by at from he his said has have be are not but an "
    "this had which were its they their who will would been or after also than more about".split())
_TOKEN = re.compile(r"[^\W\d_]+")


def name(code: str) -> str:
    """'German' for 'de'; the code itself for a language without a name here."""
    return NAMES.get(code, code)


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _sample(title: str, paragraphs: Iterable[str]) -> str:
    out, n = [title] if title else [], len(title or "")
    for p in paragraphs:
        if n >= SAMPLE_CHARS:
            break
        out.append(p)
        n += len(p)
    return "\n".join(out)[: SAMPLE_CHARS + 200]


def plainly_english(text: str) -> bool:
    """At least 30 words and a fifth of them English function words: English without asking the model."""
    words = _TOKEN.findall(text.lower())
    return len(words) >= 30 and sum(w in _EN_FUNCTION for w in words) >= len(words) / 5


def detect(title: str, paragraphs: Sequence[str]) -> tuple[str, float, int]:
    """(ISO 639-1 code, probability, words looked at) for an article; ("", 0.0, 0) when it has no words."""
    text = _sample(title, paragraphs)
    n = len(_TOKEN.findall(text))
    if not n:
        return "", 0.0, 0
    if plainly_english(text):
        return "en", 1.0, n
    code, prob = _identifier().classify(text)
    return code, float(prob), n


def parse_languages(spec: str | Sequence[str] | None) -> frozenset[str] | None:
    """``"en,de"`` -> {"en", "de"}; ``"any"``/``"all"``/None -> None (every language accepted)."""
    if spec is None:
        return None
    items = [s.strip().lower() for s in (spec.split(",") if isinstance(spec, str) else spec) if s.strip()]
    if not items or any(s in ("any", "all", "*") for s in items):
        return None
    bad = [s for s in items if not re.fullmatch(r"[a-z]{2,3}", s)]
    if bad:
        raise ValueError(f"not a language code: {', '.join(bad)} (use ISO 639-1 codes such as en, de, ru; or any)")
    return frozenset(items)


def check(title: str, paragraphs: Sequence[str], accepted: frozenset[str] | None = frozenset({"en"})
          ) -> tuple[str, str | None]:
    """(language code, rejection reason or None). Rejects only a confident detection outside ``accepted``."""
    code, prob, n = detect(title, paragraphs)
    if accepted is None or not code or code in accepted or prob < SURE or n < MIN_WORDS:
        return code, None
    wanted = ", ".join(sorted(accepted))
    return code, (f"language: {name(code)} ({code}, detected with probability {prob:.2f}); only {wanted} "
                  f"accepted: the rules and lexicons are English. Add --languages {wanted},{code} to keep it")
