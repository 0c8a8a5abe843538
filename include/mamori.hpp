/*
 * mamori (守り): header-only C++17 wrapper over the C ABI (include/mamori.h).
 * SPDX-License-Identifier: MIT OR Apache-2.0
 *
 * Written by hand (mamori.h is generated); adds no symbols to the library and links exactly as
 * the C header does: `c++ -std=c++17 app.cpp $(pkg-config --cflags --libs mamori)`.
 *
 *  - RAII handles: mamori::vault, mamori::device_register, mamori::incident (move-only; the
 *    destructor closes/frees), and mamori::c_string / mamori::c_bytes for what the library
 *    returns (freed, and zeroized, by the library's own free functions).
 *  - Every failure throws mamori::error: code() (the mamori_result), name()
 *    ("WRONG_PASSCODE", ...) and what() (the library's message, naming the JSON field).
 *    A missing contact or number is std::nullopt, not an exception.
 *  - Strings in as std::string_view, out as std::string (UTF-8). Passcodes and keys are bytes.
 *  - vault::open_or_create; the allocation-free caller-ID path (vault::caller_id_into with a
 *    reusable mamori::caller_id_buffer that is zeroized on destruction).
 *
 * Secrets: a std::string copy of contact data is not zeroized when it is destroyed (the C
 * strings are). Hosts that care keep contact JSON in mamori::c_string (vault::get_secret,
 * vault::export_secret) and call view() instead of copying.
 *
 * Thread safety is the C ABI's (docs/c-abi.md): a vault may be used from several threads at
 * once, except that its destructor must not race with any other call.
 */
#ifndef MAMORI_HPP
#define MAMORI_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mamori.h"

