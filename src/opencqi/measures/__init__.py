"""Outcome measures: the declarative catalog, the engine, stored results, suppression."""
