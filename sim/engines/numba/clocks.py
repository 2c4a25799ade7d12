"""Each open hazard's clocks in the numba engine (the SimPy hazard's `reschedule`, `sync` and
`rerate_report`): its accident exposure spent as it runs (the replication's expected accidents and
deaths), its next event, and its whistleblower report clock."""

from __future__ import annotations

import math

from numba import njit
from sim.engines.numba import layout as L
from sim.engines.numba.heaps import push_event
from sim.engines.numba.tally import trial_exposure
from sim.rules.jit import hazard_report_rate, report_propensity

INF = math.inf


@njit(cache=True)
def open_from(S, e):
    """Where a loop over enterprise e's open hazards may start: every arrived candidate before it was
    rejected or has closed, for good. Skipping them changes no draw (none is made for them)."""
    hi, ei = S.hi, S.ei
    h, end = ei[e, L.E_OPEN_FROM], ei[e, L.E_CAND]
    while h < end and (hi[h, L.H_EXISTS] == 0 or hi[h, L.H_CLOSED] == 1):
        h += 1
    ei[e, L.E_OPEN_FROM] = h
    return h


@njit(cache=True)
def accident_rate(S, W, h):
    e = S.hi[h, L.H_ENT]
    return W.sec[S.ei[e, L.E_SECTOR], L.SC_KM if S.hi[h, L.H_MAJOR] == 1 else L.SC_KG]


@njit(cache=True)
def sync(S, W, h, t):
    """Spend accident exposure for the time since the last sync, if the enterprise operated; the
    window's part of it is the replication's `expected_accidents`, and weighted by what an accident of
    the hazard's sector and class kills, its `expected_deaths` and `expected_serious_accidents`."""
    hf = S.hf
    e = S.hi[h, L.H_ENT]
    if S.ei[e, L.E_STATE] == L.OPERATING:
        rate, last = accident_rate(S, W, h), hf[h, L.H_LAST]
        hf[h, L.H_EXPO] -= rate * (t - last)
        days = min(t, W.p[L.P_HORIZON]) - max(last, 0.0)
        if days > 0.0:
            amt, sec, s = S.amt, W.sec, S.ei[e, L.E_SECTOR]
            major = S.hi[h, L.H_MAJOR] == 1
            amt[L.A_EXPECTED_ACCIDENTS] += rate * days
            amt[L.A_EXPECTED_DEATHS] += sec[s, L.SC_DM if major else L.SC_DG] * days
            amt[L.A_EXPECTED_SERIOUS_ACCIDENTS] += sec[s, L.SC_SM if major else L.SC_SG] * days
            if W.arm[e] >= 0:  # in the field trial: its arm's expected accidents by follow-up year
                trial_exposure(S, W, W.arm[e], rate, last, t)
    hf[h, L.H_LAST] = t


@njit(cache=True)
def expose_to_horizon(S, W):
    """Spend the exposure of every hazard still open up to the horizon, for `expected_accidents` (and
    `expected_deaths`, `expected_serious_accidents`)."""
    hi, ei, horizon = S.hi, S.ei, W.p[L.P_HORIZON]
    for e in range(ei.shape[0]):
        for h in range(open_from(S, e), ei[e, L.E_CAND]):
            if hi[h, L.H_EXISTS] == 1 and hi[h, L.H_CLOSED] == 0:
                sync(S, W, h, horizon)


@njit(cache=True)
def next_clock(S, W, h, t):
    """(time, what) of the hazard's next event; ties go as in the SimPy hazard's min over tuples."""
    hf = S.hf
    rate = accident_rate(S, W, h)
    acc = INF
    if S.ei[S.hi[h, L.H_ENT], L.E_STATE] == L.OPERATING and rate > 0:
        acc = t + max(hf[h, L.H_EXPO], 0.0) / rate
    best, what = hf[h, L.H_CLOSURE], L.CAUSE_NATURAL
    for when, code in ((hf[h, L.H_FIX], L.CAUSE_RECTIFIED), (acc, L.CAUSE_ACCIDENT),
                       (hf[h, L.H_ESC], L.CLOCK_ESCALATE), (hf[h, L.H_REPORT], L.CLOCK_REPORT)):
        if when < best or (when == best and code < what):
            best, what = when, code
    return best, what


@njit(cache=True)
def reschedule(S, W, h, t):
    """Spend the accident exposure accrued until t (which the next clock would otherwise run again),
    invalidate the hazard's pending event and schedule its next one. As the SimPy hazard's `reschedule`."""
    hi = S.hi
    if hi[h, L.H_CLOSED] == 1:
        return
    sync(S, W, h, t)
    hi[h, L.H_VERSION] += 1
    when, what = next_clock(S, W, h, t)
    if when < INF:
        push_event(S, when, L.EV_HAZARD, h, hi[h, L.H_VERSION] * 16 + what)


@njit(cache=True)
def report_rate(P, workers, major):
    """A latent hazard's whistleblower report rate under the settings P in force, for its class."""
    g = report_propensity(P[L.P_REWARD_M] if major == 1 else P[L.P_REWARD_G], P[L.P_G0], P[L.P_RSCALE])
    return hazard_report_rate(workers, P[L.P_WREF], P[L.P_R0], P[L.P_RALPHA], g)


@njit(cache=True)
def report_time(hf, h):
    rate = hf[h, L.H_REP_RATE]
    return hf[h, L.H_REP_SINCE] + hf[h, L.H_REP_LEFT] / rate if rate > 0 else INF


@njit(cache=True)
def rerate_report(S, W, h, t):
    """The report rate may have changed at t (a campaign phase, an escalation to major): spend the
    report clock's unit exposure at the old rate until t and run the rest at the new one. True when
    the rate changed (the caller reschedules). As the SimPy hazard's `rerate_report`."""
    hf = S.hf
    rate = report_rate(W.p, S.ef[S.hi[h, L.H_ENT], L.E_WORKERS], S.hi[h, L.H_MAJOR])
    if hf[h, L.H_REP_LEFT] == INF or rate == hf[h, L.H_REP_RATE]:
        return False
    left = hf[h, L.H_REP_LEFT] - hf[h, L.H_REP_RATE] * (t - hf[h, L.H_REP_SINCE])
    hf[h, L.H_REP_LEFT], hf[h, L.H_REP_SINCE], hf[h, L.H_REP_RATE] = left if left > 0.0 else 0.0, t, rate
    hf[h, L.H_REPORT] = report_time(hf, h)
    return True
