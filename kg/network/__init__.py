"""The graph as a network: RDF → networkx views, analysis (centrality, communities, brokers,
explanations) and exports (GraphML, GEXF, node-link JSON).
"""
