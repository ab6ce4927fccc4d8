"""Session-wide settings: the gazetteer cache (kg.gazetteer.cached_load) goes to a temporary
folder, so a test run neither reads nor leaves files in the user's ~/.cache."""

from __future__ import annotations

import os
import shutil
import tempfile

_made: list[str] = []


def pytest_configure(config) -> None:
    if "DIPLOGRAPH_CACHE" not in os.environ:
        _made.append(tempfile.mkdtemp(prefix="diplograph-cache-"))
        os.environ["DIPLOGRAPH_CACHE"] = _made[-1]  # inherited by the `kg` subprocesses too


def pytest_unconfigure(config) -> None:
    for path in _made:
        shutil.rmtree(path, ignore_errors=True)
