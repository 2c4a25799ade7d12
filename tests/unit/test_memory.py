"""The memory check before a run (sim/memory.py): estimates, refusal, warning, and what the machine has."""

from __future__ import annotations

import re
import time
import tracemalloc

import pytest

import sim
import sim.memory as memory
from sim.world.replication import draw_world
from sim.world.scenario import compile_scenario

GB = 10**9


def config(*overrides: str):
    return sim.load_config("county_baseline", list(overrides))


@pytest.mark.parametrize("engine", ["numba", "simpy"])
def test_estimate_grows_with_enterprises(engine):
    sizes = [3_000, 30_000, 300_000]
    estimates = [memory.estimate_bytes(config(f"population.enterprises={n}"), engine, 1, True) for n in sizes]
    assert estimates[0] < estimates[1] < estimates[2]
    # beyond the fixed cost of a process, the estimate is proportional to the enterprises
    grown = [e - memory.HEADROOM * memory.PROCESS[engine] for e in estimates]
    assert grown[2] / grown[1] == pytest.approx(10.0, rel=0.01)


def test_estimate_grows_with_horizon():
    short, long = (memory.estimate_bytes(config(f"horizon_days={d}"), "numba", 1, False) for d in (365, 3653))
    assert long > short


def test_each_worker_counts_a_process_and_a_replication():
    c = config("population.enterprises=100000", "replications=8")
    one, two, four = (memory.estimate_bytes(c, "numba", j, False) for j in (1, 2, 4))
    assert one < two < four
    # a worker costs what one replication run alone costs: a process and the replication in it
    alone = memory.estimate_bytes(config("population.enterprises=100000", "replications=1"), "numba", 1, False)
    per_worker = alone - memory.HEADROOM * memory.PER_REPLICATION_KEPT
    assert four - two == pytest.approx(2 * per_worker, rel=1e-6)


def test_no_more_workers_than_replications():
    c = config("population.enterprises=100000", "replications=2")
    assert memory.estimate_bytes(c, "numba", 8, False) == memory.estimate_bytes(c, "numba", 2, False)
    single = config("population.enterprises=100000", "replications=1")
    assert memory.estimate_bytes(single, "numba", 8, False) == memory.estimate_bytes(single, "numba", 1, False)


def test_the_simpy_event_log_is_counted_and_kept_per_replication():
    c = config("replications=50")
    assert memory.estimate_bytes(c, "simpy", 1, True) > memory.estimate_bytes(c, "simpy", 1, False)
    assert memory.estimate_bytes(c, "numba", 1, True) == memory.estimate_bytes(c, "numba", 1, False)
    few = memory.estimate_bytes(config("replications=5"), "simpy", 1, True)
    assert memory.estimate_bytes(c, "simpy", 1, True) - few > 45 * memory.PER_LOG_ROW_KEPT * memory.log_rows(
        c, "simpy", True)


@pytest.mark.parametrize("overrides", [
    [],
    ["population.quality_effect=4", "population.size_exponent=0.8", "calendar.winter_start=05-01"],
    ["sectors.construction.hazard_rate=0.2", "calendar.weather_alerts_per_year=0"],
])
def test_expected_candidates_is_what_the_world_draws(overrides):
    c = config("population.enterprises=20000", *overrides)
    drawn = draw_world(compile_scenario(c), 0, 0).hazards.time.shape[0]
    assert drawn == pytest.approx(memory.expected_candidates(c), rel=0.03)


def test_refusal_names_key_value_estimate_and_what_is_available(monkeypatch):
    monkeypatch.setattr(memory, "available_bytes", lambda: 2 * GB)
    c = config("population.enterprises=10000000")
    need = memory.estimate_bytes(c, "simpy", 2, True)
    with pytest.raises(sim.ConfigError) as caught:
        memory.check_memory(c, "simpy", 2, True)
    message = str(caught.value)
    assert caught.value.key == "population.enterprises" and caught.value.value == 10_000_000
    assert message.startswith("config error: population.enterprises = 10000000: the run needs about ")
    assert f"{need / GB:,.0f} GB" in message
    assert "this machine has 2.0 GB available" in message
    assert "engine=numba" in message and "fewer enterprises" in message
    assert "\n" not in message


def test_advice_names_only_what_would_help(monkeypatch):
    monkeypatch.setattr(memory, "available_bytes", lambda: 2 * GB)
    with pytest.raises(sim.ConfigError) as caught:
        memory.check_memory(config("population.enterprises=10000000"), "numba", 1, True)
    assert "engine=numba" not in str(caught.value) and "n_jobs" not in str(caught.value)
    with pytest.raises(sim.ConfigError) as caught:
        memory.check_memory(config("population.enterprises=10000000", "replications=4"), "numba", 2, True)
    assert "fewer n_jobs" in str(caught.value)


def test_advice_names_replications_when_keeping_them_is_most_of_it(monkeypatch):
    monkeypatch.setattr(memory, "available_bytes", lambda: 2 * GB)
    with pytest.raises(sim.ConfigError) as caught:
        memory.check_memory(config("replications=1000000"), "numba", 1, False)
    assert "fewer replications" in str(caught.value)
    with pytest.raises(sim.ConfigError) as caught:
        memory.check_memory(config("population.enterprises=10000000"), "numba", 1, False)
    assert "fewer replications" not in str(caught.value)


