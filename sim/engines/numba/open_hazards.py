"""Each enterprise's open hazards as a doubly linked list in arrival order.

A check, a self-inspection, a change of operating state or a closure visits the enterprise's open
hazards in index order. Walking its whole candidate range instead visited every candidate already
arrived, thinned away or closed as well (a county replication walks about 67 candidates an
enterprise over six years, and a long-open hazard kept the range long). A hazard is appended when it
is created (candidates arrive in index order within an enterprise, so the list stays sorted) and
unlinked when it closes; a walk reads a hazard's successor before visiting it, since the visit may
close that hazard, and no visit closes any other. The same hazards in the same order: the same draws.

    h = S.enterprises[e].first_open
    while h >= 0:
        after = S.hazards[h].next_open
        ...  # visit h
        h = after
"""

from __future__ import annotations

from numba import njit


@njit(cache=True)
def link_open(S, e, h):
    """Append hazard h, just created, to enterprise e's open hazards."""
    hazards, firm = S.hazards, S.enterprises[e]
    last = firm.last_open
    hazards[h].previous_open, hazards[h].next_open = last, -1
    if last >= 0:
        hazards[last].next_open = h
    else:
        firm.first_open = h
    firm.last_open = h


@njit(cache=True)
def unlink_open(S, e, h):
    """Take hazard h, closing, out of enterprise e's open hazards (its own links are left as they were,
    so a walk standing on it goes on to its successor)."""
    hazards, firm = S.hazards, S.enterprises[e]
    before, after = hazards[h].previous_open, hazards[h].next_open
    if before >= 0:
        hazards[before].next_open = after
    else:
        firm.first_open = after
    if after >= 0:
        hazards[after].previous_open = before
    else:
        firm.last_open = before
