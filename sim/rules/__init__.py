"""Decision rules written once, as small pure functions of scalars and arrays.

Both engines call these: the SimPy engine as plain Python, the numba engine through `numba.njit`
wrappers of the very same functions (`sim.rules.jit`). A question like "where does a failed
follow-up lead to suspension?" has one answer: here.
"""
