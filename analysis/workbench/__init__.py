"""The planner's workbench: a local web page to set up a county, run studies and explore the answer.

`python -m analysis.workbench` (or `make app`) serves it on 127.0.0.1. It drives the project's own
commands and reads what they write; it never runs the model itself. Every file it reads or writes lies
in one workspace folder (`workspace.py`); the page is server-rendered HTML in Chinese or English
(`words.py`), its chart library and font served from installed packages, so nothing is fetched from the
network. docs/workbench.md describes each page.
"""
