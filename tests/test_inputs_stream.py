"""Inputs checked once and read again on demand: same documents, warnings said once."""

from __future__ import annotations

import json

from kg import inputs


def _corpus(tmp_path, lines: list[str]):
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_checked_source_counts_and_rereads_the_same_documents(tmp_path):
    path = _corpus(tmp_path, [json.dumps({"id": f"d{i}", "text": f"Текст номер {i}."}) for i in range(5)])
    source = inputs.checked_source([str(path)], None, keep_going=False, skipped=[])
    assert len(source) == 5
    first = [(d.id, d.text) for d in source]
    assert first == [(d.id, d.text) for d in inputs.read_documents([str(path)])]
    assert [(d.id, d.text) for d in source] == first  # a second pass reads the file again


def test_a_bad_line_is_reported_once_across_both_reads(tmp_path, capsys):
    path = _corpus(tmp_path, [json.dumps({"id": "a", "text": "Первый."}), "{broken", json.dumps({"id": "b", "text": "Второй."})])
    skipped: list[str] = []
    source = inputs.checked_source([str(path)], None, keep_going=True, skipped=skipped)
    assert len(source) == 2 and len(skipped) == 1
    assert [d.id for d in source] == ["a", "b"]
    assert capsys.readouterr().err.count("warning") == 1


def test_streamed_lines_are_the_lines_of_the_whole_text(tmp_path):
    data = "\ufeff{\"a\": 1}\r\n\r\n{\"b\": 2}\r{\"c\": 3}\u2028{\"d\": 4}\x0b\n{\"e\": 5}".encode()
    path = tmp_path / "odd.jsonl"
    path.write_bytes(data)
    assert inputs._plain_utf8(path)
    assert list(inputs._utf8_lines(path)) == data.decode("utf-8-sig").splitlines()


def test_files_that_are_not_plain_utf8_are_not_streamed(tmp_path):
    for name, data in (("cp1251.jsonl", "{\"id\": \"a\", \"text\": \"Москва\"}".encode("cp1251")),
                       ("utf16.jsonl", "{\"id\": \"a\"}".encode("utf-16")),
                       ("blank.jsonl", b"  \n\n")):
        path = tmp_path / name
        path.write_bytes(data)
        assert not inputs._plain_utf8(path), name
