"""Interactive pictures of the graph (SPARQL -> networkx -> pyvis)."""
