"""Shared fixtures: the real source files, and hand-made broken variants of them."""

from __future__ import annotations

import fcntl
import os
import shutil
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from clusters_maghreb.extract.raw_source import RawSource

ROOT = Path(__file__).resolve().parents[1]
# The environment builds run in: as the run started, so that a test's monkeypatch (PATH,
# SOURCE_DATE_EPOCH...) never reaches a build started meanwhile in a background thread
# (``start_long_chains``); pytest's own per-test variable left out.
BASE_ENV = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}


def build_env(project: Path, *first_on_path: Path, **extra: str) -> dict[str, str]:
    """The environment a build of ``project`` runs in (``BASE_ENV``): its own package first
    on PYTHONPATH, this interpreter's folder (and ``first_on_path``) first on PATH, as `make
    report` sets them; ``extra`` on top."""
    path = [str(Path(sys.executable).parent), *map(str, first_on_path), BASE_ENV["PATH"]]
    return {
        **BASE_ENV,
        "PYTHONPATH": str(project / "src"),
        "PATH": os.pathsep.join(path),
        **extra,
    }


RAW = ROOT / "data" / "raw"
PROCESSED_TABLES = [
    "clusters",
    "snapshots",
    "discrepancies",
    "partnerships",
    "levers",
    "ecosystems",
]


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return RAW


@pytest.fixture(scope="session")
def read_source() -> Callable[[str], RawSource]:
    """``read_source("ipemed-2019")`` reads the real ``data/raw/ipemed-2019.txt``."""
    return lambda source_id: RawSource.read(RAW / f"{source_id}.txt")


@pytest.fixture
def variant(tmp_path) -> Callable[..., RawSource]:
    """A broken copy of a real source, for failure tests.

    ``variant("ipemed-2019", lambda lines: ...)`` passes the real file's lines (a list of str,
    without newlines) to the function, which edits and returns them; the copy keeps the
    source's file name (in a temporary folder) and is read back as a ``RawSource``.
    """

    def make(source_id: str, edit: Callable[[list[str]], list[str]]) -> RawSource:
        lines = (RAW / f"{source_id}.txt").read_text(encoding="utf-8").split("\n")
        path = tmp_path / f"{source_id}.txt"
        path.write_text("\n".join(edit(lines)), encoding="utf-8")
        return RawSource.read(path)

    return make


def build_pipeline(root: Path) -> None:
    """Every stage up to data/processed, from data/raw, into ``root``."""
    from clusters_maghreb.extract.registry import MODULES
    from clusters_maghreb.extract.run import write_source
    from clusters_maghreb.normalise import dataset

    reference = ROOT / "data" / "reference"
    extracted, processed = root / "extracted", root / "processed"
    for source_id in MODULES:
        out = extracted / source_id
        write_source(RAW / f"{source_id}.txt", source_id, out, out / "manifest-part.csv")
    mentions = root / "mentions.csv"
    dataset.write_mentions(extracted, RAW / "sources.yaml", reference, mentions)
    dataset.write_observations(
        extracted, mentions, reference, RAW / "sources.yaml", processed / "observations.csv"
    )
    dataset.write_dataset(
        extracted,
        processed / "observations.csv",
        mentions,
        reference,
        {name: processed / f"{name}.csv" for name in PROCESSED_TABLES},
    )
    schema = ROOT / "workflow" / "schemas" / "datapackage.yaml"
    dataset.write_datapackage(
        processed, schema, processed / "datapackage.json", RAW / "sources.yaml"
    )


@pytest.fixture(scope="session")
def pipeline_dirs(tmp_path_factory) -> dict[str, Path]:
    """Every stage up to data/processed, built once per test run from data/raw into a
    temporary folder (in-process, no Snakemake; see ``build_once``):
    ``{"extracted": ..., "mentions": ..., "processed": ...}``. Read it, never write to it."""
    root = build_once(tmp_path_factory, "pipeline", build_pipeline)
    return {
        "extracted": root / "extracted",
        "mentions": root / "mentions.csv",
        "processed": root / "processed",
    }


