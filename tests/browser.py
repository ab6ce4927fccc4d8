"""Headless Chromium driven over the DevTools protocol, for the tests marked `browser`:
one page, its console and network events recorded; no network (every host unresolvable)."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")


class Browser:
    """Headless Chromium driven over the DevTools protocol (one page, events recorded)."""

    def __init__(self, profile: Path) -> None:
        import websocket  # websocket-client, a test dependency

        self.proc = subprocess.Popen(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-default-apps",
                "--mute-audio",
                "--hide-scrollbars",
                # No network: every host unresolvable, every proxy connection refused.
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--proxy-server=127.0.0.1:9",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                f"--user-data-dir={profile}",
                "--window-size=1280,800",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text().strip()):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.close()
                pytest.fail("Chromium did not start its DevTools endpoint")
            time.sleep(0.05)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
            pages = [t for t in json.load(r) if t["type"] == "page"]
        self.ws = websocket.create_connection(
            pages[0]["webSocketDebuggerUrl"], timeout=30, suppress_origin=True
        )
        self.next_id = 0
        self.events: list[dict] = []

    def send(self, method: str, **params: object) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def watch(self, *domains: str, width: int = 1280, height: int = 800) -> None:
        """Enable the DevTools domains to record and set a desktop window size."""
        for domain in domains:
            self.send(f"{domain}.enable")
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)

    def load(self, page: Path) -> str:
        """Open a page of kg viz (console, network and page events recorded) and wait until it
        says it has drawn; its URL."""
        self.watch("Runtime", "Log", "Network", "Page")
        url = page.resolve().as_uri()
        self.send("Page.navigate", url=url)
        self.wait_for("document.body && document.body.getAttribute('data-ready') === '1'")
        time.sleep(0.3)
        return url

    def eval(self, expression: str) -> object:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while not self.eval(expression):
            if time.monotonic() > deadline:
                pytest.fail(f"timed out waiting for {expression}")
            time.sleep(0.1)

    def errors(self) -> list[str]:
        out = []
        for ev in self.events:
            m, p = ev["method"], ev["params"]
            if m == "Runtime.consoleAPICalled" and p["type"] in ("error", "assert"):
                out.append(" ".join(str(a.get("value", a.get("description"))) for a in p["args"]))
            elif m == "Runtime.exceptionThrown":
                out.append(
                    p["exceptionDetails"].get("exception", {}).get("description", "exception")
                )
            elif m == "Log.entryAdded" and p["entry"]["level"] == "error":
                out.append(p["entry"]["text"])
        return out

    def requests(self) -> list[str]:
        return [
            ev["params"]["request"]["url"]
            for ev in self.events
            if ev["method"] == "Network.requestWillBeSent"
        ]

    def close(self) -> None:
        if getattr(self, "ws", None):
            self.ws.close()
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def open_browser(tmp_path: Path) -> Iterator[Browser]:
    """A Browser for a fixture to yield (skips when Chromium or websocket-client is missing)."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing (scripts/system-packages.sh installs it)")
    pytest.importorskip(
        "websocket", reason="websocket-client is missing (pip install -e '.[test]')"
    )
    b = Browser(tmp_path / "profile")
    try:
        yield b
    finally:
        b.close()
        shutil.rmtree(tmp_path / "profile", ignore_errors=True)