namespace mamori {

/** A failed mamori call: the result code, its name and the library's message. */
class error : public std::runtime_error {
public:
    error(mamori_result code, const char *message)
        : std::runtime_error(std::string(mamori_result_name(static_cast<uint32_t>(code))) + ": " +
                             (message ? message : "")),
          code_(code), message_(message ? message : "") {}
    /** The C result code (e.g. MAMORI_WRONG_PASSCODE). */
    mamori_result code() const noexcept { return code_; }
    /** The code's static name, e.g. "WRONG_PASSCODE". */
    const char *name() const noexcept { return mamori_result_name(static_cast<uint32_t>(code_)); }
    /** The library's message alone (what() is "NAME: message"). */
    const std::string &message() const noexcept { return message_; }

private:
    mamori_result code_;
    std::string message_;
};

namespace detail {
/** Throw mamori::error unless `r` is MAMORI_OK. */
inline void check(mamori_result r) {
    if (r != MAMORI_OK) {
        throw error(r, mamori_last_error_message());
    }
}

/** A NUL-terminated copy of a string_view for the C ABI. */
class cstr {
public:
    explicit cstr(std::string_view s) : s_(s) {}
    const char *get() const noexcept { return s_.c_str(); }

private:
    std::string s_;
};

/** A NUL-terminated copy, or NULL for an empty view (optional C arguments). */
class opt_cstr {
public:
    explicit opt_cstr(std::string_view s) : set_(!s.empty()), s_(s) {}
    const char *get() const noexcept { return set_ ? s_.c_str() : nullptr; }

private:
    bool set_;
    std::string s_;
};

inline const uint8_t *bytes(std::string_view s) noexcept {
    return reinterpret_cast<const uint8_t *>(s.data());
}

/** Move-only owner of a library handle, released with `Free` (which accepts NULL). */
template <class T, void (*Free)(T *)>
class unique_handle {
public:
    unique_handle() noexcept = default;
    explicit unique_handle(T *p) noexcept : p_(p) {}
    unique_handle(const unique_handle &) = delete;
    unique_handle &operator=(const unique_handle &) = delete;
    unique_handle(unique_handle &&o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
    unique_handle &operator=(unique_handle &&o) noexcept {
        if (this != &o) {
            Free(std::exchange(p_, std::exchange(o.p_, nullptr)));
        }
        return *this;
    }
    ~unique_handle() { Free(p_); }
    T *get() const noexcept { return p_; }
    /** For a `T **out` parameter of an empty handle. */
    T **out() noexcept { return &p_; }
    void reset() noexcept { Free(std::exchange(p_, nullptr)); }

private:
    T *p_ = nullptr;
};
}  // namespace detail

/** A string the library returned (owned; freed and zeroized by mamori_string_free). */
class c_string {
public:
    c_string() noexcept = default;
    explicit c_string(char *p) noexcept : p_(p) {}
    c_string(const c_string &) = delete;
    c_string &operator=(const c_string &) = delete;
    c_string(c_string &&o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
    c_string &operator=(c_string &&o) noexcept {
        if (this != &o) {
            mamori_string_free(p_);
            p_ = std::exchange(o.p_, nullptr);
        }
        return *this;
    }
    ~c_string() { mamori_string_free(p_); }
    /** The text, valid while this object lives (empty when null). */
    std::string_view view() const noexcept { return p_ ? std::string_view(p_) : std::string_view(); }
    /** A copy (not zeroized when destroyed). */
    std::string str() const { return std::string(view()); }
    const char *c_str() const noexcept { return p_ ? p_ : ""; }
    explicit operator bool() const noexcept { return p_ != nullptr; }
    /** For `char **out` parameters: frees the current string first. */
    char **out() noexcept {
        mamori_string_free(p_);
        p_ = nullptr;
        return &p_;
    }

private:
    char *p_ = nullptr;
};

/** Bytes the library returned (owned; freed and zeroized by mamori_bytes_free). */
class c_bytes {
public:
    c_bytes() noexcept = default;
    c_bytes(const c_bytes &) = delete;
    c_bytes &operator=(const c_bytes &) = delete;
    c_bytes(c_bytes &&o) noexcept
        : p_(std::exchange(o.p_, nullptr)), n_(std::exchange(o.n_, 0)) {}
    c_bytes &operator=(c_bytes &&o) noexcept {
        if (this != &o) {
            mamori_bytes_free(p_, n_);
            p_ = std::exchange(o.p_, nullptr);
            n_ = std::exchange(o.n_, 0);
        }
        return *this;
    }
    ~c_bytes() { mamori_bytes_free(p_, n_); }
    const uint8_t *data() const noexcept { return p_; }
    size_t size() const noexcept { return n_; }
    std::vector<uint8_t> to_vector() const { return std::vector<uint8_t>(p_, p_ + n_); }
    uint8_t **out_ptr() noexcept { return &p_; }
    size_t *out_len() noexcept { return &n_; }

private:
    uint8_t *p_ = nullptr;
    size_t n_ = 0;
};

namespace detail {
/** Run `f(char **)`, throw on failure, return the string. */
template <class F>
std::string string_call(F &&f) {
    c_string s;
    check(f(s.out()));
    return s.str();
}

/** As string_call, but MAMORI_NOT_FOUND is std::nullopt. */
template <class F>
std::optional<std::string> optional_string_call(F &&f) {
    c_string s;
    mamori_result r = f(s.out());
    if (r == MAMORI_NOT_FOUND) {
        return std::nullopt;
    }
    check(r);
    return s.str();
}
}  // namespace detail

/** The library version, e.g. "mamori/0.1.0". */
inline std::string_view version() { return mamori_version(); }

/** Throw MAMORI_ABI_MISMATCH unless the library matches this header (call at start-up). */
inline void check_abi() { detail::check(mamori_check_abi(MAMORI_ABI_VERSION)); }

/** Assess a breach: a mamori.assess.v1 request in, a mamori.assessment.v1 document out. */
inline std::string assess(std::string_view request_json) {
    detail::cstr req(request_json);
    return detail::string_call([&](char **o) { return mamori_assess(req.get(), o); });
}

/** A caller-ID answer whose name and company point into a caller_id_buffer. */
struct caller_view {
    std::string_view id;
    std::string_view name;
    /** Empty when the contact has no company (see has_company). */
    std::string_view company;
    bool has_company;
};

/** A caller-ID answer as owned strings. */
struct caller {
    std::string id;
    std::string name;
    std::optional<std::string> company;
};

/**
 * The reusable buffer of the allocation-free caller-ID path. It grows once when a name is
 * longer than it (MAMORI_BUFFER_TOO_SMALL reports the size needed) and is zeroized when it is
 * destroyed or cleared: it holds a contact's name. One buffer per thread.
 */
class caller_id_buffer {
public:
    explicit caller_id_buffer(size_t initial = 256) : buf_(initial ? initial : 1) {}
    caller_id_buffer(const caller_id_buffer &) = delete;
    caller_id_buffer &operator=(const caller_id_buffer &) = delete;
    ~caller_id_buffer() { clear(); }
    /** Zeroize the buffer (and the last answer's id). */
    void clear() noexcept {
        mamori_buffer_clear(buf_.data(), buf_.size());
        mamori_buffer_clear(out_.id.hex, sizeof out_.id.hex);
    }
    size_t capacity() const noexcept { return buf_.size(); }

private:
    friend class vault;
    std::vector<char> buf_;
    mamori_caller_id out_{};
};

/** An open contact vault (mamori_vault *); closed (keys zeroized, lock released) on destruction. */
class vault {
public:
    /** Create a new vault file protected by `passcode`; `options_json` empty for the defaults. */
    static vault create(std::string_view path, std::string_view passcode,
                        std::string_view options_json = {}) {
        detail::cstr p(path);
        detail::opt_cstr o(options_json);
        mamori_vault *v = nullptr;
        detail::check(mamori_vault_create(p.get(), detail::bytes(passcode), passcode.size(),
                                          o.get(), &v));
        return vault(v);
    }

