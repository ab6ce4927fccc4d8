"""A `kg serve` server run in a thread of the test process, on 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def serving(srv) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Serve SRV (kg.serve.make_server's) until the block ends; its base URL."""
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    host, port = srv.server_address[:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(10)
