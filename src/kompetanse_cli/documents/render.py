"""Filling the Markdown templates: jinja2, sandboxed, strict, and escaping every value it prints.

Templates live in the top-level `templates/<målform>/` folder (inside the wheel:
`kompetanse_cli/templates/`). A county's own folder (`--maler DIR`) comes first; a template it does
not have falls back to the bundled one, so a county can replace only what it needs.

Every `{{ … }}` goes through `finalize`: text is escaped for Markdown unless a filter marked it as
already safe (`Md`), numbers are written the Norwegian way. A template therefore cannot print user
text unescaped by forgetting a filter.
"""

from __future__ import annotations

import datetime as dt
import re
import signal
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
)
from jinja2.exceptions import SecurityError, TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from . import numbers
from .markdown import Md, block, inline

MAALFORMER = ("nb", "nn")
JA_NEI = {"nb": ("ja", "nei"), "nn": ("ja", "nei")}


def _periode(row: Any) -> str:
    """A measure's years and duration: "2027–2028 (2 år)", "2027 (1 år)"."""
    years = str(row.fra) if row.fra == row.til else f"{row.fra}–{row.til}"
    return f"{years} ({row.til - row.fra + 1}{numbers.NBSP}år)"


def _terskel(terskel: Any, terskler: Any, maalform: str) -> str:
    """The procurement threshold a purchase reaches, short: «nasjonal terskelverdi», «fra
    100 000 kr», or «under 100 000 kr» below the lowest (DeKom FYO)."""
    if terskel is None:
        return f"under {numbers.kroner(int(terskler[0].beloep), maalform)}" if terskler else "–"
    if terskel.egennavn:
        return str(inline(terskel.navn))
    word = "frå" if maalform == "nn" else "fra"
    return f"{word} {numbers.kroner(int(terskel.beloep), maalform)}"


class TemplateProblem(Exception):
    """A template could not be rendered: its message is Norwegian and names the template.

    `detail` is jinja2's own message, shown under `komp --debug`.
    """

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


# jinja2's syntax errors, in Norwegian: (pattern of jinja2's message, Norwegian words). The
# names in «» are the template's own; jinja2's message is kept as the problem's detail.
_SYNTAX: tuple[tuple[str, str], ...] = (
    (r"Encountered unknown tag '([^']+)'", "ukjent tagg «{0}»; sjekk stavemåten, og at blokken "
     "den hører til er åpnet"),
    (r"[Uu]nexpected end of template.*?looking for the following tags: ([^.]+)",
     "malen slutter før en blokk er lukket (mangler {{% {0} %}})"),
    (r"[Uu]nexpected end of template", "malen slutter midt i et uttrykk eller en blokk"),
    (r"expected token '([^']+)', got '([^']+)'", "uventet «{1}» (ventet «{0}»)"),
    (r"unexpected char '(.+)' at \d+", "uventet tegn «{0}»"),
    (r"unexpected '([^']+)'", "uventet «{0}»"),
    (r"[Nn]o filter named '([^']+)'", "ukjent filter «{0}»"),
    (r"[Nn]o test named '([^']+)'", "ukjent test «{0}»"),
    (r"block '([^']+)' defined twice", "blokken «{0}» er definert to ganger"),
    (r"tag name expected", "mangler navnet på taggen etter «{{%»"),
)


def _syntax_in_norwegian(message: str) -> str:
    for pattern, norsk in _SYNTAX:
        match = re.search(pattern, message)
        if match:
            names = (" ".join(g.replace("'", "").split()).replace(" or ", " %} eller {% ")
                     for g in match.groups())
            return norsk.format(*names)
    return "syntaksfeil i malen"


def bundled_templates() -> Path:
    """The bundled templates: inside the installed package, else the source checkout's folder."""
    try:
        packaged = resources.files("kompetanse_cli") / "templates"
        if packaged.is_dir():
            return Path(str(packaged))
    except (ModuleNotFoundError, OSError):  # pragma: no cover - not importable as a package
        pass
    return Path(__file__).resolve().parents[3] / "templates"


