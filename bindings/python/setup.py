"""Build step for the mamori wheel: put the shared library inside the package.

``pip install bindings/python`` (or ``pip wheel``) runs this. The library comes from, in order:

1. ``$MAMORI_PREBUILT_LIBRARY``: a path to an already built ``libmamori.so`` /
   ``libmamori.dylib`` / ``mamori.dll`` (CI, packagers, or a copy of this directory outside
   the repository);
2. otherwise ``cargo build --release --lib`` in the repository this directory sits in
   (``$CARGO_TARGET_DIR`` is honoured).

The wheel is therefore platform-specific (it carries native code) and ``import mamori`` needs
no environment variable afterwards. It is tagged ``py3-none-<platform>``: the package is pure
ctypes, so any Python 3 can load it, and on Linux the platform is
``manylinux_2_<N>_<arch>``, where ``2.<N>`` is the newest glibc symbol version the bundled
library needs (read from the library itself; at least 2.17), a tag package indexes accept (PEP
600). ``$MAMORI_WHEEL_PLATFORM`` overrides the platform tag.

The build runs out of tree: setuptools' ``build/`` and ``*.egg-info`` go to a temporary
directory, so ``pip install ./bindings/python`` leaves the source directory as it was.
"""

from __future__ import annotations

import atexit
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

try:  # setuptools >= 70.1 ships bdist_wheel itself
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:  # older setuptools with the `wheel` package
    from wheel.bdist_wheel import bdist_wheel

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


def glibc_needed(lib: Path) -> tuple[int, int] | None:
    """The newest ``GLIBC_2.N`` symbol version an ELF library asks for (None if none)."""
    data = lib.read_bytes()
    if data[:4] != b"\x7fELF":
        return None
    found = [(int(a), int(b)) for a, b in re.findall(rb"GLIBC_(\d+)\.(\d+)(?![\d.])", data)]
    return max(found) if found else None


def platform_tag(lib: Path) -> str | None:
    """``manylinux_2_N_<arch>`` for a Linux glibc library, else None (setuptools' default)."""
    forced = os.environ.get("MAMORI_WHEEL_PLATFORM")
    if forced:
        return forced
    if not sys.platform.startswith("linux"):
        return None
    need = glibc_needed(lib)
    if need is None:
        return None
    major, minor = max(need, (2, 17))
    return f"manylinux_{major}_{minor}_{platform.machine()}"


class BuildPyWithLibrary(build_py):
    """``build_py`` that also copies the shared library into the built package."""

    def run(self):
        super().run()
        dest = Path(self.build_lib) / "mamori" / _libname()
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_library(), dest)
        dest.chmod(0o755)


class BdistWheelPy3(bdist_wheel):
    """Tag the wheel ``py3-none-<platform>`` (ctypes: no Python ABI), manylinux on Linux."""

    def get_tag(self):
        _, _, plat = super().get_tag()
        lib = Path(self.bdist_dir) / "mamori" / _libname()
        tag = platform_tag(lib) if lib.is_file() else None
        return "py3", "none", tag or plat


class BinaryDistribution(Distribution):
    """Mark the wheel as platform-specific (it carries a native library)."""

    def has_ext_modules(self):
        return True


# Out-of-tree build: setuptools' build/ and egg-info directories go to a temporary directory
# (removed at exit), never into this source directory.
_OUT = tempfile.mkdtemp(prefix="mamori-wheel-build-")
atexit.register(shutil.rmtree, _OUT, True)

setup(
    cmdclass={"build_py": BuildPyWithLibrary, "bdist_wheel": BdistWheelPy3},
    distclass=BinaryDistribution,
    options={"build": {"build_base": _OUT}, "egg_info": {"egg_base": _OUT}},
)
