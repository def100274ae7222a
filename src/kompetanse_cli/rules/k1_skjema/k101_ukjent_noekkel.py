"""Ukjent nøkkel (eller ukjent fil i en partnerskapsmappe).

Hva: en nøkkel som ikke finnes i formatet på dette stedet. Hintet foreslår nærmeste kjente
nøkkel; nøkler skrevet med æ, ø eller å får forslaget med `ae`, `oe` og `aa` (`målgrupper` →
`maalgrupper`). En YAML-fil i en partnerskapsmappe med et annet navn enn de fire kjente gir
også K101.

Hvorfor: en feilstavet nøkkel ville ellers blitt oversett i stillhet, og verdien ville manglet
i innstillingen.

Bestått:
    maalgrupper: [laerere, ledere]

Feiler:
    målgrupper: [laerere, ledere]
"""

from __future__ import annotations

from ...diagnostics import Diagnostic, Fix, Severity, Span

CODE = "K101"
SEVERITY = Severity.ERROR
TITLE = "ukjent nøkkel"
SOURCE = "komp: planfilenes format"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")


def unknown_file(file: str, name: str, partnership: str, meant: str | None,
                 known: tuple[str, ...]) -> Diagnostic:
    """K101 for the file `name` in a partnership folder, perhaps `meant` as one of the `known`."""
    hint = (f"mente du «{meant}»? Gi filen det navnet" if meant else
            "et partnerskap har filene " + ", ".join(known))
    return Diagnostic(file, None, SEVERITY, CODE,
                      f"ukjent fil «{name}» i partnerskapet «{partnership}»", hint, SOURCE)


def _hidden_hint(hidden: list[str], hint: str, *, copied: bool) -> str:
    codes = ", ".join(f"U+{ord(c):04X}" for c in hidden)
    if not copied:
        return f"nøkkelen har usynlige tegn ({codes}): skriv den på nytt; {hint}"
    what = "et usynlig tegn" if len(hidden) == 1 else "usynlige tegn"
    return f"nøkkelen har {what} ({codes}), ofte fra kopiering: skriv den på nytt; {hint}"


def unknown_top_key(file: str, span: Span | None, key: str, hidden: list[str], filename: str,
                    list_key: str, guess: str | None, present: bool, fix: Fix | None) -> Diagnostic:
    """K101 for the key `key` (as shown; `hidden` its invisible characters) at the top of a
    list file, perhaps meant as its `list_key` (`guess`), which may be `present` already."""
    if present:  # renaming it would write the key twice
        hint = (f"«{list_key}» står allerede øverst i filen: flytt det som står under "
                f"«{key}» dit, og fjern «{key}»")
    else:
        hint = (f"mente du «{list_key}»?" if guess else
                f"{filename} har bare nøkkelen «{list_key}» øverst")
    if hidden:
        hint = _hidden_hint(hidden, hint, copied=False)
    return Diagnostic(file, span, SEVERITY, CODE, f"ukjent nøkkel «{key}» øverst i {filename}",
                      hint, SOURCE, fix=fix)


def unknown_key(file: str, span: Span | None, key: str, hidden: list[str], guess: str | None,
                present: bool, known: tuple[str, ...], rule_codes: bool,
                fix: Fix | None) -> Diagnostic:
    """K101 for the key `key` (as shown; `hidden` its invisible characters) in a mapping whose
    keys are `known`, perhaps meant as `guess`, which may be `present` already; `rule_codes`
    when the mapping is a forum's `regler:`."""
    if present:  # renaming it would write the key twice
        hint = f"«{guess}» står allerede her: flytt det som står under «{key}» dit, og fjern «{key}»"
    elif guess:
        hint = f"mente du «{guess}»?"
    elif rule_codes:
        hint = "ingen regel har den koden; `komp regler` viser alle regelkodene"
    elif known:
        hint = "kjente nøkler her: " + ", ".join(known)
    else:
        hint = "fjern nøkkelen"
    if hidden:
        hint = _hidden_hint(hidden, hint, copied=True)
    return Diagnostic(file, span, SEVERITY, CODE, f"ukjent nøkkel «{key}»", hint, SOURCE, fix=fix)
