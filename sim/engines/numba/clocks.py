"""Each open hazard's clocks in the numba engine (the SimPy hazard's `reschedule`, `sync` and
`rerate_report`): its accident exposure spent as it runs (the replication's expected accidents and
deaths), its next event, and its whistleblower report clock."""

from __future__ import annotations

import math

from sim.engines.numba import layout as L
from sim.engines.numba.heaps import push_event
from sim.engines.numba.kernel import kernel
from sim.engines.numba.tally import trial_exposure
from sim.rules.jit import hazard_report_rate, report_propensity

INF = math.inf


@kernel
def open_from(S, e):
    """Enterprise e's first hazard not closed, -1 for none: where a walk over its open hazards starts.

    A walk goes `h = open_from(S, e)`, then `h = next_open(S, h)`: e's hazards in the order they arose,
    as its candidates were walked, without the closed ones (no draw is made for them)."""
    hazards, firm = S.hazards, S.enterprises[e]
    h = firm.first_hazard
    while h >= 0 and hazards[h].closed == 1:
        h = hazards[h].next_hazard
    firm.first_hazard = h  # -1 when none is open: the next hazard starts the list again (create_hazard)
    return h


@kernel
def next_open(S, h):
    """The next hazard after h of the same enterprise not closed, -1 for none. The closed ones passed
    are unlinked, so no later walk passes them again; the last hazard stays linked, as a new one is
    linked after it (create_hazard)."""
    hazards = S.hazards
    n = hazards[h].next_hazard
    while n >= 0 and hazards[n].closed == 1:
        n = hazards[n].next_hazard
    if n >= 0:
        hazards[h].next_hazard = n
    else:
        last = S.enterprises[hazards[h].enterprise].last_hazard
        if last != h:
            hazards[h].next_hazard = last
    return n


@kernel
def accident_rate(S, W, h):
    hazard = S.hazards[h]
    sector = W.sectors[S.enterprises[hazard.enterprise].sector]
    return sector.accident_rate_major if hazard.major == 1 else sector.accident_rate_general


@kernel
def sync(S, W, h, t):
    """Spend accident exposure for the time since the last sync, if the enterprise operated; the
    window's part of it is the replication's `expected_accidents`, and weighted by what an accident of
    the hazard's sector and class kills, its `expected_deaths` and `expected_serious_accidents`."""
    hazard = S.hazards[h]
    e = hazard.enterprise
    firm = S.enterprises[e]
    if firm.state == L.OPERATING:
        rate, last = accident_rate(S, W, h), hazard.synced
        hazard.exposure_left -= rate * (t - last)
        days = min(t, W.params[0].horizon) - max(last, 0.0)
        if days > 0.0:
            amt, sector = S.amounts, W.sectors[firm.sector]
            major = hazard.major == 1
            amt[L.A_EXPECTED_ACCIDENTS] += rate * days
            amt[L.A_EXPECTED_DEATHS] += (sector.death_rate_major if major else sector.death_rate_general) * days
            amt[L.A_EXPECTED_SERIOUS_ACCIDENTS] += (sector.serious_rate_major if major
                                                   else sector.serious_rate_general) * days
            if W.trial_arm[e] >= 0:  # in the field trial: its arm's expected accidents by follow-up year
                trial_exposure(S, W, W.trial_arm[e], rate, last, t)
    hazard.synced = t


@kernel(inline=True)
def expose_to_horizon(S, W):
    """Spend the exposure of every hazard still open up to the horizon, for `expected_accidents` (and
    `expected_deaths`, `expected_serious_accidents`)."""
    firms, horizon = S.enterprises, W.params[0].horizon
    for e in range(firms.shape[0]):
        h = open_from(S, e)
        while h >= 0:
            sync(S, W, h, horizon)
            h = next_open(S, h)


@kernel(inline=True)
def next_clock(S, W, h, t):
    """(time, what) of the hazard's next event; ties go as in the SimPy hazard's min over tuples."""
    hazard = S.hazards[h]
    rate = accident_rate(S, W, h)
    acc = INF
    if S.enterprises[hazard.enterprise].state == L.OPERATING and rate > 0:
        acc = t + max(hazard.exposure_left, 0.0) / rate
    best, what = hazard.closes_at, L.CAUSE_NATURAL
    for when, code in ((hazard.rectified_at, L.CAUSE_RECTIFIED), (acc, L.CAUSE_ACCIDENT),
                       (hazard.escalates_at, L.CLOCK_ESCALATE), (hazard.reported_at, L.CLOCK_REPORT)):
        if when < best or (when == best and code < what):
            best, what = when, code
    return best, what


@kernel
def reschedule(S, W, h, t):
    """Spend the accident exposure accrued until t (which the next clock would otherwise run again),
    invalidate the hazard's pending event and schedule its next one. As the SimPy hazard's `reschedule`.

    A clock that rings at or after the horizon is not queued: the replication ends before it, and it
    would only deepen the heap (about 4,200 such events a county replication ends with). Leaving it
    out changes no other event's order, which goes by time and then by the order of the pushes.
    """
    hazard = S.hazards[h]
    if hazard.closed == 1:
        return
    sync(S, W, h, t)
    hazard.version += 1
    when, what = next_clock(S, W, h, t)
    if when < W.params[0].horizon:
        push_event(S, when, L.EV_HAZARD, h, hazard.version * 16 + what)


@kernel
def report_rate(P, workers, major):
    """A latent hazard's whistleblower report rate under the settings P in force, for its class."""
    g = report_propensity(P.reward_major if major == 1 else P.reward_general, P.no_reward_propensity,
                          P.reward_scale)
    return hazard_report_rate(workers, P.reference_workers, P.hazard_report_rate, P.report_size_exponent, g)


@kernel
def report_time(hazard):
    """When the hazard's report clock rings at its current rate (never at rate 0)."""
    rate = hazard.report_rate
    return hazard.report_since + hazard.report_left / rate if rate > 0 else INF


@kernel
def rerate_report(S, W, h, t):
    """The report rate may have changed at t (a campaign phase, an escalation to major): spend the
    report clock's unit exposure at the old rate until t and run the rest at the new one. True when
    the rate changed (the caller reschedules). As the SimPy hazard's `rerate_report`."""
    hazard = S.hazards[h]
    rate = report_rate(W.params[0], S.enterprises[hazard.enterprise].workers, hazard.major)
    if hazard.report_left == INF or rate == hazard.report_rate:
        return False
    left = hazard.report_left - hazard.report_rate * (t - hazard.report_since)
    hazard.report_left, hazard.report_since, hazard.report_rate = left if left > 0.0 else 0.0, t, rate
    hazard.reported_at = report_time(hazard)
    return True
