"""`flask documents font`: make the documents' embedded font now, rather than at the first PDF asked for."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from marketplace.documents import fonts

documents_cli = AppGroup("documents", help="The PDFs the marketplace makes.")


@documents_cli.command("font")
def font_command() -> None:
    """Make (once) the TrueType font every PDF embeds, from the system's Noto Sans CJK SC, and say where
    it is; says so when no source font is installed. Safe to run twice, or twice at once."""
    found = fonts.source()
    if found is None:
        sources = ", ".join(str(path) for path in fonts.SOURCES)
        click.echo(f"No source font ({sources}): PDFs name the CID font {fonts.FALLBACK} without "
                   "embedding it. Install fonts-noto-cjk.")
        return
    click.echo(f"{fonts.cached_truetype(found)} (from {found})")