@pytest.fixture(scope="session")
def processed(pipeline_dirs) -> Path:
    """data/processed as the build writes it (see ``pipeline_dirs``)."""
    return pipeline_dirs["processed"]


# -- Builds of the whole project, shared by every test of a run --------------------------------
#
# A full build takes most of a minute, so a run makes as few as it can: one build of the real
# project (``built_project``) that every test which only reads outputs shares, copies of it
# (``copy_built``) for tests that edit and rebuild, and one second clean build
# (``rebuilt_project``) for the determinism and offline tests. Under pytest-xdist each worker
# is a session of its own: ``build_once`` makes the first worker that asks build, under a
# lock, and hands the others the same folder.


def shared_folder(tmp_path_factory) -> Path:
    """A folder every worker of this run sees: the run's basetemp, or under pytest-xdist the
    folder that holds each worker's basetemp."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def build_once(tmp_path_factory, name: str, build: Callable[[Path], None]) -> Path:
    """``build(folder)`` once per test run, even with several workers; returns the folder.
    A failed build is recorded, so every worker that asks fails with its message instead of
    building again."""
    root = shared_folder(tmp_path_factory) / f"shared-{name}"
    root.mkdir(exist_ok=True)
    done, failed, folder = root / "done", root / "failed", root / "project"
    with open(root / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists() and not failed.exists():
            try:
                build(folder)
            except BaseException as err:
                failed.write_text(f"{type(err).__name__}: {err}", encoding="utf-8")
                raise
            done.touch()
    if failed.exists():
        pytest.fail(f"the shared build {name!r} failed:\n{failed.read_text()}", pytrace=False)
    return folder


def build_project(project: Path) -> None:
    """A fresh copy of the project in ``project``, built by `snakemake` as `make report` does."""
    from tests.test_workflow import copy_project, snakemake, why_failed

    copy_project(project)
    done = snakemake(project)
    assert done.returncode == 0, why_failed(project, done)


def shared_build(tmp_path_factory) -> Path:
    return build_once(tmp_path_factory, "built", build_project)


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """A copy of the project built once per test run by `snakemake`, as `make report` does.
    Shared: read it, never write to it (edit a ``copy_built`` instead)."""
    return shared_build(tmp_path_factory)


@pytest.fixture(scope="session")
def copy_built(built_project) -> Callable[[Path], Path]:
    """``copy_built(dst)`` copies the shared build to ``dst`` (mtimes and Snakemake's records
    kept, so a build there has nothing to do until the test edits something)."""

    def copy(dst: Path) -> Path:
        return Path(shutil.copytree(built_project, dst, symlinks=True, copy_function=shutil.copy2))

    return copy


ORDINARY_KERNELS = {"CLUSTERS_MAGHREB_WARM": "0"}


@dataclass(frozen=True)
class Rebuilt:
    project: Path
    offline: bool  # built in a network namespace of its own, with no network at all
    why_online: str | None  # why not offline, when it could not be


def second_build(tmp_path_factory) -> Rebuilt:
    """A second clean build from a fresh copy of the project, made offline (`unshare -n`)
    when this machine allows it, and with every kernel and notebook run started the ordinary
    way (no warm process, clusters_maghreb.warm): compared with ``built_project`` it shows
    that two clean builds give the same bytes, that the build needs no network, and that
    warm kernels execute every notebook as ordinary ones do."""
    from tests.test_offline import WHY_NOT, offline_snakemake
    from tests.test_workflow import copy_project, snakemake, why_failed

    def build(project: Path) -> None:
        copy_project(project)
        if WHY_NOT is not None:
            done = snakemake(project, env=ORDINARY_KERNELS)
            assert done.returncode == 0, why_failed(project, done)
            return
        done = offline_snakemake(project, env=ORDINARY_KERNELS)
        assert done.returncode != 99, "the namespace still reaches the network"
        assert done.returncode == 0, why_failed(project, done)

    folder = build_once(tmp_path_factory, "rebuilt", build)
    return Rebuilt(folder, WHY_NOT is None, WHY_NOT)


@pytest.fixture(scope="session")
def rebuilt_project(tmp_path_factory) -> Rebuilt:
    """The second clean build (``second_build``); compare it with ``built_project``."""
    return second_build(tmp_path_factory)


# -- Long chains of builds, started as the run starts ------------------------------------------
#
# The suite keeps both workers busy; what makes it long is a chain of builds started late: the
# shared build, then the Quarto render of a copy of it, take minutes one after the other. So
# each worker starts, in a thread of its own as the run starts, the builds it is first in line
# for, while its tests go on; a test that needs one of them waits for it (``build_once``: each
# is made once per run, whoever asks first). Only builds some selected test needs are started.
CHAINS = {
    "gw0": [
        ("built_project", "tests.conftest:shared_build"),
        ("renders", "tests.test_quarto:quarto_renders"),
    ],
    "gw1": [
        ("rebuilt_project", "tests.conftest:second_build"),
        ("edited", "tests.test_edits_e2e:edited_build"),
    ],
}


@pytest.fixture(scope="session", autouse=True)
def start_long_chains(request, tmp_path_factory):
    import importlib
    import threading

    needed = {name for item in request.session.items for name in item.fixturenames}
    chain = [
        function
        for fixture, function in CHAINS.get(os.environ.get("PYTEST_XDIST_WORKER", "gw0"), [])
        if fixture in needed
    ]

    def run() -> None:
        for function in chain:
            module, name = function.split(":")
            try:
                getattr(importlib.import_module(module), name)(tmp_path_factory)
            except BaseException:  # noqa: BLE001  the test that needs it reports it
                return

    thread = threading.Thread(target=run, name="long-chains", daemon=True)
    if chain:
        tmp_path_factory.getbasetemp()  # made here: two threads making it at once would clash
        thread.start()
    yield
    if chain:
        thread.join()  # no build left running after the run


# -- Markers: which tests a contributor can leave out (pyproject.toml registers them) -------
#
# Set here from what a test uses, so a new test gets its marker without anyone remembering:
#   e2e      runs Snakemake on a copy of the project (it uses a build fixture, or its code or
#            its fixtures' code calls one of BUILDS);
#   browser  drives Chromium (the ``browser`` fixture);
#   slow     starts a notebook kernel or a linter (calls one of SLOW), a few seconds each.
# `make check` runs what is none of them; `make test` runs everything.

BUILD_FIXTURES = {"built_project", "copy_built", "rebuilt_project"}
BUILDS = {"snakemake", "offline_snakemake", "copy_project", "interrupt"}
SLOW = {"run_notebook", "kernel_connection", "execute_notebook", "SharedKernel"}


def names_called(item: pytest.Item) -> set[str]:
    """The global names the test function and every fixture it uses refer to (including in
    the functions defined inside them)."""
    functions = [getattr(item, "function", None)]
    for defs in item._fixtureinfo.name2fixturedefs.values():
        functions += [d.func for d in defs]
    codes = [f.__code__ for f in functions if hasattr(f, "__code__")]
    names: set[str] = set()
    while codes:
        code = codes.pop()
        names.update(code.co_names)
        codes += [c for c in code.co_consts if isinstance(c, types.CodeType)]
    return names


def pytest_collection_modifyitems(config, items):
    for item in items:
        fixtures, names = set(item.fixturenames), names_called(item)
        if fixtures & BUILD_FIXTURES or names & BUILDS:
            item.add_marker(pytest.mark.e2e)
        if "browser" in fixtures:
            item.add_marker(pytest.mark.browser)
        if names & SLOW:
            item.add_marker(pytest.mark.slow)
