"""Units of work and adapters. Each unit loads by id, applies a domain operation and commits.

Nothing in this package imports Prefect: flows/ decides which units run as Prefect tasks, and
the CLI can call the units that record people's input directly.
"""
