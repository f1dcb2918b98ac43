"""/changes: the dataset's releases, their checksums and what changed in each."""

from webapp.pages.changes.views import bp

__all__ = ["bp"]
