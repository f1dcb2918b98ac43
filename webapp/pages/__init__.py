"""The HTML pages, one package per family, each exposing one blueprint ``bp``: ``home`` (``/``),
``entity`` (``/id/…``), ``plan`` (the reader), ``measures`` (the explorer and heat maps),
``query`` (the query page), ``downloads`` and ``ontology``. A family's ``views`` module holds its
routes; its data modules read the graph through ``webapp.shared.fetch``."""
