"""Help and usage errors in Norwegian, for every command typer builds.

typer and click write their help and errors in English, and the versions komp allows do it in
different ways (click 8.1 through gettext, typer's own copy of click in plain f-strings). So komp
does not translate their text: `localize` gives each command of the built tree a Norwegian help
layout of its own (usage line, sections, option rows, defaults), made from the parameters'
data, and `usage_message` says what a usage error is from the exception's fields (which option,
which parameter, which possibilities), not from its English message. Both apply to every
command in the tree, so a new command gets Norwegian help without doing anything.

Only the CLI imports this module (it needs click's classes at run time).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

USAGE = "Bruk: "
OPTIONS_METAVAR = "[VALG]"
SUBCOMMAND_METAVAR = "KOMMANDO [ARGUMENTER]..."
HELP_TEXT = "Vis denne hjelpen og avslutt."
# Options typer adds by itself, by parameter name.
OWN_HELP = {
    "help": HELP_TEXT,
    "install_completion": "Installer fullføring for skallet du bruker (bash, zsh, fish, "
                          "PowerShell); start skallet på nytt etterpå.",
    "show_completion": "Vis fullføringsskriptet for skallet du bruker, for å legge det inn "
                       "selv.",
}


class InvalidValue(Exception):
    """Raised by komp's parameter parsers: `message` is Norwegian, with {param} for the name.

    Mixed into click's BadParameter by `bad_value`, so that click handles it as its own.
    """


def bad_value(message: str) -> Exception:
    """A click BadParameter carrying a Norwegian message ({param} becomes the option's name)."""
    import typer

    class _Bad(typer.BadParameter, InvalidValue):
        pass

    return _Bad(message)


def integer(value: str) -> int:
    """Parse an integer option (an allocation year); a Norwegian error otherwise."""
    text = str(value).strip()
    digits = text[1:] if text[:1] in "+-" else text
    if digits.isascii() and digits.isdigit() and len(digits) <= 50:  # the range is the command's
        return int(text)
    raise bad_value("{param} skal være et heltall")


def choice(enum: type[Enum]) -> Any:
    """A parser for an option or argument whose values are the enum's."""
    def parse(value: Any) -> Any:
        if isinstance(value, enum):
            return value
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(str(member.value) for member in enum)
            raise bad_value(f"ugyldig verdi «{value}» for {{param}}; tillatt: {allowed}") from None

    return parse


# --- help --------------------------------------------------------------------------------

def _names(param: Any) -> str:
    def prefix(opt: str) -> int:
        return len(opt) - len(opt.lstrip("-/"))

    names = ", ".join(sorted([*param.opts, *param.secondary_opts], key=prefix))
    if not getattr(param, "is_flag", False) and not getattr(param, "count", False):
        names += f" {metavar(param)}"
    return names


def metavar(param: Any) -> str:
    """The placeholder of a parameter's value: its metavar, else a Norwegian word for its type."""
    if param.metavar:
        return str(param.metavar)
    choices = getattr(param.type, "choices", None)
    if choices:
        return "|".join(str(getattr(c, "value", c)) for c in choices)
    kind = getattr(param.type, "name", "")
    word = {"integer": "HELTALL", "text": "TEKST", "path": "STI", "boolean": "JA|NEI",
            "float": "TALL", "filename": "FIL", "file": "FIL"}.get(kind, "VERDI")
    return word if param.param_type_name == "option" else (param.name or word).upper()


def _default(param: Any, ctx: Any) -> str | None:
    show = param.show_default if param.show_default is not None else ctx.show_default
    if isinstance(show, str):
        return show
    if not show or getattr(param, "is_flag", False) or param.param_type_name == "argument":
        return None
    value = param.default
    if callable(value) or value is None or value == () or value == []:
        return None
    if isinstance(value, list | tuple):
        return ", ".join(str(getattr(v, "value", v)) for v in value)
    return str(getattr(value, "value", value))


def _row(param: Any, ctx: Any) -> tuple[str, str] | None:
    if getattr(param, "hidden", False):
        return None
    if param.param_type_name == "argument":
        name = metavar(param)
        text = param.help or "" if hasattr(param, "help") else ""
    else:
        name = _names(param)
        text = OWN_HELP.get(param.name or "", param.help or "")
    extra = []
    default = _default(param, ctx)
    if default:
        extra.append(f"standard: {default}")
    if param.required and param.param_type_name == "option":
        extra.append("påkrevd")
    if extra:
        text = f"{text}  [{'; '.join(extra)}]" if text else f"[{'; '.join(extra)}]"
    return name, text


class NorwegianCommand:
    """Mixed in before a command's own class: help and usage in Norwegian."""

    __slots__ = ()  # so that a built command can take the mixed class in place of its own

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [OPTIONS_METAVAR]
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if param.param_type_name != "argument":
                continue
            name = metavar(param)
            if param.nargs != 1:
                name = f"{name}..." if param.required else f"[{name}]..."
            elif not param.required:
                name = f"[{name}]"
            pieces.append(name)
        if hasattr(self, "list_commands"):
            pieces.append(SUBCOMMAND_METAVAR)
        return pieces

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), USAGE)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self.format_usage(ctx, formatter)
        text = inspect.cleandoc(getattr(self, "help", None) or "").split("\f")[0]
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            row = _row(param, ctx)
            if row is not None:
                (arguments if param.param_type_name == "argument" else options).append(row)
        for title, rows in (("Argumenter", arguments), ("Valg", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)
        commands = getattr(self, "list_commands", None)
        if commands is not None:
            rows = []
            for name in commands(ctx):
                command = self.get_command(ctx, name)  # type: ignore[attr-defined]
                if command is not None and not command.hidden:
                    rows.append((name, command.get_short_help_str(limit=60)))
            if rows:
                with formatter.section("Kommandoer"):
                    formatter.write_dl(rows)
        epilog = getattr(self, "epilog", None)
        if epilog:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(inspect.cleandoc(epilog))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        allowed = ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            rest: list[str] = super().parse_args(ctx, args)  # type: ignore[misc]
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            ctx.fail("uventet argument: " + " ".join(rest))
        return rest


class NorwegianGroup(NorwegianCommand):
    """For a group of commands: unknown and missing commands in Norwegian."""

    __slots__ = ()

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:  # type: ignore[attr-defined]
            names = list(self.list_commands(ctx))  # type: ignore[attr-defined]
            from difflib import get_close_matches

            close = get_close_matches(name, names, n=1)
            hint = f" (mente du «{close[0]}»?)" if close else ""
            ctx.fail(f"ukjent kommando «{name}»{hint}")
        return super().resolve_command(ctx, args)  # type: ignore[misc]

    def invoke(self, ctx: Any) -> Any:
        protected = getattr(ctx, "_protected_args", None)
        if protected is None:
            protected = getattr(ctx, "protected_args", [])
        if not protected and not ctx.args and not getattr(self, "invoke_without_command", False):
            ctx.fail("mangler kommando")
        return super().invoke(ctx)  # type: ignore[misc]


class Command(NorwegianCommand, TyperCommand):
    """A komp command: typer's, with Norwegian help."""

    __slots__ = ()


class Group(NorwegianGroup, TyperGroup):
    """komp itself: typer's group, with Norwegian help and errors."""

    __slots__ = ()


_F = TypeVar("_F", bound=Callable[..., Any])


class App(typer.Typer):
    """typer.Typer whose commands are Norwegian unless a command asks for a class of its own."""

    def command(self, *args: Any, **kwargs: Any) -> Callable[[_F], _F]:
        kwargs.setdefault("cls", Command)
        decorator: Callable[[_F], _F] = super().command(*args, **kwargs)
        return decorator


def localize(command: Any) -> Any:
    """Norwegian placeholders and help texts in a built command tree; returns it.

    The help layout itself comes with the classes App gives every command (Command, Group).
    """
    command.options_metavar = OPTIONS_METAVAR
    if hasattr(command, "list_commands"):
        command.subcommand_metavar = SUBCOMMAND_METAVAR
        for sub in getattr(command, "commands", {}).values():
            localize(sub)
    for param in command.params:
        if param.name in OWN_HELP and param.param_type_name == "option":
            param.help = OWN_HELP[param.name]
    return command


# --- usage errors --------------------------------------------------------------------------

def _param_name(param: Any) -> str:
    if param is None:
        return "verdien"
    if param.param_type_name == "option":
        return str(max(param.opts, key=len))
    return metavar(param)


def usage_message(exc: Any, args: list[str] | tuple[str, ...] = ()) -> str:
    """What a click usage error means, in Norwegian, from the exception's own fields.

    `args` are the command line's arguments: an option given a value with «=» that takes none
    is told apart by them when click's error carries no context.
    """
    kind = {cls.__name__ for cls in type(exc).__mro__}
    param = getattr(exc, "param", None)
    if isinstance(exc, InvalidValue):
        return str(getattr(exc, "message", exc)).format(param=_param_name(param))
    if "NoSuchOption" in kind:
        name = exc.option_name
        possibilities = sorted(getattr(exc, "possibilities", None) or ())
        return f"ukjent valg {name}" + (
            f" (mente du {' eller '.join(possibilities)}?)" if possibilities else "")
    if "BadOptionUsage" in kind:
        name = exc.option_name
        ctx = getattr(exc, "ctx", None)
        flag = any(arg.startswith(f"{name}=") for arg in args)
        if ctx is not None:
            for candidate in ctx.command.get_params(ctx):
                if name in (*getattr(candidate, "opts", ()), *getattr(candidate, "secondary_opts", ())):
                    flag = flag or bool(getattr(candidate, "is_flag", False))
        return f"valget {name} tar ingen verdi" if flag else f"valget {name} trenger en verdi"
    if "MissingParameter" in kind:
        if param is not None and param.param_type_name == "option":
            return f"mangler valget {_param_name(param)}"
        name = _param_name(param) if param is not None else "et argument"
        if param is not None and "|" in name and " " not in name:
            return f"mangler {name} (velg {', '.join(name.split('|'))})"
        return f"mangler {name}"
    if "BadParameter" in kind:
        return f"ugyldig verdi for {_param_name(param)}"
    message = str(getattr(exc, "message", "") or "")
    if message and message[0].islower():  # komp's own (Norwegian) usage errors
        return message
    return "feil bruk av kommandoen"
