"""mamori (守り): lost-device and data-breach response, from Python through the C ABI.

Pure ctypes over ``libmamori`` (no compiler needed). JSON documents cross the boundary as
Python ``dict``/``list`` values; failures raise subclasses of :class:`MamoriError`.

>>> import mamori
>>> with mamori.Vault.create("contacts.mamori", b"123456") as v:   # doctest: +SKIP
...     cid = v.put({"name": "Sato Hanako", "phones": ["090-1234-5678"]})
...     v.lookup_phone("+81 90 1234 5678")["name"]
'Sato Hanako'
"""

from __future__ import annotations

import ctypes
import json
from typing import Any, Iterable

from . import _lib
from .errors import (
    AbiMismatchError,
    BufferTooSmallError,
    CorruptError,
    FactorRequiredError,
    IllegalTransitionError,
    InternalError,
    InvalidEventError,
    InvalidInputError,
    InvalidUtf8Error,
    LegalHoldError,
    LockedError,
    MamoriError,
    MamoriIOError,
    NotFoundError,
    NullArgumentError,
    PanicError,
    ParamsOutOfBoundsError,
    RulePackError,
    ShareRevokedError,
    RolledBackError,
    UnsupportedVersionError,
    WipedError,
    WrongPasscodeError,
)

__all__ = [
    "version",
    "abi_version",
    "library_path",
    "assess",
    "assessment_ics",
    "plan",
    "incident_verify",
    "incident_verify_signed",
    "incident_bundle",
    "bundle_verify",
    "incident_report_draft",
    "incident_notice_draft",
    "incident_veris",
    "handover_start",
    "handover_move",
    "handover_revoke_share",
    "handover_key_retired",
    "handover_wipe",
    "handover_return",
    "handover_status",
    "handover_retention",
    "Vault",
    "RulePack",
    "Register",
    "Incident",
    "KeyShareRegistry",
    "MamoriError",
    "FactorRequiredError",
    "ShareRevokedError",
    "RolledBackError",
    "AbiMismatchError",
    "BufferTooSmallError",
    "CorruptError",
    "IllegalTransitionError",
    "InternalError",
    "InvalidEventError",
    "InvalidInputError",
    "InvalidUtf8Error",
    "LegalHoldError",
    "LockedError",
    "MamoriIOError",
    "NotFoundError",
    "NullArgumentError",
    "PanicError",
    "ParamsOutOfBoundsError",
    "RulePackError",
    "UnsupportedVersionError",
    "WipedError",
    "WrongPasscodeError",
]

__version__ = "0.1.0"


def _dumps(doc: Any) -> str:
    return doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False)


def version() -> str:
    """The library's version string, e.g. ``"mamori/0.1.0"``."""
    return _lib.lib().mamori_version().decode()


def abi_version() -> int:
    """The library's ABI version."""
    return int(_lib.lib().mamori_abi_version())


def library_path() -> str:
    """Path of the loaded shared library."""
    return _lib.lib().path


def assess(request: dict | str, *, now: str | None = None, due_soon_hours: int = 72) -> dict:
    """Assess a breach: a ``mamori.assess.v1`` request in, a ``mamori.assessment.v1`` out.

    With ``now`` (RFC 3339 with offset) each obligation's deadline is also classified
    (``due_soon`` within ``due_soon_hours``, ``overdue`` when passed)."""
    req = _lib.cstr(_dumps(request))
    if now is None:
        return json.loads(_lib.call_string("mamori_assess", req))
    return json.loads(
        _lib.call_string("mamori_assess_at", req, _lib.cstr(now), int(due_soon_hours))
    )


def assessment_ics(
    assessment: dict | str, *, now: str, alarm_before_hours: int | None = None
) -> str:
    """The assessment's response plan as an iCalendar (RFC 5545) document: one ``VEVENT`` per
    dated plan group (due time in the rule's zone: ``DTSTART;TZID=...`` with a ``VTIMEZONE`` per
    zone), each with a ``VALARM`` ``alarm_before_hours`` (default 24) before it. ``now`` (RFC 3339 with offset) becomes each event's ``DTSTAMP``."""
    a = json.loads(assessment) if isinstance(assessment, str) else assessment
    req: dict = {"assessment": a, "now": now}
    if alarm_before_hours is not None:
        req["alarm_before_hours"] = int(alarm_before_hours)
    return _lib.call_string("mamori_assessment_ics", _lib.cstr(_dumps(req)))


def plan(request: dict | str) -> dict:
    """Stateless planning: a ``mamori.plan_request.v1`` (incident log, device, organisation,
    ``now``) in, a ``mamori.plan.v1`` (state, next actions, assess request) out."""
    return json.loads(_lib.call_string("mamori_incident_plan", _lib.cstr(_dumps(request))))


def incident_verify(
    incident: dict | str, *, expected_head: str | None = None, lang: str = "ja"
) -> dict:
    """Check the hash chain of a stored incident log: a ``mamori.chain_check.v1`` whose
    ``status`` is ``verified``, ``broken`` or ``unverifiable`` (an old v1 log; never read that
    as verified). ``expected_head`` is a head hash noted outside the log earlier."""
    head = _lib.cstr(expected_head)
    return json.loads(
        _lib.call_string(
            "mamori_incident_verify", _lib.cstr(_dumps(incident)), head, _lib.cstr(lang)
        )
    )


