"""The numba engine's world and state as StructRefs: one reference per kernel call.

A tuple of arrays passed to a compiled function is reference-counted array by array at every call
(measured: 116 ns a call for the 33 arrays of the world and state tuples, 8.7 ns as StructRefs),
so the kernels take these two objects instead. Field meanings are documented in `inputs.py`.
"""

from __future__ import annotations

from numba import njit
from numba.core import types
from numba.experimental import structref

WORLD_FIELDS = ("p", "ip", "sec", "season", "cal", "nat", "first", "rfirst", "rtime", "ru", "ms", "dr", "task",
                "prof", "lead", "otime", "osector", "surge", "ssec", "pp",
                "ipp", "ph", "tpdays", "tprot", "monitored", "alarm", "pub", "corder", "sorder", "arm", "pyr",
                "pyday")
STATE_FIELDS = ("hf", "hi", "ef", "ei", "fails", "pres", "kv", "backlog", "cnt", "amt", "acc", "mon", "evf",
                "evq", "evk", "eva", "evb", "meta", "tf", "ti", "qh", "qn", "plan")


@structref.register
class WorldType(types.StructRef):
    def preprocess_fields(self, fields):
        return tuple((name, types.unliteral(t)) for name, t in fields)


@structref.register
class StateType(types.StructRef):
    def preprocess_fields(self, fields):
        return tuple((name, types.unliteral(t)) for name, t in fields)


class World(structref.StructRefProxy):
    """Read-only arrays of one replication's compiled world."""


class State(structref.StructRefProxy):
    """Mutable arrays of one replication; growable arrays are replaced field by field."""


structref.define_proxy(World, WorldType, list(WORLD_FIELDS))
structref.define_proxy(State, StateType, list(STATE_FIELDS))


@njit(cache=True)
def outputs(S):
    """The arrays a replication reports: counts, amounts, raw sums, key visits, monthly series, the
    annual plan's ledger."""
    return S.cnt, S.amt, S.acc, S.kv, S.mon, S.plan
