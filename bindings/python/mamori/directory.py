"""Readers for the caller-ID directory's binary layouts (``docs/caller-directory.md``).

All integers are little-endian. ``parse_directory`` reads an ``MMRD`` export,
``parse_changes`` an ``MMRC`` change set and ``parse_token`` an ``MMRT`` token; each checks
the magic, version, reserved bytes, ascending numbers and that nothing trails.
"""

from __future__ import annotations

import struct

POLICIES = {0: "none", 1: "name", 2: "company", 3: "name_company", 4: "initials"}


class _Reader:
    def __init__(self, data: bytes):
        self.data, self.at = data, 0

    def take(self, n: int) -> bytes:
        if self.at + n > len(self.data):
            raise ValueError(f"truncated at byte {self.at}")
        b = self.data[self.at : self.at + n]
        self.at += n
        return b

    def u32(self) -> int:
        return struct.unpack("<I", self.take(4))[0]

    def u64(self) -> int:
        return struct.unpack("<Q", self.take(8))[0]

    def header(self, magic: bytes, policy: bool = True) -> str | None:
        if self.take(4) != magic or self.take(1) != b"\x01":
            raise ValueError("bad magic or version")
        p = POLICIES[self.take(1)[0]] if policy else None
        if self.take(2 if policy else 3) != b"\0" * (2 if policy else 3):
            raise ValueError("reserved bytes")
        return p

    def numbers(self, n: int) -> list[int]:
        out = [self.u64() for _ in range(n)]
        if any(a >= b for a, b in zip(out, out[1:])):
            raise ValueError("numbers not strictly ascending")
        return out

    def entries(self) -> list[tuple[int, str]]:
        nums = self.numbers(self.u32())
        return [(n, self.take(self.u32()).decode("utf-8")) for n in nums]

    def end(self) -> None:
        if self.at != len(self.data):
            raise ValueError("trailing bytes")


def parse_directory(data: bytes) -> dict:
    """``{"label_policy", "entries": [(number, label), ...]}`` of an ``MMRD`` export."""
    r = _Reader(data)
    policy = r.header(b"MMRD")
    entries = r.entries()
    r.end()
    return {"label_policy": policy, "entries": entries}


def parse_token(data: bytes) -> list[tuple[int, bytes]]:
    """``[(number, 8-byte label digest), ...]`` of an ``MMRT`` token."""
    r = _Reader(data)
    r.header(b"MMRT", policy=False)
    n = r.u32()
    out = [(r.u64(), r.take(8)) for _ in range(n)]
    r.end()
    return out


def parse_changes(data: bytes) -> dict:
    """``{"label_policy", "removed": [...], "added": [(number, label)], "token": bytes}``."""
    r = _Reader(data)
    policy = r.header(b"MMRC")
    removed = r.numbers(r.u32())
    added = r.entries()
    token = r.take(r.u32())
    r.end()
    return {"label_policy": policy, "removed": removed, "added": added, "token": token}


def apply_changes(entries: list[tuple[int, str]], changes: dict) -> list[tuple[int, str]]:
    """Apply a parsed change set to parsed entries: removals first, then additions."""
    m = dict(entries)
    for n in changes["removed"]:
        del m[n]
    for n, label in changes["added"]:
        assert n not in m, n
        m[n] = label
    return sorted(m.items())
