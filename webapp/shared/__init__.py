"""What every page family shares: the site-wide hooks (language, security headers, error pages),
the page language and its messages, HTTP plumbing for the machine-facing routes, the page
queries with their cache (``fetch``), how RDF terms are shown (``nodes``) and the escaping
helpers for marked-up text (``highlight``)."""
