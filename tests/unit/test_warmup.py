"""A Dask worker loads the numba kernels when it starts (sim/sweep/warmup.py): registered by a numba
sweep on a real LocalCluster, or preloaded by `dask worker --preload sim.sweep.warmup`, each worker
process holds the compiled top kernel before any chunk reaches it."""

from __future__ import annotations

from distributed import Client, LocalCluster

from sim.sweep import warmup


def _cluster(**worker):
    return LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0",
                        **worker)


def test_a_numba_sweep_registers_the_warm_up_and_each_worker_then_holds_its_kernels():
    with _cluster() as cluster, Client(cluster) as client:
        assert [signatures for _, signatures in client.run(warmup.loaded).values()] == [0]
        warmup.register(client, "simpy")   # the SimPy engine compiles nothing: nothing registered
        assert [signatures for _, signatures in client.run(warmup.loaded).values()] == [0]
        warmup.register(client, "numba")
        (seconds, signatures), = client.run(warmup.loaded).values()
        assert seconds is not None and seconds > 0 and signatures == 1
        cluster.scale(2)   # a worker that joins later loads them as it starts
        client.wait_for_workers(2)
        assert sorted(signatures for _, signatures in client.run(warmup.loaded).values()) == [1, 1]


def test_a_worker_started_with_the_preload_holds_its_kernels():
    with _cluster(preload=["sim.sweep.warmup"]) as cluster, Client(cluster) as client:
        (seconds, signatures), = client.run(warmup.loaded).values()
        assert seconds is not None and signatures == 1
