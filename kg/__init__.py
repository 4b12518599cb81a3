"""govkg: Chinese government performance self-evaluation reports as an RDF knowledge graph."""
from .graph import KnowledgeGraph

__all__ = ["KnowledgeGraph"]
__version__ = "0.1.0"
