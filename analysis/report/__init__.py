"""The decision-meeting report (`python -m analysis.report RESULTS_DIR`): HTML and A4 PDF, zh and en."""
