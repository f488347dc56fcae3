"""stafett: a knowledge graph of Norway's municipal innovation relay (Innovasjonsstafetten).

The pipeline runs one way: interview text -> record -> RDF -> store -> queries | networkx ->
views | exports. Each arrow is a module of this package; see ``docs/architecture.md``.
"""

__version__ = "0.1.0"
