"""The inspectors' queues: one shared heap and one heap per inspector, ordered by `task_key`."""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from sim.rules.dispatch import task_key


@dataclass(slots=True)
class Task:
    kind: int
    enterprise: object
    hazard: object | None
    created: float
    deadline: float       # not started by then: expired
    hours: float
    assignee: int         # inspector index, or -1 for anyone
    sequence: int
    source: int           # who asked for it: an index of rules.SOURCES


class TaskQueue:
    """Tasks waiting for an inspector. Expired and moot tasks are dropped when they reach a head."""

    def __init__(self, inspectors: int) -> None:
        self.shared: list = []
        self.own: list[list] = [[] for _ in range(inspectors)]
        self.sequence = 0

    def push(self, task: Task) -> None:
        heap = self.shared if task.assignee < 0 else self.own[task.assignee]
        heapq.heappush(heap, (task_key(task.kind, task.created, task.sequence), task))

    def next_sequence(self) -> int:
        self.sequence += 1
        return self.sequence

    def head(self, inspector: int, now: float, drop) -> tuple[list | None, Task | None]:
        """The first live task open to `inspector` and the heap that holds it.

        `drop(task, now)` is called on each expired or moot task found at a head, and removes it.
        """
        best_heap, best = None, None
        for heap in (self.shared, self.own[inspector]):
            while heap and drop(heap[0][1], now):
                heapq.heappop(heap)
            if heap and (best is None or heap[0][0] < best[0]):
                best_heap, best = heap, heap[0]
        return best_heap, (best[1] if best else None)

    def remaining(self):
        """Every task still waiting, in no particular order."""
        for heap in (self.shared, *self.own):
            for _, task in heap:
                yield task
