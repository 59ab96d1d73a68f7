from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import settings

# CI is a fresh, possibly busy machine: no deadlines, a fixed number of examples.
settings.register_profile("ci", deadline=None, max_examples=60, derandomize=True)
settings.register_profile("dev", deadline=None, max_examples=60)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "external"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--site", default=None, help="a built docs site: runs the browser tests on it")


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    # The browser tests need a built site; .ci/run builds one and passes --site.
    if collection_path.name == "browser" and not config.getoption("--site"):
        return True
    return None


@pytest.fixture(scope="session")
def shared_external() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared/external is not present beside the project")
    return SHARED


def python_m(argvs: Sequence[Sequence[str]], timeout: float = 120) -> list[subprocess.CompletedProcess[str]]:
    """``python -m mgalloys ARGV`` for each argv, in fresh interpreters of this checkout, several at
    a time (each starts an interpreter), each with a time limit: an input that makes the command
    wait forever fails the test instead of hanging it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
    env.pop("MGALLOYS_TRACEBACK", None)

    def one(argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mgalloys", *argv],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            cwd=ROOT,
        )

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(one, argvs))


@pytest.fixture(scope="session")
def cli() -> Callable[..., list[subprocess.CompletedProcess[str]]]:
    """`python_m` as a fixture."""
    return python_m
