# Measures per task group and topic, asked of the xjftz SPARQL endpoint with httr.
#
# Input:  the endpoint's URL (first argument; default http://127.0.0.1:5000/sparql, where
#         `make run` serves it).
# Output: the table task group × topic (number of measures) printed, and written to
#         measures_by_topic_r.csv in the current directory.
#
#   Rscript docs/examples/measures_by_topic.R http://127.0.0.1:5000/sparql
#
# Needs R with httr and jsonlite (Debian: r-base-core r-cran-httr r-cran-jsonlite).
suppressPackageStartupMessages({
  library(httr)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
endpoint <- if (length(args) >= 1) args[[1]] else "http://127.0.0.1:5000/sparql"

query <- '
PREFIX xjo: <https://w3id.org/xjftz/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?group ?topic (COUNT(DISTINCT ?measure) AS ?measures)
WHERE {
  ?measure a xjo:Measure ;
           eli:is_part_of ?tg ;
           xjo:hasTopic ?t .
  ?tg xjo:ordinal ?group .
  ?t skos:prefLabel ?topic . FILTER(LANG(?topic) = "en")
}
GROUP BY ?group ?topic
ORDER BY ?group ?topic
'

# The SPARQL 1.1 protocol: the query as a form field, results as SPARQL JSON.
response <- POST(endpoint, body = list(query = query), encode = "form",
                 accept("application/sparql-results+json"))
stop_for_status(response)
results <- fromJSON(content(response, as = "text", encoding = "UTF-8"))
b <- results$results$bindings
rows <- data.frame(
  group = as.integer(b$group$value),
  topic = b$topic$value,
  measures = as.integer(b$measures$value),
  stringsAsFactors = FALSE
)
table <- xtabs(measures ~ group + topic, data = rows)
print(table)
write.csv(as.data.frame.matrix(table), "measures_by_topic_r.csv")
cat(sprintf("%d measure-topic tags in %d task groups\n", sum(rows$measures), length(unique(rows$group))))
