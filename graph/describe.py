"""Stage 4 of the build: the dataset's VoID/DCAT description.

Input:  the assembled graph (``graph.assemble``), the source file's bytes and IRI.
Output: a ``Graph`` describing ``dataset/xjftz`` (``void:Dataset``, ``dcat:Dataset``): its
        triple and entity counts and class partitions — counted over the published graph,
        description included — the source file with its sha256 (``spdx:checksum``), and the
        build activity with the versions of the tools that built it; the dataset's version,
        dates, licence and table distributions (``graph.describe_release``). No timestamps, no blank
        nodes: two builds of the same inputs with the same tools describe themselves
        identically.

Follows docs/DESIGN.md, "Provenance and dataset"; VoID (https://www.w3.org/TR/void/),
DCAT 3 and SPDX 2.3 (``spdx:Checksum``).

Also :func:`add_document_facts`: the plan's issuer, publication channel and kind, as the
source's attribution line states them (issue 15, point 5), added to the plan's data.
"""

from __future__ import annotations

import hashlib
import platform
import re
from collections import Counter
from functools import cache
from importlib import metadata

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, VOID

from graph.describe_release import release_description
from graph.vocab import Lexicon
from ontology.errors import XjftzError
from ontology.namespaces import DATASET, ELI, ID, OA, PLAN, SPDX, XJO

TOOLS = ("rdflib", "pyoxigraph", "pyshacl", "owlready2")
BUILD = URIRef(f"{DATASET}/build")
MEDIA_TYPES = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json"}


@cache
def tool_versions() -> dict[str, str]:
    """The versions of the tools that build and check the graph, and of Python."""
    versions = {name: metadata.version(name) for name in TOOLS}
    versions["Python"] = platform.python_version()
    return versions


def _tool_iri(name: str, version: str) -> URIRef:
    if name == "Python":
        return URIRef(
            f"https://www.python.org/downloads/release/python-{version.replace('.', '')}/"
        )
    return URIRef(f"https://pypi.org/project/{name}/{version}/")


def _partition_iri(graph: Graph, cls: URIRef) -> URIRef:
    prefix, _, local = graph.namespace_manager.compute_qname(cls)
    return URIRef(f"{DATASET}/class/{prefix}-{local}")


def _typed(graph: Graph) -> set[tuple[URIRef, URIRef]]:
    return {(s, o) for s, o in graph.subject_objects(RDF.type) if isinstance(s, URIRef)}


def _counts(triples: int, typed: set[tuple[URIRef, URIRef]]) -> tuple[int, int, Counter[URIRef]]:
    classes: Counter[URIRef] = Counter(o for _, o in typed if isinstance(o, URIRef))
    return triples, len({s for s, _ in typed}), classes


def _describe(
    graph: Graph, source: URIRef, digest: str, triples: int, entities: int, classes: Counter[URIRef]
) -> Graph:
    d = Graph()
    d.namespace_manager = graph.namespace_manager
    d.add((DATASET, RDF.type, VOID.Dataset))
    d.add((DATASET, RDF.type, DCAT.Dataset))
    for lang, title in (
        ("zh", "中国（新疆）自由贸易试验区总体方案知识图谱"),
        ("en", "Knowledge graph of the Master Plan of the China (Xinjiang) Pilot Free Trade Zone"),
    ):
        d.add((DATASET, DCTERMS.title, Literal(title, lang=lang)))
        d.add((DATASET, RDFS.label, Literal(title, lang=lang)))
    d.add((DATASET, DCTERMS.source, source))
    d.add((DATASET, DCTERMS.subject, PLAN))
    d.add((DATASET, VOID.uriSpace, Literal(str(ID))))
    d.add((DATASET, VOID.rootResource, PLAN))
    d.add((DATASET, VOID.triples, Literal(triples, datatype=XSD.integer)))
    d.add((DATASET, VOID.entities, Literal(entities, datatype=XSD.integer)))
    for ext, media in MEDIA_TYPES.items():
        dist = URIRef(f"{DATASET}/distribution/{ext}")
        d.add((DATASET, DCAT.distribution, dist))
        d.add((dist, RDF.type, DCAT.Distribution))
        d.add(
            (dist, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media}"))
        )
        d.add((dist, DCTERMS.title, Literal(f"xjftz.{ext}")))
        d.add((dist, RDFS.label, Literal(f"xjftz.{ext}（{media}）", lang="zh")))
        d.add((dist, RDFS.label, Literal(f"xjftz.{ext} ({media})", lang="en")))
    for cls in sorted(classes):
        part = _partition_iri(graph, cls)
        d.add((DATASET, VOID.classPartition, part))
        d.add((part, RDF.type, VOID.Dataset))
        d.add((part, VOID["class"], cls))
        d.add((part, VOID.entities, Literal(classes[cls], datatype=XSD.integer)))
        name = graph.namespace_manager.normalizeUri(cls)
        d.add((part, RDFS.label, Literal(f"类 {name} 的实例", lang="zh")))
        d.add((part, RDFS.label, Literal(f"Instances of {name}", lang="en")))
    checksum = URIRef(f"{source}/sha256")
    d.add((source, SPDX.checksum, checksum))
    d.add((checksum, RDF.type, SPDX.Checksum))
    d.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    d.add((checksum, SPDX.checksumValue, Literal(digest, datatype=XSD.hexBinary)))
    d.add((checksum, RDFS.label, Literal(f"sha256 {digest}", lang="zh")))
    d.add((checksum, RDFS.label, Literal(f"sha256 {digest}", lang="en")))
    d += release_description()  # version, licence, table distributions (graph.describe_release)
    d.add((DATASET, PROV.wasGeneratedBy, BUILD))
    d.add((BUILD, RDF.type, PROV.Activity))
    d.add((BUILD, PROV.used, source))
    d.add((BUILD, RDFS.label, Literal("xjftz 构建", lang="zh")))
    d.add((BUILD, RDFS.label, Literal("xjftz build", lang="en")))
    for name, version in sorted(tool_versions().items()):
        tool = _tool_iri(name, version)
        d.add((BUILD, PROV.used, tool))
        d.add((tool, RDF.type, PROV.Entity))
        d.add((tool, RDFS.label, Literal(f"{name} {version}", lang="zh")))
        d.add((tool, RDFS.label, Literal(f"{name} {version}", lang="en")))
        d.add((tool, DCTERMS.hasVersion, Literal(version)))
    return d


