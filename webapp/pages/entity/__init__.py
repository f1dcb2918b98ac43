"""/id/…: entity pages (HTML) and their RDF."""

from webapp.pages.entity.views import bp

__all__ = ["bp"]
