"""/query: the query page."""

from webapp.pages.query.views import bp

__all__ = ["bp"]
