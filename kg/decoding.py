"""Decoding the bytes of a document: UTF-8, UTF-16/32 with or without a BOM, and the 8-bit
Russian tables (Windows-1251, KOI8-R) told apart by how Russian their letters read."""

from __future__ import annotations

import math
import re

from kg.errors import InputError

# Russian letter frequencies in per cent (the usual corpus figures); Ukrainian і ї є ґ get a
# modest share so that Ukrainian Windows-1251 text is read too.
_FREQ = {
    "о": 10.97,
    "е": 8.45,
    "а": 8.01,
    "и": 7.35,
    "н": 6.70,
    "т": 6.26,
    "с": 5.47,
    "р": 4.73,
    "в": 4.54,
    "л": 4.40,
    "к": 3.49,
    "м": 3.21,
    "д": 2.98,
    "п": 2.81,
    "у": 2.62,
    "я": 2.01,
    "ы": 1.90,
    "ь": 1.74,
    "г": 1.70,
    "з": 1.65,
    "б": 1.59,
    "ч": 1.44,
    "й": 1.21,
    "х": 0.97,
    "ж": 0.94,
    "ш": 0.73,
    "ю": 0.64,
    "ц": 0.48,
    "щ": 0.36,
    "э": 0.32,
    "ф": 0.26,
    "ъ": 0.04,
    "ё": 0.04,
    "і": 0.5,
    "ї": 0.1,
    "є": 0.1,
    "ґ": 0.01,
}
_LOG_FREQ = {letter: math.log(share / 100) for letter, share in _FREQ.items()}
_CYR = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ]")
_CASE_FLIP = re.compile(r"[а-яёіїєґ][А-ЯЁІЇЄҐ]")  # «пУТИН»: the wrong table swaps the case
# Box drawing, arrows and Serbian/Macedonian letters: what the wrong 8-bit table makes of
# Russian punctuation («» — №) and what never occurs in Russian news.
_ODD = re.compile(r"[\u0402\u0403\u0405\u0408-\u040f\u0452\u0453\u0455\u0458-\u045f\u2190-\u25ff]")
_MIXED_WORD = re.compile(
    r"[A-Za-z][А-Яа-яЁё]|[А-Яа-яЁё][A-Za-z]"
)  # «GrцЯe»: Latin-1 read as Cyrillic
_WORD = re.compile(r"[^\W\d_]+")
_INNER_UPPER = re.compile(r"(?<=[А-ЯЁІЇЄҐ])[А-ЯЁІЇЄҐ]")  # news is mostly lower case
_UPPER_COST = 0.3
_RUN_COST = 2.0
# Russian alternates vowels and consonants; a wrong table scrambles that.
_VOWELS3 = re.compile(r"(?i)[аеёиоуыэюяії]{3}")
_CONSONANTS4 = re.compile(r"(?i)[бвгджзклмнпрстфхцчшщ]{4}")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_EIGHT_BIT = ("cp1251", "koi8_r")
_MIN_SCORE = -3.8  # mean log letter frequency: Russian prose ≈ -3.1, random letters ≈ -4.1
_SURE = 50  # letters needed before the score threshold is trusted


def decode(data: bytes, where: str) -> str:
    """UTF-8 (with or without BOM), UTF-16/32 (BOM, or UTF-16 without one), Windows-1251 or
    KOI8-R; binary data and other encodings are an InputError."""
    text = _decode_any(data, where)
    if len(_CONTROL.findall(text)) > len(text) // 100:
        raise InputError(f"{where}: binary file, not text (control characters)")
    return text


def _decode_any(data: bytes, where: str) -> str:
    for boms, encoding in (
        ((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"), "utf-32"),
        ((b"\xff\xfe", b"\xfe\xff"), "utf-16"),
    ):
        if data.startswith(boms):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(f"{where}: broken {encoding.upper()} text") from None
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise InputError(f"{where}: binary file, not text")
        return text
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    return decode_8bit(data, where)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM: its NUL bytes (ASCII characters) all sit on one side."""
    if len(data) % 2 or len(data) < 8:  # too little to tell from binary
        return None
    odd, even = data[1::2].count(0), data[0::2].count(0)
    encoding = "utf-16-le" if odd and not even else "utf-16-be" if even and not odd else None
    if encoding is None:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _score(text: str) -> tuple[float, int]:
    """(how Russian the Cyrillic of `text` looks — higher is better, number of letters)."""
    letters = _CYR.findall(text)
    if not letters:  # plain punctuation beyond ASCII (— « ») is fine, box drawing is not
        return (-math.inf if _ODD.search(text) else 0.0), 0
    rare = math.log(1e-5)
    total = sum(_LOG_FREQ.get(c.lower(), rare) for c in letters)
    penalty = (
        3 * len(_CASE_FLIP.findall(text))
        + 5 * len(_ODD.findall(text))
        + _UPPER_COST * len(_INNER_UPPER.findall(text))
        + _RUN_COST * (len(_VOWELS3.findall(text)) + len(_CONSONANTS4.findall(text)))
    )
    return (total - penalty) / len(letters), len(letters)


def guess_8bit(data: bytes) -> str | None:
    """Windows-1251 or KOI8-R, whichever reads as Russian (None if neither does). Both tables
    map the same bytes to Cyrillic letters, so the choice rests on letter frequencies, letter
    case and the vowel-consonant rhythm."""
    scored = []
    for encoding in _EIGHT_BIT:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score, letters = _score(text)
        scored.append((score, letters, encoding, text))
    if not scored:
        return None
    score, letters, encoding, text = max(scored, key=lambda s: s[0])
    if score == -math.inf or (letters >= _SURE and score < _MIN_SCORE):
        return None
    words = [w for w in _WORD.findall(text) if _CYR.search(w)]
    if sum(1 for w in words if _MIXED_WORD.search(w)) * 5 > len(words):
        return None
    return encoding


def decode_8bit(data: bytes, where: str) -> str:
    encoding = guess_8bit(data)
    if encoding is None:
        raise InputError(
            f"{where}: not UTF-8, UTF-16, Windows-1251 or KOI8-R text (unknown encoding)"
        )
    return data.decode(encoding)
