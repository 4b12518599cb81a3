"""The SPARQL queries behind ``kg viz`` (one ``.rq`` file per view or per node detail).

A ``#VALUES`` line is replaced by ``VALUES ?var { terms }`` with every value serialised as one RDF term
(:func:`viz.views.render_query`); user text never becomes query syntax.
"""
