"""/: the home page."""

from webapp.pages.home.views import bp

__all__ = ["bp"]
