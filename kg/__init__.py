"""govkg: Chinese government performance self-evaluation reports as an RDF knowledge graph."""
__version__ = "0.1.0"  # before the imports: kg.build reads it

from .graph import KnowledgeGraph  # noqa: E402

__all__ = ["KnowledgeGraph"]
