"""The releases and their changes, as the /changes page shows them.

Input:  the releases record (``graph.releases``: ``releases/releases.yaml`` and each release's
        graph snapshot ``releases/<version>/xjftz.nt.gz``) and, when the site serves the
        published graph, ``graph/build/xjftz.nt``.
Output: :class:`ReleaseView` per release, newest first — version, date, title, notes, version
        IRI, its files with sizes and SHA-256, and its changes against the release before
        (``graph.diff``) — and the unreleased changes: what the served graph holds that the
        newest release does not. Computed once per process (the snapshots never change; the
        served graph only with a new build, which restarts the site).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graph import diff, releases
from graph.diff import Changes, Group
from graph.releases import Release
from webapp.shared.cache import memo
from webapp.state import settings

ROOT = Path(__file__).resolve().parents[3]
SERVED = ROOT / "graph" / "build" / "xjftz.nt"


@dataclass(frozen=True)
class ReleaseView:
    release: Release
    previous: Release | None
    changes: Changes | None  # None for the first release: everything in it is new


def _views() -> list[ReleaseView]:
    record = releases.load()
    out = []
    for i, release in enumerate(record):
        previous = record[i - 1] if i else None
        changes = None
        if previous is not None:
            changes = diff.diff_files(
                previous.folder / releases.SNAPSHOT, release.folder / releases.SNAPSHOT
            )
        out.append(ReleaseView(release, previous, changes))
    return out[::-1]


def release_views() -> list[ReleaseView]:
    """Every release, newest first, with its changes."""
    return memo(("changes", "releases"), _views)


def unreleased() -> Changes | None:
    """What the served graph changes against the newest release (None: not the plan graph)."""
    if settings().data or not SERVED.is_file():
        return None
    stamp = SERVED.stat().st_mtime_ns
    newest = releases.current()
    return memo(
        ("changes", "unreleased", str(SERVED), stamp),
        lambda: diff.diff_files(newest.folder / releases.SNAPSHOT, SERVED),
    )


def groups_for(changes: Changes | None, entity: str | None) -> list[tuple[str, list[Group]]]:
    """The changes' groups by section; only the one about ``entity`` when it is given."""
    if changes is None:
        return []
    out = []
    for section in diff.SECTIONS:
        groups = changes.in_section(section)
        if entity is not None:
            groups = [g for g in groups if g.iri == entity]
        if groups:
            out.append((section, groups))
    return out