    /** Open an existing vault (MAMORI_NOT_FOUND if there is no file). */
    static vault open(std::string_view path, std::string_view passcode) {
        detail::cstr p(path);
        mamori_vault *v = nullptr;
        detail::check(
            mamori_vault_open(p.get(), detail::bytes(passcode), passcode.size(), &v));
        return vault(v);
    }

    /**
     * Open the vault at `path`, or create it there when no file exists (`options_json` is used
     * only then). `*created`, if given, says which happened.
     */
    static vault open_or_create(std::string_view path, std::string_view passcode,
                                std::string_view options_json = {}, bool *created = nullptr) {
        detail::cstr p(path);
        detail::opt_cstr o(options_json);
        mamori_vault *v = nullptr;
        bool c = false;
        detail::check(mamori_vault_open_or_create(p.get(), detail::bytes(passcode),
                                                  passcode.size(), o.get(), &v, &c));
        if (created) {
            *created = c;
        }
        return vault(v);
    }

    /** Create a vault protected by a 32-byte host keystore key (a `host_key` slot). */
    static vault create_with_key(std::string_view path, const std::array<uint8_t, 32> &key,
                                 std::string_view options_json = {}) {
        detail::cstr p(path);
        detail::opt_cstr o(options_json);
        mamori_vault *v = nullptr;
        detail::check(mamori_vault_create_with_key(p.get(), key.data(), o.get(), &v));
        return vault(v);
    }

    /** Open a `host_key` vault with its 32-byte key. */
    static vault open_with_key(std::string_view path, const std::array<uint8_t, 32> &key) {
        detail::cstr p(path);
        mamori_vault *v = nullptr;
        detail::check(mamori_vault_open_with_key(p.get(), key.data(), &v));
        return vault(v);
    }

    /**
     * How many more wrong passcodes the vault at `path` takes before it wipes itself
     * (`wipe_after_failed`); std::nullopt when it has no limit. No passcode needed; asking
     * counts nothing. Throws MAMORI_NOT_FOUND when the file is gone (wiped by its limit).
     */
    static std::optional<uint32_t> attempts_left(std::string_view path) {
        detail::cstr p(path);
        uint32_t left = 0;
        bool limited = false;
        detail::check(mamori_vault_attempts_left(p.get(), &left, &limited));
        if (!limited) {
            return std::nullopt;
        }
        return left;
    }

    /** Crypto-erase the vault file at `path` without its passcode (remote wipe). */
    static void wipe_file(std::string_view path) {
        detail::cstr p(path);
        detail::check(mamori_vault_wipe_file(p.get()));
    }

    /** Close now (what the destructor does); later calls throw MAMORI_NULL_ARGUMENT. */
    void close() noexcept { h_.reset(); }

    /** The C handle, for calls this wrapper does not cover. */
    mamori_vault *handle() const noexcept { return h_.get(); }

    /** Store a contact (JSON); returns its id. */
    std::string put(std::string_view contact_json) {
        detail::cstr c(contact_json);
        return detail::string_call([&](char **o) { return mamori_vault_put(h_.get(), c.get(), o); });
    }

    /** Store a JSON array of contacts atomically; returns the JSON array of their ids. */
    std::string put_many(std::string_view contacts_json_array) {
        detail::cstr c(contacts_json_array);
        return detail::string_call(
            [&](char **o) { return mamori_vault_put_many(h_.get(), c.get(), o); });
    }