def incident_verify_signed(
    incident: dict | str,
    trusted_keys: list[dict],
    *,
    checkpoints: list[dict] | None = None,
    lang: str = "ja",
) -> dict:
    """Check a stored log's chain and Ed25519 signatures against the trusted keys
    (``[{"key_id", "public_key", "holder"}]``) and signed checkpoints kept outside the log: a
    ``mamori.signature_check.v1`` whose ``status`` is ``verified``, ``unsigned`` (never read
    that as verified) or ``rejected`` (edited after signing, even if the chain was recomputed)."""
    incident = json.loads(incident) if isinstance(incident, str) else incident
    req = {"incident": incident, "trusted_keys": trusted_keys, "checkpoints": checkpoints or []}
    return json.loads(
        _lib.call_string("mamori_incident_verify_signed", _lib.cstr(_dumps(req)), _lib.cstr(lang))
    )


def incident_bundle(request: dict | str) -> tuple[bytes, str]:
    """The evidence bundle (``mamori.evidence_bundle.v1``) and the HTML report to keep beside
    it. The bundle is returned as the exact bytes to store: any change fails
    :func:`bundle_verify`."""
    out_bundle = ctypes.c_void_p()
    out_html = ctypes.c_void_p()
    _lib.call(
        "mamori_incident_bundle",
        _lib.cstr(_dumps(request)),
        ctypes.byref(out_bundle),
        ctypes.byref(out_html),
    )
    html = _lib.take_string(out_html)
    return _lib.take_string(out_bundle).encode("utf-8"), html


def bundle_verify(bundle: bytes, html: bytes | str | None = None) -> dict:
    """Check a bundle's bytes (and the HTML report beside it) with the library alone: a
    ``mamori.bundle_check.v1`` whose ``status`` is ``intact``, ``altered`` or ``unreadable``."""
    bp, bn, _kb = _lib.buf(bundle)
    if html is None:
        hp, hn, _kh = None, 0, None
    else:
        hp, hn, _kh = _lib.buf(html)
    return json.loads(_lib.call_string("mamori_bundle_verify", bp, bn, hp, hn))


def incident_report_draft(request: dict | str) -> dict:
    """The 漏えい等報告 draft (``mamori.draft_request.v1`` in, ``mamori.report_draft.v1`` out)."""
    return json.loads(
        _lib.call_string("mamori_incident_report_draft", _lib.cstr(_dumps(request)))
    )


def incident_notice_draft(request: dict | str) -> dict:
    """A notice draft (``mamori.draft_request.v1`` in, ``mamori.notice_draft.v1`` out)."""
    return json.loads(
        _lib.call_string("mamori_incident_notice_draft", _lib.cstr(_dumps(request)))
    )


def incident_veris(query: dict | str) -> dict:
    """The incident as a VERIS 1.4.0 record: ``{"incident", "device"?, "request"?}`` in."""
    return json.loads(_lib.call_string("mamori_incident_veris", _lib.cstr(_dumps(query))))


class _Handle:
    """An owned opaque handle, released exactly once."""

    _free_fn = ""

    def __init__(self, handle: ctypes.c_void_p):
        self._h = handle

    @property
    def _handle(self) -> ctypes.c_void_p:
        if not self._h or not self._h.value:
            raise ValueError(f"{type(self).__name__} is closed")
        return self._h

    def close(self) -> None:
        """Release the handle (idempotent)."""
        h, self._h = getattr(self, "_h", None), None
        if h is not None and h.value:
            getattr(_lib.lib(), self._free_fn)(h)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # interpreter shutdown
            pass


class RulePack(_Handle):
    """A host-supplied breach rule pack (same format as ``rules/default.json``)."""

    _free_fn = "mamori_rule_pack_free"

    def __init__(self, pack: dict | str):
        out = ctypes.c_void_p()
        _lib.call("mamori_rule_pack_new", _lib.cstr(_dumps(pack)), ctypes.byref(out))
        super().__init__(out)

    @property
    def rules_version(self) -> str:
        """E.g. ``"mamori-default@2026.11.1"``."""
        return _lib.call_string("mamori_rule_pack_version", self._handle)

    def assess(self, request: dict | str) -> dict:
        """Assess a ``mamori.assess.v1`` request against this pack."""
        return json.loads(
            _lib.call_string("mamori_rule_pack_assess", self._handle, _lib.cstr(_dumps(request)))
        )


