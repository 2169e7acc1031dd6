"""The benchmark's synthetic registry (benchmark/run.py) still builds and resolves: a fast
check at 2x, so that `make bench` does not rot. No timing is asserted."""

from __future__ import annotations

import importlib.util

from clusters_maghreb import PROJECT_ROOT


def load_benchmark():
    spec = importlib.util.spec_from_file_location("bench_run", PROJECT_ROOT / "benchmark/run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_synthetic_registry_at_2x_resolves_every_mention_to_its_copy(pipeline_dirs, tmp_path):
    bench = load_benchmark()
    real = bench.real_frames(
        pipeline_dirs["mentions"], pipeline_dirs["processed"] / "observations.csv"
    )
    scaled = bench.scale_frames(real, 2)
    assert len(scaled["registry"]) == 2 * len(real["registry"])
    assert len(scaled["mentions"]) == 2 * len(real["mentions"])
    assert scaled["registry"]["cluster_id"].is_unique
    again = bench.scale_frames(real, 2)
    assert again["mentions"].equals(scaled["mentions"])  # seeded: the same rows, same order
    legend = pipeline_dirs["extracted"] / "ipemed-2019/carte-legend.csv"
    figures = bench.run_stages(scaled, tmp_path, legend)  # raises unless all resolve right
    assert figures["clusters"] == len(scaled["registry"])
    assert figures["snapshots"] > 0
