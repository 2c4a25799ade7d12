"""Calibration of a county by Bayesian history matching with emulators (docs/calibration.md)."""
