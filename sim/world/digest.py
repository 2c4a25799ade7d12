"""A digest of what a part of the world is drawn from: its inputs object, field by field.

Two parts with equal digests (drawn for the same seed and replication) are the same arrays, so a sweep
draws a part once per replication and hands it to every cell whose inputs agree (sim/world/shared.py).
The inputs objects hold plain values and arrays only; anything else is refused rather than guessed at.
"""

from __future__ import annotations

import dataclasses
import hashlib

import numpy as np


def digest(name: str, *values) -> str:
    """A 20-hex-digit digest of `name` and `values` (dataclasses of arrays and scalars, tuples, digests)."""
    h = hashlib.sha256(name.encode())
    for value in values:
        _feed(h, value)
    return h.hexdigest()[:20]


def _feed(h, value) -> None:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        h.update(f"<{type(value).__name__}".encode())
        for field in dataclasses.fields(value):
            h.update(f"|{field.name}=".encode())
            _feed(h, getattr(value, field.name))
        h.update(b">")
    elif isinstance(value, np.ndarray):
        h.update(f"[{value.dtype.str}{value.shape}".encode())
        h.update(np.ascontiguousarray(value).tobytes())
        h.update(b"]")
    elif isinstance(value, tuple | list):
        h.update(f"({len(value)}".encode())
        for item in value:
            _feed(h, item)
        h.update(b")")
    elif isinstance(value, np.generic):
        _feed(h, value.item())
    elif value is None or isinstance(value, bool | int | float | str):
        h.update(f"{type(value).__name__}:{value!r};".encode())
    else:
        raise TypeError(f"cannot digest a {type(value).__name__}: world inputs hold arrays and plain values only")
