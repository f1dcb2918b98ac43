"""Errors of the query layer, each mapped to one HTTP status by the web layer.

Input:  nothing.
Output: exception classes. Every one is an ``XjftzError`` (the CLI exits 1 on them) and carries
        ``status``, the HTTP status the protocol endpoint answers with, so the mapping lives
        next to the meaning rather than in every view.

The classes repeat one shape (docstring, ``status``): a deliberate parallel, one per meaning.
"""

from __future__ import annotations

from ontology.errors import XjftzError


class QueryError(XjftzError):
    """A query or request the client can fix (400)."""

    status = 400


class QuerySyntaxError(QueryError):
    """The SPARQL text does not parse; the message is the parser's."""


class ParameterError(QueryError):
    """A named-query parameter is missing or invalid; ``name`` says which."""

    def __init__(self, name: str, message: str) -> None:
        self.name = name
        super().__init__(f"parameter {name!r}: {message}")


class UnknownQuery(QueryError):
    """No named query has this id (404)."""

    status = 404


class ServiceRefused(QueryError):
    """SERVICE (federated query) to an IRI that is not allow-listed (400)."""


class ForbiddenIRI(QueryError):
    """A dataset IRI that would make the server read local files (400)."""


class UpdateRefused(QueryError):
    """Any SPARQL Update: the service is read-only (403)."""

    status = 403


class ResultFormatError(QueryError):
    """A result format that does not fit the query form (406)."""

    status = 406


class StoreError(XjftzError):
    """The store failed for a reason the client cannot fix (500)."""

    status = 500


class QueryTimeout(StoreError):
    """The query ran past its deadline and was stopped (503)."""

    status = 503


class QueryAborted(StoreError):
    """The worker running the query died (e.g. at its memory limit) and was replaced (503)."""

    status = 503


class StoreBusy(StoreError):
    """Every query worker stayed busy until the deadline (503)."""

    status = 503


class TooManyQueries(StoreBusy):
    """The client already runs as many queries at once as one client may (429)."""

    status = 429


class StoreUnavailable(StoreError):
    """A remote store cannot be reached: network failure, refused connection (503)."""

    status = 503


class StoreAuthError(StoreUnavailable):
    """A remote store refused the configured credentials (401/403 from the server) (503)."""
