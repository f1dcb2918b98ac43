"""/ontology: the ontology documentation."""

from webapp.pages.ontology.views import bp

__all__ = ["bp"]
