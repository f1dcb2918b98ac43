"""Shared fixtures. Each block belongs to the layer named in its comment; add yours below."""

from __future__ import annotations

from pathlib import Path

import pytest

# --- graph: the build, run once per session into a temporary directory ----------------------
from graph.build import SOURCES_DIR, BuildResult, build


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The whole build (parse → … → publish) of the real sources into a temporary directory."""
    return build(SOURCES_DIR, tmp_path_factory.mktemp("graph-build"))


@pytest.fixture(scope="session")
def built_graph(built: BuildResult):
    """The published Turtle, parsed back: what consumers of the files see."""
    from rdflib import Graph

    return Graph().parse(Path(built.out_dir) / "xjftz.ttl", format="turtle")
