"""Analytic queueing results and a stripped-down task queue to hold the model's queue to them (tests only)."""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence

import numpy as np
import simpy

from sim.engines.simpy.task_queue import Task, TaskQueue
from sim.rules import dispatch as rules


def erlang_c(offered: float, servers: int) -> float:
    """Erlang C: probability that an arrival to an M/M/c queue with load `offered` (= λ/μ) waits."""
    if offered >= servers:
        raise ValueError("the queue is unstable: offered load must be below the number of servers")
    term = total = 1.0
    for k in range(1, servers):
        term *= offered / k
        total += term
    last = term * offered / servers / (1.0 - offered / servers)  # a^c / c! / (1 - ρ)
    return last / (total + last)


def erlang_c_wait(lam: float, mu: float, c: int) -> float:
    """Mean wait in queue of an M/M/c queue, arrival rate lam, service rate mu per server."""
    return erlang_c(lam / mu, c) / (c * mu - lam)


def priority_wait(rates: Sequence[float], mu: float, c: int, k: int) -> float:
    """Mean wait of class k (0 served first) in an M/M/c queue with non-preemptive priorities.

    All classes share the service rate mu, so while every server is busy one frees at rate cμ
    whatever it serves: W_k = C(c, a) / (cμ) / ((1 - σ_{k-1})(1 - σ_k)), σ_k = Σ_{j≤k} λ_j / (cμ).
    """
    cap = c * mu
    before, through = sum(rates[:k]) / cap, sum(rates[: k + 1]) / cap
    return erlang_c(sum(rates) / mu, c) / cap / ((1.0 - before) * (1.0 - through))


def queue_waits(rates: dict[int, float], mu: float, c: int, days: float, seed: int) -> dict[int, np.ndarray]:
    """Waits (days) from creation to start of tasks of each kind, in order of start.

    Poisson arrivals of each task kind at rates[kind] a day into the SimPy engine's `TaskQueue`,
    queued by the dispatch rule (`rules.assignee` under pooled dispatch: the shared queue, ordered
    by `rules.task_key`: priority, then first in, first out), c inspectors each taking the head
    task as soon as they are free and holding it an exponential time of mean 1/mu days. What is
    stripped: the working-day calendar, the daily dispatch at mid-day and hours by enterprise size,
    which make the model's own queue a discrete-time one. No task expires.
    """
    env = simpy.Environment()
    queue = TaskQueue(c)
    arrivals, service = np.random.default_rng([seed, 0]), np.random.default_rng([seed, 1])
    idle: list[simpy.Event] = []
    waits: dict[int, list[float]] = {kind: [] for kind in rates}

    def arrive(kind: int, rate: float):
        while True:
            yield env.timeout(arrivals.exponential(1.0 / rate))
            who = rules.assignee(kind, owner=0, territorial=False)
            queue.push(Task(kind, None, None, env.now, math.inf, 0.0, who, queue.next_sequence(), rules.CORE))
            if idle:
                idle.pop().succeed()

    def inspector(i: int):
        while True:
            heap, task = queue.head(i, env.now, lambda t, now: t.deadline < now)
            if task is None:
                idle.append(env.event())
                yield idle[-1]
                continue
            heapq.heappop(heap)
            waits[task.kind].append(env.now - task.created)
            yield env.timeout(service.exponential(1.0 / mu))

    for kind, rate in rates.items():
        env.process(arrive(kind, rate))
    for i in range(c):
        env.process(inspector(i))
    env.run(until=days)
    return {kind: np.asarray(w) for kind, w in waits.items()}


def batch_means(x: np.ndarray, batches: int = 20, burn_in: float = 0.05) -> tuple[float, float]:
    """Mean of a stationary, autocorrelated series and its standard error from batch means."""
    x = x[int(burn_in * x.size):]
    means = x[: x.size // batches * batches].reshape(batches, -1).mean(axis=1)
    return float(means.mean()), float(means.std(ddof=1) / math.sqrt(batches))
