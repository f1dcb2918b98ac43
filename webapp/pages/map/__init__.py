"""/map: the areas of the FTZ and the partner countries and regions on a map."""

from webapp.pages.map.views import bp

__all__ = ["bp"]
