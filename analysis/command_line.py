"""What the report commands share on their command line: one way to give run settings, one-line errors.

Run settings are config keys everywhere (`replications=400 seed=1 engine=simpy n_jobs=4`), as for
`python -m sim`, so what a report records in `.hydra/config.yaml` is what ran. The flags earlier
versions took for them are refused with the key=value to write instead.
"""

from __future__ import annotations

import argparse
import sys

from sim.config.errors import ConfigError

RUN_FLAGS = {"--replications": "replications", "--seed": "seed", "--jobs": "n_jobs", "--engine": "engine"}


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit status 2, like every bad input here."""

    def error(self, message: str):
        self.exit(2, f"usage error: {message} (see {self.prog} --help)\n")


def parse(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """Parse `argv`; ConfigError for a run setting given as a flag, naming the key=value to write."""
    argv = list(sys.argv[1:] if argv is None else argv)
    for i, arg in enumerate(argv):
        flag, equals, value = arg.partition("=")
        if flag in RUN_FLAGS:
            value = value if equals else (argv[i + 1] if i + 1 < len(argv) else "N")
            raise ConfigError(flag, value, f"run settings are config keys, as for python -m sim: write "
                                           f"{RUN_FLAGS[flag]}={value}")
    return parser.parse_intermixed_args(argv)


def run_resumable(name: str, folder, client, work) -> int:
    """Run a long command's `work()` (its exit status) with the ends every resumable analysis shares:
    SIGTERM as an interrupt; bad input one line, exit 2; an interrupt keeps the finished chunks, 130;
    failed chunks or the environment (a full disk) one line, 1; the Dask client closed whatever happens."""
    from analysis.sensitivity.runs import ChunksFailed
    from sim.checkpoint import interrupt_on_sigterm

    interrupt_on_sigterm()
    try:
        return work()
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"interrupted: the finished chunks are kept in {folder}; the same command runs the rest", file=sys.stderr)
        return 130
    except ChunksFailed as error:
        print(f"{name}: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"{name} stopped: {error.filename or folder}: {error.strerror or error}", file=sys.stderr)
        return 1
    finally:
        if client is not None:
            client.close()
