"""Benchmark of the build on this machine; prints its figures and writes results/benchmark.json.

    python benchmark/run.py [--runs 3] [--scales 1 10 30 100] [--out results/benchmark.json]

Builds (in fresh copies of the project under a temporary folder, `snakemake --cores 2`):
- cold: a copy with no output and no .snakemake, built from scratch;
- no-op: the same copy built again, nothing to do;
- one-source edit: a line appended to data/raw/ecomnews-2020.txt, its sha256 recorded in
  data/raw/sources.yaml, then a build (the tables come out the same: the chain to the
  dataset, the claims check and the report rerun, the other notebooks do not);
- one-name edit (no target, for reference): one cluster's name changed in
  data/reference/cluster_registry.csv, then a build (the notebooks that read names rerun).
They run in rounds (``--runs``, 3 by default): each round a fresh copy, its cold build, then
in that copy the no-op build, the one-source edit and the one-name edit, so that the builds
of a round run at about the same speed of the machine. Each is timed (wall clock); the
figures are the median, min and max over the rounds, and the edit-to-cold ratio the median of
each round's own ratio (``rounds`` in the JSON, with the CPU probe read before each round).
Memory is measured two ways, both reported: `tree_peak_mib`, the peak of the summed RSS of
snakemake and all its descendants and of its warm process (clusters_maghreb.warm) and its children,
sampled every 50 ms with psutil (what the machine must hold at once), and
`max_child_rss_mib`, resource.getrusage(RUSAGE_CHILDREN).ru_maxrss of a wrapper process that
runs only that build (the largest single process it reaped; the warm process's children are
not among them). `cpu_s` adds the CPU time of the processes the build waited for and of its
warm process and that one's children.

Scaling: the normalise-resolve-compare steps (resolve the mentions through the registry and
aliases; snapshots and clusters from the observations; the census of each country) on a
synthetic registry k times the real one, made from the real mentions and observations of the
cold build: every cluster copied k times with ids suffixed -001..-k and names, acronyms and
aliases suffixed " 001".." k", every mention and observation once per copy, the rows shuffled
with a fixed seed. Each scale runs in a fresh process (its peak RSS is ru_maxrss of that
process).

The machine record holds the load average and a CPU probe (a fixed pure-Python workload) at
start and end: on a shared virtual machine the same build can take half as long again when
the host is busy, and the probe shows it.

Not a test: `make bench` runs it, the tests only check the synthetic generator.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
COPIED = [
    "Snakefile",
    "config",
    "workflow",
    "notebooks",
    "report",
    "src",
    "data/raw",
    "data/reference",
]
IGNORED = ("_output", "_generated", "_variables.yml", "__pycache__", ".render-*")
EDITED = "ecomnews-2020"
RENAMED = "ma-mnc"
SEED = 20190301
TARGETS = {
    "noop_s": "no-op build <= 1.5 s",
    "edit_vs_cold": "one-source edit <= a third of a cold build",
    "cold_s": "cold build <= 30 s",
    "peak_mib": "peak memory < 1 GiB",
    "scale_100_s": "100x synthetic < 30 s, close to linear",
}


# -- the synthetic registry -----------------------------------------------------------------


def suffix(k: int) -> str:
    return f"{k:03d}"


def scale_frames(frames: dict[str, pd.DataFrame], k: int, seed: int = SEED) -> dict:
    """``frames`` (registry, aliases, events, mentions, observations, confidence) copied ``k``
    times, every cluster id suffixed ``-001``.. and every name ``" 001"``.., rows shuffled
    with ``seed``. Copy ``i`` of a mention resolves to copy ``i`` of its cluster."""

    def copies(df: pd.DataFrame, each) -> pd.DataFrame:
        return pd.concat([each(df.copy(), suffix(i)) for i in range(1, k + 1)], ignore_index=True)

    def registry(df, s):
        df["cluster_id"] = df["cluster_id"] + f"-{s}"
        df["name"] = df["name"] + f" {s}"
        df["acronym"] = df["acronym"].where(df["acronym"] == "", df["acronym"] + s)
        return df

    def aliases(df, s):
        df["cluster_id"] = df["cluster_id"] + f"-{s}"
        df["alias"] = df["alias"] + f" {s}"
        return df

    def events(df, s):
        df["cluster_id"] = df["cluster_id"] + f"-{s}"
        df["other_cluster_id"] = df["other_cluster_id"] + f"-{s}"
        return df

    def mentions(df, s):
        df["mention_id"] = df["mention_id"] + f"#{s}"
        df["name"] = df["name"] + f" {s}"
        df["expected"] = df["cluster_id"] + f"-{s}"
        return df.drop(columns="cluster_id")

    def observations(df, s):
        df["observation_id"] = df["observation_id"] + f"#{s}"
        df["cluster_id"] = df["cluster_id"] + f"-{s}"
        return df

    def shuffled(df):
        return df.sample(frac=1, random_state=seed).reset_index(drop=True)

    return {
        "registry": copies(frames["registry"], registry),
        "aliases": copies(frames["aliases"], aliases),
        "events": copies(frames["events"], events),
        "mentions": shuffled(copies(frames["mentions"], mentions)),
        "observations": shuffled(copies(frames["observations"], observations)),
        "confidence": {
            f"{cid}-{suffix(i)}": c
            for cid, c in frames["confidence"].items()
            for i in range(1, k + 1)
        },
    }


def real_frames(mentions_csv: Path, observations_csv: Path, root: Path = ROOT) -> dict:
    """The real registry, aliases, events, 2014 confidences, mentions and observations."""
    from clusters_maghreb.io import read_csv
    from clusters_maghreb.normalise import snapshot_2014

    ref = root / "data/reference"
    return {
        "registry": read_csv(ref / "cluster_registry.csv"),
        "aliases": read_csv(ref / "cluster_aliases.csv"),
        "events": read_csv(ref / "cluster_events.csv"),
        "confidence": snapshot_2014.confidence_by_cluster(
            snapshot_2014.load(ref / "snapshot_2014.csv")
        ),
        "mentions": read_csv(mentions_csv),
        "observations": read_csv(observations_csv),
    }


def run_stages(scaled: dict, workdir: Path, legend: Path, root: Path = ROOT) -> dict:
    """Time resolve, normalise (snapshots, clusters) and compare (census) on ``scaled``;
    check that every mention resolves to its own copy of its cluster. ``legend`` is the
    extracted carte-legend.csv (sector labels)."""
    from clusters_maghreb.compare import census
    from clusters_maghreb.io import write_csv
    from clusters_maghreb.normalise import resolve, sectors
    from clusters_maghreb.normalise.clusters import build_clusters
    from clusters_maghreb.normalise.snapshots import build_snapshots, load_precedence

    workdir.mkdir(parents=True, exist_ok=True)
    registry_csv, aliases_csv = workdir / "registry.csv", workdir / "aliases.csv"
    write_csv(scaled["registry"], registry_csv)
    write_csv(scaled["aliases"], aliases_csv)
    mentions = scaled["mentions"]
    times = {}

    t = time.perf_counter()
    resolved = resolve.resolve(mentions.drop(columns="expected"), registry_csv, aliases_csv)
    times["resolve_s"] = time.perf_counter() - t
    wrong = (resolved["cluster_id"] != mentions["expected"]).sum()
    if wrong:
        raise AssertionError(f"{wrong} synthetic mentions resolved to the wrong cluster")

    ref = root / "data/reference"
    t = time.perf_counter()
    labels = sectors.sector_labels(legend)
    snaps, _ = build_snapshots(
        scaled["observations"],
        load_precedence(ref / "field_precedence.csv"),
        scaled["registry"],
        labels,
        scaled["confidence"],
    )
    clusters = build_clusters(
        scaled["registry"], scaled["aliases"], scaled["events"], snaps, scaled["observations"]
    )
    times["normalise_s"] = time.perf_counter() - t
    if len(clusters) != len(scaled["registry"]):
        raise AssertionError("synthetic clusters table lost rows")

    t = time.perf_counter()
    write_csv(snaps, workdir / "snapshots.csv")
    loaded = census.load_snapshots(workdir / "snapshots.csv")
    for country in ("MA", "DZ", "TN"):
        census.census_table(census.census(loaded, country))
    times["compare_s"] = time.perf_counter() - t
    times["total_s"] = sum(times.values())
    times["mentions"] = len(mentions)
    times["clusters"] = len(scaled["registry"])
    times["observations"] = len(scaled["observations"])
    times["snapshots"] = len(snaps)
    return times


def synthetic_child(k: int, built: Path) -> None:
    """One scale, in this (fresh) process: prints a JSON line of times and peak RSS."""
    frames = real_frames(
        built / "data/interim/normalised/mentions.csv",
        built / "data/processed/observations.csv",
        built,
    )
    scaled = scale_frames(frames, k)
    with tempfile.TemporaryDirectory() as tmp:
        legend = built / "data/interim/extracted/ipemed-2019/carte-legend.csv"
        times = run_stages(scaled, Path(tmp), legend, built)
    times["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(times))


# -- builds ---------------------------------------------------------------------------------


def copy_project(dst: Path) -> Path:
    for name in COPIED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dst / name, ignore=shutil.ignore_patterns(*IGNORED))
        elif src.exists():
            (dst / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst / name)
    return dst


def env_for(project: Path) -> dict:
    return {
        **os.environ,
        "PYTHONPATH": str(project / "src"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }


WRAPPER = (
    "import resource, subprocess, sys, json\n"
    "rc = subprocess.run(sys.argv[1:]).returncode\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(json.dumps({'rc': rc, 'maxrss_kib': u.ru_maxrss, "
    "'cpu_s': u.ru_utime + u.ru_stime}), file=sys.stderr)\n"
)


# Each timed build gets a warm process of its own (clusters_maghreb.warm: the notebook jobs
# and kernels are its children, not snakemake's), in a folder of its own so that no build
# reuses another's, ending 5 s after its last child; its memory is counted with the build's,
# and its CPU time (its own and its children's) is added once it has ended.
WARM_IDLE_S = 5


def warm_processes(folder: Path) -> list:
    import psutil

    found = []
    for p in psutil.process_iter(["cmdline"]):
        cmdline = p.info.get("cmdline") or []
        if "--serve" in cmdline and any(str(folder) in part for part in cmdline):
            found.append(p)
    return found


def tree_rss(proc, warm: Path | None = None) -> int:
    import psutil

    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
        # the warm process's children show its command line too: each process counted once
        for p in warm_processes(warm) if warm else []:
            procs += [p, *p.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in {p.pid: p for p in procs}.values():
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def warm_cpu_s(folder: Path, timeout: float = 120) -> float:
    """The CPU seconds of the build's warm processes and their children, once they ended."""
    deadline = time.monotonic() + timeout
    while list(folder.glob("*.sock")) and time.monotonic() < deadline:
        time.sleep(0.2)
    total = 0.0
    for log in folder.glob("*.log"):
        for line in log.read_text(encoding="utf-8").splitlines():
            if line.startswith("{"):
                end = json.loads(line)
                total += end["cpu_s"] + end["children_cpu_s"]
    return total


