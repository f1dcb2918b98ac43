"""/ask: the answer page behind the header's search box."""

from webapp.pages.ask.views import bp

__all__ = ["bp"]