class Vault(_Handle):
    """An open encrypted contact vault (a ``mamori_vault *``). Use it as a context manager.

    A vault may be shared between threads; ``close()`` must not race with other calls.
    """

    _free_fn = "mamori_vault_close"

    @classmethod
    def create(cls, path: str, passcode: bytes | str, options: dict | None = None) -> "Vault":
        """Create a new vault file at ``path``. ``options`` e.g.
        ``{"kdf": {"m_kib": 19456, "t": 2, "p": 1}, "default_region": "JP"}``."""
        ptr, n, _keep = _lib.buf(passcode)
        out = ctypes.c_void_p()
        opts = None if options is None else _lib.cstr(_dumps(options))
        _lib.call("mamori_vault_create", _lib.cstr(str(path)), ptr, n, opts, ctypes.byref(out))
        return cls(out)

    @classmethod
    def create_with_key(cls, path: str, key: bytes, options: dict | None = None) -> "Vault":
        """Create a vault opened by a 32-byte host keystore key (a ``host_key`` slot)."""
        kp, _k = _lib.fixed(key, 32, "key")
        out = ctypes.c_void_p()
        opts = None if options is None else _lib.cstr(_dumps(options))
        _lib.call("mamori_vault_create_with_key", _lib.cstr(str(path)), kp, opts, ctypes.byref(out))
        return cls(out)

    @classmethod
    def open_with_key(cls, path: str, key: bytes, options: dict | None = None) -> "Vault":
        """Open a ``host_key`` vault with its 32-byte key. ``options``: the open options of
        :meth:`open` (``anchor``, ``read_only``)."""
        if options is not None:
            return cls._open_ex(path, None, key, None, options)
        kp, _k = _lib.fixed(key, 32, "key")
        out = ctypes.c_void_p()
        _lib.call("mamori_vault_open_with_key", _lib.cstr(str(path)), kp, ctypes.byref(out))
        return cls(out)

    @classmethod
    def _open_ex(
        cls,
        path: str,
        passcode: bytes | str | None,
        key: bytes | None,
        factor: bytes | None,
        options: dict,
    ) -> "Vault":
        ptr, n, _keep = _lib.buf(passcode if passcode is not None else b"")
        if passcode is None:
            ptr = None
        kp, _k = _lib.fixed(key, 32, "key")
        fp, _f = _lib.fixed(factor, 32, "factor")
        out = ctypes.c_void_p()
        _lib.call(
            "mamori_vault_open_ex",
            _lib.cstr(str(path)),
            ptr,
            n,
            kp,
            fp,
            _lib.cstr(_dumps(options)),
            ctypes.byref(out),
        )
        return cls(out)

    @staticmethod
    def new_challenge() -> bytes:
        """A fresh random 32-byte challenge for :meth:`create_with_factor`."""
        op, arr = _lib.out_bytes(32)
        _lib.call("mamori_vault_new_challenge", op)
        return bytes(arr)

    @staticmethod
    def unlock_challenge(path: str) -> bytes:
        """The 32-byte challenge of the vault's platform/server slot (no secret needed;
        bytes 16..32 are the server share id). Raises :class:`FactorRequiredError` if none."""
        op, arr = _lib.out_bytes(32)
        _lib.call("mamori_vault_unlock_challenge", _lib.cstr(str(path)), op)
        return bytes(arr)

    @staticmethod
    def attempts_left(path: str) -> int | None:
        """How many more wrong passcodes the vault at ``path`` takes before it wipes itself
        (``wipe_after_failed``), or ``None`` when it has no limit. No secret needed; asking
        counts nothing. Raises :class:`NotFoundError` when the file is gone (wiped)."""
        left = ctypes.c_uint32(0)
        limited = ctypes.c_bool(False)
        _lib.call(
            "mamori_vault_attempts_left",
            _lib.cstr(str(path)),
            ctypes.byref(left),
            ctypes.byref(limited),
        )
        return int(left.value) if limited.value else None

    @classmethod
    def create_with_factor(
        cls,
        path: str,
        passcode: bytes | str,
        challenge: bytes,
        factor: bytes,
        options: dict,
    ) -> "Vault":
        """Create a ``passcode+platform`` (or ``passcode+server``) vault. ``options`` must
        name ``factor_source`` (``android_strongbox``, ``android_tee``,
        ``ios_secure_enclave``, ``tpm``, ``software`` or ``server``)."""
        ptr, n, _keep = _lib.buf(passcode)
        cp, _c = _lib.fixed(challenge, 32, "challenge")
        fp, _f = _lib.fixed(factor, 32, "factor")
        out = ctypes.c_void_p()
        _lib.call(
            "mamori_vault_create_with_factor",
            _lib.cstr(str(path)),
            ptr,
            n,
            cp,
            fp,
            _lib.cstr(_dumps(options)),
            ctypes.byref(out),
        )
        return cls(out)

    @classmethod
    def open_with_factor(
        cls, path: str, passcode: bytes | str, factor: bytes, options: dict | None = None
    ) -> "Vault":
        """Open a ``passcode+platform``/``passcode+server`` vault (unlock step 2).
        ``options``: the open options of :meth:`open`."""
        if options is not None:
            return cls._open_ex(path, passcode, None, factor, options)
        ptr, n, _keep = _lib.buf(passcode)
        fp, _f = _lib.fixed(factor, 32, "factor")
        out = ctypes.c_void_p()
        _lib.call(
            "mamori_vault_open_with_factor", _lib.cstr(str(path)), ptr, n, fp, ctypes.byref(out)
        )
        return cls(out)

    def rekey(
        self,
        passcode: bytes | str | None = None,
        *,
        key: bytes | None = None,
        challenge: bytes | None = None,
        factor: bytes | None = None,
        options: dict | None = None,
    ) -> None:
        """Rotate the master key; the one new slot is a host key (``key``), passcode +
        factor (``factor``, ``challenge``, ``options["factor_source"]``) or a passcode."""
        ptr, n, _keep = _lib.buf(passcode if passcode is not None else b"")
        if passcode is None:
            ptr = None
        kp, _k = _lib.fixed(key, 32, "key")
        cp, _c = _lib.fixed(challenge, 32, "challenge")
        fp, _f = _lib.fixed(factor, 32, "factor")
        opts = None if options is None else _lib.cstr(_dumps(options))
        _lib.call("mamori_vault_rekey", self._handle, ptr, n, kp, cp, fp, opts)

    def rekey_challenge(self) -> bytes:
        """The challenge for :meth:`rekey` to a platform factor: this vault's id followed by
        16 fresh random bytes (a :meth:`new_challenge` is refused by ``rekey``)."""
        op, arr = _lib.out_bytes(32)
        _lib.call("mamori_vault_rekey_challenge", self._handle, op)
        return bytes(arr)

    def add_recovery_key(self, key: bytes) -> None:
        """Add a ``host_key`` recovery slot for a 32-byte company key."""
        kp, _k = _lib.fixed(key, 32, "key")
        _lib.call("mamori_vault_add_recovery_key", self._handle, kp)

    @classmethod
    def open(cls, path: str, passcode: bytes | str, options: dict | None = None) -> "Vault":
        """Open an existing vault file. Raises :class:`WrongPasscodeError` on a wrong passcode.

        ``options`` (``mamori_vault_open_ex``): ``{"anchor": <an anchor() kept outside the
        file>}`` checks the file against it *before* anything is written
        (:class:`RolledBackError` for an older copy or a cut-off tail, the file left as it
        was); ``{"read_only": True}`` opens without writing anything (no ``opened`` entry, a
        torn tail reported by :meth:`damage` but not cut; writes then raise
        :class:`InvalidInputError`)."""
        if options is not None:
            return cls._open_ex(path, passcode, None, None, options)
        ptr, n, _keep = _lib.buf(passcode)
        out = ctypes.c_void_p()
        _lib.call("mamori_vault_open", _lib.cstr(str(path)), ptr, n, ctypes.byref(out))
        return cls(out)

    @classmethod
    def open_or_create(
        cls, path: str, passcode: bytes | str, options: dict | None = None
    ) -> "tuple[Vault, bool]":
        """Open the vault at ``path``, or create it there (with ``options``) when no file
        exists. Returns ``(vault, created)``; ``options`` are ignored for an existing vault."""
        ptr, n, _keep = _lib.buf(passcode)
        out = ctypes.c_void_p()
        created = ctypes.c_bool(False)
        opts = None if options is None else _lib.cstr(_dumps(options))
        _lib.call(
            "mamori_vault_open_or_create",
            _lib.cstr(str(path)),
            ptr,
            n,
            opts,
            ctypes.byref(out),
            ctypes.byref(created),
        )
        return cls(out), bool(created.value)

    def put(self, contact: dict) -> str:
        """Insert a contact (or replace the one with the same ``id``); returns its id."""
        return _lib.call_string("mamori_vault_put", self._handle, _lib.cstr(_dumps(contact)))

    def put_many(self, contacts: Iterable[dict]) -> list[str]:
        """Insert several contacts in one write; returns their ids in order."""
        doc = json.dumps(list(contacts), ensure_ascii=False)
        return json.loads(
            _lib.call_string("mamori_vault_put_many", self._handle, _lib.cstr(doc))
        )

    def get(self, contact_id: str) -> dict:
        """The contact with this id. Raises :class:`NotFoundError`."""
        return json.loads(
            _lib.call_string("mamori_vault_get", self._handle, _lib.cstr(contact_id))
        )

    def lookup_phone(self, phone: str) -> dict | None:
        """The contact a caller-ID number belongs to, or ``None``."""
        try:
            return json.loads(
                _lib.call_string("mamori_vault_lookup_phone", self._handle, _lib.cstr(phone))
            )
        except NotFoundError:
            return None

    def caller_id(self, phone: str) -> dict | None:
        """``{"id", "name", "company"?}`` of the contact a number belongs to, or ``None``."""
        try:
            return json.loads(
                _lib.call_string("mamori_vault_caller_id", self._handle, _lib.cstr(phone))
            )
        except NotFoundError:
            return None

    def delete(self, contact_id: str) -> None:
        """Delete a contact. Raises :class:`NotFoundError`."""
        _lib.call("mamori_vault_delete", self._handle, _lib.cstr(contact_id))

    def change_passcode(self, old: bytes | str, new: bytes | str) -> None:
        """Change the passcode (O(1): rewraps the vault key)."""
        op, on, _k1 = _lib.buf(old)
        np_, nn, _k2 = _lib.buf(new)
        _lib.call("mamori_vault_change_passcode", self._handle, op, on, np_, nn)

    def set_passcode(self, new: bytes | str) -> None:
        """Set a new passcode without the current one (one KDF run; like ``PRAGMA rekey``)."""
        np_, nn, _k = _lib.buf(new)
        _lib.call("mamori_vault_set_passcode", self._handle, np_, nn)

    def generate_passphrase(self) -> str:
        """Replace the passcode with a library-generated passphrase and return it.

        Seven words drawn uniformly from the EFF large word list (90 bits) by the vault's
        RNG; the slot records that the library generated it, so a passcode-only vault can be
        reported ``key_separated`` (a passcode a person chose never is). Show it to the user
        once. Otherwise like :meth:`set_passcode` (the old passcode is revoked).
        """
        return _lib.call_string("mamori_vault_generate_passphrase", self._handle)

    def manifest(self) -> dict:
        """The ``mamori.manifest.v3`` document: what the vault holds and how it is protected."""
        return json.loads(_lib.call_string("mamori_vault_manifest", self._handle))

    def export(self) -> list[dict]:
        """Every contact (recorded in the access log)."""
        return json.loads(_lib.call_string("mamori_vault_export", self._handle))

    def damage(self) -> dict:
        """The ``mamori.damage.v1`` report: ``intact`` (true only when nothing was found),
        unreadable records, lost/suspect transactions, chain breaks, a torn tail cut off."""
        return json.loads(_lib.call_string("mamori_vault_damage", self._handle))

    def anchor(self) -> dict:
        """The ``mamori.anchor.v1`` rollback anchor of the last acknowledged write: keep it
        away from the file and pass it to :meth:`verify_anchor`."""
        return json.loads(_lib.call_string("mamori_vault_anchor", self._handle))

    def verify_anchor(self, anchor: dict) -> None:
        """:class:`RolledBackError` if the file is older than ``anchor``;
        :class:`CorruptError` if the anchor is of another vault."""
        _lib.call("mamori_vault_verify_anchor", self._handle, _lib.cstr(json.dumps(anchor)))

    def export_report(self) -> dict:
        """``mamori.export.v1``: the readable contacts and the unreadable records by id
        (:meth:`export` raises :class:`CorruptError` when a record is unreadable)."""
        return json.loads(_lib.call_string("mamori_vault_export_report", self._handle))

    def search_name(self, prefix: str) -> list[dict]:
        """Contacts whose name or reading starts with ``prefix`` (kana and width folded)."""
        return json.loads(
            _lib.call_string("mamori_vault_search_name", self._handle, _lib.cstr(prefix))
        )

    def compact(self) -> None:
        """Rewrite the file without deleted or replaced records."""
        _lib.call("mamori_vault_compact", self._handle)

    def access_log(self) -> dict:
        """The verified access log (no contact data)."""
        return json.loads(_lib.call_string("mamori_vault_access_log", self._handle))

    @staticmethod
    def wipe_file(path: str) -> None:
        """Crypto-erase a vault file without its passcode (remote wipe while locked)."""
        _lib.call("mamori_vault_wipe_file", _lib.cstr(str(path)))

    def hold(self, action: str, hold_id: str) -> list:
        """Place, override or release (``action``: ``"place"``, ``"override"``,
        ``"release"``) a legal hold on the vault, recorded in its authenticated access log;
        returns the vault's holds. While a hold is on and not overridden, :meth:`wipe`,
        :meth:`wipe_report`, :meth:`wipe_file`, :meth:`delete`, :func:`handover_retention` and the hand-over's
        retention deletion and wipe raise :class:`LegalHoldError`. Record who decided it and
        why under the same ``hold_id`` in the register (``{"op": "hold"}``) or the incident
        log (``legal_hold_*`` events)."""
        req = _dumps({"action": action, "hold_id": hold_id})
        return json.loads(
            _lib.call_string("mamori_vault_hold", self._handle, _lib.cstr(req))
        )

    def holds(self) -> list:
        """The legal holds in the vault's access log (active, overridden and released)."""
        return json.loads(_lib.call_string("mamori_vault_hold", self._handle, None))

    def wipe(self) -> None:
        """Crypto-erase the vault; every later call raises :class:`WipedError`
        (:class:`LegalHoldError` while a legal hold is on, see :meth:`hold`).

        Caller-ID labels handed to the OS (:meth:`caller_directory`) are not reached: when
        ``manifest()["labels_outside_vault"]["state"]`` is not ``"none"``, the app must remove
        them itself, then call :meth:`ack_labels_removed`."""
        _lib.call("mamori_vault_wipe", self._handle)

    def wipe_report(self) -> dict:
        """:meth:`wipe`, returning the ``mamori.wipe.v1`` report: ``os_labels_to_remove`` is
        true when caller-ID labels handed to the OS may still be on the device (the app must
        remove them: the wipe cannot reach them)."""
        return json.loads(_lib.call_string("mamori_vault_wipe_report", self._handle))

    # --- caller-ID directory export (docs/caller-directory.md) ---

    @staticmethod
    def _directory_options(label_policy: str, shared_label: str | None) -> bytes:
        opts: dict = {"label_policy": label_policy}
        if shared_label is not None:
            opts["shared_label"] = shared_label
        return _lib.cstr(_dumps(opts))

    def caller_directory(self, label_policy: str = "name", shared_label: str | None = None) -> dict:
        """The ``mamori.caller_directory.v1`` JSON form: every stored number as E.164 digits
        (ascending, unique) with its label (``name``, ``company``, ``name_company``,
        ``initials``, ``none``). Recorded in the authenticated access log
        (``directory_exported``); the manifest's ``labels_outside_vault`` counts the exported
        persons until :meth:`ack_labels_removed`."""
        return json.loads(
            _lib.call_string(
                "mamori_vault_caller_directory_json",
                self._handle,
                self._directory_options(label_policy, shared_label),
            )
        )

    def caller_directory_bytes(
        self, label_policy: str = "name", shared_label: str | None = None
    ) -> bytes:
        """The same directory in the compact ``MMRD`` binary layout (see
        :func:`mamori.directory.parse_directory`)."""
        return _lib.call_bytes(
            "mamori_vault_caller_directory",
            self._handle,
            self._directory_options(label_policy, shared_label),
        )

    def caller_directory_changes(
        self, previous: bytes, label_policy: str = "name", shared_label: str | None = None
    ) -> bytes:
        """The ``MMRC`` change set since ``previous`` (a token, an earlier binary export, or
        ``b""`` for nothing loaded yet)."""
        ptr, n, _keep = _lib.buf(previous)
        return _lib.call_bytes(
            "mamori_vault_caller_directory_changes",
            self._handle,
            self._directory_options(label_policy, shared_label),
            ptr if n else None,
            n,
        )

    def ack_labels_removed(self) -> None:
        """Record (in the authenticated access log) that every caller-ID label handed to the
        OS was removed; the manifest's ``labels_outside_vault`` is ``"none"`` until the next
        export. Call it only once the OS copy is gone."""
        _lib.call("mamori_vault_ack_labels_removed", self._handle)

    ackLabelsRemoved = ack_labels_removed

    @staticmethod
    def caller_directory_token(directory: bytes) -> bytes:
        """The ``MMRT`` token of a binary export (to keep for the next incremental load)."""
        ptr, n, _keep = _lib.buf(directory)
        return _lib.call_bytes("mamori_caller_directory_token", ptr if n else None, n)


