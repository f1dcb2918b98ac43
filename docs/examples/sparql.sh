#!/usr/bin/env bash
# The xjftz graph from the command line with curl: a named query, any SPARQL query, a table.
# Start the site first (`make run`, http://127.0.0.1:5000) or set XJFTZ_URL to another one.
set -euo pipefail
base="${XJFTZ_URL:-http://127.0.0.1:5000}"

# 1. A named query with a parameter, as CSV (see /api/queries for the list and their parameters).
curl -sS --fail "$base/api/queries/measures-by-topic?topic=https://w3id.org/xjftz/id/topic/logistics&format=csv"

# 2. Any SPARQL query (SPARQL 1.1 protocol, URL-encoded POST), results as CSV:
#    the number of measures per task group.
curl -sS --fail "$base/sparql" \
  -H 'Accept: text/csv' \
  --data-urlencode 'query=
PREFIX xjo: <https://w3id.org/xjftz/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT ?group (COUNT(?measure) AS ?measures)
WHERE { ?measure a xjo:Measure ; eli:is_part_of/xjo:ordinal ?group }
GROUP BY ?group ORDER BY ?group'

# 3. A table of the data package, and its description (Frictionless datapackage.json),
#    saved in the current directory.
curl -sS --fail -o measures.csv "$base/downloads/tables/measures.csv"
curl -sS --fail -o datapackage.json "$base/downloads/datapackage.json"
head -3 measures.csv
head -5 datapackage.json
