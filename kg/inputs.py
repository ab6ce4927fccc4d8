"""Reading documents: .txt files, JSON Lines, folders, stdin — with encodings recognised.

Every problem is an InputError that names the file (and line); nothing is half-read.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.decoding import decode, guess_8bit
from kg.errors import InputError
from kg.records import Document

TEXT_SUFFIXES = {".txt"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
def parse_date(value: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise InputError(f"{where}: invalid date {value!r}, expected YYYY-MM-DD") from None


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
