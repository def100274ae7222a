"""Filen er ikke UTF-8-tekst.

Hva: planfiler skal være lagret som UTF-8 (med eller uten BOM). Regel K003 sier hvilken byte
som ikke er gyldig, og om den trolig er Windows-1252 (for eksempel «ø» lagret fra et eldre
Windows-program), eller om filen inneholder kontrolltegn som ikke hører hjemme i tekst.

Hvorfor: æ, ø og å skal se like ut for alle som leser filen, i editoren, på git-tjeneren og i
innstillingen.

Bestått:
    # lagret som UTF-8
    navn: Kompetanseregion Sør-Helgeland

Feiler:
    # lagret som Windows-1252
    navn: Kompetanseregion Sør-Helgeland
"""

from __future__ import annotations

import contextlib

from ...diagnostics import Diagnostic, Severity, Span

CODE = "K003"
SEVERITY = Severity.ERROR
TITLE = "filen er ikke UTF-8-tekst"
SOURCE = "komp: planfilenes format"
SCHEMES = ("dekom", "rekom", "komsip", "dekom_fyo")


def wide_encoding(file: str, encoding: str) -> Diagnostic:
    """K003 for a file saved as UTF-16 or UTF-32 (`encoding`)."""
    return Diagnostic(
        file, Span(1, 1, 1, 2), SEVERITY, CODE, f"filen er lagret som {encoding}, ikke UTF-8",
        "lagre filen som UTF-8 i editoren (i VS Code: «Save with Encoding» → UTF-8)", SOURCE,
    )


def bad_byte(file: str, span: Span, byte: int) -> Diagnostic:
    """K003 at the first byte that is not UTF-8, with what it is in Windows-1252 if anything."""
    guess = ""
    with contextlib.suppress(UnicodeDecodeError):  # five bytes mean nothing in Windows-1252
        guess = f" (i Windows-1252 er det «{bytes([byte]).decode('cp1252')}»)"
    return Diagnostic(
        file, span, SEVERITY, CODE,
        f"filen er ikke UTF-8: byte 0x{byte:02X} på denne plassen er ugyldig{guess}",
        "filen er trolig lagret som Windows-1252 eller Latin-1; lagre den som UTF-8 "
        "(i VS Code: «Reopen with Encoding» → Windows 1252, deretter «Save with Encoding» → UTF-8)",
        SOURCE,
    )


def control_character(file: str, span: Span, character: str | int) -> Diagnostic:
    """K003 at a control character (given as itself or as its code point)."""
    codepoint = ord(character) if isinstance(character, str) else character
    return Diagnostic(
        file, span, SEVERITY, CODE,
        f"filen inneholder et kontrolltegn (U+{codepoint:04X}) som ikke hører hjemme i en tekstfil",
        "fjern tegnet; er dette en binærfil eller et regneark, lagre innholdet som vanlig tekst",
        SOURCE,
    )


def unreadable(file: str, why: str) -> Diagnostic:
    """K003 for a file the system does not let komp read (`why`, in Norwegian)."""
    return Diagnostic(file, None, SEVERITY, CODE, f"filen kan ikke leses ({why})",
                      "sjekk at filen finnes og at du har lesetilgang", SOURCE)


def unwritable(file: str, why: str) -> Diagnostic:
    """K003 for a file `komp fmt` may not replace (`why`, in Norwegian); it is left as it was."""
    return Diagnostic(file, None, SEVERITY, CODE, f"filen kan ikke skrives ({why}); den er ikke endret",
                      "gi deg skrivetilgang til filen (og mappen), eller kjør `komp fmt --check`",
                      SOURCE)


def unreadable_folder(file: str, name: str, why: str) -> Diagnostic:
    """K003 for the folder `name` that the system does not let komp list (`why`)."""
    return Diagnostic(
        file, None, SEVERITY, CODE, f"mappen «{name}» kan ikke leses ({why})",
        "gi deg lese- og søketilgang til mappen (chmod u+rx), eller flytt den ut av forumet", SOURCE,
    )


def folder_name_not_utf8(file: str, name: str) -> Diagnostic:
    """K003 for a partnership folder whose name is not UTF-8 (`name` as it can be shown)."""
    return Diagnostic(
        file, None, SEVERITY, CODE,
        f"navnet på partnerskapsmappen «{name}» er ikke UTF-8, så den er ikke lest",
        "gi mappen et navn med bare a–z, 0–9 og bindestrek (f.eks. `git mv`)", SOURCE,
    )


def not_regular(file: str, name: str, is_dir: bool) -> Diagnostic:
    """K003 for a planning file's name that is a folder, a pipe, a device or a broken link."""
    what = ("er en mappe, ikke en fil" if is_dir else
            "er ikke en vanlig fil (men et rør, en enhet eller en lenke som ikke virker)")
    return Diagnostic(file, None, SEVERITY, CODE, f"«{name}» {what}, så den er ikke lest",
                      "erstatt den med en vanlig tekstfil", SOURCE)
