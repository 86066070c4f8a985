import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def dealsim():
    build = pathlib.Path(os.environ.get("DEALSIM_BUILD", ROOT / "build"))
    binary = build / "dealsim"
    assert binary.exists(), f"{binary} is missing: build first (scripts/test.sh does)"
    return str(binary)


@pytest.fixture(scope="session")
def root():
    return ROOT
