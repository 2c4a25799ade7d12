"""`@kernel`: how every compiled function of the numba engine is compiled, set in one place.

Each is `njit(cache=True)` but for one thing: a call from compiled code is compiled for the types of
its arguments, never for their values. numba's own dispatcher compiles a callee afresh for every
integer constant it is passed (an event kind, a task kind, a source: `add_task` was compiled 14
times, `_planned_check` 8, `push_event` 6; 268 compilations of 178 functions in all), and each
compilation optimises its callees again. Passing the constants as plain integers changes no result
(the same arithmetic; LLVM still folds a constant into a callee it inlines) and leaves one
compilation per function and default argument left out.
"""

from __future__ import annotations

from numba.core import types
from numba.core.registry import CPUDispatcher

OPTIONS = {"nopython": True, "boundscheck": None}   # as `njit` gives them
# Fold the helpers marked inline=True into their callers: the functions the engine calls from one
# place, and the shared rules. A cold compile took 50 s of CPU with it and 61 s without, in one run
# each on a busy machine; folding the small helpers called from many places too took 58 s (the top
# kernel's typing grows faster than what they cost alone). The kernel's speed is the same either way
# (docs/performance.md, "Start-up"). False: every function compiled on its own, for an A/B.
INLINE = True


class KernelDispatcher(CPUDispatcher):
    """A CPU dispatcher that types a call's arguments without their literal values."""

    def get_call_template(self, args, kws):
        args = tuple(types.unliteral(a) for a in args)
        kws = {name: types.unliteral(t) for name, t in kws.items()}
        return super().get_call_template(args, kws)


def kernel(function=None, *, inline: bool = False):
    """`function` compiled for the numba engine, kept in the kernel cache (sim/engines/kernel_cache.py).

    `@kernel(inline=True)` marks a helper folded into its caller before typing (numba's
    `inline="always"`) when INLINE is on: it is then never compiled on its own.
    """
    if function is None:
        return lambda f: kernel(f, inline=inline)
    options = {**OPTIONS, "inline": "always" if inline and INLINE else "never"}
    dispatcher = KernelDispatcher(py_func=function, locals={}, targetoptions=options)
    dispatcher.enable_caching()
    return dispatcher
