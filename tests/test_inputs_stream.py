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
