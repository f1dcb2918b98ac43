"""Write query results in the SPARQL 1.1 result formats and the RDF formats, with caps.

Input:  solutions (variable names and rows of pyoxigraph terms), a boolean, or triples, plus a
        format name from :data:`FORMATS`.
Output: the serialised document as bytes.

Follows SPARQL 1.1 Query Results JSON (https://www.w3.org/TR/sparql11-results-json/), XML
(https://www.w3.org/TR/rdf-sparql-XMLres/) and CSV/TSV (https://www.w3.org/TR/sparql11-results-csv-tsv/).
Solutions are written here rather than by pyoxigraph's own serialiser because the endpoint
must cut results at a row and byte cap and say so in the document: pyoxigraph serialises a
whole result iterator or nothing. Graphs are written by pyoxigraph (Turtle, N-Triples,
JSON-LD, RDF/XML) from an already capped list of triples.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from ontology.iris import XSD_STRING
from queries.errors import ResultFormatError

SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


@dataclass(frozen=True)
class ResultFormat:
    """One serialisation: its short name, media type, and whether it holds a graph."""

    name: str
    media_type: str
    graph: bool
    extension: str


FORMATS: dict[str, ResultFormat] = {
    f.name: f
    for f in (
        ResultFormat("json", "application/sparql-results+json", False, "srj"),
        ResultFormat("xml", "application/sparql-results+xml", False, "srx"),
        ResultFormat("csv", "text/csv", False, "csv"),
        ResultFormat("tsv", "text/tab-separated-values", False, "tsv"),
        ResultFormat("ttl", "text/turtle", True, "ttl"),
        ResultFormat("nt", "application/n-triples", True, "nt"),
        ResultFormat("jsonld", "application/ld+json", True, "jsonld"),
        ResultFormat("rdfxml", "application/rdf+xml", True, "rdf"),
    )
}
RDF_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
TEXT_TYPES = {"text/csv", "text/tab-separated-values", "text/turtle", "application/n-triples"}


def content_type(fmt: str) -> str:
    """The Content-Type header value for a format (with charset for the text ones)."""
    media = FORMATS[fmt].media_type
    return f"{media}; charset=utf-8" if media in TEXT_TYPES else media


def result_format(name: str, graph: bool) -> ResultFormat:
    """The format ``name``, checked to fit a graph (CONSTRUCT/DESCRIBE) or tabular result."""
    fmt = FORMATS.get(name)
    if fmt is None:
        raise ResultFormatError(f"unknown result format {name!r}; one of {', '.join(FORMATS)}")
    if fmt.graph != graph:
        kind = "CONSTRUCT/DESCRIBE" if graph else "SELECT/ASK"
        allowed = ", ".join(f.name for f in FORMATS.values() if f.graph == graph)
        raise ResultFormatError(f"{name} cannot carry {kind} results; use one of {allowed}")
    return fmt


def _json_term(term: object) -> dict | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    return {"type": "literal", "value": str(term)}


# XML escaping by the standard library's html.escape, whose output (&amp; &lt; &gt; &quot;
# &#x27;) is XML too: xml.sax.saxutils imports urllib.request and takes 9 MB of every query
# worker (20.0 MB against 11.5 MB after the import, measured), ~45 MB per web worker's five.
def escape(text: str) -> str:
    return html.escape(text, quote=False)


def quoteattr(text: str) -> str:
    return f'"{html.escape(text)}"'


def _xml_term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            dt = quoteattr(term.datatype.value)
            return f"<literal datatype={dt}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        parts = zip(
            ("subject", "predicate", "object"),
            (term.subject, term.predicate, term.object),
            strict=True,
        )
        return "<triple>" + "".join(f"<{n}>{_xml_term(t)}</{n}>" for n, t in parts) + "</triple>"
    return f"<literal>{escape(str(term))}</literal>"


def _csv_value(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def _tsv_value(term: object) -> str:
    if term is None:
        return ""
    # N-Triples encoding, which pyoxigraph's str() gives; TSV forbids raw tabs and newlines.
    return str(term).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def serialize_solutions(
    variables: Sequence[str],
    rows: Iterable[Sequence[object]],
    fmt: str,
    notice: str | None = None,
) -> bytes:
    """A SELECT result document; ``notice`` (a truncation message) goes where the format allows."""
    if fmt == "json":
        bindings = [
            {v: t for v, t in zip(variables, map(_json_term, row), strict=True) if t is not None}
            for row in rows
        ]
        doc: dict = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
        if notice:
            # An extra member: clients ignore it, people reading the JSON see it.
            doc["notice"] = notice
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
    if fmt == "xml":
        out = ['<?xml version="1.0" encoding="utf-8"?>\n', f'<sparql xmlns="{SPARQL_RESULTS_NS}">']
        if notice:
            out.append(f"<!-- {escape(notice).replace('--', '- -')} -->")
        out.append("<head>")
        out.extend(f"<variable name={quoteattr(v)}/>" for v in variables)
        out.append("</head><results>")
        for row in rows:
            out.append("<result>")
            for v, term in zip(variables, row, strict=True):
                if term is not None:
                    out.append(f"<binding name={quoteattr(v)}>{_xml_term(term)}</binding>")
            out.append("</result>")
        out.append("</results></sparql>\n")
        return "".join(out).encode()
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_value(t) for t in row] for row in rows)
        return buf.getvalue().encode()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines.extend("\t".join(_tsv_value(t) for t in row) for row in rows)
        return ("\n".join(lines) + "\n").encode()
    raise ResultFormatError(f"{fmt} cannot carry SELECT results")


def serialize_boolean(value: bool, fmt: str) -> bytes:
    """An ASK result document (JSON or XML; CSV/TSV carry a one-cell table)."""
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": bool(value)}).encode()
    if fmt == "xml":
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            f'<sparql xmlns="{SPARQL_RESULTS_NS}"><head/>'
            f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    if fmt in ("csv", "tsv"):
        head = "?boolean" if fmt == "tsv" else "boolean"
        return f"{head}\r\n{'true' if value else 'false'}\r\n".encode()
    raise ResultFormatError(f"{fmt} cannot carry ASK results")


def serialize_triples(triples: Sequence[ox.Triple], fmt: str) -> bytes:
    """A graph document written by pyoxigraph."""
    rdf_format = RDF_FORMATS.get(fmt)
    if rdf_format is None:
        raise ResultFormatError(f"{fmt} cannot carry CONSTRUCT/DESCRIBE results")
    return ox.serialize(triples, format=rdf_format) or b""


def row_cap_notice(limit: int, graph: bool) -> str:
    """The notice for a result cut at ``limit`` solutions (or triples)."""
    if graph:
        return f"graph truncated at the limit of {limit} triples"
    return f"result truncated at the row limit of {limit}"


def write_capped(
    fmt: str,
    rows: list,
    variables: Sequence[str] | None,
    notice: str | None = None,
    max_bytes: int | None = None,
) -> tuple[bytes, str | None]:
    """Solutions (with their ``variables``) or triples (``variables`` None) written as ``fmt``.

    Past ``max_bytes`` the rows are cut in proportion, with a margin, until the document fits;
    the notice then says so. Both backends' ``query_raw`` write their documents here.
    """

    def write(rows: list, notice: str | None) -> bytes:
        if variables is None:
            return serialize_triples(rows, fmt)
        return serialize_solutions(variables, rows, fmt, notice)

    body = write(rows, notice)
    while max_bytes is not None and len(body) > max_bytes and rows:
        keep = min(len(rows) - 1, int(len(rows) * max_bytes / len(body) * 0.9))
        rows = rows[: max(keep, 0)]
        notice = f"result truncated to {len(rows)} rows at the size limit of {max_bytes} bytes"
        body = write(rows, notice)
    return body, notice
