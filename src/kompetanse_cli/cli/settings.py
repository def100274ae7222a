"""komp's options from the environment (README «Miljøvariabler»), read once when a command starts.

Only the CLI reads them; what lies below gets each as a parameter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    cache_dir: Path | None = None
    """KOMP_CACHE_DIR: where the cache lies (None: the user's cache directory)."""
    jobs: int | None = None
    """KOMP_JOBS: how many processes a large run may use (None: komp decides)."""
    git: bool = True
    """Not KOMP_UTEN_GIT: the commit a document was made from goes in its footer."""
    colour: bool | None = None
    """NO_COLOR (False) or FORCE_COLOR (True); None: colours only on a terminal."""
    lsp_prefetch: bool = True
    """Not KOMP_LSP_PREFETCH=0: `komp lsp` checks its working folder while it starts."""

    @classmethod
    def read(cls, environ: Mapping[str, str]) -> Settings:
        jobs = environ.get("KOMP_JOBS", "").strip()
        colour = False if environ.get("NO_COLOR") else True if environ.get("FORCE_COLOR") else None
        return cls(
            cache_dir=Path(environ["KOMP_CACHE_DIR"]) if environ.get("KOMP_CACHE_DIR") else None,
            jobs=int(jobs) if jobs.isdecimal() else None,
            git=environ.get("KOMP_UTEN_GIT", "").strip() in ("", "0"),
            colour=colour,
            lsp_prefetch=environ.get("KOMP_LSP_PREFETCH") != "0",
        )


@dataclass
class Options:
    """What every command may need: the environment's settings and komp's global options."""

    settings: Settings
    debug: bool = False
    """--debug: the underlying library's words with a diagnostic, a traceback with a bug."""
    no_cache: bool = False
    """--no-cache: neither read nor write the cache."""