    /** The contact with this id (JSON), or nullopt. */
    std::optional<std::string> get(std::string_view id) const {
        detail::cstr i(id);
        return detail::optional_string_call(
            [&](char **o) { return mamori_vault_get(h_.get(), i.get(), o); });
    }

    /** The contact with this number (JSON, any common format), or nullopt. */
    std::optional<std::string> lookup_phone(std::string_view phone) const {
        detail::cstr p(phone);
        return detail::optional_string_call(
            [&](char **o) { return mamori_vault_lookup_phone(h_.get(), p.get(), o); });
    }

    /** Caller ID as owned strings (one allocation per field), or nullopt. */
    std::optional<caller> caller_id(std::string_view phone) const {
        caller_id_buffer buf;
        auto v = caller_id_into(phone, buf);
        if (!v) {
            return std::nullopt;
        }
        caller c{std::string(v->id), std::string(v->name), std::nullopt};
        if (v->has_company) {
            c.company = std::string(v->company);
        }
        return c;
    }

    /**
     * Caller ID on the fast path (mamori_vault_caller_id_into): no JSON, and no allocation once
     * `buf` is large enough. The views point into `buf` and stay valid until its next use.
     * nullopt when no contact has the number.
     */
    std::optional<caller_view> caller_id_into(std::string_view phone, caller_id_buffer &buf) const {
        detail::cstr p(phone);
        for (int attempt = 0; attempt < 2; ++attempt) {
            size_t used = 0;
            mamori_result r = mamori_vault_caller_id_into(h_.get(), p.get(), buf.buf_.data(),
                                                          buf.buf_.size(), &buf.out_, &used);
            if (r == MAMORI_BUFFER_TOO_SMALL && attempt == 0) {
                buf.clear();
                buf.buf_.assign(used, '\0');
                continue;
            }
            if (r == MAMORI_NOT_FOUND) {
                return std::nullopt;
            }
            detail::check(r);
            const mamori_caller_id &o = buf.out_;
            caller_view c{std::string_view(o.id.hex), std::string_view(o.name.ptr, o.name.len),
                          std::string_view(), o.company.ptr != nullptr};
            if (c.has_company) {
                c.company = std::string_view(o.company.ptr, o.company.len);
            }
            return c;
        }
        throw error(MAMORI_INTERNAL, "caller_id_into: buffer still too small after growing");
    }

    /** Delete a contact; false if there was none with this id. */
    bool remove(std::string_view id) {
        detail::cstr i(id);
        mamori_result r = mamori_vault_delete(h_.get(), i.get());
        if (r == MAMORI_NOT_FOUND) {
            return false;
        }
        detail::check(r);
        return true;
    }

    /** Contacts whose name or reading starts with `prefix` (JSON array). */
    std::string search_name(std::string_view prefix) const {
        detail::cstr p(prefix);
        return detail::string_call(
            [&](char **o) { return mamori_vault_search_name(h_.get(), p.get(), o); });
    }

    /** The mamori.manifest.v2 document (counts and protection; no contact data). */
    std::string manifest() const {
        return detail::string_call([&](char **o) { return mamori_vault_manifest(h_.get(), o); });
    }

    /** The verified access log (mamori.vault-access-log.v1). */
    std::string access_log() const {
        return detail::string_call([&](char **o) { return mamori_vault_access_log(h_.get(), o); });
    }

    /** The damage report (mamori.damage.v1); check it after every open. */
    std::string damage() const {
        return detail::string_call([&](char **o) { return mamori_vault_damage(h_.get(), o); });
    }

    /** The rollback anchor of the last acknowledged write (mamori.anchor.v1). */
    std::string anchor() const {
        return detail::string_call([&](char **o) { return mamori_vault_anchor(h_.get(), o); });
    }

    /** Throws MAMORI_ROLLED_BACK if the file is older than `anchor_json`. */
    void verify_anchor(std::string_view anchor_json) const {
        detail::cstr a(anchor_json);
        detail::check(mamori_vault_verify_anchor(h_.get(), a.get()));
    }

    /** Every contact as a JSON array (recorded in the access log, hence not const). */
    std::string export_json() { return export_secret().str(); }

