"""The scale section of ``bench/RESULTS.md``: corpus, loads, and every named query on four stores.

Input:  ``results["scale"]``: per size the corpus, the stores' results, ratios, parity.
Output: :func:`scale_section` — Markdown: per size a table of the corpus and each store's load
        time and memory, then per named query the rows and each store's median latency with its
        ratio to the embedded store ("> 8 s" where the time budget stopped it), the contract
        queries' row counts on the corpus, and any row-count differences between stores.

LABELS is a constant table like graph/diff.py's section titles: alike in shape only.
"""

from __future__ import annotations

from bench.cases import CONTRACT

STORES = ("embedded", "rdflib", "virtuoso", "oxigraph-server")
LABELS = {
    "embedded": "embedded pyoxigraph",
    "rdflib": "rdflib Graph",
    "virtuoso": "Virtuoso (RemoteStore)",
    "oxigraph-server": "Oxigraph server (RemoteStore)",
}


def _table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join("" if c is None else str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _cell(store: dict, qid: str, ratio: object, budget_s: float) -> str:
    row = store.get("queries", {}).get(qid)
    if row is None:
        return "–"
    if row.get("over_budget"):
        text = f"> {budget_s:g} s"
    elif row.get("error"):
        return "error"
    else:
        text = f"{row['ms']['median']:.2f}"
    if isinstance(ratio, dict):
        text += f" (≥ {ratio['at_least']}×)"
    elif ratio is not None:
        text += f" ({ratio}×)"
    return text


def _size(label: str, s: dict) -> str:
    if "error" in s:
        return f"### {label}\n\nFailed: `{s['error']}`\n"
    c, budget = s["corpus"], s["budget_s"]
    stores = s["stores"]
    load_rows = []
    for name in STORES:
        st = stores.get(name, {})
        if "error" in st and not st.get("queries"):
            load_rows.append([LABELS[name], "failed", "", "", st["error"][:120]])
            continue
        memory = st.get("server_peak_mb") or st.get("client_peak_mb")
        where = "server" if "server_peak_mb" in st else "process"
        killed = sum(1 for q in st.get("queries", {}).values() if q.get("killed"))
        note = f"{killed} queries stopped by killing the process" if killed else ""
        load_rows.append(
            [LABELS[name], st.get("load_s"), f"{memory} ({where})", st.get("wall_s"), note]
        )
    head = (
        f"### {label}: {c['triples']:,} triples\n\n"
        f"The real plan graph plus {c['plans']} synthetic plans (seed {c['seed']}), generated in "
        f"{c['seconds']} s. Each query: one warm-up, then up to {s['runs']} runs within a "
        f"budget of {budget:g} s; medians in ms, (×) = times the embedded store's median.\n"
    )
    loads = _table(["store", "load s", "peak MB", "wall s", "note"], load_rows)
    rows = []
    for qid, row in stores.get("embedded", {}).get("queries", {}).items():
        ratios = s.get("ratios", {}).get(qid, {})
        rows.append(
            [
                f"**{qid}**" if qid in CONTRACT else qid,
                row.get("rows", "–"),
                *(_cell(stores.get(n, {}), qid, ratios.get(n), budget) for n in STORES),
            ]
        )
    queries = _table(["query", "rows", *(LABELS[n] for n in STORES)], rows)
    contract = ", ".join(f"{q} {n}" for q, n in s.get("contract_rows", {}).items())
    parity = s.get("parity") or {}
    diff = "; ".join(
        f"{q}: "
        + ", ".join(
            f"{n} {'/'.join(str(x) for x in v['rows'])} vs {v['embedded']}" for n, v in d.items()
        )
        for q, d in parity.items()
    )
    tail = f"\nContract queries' rows on this corpus (embedded): {contract}.\n"
    tail += (
        "\nRow counts that differ from the embedded store's (a/b: different counts from run to "
        f"run): {diff or 'none'}.\n"
    )
    return "\n".join([head, loads, "", queries, tail])


def scale_section(scale: dict | None) -> str:
    if not scale:
        return "not run"
    if "error" in scale:
        return f"Failed: `{scale['error']}`"
    return "\n".join(_size(label, s) for label, s in scale.items())
