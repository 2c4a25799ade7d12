"""Sensitivity analysis (issue 27): which assumed parameters the staffing decision turns on (Morris
screening, then Sobol' indices on an emulator), and whether the choices hold across their ranges.
`python -m analysis.sensitivity SCENARIO`; docs/uncertainty.md says what each part does and costs."""
