"""What a command says to bad input, as the bad-input tests of the analysis commands check it."""

from __future__ import annotations


def refusal(main, argv: list[str], capsys) -> tuple[int, str]:
    """`main(argv)`'s exit status (argparse's own errors exit through SystemExit) and its stderr, stripped."""
    try:
        status = main(argv)
    except SystemExit as stop:
        status = stop.code
    return status, capsys.readouterr().err.strip()
