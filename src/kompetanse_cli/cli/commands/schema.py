"""`komp schema`: the JSON Schemas of the plan files, for editors."""

from __future__ import annotations

import os
from pathlib import Path

from ...diagnostics import UsageError
from ..errors import EXIT_OK, echo


def schema(ut: Path) -> int:
    """Write one schema per kind of file to the folder `ut` (made when missing)."""
    from ...jsonschema import write_schemas

    if os.path.lexists(ut) and not ut.is_dir():
        raise UsageError(f"kan ikke skrive skjemaene til «{ut}»: den finnes og er ikke en mappe "
                         "(eller er en lenke som ikke virker); velg en mappe, den lages om den "
                         "ikke finnes")
    try:
        written = write_schemas(ut)
    except OSError as exc:
        from ...files import os_feil_tekst
        raise UsageError(f"kan ikke skrive skjemaene til «{ut}» ({os_feil_tekst(exc)})") from None
    for path in written:
        echo(f"skrev {path}")
    return EXIT_OK
