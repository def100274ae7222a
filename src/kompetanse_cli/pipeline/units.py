"""Validating the units of a run: each answered from the cache or checked afresh, one at a
time or, for a large cold run, in two forked processes.

Only light modules are imported here: a warm `komp validate` answers from the cache without
pydantic, the YAML parser or the rules.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, Report, Selection, Sources
from .cache import Snapshot, UnitCache
from .runner import SelectedRules
from .runner import wants_schema as schema_wanted

if TYPE_CHECKING:
    from ..domain.context import ForumContext
    from .cache import Cache
    from .discover import ForumLayout
    from .warm import Record

Outcome = tuple[list[Diagnostic], int, dict[str, int]]


def run_units(units: Sequence[ForumLayout | None], answered: dict[int, Outcome],
              record: Record | None, stamp: int, selection: Selection, cache: Cache | None,
              contexts: list[ForumContext] | None, report: Report,
              told: Callable[[Outcome], None] | None = None,
              jobs: int | None = None, early: Early | None = None) -> list[Outcome]:
    """Each unit's outcome, in unit order (and with `contexts`, each unit's context); `told`
    hears each outcome as soon as its unit is done. `jobs`: how many processes the units that
    need reading may use (None: two for a large run on a machine with a core to spare).

    A unit that is None was answered from the warm `record` (its outcome in `answered`); the
    record is kept for the next run when it could vouch for every unit. A unit `early` started
    validating already has its outcome from there.
    """
    wants_schema = schema_wanted(selection)
    # First what the cache knows from a stat of each file, then the units that need reading
    # (perhaps in parallel), one at a time: a unit's bytes and models are let go before the
    # next is read. The results are added in unit order either way.
    outcomes: list[Outcome | None] = []
    todo: list[_Job] = []
    fresh = record is not None and not record.units  # every unit freshly discovered
    for position, layout in enumerate(units):
        if layout is None:  # answered from the warm record
            assert record is not None
            sources = report.sources
            assert isinstance(sources, Sources)
            sources.add_text(record.units[position].files)
            outcomes.append(answered[position])
            if told is not None:
                told(answered[position])
            continue
        listed = layout.listed()
        known = report.sources
        assert isinstance(known, Sources)
        known.add_text((rel, path) for rel, path, _ in listed)  # the record shares the texts
        snapshot = None
        if cache is not None:
            snapshot = Snapshot(cache, layout, listed, stamp)
            if record is not None and not record.keep(None if fresh else position, layout,
                                                      snapshot.key, snapshot.parts(layout),
                                                      listed):
                record = None  # something in it the record cannot vouch for: not kept
            if early is not None and contexts is None:
                started = early.collect(position)
                if started is not None:
                    outcomes.append(started)
                    if told is not None:
                        told(started)
                    continue
            result_key = snapshot.result_key(layout, selection) if contexts is None else None
            hit = cache.get_result(result_key) if result_key is not None else None
            if hit is not None:
                outcomes.append(hit)
                if told is not None:
                    told(hit)
                continue
        # The snapshot is made again when the unit is read: held for every unit until then,
        # the stats of a national run's files took more memory than a forum.
        todo.append(_Job(len(outcomes), layout, None, cache, stamp))
        outcomes.append(None)
        del snapshot, listed
    if todo:
        rules = SelectedRules(selection)
        processes = _jobs(todo, jobs) if contexts is None else 1
        if processes > 1:
            for position, outcome in _in_parallel(todo, rules, selection, wants_schema,
                                                  processes):
                outcomes[todo[position].index] = outcome
                if told is not None:
                    told(outcome)
        else:
            for position, job in enumerate(todo):
                outcome, ctx = _run(job, rules, selection, wants_schema, contexts is not None)
                outcomes[job.index] = outcome
                if told is not None:
                    told(outcome)
                if contexts is not None:
                    assert ctx is not None
                    contexts.append(ctx)
                # Let go of the unit's models and snapshot before the next unit is read.
                todo[position] = _Job(job.index, job.layout, None, None, stamp)
                del ctx
    if record is not None:
        record.save(report.base)
    done: list[Outcome] = []
    for finished in outcomes:
        assert finished is not None
        done.append(finished)
    return done


@dataclass
class _Job:
    """A unit to validate: where its outcome goes, its layout, and its files' snapshot."""

    index: int
    layout: ForumLayout
    snapshot: Snapshot | None
    cache: Cache | None  # to make the snapshot with when there is none yet
    stamp: int


