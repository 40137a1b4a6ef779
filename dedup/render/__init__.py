"""Renderers: each takes a result object and returns text; none writes files."""
