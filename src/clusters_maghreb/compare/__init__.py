"""Comparisons across countries and reference years: shared logic of the comparison notebooks."""
