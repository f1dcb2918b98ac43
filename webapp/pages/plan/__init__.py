"""/plan: the plan reader."""

from webapp.pages.plan.views import bp

__all__ = ["bp"]
