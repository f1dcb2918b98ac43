"""Running pyshacl for the SHACL gate: the data graph it reads, and parts run side by side.

Input:  a data graph, the ontology, and shapes parts (``graph.shacl_plan``); a function that
        turns pyshacl's results graph into values to keep.
Output: :func:`run_parts` — those values for every part, in the order of the parts, computed in
        this process or, when forking is safe, in a child process for all but the first part.

pyshacl reads the data graph with the ontology mixed in, so that ``sh:targetClass`` and
``sh:class`` follow ``rdfs:subClassOf``. A graph that already holds the ontology (what the build
assembles, and what it publishes) is read as it is, through a view of its store: no copy, and
pyshacl runs in place — with inference "none" and no SHACL rules nothing is added, which
:func:`validate_part` checks.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from rdflib import BNode, Graph

T = TypeVar("T")


class PreparedQueries(Graph):
    """A graph whose ``query`` parses each distinct SPARQL text once.

    pyshacl hands a SPARQL constraint's text to ``query`` for every focus node, and rdflib
    parses it every time (~10 ms, far more than evaluating it). The parsed form is what rdflib
    would build from the same text, prefixes and base, so the answers are the same.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._prepared: dict[tuple[str, str | None], Any] = {}

    def query(  # type: ignore[override]
        self,
        query_object: Any,
        processor: Any = "sparql",
        result: Any = "sparql",
        initNs: Any = None,
        initBindings: Any = None,
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Any:
        if isinstance(query_object, str) and processor == "sparql" and initNs is None:
            base = kwargs.get("base")
            key = (query_object, base)
            if key not in self._prepared:
                from rdflib.plugins.sparql import prepareQuery  # what pyshacl loads anyway

                namespaces = dict(self.namespaces())
                self._prepared[key] = prepareQuery(query_object, initNs=namespaces, base=base)
            query_object = self._prepared[key]
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )


def includes(data: Graph, ontology: Graph) -> bool:
    """Whether ``data`` already holds the ontology (its triples without blank nodes; the
    others, OWL class expressions, may carry other blank node labels)."""
    return all(t in data for t in ontology if not any(isinstance(term, BNode) for term in t))


def working_graph(data: Graph, ontology: Graph | None) -> PreparedQueries:
    """What pyshacl validates: ``data`` with the ontology, as a :class:`PreparedQueries`."""
    if ontology is None or includes(data, ontology):
        return PreparedQueries(
            store=data.store, identifier=data.identifier, namespace_manager=data.namespace_manager
        )
    out = PreparedQueries()
    for prefix, ns in data.namespaces():
        out.bind(prefix, ns, override=True)
    out += data
    out += ontology
    return out


def validate_part(working: PreparedQueries, part: Graph) -> Graph:
    """pyshacl's results graph for one shapes part; never raises for non-conformance."""
    from pyshacl import validate as shacl_validate  # heavy: only the gate needs it

    size = len(working)
    _conforms, results, _text = shacl_validate(
        working,
        shacl_graph=part,
        inference="none",
        advanced=True,
        allow_warnings=True,
        inplace=True,
    )
    if len(working) != size:  # a SHACL rule would write into the graph being published
        raise RuntimeError("SHACL validation changed the data graph")
    return results


def _fork_is_safe() -> bool:
    # A child of a threaded process inherits locks that other threads may hold.
    return hasattr(os, "fork") and threading.active_count() == 1


def _child(job: Callable[[Graph], Any], part: Graph, write: int) -> None:
    """In a forked child: run ``job``, send ``(ok, value or exception)``, and leave at once
    (``os._exit``: no atexit handlers, no second flush of the parent's buffers)."""
    try:
        outcome: tuple[bool, Any] = (True, job(part))
    except BaseException as exc:  # handed to the parent, which raises it
        outcome = (False, exc)
    try:
        try:
            data = pickle.dumps(outcome)
        except Exception:  # an exception that does not pickle: keep its text
            data = pickle.dumps((False, RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]}")))
        with os.fdopen(write, "wb") as fh:
            fh.write(data)
    finally:
        os._exit(0)


def run_parts(parts: Sequence[Graph], job: Callable[[Graph], T]) -> list[T]:
    """``job(part)`` for every part: the first here, the others each in a forked child."""
    if len(parts) <= 1 or not _fork_is_safe():
        return [job(part) for part in parts]
    children = []
    for part in parts[1:]:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            _child(job, part, write)
        os.close(write)
        children.append((pid, read))
    try:
        first = job(parts[0])
    finally:
        sent = []
        for pid, read in children:
            with os.fdopen(read, "rb") as fh:
                sent.append(fh.read())
            os.waitpid(pid, 0)
    out = [first]
    for data in sent:
        if not data:
            raise RuntimeError("a SHACL validation worker ended without a result")
        ok, value = pickle.loads(data)
        if not ok:
            raise value
        out.append(value)
    return out
