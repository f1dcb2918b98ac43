"""Stage 6 of the build: deterministic serialisation and atomic publication.

Input:  the validated graph (``graph.assemble`` + ``graph.describe``) and the description alone.
Output: ``xjftz.ttl``, ``xjftz.nt``, ``xjftz.jsonld`` and ``void.ttl`` in the output directory
        (``graph/build/`` by default).

Every file is a pure function of the set of triples: subjects, predicates and objects are
written in sorted order with a fixed set of prefixes, so two builds give byte-identical files
whatever ``PYTHONHASHSEED`` is (rdflib's own serialisers follow its store's iteration order).
Each file is written to a temporary file in the same directory and moved into place with
``os.replace`` only once all of them are written: a build that fails, at any stage, leaves the
previously published files untouched.

Formats: Turtle 1.1, N-Triples 1.1 (UTF-8, one triple a line, lines sorted), JSON-LD 1.1
(one flattened ``@graph`` of node objects sorted by ``@id``, with a context of prefixes).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ontology.errors import XjftzError
from ontology.namespaces import BASE, ID

OUTPUTS = ("xjftz.ttl", "xjftz.nt", "xjftz.jsonld", "void.ttl")

# One prefix per kind of instance, so that instance IRIs read as ``measure:16``.
INSTANCE_KINDS = (
    "agency", "country", "dataset", "event", "framing", "ftz", "industry", "initiative",
    "measure", "mechanism", "mention", "organization", "part", "place", "plan", "provision",
    "region", "scheme", "section", "source", "task-group", "topic", "zone",
)  # fmt: skip
STANDARD_PREFIXES = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "geo": "http://www.opengis.net/ont/geosparql#",
    "lang": "http://publications.europa.eu/resource/authority/language/",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "spdx": "http://spdx.org/rdf/terms#",
    "void": "http://rdfs.org/ns/void#",
    "wd": "http://www.wikidata.org/entity/",
    "xjo": BASE + "ontology#",
    "xjid": str(ID),
    "xsd": str(XSD),
}
PREFIXES = dict(sorted({**STANDARD_PREFIXES, **{k: f"{ID}{k}/" for k in INSTANCE_KINDS}}.items()))
# Longest namespace first, so ``xjid:measure/16`` is written ``measure:16``.
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: (-len(kv[1]), kv[0]))
_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}
# Most IRIs and strings need no escaping; these find the ones that do.
_IRI_ESCAPED = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_STRING_ESCAPED = re.compile(r'[\x00-\x1f\x7f"\\]')


class PublishError(XjftzError):
    """The output directory cannot be written."""


@lru_cache(maxsize=1 << 16)
def qname(iri: str) -> str | None:
    """``iri`` as prefix:local with the published prefixes, or None."""
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and _LOCAL.match(iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns) :]}"
    return None


def _iri(iri: str, compact: bool = True) -> str:
    if compact and (q := qname(iri)):
        return q
    if not _IRI_ESCAPED.search(iri):
        return f"<{iri}>"
    return (
        "<"
        + "".join(c if c not in '<>"{}|^`\\' and ord(c) > 0x20 else f"\\u{ord(c):04X}" for c in iri)
        + ">"
    )


def _string(s: str) -> str:
    if not _STRING_ESCAPED.search(s):
        return f'"{s}"'
    out = "".join(_ESCAPES.get(c, c) for c in s)
    out = "".join(c if ord(c) >= 0x20 and c != "\x7f" else f"\\u{ord(c):04X}" for c in out)
    return f'"{out}"'


def _literal(lit: Literal, compact: bool = True) -> str:
    lexical = str(lit)
    if lit.language:
        return f"{_string(lexical)}@{lit.language}"
    dt = lit.datatype
    if dt is None or dt == XSD.string:
        return _string(lexical)
    if compact and dt == XSD.integer and _INTEGER.match(lexical):
        return lexical
    if compact and dt == XSD.decimal and _DECIMAL.match(lexical):
        return lexical
    return f"{_string(lexical)}^^{_iri(str(dt), compact)}"


def _term(t: Node, compact: bool = True) -> str:
    if isinstance(t, URIRef):
        return _iri(str(t), compact)
    if isinstance(t, Literal):
        return _literal(t, compact)
    if isinstance(t, BNode):  # only the ontology's, with stable labels (graph.assemble)
        return f"_:{t}"
    raise ValueError(f"cannot serialise {t!r}")


def _memo(compact: bool) -> Callable[[Node], str]:
    """``_term`` remembered for the terms of one serialisation (each recurs many times)."""
    seen: dict[Node, str] = {}

    def term(t: Node) -> str:
        if (out := seen.get(t)) is None:
            out = seen[t] = _term(t, compact)
        return out

    return term


def _tree(graph: Graph) -> dict[Node, dict[Node, list[Node]]]:
    """subject → predicate → objects, in one pass over the graph."""
    tree: dict[Node, dict[Node, list[Node]]] = {}
    for s, p, o in graph:
        tree.setdefault(s, {}).setdefault(p, []).append(o)
    return tree


def _node_id(t: Node) -> str:
    if isinstance(t, BNode):
        return f"_:{t}"
    return qname(str(t)) or str(t)


def _sort_key(t: Node) -> tuple[int, str, str]:
    if isinstance(t, URIRef):
        return (0, str(t), "")
    if isinstance(t, BNode):
        return (1, str(t), "")
    assert isinstance(t, Literal)
    return (2, str(t), f"{t.language or ''}|{t.datatype or ''}")


def to_ntriples(graph: Graph) -> str:
    term = _memo(compact=False)
    lines = sorted(f"{term(s)} {term(p)} {term(o)} ." for s, p, o in graph)
    return "".join(line + "\n" for line in lines)


def to_turtle(graph: Graph) -> str:
    term = _memo(compact=True)
    tree = _tree(graph)
    out = [f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in PREFIXES.items()]
    for s in sorted(tree, key=_sort_key):
        preds = sorted(tree[s], key=lambda p: (p != RDF.type, str(p)))
        out.append(f"\n{term(s)}")
        for i, p in enumerate(preds):
            objs = sorted(tree[s][p], key=_sort_key)
            verb = "a" if p == RDF.type else term(p)
            sep = " ;" if i < len(preds) - 1 else " ."
            values = ",\n        ".join(term(o) for o in objs)
            out.append(f"\n    {verb} {values}{sep}")
        out.append("\n")
    return "".join(out)


def _jsonld_value(o: Node) -> dict[str, str]:
    if isinstance(o, URIRef | BNode):
        return {"@id": _node_id(o)}
    assert isinstance(o, Literal)
    if o.language:
        return {"@value": str(o), "@language": o.language}
    if o.datatype is None or o.datatype == XSD.string:
        return {"@value": str(o)}
    return {"@value": str(o), "@type": qname(str(o.datatype)) or str(o.datatype)}


def to_jsonld(graph: Graph) -> str:
    tree = _tree(graph)
    nodes = []
    for s in sorted(tree, key=_sort_key):
        node: dict[str, object] = {"@id": _node_id(s)}
        for p in sorted(tree[s], key=str):
            objs = sorted(tree[s][p], key=_sort_key)
            if p == RDF.type:
                node["@type"] = [qname(str(o)) or str(o) for o in objs]
            else:
                node[qname(str(p)) or str(p)] = [_jsonld_value(o) for o in objs]
        nodes.append(node)
    doc = {"@context": PREFIXES, "@graph": nodes}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _write_all(out_dir: Path, files: Iterable[tuple[str, str]]) -> list[Path]:
    """Write every file to a temporary file, then move them all into place."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PublishError(
            f"{out_dir}: cannot create the output directory: {exc.strerror}"
        ) from exc
    umask = os.umask(0)
    os.umask(umask)
    temps: list[tuple[Path, Path]] = []
    try:
        for name, text in files:
            final = out_dir / name  # a name may hold a folder: tables/measures.csv
            final.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".tmp")
            temps.append((Path(tmp), final))
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes files private; these are published
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
        for tmp, final in temps:
            os.replace(tmp, final)
    finally:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
    return [final for _, final in temps]


def publish(
    graph: Graph,
    description: Graph,
    out_dir: Path,
    *,
    ntriples: str | None = None,
    extra: Iterable[tuple[str, str]] = (),
) -> list[Path]:
    """Serialise ``graph`` (which includes ``description``) and the description on its own.

    ``ntriples`` is the graph's N-Triples if already made; ``extra`` are further files (the
    data package's tables, ``graph.tables``), published with the rest or not at all.
    """
    files = [
        ("xjftz.ttl", to_turtle(graph)),
        ("xjftz.nt", ntriples if ntriples is not None else to_ntriples(graph)),
        ("xjftz.jsonld", to_jsonld(graph)),
        ("void.ttl", to_turtle(description)),
        *extra,
    ]
    return _write_all(out_dir, files)