def _run(job: _Job, rules: SelectedRules, selection: Selection, wants_schema: bool,
         with_context: bool) -> tuple[Outcome, ForumContext | None]:
    """One unit: from the cache when its content is known there, else validated (and kept)."""
    snapshot = job.snapshot
    if snapshot is None and job.cache is not None:
        snapshot = job.snapshot = Snapshot(job.cache, job.layout, job.layout.listed(), job.stamp)
    if snapshot is not None:
        snapshot.read()
        result_key = snapshot.result_key(job.layout, selection)
        if result_key is not None and not with_context:
            # Files were touched or rewritten with the same content: the result still holds.
            hit = snapshot.cache.get_result(result_key)
            if hit is not None:
                snapshot.save()
                return hit, None
    from . import check  # the loader, the schema and the rules: only for a unit checked afresh

    unit_cache = UnitCache(snapshot.cache, job.layout, snapshot) if snapshot is not None else None
    try:
        found, files, overflow, ctx = check._validate_unit(job.layout, rules.get(), selection,
                                                           wants_schema, unit_cache,
                                                           release=not with_context)
    except BaseException:
        if unit_cache is not None:
            unit_cache.abandon()
        raise
    if not with_context:
        ctx.memo.clear()  # the rules' figures worked out once per forum, let go before the pack
    if snapshot is not None and unit_cache is not None:
        unit_cache.save()
        if result_key is None:  # files read as they were checked: their hashes are known now
            result_key = snapshot.result_key(job.layout, selection)
        if result_key is not None and not snapshot.unstable and not ctx.volatile:
            snapshot.cache.put_result(result_key, found, files, overflow)
        snapshot.save()
    return (found, files, overflow), ctx if with_context else None


# --- a unit started while the warm record answers the others -----------------------------


class Early:
    """A unit that needs reading, validated in a forked process as soon as it is known, while
    this process answers the other units from the warm record: with one file changed in a
    national run, the changed forum's reading and rules overlap with the others' stats.

    Only on Linux with two cores, unless `KOMP_JOBS=1`, and from a process without other
    threads (a fork copies only the calling thread). Unlike the two processes of a cold run it
    does not wait for a core to be free: the second process does the unit's work instead of
    this one, not beside it, so a busy machine loses nothing but the fork. Its outcome is
    collected by `run_units`; when the process fails, the unit is validated here as usual.
    """

    def __init__(self, selection: Selection, cache: Cache, stamp: int,
                 jobs: int | None) -> None:
        import sys
        import threading

        self.selection, self.cache, self.stamp = selection, cache, stamp
        self.allowed = (sys.platform == "linux" and threading.active_count() == 1
                        and (jobs is None or jobs > 1) and _cpus() >= 2)
        self.started: dict[int, tuple[int, int]] = {}  # position → (process id, pipe to read)

    def start(self, position: int, layout: ForumLayout) -> None:
        """Start validating the unit at `position` (one unit at a time: one core to spare)."""
        if not self.allowed or self.started:
            return
        try:
            read, write = os.pipe()
            pid = os.fork()
        except OSError:
            return
        if pid == 0:  # the forked process: validate, send the outcome, and leave at once
            try:
                os.close(read)
                ignore_interrupt()
                import pickle

                selection = self.selection
                outcome, _ = _run(_Job(position, layout, None, self.cache, self.stamp),
                                  SelectedRules(selection), selection, schema_wanted(selection),
                                  False)
                with os.fdopen(write, "wb") as out:
                    out.write(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))
            finally:
                os._exit(0)
        os.close(write)
        self.started[position] = (pid, read)

    def collect(self, position: int) -> Outcome | None:
        """The outcome of the unit started at `position` (None when none was, or it failed)."""
        started = self.started.pop(position, None)
        if started is None:
            return None
        import pickle

        pid, read = started
        try:
            with os.fdopen(read, "rb") as stream:
                data = stream.read()
        except BaseException:  # Ctrl-C while waiting: the process is not waited for
            _kill(pid)
            raise
        finally:
            _reap(pid)
        try:
            outcome = pickle.loads(data) if data else None  # from komp's own child process
        except Exception:
            return None
        return outcome if isinstance(outcome, tuple) and len(outcome) == 3 else None

    def stop(self) -> None:
        """End what was started and not collected (the run was interrupted)."""
        for pid, read in self.started.values():
            _kill(pid)
            _reap(pid)
            with contextlib.suppress(OSError):
                os.close(read)
        self.started.clear()


