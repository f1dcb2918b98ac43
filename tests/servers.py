"""The one server launcher of the tests and the benchmarks: ``xjftz serve``, Virtuoso and the
Oxigraph server, each on a free loopback port (:func:`free_port`, the one helper for that).

Input:  a directory for the server's log (and database), and the binaries — Debian's
        ``virtuoso-t`` (package virtuoso-opensource, scripts/install-system-deps.sh), PyPI's
        ``oxigraph`` (the server binary, installed into the venv), this project's CLI.
Output: a running server (:class:`XjftzServer`, :class:`VirtuosoServer`,
        :class:`OxigraphServer`) with ``url``, ``query_endpoint``, the credentials to write and
        the time it took to answer (``cold_start_s``); ``stop()`` ends it.

Each server runs in its own session and dies with the test process (``PR_SET_PDEATHSIG``), so
a crashed or interrupted pytest leaves nothing listening. Also here: the parity helpers, which
compare the rows a query returns on two stores.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterable
from pathlib import Path

from rdflib import BNode

from queries.library import Param
from queries.stores.base import Store
from tests.procs import wait_for

PROJECT_ROOT = Path(__file__).resolve().parents[1]
VIRTUOSO_VAD_DIR = "/usr/share/virtuoso-opensource-7/vad"  # Debian's (empty unless VADs added)
VIRTUOSO_INI = """\
; Written by tests/servers.py for one test session; see docs/DEPLOY.md for what each key does.
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {dir}/virtuoso-temp.db
TransactionFile    = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 10
CheckpointInterval   = 60
CaseMode             = 2
DirsAllowed          = ., {dir}, {vad}
VADInstallDir        = {vad}/
NumberOfBuffers      = 10000
MaxDirtyBuffers      = 6000
MaxQueryMem          = 512M
ThreadsPerQuery      = 4

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {dir}/vsp
MaxClientConnections = 10
ServerThreads        = 10
Charset              = UTF-8
EnabledGzipContent   = 0

[SPARQL]
ResultSetMaxRows           = {max_rows}
MaxQueryCostEstimationTime = 3600
MaxQueryExecutionTime      = 120
MaxSortedTopRows           = 1000000
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def find_virtuoso() -> str | None:
    return shutil.which("virtuoso-t")


def find_oxigraph() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


class ServerProcess:
    """A server subprocess with its log, a readiness probe and a clean stop."""

    name = "server"
    query_endpoint = ""
    user: str | None = None
    password: str | None = None

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.log_path = workdir / "server.out"
        self.process: subprocess.Popen | None = None
        self.env: dict[str, str] | None = None  # the environment; None = this process's
        self.cwd: Path = workdir
        self.cold_start_s: float | None = None  # spawn to the first 200 answer

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def command(self) -> list[str]:
        raise NotImplementedError

    def start(self, timeout: float = 180, ready_path: str | None = None) -> ServerProcess:
        """Spawn the server; return once ``ready_path`` (default: an ASK) answers 200."""
        started = time.perf_counter()
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.command(),
                cwd=self.cwd,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        probe = self.url + ready_path if ready_path else self.query_endpoint + "?query=ASK%7B%7D"

        def answers() -> bool:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited during start-up:\n{self.output()}")
            try:
                with urllib.request.urlopen(probe, timeout=timeout) as response:
                    return response.status == 200
            except OSError:
                return False

        if wait_for(answers, timeout, interval=0.01):
            self.cold_start_s = time.perf_counter() - started
            return self
        self.stop()
        raise RuntimeError(f"{self.name} not ready within {timeout} s:\n{self.output()}")

    def output(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)


class XjftzServer(ServerProcess):
    """``xjftz serve`` (granian) on ``data`` (none: the published graph) with ``extra`` options."""

    name = "xjftz serve"

    def __init__(
        self,
        data: Iterable[str | Path] = (),
        *extra: str,
        env: dict[str, str] | None = None,
        workdir: Path | None = None,
    ) -> None:
        super().__init__(workdir or Path(tempfile.mkdtemp(prefix="xjftz-serve-")))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.query_endpoint = self.endpoint = f"{self.url}/sparql"
        self.args = [*(["--data", *map(str, data)] if data else []), *extra]
        self.env = {**os.environ, **(env or {})}
        self.cwd = PROJECT_ROOT

    def command(self) -> list[str]:
        host = ["--host", "127.0.0.1", "--port", str(self.port)]
        return [sys.executable, "-m", "xjftz", "serve", *host, *self.args]


class OxigraphServer(ServerProcess):
    """``oxigraph serve`` on a temporary on-disk database (read-write: push needs /store)."""

    name = "oxigraph"

    def __init__(self, workdir: Path, binary: str) -> None:
        super().__init__(workdir)
        self.binary = binary
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.query_endpoint = f"{self.url}/query"

    def command(self) -> list[str]:
        location = str(self.workdir / "db")
        return [self.binary, "serve", "--location", location, "--bind", f"127.0.0.1:{self.port}"]