def timed_build(project: Path) -> dict:
    """One `snakemake --cores 2` in ``project``: wall time, peak tree RSS, max child RSS."""
    import psutil

    cmd = [sys.executable, "-c", WRAPPER, str(Path(sys.executable).with_name("snakemake"))]
    cmd += ["--cores", "2"]
    warm = Path(tempfile.mkdtemp(prefix="warm-", dir=project.parent))
    env = {**env_for(project), "CLUSTERS_MAGHREB_WARM_DIR": str(warm)}
    env["CLUSTERS_MAGHREB_WARM_IDLE"] = str(WARM_IDLE_S)
    t = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak, done = 0, threading.Event()

    def sample():
        nonlocal peak
        ps = psutil.Process(proc.pid)
        while not done.is_set():
            peak = max(peak, tree_rss(ps, warm))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - t
    done.set()
    sampler.join()
    last = json.loads(err.strip().splitlines()[-1])
    if last["rc"] != 0:
        raise RuntimeError(f"build failed in {project}:\n{err[-3000:]}")
    return {
        "seconds": elapsed,
        "tree_peak_mib": peak / 2**20,
        "max_child_rss_mib": last["maxrss_kib"] / 1024,
        # CPU time of the processes the build waited for and of its warm process: less
        # sensitive than the wall clock to what else the machine runs
        "cpu_s": last["cpu_s"] + warm_cpu_s(warm),
    }


