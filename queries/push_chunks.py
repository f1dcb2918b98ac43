"""Cut a list of triples into request-sized chunks without splitting a blank-node structure.

Input:  pyoxigraph triples and a chunk size.
Output: lists of triples (each about ``size`` long) and their N-Triples bytes.

A blank node label names a node only within one document or one update request, so a chunk
boundary that falls between two triples sharing ``_:b`` would turn one node into two. Triples
are therefore grouped into the connected components of the graph "triples sharing a blank
node" (union-find), and a component always goes whole into one chunk — even if it is larger
than ``size``, which for OWL restrictions, RDF lists and SHACL shapes it never nearly is.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pyoxigraph as ox


def _blank_nodes(triple: ox.Triple) -> list[ox.BlankNode]:
    return [t for t in (triple.subject, triple.object) if isinstance(t, ox.BlankNode)]


def components(triples: Sequence[ox.Triple]) -> list[list[ox.Triple]]:
    """The triples grouped so that all triples sharing a blank node are in one group.

    Triples without blank nodes are groups of one; groups keep the order of their first triple.
    """
    parent: dict[ox.BlankNode, ox.BlankNode] = {}

    def find(node: ox.BlankNode) -> ox.BlankNode:
        root = node
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[node] != root:  # path compression
            parent[node], node = root, parent[node]
        return root

    for triple in triples:
        nodes = _blank_nodes(triple)
        for other in nodes[1:]:
            parent[find(other)] = find(nodes[0])
    groups: dict[object, list[ox.Triple]] = {}
    for i, triple in enumerate(triples):
        nodes = _blank_nodes(triple)
        key = find(nodes[0]) if nodes else i
        groups.setdefault(key, []).append(triple)
    return list(groups.values())


def chunked(triples: Sequence[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    """Chunks of about ``size`` triples, each blank-node component whole in one chunk."""
    chunk: list[ox.Triple] = []
    for group in components(triples):
        if chunk and len(chunk) + len(group) > size:
            yield chunk
            chunk = []
        chunk.extend(group)
    if chunk:
        yield chunk


def ntriples(triples: Sequence[ox.Triple]) -> bytes:
    """The triples as N-Triples (UTF-8), written by pyoxigraph."""
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
