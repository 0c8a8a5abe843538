"""Loading libmamori and calling it through ctypes (no compiler needed).

The shared library is found, in order, at:

1. ``$MAMORI_LIBRARY`` (a path to ``libmamori.so`` / ``libmamori.dylib`` / ``mamori.dll``);
2. ``$MAMORI_LIB_DIR/<libname>``;
3. ``<libname>`` inside this package (what ``pip install`` puts there; see ``setup.py``);
4. ``$CARGO_TARGET_DIR/{release,debug}/<libname>``, then ``target/{release,debug}/<libname>``
   in the repository this package sits in (of the two profiles, the newer file wins);
5. the system loader: ``libmamori.so.0`` (the SONAME) through ``LD_LIBRARY_PATH`` and the
   loader cache, then ``ctypes.util.find_library("mamori")``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from pathlib import Path

from . import errors

__all__ = ["lib", "call", "call_string", "take_string", "library_path", "ABI_VERSION"]

#: The ABI version this binding was written for (``MAMORI_ABI_VERSION`` in the header).
ABI_VERSION = 1


def _libname() -> str:
    if sys.platform == "darwin":
        return "libmamori.dylib"
    if sys.platform == "win32":
        return "mamori.dll"
    return "libmamori.so"


def _candidates():
    name = _libname()
    env = os.environ.get("MAMORI_LIBRARY")
    if env:
        yield Path(env)
    env = os.environ.get("MAMORI_LIB_DIR")
    if env:
        yield Path(env) / name
    yield Path(__file__).resolve().parent / name
    roots = []
    if os.environ.get("CARGO_TARGET_DIR"):
        roots.append(Path(os.environ["CARGO_TARGET_DIR"]))
    # bindings/python/mamori/_lib.py -> repository root is three levels up.
    here = Path(__file__).resolve()
    if len(here.parents) > 3:
        roots.append(here.parents[3] / "target")
    for root in roots:
        built = [p for p in (root / "release" / name, root / "debug" / name) if p.is_file()]
        # A stale build of the other profile must not win silently: newest first.
        yield from sorted(built, key=lambda p: p.stat().st_mtime, reverse=True)


#: The SONAME the system loader knows the library by (``MAMORI_ABI_VERSION - 1``).
SONAME = "libmamori.so.0"


def library_path() -> str:
    """The path (or loader name) of the shared library this package loads."""
    for cand in _candidates():
        if cand.is_file():
            return str(cand)
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(SONAME)
            return SONAME
        except OSError:
            pass
    found = ctypes.util.find_library("mamori")
    if found:
        return found
    raise OSError(
        "libmamori not found: install the package with pip (the wheel carries the library), "
        "build it with `cargo build --release`, or set MAMORI_LIBRARY to the path of the "
        "shared library"
    )


class _Lib:
    """The loaded library with argument and result types declared."""

    def __init__(self, path: str):
        self.path = path
        self.dll = ctypes.CDLL(path)
        d = self.dll
        c_char_pp = ctypes.POINTER(ctypes.c_void_p)
        u8p = ctypes.POINTER(ctypes.c_uint8)
        R = ctypes.c_uint32
        s = ctypes.c_char_p
        v = ctypes.c_void_p
        sz = ctypes.c_size_t
        protos = {
            "mamori_version": (ctypes.c_char_p, []),
            "mamori_abi_version": (ctypes.c_uint32, []),
            "mamori_check_abi": (R, [ctypes.c_uint32]),
            "mamori_result_name": (ctypes.c_char_p, [ctypes.c_uint32]),
            "mamori_last_error_message": (ctypes.c_char_p, []),
            "mamori_string_free": (None, [v]),
            "mamori_assess": (R, [s, c_char_pp]),
            "mamori_assessment_ics": (R, [s, c_char_pp]),
            "mamori_assess_at": (R, [s, s, ctypes.c_uint32, c_char_pp]),
            "mamori_rule_pack_new": (R, [s, c_char_pp]),
            "mamori_rule_pack_version": (R, [v, c_char_pp]),
            "mamori_rule_pack_assess": (R, [v, s, c_char_pp]),
            "mamori_rule_pack_free": (None, [v]),
            # vault
            "mamori_vault_create": (R, [s, u8p, sz, s, c_char_pp]),
            "mamori_vault_open": (R, [s, u8p, sz, c_char_pp]),
            "mamori_vault_open_or_create": (
                R,
                [s, u8p, sz, s, c_char_pp, ctypes.POINTER(ctypes.c_bool)],
            ),
            "mamori_vault_attempts_left": (
                R,
                [s, ctypes.POINTER(ctypes.c_uint32), ctypes.POINTER(ctypes.c_bool)],
            ),
            "mamori_vault_put": (R, [v, s, c_char_pp]),
            "mamori_vault_put_many": (R, [v, s, c_char_pp]),
            "mamori_vault_get": (R, [v, s, c_char_pp]),
            "mamori_vault_lookup_phone": (R, [v, s, c_char_pp]),
            "mamori_vault_caller_id": (R, [v, s, c_char_pp]),
            "mamori_vault_delete": (R, [v, s]),
            "mamori_vault_change_passcode": (R, [v, u8p, sz, u8p, sz]),
            "mamori_vault_set_passcode": (R, [v, u8p, sz]),
            "mamori_vault_generate_passphrase": (R, [v, c_char_pp]),
            "mamori_vault_manifest": (R, [v, c_char_pp]),
            "mamori_vault_wipe": (R, [v]),
            "mamori_vault_wipe_report": (R, [v, c_char_pp]),
            "mamori_vault_wipe_file": (R, [s]),
            "mamori_vault_access_log": (R, [v, c_char_pp]),
            "mamori_vault_hold": (R, [v, s, c_char_pp]),
            "mamori_vault_export": (R, [v, c_char_pp]),
            "mamori_vault_anchor": (R, [v, c_char_pp]),
            "mamori_vault_verify_anchor": (R, [v, s]),
            "mamori_vault_damage": (R, [v, c_char_pp]),
            "mamori_vault_export_report": (R, [v, c_char_pp]),
            "mamori_vault_search_name": (R, [v, s, c_char_pp]),
            "mamori_vault_compact": (R, [v]),
            "mamori_vault_ack_labels_removed": (R, [v]),
            "mamori_vault_close": (None, [v]),
            "mamori_vault_create_with_key": (R, [s, u8p, s, c_char_pp]),
            "mamori_vault_open_with_key": (R, [s, u8p, c_char_pp]),
            "mamori_vault_new_challenge": (R, [u8p]),
            "mamori_vault_unlock_challenge": (R, [s, u8p]),
            "mamori_vault_create_with_factor": (R, [s, u8p, sz, u8p, u8p, s, c_char_pp]),
            "mamori_vault_open_with_factor": (R, [s, u8p, sz, u8p, c_char_pp]),
            "mamori_vault_open_ex": (R, [s, u8p, sz, u8p, u8p, s, c_char_pp]),
            "mamori_vault_rekey": (R, [v, u8p, sz, u8p, u8p, u8p, s]),
            "mamori_vault_add_recovery_key": (R, [v, u8p]),
            "mamori_vault_rekey_challenge": (R, [v, u8p]),
            # key shares (server side of passcode+server vaults)
            "mamori_keyshare_registry_new": (R, [c_char_pp]),
            "mamori_keyshare_issue": (R, [v, u8p, u8p]),
            "mamori_keyshare_insert": (R, [v, u8p, u8p]),
            "mamori_keyshare_release": (R, [v, u8p, u8p]),
            "mamori_keyshare_revoke": (R, [v, u8p]),
            "mamori_keyshare_issue_at": (R, [v, s, u8p, u8p]),
            "mamori_keyshare_release_at": (R, [v, u8p, s, u8p]),
            "mamori_keyshare_revoke_at": (R, [v, u8p, s]),
            "mamori_keyshare_log": (R, [v, c_char_pp]),
            "mamori_keyshare_registry_restore": (R, [s, s, c_char_pp]),
            "mamori_keyshare_released_after": (R, [v, u8p, s, c_char_pp]),
            "mamori_keyshare_hold": (R, [v, u8p, s, c_char_pp]),
            "mamori_keyshare_registry_free": (None, [v]),
            # register and incidents
            "mamori_register_new": (R, [s, c_char_pp]),
            "mamori_register_apply": (R, [v, s, c_char_pp]),
            "mamori_register_to_json": (R, [v, c_char_pp]),
            "mamori_register_free": (None, [v]),
            "mamori_incident_new": (R, [s, c_char_pp]),
            "mamori_incident_load": (R, [s, c_char_pp]),
            "mamori_incident_append": (R, [v, s, c_char_pp]),
            "mamori_incident_to_json": (R, [v, c_char_pp]),
            "mamori_incident_fold": (R, [v, c_char_pp]),
            "mamori_incident_next_actions": (R, [v, s, c_char_pp]),
            "mamori_incident_assess_request": (R, [v, s, c_char_pp]),
            "mamori_incident_assess": (R, [v, s, c_char_pp]),
            "mamori_incident_timeline": (R, [v, c_char_pp]),
            "mamori_incident_free": (None, [v]),
            "mamori_incident_plan": (R, [s, c_char_pp]),
            "mamori_incident_verify": (R, [s, s, s, c_char_pp]),
            "mamori_incident_append_signed": (R, [v, s, s, u8p, sz, c_char_pp]),
            "mamori_incident_checkpoint": (R, [v, s, u8p, sz, c_char_pp]),
            "mamori_incident_verify_signed": (R, [s, s, c_char_pp]),
            "mamori_incident_bundle": (R, [s, c_char_pp, c_char_pp]),
            "mamori_bundle_verify": (R, [u8p, sz, u8p, sz, c_char_pp]),
            "mamori_incident_report_draft": (R, [s, c_char_pp]),
            "mamori_incident_notice_draft": (R, [s, c_char_pp]),
            "mamori_incident_veris": (R, [s, c_char_pp]),
            # the leaver's hand-over (issue 16)
            "mamori_handover_start": (R, [v, v, s, c_char_pp]),
            "mamori_handover_move": (R, [v, v, s, c_char_pp]),
            "mamori_handover_revoke_share": (R, [v, s, c_char_pp]),
            "mamori_handover_revoke_share_from": (R, [v, v, s, c_char_pp]),
            "mamori_handover_key_retired": (R, [s, c_char_pp]),
            "mamori_handover_retire_key": (R, [v, s, c_char_pp]),
            "mamori_handover_wipe": (R, [v, s, c_char_pp]),
            "mamori_handover_return": (R, [v, s, c_char_pp]),
            "mamori_handover_status": (R, [s, s, c_char_pp]),
            "mamori_handover_retention": (R, [v, s, c_char_pp]),
            # caller-ID directory export (bytes freed with mamori_bytes_free)
            "mamori_vault_caller_directory": (R, [v, s, c_char_pp, ctypes.POINTER(sz)]),
            "mamori_vault_caller_directory_json": (R, [v, s, c_char_pp]),
            "mamori_vault_caller_directory_changes": (
                R,
                [v, s, u8p, sz, c_char_pp, ctypes.POINTER(sz)],
            ),
            "mamori_caller_directory_token": (R, [u8p, sz, c_char_pp, ctypes.POINTER(sz)]),
            "mamori_bytes_free": (None, [v, sz]),
            # declared so the table names every header function (tests/bindings_drift.rs);
            # no Python wrapper calls these (C hot paths and struct arrays)
            "mamori_buffer_clear": (R, [v, sz]),
            "mamori_vault_caller_id_into": (R, [v, s, v, sz, v, ctypes.POINTER(sz)]),
            "mamori_vault_put_contacts": (R, [v, v, sz, v]),
        }
        for name, (restype, argtypes) in protos.items():
            fn = getattr(d, name, None)
            if fn is None:
                continue  # an older library: calling it raises AttributeError below
            fn.restype = restype
            fn.argtypes = argtypes
            setattr(self, name, fn)

    def __getattr__(self, name):
        raise AttributeError(f"{name} is not exported by {self.path}")


_instance = None


def lib() -> _Lib:
    """The loaded library (loaded on first use and checked for ABI compatibility)."""
    global _instance
    if _instance is None:
        loaded = _Lib(library_path())
        rc = loaded.mamori_check_abi(ABI_VERSION)
        if rc != 0:
            raise errors.AbiMismatchError(
                rc, "ABI_MISMATCH", loaded.mamori_last_error_message().decode("utf-8", "replace")
            )
        _instance = loaded
    return _instance


def call(fn_name: str, *args) -> None:
    """Call a fallible ``mamori_*`` function and raise the mapped exception on failure."""
    l = lib()
    rc = getattr(l, fn_name)(*args)
    if rc != 0:
        raise errors.from_result(
            rc,
            (l.mamori_result_name(rc) or b"UNKNOWN").decode(),
            (l.mamori_last_error_message() or b"").decode("utf-8", "replace"),
        )


def take_string(ptr: ctypes.c_void_p) -> str:
    """Copy a library-owned string and free it (zeroized by the library)."""
    if not ptr.value:
        raise errors.InternalError(7, "INTERNAL", "library returned NULL on success")
    try:
        return ctypes.string_at(ptr.value).decode("utf-8")
    finally:
        lib().mamori_string_free(ptr.value)


def call_string(fn_name: str, *args) -> str:
    """Call a function whose last parameter is ``char **out`` and return that string."""
    out = ctypes.c_void_p()
    call(fn_name, *args, ctypes.byref(out))
    return take_string(out)


def cstr(value: str | None) -> bytes | None:
    """Encode a Python string for a ``const char *`` parameter (None stays NULL)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"expected str, got {type(value).__name__}")
    return value.encode("utf-8")


