"""No outbound network from reading user files: owl:imports is not followed, remote
JSON-LD contexts are refused. Every way out (sockets, urllib) is watched."""

from __future__ import annotations

import socket
import urllib.request

import pytest

from kg.errors import InputError
from kg.rdfio import load_dataset


@pytest.fixture
def attempts(monkeypatch):
    """Record (and block) every attempt to open a connection."""
    calls: list[object] = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise OSError("network access attempted in a test")

    monkeypatch.setattr(socket.socket, "connect", lambda self, *a, **k: refuse(*a))
    monkeypatch.setattr(socket.socket, "connect_ex", lambda self, *a, **k: refuse(*a))
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", lambda self, *a, **k: refuse(*a))
    return calls


def test_the_guard_sees_a_request(attempts):
    # The watch itself works: an attempt is recorded (else the tests below prove nothing).
    with pytest.raises(OSError):
        urllib.request.urlopen("http://example.org/x", timeout=1)
    with pytest.raises(OSError):
        socket.create_connection(("example.org", 80), timeout=1)
    assert len(attempts) == 2


def test_owl_imports_is_not_followed(tmp_path, attempts):
    ttl = tmp_path / "imports.ttl"
    ttl.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<http://example.org/onto> a owl:Ontology ; owl:imports <http://example.org/x> .\n"
        "<http://example.org/a> <http://example.org/p> <http://example.org/b> .\n",
        encoding="utf-8",
    )
    ds = load_dataset([ttl])
    assert len(list(ds.quads((None, None, None, None)))) == 3  # parsed, nothing imported
    assert attempts == []


@pytest.mark.parametrize(
    "context",
    [
        '"http://example.org/context.jsonld"',
        '["https://schema.org/", {"name": "http://schema.org/name"}]',
    ],
)
def test_remote_jsonld_context_is_refused_without_a_request(tmp_path, attempts, context):
    doc = tmp_path / "remote.jsonld"
    doc.write_text(
        '{"@context": ' + context + ', "@id": "http://example.org/a", "name": "x"}',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_dataset([doc])
    message = str(info.value)
    assert "\n" not in message
    assert "remote.jsonld" in message or "context" in message
    assert attempts == []


def test_local_jsonld_context_still_works(tmp_path, attempts):
    doc = tmp_path / "local.jsonld"
    doc.write_text(
        '{"@context": {"name": "http://schema.org/name"}, "@id": "http://example.org/a", '
        '"name": "x"}',
        encoding="utf-8",
    )
    ds = load_dataset([doc])
    assert len(list(ds.quads((None, None, None, None)))) == 1
    assert attempts == []
