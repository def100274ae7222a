"""The language server's speed, through the protocol (a client over stdio, as an editor).

    .venv/bin/python bench/lsp.py [--partnerskap 30] [--fylker 15] [--edits 40]

Generates corpora with bench/generate.py in a temporary folder and prints:

- the time from a `didChange` in one partnership's tiltak.yaml, in a forum of `--partnerskap`
  partnerships, to the `publishDiagnostics` for that file (median and 90th percentile of
  `--edits` edits; each edit changes an amount, so the file is read and checked again and every
  rule runs): target median ≤ 50 ms;
- the time from starting `komp lsp` to the first diagnostics of a workspace holding the
  national corpus (`--fylker` forums; the server checks every forum when it starts, and says so
  in a log message) with an empty cache, against a cold `komp validate` of the corpus in its own
  process (no cache): target ≤ 1×; and the time until a file opened right away has its forum
  validated in the server (which then keeps its models for the edits).

Both sides include starting Python. Not a test: the figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))

from generate import generate  # noqa: E402  # bench/ is not a package: found through sys.path

from lsp_client import LspClient  # noqa: E402

SERVER = [sys.executable, "-m", "kompetanse_cli", "lsp"]


def _tiltak(forum: Path, index: int) -> Path:
    partnerships = sorted((forum / "partnerskap").iterdir())
    return partnerships[index % len(partnerships)] / "tiltak.yaml"


def edit_latency(forum: Path, edits: int, env: dict[str, str]) -> list[float]:
    """Seconds from each didChange to the diagnostics of the changed file."""
    path = _tiltak(forum, 15)
    text = path.read_text(encoding="utf-8")
    marker = "egenandel: "
    start = text.index(marker) + len(marker)
    end = text.index("\n", start)
    client = LspClient(SERVER, cwd=forum, env=env)
    try:
        client.initialize(forum)
        before = client.published_count()
        uri = client.open(path)
        client.wait_for(uri, before, timeout=120)
        times = []
        for edit in range(edits):
            amount = 900_000 + edit  # a different amount each time: a real change
            changed = text[:start] + str(amount) + text[end:]
            before = client.published_count()
            sent = time.perf_counter()
            client.change(uri, changed, edit + 2)
            client.wait_for(uri, before, timeout=60)
            published_at = next(at for at, u, _ in client.published[before:] if u == uri)
            times.append(published_at - sent)
        return times
    finally:
        client.close()


def first_diagnostics(corpus: Path, forums: list[Path], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from starting the server to the diagnostics of the whole workspace (its log line
    after checking every forum), and to those of one open file in each of `forums`."""
    started = time.perf_counter()
    client = LspClient(SERVER, cwd=corpus, env=env)
    try:
        client.initialize(corpus)
        before = client.published_count()
        uris = [client.open(_tiltak(forum, 0)) for forum in forums]
        workspace = client.wait_for_log("komp: kontrollerte", timeout=600) - started
        for uri in uris:
            client.wait_for(uri, before, timeout=600)
        return workspace, time.perf_counter() - started
    finally:
        client.close()


def cold_validate(corpus: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "kompetanse_cli", "--no-cache", "validate", str(corpus)],
                            env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"the corpus does not validate clean:\n{result.stdout[-2000:]}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partnerskap", type=int, default=30)
    parser.add_argument("--fylker", type=int, default=15)
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="komp-lsp-bench-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "KOMP_CACHE_DIR": str(work / "cache")}
        print(f"komp lsp benchmark: {platform.platform()}, {os.cpu_count()} cpus, "
              f"load {os.getloadavg()[0]:.2f}")
        one = generate(work / "forum", fylker=1, partnerskap=args.partnerskap)[0]
        times = edit_latency(one, args.edits, env)
        median = statistics.median(times)
        p90 = sorted(times)[int(0.9 * (len(times) - 1))]
        print(f"didChange → publishDiagnostics, 1 forum × {args.partnerskap} partnerships: "
              f"median {median * 1000:.0f} ms, p90 {p90 * 1000:.0f} ms over {len(times)} edits "
              f"(target median ≤ 50 ms){'' if median <= 0.05 else '  MISSED'}")
        corpus = work / "national"
        forums = generate(corpus, fylker=args.fylker, partnerskap=args.partnerskap)
        files = sum(1 for _ in corpus.rglob("*.yaml"))
        colds, workspaces, opens, warms = [], [], [], []
        for run in range(args.runs):
            # a cold run, without cache, against a server whose cache is as cold
            run_env = {**env, "KOMP_CACHE_DIR": str(work / f"cache-{run}")}
            colds.append(cold_validate(corpus, run_env))
            workspace, opened = first_diagnostics(corpus, forums[:1], run_env)
            workspaces.append(workspace)
            opens.append(opened)
            warms.append(first_diagnostics(corpus, forums[:1], run_env)[0])  # the cache now full
        cold, workspace, opened, warm = (statistics.median(x) for x in (colds, workspaces, opens, warms))
        print(f"cold `komp validate`, {len(forums)} forums, {files} files: {cold:.2f} s")
        print(f"first diagnostics of the whole workspace (every forum checked, cold cache): "
              f"{workspace:.2f} s = {workspace / cold:.2f}× cold validate (target ≤ 1×)"
              f"{'' if workspace <= cold else '  MISSED'}")
        print(f"the same with the cache of an earlier run (as after `komp validate`): {warm:.2f} s "
              f"= {warm / cold:.2f}× cold validate")
        print(f"then the first file opened, its forum validated in the server: {opened:.2f} s "
              "from start")
        print(f"load after the run: {os.getloadavg()[0]:.2f} (medians of {args.runs} runs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