class VirtuosoServer(ServerProcess):
    """``virtuoso-t +foreground`` with its own ini and a fresh database (user dba/dba)."""

    name = "virtuoso"
    user = "dba"
    password = "dba"

    def __init__(self, workdir: Path, binary: str, max_rows: int = 1_000_000) -> None:
        super().__init__(workdir)
        self.binary = binary
        self.sql_port = free_port()
        self.http_port = free_port()
        self.url = f"http://127.0.0.1:{self.http_port}"
        self.query_endpoint = f"{self.url}/sparql"
        (workdir / "vsp").mkdir(exist_ok=True)
        self.ini = workdir / "virtuoso.ini"
        self.ini.write_text(
            VIRTUOSO_INI.format(
                dir=workdir,
                sql_port=self.sql_port,
                http_port=self.http_port,
                vad=VIRTUOSO_VAD_DIR,
                max_rows=max_rows,
            )
        )

    def command(self) -> list[str]:
        return [self.binary, "+configfile", str(self.ini), "+foreground"]

    def output(self) -> str:
        log = self.workdir / "virtuoso.log"
        text = log.read_text(errors="replace") if log.is_file() else ""
        return (text + super().output())[-4000:]


# --- parity --------------------------------------------------------------------------------


def normalised_rows(variables: Iterable[str], rows: Iterable[tuple]) -> list[tuple]:
    """Rows as sorted tuples of N3 strings; blank nodes all read ``_:b`` (labels are local)."""
    out = []
    for row in rows:
        out.append(
            tuple("" if t is None else ("_:b" if isinstance(t, BNode) else t.n3()) for t in row)
        )
    return sorted(out)


ENTITY_SUBJECTS = "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) } ORDER BY ?s"
LITERAL_CASES = {
    "label": ["哈萨克斯坦", "Kazakhstan", "kazakhstan", "中亚", "乌鲁木齐片区", 'a"b\\c'],
    "phrase": ["物流", "口岸", "中亚", "喀什", 'a"b', "\\"],
}
PLAIN_IRI_CASES = [
    "https://w3id.org/xjftz/id/measure/16",
    "https://w3id.org/xjftz/id/country/KZ",
    "https://w3id.org/xjftz/id/plan/xinjiang-ftz-2023",
    "https://w3id.org/xjftz/id/nothing-here",
]


def parity_cases(store: Store) -> list[tuple[str, dict[str, str]]]:
    """(query id, parameters) for every named query: its defaults, then other values per param.

    IRI parameters take the first, middle and last IRI of their kinds found in ``store``;
    literals take words of the plan (and quotes and backslashes, which binding must escape);
    integers their bounds and a middle value.
    """
    from queries.library import BASE, KIND_PATHS, load_library

    subjects = [str(row[0]) for row in store.select(ENTITY_SUBJECTS).rows]
    cases: list[tuple[str, dict[str, str]]] = []
    for query in load_library().values():
        base: dict[str, str] = {}
        for p in query.params:
            if p.default is not None:
                base[p.name] = p.default
            elif p.type == "integer":
                base[p.name] = str(p.min or 1)
            elif p.type == "literal":
                base[p.name] = LITERAL_CASES.get(p.name, ["中亚"])[0]
        for p in query.params:
            if p.type == "iri" and p.name not in base:
                base[p.name] = _iri_values(p, subjects, BASE, KIND_PATHS)[0]
        cases.append((query.id, dict(base)))
        for p in query.params:
            if p.type == "integer":
                in_range = (v for v in (p.min, p.max, 7) if p.max is None or v <= p.max)
                values = [str(v) for v in in_range if v is not None]
            elif p.type == "literal":
                values = LITERAL_CASES.get(p.name, ["中亚", "Kazakhstan"])
            else:
                values = _iri_values(p, subjects, BASE, KIND_PATHS)
            for value in values:
                if value != base.get(p.name):
                    cases.append((query.id, {**base, p.name: value}))
    return cases


def _iri_values(param: Param, subjects: list[str], base: str, kind_paths: dict) -> list[str]:
    if param.kinds:
        prefixes = tuple(base + kind_paths[k] for k in param.kinds)
    elif param.base:  # an IRI under a given namespace, e.g. .../id/action/
        prefixes = (param.base,)
    else:
        return PLAIN_IRI_CASES
    found = sorted({s for s in subjects if s.startswith(prefixes)})
    if not found:
        return [prefixes[0] + "none"]
    return list(dict.fromkeys([found[0], found[len(found) // 2], found[-1]]))
