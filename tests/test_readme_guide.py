"""The README's guide to overlays, run as it is written: its files are written out, its
commands run with `kg` on the PATH, and the table it shows must be what they print."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

README = Path(__file__).resolve().parent.parent / "README.md"
TITLE = "## Your own actors, office holders, trigger words and queries"


def guide() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(TITLE)
    return text[start : text.index("\n## ", start + 1)]


def test_the_readme_guide_runs_as_written(tmp_path):
    section = guide()
    # "`FILE` — what it is:" opens a paragraph followed by that file's content.
    files = re.findall(r"^`([\w./-]+\.\w+)` — .*?\n```\w+\n(.*?)```", section, re.S | re.M)
    assert {name for name, _ in files} == {"overlays/people.jsonl", "overlays/triggers.toml",
                                           "queries/by_rule.rq", "kg.toml"}
    for name, content in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content, encoding="utf-8")
    (script,) = re.findall(r"```sh\n(.*?)```", section, re.S)
    (shown,) = re.findall(r"```text\n(.*?)```", section, re.S)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "kg").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m kg "$@"\n', encoding="utf-8")
    (bin_dir / "kg").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(README.parent), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    printed = [line.rstrip() for line in proc.stdout.splitlines()]
    assert printed[0] == "kg check: 4 files OK"
    for line in shown.splitlines():
        assert line.rstrip() in printed, f"{line!r} not printed:\n{proc.stdout}"