def edit_one_source(project: Path, n: int) -> None:
    from clusters_maghreb.sources import sha256

    raw = project / f"data/raw/{EDITED}.txt"
    text = raw.read_bytes()
    # a line of its own, without digits (the extractor reads every figure of the article)
    line = "Ligne ajoutée pour le banc d’essai" + "." * (n + 1) + "\n"
    raw.write_bytes(text + (b"" if text.endswith(b"\n") else b"\n") + line.encode())
    metadata = project / "data/raw/sources.yaml"
    text = metadata.read_text(encoding="utf-8")
    import yaml

    old = next(s["sha256"] for s in yaml.safe_load(text)["sources"] if s["id"] == EDITED)
    metadata.write_text(text.replace(old, sha256(raw)), encoding="utf-8")


def edit_one_name(project: Path, n: int) -> None:
    """A correction the dataset carries: one cluster's name in the registry. clusters.csv
    changes, so the notebooks that read names rerun; those that read snapshots only do not."""
    registry = project / "data/reference/cluster_registry.csv"
    rows = registry.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, row in enumerate(rows) if row.startswith(f"{RENAMED},"))
    fields = next(csv.reader([rows[at]]))
    fields[2] = f"{fields[2].split(' (')[0]} (edit {n + 1})"
    line = io.StringIO()
    csv.writer(line, lineterminator="\n").writerow(fields)
    rows[at] = line.getvalue()
    registry.write_text("".join(rows), encoding="utf-8")


