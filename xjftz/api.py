"""The Python API for notebooks: the graph, named queries and the data package's tables.

Input:  the published graph (``graph/build/xjftz.nt``, after ``xjftz build``) or other RDF
        files, or a remote SPARQL endpoint's URL; the named queries (``queries/*.rq``) and the
        table queries and schemas of the data package (``queries/tables/*.rq``,
        ``graph/build/datapackage.json``).
Output: a ``pyoxigraph.Store`` or an ``rdflib.Graph`` of the graph; pandas DataFrames of named
        query results and of tables — IRIs as strings, numbers as numbers (``Int64``,
        ``float64``), unbound values as missing, labels in the language asked for.

Every call takes ``endpoint=URL`` to ask a remote SPARQL endpoint (this project's ``/sparql``,
or any server holding the graph) instead of the local graph; a table is then made by running
its query there, typed by the same schema, so it equals the published CSV. pandas is an
optional extra: ``pip install 'xjftz[pandas]'``.

``query`` and ``table`` take the same keyword arguments (``lang``, ``endpoint``, ``graph``) on
purpose: one way of calling for the notebook's reader.

    >>> import xjftz
    >>> measures = xjftz.table("measures")
    >>> len(measures), measures["number"].dtype
    (25, Int64Dtype())
    >>> logistics = xjftz.query("measures-by-topic", topic=xjftz.ID + "topic/logistics", lang="en")
    >>> list(logistics.columns)
    ['measure', 'number', 'title']
    >>> int(logistics["number"].iloc[0])
    6
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Literal

from ontology.errors import XjftzError

if TYPE_CHECKING:
    import pandas as pd
    import pyoxigraph as ox
    import rdflib

    from queries.stores.base import SelectResult, Store

ROOT = Path(__file__).resolve().parents[1]
BUILD_DIR = ROOT / "graph" / "build"
GRAPH_FILE = BUILD_DIR / "xjftz.nt"
PACKAGE_FILE = BUILD_DIR / "datapackage.json"
ID = "https://w3id.org/xjftz/id/"
LANGUAGES = ("zh", "en")
XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {
    XSD + t
    for t in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
        "unsignedShort", "unsignedByte",
    )
}  # fmt: skip
_FLOATS = {XSD + "decimal", XSD + "double", XSD + "float"}


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("DataFrames need pandas: pip install 'xjftz[pandas]'") from exc
    return pandas


def _graph_file(path: str | Path | None) -> Path:
    file = Path(path) if path is not None else GRAPH_FILE
    if not file.is_file():
        raise XjftzError(f"{file}: no such file (run `xjftz build` first?)")
    return file


def open_store(path: str | Path | None = None) -> ox.Store:
    """The graph (default: the published ``xjftz.nt``) in an in-memory pyoxigraph store.

    >>> store = open_store()
    >>> q = "SELECT (COUNT(*) AS ?n) WHERE { ?m a <https://w3id.org/xjftz/ontology#Measure> }"
    >>> next(iter(store.query(q)))["n"].value
    '25'
    """
    import pyoxigraph as ox

    file = _graph_file(path)
    store = ox.Store()
    fmt = ox.RdfFormat.from_extension(file.suffix.lstrip(".")) or ox.RdfFormat.N_TRIPLES
    store.bulk_load(path=str(file), format=fmt)
    return store


def open_graph(path: str | Path | None = None) -> rdflib.Graph:
    """The graph (default: the published ``xjftz.nt``) as an rdflib ``Graph``.

    >>> g = open_graph()
    >>> from rdflib import URIRef, Literal
    >>> g.value(URIRef(ID + "measure/16"), URIRef("https://w3id.org/xjftz/ontology#measureNumber"))
    rdflib.term.Literal('16', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """
    from rdflib import Graph

    file = _graph_file(path)
    return Graph().parse(file, format="nt" if file.suffix == ".nt" else None)


@cache
def _local_store(path: str) -> Store:
    from queries.settings import Settings
    from queries.stores.factory import open_store

    return open_store(Settings(data=(path,), query_processes=0))  # in this process


def _store(endpoint: str | None, graph: str | None, data: str | Path | None) -> Store:
    if endpoint is None:
        return _local_store(str(_graph_file(data)))
    from queries.settings import Settings
    from queries.stores.factory import open_store

    # graph None: the endpoint's default graph (this project's /sparql serves the plan there).
    return open_store(Settings(store="remote", endpoint=endpoint, graph=graph or ""))


def value(term: object) -> object:
    """A term as a Python value: IRIs as str, numbers as int or float, booleans, else str."""
    if term is None:
        return None
    if isinstance(term, Literal):
        dt = str(term.datatype) if term.datatype else ""
        if dt in _INTEGERS:
            return int(str(term))
        if dt in _FLOATS:
            return float(Decimal(str(term))) if dt == XSD + "decimal" else float(str(term))
        if dt == XSD + "boolean":
            return str(term) in ("true", "1")
    return str(term)


def _frame(variables: Iterable[str], rows: Iterable[Iterable[object]]) -> pd.DataFrame:
    pd = _pandas()
    columns = list(variables)
    # object columns: text stays str and an unbound value None (pandas would make it NaN)
    frame = pd.DataFrame([[value(t) for t in row] for row in rows], columns=columns, dtype=object)
    for col in columns:
        present = frame[col].dropna()
        if len(present) and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
            frame[col] = frame[col].astype("Int64")
        elif len(present) and all(isinstance(v, float) for v in present):
            frame[col] = frame[col].astype("float64")
    return frame


def in_language(frame: pd.DataFrame, lang: str | None) -> pd.DataFrame:
    """Keep the ``lang`` one of each ``X_zh``/``X_en`` pair of columns, renamed ``X``.

    >>> import pandas as pd
    >>> in_language(pd.DataFrame({"n": [1], "title_zh": ["物流"], "title_en": ["Logistics"]}), "zh")
       n title
    0  1    物流
    """
    if lang is None:
        return frame
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES} or None, not {lang!r}")
    keep, drop = f"_{lang}", tuple(f"_{x}" for x in LANGUAGES if x != lang)
    renames, dropped = {}, []
    for col in frame.columns:
        base = col[:-3]
        if col.endswith(keep) and all(base + d in frame.columns for d in drop):
            renames[col] = base
        elif col.endswith(drop) and base + keep in frame.columns:
            dropped.append(col)
    return frame.drop(columns=dropped).rename(columns=renames)


def select(
    text: str,
    *,
    endpoint: str | None = None,
    graph: str | None = None,
    data: str | Path | None = None,
    bindings: dict | None = None,
) -> pd.DataFrame:
    """Any SPARQL SELECT query as a DataFrame (values bound from ``bindings``, rdflib terms).

    >>> select("SELECT ?n WHERE { VALUES ?n { 1 2 } }")["n"].tolist()
    [1, 2]
    """
    store = _store(endpoint, graph, data)
    try:
        result: SelectResult = store.select(text, bindings or {})
    finally:
        if endpoint is not None:
            store.close()
    return _frame(result.variables, result.rows)


def queries() -> list[str]:
    """The named queries' ids (``xjftz query --list``).

    >>> "measures-by-topic" in queries()
    True
    """
    from queries.library import load_library

    return list(load_library())


def query(
    name: str,
    *,
    lang: str | None = None,
    endpoint: str | None = None,
    graph: str | None = None,
    data: str | Path | None = None,
    **params: object,
) -> pd.DataFrame:
    """A named query's results as a DataFrame; ``params`` as for ``xjftz query --param``.

    ``lang="en"`` or ``"zh"`` keeps one language of each ``X_zh``/``X_en`` pair, as ``X``.

    >>> per_group = query("measures-per-task-group", lang="zh")
    >>> per_group["title"].iloc[0], per_group["count"].tolist()
    ('加快转变政府职能', [3, 2, 3, 3, 4, 3, 3, 4])
    """
    from queries.library import get_query

    named = get_query(name)
    bindings = named.bind({k: str(v) for k, v in params.items()})
    frame = select(named.text, endpoint=endpoint, graph=graph, data=data, bindings=bindings)
    return in_language(frame, lang)


def _package(path: str | Path | None) -> tuple[dict, Path]:
    file = Path(path) if path is not None else PACKAGE_FILE
    if not file.is_file():
        raise XjftzError(f"{file}: no such file (run `xjftz build` first?)")
    return json.loads(file.read_text(encoding="utf-8")), file.parent


def tables(package: str | Path | None = None) -> list[str]:
    """The names of the data package's tables.

    >>> tables()[:3]
    ['task-groups', 'measures', 'provisions']
    """
    return [r["name"] for r in _package(package)[0]["resources"]]


def _typed(frame: pd.DataFrame, schema: dict) -> pd.DataFrame:
    pd = _pandas()
    for f in schema["fields"]:
        col = frame[f["name"]].replace("", None)
        if f["type"] == "integer":
            frame[f["name"]] = pd.to_numeric(col).astype("Int64")
        elif f["type"] == "number":
            frame[f["name"]] = pd.to_numeric(col).astype("float64")
        elif f["type"] == "boolean":
            frame[f["name"]] = col.map({"true": True, "false": False})
        else:
            frame[f["name"]] = col.astype("object").where(col.notna(), None)
    return frame


def table(
    name: str,
    *,
    lang: str | None = None,
    endpoint: str | None = None,
    graph: str | None = None,
    package: str | Path | None = None,
) -> pd.DataFrame:
    """A table of the data package as a DataFrame, typed by its Table Schema.

    Locally it is read from the published CSV; with ``endpoint`` it is made by running the
    table's query (``queries/tables/<name>.rq``) there.

    >>> zones = table("zones", lang="en")
    >>> dict(zip(zones["label"], zones["area_km2"]))
    {'Kashgar Area': 28.48, 'Horgos Area': 16.58, 'Urumqi Area': 134.6}
    """
    pd = _pandas()
    descriptor, base = _package(package)
    resource = next((r for r in descriptor["resources"] if r["name"] == name), None)
    if resource is None:
        raise XjftzError(f"no table {name!r}; the tables are: {', '.join(tables(package))}")
    fields = [f["name"] for f in resource["schema"]["fields"]]
    if endpoint is None:
        frame = pd.read_csv(base / resource["path"], dtype=str, keep_default_na=False)
    else:
        from graph.tables import TABLES_DIR
        from queries.library import load_library

        text = load_library(TABLES_DIR)[name].text
        store = _store(endpoint, graph, None)
        try:
            result = store.select(text)
        finally:
            store.close()
        cells = [["" if t is None else str(t) for t in row] for row in result.rows]
        frame = pd.DataFrame(cells, columns=list(result.variables), dtype=str)
    return in_language(_typed(frame[fields], resource["schema"]), lang)


__all__ = [
    "ID",
    "in_language",
    "open_graph",
    "open_store",
    "queries",
    "query",
    "select",
    "table",
    "tables",
    "value",
]
