"""The one user-facing error: a bad config value, named by key, value and what is allowed."""

from __future__ import annotations

from typing import Any


class ConfigError(ValueError):
    """A configuration value the model cannot run with.

    `where` names the file the value is written in (a scenario file), when it is one; the command
    line prints `str(error)` as one line and exits with status 2:
    `config error: {key} = {value!r}: {allowed}`, or with `where`
    `config error: {key} = {value!r} (in {where}): {allowed}`.
    """

    def __init__(self, key: str, value: Any, allowed: str, where: str | None = None) -> None:
        self.key, self.value, self.allowed, self.where = key, value, allowed, where
        place = f" (in {where})" if where else ""
        super().__init__(f"config error: {key} = {value!r}{place}: {allowed}")

    def __reduce__(self):  # so that an error raised in a worker process arrives whole
        return ConfigError, (self.key, self.value, self.allowed, self.where)

    def located(self, where: str) -> ConfigError:
        """The same error, naming the file its value is written in."""
        return ConfigError(self.key, self.value, self.allowed, where)