def describe(graph: Graph, source: URIRef, source_bytes: bytes) -> Graph:
    """The description of ``graph`` ∪ itself, counted so that its numbers include itself."""
    digest = hashlib.sha256(source_bytes).hexdigest()
    typed = _typed(graph)
    triples, entities, classes = _counts(len(graph), typed)
    # The description's own triples and classes are part of what it counts: recount until the
    # numbers describe the union (the shape of the description does not depend on them). The
    # union is counted, not built: copying the graph costs more than the rest of this stage.
    for _ in range(5):
        d = _describe(graph, source, digest, triples, entities, classes)
        new = sum(1 for t in d if t not in graph)
        counted = _counts(len(graph) + new, typed | _typed(d))
        if counted == (triples, entities, classes):
            return d
        triples, entities, classes = counted
    raise RuntimeError("the dataset description's counts do not settle")  # a bug


# --- the document's own facts (issue 15, point 5) --------------------------------------------

# The news header's attribution line: “据中国政府网消息，国务院印发《…》。”
_ATTRIBUTION = re.compile(
    r"据(?P<channel>[^，。]+)消息，(?P<issuer>[^，。《]+)印发《(?P<title>[^》]+)》。"
)
# What the text calls the channel, in English: the central government's portal, www.gov.cn.
CHANNELS = {"中国政府网": "the Chinese central government's website (www.gov.cn)"}
# The kind of document, from the last words of its title.
KINDS = {"总体方案": "master plan"}


class DocumentFactsError(XjftzError):
    """The attribution line cannot be read as the build expects."""


def add_document_facts(
    g: Graph, source_text: str, source: URIRef, title: str, lexicon: Lexicon
) -> None:
    """Issuer, publication channel and kind of document, as the attribution line states them.

    The line is in the news header, not in the plan proper, so it is no provision: the facts
    point to it by an ``oa:TextQuoteSelector``/``oa:TextPositionSelector`` on the source file
    (offsets in code points). Nothing from outside the text is added: the document number and
    dates are not in it (ontology/vocabularies/README.md says why they are left out).
    """
    m = _ATTRIBUTION.search(source_text)
    if m is None:
        raise DocumentFactsError(f"{source}: no attribution line “据…消息，…印发《…》。”")
    if m["title"] != title:
        raise DocumentFactsError(
            f"{source}: the attribution names 《{m['title']}》, not 《{title}》"
        )
    issuer = lexicon.lookup(m["issuer"], XJO.Agency)
    if issuer is None:
        raise DocumentFactsError(f"{source}: the issuer “{m['issuer']}” is no agency")
    channel_en = CHANNELS.get(m["channel"])
    kind = next((k for k in KINDS if title.endswith(k)), None)
    if channel_en is None or kind is None:
        raise DocumentFactsError(f"{source}: unknown channel “{m['channel']}” or kind of {title}")
    line = URIRef(f"{source}/attribution")
    g.add((line, RDF.type, OA.TextQuoteSelector))
    g.add((line, RDF.type, OA.TextPositionSelector))
    g.add((line, OA.exact, Literal(m[0])))
    g.add((line, OA.start, Literal(m.start(), datatype=XSD.nonNegativeInteger)))
    g.add((line, OA.end, Literal(m.end(), datatype=XSD.nonNegativeInteger)))
    g.add((line, RDFS.label, Literal("方案来源的署名行", lang="zh")))
    g.add((line, RDFS.label, Literal("The attribution line of the plan's source", lang="en")))
    g.add((PLAN, XJO.attribution, line))
    g.add((PLAN, ELI.passed_by, issuer))
    g.add((PLAN, XJO.publishedVia, Literal(m["channel"], lang="zh")))
    g.add((PLAN, XJO.publishedVia, Literal(channel_en, lang="en")))
    g.add((PLAN, XJO.documentKind, Literal(kind, lang="zh")))
    g.add((PLAN, XJO.documentKind, Literal(KINDS[kind], lang="en")))
