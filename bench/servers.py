"""Virtuoso and the Oxigraph server for the scale benchmarks, bulk-loaded with a corpus.

Input:  an N-Triples corpus, a fresh working directory, a per-query time limit in seconds.
Output: a started server holding the corpus in the plan graph (``ontology.iris.PLAN_GRAPH``),
        its ``query_endpoint`` and the seconds the bulk load took; ``stop()`` ends it.

The processes come from the test suite's harness (``tests/servers.py``: loopback ports chosen
there, a database of their own, ``PR_SET_PDEATHSIG`` so nothing outlives this process):

- Virtuoso: that harness's ini with the buffers sized for a million triples (Virtuoso's
  guidance for ~2 GB of free memory: NumberOfBuffers 170000, MaxDirtyBuffers 130000) and
  ``MaxQueryExecutionTime`` set to the time limit; loaded by Virtuoso's bulk loader
  (``ld_dir`` + ``rdf_loader_run`` + ``checkpoint`` through ``isql-vt``).
- Oxigraph: ``oxigraph load`` into the database offline (its bulk loader), then
  ``oxigraph serve-read-only --timeout-s LIMIT`` on it (no ``--timeout-s`` for a limit of 0);
  or, with ``in_memory``, ``oxigraph serve`` on its in-memory store (the one xjftz's engine
  uses) loaded over the Graph Store Protocol.
"""

from __future__ import annotations

import http.client
import importlib.util
import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from types import ModuleType
from urllib.parse import urlencode

from bench import PROJECT_ROOT
from ontology.iris import PLAN_GRAPH

VIRTUOSO_TUNING = {
    "NumberOfBuffers": "170000",
    "MaxDirtyBuffers": "130000",
    "MaxClientConnections": "20",
}


def harness() -> ModuleType:
    """``tests/servers.py``, imported from its file (tests/ is not a package)."""
    path = PROJECT_ROOT / "tests" / "servers.py"
    spec = importlib.util.spec_from_file_location("xjftz_test_servers", path)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _place(corpus: Path, workdir: Path) -> Path:
    """The corpus inside ``workdir`` (a hard link where possible), for servers' allowed dirs."""
    target = workdir / corpus.name
    if target.exists():
        target.unlink()
    try:
        os.link(corpus, target)
    except OSError:
        shutil.copyfile(corpus, target)
    return target


def _set_ini(text: str, key: str, value: str) -> str:
    return re.sub(rf"^({re.escape(key)}\s*=\s*).*$", rf"\g<1>{value}", text, flags=re.M)


def start_virtuoso(corpus: Path, workdir: Path, limit_s: int):
    """Virtuoso started on ``workdir`` and bulk-loaded; returns (server, load seconds)."""
    h = harness()
    binary = h.find_virtuoso()
    if binary is None:
        raise RuntimeError("virtuoso-t is not installed (scripts/install-system-deps.sh)")
    server = h.VirtuosoServer(workdir, binary)
    text = server.ini.read_text()
    for key, value in {**VIRTUOSO_TUNING, "MaxQueryExecutionTime": str(limit_s)}.items():
        text = _set_ini(text, key, value)
    server.ini.write_text(text)
    server.start()
    placed = _place(corpus, workdir)
    sql = (
        f"ld_dir('{workdir}', '{placed.name}', '{PLAN_GRAPH}'); rdf_loader_run(); checkpoint; "
        "SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;"
    )
    isql = shutil.which("isql-vt") or shutil.which("isql")
    if isql is None:
        server.stop()
        raise RuntimeError("isql-vt is not installed (package virtuoso-opensource)")
    start = time.perf_counter()
    done = subprocess.run(
        [isql, f"127.0.0.1:{server.sql_port}", "dba", "dba", f"exec={sql}"],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0 or "0 Rows." not in done.stdout:
        server.stop()
        raise RuntimeError(f"Virtuoso bulk load failed:\n{done.stdout[-2000:]}{done.stderr}")
    placed.unlink(missing_ok=True)
    return server, seconds


def start_oxigraph(corpus: Path, workdir: Path, limit_s: int, *, in_memory: bool = False):
    """``oxigraph load`` then ``oxigraph serve-read-only`` (``in_memory``: ``oxigraph serve``
    without a database, the corpus POSTed to ``/store``); returns (server, load seconds)."""
    h = harness()
    binary = h.find_oxigraph()
    if binary is None:
        raise RuntimeError("the oxigraph server binary is not installed (pip install oxigraph)")
    limit = ["--timeout-s", str(limit_s)] if limit_s else []

    class ReadOnlyOxigraph(h.OxigraphServer):
        def command(self) -> list[str]:
            bind = ["--bind", f"127.0.0.1:{self.port}"]
            if in_memory:
                return [self.binary, "serve", *bind, *limit]
            location = ["--location", str(self.workdir / "db")]
            return [self.binary, "serve-read-only", *location, *bind, *limit]

    server = ReadOnlyOxigraph(workdir, binary)
    start = time.perf_counter()
    if in_memory:
        server.start()
        _post_graph(server.port, corpus)
        return server, time.perf_counter() - start
    load = [binary, "load", "--location", str(workdir / "db"), "--file", str(corpus)]
    done = subprocess.run(
        [*load, "--graph", PLAN_GRAPH],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"oxigraph load failed:\n{done.stderr[-2000:]}")
    server.start()
    return server, seconds


def _post_graph(port: int, corpus: Path) -> None:
    """The N-Triples ``corpus`` into the plan graph of the server on ``port`` (Graph Store
    Protocol: POST /store?graph=…)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    try:
        path = "/store?" + urlencode({"graph": PLAN_GRAPH})
        headers = {"Content-Type": "application/n-triples"}
        conn.request("POST", path, body=corpus.read_bytes(), headers=headers)
        response = conn.getresponse()
        if response.status not in (200, 201, 204):
            raise RuntimeError(f"oxigraph refused the graph: {response.status} {response.read()!r}")
    finally:
        conn.close()