def summary(values: list[float]) -> dict:
    return {
        "median": round(statistics.median(values), 3),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
        "runs": [round(v, 3) for v in values],
    }


def cpu_probe() -> float:
    """Seconds for a fixed pure-Python workload (median of 5): the machine's speed at that
    moment. A shared virtual machine can be slower by half when its host is busy, which the
    load average inside it does not show; the probe at start and end tells runs apart."""
    times = []
    for _ in range(5):
        t = time.perf_counter()
        sum(i * i for i in range(2_000_000))
        times.append(time.perf_counter() - t)
    return round(statistics.median(times), 3)


def machine() -> dict:
    import psutil

    cpu = "unknown"
    info = Path("/proc/cpuinfo")
    if info.exists():
        for line in info.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    snakemake = subprocess.run(
        [str(Path(sys.executable).with_name("snakemake")), "--version"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "snakemake": snakemake,
        "platform": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "cpu_probe_s_at_start": cpu_probe(),
    }


def report(what: str, i: int, runs: int, figures: dict) -> None:
    print(
        f"  {what} {i + 1}/{runs}: {figures['seconds']:.1f} s, {figures['cpu_s']:.1f} s CPU",
        flush=True,
    )


BUILDS = {  # what each build of a round is called, and the edit made before it
    "cold": ("cold build", None),
    "noop": ("no-op build", None),
    "one_source_edit": ("one-source edit", edit_one_source),
    "one_name_edit": ("one-name edit", edit_one_name),
}


def bench_builds(tmp: Path, runs: int) -> tuple[dict, dict, Path]:
    """``runs`` rounds, each in a fresh copy: a cold build, then a no-op build, a one-source
    edit and a one-name edit in that copy. The builds of one round run a minute or two apart,
    at about the same speed of the machine (a shared VM's speed drifted nearly twofold within
    one benchmark), so the edit-to-cold ratio is taken within each round; the CPU probe is read
    before each round. Returns the builds' figures, the rounds' and the first round's copy."""
    rows: dict[str, list[dict]] = {name: [] for name in BUILDS}
    probes = []
    pristine = copy_project(tmp / "pristine")  # one snapshot: the tree may change meanwhile
    for i in range(runs):
        probes.append(cpu_probe())
        project = tmp / f"round-{i}"
        shutil.copytree(pristine, project, symlinks=True)
        for name, (label, edit) in BUILDS.items():
            if edit is not None:
                edit(project, i)
            rows[name].append(timed_build(project))
            report(label, i, runs, rows[name][-1])
    out = {
        name: {key: summary([r[key] for r in got]) for key in got[0]} for name, got in rows.items()
    }
    rounds = {
        "cpu_probe_s_before": probes,
        "edit_vs_cold": [
            round(e["seconds"] / c["seconds"], 3)
            for c, e in zip(rows["cold"], rows["one_source_edit"], strict=True)
        ],
    }
    return out, rounds, tmp / "round-0"


def bench_scales(built: Path, scales: list[int], runs: int) -> dict:
    out = {}
    for k in scales:
        rows = []
        for _ in range(runs):
            done = subprocess.run(
                [sys.executable, __file__, "--synthetic-child", str(k), "--built", str(built)],
                env=env_for(ROOT),
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                raise RuntimeError(f"synthetic {k}x failed:\n{done.stderr[-3000:]}")
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        figures = {
            key: summary([r[key] for r in rows])
            for key in ("resolve_s", "normalise_s", "compare_s", "total_s", "peak_rss_mib")
        }
        sizes = {key: rows[0][key] for key in ("mentions", "clusters", "observations", "snapshots")}
        out[f"{k}x"] = {"scale": k, **sizes, **figures}
        print(
            f"  {k:>3}x: {sizes['clusters']} clusters, {sizes['mentions']} mentions: "
            f"{figures['total_s']['median']:.2f} s (resolve {figures['resolve_s']['median']:.2f},"
            f" normalise {figures['normalise_s']['median']:.2f}, compare "
            f"{figures['compare_s']['median']:.2f}), {figures['peak_rss_mib']['median']:.0f} MiB",
            flush=True,
        )
    return out


# -- the report's two engines ---------------------------------------------------------------


def bench_report_engines(built: Path, runs: int) -> dict:
    """The report rule alone in a built copy, rendered by each engine in turn
    (`snakemake --forcerun report --config report={engine: ...}`): pandoc, and Quarto where
    one is on PATH or in .quarto-cli/ (`make quarto`), else recorded as skipped. Both
    languages, HTML and PDF; not a target, a cost to know (README, "Quarto"). The pandoc
    render reads its included files from the parse cache the built copy's pandoc render left
    (``clusters_maghreb.report.render.parse_cache``), as the render after an edit does."""
    from clusters_maghreb.report.render import find_quarto

    quarto = find_quarto()
    out = {}
    for engine in ("pandoc", "quarto"):
        if engine == "quarto" and quarto is None:
            out[engine] = {"skipped": "no quarto on PATH or in .quarto-cli/ (make quarto)"}
            continue
        env = env_for(built)
        if quarto is not None:
            env["PATH"] = f"{quarto.parent}{os.pathsep}{env['PATH']}"
        cmd = [str(Path(sys.executable).with_name("snakemake")), "--cores", "2"]
        cmd += ["--forcerun", "report", "--config", f"report={{engine: {engine}}}"]
        times = []
        for i in range(runs):
            t = time.perf_counter()
            done = subprocess.run(cmd, cwd=built, env=env, capture_output=True, text=True)
            times.append(time.perf_counter() - t)
            if done.returncode != 0:
                raise RuntimeError(
                    f"report with {engine} failed in {built}:\n{done.stderr[-3000:]}"
                )
            print(f"  report with {engine} {i + 1}/{runs}: {times[-1]:.1f} s", flush=True)
        out[engine] = {"seconds": summary(times)}
    return out


def verdicts(builds: dict, rounds: dict, scales: dict) -> dict:
    cold = builds["cold"]["seconds"]["median"]
    noop = builds["noop"]["seconds"]["median"]
    # the median of the rounds' own ratios: each compares builds run at about the same speed
    edit_vs_cold = round(statistics.median(rounds["edit_vs_cold"]), 3)
    peak = max(builds[b]["tree_peak_mib"]["max"] for b in builds)
    out = {
        "noop_s": {"value": noop, "met": noop <= 1.5},
        "edit_vs_cold": {"value": edit_vs_cold, "met": edit_vs_cold <= 1 / 3},
        "cold_s": {"value": cold, "met": cold <= 30},
        "peak_mib": {"value": round(peak, 1), "met": peak < 1024},
    }
    if "1x" in scales and "100x" in scales:
        t1, t100 = scales["1x"]["total_s"]["median"], scales["100x"]["total_s"]["median"]
        # growth exponent between the smallest and the largest scale: 1 is linear, 2 quadratic
        import math

        ks = sorted(v["scale"] for v in scales.values())
        lo, hi = scales[f"{ks[0]}x"], scales[f"{ks[-1]}x"]
        exponent = math.log(hi["total_s"]["median"] / lo["total_s"]["median"]) / math.log(
            hi["scale"] / lo["scale"]
        )
        out["scale_100_s"] = {
            "value": t100,
            "ratio_100x_to_1x": round(t100 / t1, 1),
            "growth_exponent": round(exponent, 2),
            "met": t100 < 30 and exponent < 1.2,
        }
    for key, v in out.items():
        v["target"] = TARGETS[key]
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 30, 100])
    parser.add_argument("--out", type=Path, default=ROOT / "results/benchmark.json")
    parser.add_argument("--synthetic-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--built", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.synthetic_child:
        synthetic_child(args.synthetic_child, args.built)
        return
    if args.runs < 3:
        parser.error("--runs must be 3 or more (each figure is a median)")

    result = {"machine": machine(), "runs": args.runs}
    print(f"machine: {json.dumps(result['machine'])}", flush=True)
    with tempfile.TemporaryDirectory(prefix="clusters-maghreb-bench-") as tmp:
        builds, rounds, built = bench_builds(Path(tmp), args.runs)
        result["builds"], result["rounds"] = builds, rounds
        result["scaling"] = bench_scales(built, args.scales, args.runs)
        result["report_engines"] = bench_report_engines(built, args.runs)
    result["targets"] = verdicts(result["builds"], result["rounds"], result["scaling"])
    result["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    result["machine"]["cpu_probe_s_at_end"] = cpu_probe()
    for v in result["targets"].values():
        print(f"{'MET ' if v['met'] else 'MISS'} {v['target']}: {v['value']}", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
