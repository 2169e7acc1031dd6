"""Normalisation: raw extracted strings to typed values with their provenance."""
