"""Doubling the growable state arrays (events, tasks, task queues) in place of the old ones."""

from __future__ import annotations

import numpy as np

from numba import njit


@njit(cache=True)
def _bigger(a):
    out = np.empty((a.shape[0] * 2,) + a.shape[1:], dtype=a.dtype)
    out[: a.shape[0]] = a
    return out


@njit(cache=True)
def grow_events(S):
    S.evf = _bigger(S.evf)
    S.evq = _bigger(S.evq)
    S.evk = _bigger(S.evk)
    S.eva = _bigger(S.eva)
    S.evb = _bigger(S.evb)
    return S


@njit(cache=True)
def grow_tasks(S):
    S.tf = _bigger(S.tf)
    S.ti = _bigger(S.ti)
    return S


@njit(cache=True)
def grow_queues(S):
    qh = S.qh
    out = np.empty((qh.shape[0], qh.shape[1] * 2), dtype=qh.dtype)
    out[:, : qh.shape[1]] = qh
    S.qh = out
    return S