    /** export_json kept in a library string that is zeroized when it is destroyed. */
    c_string export_secret() {
        c_string s;
        detail::check(mamori_vault_export(h_.get(), s.out()));
        return s;
    }

    /** The caller directory (MMRD bytes; recorded in the access log, hence not const). */
    std::vector<uint8_t> caller_directory(std::string_view options_json = {}) {
        detail::opt_cstr o(options_json);
        c_bytes b;
        detail::check(mamori_vault_caller_directory(h_.get(), o.get(), b.out_ptr(), b.out_len()));
        return b.to_vector();
    }

    void change_passcode(std::string_view old_passcode, std::string_view new_passcode) {
        detail::check(mamori_vault_change_passcode(h_.get(), detail::bytes(old_passcode),
                                                   old_passcode.size(),
                                                   detail::bytes(new_passcode),
                                                   new_passcode.size()));
    }

    void set_passcode(std::string_view new_passcode) {
        detail::check(
            mamori_vault_set_passcode(h_.get(), detail::bytes(new_passcode), new_passcode.size()));
    }

    void compact() { detail::check(mamori_vault_compact(h_.get())); }

    /** Crypto-erase; every later call throws MAMORI_WIPED. Returns the mamori.wipe.v1 report. */
    std::string wipe() {
        return detail::string_call([&](char **o) { return mamori_vault_wipe_report(h_.get(), o); });
    }

private:
    explicit vault(mamori_vault *v) noexcept : h_(v) {}
    detail::unique_handle<mamori_vault, mamori_vault_close> h_;
};

/** The asset register (mamori_register *); freed on destruction. */
class device_register {
public:
    /** An empty register, or one loaded from a mamori.register.v1 document. */
    explicit device_register(std::string_view register_json = {}) {
        detail::opt_cstr j(register_json);
        detail::check(mamori_register_new(j.get(), h_.out()));
    }
    mamori_register *handle() const noexcept { return h_.get(); }

    /** Apply one command ({"op": "add" | "update" | "check_out" | ...}); the reply document. */
    std::string apply(std::string_view command_json) {
        detail::cstr c(command_json);
        return detail::string_call(
            [&](char **o) { return mamori_register_apply(h_.get(), c.get(), o); });
    }

    /** The whole register (mamori.register.v1), to store it. */
    std::string to_json() const {
        return detail::string_call([&](char **o) { return mamori_register_to_json(h_.get(), o); });
    }

private:
    detail::unique_handle<mamori_register, mamori_register_free> h_;
};

/** An incident log (mamori_incident *); freed on destruction. */
class incident {
public:
    /** A new, empty incident with the caller's id. */
    static incident create(std::string_view incident_id) {
        detail::cstr i(incident_id);
        mamori_incident *p = nullptr;
        detail::check(mamori_incident_new(i.get(), &p));
        return incident(p);
    }
    /** Load a stored mamori.incident.v1 log (every event is replayed and validated). */
    static incident load(std::string_view incident_json) {
        detail::cstr j(incident_json);
        mamori_incident *p = nullptr;
        detail::check(mamori_incident_load(j.get(), &p));
        return incident(p);
    }
    mamori_incident *handle() const noexcept { return h_.get(); }

    /** Append one mamori.incident_event.v1 event; returns the guard warnings (JSON array). */
    std::string append(std::string_view event_json) {
        detail::cstr e(event_json);
        return detail::string_call(
            [&](char **o) { return mamori_incident_append(h_.get(), e.get(), o); });
    }
    std::string to_json() const {
        return detail::string_call([&](char **o) { return mamori_incident_to_json(h_.get(), o); });
    }
    /** Next actions for {"now", "device"?, "assessment"?, "lang"?}. */
    std::string next_actions(std::string_view query_json) const {
        detail::cstr q(query_json);
        return detail::string_call(
            [&](char **o) { return mamori_incident_next_actions(h_.get(), q.get(), o); });
    }
    /** The engine's assessment for {"organisation", "device"?}. */
    std::string assess(std::string_view query_json) const {
        detail::cstr q(query_json);
        return detail::string_call(
            [&](char **o) { return mamori_incident_assess(h_.get(), q.get(), o); });
    }

private:
    explicit incident(mamori_incident *p) noexcept : h_(p) {}
    detail::unique_handle<mamori_incident, mamori_incident_free> h_;
};

}  // namespace mamori

#endif /* MAMORI_HPP */
