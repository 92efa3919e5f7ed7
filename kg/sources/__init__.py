"""Reading the project's inputs: the ontology and ``data/curated/`` (Turtle, the curator's YAML
format, CSV tables of municipalities), each file into the quads of its own named graph.

The first room of the flow sources → build → dist → store → query / network / web: nothing here
knows about ``dist/`` or a store.
"""
