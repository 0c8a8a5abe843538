"""Exceptions mapped from ``mamori_result`` codes (see ``include/mamori.h``)."""

from __future__ import annotations


class MamoriError(Exception):
    """A ``mamori_*`` call failed. ``code`` is the numeric ``mamori_result``, ``name`` its
    upper-case name (e.g. ``"WRONG_PASSCODE"``) and ``message`` the library's detail (never a
    secret)."""

    def __init__(self, code: int, name: str, message: str):
        super().__init__(f"{name} ({code}): {message}" if message else f"{name} ({code})")
        self.code = code
        self.name = name
        self.message = message


class NullArgumentError(MamoriError, ValueError):
    """A required argument was NULL (a bug in the binding)."""


class InvalidUtf8Error(MamoriError, ValueError):
    """A string argument was not valid UTF-8."""


class InvalidInputError(MamoriError, ValueError):
    """Malformed or out-of-range input; the message names the JSON path of the field."""


class NotFoundError(MamoriError, LookupError):
    """The requested item does not exist."""


class MamoriIOError(MamoriError, OSError):
    """An operating-system I/O error."""


class PanicError(MamoriError):
    """A panic was caught at the C ABI boundary (a bug in mamori)."""


class InternalError(MamoriError):
    """An internal invariant failed (a bug in mamori)."""


class AbiMismatchError(MamoriError):
    """The library's ABI version is not the one this binding was written for."""


class BufferTooSmallError(MamoriError):
    """A caller-provided buffer was too small (C hot-path functions only)."""


class RulePackError(MamoriError):
    """A rule pack is malformed."""


class WrongPasscodeError(MamoriError):
    """The passcode does not open this vault."""


class CorruptError(MamoriError):
    """The vault file is damaged."""


class UnsupportedVersionError(MamoriError):
    """The vault file uses a format version this build does not read."""


class ParamsOutOfBoundsError(MamoriError, ValueError):
    """KDF (or other) parameters are outside the accepted bounds."""


class LockedError(MamoriError):
    """Another process holds the vault's writer lock."""


class WipedError(MamoriError):
    """The vault has been crypto-erased."""


class FactorRequiredError(MamoriError):
    """The vault needs another key source (e.g. a platform factor or server share)."""


class ShareRevokedError(MamoriError):
    """The server key share was revoked (destroyed after a loss report)."""


class RolledBackError(MamoriError):
    """The vault file is older than the rollback anchor given."""


class IllegalTransitionError(MamoriError):
    """A device lifecycle transition the register does not allow."""


class InvalidEventError(MamoriError, ValueError):
    """An incident event that makes no sense in the incident's current state."""


class LegalHoldError(MamoriError):
    """A legal hold forbids this erase (wipe, crypto-erase, retention deletion, the
    hand-over's wipe); the message names the hold (who placed it, when, why). Record an
    override with actor and reason, or release the hold, first."""


#: ``mamori_result`` value -> exception class. Values are the stable C ABI numbers.
BY_CODE = {
    1: NullArgumentError,
    2: InvalidUtf8Error,
    3: InvalidInputError,
    4: NotFoundError,
    5: MamoriIOError,
    6: PanicError,
    7: InternalError,
    8: AbiMismatchError,
    9: BufferTooSmallError,
    100: RulePackError,
    200: WrongPasscodeError,
    201: CorruptError,
    202: UnsupportedVersionError,
    203: ParamsOutOfBoundsError,
    204: LockedError,
    205: WipedError,
    206: FactorRequiredError,
    207: ShareRevokedError,
    208: RolledBackError,
    300: IllegalTransitionError,
    301: InvalidEventError,
    302: LegalHoldError,
}


def from_result(code: int, name: str, message: str) -> MamoriError:
    """The exception for a failed call."""
    return BY_CODE.get(code, MamoriError)(code, name, message)
