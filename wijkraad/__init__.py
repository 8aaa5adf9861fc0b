"""The edges: the `wijkraad` command line. Nothing imports this package."""
