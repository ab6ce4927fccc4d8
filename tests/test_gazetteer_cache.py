"""The loaded gazetteer kept between runs: reused when nothing changed, rebuilt otherwise."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from kg import gazetteer as kgaz

STATES = [
    '{"id": "Q16", "label": "Канада", "aliases": [], "adjectives": ["канадский"], "capital": "Q1930"}',
    '{"id": "Q17", "label": "Япония", "aliases": ["Japan"], "adjectives": ["японский"]}',
]


def words(text: str) -> list[str]:
    return text.split()


def forms(word: str) -> frozenset[str]:
    return frozenset({word.lower()})


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "gazetteer"
    data.mkdir()
    (data / "states.jsonl").write_text("\n".join(STATES) + "\n", encoding="utf-8")
    return data


@pytest.fixture
def cache(tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "cache"
    monkeypatch.setenv(kgaz.CACHE_ENV, str(path))
    return path


@pytest.fixture
def loads(monkeypatch) -> list[Path]:
    """Every real load() call, by folder."""
    calls: list[Path] = []
    real = kgaz.load

    def counted(folder, **kw):
        calls.append(folder)
        return real(folder, **kw)

    monkeypatch.setattr(kgaz, "load", counted)
    return calls


def test_a_second_load_reads_the_cache(folder, cache, loads):
    first = kgaz.cached_load(folder, words=words, forms=forms)
    second = kgaz.cached_load(folder, words=words, forms=forms)
    assert len(loads) == 1
    assert len(list(cache.glob("gazetteer-*.pickle"))) == 1
    assert second.entries == first.entries and second.index == first.index
    assert second.adjectives == {"канадский": "Q16", "японский": "Q17"}


def test_a_changed_data_file_is_loaded_again_and_the_old_cache_removed(folder, cache, loads):
    kgaz.cached_load(folder, words=words, forms=forms)
    (folder / "states.jsonl").write_text(STATES[0] + "\n", encoding="utf-8")
    gaz = kgaz.cached_load(folder, words=words, forms=forms)
    assert len(loads) == 2
    assert list(gaz.entries) == ["Q16"]
    assert len(list(cache.glob("gazetteer-*.pickle"))) == 1


def test_a_damaged_cache_is_rebuilt(folder, cache, loads):
    kgaz.cached_load(folder, words=words, forms=forms)
    (path,) = cache.glob("gazetteer-*.pickle")
    path.write_bytes(b"\x80\x05not a pickle")
    gaz = kgaz.cached_load(folder, words=words, forms=forms)
    assert len(loads) == 2 and "Q17" in gaz.entries
    assert isinstance(pickle.loads(path.read_bytes()), kgaz.Gazetteer)


def test_an_unwritable_cache_only_costs_the_load(folder, tmp_path, monkeypatch, loads):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv(kgaz.CACHE_ENV, str(blocker / "cache"))
    for _ in range(2):
        assert "Q16" in kgaz.cached_load(folder, words=words, forms=forms).entries
    assert len(loads) == 2


def test_the_cache_can_be_switched_off(folder, tmp_path, monkeypatch, loads):
    monkeypatch.setenv(kgaz.CACHE_ENV, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    kgaz.cached_load(folder, words=words, forms=forms)
    kgaz.cached_load(folder, words=words, forms=forms)
    assert len(loads) == 2
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()


def test_no_home_directory_means_no_cache(folder, monkeypatch, loads):
    monkeypatch.delenv(kgaz.CACHE_ENV, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", no_home)
    assert kgaz.cache_dir() is None
    assert "Q17" in kgaz.cached_load(folder, words=words, forms=forms).entries
    assert len(loads) == 1


def test_xdg_cache_home_is_used(tmp_path, monkeypatch):
    monkeypatch.delenv(kgaz.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert kgaz.cache_dir() == tmp_path / "xdg" / "diplograph"
