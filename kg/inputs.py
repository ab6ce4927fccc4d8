"""Reading documents: .txt files, JSON Lines, folders, stdin — with encodings recognised.

Every problem is an InputError that names the file (and line); nothing is half-read.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import InputError
from kg.records import Document

TEXT_SUFFIXES = {".txt"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_CYR = re.compile(r"[А-Яа-яЁё]")
_CYR_LOWER = re.compile(r"[а-яё]")


def parse_date(value: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise InputError(f"{where}: invalid date {value!r}, expected YYYY-MM-DD") from None


def decode(data: bytes, where: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1251 or KOI8-R; else an error."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{where}: broken UTF-16 text") from None
    if b"\x00" in data:
        raise InputError(f"{where}: binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best: tuple[float, str] | None = None
    for encoding in ("cp1251", "koi8_r"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        letters = len(_CYR.findall(text))
        if letters < max(1, len(text) // 10):
            continue
        # Russian prose is mostly lower case; the wrong 8-bit table flips the case.
        score = len(_CYR_LOWER.findall(text)) / letters
        if best is None or score > best[0]:
            best = (score, text)
    if best is None or best[0] < 0.6:
        raise InputError(f"{where}: not UTF-8, Windows-1251 or KOI8-R text (binary or unknown encoding)")
    return best[1]


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


def read_jsonl_lines(
    lines: Iterable[bytes],
    where: str,
    default_date: dt.date | None,
    *,
    lenient: bool = False,
    skipped: list[str] | None = None,
) -> Iterator[Document]:
    for n, raw in enumerate(lines, 1):
        try:
            doc = _jsonl_line(raw, f"{where}:{n}", default_date)
        except InputError as exc:
            if not lenient:
                raise
            _warn(exc, skipped)
            continue
        if doc is not None:
            yield doc


def _jsonl_line(raw: bytes, at: str, default_date: dt.date | None) -> Document | None:
    line = decode(raw, at) if raw.strip() else ""
    if not line.strip():
        return None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{at}: malformed JSON ({exc.msg}, column {exc.colno})") from None
    if not isinstance(obj, dict):
        raise InputError(f"{at}: expected a JSON object with \"id\" and \"text\"")
    doc_id, text = obj.get("id"), obj.get("text")
    if doc_id is None or (isinstance(doc_id, str) and not doc_id.strip()):
        raise InputError(f"{at}: missing \"id\"")
    if not isinstance(doc_id, str | int):
        raise InputError(f"{at}: \"id\" must be a string")
    if not isinstance(text, str):
        raise InputError(f"{at}: missing \"text\" (a string)")
    _check_text(text, f"{at} (id {doc_id})")
    date = obj.get("date")
    return Document(
        id=str(doc_id),
        text=text,
        date=parse_date(date, at) if date else default_date,
        url=obj.get("url") if isinstance(obj.get("url"), str) else None,
        title=obj.get("title") if isinstance(obj.get("title"), str) else None,
        origin=at,
    )


def _expand(paths: Iterable[str]) -> Iterator[Path | None]:
    """Paths to read, folders walked in sorted order; None stands for stdin."""
    for raw in paths:
        if raw == "-":
            yield None
            continue
        path = Path(raw)
        if not path.exists():
            raise InputError(f"{raw}: no such file or folder")
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES
            )
            if not found:
                raise InputError(f"{raw}: folder holds no .txt or .jsonl files")
            yield from found
        elif path.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES:
            yield path
        else:
            raise InputError(f"{raw}: expected a .txt or .jsonl file, a folder or -")


def read_documents(
    paths: Iterable[str],
    default_date: dt.date | None = None,
    *,
    stdin=None,
    keep_going: bool = False,
    skipped: list[str] | None = None,
) -> Iterator[Document]:
    """Documents from every input, in order; duplicate ids are an error naming both places.

    With `keep_going`, a bad file or line is reported on stderr (and appended to `skipped`)
    and the rest is read.
    """
    if not keep_going:
        yield from _read_all(paths, default_date, stdin)
        return
    seen: dict[str, str] = {}
    for path in _expand(paths):
        try:
            for doc in _read_path(path, default_date, stdin, lenient=True, skipped=skipped):
                if doc.id in seen:
                    raise InputError(f"{doc.origin}: duplicate document id {doc.id!r} (first at {seen[doc.id]})")
                seen[doc.id] = doc.origin
                yield doc
        except InputError as exc:
            _warn(exc, skipped)


def _warn(exc: InputError, skipped: list[str] | None) -> None:
    print(f"kg: warning: {exc} (skipped)", file=sys.stderr)
    if skipped is not None:
        skipped.append(str(exc))


def _read_path(path: Path | None, default_date, stdin, *, lenient: bool = False,
               skipped: list[str] | None = None) -> Iterable[Document]:
    if path is None:
        stream = stdin if stdin is not None else sys.stdin.buffer
        return read_jsonl_lines(stream, "<stdin>", default_date, lenient=lenient, skipped=skipped)
    if path.suffix.lower() in JSONL_SUFFIXES:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror})") from None
        if not data.strip():
            raise InputError(f"{path}: empty file")
        return read_jsonl_lines(data.splitlines(), str(path), default_date, lenient=lenient, skipped=skipped)
    return [read_txt(path, default_date)]


def _read_all(paths: Iterable[str], default_date: dt.date | None, stdin) -> Iterator[Document]:
    seen: dict[str, str] = {}
    for path in _expand(paths):
        docs = _read_path(path, default_date, stdin)
        for doc in docs:
            if doc.id in seen:
                raise InputError(f"{doc.origin}: duplicate document id {doc.id!r} (first at {seen[doc.id]})")
            seen[doc.id] = doc.origin
            yield doc
