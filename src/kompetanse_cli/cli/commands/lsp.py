"""`komp lsp`: the language server on stdin and stdout, with the cache and processes of
`komp validate`."""

from __future__ import annotations

from ..errors import EXIT_OK
from ..settings import Options


def lsp(options: Options, *, prefetch: bool = False) -> int:
    """Serve until the editor says exit. With `prefetch` (the editor's own start), the working
    folder is checked in a child meanwhile, unless KOMP_LSP_PREFETCH=0."""
    settings = options.settings
    started = None
    if prefetch:
        import gc

        from ...lsp.session import Prefetch

        # The workspace is checked in a child meanwhile (see Prefetch); the protocol library
        # then builds its many classes without the collector looking at them.
        started = Prefetch.start(settings.cache_dir, settings.jobs) \
            if settings.lsp_prefetch else None
        gc.disable()
    from ...lsp.server import serve

    serve(started, settings.cache_dir, settings.jobs)
    return EXIT_OK