class Register(_Handle):
    """The asset register of devices (a ``mamori_register *``), JSON in and out."""

    _free_fn = "mamori_register_free"

    def __init__(self, register: dict | str | None = None, *, _handle=None):
        if _handle is not None:
            super().__init__(_handle)
            return
        out = ctypes.c_void_p()
        doc = None if register is None else _lib.cstr(_dumps(register))
        _lib.call("mamori_register_new", doc, ctypes.byref(out))
        super().__init__(out)

    def apply(self, command: dict | str) -> dict:
        """Apply one register command (register a device, check out/in, transition...)."""
        return json.loads(
            _lib.call_string("mamori_register_apply", self._handle, _lib.cstr(_dumps(command)))
        )

    def reconcile(self, audit: dict | str) -> dict:
        """Reconcile an inventory audit (棚卸, ``mamori.inventory_audit.v1``) with the register.

        Returns the ``mamori.reconciliation.v1`` document: ``missing``, ``unexpected``,
        ``mis_held``, ``wrong_state`` (each with ``text.ja`` / ``text.en``), ``confirmed`` and
        ``incidents`` (for every assigned device not seen, the ``events`` that open its loss
        incident: append them to a new :class:`Incident`). The findings are recorded in the
        register's history.
        """
        audit = json.loads(audit) if isinstance(audit, str) else audit
        return self.apply({"op": "reconcile", "audit": audit})["reconciliation"]

    def to_json(self) -> dict:
        """The whole register as a JSON document."""
        return json.loads(_lib.call_string("mamori_register_to_json", self._handle))


