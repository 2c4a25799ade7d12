"""Penalties, credit marks, suspension and closure of an enterprise (MODEL.md §4)."""

from __future__ import annotations

from sim.engines.derived import CLOSED_BEFORE_YEAR_END
from sim.rules.rectification import BLACKLISTED, CLOSED, DISHONEST, NORMAL, OPERATING, SUSPENDED


def penalise(county, enterprise, t: float, firm_fine: float, principal_fine: float, mark: bool) -> None:
    """一案双罚: fine the firm and its principal; start specific deterrence; maybe mark dishonest."""
    rec = county.recorder
    rec.add("penalties", t)
    rec.add_amount("fines", t, firm_fine + principal_fine)
    rec.log(t, "penalty", enterprise.index, value=firm_fine + principal_fine)
    enterprise.last_penalty = t
    if mark:
        mark_dishonest(county, enterprise, t)


def mark_dishonest(county, enterprise, t: float) -> None:
    """失信 mark, lifted after credit_repair_days without a new one (纠错激励)."""
    if enterprise.credit == BLACKLISTED:
        return
    enterprise.credit = DISHONEST
    enterprise.marked_at = t
    county.recorder.add("dishonest_marks", t)
    county.recorder.log(t, "credit", enterprise.index, detail="dishonest")
    county.env.process(_repair_credit(county, enterprise, t))


def _repair_credit(county, enterprise, marked_at: float):
    yield county.env.timeout(county.config.rectification.credit_repair_days)
    if enterprise.credit == DISHONEST and enterprise.marked_at == marked_at:
        enterprise.credit = NORMAL
        county.recorder.log(county.env.now, "credit", enterprise.index, detail="repaired")


def suspend(county, enterprise, hazard, t: float) -> None:
    """停产整顿 until `hazard` is closed and at least min_suspension_days have passed."""
    if enterprise.state == CLOSED:
        return
    enterprise.suspensions += 1
    if enterprise.state == OPERATING:
        set_state(county, enterprise, SUSPENDED, t)
        county.recorder.add("suspensions", t)
        county.recorder.log(t, "suspension", enterprise.index, hazard.id)
    county.env.process(_end_suspension(county, enterprise, hazard))


def _end_suspension(county, enterprise, hazard):
    yield county.env.timeout(county.config.rectification.min_suspension_days)
    if not hazard.closed:
        yield hazard.wait_closed()
    enterprise.suspensions -= 1
    if enterprise.suspensions == 0 and enterprise.state == SUSPENDED:
        set_state(county, enterprise, OPERATING, county.env.now)
        county.recorder.log(county.env.now, "resumption", enterprise.index)


def close_enterprise(county, enterprise, t: float) -> None:
    """关闭 and 黑名单: the enterprise stops for good; its open hazards close with it."""
    set_state(county, enterprise, CLOSED, t)
    enterprise.credit = BLACKLISTED
    county.key_visits[enterprise.index, county.window_year(t):] = CLOSED_BEFORE_YEAR_END  # off the register from this year
    county.recorder.add("closures", t)
    county.recorder.log(t, "closure", enterprise.index)
    for hazard in list(enterprise.open.values()):
        county.close(hazard, cause=4)


def set_state(county, enterprise, state: int, t: float) -> None:
    """Change operating state, keeping every open hazard's accident exposure exact."""
    hazards = list(enterprise.open.values())
    for hazard in hazards:
        hazard.sync(t)
    enterprise.state = state
    for hazard in hazards:
        hazard.reschedule()
