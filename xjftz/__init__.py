"""The `xjftz` console script: one argparse shell over the ontology, graph, queries and webapp
layers."""