class Incident(_Handle):
    """An incident's append-only event log (a ``mamori_incident *``), JSON in and out."""

    _free_fn = "mamori_incident_free"

    def __init__(self, incident_id: str, *, _handle=None):
        if _handle is not None:
            super().__init__(_handle)
            return
        out = ctypes.c_void_p()
        _lib.call("mamori_incident_new", _lib.cstr(incident_id), ctypes.byref(out))
        super().__init__(out)

    @classmethod
    def load(cls, incident: dict | str) -> "Incident":
        """Load a stored ``mamori.incident.v1`` log (every event is replayed and validated)."""
        out = ctypes.c_void_p()
        _lib.call("mamori_incident_load", _lib.cstr(_dumps(incident)), ctypes.byref(out))
        return cls("", _handle=out)

    def append(self, event: dict | str) -> list:
        """Append one event; returns the guard warnings it raised. Raises
        :class:`InvalidEventError` (and appends nothing) if it makes no sense now."""
        return json.loads(
            _lib.call_string("mamori_incident_append", self._handle, _lib.cstr(_dumps(event)))
        )

    def append_signed(self, event: dict | str, key_id: str, seed: bytes) -> list:
        """Append one event and sign its hash with the host's Ed25519 key (``seed``: the
        32-byte secret seed; the library wipes its copy). Returns the guard warnings."""
        ptr, n, _keep = _lib.buf(seed)
        try:
            return json.loads(
                _lib.call_string(
                    "mamori_incident_append_signed",
                    self._handle,
                    _lib.cstr(_dumps(event)),
                    _lib.cstr(key_id),
                    ptr,
                    n,
                )
            )
        finally:
            ctypes.memset(_keep, 0, n)

    def checkpoint(self, key_id: str, seed: bytes) -> dict:
        """A signed checkpoint of the current head (``mamori.incident_checkpoint.v1``): keep it
        outside the log and pass it to :func:`incident_verify_signed`."""
        ptr, n, _keep = _lib.buf(seed)
        try:
            return json.loads(
                _lib.call_string(
                    "mamori_incident_checkpoint", self._handle, _lib.cstr(key_id), ptr, n
                )
            )
        finally:
            ctypes.memset(_keep, 0, n)

    def to_json(self) -> dict:
        """The ``mamori.incident.v1`` log, to store it anywhere."""
        return json.loads(_lib.call_string("mamori_incident_to_json", self._handle))

    def fold(self) -> dict:
        """The incident's current state (``mamori.incident_state.v1``), folded from its events."""
        return json.loads(_lib.call_string("mamori_incident_fold", self._handle))

    def next_actions(self, query: dict | str) -> list:
        """The ordered next actions: ``query`` is ``{"now": ..., "device": {...}?,
        "assessment": {...}?, "lang": "ja" | "en"?}`` (the library never reads the clock;
        ``lang`` absent = English titles and reasons)."""
        return json.loads(
            _lib.call_string(
                "mamori_incident_next_actions", self._handle, _lib.cstr(_dumps(query))
            )
        )

    def assess_request(self, query: dict | str) -> dict:
        """The ``mamori.assess.v1`` request built from the log, with notes:
        ``query`` is ``{"organisation": {...}, "device": {...}?}``."""
        return json.loads(
            _lib.call_string(
                "mamori_incident_assess_request", self._handle, _lib.cstr(_dumps(query))
            )
        )

    def assess(self, query: dict | str) -> dict:
        """Assess the incident with the breach engine (``mamori.assessment.v1``)."""
        return json.loads(
            _lib.call_string("mamori_incident_assess", self._handle, _lib.cstr(_dumps(query)))
        )

    def timeline(self) -> dict:
        """The incident's timeline (``mamori.timeline.v1``)."""
        return json.loads(_lib.call_string("mamori_incident_timeline", self._handle))


