"""/measures and /matrix: the measure explorer and the heat maps (one blueprint)."""

from webapp.pages.measures import matrix  # noqa: F401  (adds /matrix to the blueprint)
from webapp.pages.measures.views import bp

__all__ = ["bp"]
