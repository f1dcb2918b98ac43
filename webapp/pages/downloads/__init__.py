"""/downloads: the published files."""

from webapp.pages.downloads.views import bp

__all__ = ["bp"]
