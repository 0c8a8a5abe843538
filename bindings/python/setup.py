"""Build step for the mamori wheel: put the shared library inside the package.

``pip install bindings/python`` (or ``pip wheel``) runs this. The library comes from, in order:

1. ``$MAMORI_PREBUILT_LIBRARY``: a path to an already built ``libmamori.so`` /
   ``libmamori.dylib`` / ``mamori.dll`` (CI, packagers, or a copy of this directory outside
   the repository);
2. otherwise ``cargo build --release --lib`` in the repository this directory sits in
   (``$CARGO_TARGET_DIR`` is honoured).

The wheel is therefore platform-specific (it carries native code) and ``import mamori`` needs
no environment variable afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

HERE = Path(__file__).resolve().parent


def _libname() -> str:
    if sys.platform == "darwin":
        return "libmamori.dylib"
    if sys.platform == "win32":
        return "mamori.dll"
    return "libmamori.so"


def _library() -> Path:
    pre = os.environ.get("MAMORI_PREBUILT_LIBRARY")
    if pre:
        p = Path(pre)
        if not p.is_file():
            raise SystemExit(f"MAMORI_PREBUILT_LIBRARY={pre} is not a file")
        return p
    repo = HERE.parent.parent
    if not (repo / "Cargo.toml").is_file():
        raise SystemExit(
            "not inside the mamori repository: set MAMORI_PREBUILT_LIBRARY to a built "
            f"{_libname()} (cargo build --release --lib)"
        )
    subprocess.run(["cargo", "build", "--release", "--lib"], cwd=repo, check=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR") or repo / "target")
    return target / "release" / _libname()


class BuildPyWithLibrary(build_py):
    """``build_py`` that also copies the shared library into the built package."""

    def run(self):
        super().run()
        dest = Path(self.build_lib) / "mamori" / _libname()
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_library(), dest)
        dest.chmod(0o755)


class BinaryDistribution(Distribution):
    """Mark the wheel as platform-specific (it carries a native library)."""

    def has_ext_modules(self):
        return True


setup(cmdclass={"build_py": BuildPyWithLibrary}, distclass=BinaryDistribution)
