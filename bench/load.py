"""HTTP throughput and latency under 1, 8 and 32 concurrent clients, with wrk, on loopback.

Input:  the port of a running ``xjftz serve``, the cell duration, the concurrency levels.
Output: per target — ``sparql`` (POST /sparql, the headline query as SPARQL text with its values
        bound), ``api`` (GET /api/queries/measures-by-region-and-topic, defaults), ``ask``
        (GET /api/ask?q=中亚 物流, the search box's answer) and ``entity`` (GET /id/measure/16
        as HTML) — and per concurrency: requests/s, latency p50, p95, p99,
        max in ms, and errors by kind (connect, read, write, timeout, and ``status``: answers
        other than 2xx/3xx). A target that does not answer 200 before the run is reported as
        not available, with its status, and not loaded.

The load generator is Debian's ``wrk`` (``bench/wrk.lua`` adds the POST body and prints the
summary as JSON); each cell is one wrk run bounded by its duration (``-d``) and a socket
timeout, after a short warm-up run per target. wrk shares the 2 cores with the server.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from bench import BENCH_DIR
from bench.app_server import get
from bench.cases import HEADLINE
from bench.named import api_path, sparql_text

WRK_SCRIPT = BENCH_DIR / "wrk.lua"
ACCEPT_JSON = "application/sparql-results+json"
ENTITY_PATH = "/id/measure/16"
ASK_PATH = "/api/ask?" + urlencode({"q": "中亚 物流"})


def targets(body_file: Path) -> dict[str, dict]:
    return {
        "sparql": {
            "path": "/sparql",
            "env": {"WRK_BODY_FILE": str(body_file), "WRK_ACCEPT": ACCEPT_JSON},
            "what": "POST /sparql, measures-by-region-and-topic (defaults) as SPARQL text",
        },
        "api": {
            "path": api_path(HEADLINE, {}),
            "env": {"WRK_ACCEPT": ACCEPT_JSON},
            "what": f"GET /api/queries/{HEADLINE} (defaults)",
        },
        "ask": {
            "path": ASK_PATH,
            "env": {"WRK_ACCEPT": "application/json"},
            "what": "GET /api/ask?q=中亚 物流 (the headline asked in words, issue 16)",
        },
        "entity": {
            "path": ENTITY_PATH,
            "env": {"WRK_ACCEPT": "text/html"},
            "what": f"GET {ENTITY_PATH} as HTML",
        },
    }


def wrk(port: int, path: str, env: dict, connections: int, seconds: float) -> dict:
    threads = 1 if connections == 1 else 2
    cmd = [
        *("wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s"),
        *("--timeout", "10s", "-s", str(WRK_SCRIPT), f"http://127.0.0.1:{port}{path}"),
    ]
    done = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=seconds + 60,
        check=False,
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRKJSON ")), None)
    if line is None:
        return {"error": (done.stderr or done.stdout)[-500:]}
    raw = json.loads(line.removeprefix("WRKJSON "))
    duration = raw["duration_us"] / 1e6
    errors = {k: raw[k] for k in ("connect", "read", "write", "timeout", "status")}
    return {
        "connections": connections,
        "threads": threads,
        "seconds": round(duration, 2),
        "requests": raw["requests"],
        "rps": round(raw["requests"] / duration, 1) if duration else 0.0,
        "latency_ms": {
            "p50": raw["p50_us"] / 1000,
            "p95": raw["p95_us"] / 1000,
            "p99": raw["p99_us"] / 1000,
            "min": raw["min_us"] / 1000,
            "max": raw["max_us"] / 1000,
            "mean": round(raw["mean_us"] / 1000, 3),
        },
        "errors": errors,
        "error_total": sum(errors.values()),
    }


def _probe(port: int, target: dict, body: bytes) -> int:
    """The status of one request to ``target``, as wrk will send it."""
    accept = target["env"]["WRK_ACCEPT"]
    if "WRK_BODY_FILE" in target["env"]:
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            headers = {"Content-Type": "application/sparql-query", "Accept": accept}
            conn.request("POST", target["path"], body=body, headers=headers)
            return conn.getresponse().status
        finally:
            conn.close()
    return get(port, target["path"], {"Accept": accept}, timeout=30)[0]


def measure(port: int, seconds: float, levels: tuple[int, ...], names: tuple[str, ...]) -> dict:
    if shutil.which("wrk") is None:
        return {"error": "wrk is not installed (scripts/install-system-deps.sh)"}
    out: dict = {"tool": "wrk", "cell_seconds": seconds, "targets": {}}
    body = sparql_text(HEADLINE, {}).encode()
    with tempfile.NamedTemporaryFile(suffix=".rq") as f:
        f.write(body)
        f.flush()
        for name, target in targets(Path(f.name)).items():
            if name not in names:
                continue
            status = _probe(port, target, body)
            cell: dict = {"what": target["what"], "path": target["path"]}
            out["targets"][name] = cell
            if status != 200:
                cell["available"] = False
                cell["status"] = status
                continue
            cell["available"] = True
            wrk(port, target["path"], target["env"], 8, min(2.0, seconds))  # warm-up
            cell["levels"] = {
                str(c): wrk(port, target["path"], target["env"], c, seconds) for c in levels
            }
    return out
