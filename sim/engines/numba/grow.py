"""Doubling the growable state arrays (events, tasks, task queues) and rebuilding the state tuple."""

from __future__ import annotations

import numpy as np

from numba import njit
from sim.engines.numba.layout import S_EVF, S_EVI, S_QH, S_TF, S_TI


@njit(cache=True)
def _with(S, evf, evi, tf, ti, qh):
    return (S[0], S[1], S[2], S[3], S[4], S[5], S[6], S[7], S[8], S[9], S[10], S[11], evf, evi, S[14], tf, ti,
            qh, S[18])


@njit(cache=True)
def _bigger(a):
    out = np.empty((a.shape[0] * 2,) + a.shape[1:], dtype=a.dtype)
    out[: a.shape[0]] = a
    return out


@njit(cache=True)
def grow_events(S):
    return _with(S, _bigger(S[S_EVF]), _bigger(S[S_EVI]), S[S_TF], S[S_TI], S[S_QH])


@njit(cache=True)
def grow_tasks(S):
    return _with(S, S[S_EVF], S[S_EVI], _bigger(S[S_TF]), _bigger(S[S_TI]), S[S_QH])


@njit(cache=True)
def grow_queues(S):
    qh = S[S_QH]
    out = np.empty((qh.shape[0], qh.shape[1] * 2), dtype=qh.dtype)
    out[:, : qh.shape[1]] = qh
    return _with(S, S[S_EVF], S[S_EVI], S[S_TF], S[S_TI], out)
