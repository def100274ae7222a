"""`komp schema`: the JSON Schemas of the plan files, for editors."""

from __future__ import annotations

import os
from pathlib import Path

from ...inert import visible
from ..errors import EXIT_OK, EXIT_USAGE, echo


def schema(ut: Path) -> int:
    """Write one schema per kind of file to the folder `ut` (made when missing)."""
    from ...jsonschema import write_schemas

    shown = visible(str(ut))
    if os.path.lexists(ut) and not ut.is_dir():
        echo(f"komp: kan ikke skrive skjemaene til «{shown}»: den finnes og er ikke en mappe "
             "(eller er en lenke som ikke virker); velg en mappe, den lages om den ikke finnes",
             err=True)
        return EXIT_USAGE
    try:
        written = write_schemas(ut)
    except OSError as exc:
        from ...files import os_feil_tekst
        echo(f"komp: kan ikke skrive skjemaene til «{shown}» ({os_feil_tekst(exc)})", err=True)
        return EXIT_USAGE
    for path in written:
        echo(f"skrev {path}")
    return EXIT_OK
