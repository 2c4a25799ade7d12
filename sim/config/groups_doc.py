"""The listing of docs/config_groups.md, generated from the option files in conf/regimes/.

`python -m sim.config.groups_doc` rewrites everything below the marker line of docs/config_groups.md;
`--check` only says whether it is current (exit status 1 when not). The prose above the marker is
written by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from sim.config.groups import groups, header, options, settings

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "config_groups.md"
MARKER = "<!-- everything below is generated from conf/regimes/ by `python -m sim.config.groups_doc` -->"


def listing() -> str:
    """The Markdown of every group and option: what it does, what it sets, its source."""
    parts = []
    for group in groups():
        parts += [f"### `{group}`", "", "| option | what it does | sets | source |",
                  "| --- | --- | --- | --- |"]
        for option in options(group):
            what, source = header(group, option)
            sets = ", ".join(f"`{key}: {_shown(value)}`" for key, value in settings(group, option).items())
            parts.append(f"| `{option}` | {what} | {sets} | {source} |")
        parts.append("")
    return "\n".join(parts)


def render(document: str) -> str:
    """`document` up to and including the marker line, followed by the current listing."""
    head = document.split(MARKER)[0].rstrip("\n")
    return f"{head}\n\n{MARKER}\n\n{listing()}"


def _shown(value: Any) -> str:
    """A value as the listing shows it: YAML spelling, a list of phases by its names."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        names = ", ".join(str(item.get("name", "?")) for item in value)
        return f"{len(value)} phase{'s' if len(value) > 1 else ''} ({names})"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)


if __name__ == "__main__":
    from sim.config.docs_cli import groups_main

    sys.exit(groups_main())
