"""The forum's documents: innstilling (FYO: disponeringsplan), the long-term plan, the overview.

The pipeline is the one of STYLE.md: a forum folder is validated and loaded, `viewmodel` turns it
into frozen dataclasses in which every sum and sort is done, `render` fills a jinja2 template with
them, and the CLI prints or writes the Markdown. Nothing here prints or exits.
"""

from __future__ import annotations
