"""Place-name normalization: make transliteration variants of one name meet.

`normalize_name` is the key every gazetteer lookup uses; `skeleton` is a
looser consonant key used only for fuzzy fallbacks (scored lower).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Apostrophe-like marks used for Arabic ʿayn / hamza and English possessives.
_APOSTROPHES = "'’‘ʿʾʼ`´ʻ′"
_APOS_RE = re.compile("[" + re.escape(_APOSTROPHES) + "]")
_SEP_RE = re.compile(r"[\s\-‐‑‒–—_/.,()]+")
_NON_WORD_RE = re.compile(r"[^\w ]+")
_REPEAT_RE = re.compile(r"(\w)\1+")
_FINAL_H_RE = re.compile(r"(?<=\w)([aeiou])h\b")

# Arabic definite article: always dropped as a separate word.
_ARTICLES = frozenset({"al", "el", "il", "ul"})
# Assimilated article forms ("ar-Raqqa", "as Suwayda", "ez-Zor"): dropped when
# the next word starts with the article's consonant(s) (sun-letter assimilation).
_SUN_ARTICLES = frozenset(
    {"ad", "ar", "as", "ash", "at", "ath", "az", "an", "ed", "er", "es", "esh", "et", "ez", "en",
     "ud", "ur", "us", "ut", "uz", "un", "id", "ir", "is", "it", "iz", "in"}
)


def fold(text: str) -> str:
    """Lower-case, strip diacritics and apostrophes; keep non-Latin letters as they are."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOS_RE.sub("", text)
    return text.casefold()


_ASCII_MARKS = str.maketrans({"‘": "'", "’": "'", "ʿ": "'", "ʾ": "'", "ʼ": "'", "`": "'", "´": "'"})


def ascii_name(name: str) -> str:
    """A display form without diacritics, keeping case and spacing ("Khān Shaykhūn" -> "Khan Shaykhun")."""
    text = unicodedata.normalize("NFKD", name.translate(_ASCII_MARKS))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def normalize_name(name: str) -> str:
    """The lookup key of a place name.

    Folds case, diacritics, apostrophes and hyphens, drops the Arabic article
    (al-, el-, and assimilated forms such as ar-, as-, ez-) and collapses
    doubled letters, so that "Deir ez-Zor" and "Deir Ezzor", "Ma'arrat" and
    "Maarat", "al-Bab" and "Al Bab" share one key. Returns "" for empty input.

    >>> normalize_name("Ma'arrat al-Numan") == normalize_name("Maarat Al Numan")
    True
    """
    if not name:
        return ""
    text = fold(name)
    words = [w for w in _SEP_RE.split(text) if w]
    words = [_NON_WORD_RE.sub("", w) for w in words]
    words = [w for w in words if w]
    out: list[str] = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w in _ARTICLES and nxt:
            continue
        if w in _SUN_ARTICLES and nxt and nxt.startswith(w[1:]):
            continue
        out.append(w)
    if not out:
        out = words
    key = _REPEAT_RE.sub(r"\1", " ".join(out))
    # word-final "h" after a vowel is silent in transliteration: Raqqah/Raqqa, Hajjah/Hajja
    return _FINAL_H_RE.sub(r"\1", key)


_VOWELS_RE = re.compile(r"[aeiouyw]")


@lru_cache(maxsize=200_000)
def skeleton(name: str) -> str:
    """A looser key: the normalized name without spaces and inner vowels.

    "Dayr az Zawr" and "Deir ez-Zor" both give "drzr"; "Lashkar Gah" and
    "Lashkargah" both give "lskrg". Used only for low-scored fuzzy matches.
    """
    key = normalize_name(name).replace(" ", "")
    if not key:
        return ""
    key = key.replace("kh", "k").replace("q", "k").replace("dh", "d").replace("th", "t")
    key = key.replace("sh", "s").replace("gh", "g").replace("ph", "f").replace("j", "g")
    head, rest = key[0], _VOWELS_RE.sub("", key[1:])
    return _REPEAT_RE.sub(r"\1", head + rest)


