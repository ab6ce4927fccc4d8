"""Reading documents: .txt files, JSON Lines, folders, stdin — with encodings recognised.

Every problem is an InputError that names the file (and line); nothing is half-read.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.records import Document

TEXT_SUFFIXES = {".txt"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
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


def parse_date(value: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise InputError(f"{where}: invalid date {value!r}, expected YYYY-MM-DD") from None


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


def _check_text(text: str, where: str) -> str:
    if not text.strip():
        raise InputError(f"{where}: empty document")
    return text


def read_txt(path: Path, default_date: dt.date | None) -> Document:
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{where}: cannot read ({exc.strerror})") from None
    text = _check_text(decode(data, where), where)
    return Document(id=path.stem, text=text, date=default_date, origin=where)


def _plain_utf8(path: Path) -> bool:
    """A non-empty UTF-8 file without NUL bytes, checked line by line in constant memory: such a
    file can be streamed; any other goes through `read_jsonl` (encodings are guessed from all
    of its lines together)."""
    text = False
    with path.open("rb") as fh:
        for n, raw in enumerate(fh):
            if n == 0 and raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw:
                return False
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return False
            text = text or bool(raw.strip())
    return text


@functools.lru_cache(maxsize=1024)
def _plain_utf8_at(path: str, size: int, mtime_ns: int) -> bool:
    """`_plain_utf8`, once per version of a file: a streamed build reads its inputs twice."""
    return _plain_utf8(Path(path))


def _utf8_lines(path: Path) -> Iterator[str]:
    """The lines of a plain UTF-8 file as `data.decode("utf-8-sig").splitlines()` gives them,
    one at a time (each byte line is split again: str.splitlines knows more line breaks)."""
    try:
        with path.open("rb") as fh:
            for n, raw in enumerate(fh):
                if n == 0 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                yield from raw.decode("utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: changed while being read (no longer UTF-8)") from None


def read_jsonl(
    data: bytes,
    where: str,
    default_date: dt.date | None,
    *,
    lenient: bool = False,
    skipped: list[str] | None = None,
) -> Iterator[Document]:
    """Documents of a JSON Lines file; with `lenient`, bad lines are reported and skipped."""
    if not data.strip():
        raise InputError(f"{where}: empty file")
    return _read_jsonl_lines(_jsonl_text_lines(data, where), where, default_date, lenient=lenient,
                             skipped=skipped)


def _read_jsonl_lines(
    lines: Iterable[str],
    where: str,
    default_date: dt.date | None,
    *,
    lenient: bool = False,
    skipped: list[str] | None = None,
) -> Iterator[Document]:
    for n, line in enumerate(lines, 1):
        try:
            doc = _jsonl_line(line, f"{where}:{n}", default_date)
        except InputError as exc:
            if not lenient:
                raise
            _warn(exc, skipped)
            continue
        if doc is not None:
            yield doc


def _jsonl_text_lines(data: bytes, where: str) -> list[str]:
    """The file's lines as text. Lines that are not UTF-8 share one 8-bit encoding, guessed
    from all of them together (one short line says too little about its encoding)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        return decode(data, where).splitlines()  # UTF-16/32: newlines are not single bytes
    try:
        return data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError:
        pass
    raw_lines = data.splitlines()
    if raw_lines and raw_lines[0].startswith(b"\xef\xbb\xbf"):
        raw_lines[0] = raw_lines[0][3:]
    foreign = [raw for raw in raw_lines if not _is_utf8(raw)]
    encoding = guess_8bit(b"\n".join(foreign))
    if encoding is None:
        first = next(n for n, raw in enumerate(raw_lines, 1) if not _is_utf8(raw))
        raise InputError(
            f"{where}:{first}: not UTF-8, Windows-1251 or KOI8-R text (unknown encoding)"
        )
    return [raw.decode("utf-8") if _is_utf8(raw) else raw.decode(encoding) for raw in raw_lines]


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _jsonl_line(line: str, at: str, default_date: dt.date | None) -> Document | None:
    if not line.strip():
        return None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{at}: malformed JSON ({exc.msg}, column {exc.colno})") from None
    except RecursionError:
        raise InputError(f"{at}: malformed JSON (nested too deeply)") from None
    if not isinstance(obj, dict):
        raise InputError(f'{at}: expected a JSON object with "id" and "text"')
    doc_id, text = obj.get("id"), obj.get("text")
    if doc_id is None or (isinstance(doc_id, str) and not doc_id.strip()):
        raise InputError(f'{at}: missing "id"')
    if isinstance(doc_id, bool) or not isinstance(doc_id, str | int):
        raise InputError(f'{at}: "id" must be a string')
    if not isinstance(text, str):
        raise InputError(f'{at}: missing "text" (a string)')
    _check_text(text, f"{at} (id {doc_id})")
    date = obj.get("date")
    if date is not None and not isinstance(date, str):
        raise InputError(f"{at}: invalid date {date!r}, expected YYYY-MM-DD")
    return Document(
        id=str(doc_id),
        text=text,
        date=parse_date(date, at) if date else default_date,
        url=obj.get("url") if isinstance(obj.get("url"), str) else None,
        title=obj.get("title") if isinstance(obj.get("title"), str) else None,
        origin=at,
    )


