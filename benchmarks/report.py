"""What a benchmark tells `make bench` (`run_all.py`): one JSON line per measure,
appended to the file BENCH_RESULTS names (nothing when it is unset).

A measure is a ratio to a baseline measured in the same run (a page's throughput to
hello-world's) or, where the goal is a time, the value itself. A figure that cannot be
true (a page faster than hello-world, a worker faster than the render it runs) stops
the benchmark: it measured something else.
"""

import json
import os
import sys


def record(
    measure: str,
    value: float,
    *,
    unit: str,
    goal: float,
    baseline: float | None = None,
    higher_is_better: bool = True,
    impossible_above: float | None = None,
) -> dict:
    """Report `value` (against `baseline` when given) and whether it meets `goal`
    (a ratio when there is a baseline, else in `unit`)."""
    ratio = value / baseline if baseline else None
    judged = ratio if baseline else value
    if impossible_above is not None and judged > impossible_above:
        sys.exit(f"{measure}: {judged:.3g} is impossible (above {impossible_above})")
    met = judged >= goal if higher_is_better else judged <= goal
    line = {
        "measure": measure,
        "value": round(value, 4),
        "unit": unit,
        "baseline": None if baseline is None else round(baseline, 4),
        "ratio": None if ratio is None else round(ratio, 4),
        "goal": goal,
        "goal_is": "at least" if higher_is_better else "at most",
        "met": met,
    }
    if path := os.environ.get("BENCH_RESULTS"):
        with open(path, "a", encoding="utf-8") as results:
            results.write(json.dumps(line) + "\n")
    return line