class KeyShareRegistry(_Handle):
    """Server side of ``passcode+server`` vaults: issue, release and revoke 32-byte shares,
    with a hash-chained log (``mamori.share_log.v1``) of every step and its time.

    Pass ``at`` (an RFC 3339 time, e.g. ``"2026-12-01T09:00:00+09:00"``) to :meth:`issue`,
    :meth:`release` and :meth:`revoke`: the library has no clock. Without it the step is
    logged with no time, which can never show that a release happened *before* a loss.
    """

    _free_fn = "mamori_keyshare_registry_free"

    def __init__(self, handle=None):
        if handle is None:
            handle = ctypes.c_void_p()
            _lib.call("mamori_keyshare_registry_new", ctypes.byref(handle))
        super().__init__(handle)

    @classmethod
    def restore(cls, log: dict | str, expected_head: str | None = None) -> "KeyShareRegistry":
        """A registry rebuilt from a persisted :meth:`log`, after checking its hash chain: an
        edited, removed, inserted or reordered entry raises :class:`InvalidInputError` naming
        it (``entries[3].hash``); ``expected_head`` (the log's last hash noted elsewhere) also
        catches a log cut short. Load the live shares' secrets with :meth:`insert`."""
        doc = log if isinstance(log, str) else _dumps(log)
        handle = ctypes.c_void_p()
        _lib.call(
            "mamori_keyshare_registry_restore",
            _lib.cstr(doc),
            _lib.cstr(expected_head),
            ctypes.byref(handle),
        )
        return cls(handle)

    def issue(self, at: str | None = None) -> tuple[bytes, bytes]:
        """A new share: ``(share_id (16 bytes), share (32 bytes))``, logged at ``at``."""
        ip, ia = _lib.out_bytes(16)
        sp, sa = _lib.out_bytes(32)
        if at is None:
            _lib.call("mamori_keyshare_issue", self._handle, ip, sp)
        else:
            _lib.call("mamori_keyshare_issue_at", self._handle, _lib.cstr(at), ip, sp)
        return bytes(ia), bytes(sa)

    def insert(self, share_id: bytes, share: bytes) -> None:
        """Load a share persisted earlier; :class:`ShareRevokedError` if it was revoked."""
        ip, _i = _lib.fixed(share_id, 16, "share_id")
        sp, _s = _lib.fixed(share, 32, "share")
        _lib.call("mamori_keyshare_insert", self._handle, ip, sp)

    def release(self, share_id: bytes, at: str | None = None) -> bytes:
        """The share for ``share_id``, logged as released at ``at``;
        :class:`ShareRevokedError` after :meth:`revoke`."""
        ip, _i = _lib.fixed(share_id, 16, "share_id")
        sp, sa = _lib.out_bytes(32)
        if at is None:
            _lib.call("mamori_keyshare_release", self._handle, ip, sp)
        else:
            _lib.call("mamori_keyshare_release_at", self._handle, ip, _lib.cstr(at), sp)
        return bytes(sa)

    def revoke(self, share_id: bytes, at: str | None = None) -> None:
        """Destroy the share (loss report), logged at ``at``: the server slot opens no copy
        of the vault any more (a share released earlier, or a recovery key, still does).
        :class:`LegalHoldError` while a legal hold on the share (:meth:`hold`) is on and not
        overridden."""
        ip, _i = _lib.fixed(share_id, 16, "share_id")
        if at is None:
            _lib.call("mamori_keyshare_revoke", self._handle, ip)
        else:
            _lib.call("mamori_keyshare_revoke_at", self._handle, ip, _lib.cstr(at))

    def hold(
        self, share_id: bytes, action: str, hold_id: str, *, reason: str, at: str, actor: str
    ) -> list:
        """Place, override or release (``action``: ``"place"``, ``"override"``,
        ``"release"``) a legal hold on the share, recorded in the registry's log with
        ``actor``, ``at`` and ``reason``; returns the share's holds (``mamori.legal_hold.v1``).
        While a hold is on and not overridden, :meth:`revoke` and
        :func:`handover_revoke_share` raise :class:`LegalHoldError` (a revocation
        crypto-erases the vault's server slot). :func:`handover_revoke_share` also reads the
        source vault's own holds; for :meth:`revoke`, place here the holds of the device,
        vault or incident the share protects: the registry cannot see them."""
        ip, _i = _lib.fixed(share_id, 16, "share_id")
        req = _dumps(
            {"action": action, "hold_id": hold_id, "reason": reason, "at": at, "actor": actor}
        )
        return json.loads(
            _lib.call_string("mamori_keyshare_hold", self._handle, ip, _lib.cstr(req))
        )

    def holds(self, share_id: bytes) -> list:
        """The legal holds on the share (active, overridden and released)."""
        ip, _i = _lib.fixed(share_id, 16, "share_id")
        return json.loads(_lib.call_string("mamori_keyshare_hold", self._handle, ip, None))

    def log(self) -> dict:
        """The registry's log (``mamori.share_log.v1``; no secret in it): persist it, and
        attach it to the incident's ``key_share_revoked`` event as ``registry_log``."""
        return json.loads(_lib.call_string("mamori_keyshare_log", self._handle))

    def released_after(self, share_id: bytes, after: str) -> dict:
        """Was the share released at or after ``after`` (RFC 3339)? The
        ``mamori.share_release_check.v1`` answer: ``released_after`` is ``True``, ``False``
        or ``None`` (the log cannot tell), with the ``reason``."""
        ip, _i = _lib.fixed(share_id, 16, "share_id")
        return json.loads(
            _lib.call_string(
                "mamori_keyshare_released_after", self._handle, ip, _lib.cstr(after)
            )
        )


