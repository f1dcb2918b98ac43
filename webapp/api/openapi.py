"""The OpenAPI 3 description of the HTTP API, served at ``GET /openapi.json``.

Input:  the named-query library (ids, parameters with their types, bounds and defaults) and the
        app's settings (the query length cap).
Output: an OpenAPI 3.0 document (https://spec.openapis.org/oas/v3.0.3) for the SPARQL 1.1
        Protocol endpoint ``/sparql`` (GET; POST form-encoded or ``application/sparql-query``),
        the named-query API (``/api/queries``, ``/api/queries/{query_id}`` and one path per
        named query with its own parameters), ``/api/entities``, ``/api/labels`` and the
        entity documents ``/id/{path}``.

The document is built from the library on first request and kept: every named query appears
with its parameters typed (integers with their bounds, IRIs as ``format: uri``), so a client
generator — or schemathesis, in tests/test_openapi.py — sees exactly what each one accepts.
Errors are documented per status: 400 malformed, 403 update refused, 404 unknown, 406 format,
413/414 too long, 415 media type, 503 time limit or busy.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify

from queries.library import BASE, KIND_PATHS, NamedQuery, Param, load_library
from webapp.api import ask as ask_api
from webapp.shared.cache import memo
from webapp.shared.http import FORMAT_PARAM
from webapp.state import settings

bp = Blueprint("openapi", __name__)

SELECT_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
GRAPH_TYPES = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml")
FORMATS = sorted(FORMAT_PARAM)
TEXT = {"text/plain": {"schema": {"type": "string"}}}
JSON_ERROR = {
    "application/json": {
        "schema": {
            "type": "object",
            "required": ["error", "status"],
            "properties": {
                "error": {"type": "string"},
                "status": {"type": "integer"},
                "parameter": {"type": "string"},
            },
        }
    }
}
SPARQL_JSON = {
    "type": "object",
    "required": ["head"],
    "properties": {
        "head": {"type": "object"},
        "results": {"type": "object"},
        "boolean": {"type": "boolean"},
        "notice": {"type": "string"},
    },
}
NOTICE_HEADERS = {
    "X-Xjftz-Notice": {
        "description": "Present when the result was cut at the row or size limit.",
        "schema": {"type": "string"},
    },
    "X-Xjftz-Truncated": {"schema": {"type": "string", "enum": ["true"]}},
}
ERRORS = {
    "400": "Malformed query or parameters, SERVICE not allowed, or a local-file IRI",
    "403": "SPARQL Update: the endpoint is read-only",
    "404": "No such query or entity",
    "406": "The requested format cannot carry this kind of result",
    "413": "Request body or query too long",
    "414": "Request URL or query too long",
    "415": "Unsupported Content-Type or charset",
    "503": "The query ran past the time limit, or every query worker was busy",
}


def _results(graph: bool = True) -> dict[str, Any]:
    content: dict[str, Any] = {t: {"schema": {"type": "string"}} for t in SELECT_TYPES}
    content["application/sparql-results+json"] = {"schema": SPARQL_JSON}
    if graph:
        content.update({t: {"schema": {"type": "string"}} for t in GRAPH_TYPES})
    return {"description": "Query results", "headers": NOTICE_HEADERS, "content": content}


def _errors(statuses: str, content: dict[str, Any]) -> dict[str, Any]:
    return {s: {"description": ERRORS[s], "content": content} for s in statuses.split()}


def _sparql_params(max_length: int) -> list[dict[str, Any]]:
    iris = {"type": "array", "items": {"type": "string", "format": "uri"}}
    return [
        {
            "name": "query",
            "in": "query",
            "description": "SPARQL 1.1 query; without it, GET returns the service description",
            "schema": {"type": "string", "maxLength": max_length},
        },
        {"name": "default-graph-uri", "in": "query", "schema": iris, "explode": True},
        {"name": "named-graph-uri", "in": "query", "schema": iris, "explode": True},
        {
            "name": "format",
            "in": "query",
            "schema": {"type": "string", "enum": sorted(FORMAT_PARAM)},
        },
    ]


def _sparql(max_length: int) -> dict[str, Any]:
    form = {
        "type": "object",
        "required": ["query"],
        "properties": {
            "query": {"type": "string", "maxLength": max_length},
            "default-graph-uri": {"type": "array", "items": {"type": "string"}},
            "named-graph-uri": {"type": "array", "items": {"type": "string"}},
            "format": {"type": "string"},
        },
    }
    responses = {"200": _results(), **_errors("400 403 406 503", TEXT)}
    return {
        "get": {
            "operationId": "sparqlGet",
            "summary": "Run a SPARQL query (SPARQL 1.1 Protocol, query via GET)",
            "parameters": _sparql_params(max_length),
            "responses": {**responses, **_errors("414", TEXT)},
        },
        "post": {
            "operationId": "sparqlPost",
            "summary": "Run a SPARQL query (POST form-encoded or application/sparql-query)",
            "parameters": _sparql_params(max_length)[1:],
            "requestBody": {
                "required": True,
                "content": {
                    "application/x-www-form-urlencoded": {"schema": form},
                    "application/sparql-query": {"schema": {"type": "string"}},
                },
            },
            "responses": {**responses, **_errors("413 415", TEXT)},
        },
    }


def _param_schema(param: Param) -> dict[str, Any]:
    if param.type == "integer":
        schema: dict[str, Any] = {"type": "integer"}
        if param.min is not None:
            schema["minimum"] = param.min
        if param.max is not None:
            schema["maximum"] = param.max
    elif param.type == "iri":
        schema = {"type": "string", "format": "uri"}
        if param.kinds:
            prefixes = "|".join(BASE + KIND_PATHS[k] for k in param.kinds if k in KIND_PATHS)
            schema["description"] = f"an IRI starting with one of: {prefixes}"
    else:
        schema = {"type": "string", "minLength": 1}
    if param.default is not None:
        schema["default"] = int(param.default) if param.type == "integer" else param.default
    return schema


def _named(query: NamedQuery) -> dict[str, Any]:
    graph = query.form in ("CONSTRUCT", "DESCRIBE")
    params = [
        {
            "name": p.name,
            "in": "query",
            "required": p.required,
            "description": p.description or p.name,
            "schema": _param_schema(p),
        }
        for p in query.params
    ]
    params.append(
        {
            "name": "format",
            "in": "query",
            "schema": {"type": "string", "enum": ["json", "xml", "csv", "tsv"]},
        }
    )
    return {
        "get": {
            "operationId": f"query-{query.id}",
            "summary": query.title_en or query.id,
            "description": query.description,
            "parameters": params,
            "responses": {"200": _results(graph), **_errors("400 406 503", JSON_ERROR)},
        }
    }


def _json_get(operation: str, summary: str, parameters: list[dict], ok: str) -> dict[str, Any]:
    """A GET answered with JSON, its errors as JSON (the look-ups behind the query page)."""
    return {
        "get": {
            "operationId": operation,
            "summary": summary,
            "parameters": parameters,
            "responses": {
                "200": {"description": ok, "content": {"application/json": {}}},
                **_errors("400 503", JSON_ERROR),
            },
        }
    }


def describe() -> dict[str, Any]:
    """The OpenAPI document (a JSON-ready dict)."""
    library = load_library()
    max_length = settings().max_query_length
    paths: dict[str, Any] = {"/sparql": _sparql(max_length)}
    paths["/api/queries"] = {
        "get": {
            "operationId": "listQueries",
            "summary": "The named queries: ids, titles, parameters, and the URL to run each",
            "responses": {
                "200": {
                    "description": "The library",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["queries"],
                                "properties": {"queries": {"type": "array"}},
                            }
                        }
                    },
                }
            },
        }
    }
    paths["/api/queries/{query_id}"] = {
        "get": {
            "operationId": "runQuery",
            "summary": "Run a named query (parameters as the library lists them)",
            "parameters": [
                {
                    "name": "query_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string"},
                }
            ],
            "responses": {"200": _results(), **_errors("400 404 406 503", JSON_ERROR)},
        }
    }
    for query in library.values():
        paths[f"/api/queries/{query.id}"] = _named(query)
    paths["/api/entities"] = _json_get(
        "findEntities",
        "Entities whose Chinese or English name contains q",
        [
            {
                "name": "q",
                "in": "query",
                "required": True,
                "schema": {"type": "string", "minLength": 1, "maxLength": 100},
            },
            {
                "name": "kinds",
                "in": "query",
                "description": "comma-separated kinds, e.g. region,country",
                "schema": {"type": "string"},
            },
        ],
        "Matches",
    )
    paths["/api/labels"] = _json_get(
        "labels",
        "Chinese and English labels of up to 500 IRIs",
        [
            {
                "name": "iri",
                "in": "query",
                "explode": True,
                "schema": {"type": "array", "items": {"type": "string", "format": "uri"}},
            }
        ],
        "Labels",
    )
    paths["/id/{path}"] = {
        "get": {
            "operationId": "entity",
            "summary": "An entity (https://w3id.org/xjftz/id/{path}) as a page or as RDF",
            "parameters": [
                {"name": "path", "in": "path", "required": True, "schema": {"type": "string"}},
                {
                    "name": "format",
                    "in": "query",
                    "schema": {
                        "type": "string",
                        "enum": ["html", "ttl", "nt", "jsonld", "rdfxml"],
                    },
                },
            ],
            "responses": {
                "200": {
                    "description": "The entity",
                    "content": {
                        t: {"schema": {"type": "string"}} for t in ("text/html", *GRAPH_TYPES)
                    },
                },
                **_errors("400 404 503", {"text/html": {}, "text/plain": {}}),
            },
        }
    }
    paths.update(ask_api.openapi_paths())  # /api/ask, /api/ask/complete
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "xjftz: the China (Xinjiang) Pilot Free Trade Zone plan as a knowledge graph",
            "version": "1",
            "description": "A read-only SPARQL 1.1 endpoint and a named-query API over the graph. "
            "Every query is bounded in time, rows and bytes; updates and SERVICE are refused.",
        },
        "paths": paths,
    }


@bp.get("/openapi.json")
def openapi() -> Response:
    response = jsonify(memo("openapi", describe))
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