def test_the_enterprises_said_to_fit_do_fit(monkeypatch):
    monkeypatch.setattr(memory, "available_bytes", lambda: 8 * GB)
    with pytest.raises(sim.ConfigError) as caught:
        memory.check_memory(config("population.enterprises=10000000"), "numba", 1, False)
    most = int(re.search(r"about ([0-9,]+) fit", str(caught.value)).group(1).replace(",", ""))
    assert 0 < most < 10_000_000
    assert memory.estimate_bytes(config(f"population.enterprises={most}"), "numba", 1, False) <= 8 * GB
    assert memory.estimate_bytes(config(f"population.enterprises={most * 2}"), "numba", 1, False) > 8 * GB


def test_warning_when_the_run_takes_more_than_half(monkeypatch):
    c = config("population.enterprises=300000")
    need = memory.estimate_bytes(c, "numba", 1, False)
    monkeypatch.setattr(memory, "available_bytes", lambda: int(need * 1.5))
    warning = memory.check_memory(c, "numba", 1, False)
    assert isinstance(warning, str) and "\n" not in warning
    assert f"{need / GB:,.1f} GB" in warning and f"{need * 1.5 / GB:,.1f} GB" in warning
    monkeypatch.setattr(memory, "available_bytes", lambda: int(need * 2.5))
    assert memory.check_memory(c, "numba", 1, False) is None
    # Between the estimate without its headroom and the estimate: it may fit, so a warning, not a refusal.
    monkeypatch.setattr(memory, "available_bytes", lambda: need - 1)
    warning = memory.check_memory(c, "numba", 1, False)
    assert "may not fit" in warning and "try fewer enterprises" in warning
    monkeypatch.setattr(memory, "available_bytes", lambda: int(need / memory.HEADROOM) - 1)
    with pytest.raises(sim.ConfigError):
        memory.check_memory(c, "numba", 1, False)


def test_a_hundred_million_enterprises_refused_at_once_without_building_the_world(monkeypatch):
    c = config("population.enterprises=100000000")

    def forbidden(*args, **kwargs):
        raise AssertionError("the memory check built the world")

    for module, name in [("sim.world.scenario", "compile_scenario"), ("sim.world.replication", "draw_world"),
                         ("sim.world.population", "draw_population"), ("sim.world.nature", "draw_hazard_candidates")]:
        monkeypatch.setattr(f"{module}.{name}", forbidden)
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(sim.ConfigError, match=r"population.enterprises = 100000000: the run needs about"):
            memory.check_memory(c, "numba", 1, True)
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert seconds < 0.5
    assert peak < 1_000_000  # bytes: nothing the size of a county was allocated


def test_available_bytes_on_this_machine():
    have = memory.available_bytes()
    assert 0 < have
    total = memory._meminfo_available()
    if total is not None:
        assert have <= total


def test_cgroup_v2_limit_leaves_less_than_meminfo(tmp_path):
    (tmp_path / "proc").write_text("0::/jobs/run\n")
    run = tmp_path / "fs" / "jobs" / "run"
    run.mkdir(parents=True)
    (run / "memory.max").write_text(f"{4 * GB}\n")
    (run / "memory.current").write_text(f"{3 * GB}\n")
    (run / "memory.stat").write_text(f"anon 1\ninactive_file {GB // 2}\n")
    (run.parent / "memory.max").write_text("max\n")  # the parent sets no limit
    assert memory._cgroup_available(tmp_path / "proc", tmp_path / "fs") == 4 * GB - 3 * GB + GB // 2


def test_cgroup_v2_parent_limit_applies(tmp_path):
    (tmp_path / "proc").write_text("0::/jobs/run\n")
    run = tmp_path / "fs" / "jobs" / "run"
    run.mkdir(parents=True)
    (run / "memory.max").write_text("max\n")
    (run.parent / "memory.max").write_text(f"{2 * GB}\n")
    (run.parent / "memory.current").write_text(f"{GB}\n")
    assert memory._cgroup_available(tmp_path / "proc", tmp_path / "fs") == GB


def test_cgroup_v1_limit_and_no_limit(tmp_path):
    (tmp_path / "proc").write_text("4:memory:/box\n0::/\n")
    box = tmp_path / "fs" / "memory" / "box"
    box.mkdir(parents=True)
    (box / "memory.stat").write_text(f"total_inactive_file {GB}\nhierarchical_memory_limit {6 * GB}\n")
    (box / "memory.usage_in_bytes").write_text(f"{3 * GB}\n")
    assert memory._cgroup_available(tmp_path / "proc", tmp_path / "fs") == 6 * GB - 3 * GB + GB
    (box / "memory.stat").write_text("total_inactive_file 0\nhierarchical_memory_limit 9223372036854771712\n")
    assert memory._cgroup_available(tmp_path / "proc", tmp_path / "fs") is None


def test_meminfo_available_is_read_in_bytes(tmp_path):
    (tmp_path / "meminfo").write_text("MemTotal:       24683792 kB\nMemAvailable:   1000 kB\n")
    assert memory._meminfo_available(tmp_path / "meminfo") == 1000 * 1024
    assert memory._meminfo_available(tmp_path / "missing") is None
