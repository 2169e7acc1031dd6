"""Extraction: raw source text to tables of raw strings with line provenance."""
