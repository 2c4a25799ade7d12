"""`@kernel` (sim/engines/numba/kernel.py) compiles a function called from compiled code once for its
argument types, where numba's own `njit` compiles it again for every integer constant it is passed."""

from __future__ import annotations

from numba import njit

from sim.engines.numba import kernel as kernel_module
from sim.engines.numba.kernel import kernel

KIND_A, KIND_B = 3, 7   # module constants: numba types them as literals


@kernel
def _add(x, kind):
    return x + kind


@njit
def _add_njit(x, kind):
    return x + kind


@kernel
def _calls_kernel(x):
    return _add(x, KIND_A) + _add(x, KIND_B)


@njit
def _calls_njit(x):
    return _add_njit(x, KIND_A) + _add_njit(x, KIND_B)


@kernel(inline=True)
def _folded(x):
    return 2 * x


@kernel
def _calls_folded(x):
    return _folded(x) + 1


def test_a_callee_is_compiled_once_for_its_types_not_once_per_constant():
    assert _calls_kernel(1) == _calls_njit(1) == 12
    assert len(_add.signatures) == 1
    assert len(_add_njit.signatures) == 2   # what @kernel avoids


def test_an_inlined_helper_is_folded_into_its_caller_and_never_compiled_alone():
    assert _calls_folded(4) == 9
    assert _folded.signatures == [] and kernel_module.INLINE
    assert _folded.targetoptions["inline"] == "always" and _add.targetoptions["inline"] == "never"


def test_every_kernel_is_cached():
    assert _add._cache.__class__.__name__ == "FunctionCache" and _folded._cache.__class__.__name__ == "FunctionCache"