# ----------------------------------------------------------------- the leaver's hand-over


def _step(record: dict | str, at: str, actor: str, **extra) -> bytes:
    rec = json.loads(record) if isinstance(record, str) else record
    doc = {"record": rec, "at": at, "actor": actor}
    doc.update({k: v for k, v in extra.items() if v is not None})
    return _lib.cstr(_dumps(doc))


def handover_start(
    source: Vault, start: dict, *, at: str, actor: str, register: Register | None = None
) -> dict:
    """Start the leaver's hand-over (退職時) of the open ``source`` vault. ``start`` is
    ``{"id", "leaver", "recipient", "recipient_kind": "successor"|"company", "device_id"?,
    "share_id"? (hex, for a passcode+server vault)}``. With a ``register`` the device goes
    ``assigned`` → ``handing_over``. Returns the ``mamori.handover.v1`` record (store it)."""
    reg = register._handle if register is not None else None
    req = _lib.cstr(_dumps({"start": start, "at": at, "actor": actor}))
    return json.loads(_lib.call_string("mamori_handover_start", source._handle, reg, req))


def handover_move(
    record: dict | str,
    source: Vault,
    destination: Vault,
    *,
    at: str,
    actor: str,
    delete: Iterable[str] = (),
) -> dict:
    """Move every contact (except the ids in ``delete``, listed by the retention rule) into
    ``destination`` and verify count and content; returns the new record."""
    req = _step(record, at, actor, delete=list(delete) or None)
    return json.loads(
        _lib.call_string("mamori_handover_move", source._handle, destination._handle, req)
    )