def is_latin(text: str) -> bool:
    """True when every letter of `text` is from the Latin script (after folding)."""
    for ch in text:
        if ch.isalpha() and not ("a" <= ch <= "z"):
            return False
    return True


def is_arabic(text: str) -> bool:
    """True when `text` has Arabic-script letters."""
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


# Words that name the kind of an administrative unit; stripped to find the unit.
ADMIN_WORDS = frozenset(
    {"province", "governorate", "region", "state", "district", "oblast", "county", "prefecture",
     "department", "wilayat", "muhafazat", "mohafazat", "provinces", "governorates", "regions",
     "division", "territory", "municipality", "subdistrict", "sub district", "velayat", "raion"}
)

_ADMIN_PREFIXES = ("muhafazat ", "mohafazat ", "wilayat e ", "wilayat ", "sha`biyat ", "shabiyat ",
                   "mayorality of ", "province of ", "governorate of ")
_ADMIN_SUFFIXES = (" governorate", " province", " region", " oblast", " state", " district")


def strip_admin_words(name: str) -> str:
    """The bare name of an administrative unit: "Idlib province" -> "Idlib",
    "Muhafazat Hadramawt" -> "Hadramawt", "Basra Governorate" -> "Basra"."""
    stripped = name.strip()
    low = stripped.lower()
    for pre in _ADMIN_PREFIXES:
        if low.startswith(pre) and len(low) > len(pre):
            stripped, low = stripped[len(pre):], low[len(pre):]
            break
    for suf in _ADMIN_SUFFIXES:
        if low.endswith(suf) and len(low) > len(suf):
            stripped = stripped[: -len(suf)]
            break
    return stripped.strip(" -")


# ACLED-style short English country names where GeoNames says otherwise.
COUNTRY_DISPLAY = {
    "PS": "Palestine",
    "CD": "Democratic Republic of Congo",
    "CG": "Republic of Congo",
    "TR": "Turkey",
    "CZ": "Czech Republic",
    "CV": "Cape Verde",
    "TL": "East Timor",
    "SZ": "eSwatini",
    "VA": "Vatican City",
    "FM": "Micronesia",
    "KP": "North Korea",
    "KR": "South Korea",
    "CI": "Ivory Coast",
    "MK": "North Macedonia",
    "BN": "Brunei",
    "LA": "Laos",
    "RU": "Russia",
    "IR": "Iran",
    "SY": "Syria",
    "VN": "Vietnam",
    "MM": "Myanmar",
}

# Extra names a country is written as in news (normalized on load).
COUNTRY_ALIASES = {
    "SY": ["Syrian Arab Republic"],
    "CD": ["DRC", "DR Congo", "Congo-Kinshasa", "Democratic Republic of the Congo", "Zaire"],
    "CG": ["Congo-Brazzaville", "Congo Republic"],
    "US": ["USA", "United States of America", "America", "U.S.", "US"],
    "GB": ["UK", "Britain", "Great Britain", "U.K.", "England"],
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "PS": ["Palestinian Territories", "Palestinian Territory", "State of Palestine", "Occupied Palestinian Territory"],
    "MM": ["Burma"],
    "CI": ["Cote d'Ivoire", "Côte d'Ivoire"],
    "RU": ["Russian Federation"],
    "IR": ["Islamic Republic of Iran"],
    "KR": ["Republic of Korea"],
    "KP": ["DPRK"],
    "TR": ["Türkiye", "Turkiye"],
    "CZ": ["Czechia"],
    "TL": ["Timor-Leste"],
    "SZ": ["Swaziland", "Eswatini"],
    "MK": ["Macedonia"],
    "LY": ["Libyan Arab Jamahiriya"],
    "VN": ["Viet Nam"],
    "LA": ["Lao PDR"],
    "BA": ["Bosnia"],
    "CF": ["CAR"],
    "SS": ["S. Sudan"],
}

# Demonyms and adjectives that share a name key with a place but are NORP, not places.
DEMONYM_SUFFIXES = ("ian", "ians", "ese", "ish", "ean", "eans", "ite", "ites", "i", "is", "an", "ans")
