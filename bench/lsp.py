"""The language server's speed, through the protocol (a client over stdio, as an editor).

    .venv/bin/python bench/lsp.py [--partnerskap 30] [--fylker 15] [--edits 40]

Generates corpora with bench/generate.py in a temporary folder and prints:

- the time from a `didChange` in one partnership's tiltak.yaml, in a forum of `--partnerskap`
  partnerships, to the `publishDiagnostics` for that file (median and 90th percentile of
  `--edits` edits; each edit changes an amount, so the file is read and checked again and every
  rule runs): target median ≤ 50 ms;
- the time from starting `komp lsp` to the diagnostics of a workspace holding the national
  corpus (`--fylker` forums, one misspelt key in one file of each, so that every forum has a
  finding to show) with an empty cache, against a cold `komp validate` of the corpus in its own
  process (`--no-cache`), measured in the same run: the first diagnostics (the first forum's,
  published as soon as it is checked) and those of the whole workspace (every forum checked; the
  server says so in a log message): target ≤ 1×. The same without the check that starts in a
  child while the server starts (KOMP_LSP_PREFETCH=0), to show what it buys; the same with the
  cache an earlier run left; and the time until a file opened right away has its forum
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
from run import _environment  # noqa: E402  # komp compiled to bytecode, as installed

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


def first_diagnostics(corpus: Path, forums: list[Path], env: dict[str, str],
                      ) -> tuple[float, float, float]:
    """Seconds from starting the server to its first diagnostics, to those of the whole
    workspace (its log line after checking every forum), and to those of one open file in each
    of `forums`."""
    started = time.perf_counter()
    client = LspClient(SERVER, cwd=corpus, env=env)
    try:
        client.initialize(corpus)
        before = client.published_count()
        uris = [client.open(_tiltak(forum, 0)) for forum in forums]
        workspace = client.wait_for_log("komp: kontrollerte", timeout=600) - started
        first = min((at for at, _, found in client.published if found), default=workspace + started)
        for uri in uris:
            client.wait_for(uri, before, timeout=600)
        return first - started, workspace, time.perf_counter() - started
    finally:
        client.close()


def misspell(forums: list[Path]) -> None:
    """One misspelt key (K101) in one tiltak.yaml of each forum."""
    for forum in forums:
        path = _tiltak(forum, 7)
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("    ordning: ", "    ordnig: ", 1), encoding="utf-8")


def cold_validate(corpus: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "kompetanse_cli", "--no-cache", "validate", str(corpus)],
                            env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 1 or "K101" not in result.stdout:
        raise SystemExit(f"the corpus does not give the findings it was given:\n{result.stdout[-2000:]}")
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
        env = {**_environment(), "KOMP_CACHE_DIR": str(work / "cache")}
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
        misspell(forums)
        files = sum(1 for _ in corpus.rglob("*.yaml"))
        runs: dict[str, list[float]] = {name: [] for name in (
            "cold", "first", "workspace", "opened", "first0", "workspace0", "warm")}
        for run in range(args.runs):
            # each against a cold run without cache in the same round, the server's cache as cold
            run_env = {**env, "KOMP_CACHE_DIR": str(work / f"cache-{run}")}
            runs["cold"].append(cold_validate(corpus, run_env))
            first, workspace, opened = first_diagnostics(corpus, forums[:1], run_env)
            runs["first"].append(first)
            runs["workspace"].append(workspace)
            runs["opened"].append(opened)
            runs["warm"].append(first_diagnostics(corpus, forums[:1], run_env)[1])  # the cache now full
            plain_env = {**env, "KOMP_CACHE_DIR": str(work / f"cache-plain-{run}"),
                         "KOMP_LSP_PREFETCH": "0"}
            first, workspace, _ = first_diagnostics(corpus, [], plain_env)
            runs["first0"].append(first)
            runs["workspace0"].append(workspace)
        medians = {name: statistics.median(values) for name, values in runs.items()}

        def ratio(name: str) -> float:  # the median of each run's own ratio to its cold run
            return statistics.median(t / c for t, c in zip(runs[name], runs["cold"], strict=True))

        def verdict(name: str) -> str:
            return f"(target ≤ 1×){'' if ratio(name) <= 1 else '  MISSED'}"

        print(f"cold `komp validate`, {len(forums)} forums, {files} files: {medians['cold']:.2f} s")
        print(f"first diagnostics of the workspace (the first forum checked), cold cache: "
              f"{medians['first']:.2f} s = {ratio('first'):.2f}× cold validate {verdict('first')}")
        print(f"diagnostics of the whole workspace (every forum checked), cold cache: "
              f"{medians['workspace']:.2f} s = {ratio('workspace'):.2f}× cold validate "
              f"{verdict('workspace')}")
        print(f"the same without the check started in a child (KOMP_LSP_PREFETCH=0): first "
              f"{medians['first0']:.2f} s = {ratio('first0'):.2f}×, whole workspace "
              f"{medians['workspace0']:.2f} s = {ratio('workspace0'):.2f}×")
        print(f"the whole workspace with the cache of an earlier run (as after `komp validate`): "
              f"{medians['warm']:.2f} s = {ratio('warm'):.2f}× cold validate")
        print(f"then the first file opened, its forum validated in the server: "
              f"{medians['opened']:.2f} s from start")
        print(f"load after the run: {os.getloadavg()[0]:.2f} (medians of {args.runs} runs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