def handover_revoke_share(
    record: dict | str,
    registry: KeyShareRegistry,
    *,
    at: str,
    actor: str,
    source: Vault | None = None,
) -> dict:
    """Revoke the leaver's server share (passcode+server vaults): no copy opens any more.
    Revoking the share crypto-erases the old vault, so pass the open ``source`` vault the
    hand-over started with: its legal holds (and those on the share in ``registry``) are read
    first, and :class:`LegalHoldError` is raised (nothing recorded, the share kept) while one
    is on and not overridden. Without ``source`` it raises :class:`InvalidInputError`."""
    req = _step(record, at, actor)
    if source is None:
        return json.loads(
            _lib.call_string("mamori_handover_revoke_share", registry._handle, req)
        )
    return json.loads(
        _lib.call_string(
            "mamori_handover_revoke_share_from", registry._handle, source._handle, req
        )
    )


def handover_key_retired(
    record: dict | str,
    *,
    at: str,
    actor: str,
    note: str | None = None,
    source: Vault | None = None,
) -> dict:
    """Record the key retired for a vault without a server share (host key deleted, platform
    key deleted, or — passcode only — nothing to revoke, with a warning). For a host-key or
    passcode+platform vault pass the open ``source`` vault: deleting its key crypto-erases it,
    so its legal holds are read first (:class:`LegalHoldError` while one is on and not
    overridden; call this before deleting the key). Without ``source`` those tiers raise
    :class:`InvalidInputError`."""
    req = _step(record, at, actor, note=note)
    if source is None:
        return json.loads(_lib.call_string("mamori_handover_key_retired", req))
    return json.loads(_lib.call_string("mamori_handover_retire_key", source._handle, req))


def handover_wipe(
    record: dict | str, source: Vault, *, at: str, actor: str, path: str | None = None
) -> dict:
    """Crypto-erase the old vault (refused before the move is verified)."""
    req = _step(record, at, actor, path=path)
    return json.loads(_lib.call_string("mamori_handover_wipe", source._handle, req))


def handover_return(
    record: dict | str,
    *,
    at: str,
    actor: str,
    register: Register | None = None,
    note: str | None = None,
) -> dict:
    """Return the device (refused until the key is revoked and the vault wiped)."""
    reg = register._handle if register is not None else None
    req = _step(record, at, actor, note=note)
    return json.loads(_lib.call_string("mamori_handover_return", reg, req))


def handover_status(record: dict | str, *, lang: str = "ja") -> dict:
    """``mamori.handover_status.v1``: steps done, next actions with guards, chain check."""
    return json.loads(
        _lib.call_string("mamori_handover_status", _lib.cstr(_dumps(record)), _lib.cstr(lang))
    )


def handover_retention(
    vault: Vault, *, now: str, max_unused_days: int, last_used: dict | None = None
) -> dict:
    """``mamori.retention.v1``: contact ids unused for ``max_unused_days`` (listed for
    deletion), ids with no usable date (``unknown``), and the number kept."""
    q = {"now": now, "max_unused_days": max_unused_days}
    if last_used is not None:
        q["last_used"] = last_used
    return json.loads(
        _lib.call_string("mamori_handover_retention", vault._handle, _lib.cstr(_dumps(q)))
    )
