"""A small synchronous Language Server Protocol client over stdio, for tests and the benchmark.

It speaks JSON-RPC with Content-Length framing to a server process, answers the requests a
server sends (configuration, registration, progress) with empty results, and keeps every
`textDocument/publishDiagnostics` it receives, so a test can wait for the diagnostics of one
document after an edit.
"""

from __future__ import annotations

import contextlib
import json
import queue
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


class LspError(Exception):
    """The server answered a request with an error, or did not answer in time."""


class LspClient:
    """One server process and the messages it sent."""

    def __init__(self, command: Sequence[str], cwd: Path | None = None,
                 configuration: Callable[[dict[str, Any]], Any] | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            list(command), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            cwd=cwd, env=env,
        )
        self._next_id = 0
        self._responses: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self._changed = threading.Condition()
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.published: list[tuple[float, str, list[dict[str, Any]]]] = []
        self.notifications: list[dict[str, Any]] = []
        self._configuration = configuration
        self._stderr: list[bytes] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    # --- wire ---------------------------------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        with self._lock:
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.process.stdin.flush()

    def _drain_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self._stderr.append(line)

    def stderr(self) -> str:
        return b"".join(self._stderr).decode("utf-8", "replace")

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if length is None:
                continue
            message = json.loads(stream.read(length))
            self._dispatch(message)

    def _dispatch(self, message: dict[str, Any]) -> None:
        if "id" in message and "method" not in message:
            box = self._responses.get(message["id"])
            if box is not None:
                box.put(message)
            return
        method = message.get("method")
        message["_received"] = time.perf_counter()
        if "id" in message:  # a request from the server
            result: Any = None
            if method == "workspace/configuration":
                items = message["params"]["items"]
                result = [self._configuration(item) if self._configuration else None for item in items]
            self._send({"id": message["id"], "result": result})
            return
        if method == "textDocument/publishDiagnostics":
            params = message["params"]
            with self._changed:
                self.diagnostics[params["uri"]] = params["diagnostics"]
                self.published.append((time.perf_counter(), params["uri"], params["diagnostics"]))
                self._changed.notify_all()
            return
        with self._changed:
            self.notifications.append(message)
            self._changed.notify_all()

    # --- requests -----------------------------------------------------------------------------

    def request(self, method: str, params: Any, timeout: float = 30.0) -> Any:
        self._next_id += 1
        ident = self._next_id
        box: queue.Queue[dict[str, Any]] = queue.Queue()
        self._responses[ident] = box
        self._send({"id": ident, "method": method, "params": params})
        try:
            answer = box.get(timeout=timeout)
        except queue.Empty:
            raise LspError(f"no answer to {method} within {timeout} s\n{self.stderr()}") from None
        finally:
            del self._responses[ident]
        if "error" in answer:
            raise LspError(f"{method}: {answer['error']}")
        return answer.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def initialize(self, root: Path, options: Any = None) -> Any:
        result = self.request("initialize", {
            "processId": None,
            "rootUri": root.as_uri(),
            "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
            "initializationOptions": options,
            "capabilities": {
                "workspace": {"configuration": True, "workspaceFolders": True},
                "textDocument": {
                    "publishDiagnostics": {"relatedInformation": True},
                    "hover": {"contentFormat": ["markdown", "plaintext"]},
                    "completion": {"completionItem": {"snippetSupport": False}},
                    "documentSymbol": {"hierarchicalDocumentSymbolSupport": True},
                    "codeAction": {"codeActionLiteralSupport": {
                        "codeActionKind": {"valueSet": ["quickfix"]}}},
                },
            },
        })
        self.notify("initialized", {})
        return result

    # --- documents ----------------------------------------------------------------------------

    def open(self, path: Path, text: str | None = None, language: str = "yaml") -> str:
        uri = path.resolve().as_uri()
        if text is None:
            text = path.read_text(encoding="utf-8")
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": language, "version": 1, "text": text}})
        return uri

    def change(self, uri: str, text: str, version: int) -> None:
        self.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": text}],
        })

    def published_count(self) -> int:
        with self._changed:
            return len(self.published)

    def wait_for(self, uri: str, after: int = 0, timeout: float = 30.0,
                 ) -> list[dict[str, Any]]:
        """The diagnostics of `uri` from the first publication after the `after`-th one."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for _, published_uri, diagnostics in self.published[after:]:
                    if published_uri == uri:
                        return diagnostics
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise LspError(f"no diagnostics for {uri} within {timeout} s\n{self.stderr()}")
                self._changed.wait(remaining)

    def wait_for_log(self, prefix: str, timeout: float = 60.0) -> float:
        """When (perf_counter) a `window/logMessage` starting with `prefix` arrived."""
        deadline = time.monotonic() + timeout
        seen = 0
        with self._changed:
            while True:
                for message in self.notifications[seen:]:
                    if message.get("method") == "window/logMessage" and \
                            str(message["params"].get("message", "")).startswith(prefix):
                        return float(message["_received"])
                seen = len(self.notifications)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise LspError(f"no log message «{prefix}…» within {timeout} s\n{self.stderr()}")
                self._changed.wait(remaining)

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            self.process.wait(timeout=10)
        except (LspError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
