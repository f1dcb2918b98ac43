"""The machine-facing routes: ``/sparql`` (``sparql``), the named-query API ``/api/queries``
(``queries``), the OpenAPI document (``openapi``) and the label and entity look-ups behind the
query page (``lookup``). One blueprint per module; answers and errors are for programs (English,
JSON or plain text, CORS headers)."""
