"""The web door: the coördinator's pages behind a login (and, later, the residents' public
pages). It parses requests, calls commands and tasks.queries, and renders templates/web/."""