def _kill(pid: int) -> None:
    import signal

    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)


def _reap(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)


# --- two processes for large cold runs ---------------------------------------------------

PARALLEL_MIN_FILES = 250  # below this, starting a worker costs more than it saves


def _jobs(todo: Sequence[_Job], configured: int | None) -> int:
    """How many processes to validate `todo` with: as `configured`, else 2 for large runs."""
    return processes_for(len(todo), sum(len(job.layout.paths()) for job in todo), configured)


def processes_for(parts: int, files: int, configured: int | None) -> int:
    """How many forked processes `parts` independent pieces of work over `files` files may
    use: as `configured` (KOMP_JOBS), else 2 for a large run with a core to spare, else 1."""
    import sys

    if parts < 2 or sys.platform != "linux":  # fork is cheap and safe only there
        return 1
    if configured is not None:
        return max(1, min(configured, parts))
    cpus = _cpus()
    if cpus < 2 or files < PARALLEL_MIN_FILES:
        return 1
    # A second process pays only with a core to spare: on a busy machine (CI runners, a test
    # suite in the background) the two processes share one core and lose a few per cent.
    try:
        spare = cpus - os.getloadavg()[0]
    except OSError:
        spare = 1.0
    return 2 if spare >= 0.75 else 1


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def ignore_interrupt() -> None:
    """In a worker: Ctrl-C is the parent's to handle (it stops the pool and exits with 130);
    a worker that took it too would print its own traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


_SHARED: tuple[Any, ...] | None = None  # what forked workers inherit (not pickled)


def _work(position: int) -> tuple[int, Outcome]:
    assert _SHARED is not None
    todo, rules, selection, wants_schema = _SHARED
    outcome, _ = _run(todo[position], rules, selection, wants_schema, False)
    todo[position].snapshot = None  # this worker's copy: let go of the unit's stats and hashes
    return position, outcome


def _in_parallel(todo: Sequence[_Job], rules: SelectedRules, selection: Selection,
                 wants_schema: bool, jobs: int) -> Iterator[tuple[int, Outcome]]:
    """Validate the units in `jobs` forked processes; only the diagnostics travel back, each
    unit's (its position in `todo`, its outcome) as soon as it is done.

    The heavy modules are imported before forking, so the workers share them instead of each
    importing them again. Each worker reads, validates and caches its units itself.
    """
    global _SHARED
    import multiprocessing

    from . import load, schema  # noqa: F401  # imported once, before the fork

    rules.get()

    _SHARED = (todo, rules, selection, wants_schema)
    try:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=ignore_interrupt) as pool:
            # Largest units first, so that one big forum does not finish last on its own.
            order = sorted(range(len(todo)), key=lambda i: -len(todo[i].layout.paths()))
            yield from pool.imap_unordered(_work, order, chunksize=1)
    finally:
        _SHARED = None
