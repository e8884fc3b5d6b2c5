"""The web service: SPARQL endpoint, pages, checks and dumps."""