def fixed(data: bytes | bytearray | None, n: int, name: str):
    """A ``const uint8_t *`` to exactly ``n`` bytes (None stays NULL); returns (ptr, keep)."""
    if data is None:
        return None, None
    if not isinstance(data, (bytes, bytearray)) or len(data) != n:
        raise ValueError(f"{name} must be {n} bytes")
    arr = (ctypes.c_uint8 * n).from_buffer_copy(bytes(data))
    return ctypes.cast(arr, ctypes.POINTER(ctypes.c_uint8)), arr


def out_bytes(n: int):
    """An ``n``-byte output buffer: (ptr, array)."""
    arr = (ctypes.c_uint8 * n)()
    return ctypes.cast(arr, ctypes.POINTER(ctypes.c_uint8)), arr


def buf(data: bytes | str):
    """A ``(const uint8_t *, size_t)`` pair for a byte buffer (str is UTF-8 encoded)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"expected bytes or str, got {type(data).__name__}")
    arr = (ctypes.c_uint8 * len(data)).from_buffer_copy(bytes(data))
    return ctypes.cast(arr, ctypes.POINTER(ctypes.c_uint8)), len(data), arr


def call_bytes(fn_name: str, *args) -> bytes:
    """Call a function whose last two parameters are ``uint8_t **out_buf, size_t *out_len``
    and return a copy of those bytes (the library's buffer is zeroized and freed)."""
    out = ctypes.c_void_p()
    n = ctypes.c_size_t()
    call(fn_name, *args, ctypes.byref(out), ctypes.byref(n))
    try:
        return ctypes.string_at(out.value, n.value) if n.value else b""
    finally:
        lib().mamori_bytes_free(out.value, n.value)
