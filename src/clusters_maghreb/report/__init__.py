"""The report: its inputs (variables, bibliography) and its rendering."""
