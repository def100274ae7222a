"""`komp lsp`: the language server (server.py, the handlers) over a session of open buffers
(session.py) that asks the pipeline for diagnostics."""