MAX_PRODUCT = 1_000_000  # characters or items a county template may make with `*`
MAX_SECONDS = 10  # a county template that runs longer is stopped


class _TooLarge(SecurityError):
    """A county template tried to build a huge text or list (`'a' * 10**9`)."""


class _TooSlow(Exception):
    """A county template ran longer than MAX_SECONDS (a loop, or a template including itself)."""


class CountySandbox(ImmutableSandboxedEnvironment):
    """jinja2's immutable sandbox, which also refuses huge products and powers."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise _TooLarge(f"{left!r} ** {right!r}")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) \
                        and len(seq) * times > MAX_PRODUCT:
                    raise _TooLarge(f"{len(seq)} × {times}")
        return super().call_binop(context, operator, left, right)


def _finalize(maalform: str) -> Any:
    def finalize(value: Any) -> str:
        if isinstance(value, Md):
            return str(value)
        if isinstance(value, bool):
            return inline(str(value))
        if isinstance(value, int):
            # years and ids print as written; use `|tall` or `|kr` for amounts
            return str(value)
        if isinstance(value, float):
            return numbers.tall(round(value), maalform) if value.is_integer() else \
                inline(f"{value:.1f}".replace(".", ","))
        if isinstance(value, dt.date):
            return numbers.dato(value, maalform)
        if value is None:
            return ""
        return inline(value)
    return finalize


def environment(maalform: str, maler: Path | None = None,
                compiled: Path | None = None) -> Environment:
    """The jinja2 environment for one målform, with the county's folder first when given.

    A county's own templates (`maler`) run in jinja2's immutable sandbox. komp's bundled
    templates are part of komp itself and run without it: the sandbox's check of every
    attribute access was a third of the time to render an innstilling for 30 partnerships.
    """
    if maalform not in MAALFORMER:
        raise ValueError(maalform)
    bundled = bundled_templates()
    paths: list[Path] = []
    if maler is not None:
        paths += [maler / maalform, maler]
    paths += [bundled / maalform]
    kind = CountySandbox if maler is not None else Environment
    env = kind(
        loader=ChoiceLoader([FileSystemLoader(str(p), encoding="utf-8") for p in paths]),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, autoescape=False,
        keep_trailing_newline=True, finalize=_finalize(maalform),
        # separate folders, so that code compiled for one kind of environment never serves the other
        bytecode_cache=_bytecode_cache(
            None if compiled is None else compiled / ("sandkasse" if maler is not None else "komp")),
    )

    def safe(fn: Any) -> Any:
        def wrapped(value: Any, *args: Any) -> Md:
            if value is None:
                return Md("–")
            return Md(fn(value, *args))
        return wrapped

    env.filters.update({
        "md": inline,
        "avsnitt": block,
        "tall": safe(lambda v: numbers.tall(int(v), maalform)),
        "kr": safe(lambda v: numbers.kroner(int(v), maalform)),
        "kr_endring": safe(lambda v: numbers.kroner_endring(int(v), maalform)),
        "prosent": safe(lambda v: numbers.prosent(float(v), maalform)),
        "dato": safe(lambda v: numbers.dato(v, maalform)),
        "liste": lambda values, sep=", ": Md(sep.join(inline(v) for v in values)) if values
        else Md("–"),
        "janei": lambda v: Md("–" if v is None else (JA_NEI[maalform][0] if v else
                                                       JA_NEI[maalform][1])),
        "periode": lambda v: Md(_periode(v)),
        "terskel": lambda v, terskler: Md(_terskel(v, terskler, maalform)),
    })
    env.globals["NBSP"] = Md(numbers.NBSP)
    # documents that have charts pass their own `diagram` when rendering
    env.globals["diagram"] = lambda *args, **kwargs: Md("")
    return env


def _bytecode_cache(folder: Path | None) -> BytecodeCache | None:
    """Compiled templates kept between runs (keyed by jinja2 on each template's source)."""
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # an unwritable cache only costs the compilation
    return FileSystemBytecodeCache(str(folder))


@contextmanager
def _time_limit(seconds: int | None) -> Iterator[None]:
    """Stop a county template after `seconds` (where the platform has interval timers and this
    is the main thread; elsewhere the template simply runs)."""
    usable = (seconds is not None and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, float(seconds or 0))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _where(exc: BaseException, name: str) -> str:
    """"file:line" of the template line that failed, from the traceback jinja2 rewrites."""
    tb = exc.__traceback__
    where = f"malen «{name}»"
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            where = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where


_UNSAFE = re.compile(r"attribute '([^']+)'")
_MISSING = re.compile(r"has no attribute '([^']+)'|'([^']+)' is undefined")


MAX_MEMORY = 256 * 1024 * 1024  # bytes a county template may add to komp's own address space
MAX_OUTPUT = 16 * 1024 * 1024  # characters of a document from a county template


def render(name: str, model: object, maalform: str, maler: Path | None = None,
           compiled: Path | None = None, extra: Mapping[str, Any] | None = None) -> str:
    """Render template `name` (e.g. "innstilling.md.j2") with the view-model as `d` (and the
    functions in `extra`, such as `diagram`).

    A county's templates (`maler`) are rendered in a child process with a memory limit and a
    deadline: the sandbox's checks cannot reach filters that run in C (`format`, `center`,
    `join` of a huge text), so only the operating system can bound them. Where there is no
    fork (not Linux or macOS), the sandbox and the timer in this process are the guard.
    """
    if maler is not None and _can_isolate():
        return _render_isolated(name, model, maalform, maler, compiled, extra)
    return _render_here(name, model, maalform, maler, compiled, extra=extra)


def _can_isolate() -> bool:
    import os

    try:
        import resource  # noqa: F401  (only on Unix)
    except ImportError:  # pragma: no cover - Windows
        return False
    return hasattr(os, "fork") and sys.platform != "win32"


def _address_space() -> int | None:
    """This process's virtual size in bytes (Linux), or None."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            pages = int(handle.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    import os

    return pages * os.sysconf("SC_PAGE_SIZE")


def _render_isolated(name: str, model: object, maalform: str, maler: Path,
                     compiled: Path | None, extra: Mapping[str, Any] | None = None) -> str:
    import os
    import pickle
    import resource
    import select
    import time

    seconds = MAX_SECONDS
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render, send the text or the problem back, and exit at once
        code = 0
        try:
            os.close(read_end)
            size = _address_space()
            if size is not None:
                limit = size + MAX_MEMORY
                resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            cpu = resource.getrusage(resource.RUSAGE_SELF)
            spent = int(cpu.ru_utime + cpu.ru_stime)
            resource.setrlimit(resource.RLIMIT_CPU, (spent + seconds + 1, spent + seconds + 2))
            try:
                text = _render_here(name, model, maalform, maler, compiled, timer=False,
                                    extra=extra)
                if len(text) > MAX_OUTPUT:
                    answer: tuple[str, str, str] = ("problem", _too_large(name), "")
                else:
                    answer = ("ok", text, "")
            except TemplateProblem as exc:
                answer = ("problem", str(exc), exc.detail)
            except MemoryError:
                answer = ("problem", _too_large(name), "")
            payload = pickle.dumps(answer)
            with os.fdopen(write_end, "wb") as handle:
                handle.write(payload)
        except BaseException:  # nothing may escape a forked child
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds + 1
    timed_out = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([read_end], [], [], left)
            if not ready:
                continue
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        if timed_out:
            os.kill(pid, 9)
        _, status = os.waitpid(pid, 0)
    if timed_out or (os.WIFSIGNALED(status) and not chunks):
        raise TemplateProblem(_too_slow(name))
    try:
        kind, value, detail = pickle.loads(b"".join(chunks))
    except Exception:
        raise TemplateProblem(
            f"malen «{name}» kunne ikke fylles ut: den brukte mer minne eller tid enn en mal får "
            f"({MAX_MEMORY // (1024 * 1024)} MB, {seconds} sekunder)") from None
    if kind != "ok":
        raise TemplateProblem(value, detail)
    return str(value)


def _too_large(name: str) -> str:
    return (f"malen «{name}» prøver å lage en svært stor tekst (mer enn en mal får bruke, "
            f"{MAX_MEMORY // (1024 * 1024)} MB minne), og ble stoppet; en mal skal bare skrive "
            "ut verdiene i dokumentet")


def _too_slow(name: str) -> str:
    return (f"malen «{name}» brukte mer enn {MAX_SECONDS} sekunder og ble stoppet; tar den med "
            "seg selv (`include`), har den en løkke uten ende, eller lager den en svært stor tekst?")


def _render_here(name: str, model: object, maalform: str, maler: Path | None,
                 compiled: Path | None, *, timer: bool = True,
                 extra: Mapping[str, Any] | None = None) -> str:
    env = environment(maalform, maler, compiled)
    try:
        template = env.get_template(name)
        with _time_limit(MAX_SECONDS if maler is not None and timer else None):
            text = template.render(d=model, **(extra or {}))
    except TemplateNotFound as exc:
        raise TemplateProblem(f"finner ikke malen «{exc.name}» (verken i --maler-mappen eller "
                              "blant malene som følger med komp)") from None
    except TemplateSyntaxError as exc:
        where = f"{exc.filename or exc.name or name}:{exc.lineno}"
        raise TemplateProblem(f"{where}: feil i malen: {_syntax_in_norwegian(exc.message or '')}",
                              f"jinja2: {exc.message}") from None
    except _TooLarge as exc:
        raise TemplateProblem(
            f"{_where(exc, name)}: malen prøver å lage en svært stor tekst eller liste ({exc}); "
            "en mal skal bare skrive ut verdiene i dokumentet") from None
    except _TooSlow as exc:
        raise TemplateProblem(
            f"{_where(exc, name)}: malen brukte mer enn {MAX_SECONDS} sekunder og ble stoppet; "
            "tar den med seg selv (`include`), eller har den en løkke uten ende?") from None
    except RecursionError as exc:
        raise TemplateProblem(
            f"{_where(exc, name)}: malene tar med hverandre i ring (`include`), så dokumentet "
            "blir aldri ferdig") from None
    except (SecurityError, UndefinedError) as exc:
        message = str(exc)
        unsafe = isinstance(exc, SecurityError) or "unsafe" in message
        if unsafe:
            match = _UNSAFE.search(message)
            what = f"`{match.group(1)}`" if match else "Python-objektenes indre"
            raise TemplateProblem(
                f"{_where(exc, name)}: malen prøver å bruke {what}, som ikke er tillatt i maler "
                "(sandkasse); en mal kan bare bruke verdiene i dokumentet (`d`)") from None
        match = _MISSING.search(message)
        what = f"`{match.group(1) or match.group(2)}`" if match else "en verdi"
        raise TemplateProblem(
            f"{_where(exc, name)}: malen bruker {what}, som ikke finnes i dokumentet",
            f"jinja2: {message}") from None
    except TemplateError as exc:
        raise TemplateProblem(f"{_where(exc, name)}: malen kunne ikke fylles ut",
                              f"jinja2: {type(exc).__name__}: {exc}") from None
    except MemoryError as exc:
        if maler is None:
            raise
        raise TemplateProblem(
            f"{_where(exc, name)}: malen prøver å lage en svært stor tekst og fikk ikke mer "
            f"minne ({MAX_MEMORY // (1024 * 1024)} MB er det en mal får), så den ble stoppet; "
            "en mal skal bare skrive ut verdiene i dokumentet") from None
    except Exception as exc:
        if maler is None:
            raise  # a bundled template failed: a bug in komp, for the CLI's error boundary
        raise TemplateProblem(
            f"{_where(exc, name)}: malen kunne ikke fylles ut: et uttrykk i malen brukte en verdi "
            "på en måte den ikke kan brukes (f.eks. regnet med en tekst)",
            f"{type(exc).__name__}: {exc}") from None
    text = text.rstrip("\n") + "\n"
    # collapse runs of blank lines that conditionals leave behind
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text
