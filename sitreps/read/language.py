"""A cheap check that a text is English: script share and function-word share."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Optional

_DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@lru_cache(maxsize=1)
def english_function_words() -> frozenset[str]:
    """The English function words of `data/english_function_words.txt`."""
    path = _DATA_DIR / "english_function_words.txt"
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip().lower()
        if line and not line.startswith("#"):
            words.add(line)
    return frozenset(words)


# Function words that are frequent in a language and are not English words.
_OTHER_LANGUAGES = {
    "French": frozenset("le la les des du et est une dans pour par sur au aux qui que pas ce cette sont ont avec "
                        "il elle ils nous vous leur été selon lors".split()),
    "Spanish": frozenset("el los las del y es una por con para se su sus al lo como pero fue han "
                         "según este esta entre sobre también".split()),
    "German": frozenset("der die das und ist nicht ein eine den dem des mit sich auf für von zu im "
                        "wurde wurden sind auch nach bei aus dass oder".split()),
    "Italian": frozenset("il gli della dei delle che di è una per con sono nel nella alla anche "
                         "questo stato".split()),
    "Portuguese": frozenset("os da do das dos em uma não com por para foi são pelo pela também".split()),
    "Dutch": frozenset("de het een en van niet zijn dat voor met ook werd door naar bij".split()),
}
_SCRIPTS = (
    ("ARABIC", "Arabic"), ("CYRILLIC", "Russian"), ("HEBREW", "Hebrew"), ("GREEK", "Greek"),
    ("CJK", "Chinese"), ("HIRAGANA", "Japanese"), ("KATAKANA", "Japanese"), ("HANGUL", "Korean"),
    ("DEVANAGARI", "Hindi"), ("THAI", "Thai"), ("ARMENIAN", "Armenian"), ("GEORGIAN", "Georgian"),
    ("ETHIOPIC", "Amharic"),
)
_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_MIN_TOKENS_TO_JUDGE = 6
_SHORT_TEXT_TOKENS = 25


def _script_of(ch: str) -> str:
    """The Unicode script word of a letter's name ("LATIN", "ARABIC", ...)."""
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else ""


def _dominant_script_language(letters: list[str]) -> str:
    """The language a non-Latin text most likely is, from its most common script."""
    counts: dict[str, int] = {}
    for ch in letters:
        script = _script_of(ch)
        if script != "LATIN":
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return "unknown"
    top = max(counts, key=counts.get)
    for prefix, language in _SCRIPTS:
        if top.startswith(prefix):
            return language
    return f"{top.title()} script"


def language_check(text: str, sample_chars: int = 5000) -> Optional[str]:
    """None when `text` reads as English, else the rejection reason.

    Two cheap signals: the share of Latin letters among letters, and the share
    of English function words among word tokens compared with other common
    European languages. Texts under a few words (headlines) are not judged on
    words, only on script.
    """
    sample = text[:sample_chars]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return None
    latin = sum(1 for ch in letters if _script_of(ch) == "LATIN")
    if latin / len(letters) < 0.5:
        return f"not English (looks like {_dominant_script_language(letters)})"
    tokens = [t.lower() for t in _WORD_RE.findall(sample)]
    if len(tokens) < _MIN_TOKENS_TO_JUDGE:
        return None
    english = sum(1 for t in tokens if t in english_function_words()) / len(tokens)
    others = {lang: sum(1 for t in tokens if t in words) / len(tokens)
              for lang, words in _OTHER_LANGUAGES.items()}
    best_lang, best = max(others.items(), key=lambda kv: kv[1])
    if len(tokens) < _SHORT_TEXT_TOKENS:
        # Headlines carry few function words: reject only on clear evidence.
        if best > english and best >= 0.2:
            return f"not English (looks like {best_lang})"
        return None
    if english >= 0.12 and english >= best:
        return None
    if best >= 0.08 and best > english:
        return f"not English (looks like {best_lang})"
    if english < 0.06:
        return "not English (too few English function words)"
    return None
