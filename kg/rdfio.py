"""Reading and writing RDF files: format from the extension, atomic writes, no network.

rdflib can fetch remote JSON-LD contexts and follow `owl:imports`; we never let it:
graphs are parsed from local bytes only, and JSON-LD remote contexts are refused.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID, ConjunctiveGraph

from kg.errors import InputError, OutputError

FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".n3": "n3",
}
QUAD_FORMATS = {"nquads", "trig", "json-ld"}


def format_for(path: str | Path, override: str | None = None) -> str:
    """rdflib format name for a path (or the explicit override)."""
    if override:
        return FORMATS.get("." + override.lstrip("."), override)
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        known = " ".join(sorted(FORMATS))
        raise InputError(f"{path}: unknown RDF format {suffix or '(no extension)'!r}; use one of {known}")
    return FORMATS[suffix]


def _refuse_remote_contexts() -> None:
    # rdflib's JSON-LD parser resolves remote @context URLs through this hook.
    try:
        from rdflib.plugins.shared.jsonld import context as jsonld_context
    except ImportError:  # pragma: no cover - older rdflib
        return

    def _no_fetch(source, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise InputError(f"remote JSON-LD context refused (no network access): {source}")

    if hasattr(jsonld_context, "source_to_json"):
        jsonld_context.source_to_json = _no_fetch  # type: ignore[assignment]


def rdf_path(path: str | Path) -> Path:
    """An RDF input that exists and is a file, or a one-line InputError naming it."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a folder, expected an RDF file")
    return p


def load_dataset(paths: Iterable[str | Path], fmt: str | None = None) -> Dataset:
    """Parse RDF files into one Dataset (named graphs kept); one-line errors naming the file."""
    _refuse_remote_contexts()
    ds = Dataset(default_union=True)
    any_path = False
    for path in paths:
        any_path = True
        p = rdf_path(path)
        rdf_format = format_for(p, fmt)
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise InputError(f"{p}: cannot read ({exc.strerror})") from None
        try:
            if rdf_format in QUAD_FORMATS:
                ds.parse(data=data, format=rdf_format, publicID=p.resolve().as_uri())
            else:
                ds.default_graph.parse(data=data, format=rdf_format, publicID=p.resolve().as_uri())
        except InputError:
            raise
        except Exception as exc:  # rdflib raises many types; the message is what matters
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise InputError(f"{p}: not valid {rdf_format}: {message}") from None
    if not any_path:
        raise InputError("no graph files given")
    return ds


def union_graph(ds: Dataset | ConjunctiveGraph | Graph) -> Graph:
    """All triples of all named graphs as one plain Graph (for SPARQL, networkx, owlrl)."""
    if isinstance(ds, Dataset | ConjunctiveGraph):
        g = Graph()
        for prefix, ns in ds.namespaces():
            g.bind(prefix, ns, override=True)
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
        return g
    return ds


def serialize(ds: Dataset | Graph, rdf_format: str) -> bytes:
    """Serialise; triple formats get the union of all named graphs."""
    if rdf_format not in QUAD_FORMATS and isinstance(ds, Dataset):
        ds = union_graph(ds)
    # rdflib keeps named graphs in a set, so their order follows PYTHONHASHSEED; sort them,
    # so that the same input gives the same bytes in every process.
    if rdf_format == "trig" and isinstance(ds, Dataset):
        import io

        from rdflib.plugins.serializers.trig import TrigSerializer

        writer = TrigSerializer(ds)
        writer.contexts.sort(key=lambda g: (g.identifier == DATASET_DEFAULT_GRAPH_ID, str(g.identifier)))
        buffer = io.BytesIO()
        writer.serialize(buffer, encoding="utf-8")
        return buffer.getvalue()
    if rdf_format == "nquads":
        out = ds.serialize(format=rdf_format, encoding="utf-8")
        lines = (out if isinstance(out, bytes) else out.encode("utf-8")).splitlines(keepends=True)
        return b"".join(sorted(set(lines)))
    out = ds.serialize(format=rdf_format, encoding="utf-8")
    return out if isinstance(out, bytes) else out.encode("utf-8")


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written file."""
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"{target}: is a folder, expected a file name")
    if target.exists() and not target.is_file():
        # /dev/null, /dev/stdout, a FIFO: renaming over them would replace the device itself.
        try:
            with open(target, "wb") as fh:
                fh.write(data)
        except OSError as exc:
            raise OutputError(f"{target}: cannot write ({exc.strerror})") from None
        return
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{target}: folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are meant to be shared
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{target}: cannot write ({exc.strerror})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_graph(ds: Dataset | Graph, path: str | Path, fmt: str | None = None) -> None:
    write_atomic(path, serialize(ds, format_for(path, fmt)))
