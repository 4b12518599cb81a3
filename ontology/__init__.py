"""The govkg OWL vocabulary (govkg.ttl) and SHACL shapes (shapes.ttl), shipped as package data."""
from importlib import resources


def path(name: str = "govkg.ttl"):
    """A Traversable for one of the ontology files."""
    return resources.files(__name__).joinpath(name)
