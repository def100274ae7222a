"""The plainest invocations answered without building the typer command tree.

This typer converts every parameter through a pydantic TypeAdapter, so merely parsing the
arguments of `validate` imported pydantic (40 ms) and built adapters, and importing typer, click
and their rich help costs more again: more than the whole answer costs when it comes from the
cache. Only the plainest forms are taken here: `komp --version`, `komp lsp [--stdio]` and
`komp [--debug] [--no-cache] validate [MAPPE…]` with --format/-f (a known format), --strict,
--velg, --ignorer, --no-cache and --merknader. Anything else (help, --dato, unknown or
abbreviated options, a bad --format, `--`, an argument starting with «-») is left to typer,
which then reports it as before.
"""

from __future__ import annotations

from pathlib import Path

from .settings import Options

_FLAGS = ("--strict", "--no-cache", "--merknader")
_VALUED = ("--format", "-f", "--velg", "--ignorer")


def fast(args: list[str], options: Options) -> int | None:
    """The exit status of `args` run here, or None when typer is to run them."""
    if args == ["--version"]:
        from .commands.version import version

        return version()
    if args in (["lsp"], ["lsp", "--stdio"]):  # started by an editor: every bit of start-up counts
        from .commands.lsp import lsp

        return lsp(options, prefetch=True)
    rest = list(args)
    debug = no_cache = False
    while rest and rest[0] in ("--debug", "--no-cache"):
        debug, no_cache = debug or rest[0] == "--debug", no_cache or rest[0] == "--no-cache"
        rest.pop(0)
    if not rest or rest[0] != "validate":
        return None
    return _validate(rest[1:], options, debug, no_cache)


def _validate(items: list[str], options: Options, debug: bool, no_cache: bool) -> int | None:
    from ..reporters import REPORTER_BY_NAME
    from .commands.validate import validate

    paths: list[Path] = []
    format_name, strict, merknader = "text", False, False
    velg: list[str] = []
    ignorer: list[str] = []
    index = 0
    while index < len(items):
        item = items[index]
        if item == "" or (item.startswith("-") and item not in (*_FLAGS, *_VALUED)
                          and not item.startswith(("--format=", "--velg=", "--ignorer="))):
            return None
        name, value = item, None
        if item.startswith("--") and "=" in item:
            name, value = item.split("=", 1)
        if name in _VALUED:
            if value is None:
                if index + 1 >= len(items) or items[index + 1].startswith("-"):
                    return None
                index += 1
                value = items[index]
            if name in ("--format", "-f"):
                if value not in REPORTER_BY_NAME:
                    return None
                format_name = value
            else:
                (velg if name == "--velg" else ignorer).append(value)
        elif name == "--strict":
            strict = True
        elif name == "--merknader":
            merknader = True
        elif name == "--no-cache":
            no_cache = True
        else:
            paths.append(Path(item))
        index += 1
    options.debug, options.no_cache = debug, no_cache
    return validate(options, paths, format_name, strict=strict, velg=velg, ignorer=ignorer,
                    merknader=merknader)
