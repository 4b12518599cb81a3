"""The SPARQL queries behind ``kg viz`` (one ``.rq`` file per view or per node detail).

They are named ``viz/<file>`` in the one query registry, ``govkg.kg.queries``, and run through
``KnowledgeGraph.named`` with its ``#IF`` blocks: every value is bound as one RDF term, so user text never
becomes query syntax.
"""
