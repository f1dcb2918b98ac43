"""/id/ and /id/<path>/: lists to browse — every kind of entity, every scheme, and what lies
under a path cut back."""

from webapp.pages.lists.views import bp

__all__ = ["bp"]
