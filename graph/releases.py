"""The dataset's releases: the record in ``releases/releases.yaml`` and cutting a new one.

Input:  ``releases/releases.yaml`` — the releases, oldest first, each with its version, date,
        title, notes, the checksums (SHA-256) and sizes of its published files, and where its
        graph and its changelog are kept (``releases/<version>/``).
Output: :func:`load` → the :class:`Release` records; :func:`current` → the newest, whose version
        and date the build writes into the graph's own description (``graph.describe``) and the
        data package (``graph.tables``) — taken from the record, never from the clock, so that
        a build stays a pure function of its inputs. :func:`cut` records a new release from a
        build directory: its graph snapshot (``xjftz.nt.gz``, gzip without a timestamp), its
        changelog against the previous release (``changes.md``, ``changes.ttl``, from
        ``graph.diff``) and the checksums of every published file.

:class:`Release` is a frozen dataclass of plain fields like ``queries.library.NamedQuery``:
alike in shape only (a release record, a query's metadata).

Run ``python -m graph.releases VERSION YYYY-MM-DD "title"`` after ``xjftz build`` to cut one.
Follows Zenodo's practice (each version its own files and checksums) and legislation.gov.uk's
change records (what changed, where, in which version).
"""

from __future__ import annotations

import gzip
import hashlib
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import yaml
from rdflib import URIRef

from ontology.errors import InputFileError
from ontology.namespaces import DATASET

ROOT = Path(__file__).resolve().parents[1]
RELEASES_DIR = ROOT / "releases"
RECORD = RELEASES_DIR / "releases.yaml"
SNAPSHOT = "xjftz.nt.gz"
RELEASED = ("xjftz.ttl", "xjftz.nt", "xjftz.jsonld", "void.ttl", "datapackage.json")
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")
HEADER = """\
# The dataset's releases, oldest first (written by `python -m graph.releases`; edit the notes
# by hand if need be). Each release keeps its graph (releases/<version>/xjftz.nt.gz) and its
# changelog against the release before (changes.md, changes.ttl); `files` are the published
# files of that build with their SHA-256 and size in bytes.
"""


@dataclass(frozen=True)
class Release:
    """One release of the dataset."""

    version: str
    date: date
    title: str = ""
    notes: str = ""
    files: dict[str, dict[str, object]] = field(default_factory=dict)  # name → sha256, bytes

    @property
    def iri(self) -> URIRef:
        """The version IRI: ``https://w3id.org/xjftz/id/dataset/xjftz/<version>``."""
        return URIRef(f"{DATASET}/{self.version}")

    @property
    def folder(self) -> Path:
        return RELEASES_DIR / self.version

    def as_dict(self) -> dict[str, object]:
        return {
            "version": self.version,
            "date": self.date,
            "title": self.title,
            "notes": self.notes,
            "files": self.files,
        }


def _release(entry: object, path: Path, index: int) -> Release:
    if not isinstance(entry, dict):
        raise InputFileError(path, f"release {index + 1}: expected a mapping")
    version, when = str(entry.get("version", "")), entry.get("date")
    if not _VERSION.match(version):
        raise InputFileError(path, f"release {index + 1}: version {version!r} is not X.Y.Z")
    if not isinstance(when, date):
        raise InputFileError(path, f"release {version}: date must be YYYY-MM-DD, got {when!r}")
    return Release(
        version,
        when,
        str(entry.get("title") or ""),
        str(entry.get("notes") or ""),
        dict(entry.get("files") or {}),
    )


def load(path: Path | None = None) -> tuple[Release, ...]:
    """The releases in the record (default ``RECORD``), oldest first; an error names the file
    if it is malformed."""
    return _load(Path(path or RECORD))


@cache
def _load(path: Path) -> tuple[Release, ...]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputFileError(path, f"cannot read: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        where = line + 1 if line is not None else None
        raise InputFileError(path, f"not YAML: {exc}", where) from exc
    entries = (data or {}).get("releases") if isinstance(data, dict) else None
    if not entries:
        raise InputFileError(path, "no releases recorded")
    releases = tuple(_release(e, path, i) for i, e in enumerate(entries))
    dates = [r.date for r in releases]
    if dates != sorted(dates) or len({r.version for r in releases}) != len(releases):
        raise InputFileError(path, "releases must be oldest first, each version once")
    return releases


def current(path: Path | None = None) -> Release:
    """The newest release: the version the build describes itself as."""
    return load(path)[-1]


def checksum(path: Path) -> dict[str, object]:
    data = path.read_bytes()
    return {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def snapshot(build_dir: Path, dest: Path) -> None:
    """The build's N-Triples, gzipped without a name or timestamp (same bytes every time)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    data = (build_dir / "xjftz.nt").read_bytes()
    with open(dest, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", filename="", mtime=0) as gz:
        gz.write(data)


def write_record(releases: list[Release], path: Path | None = None) -> None:
    body = yaml.safe_dump(
        {"releases": [r.as_dict() for r in releases]},
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )
    Path(path or RECORD).write_text(HEADER + body, encoding="utf-8")
    _load.cache_clear()


def cut(version: str, when: date, title: str, build_dir: Path, notes: str = "") -> Release:
    """Record a new release of the build in ``build_dir`` (built with this version and date)."""
    from graph import diff  # rdflib-heavy; only when a release is cut

    releases = list(load())
    built = (build_dir / "xjftz.ttl").read_text(encoding="utf-8")
    if f'"{version}"' not in built:
        raise InputFileError(
            build_dir / "xjftz.ttl",
            f"was not built as version {version}: add it to {RECORD} and run `xjftz build` first",
        )
    # The dataset's files: the graph, its description and the data package (not the site's
    # search index or other working files a build may leave beside them).
    released = [*(build_dir / n for n in RELEASED), *sorted((build_dir / "tables").glob("*.csv"))]
    files = {p.relative_to(build_dir).as_posix(): checksum(p) for p in released if p.is_file()}
    recorded = next((r for r in releases if r.version == version), None)
    if recorded is not None:  # the entry added by hand before the build: keep its words
        title, notes = title or recorded.title, notes or recorded.notes
    release = Release(version, when, title, notes, files)
    snapshot(build_dir, release.folder / SNAPSHOT)
    previous = [r for r in releases if r.version != version]
    if previous:
        before = previous[-1]
        changes = diff.diff_files(before.folder / SNAPSHOT, release.folder / SNAPSHOT)
        (release.folder / "changes.md").write_text(
            diff.to_markdown(changes, before, release), encoding="utf-8"
        )
        (release.folder / "changes.ttl").write_text(
            diff.to_turtle(changes, before, release), encoding="utf-8"
        )
    write_record([*previous, release])
    return release


if __name__ == "__main__":  # python -m graph.releases VERSION YYYY-MM-DD "title"
    from graph.build import BUILD_DIR

    v, d, t = sys.argv[1:4]
    print(cut(v, date.fromisoformat(d), t, BUILD_DIR))
