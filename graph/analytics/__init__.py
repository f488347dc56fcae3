"""Analytics over the networkx graphs of :mod:`graph.network`: pure functions returning dicts.

One topic per module: :mod:`.relay` (stages, pending, gaps, fragments, cycles, counties),
:mod:`.centrality` (degree, betweenness, constraint, effective size), :mod:`.communities`
(Louvain, seeded), :mod:`.paths` (shortest paths explained edge by edge) and :mod:`.names`
(forgiving name lookup). None of them reads a store; they take a graph.
"""