def _expand(raw: str) -> list[Path | None]:
    """The files one input argument stands for, folders walked in sorted order; None is stdin."""
    if raw == "-":
        return [None]
    path = Path(raw)
    if not path.exists():
        raise InputError(f"{raw}: no such file or folder")
    if path.is_dir():
        found = sorted(
            p
            for p in path.rglob("*")
            if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES
        )
        if not found:
            raise InputError(f"{raw}: folder holds no .txt or .jsonl files")
        return list(found)
    if path.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES:
        return [path]
    raise InputError(f"{raw}: expected a .txt or .jsonl file, a folder or -")


def would_read(target: str | Path, paths: Iterable[str]) -> bool:
    """Whether `target` is (or, once written, would be) one of the files `paths` stand for."""
    real = Path(target).resolve()
    for raw in paths:
        if raw == "-" or not Path(raw).exists():
            continue
        source = Path(raw).resolve()
        if source == real:
            return True
        if (
            source.is_dir()
            and real.is_relative_to(source)
            and real.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES
        ):
            return True
    return False


def read_documents(
    paths: Iterable[str],
    default_date: dt.date | None = None,
    *,
    stdin=None,
    keep_going: bool = False,
    skipped: list[str] | None = None,
) -> Iterator[Document]:
    """Documents from every input, in order; a duplicate id is an error naming both places.

    With `keep_going`, a bad input, file, line or duplicate is reported on stderr (and
    appended to `skipped`) and the rest is read.
    """
    seen: dict[str, str] = {}
    for raw in paths:
        try:
            files = _expand(raw)
        except InputError as exc:
            if not keep_going:
                raise
            _warn(exc, skipped)
            continue
        for path in files:
            try:
                for doc in _read_path(
                    path, default_date, stdin, lenient=keep_going, skipped=skipped
                ):
                    if doc.id in seen:
                        error = InputError(
                            f"{doc.origin}: duplicate document id {doc.id!r} (first at {seen[doc.id]})"
                        )
                        if not keep_going:
                            raise error
                        _warn(error, skipped)
                        continue
                    seen[doc.id] = doc.origin
                    yield doc
            except InputError as exc:
                if not keep_going:
                    raise
                _warn(exc, skipped)


class Reported(list):
    """A `skipped` list for a second read of inputs whose problems were already reported."""


def _warn(exc: InputError, skipped: list[str] | None) -> None:
    if not isinstance(skipped, Reported):
        print(f"kg: warning: {exc} (skipped)", file=sys.stderr)
    if skipped is not None:
        skipped.append(str(exc))


@dataclass(frozen=True)
class Reread:
    """The documents of inputs already read and checked once, read again on each iteration
    instead of held in memory: a corpus of any size streams through in constant memory."""

    paths: tuple[str, ...]
    default_date: dt.date | None
    keep_going: bool
    count: int

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Document]:
        return read_documents(self.paths, self.default_date, keep_going=self.keep_going, skipped=Reported())


def checked_source(
    paths: Iterable[str], default_date: dt.date | None, *, keep_going: bool, skipped: list[str]
) -> Reread:
    """Read every input once to check it (bad input fails here, before any work), keeping only
    the count; the documents themselves are read again when the build consumes them."""
    paths = tuple(paths)
    count = sum(1 for _ in read_documents(paths, default_date, keep_going=keep_going, skipped=skipped))
    return Reread(paths, default_date, keep_going, count)


def _read_path(
    path: Path | None,
    default_date,
    stdin,
    *,
    lenient: bool = False,
    skipped: list[str] | None = None,
) -> Iterable[Document]:
    if path is None:
        stream = stdin if stdin is not None else sys.stdin.buffer
        return read_jsonl(stream.read(), "<stdin>", default_date, lenient=lenient, skipped=skipped)
    if path.suffix.lower() in JSONL_SUFFIXES:
        try:
            st = path.stat()
            if _plain_utf8_at(str(path), st.st_size, st.st_mtime_ns):
                return _read_jsonl_lines(_utf8_lines(path), str(path), default_date, lenient=lenient,
                                         skipped=skipped)
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror})") from None
        return read_jsonl(data, str(path), default_date, lenient=lenient, skipped=skipped)
    return [read_txt(path, default_date)]
