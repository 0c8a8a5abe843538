// The C++17 wrapper (include/mamori.hpp) end to end: open-or-create, contacts, caller ID on the
// allocation-free path, errors as exceptions carrying code, name and message, the register and
// a breach assessment. tests/cpp_header.rs builds it with -Wall -Wextra -Werror -pedantic and
// runs it under ASan/UBSan and under valgrind.
//
// Build (after `cargo build --release` and examples/c/install-mamori.sh):
//   c++ -std=c++17 -Wall -Wextra examples/cpp/vault_demo.cpp
//       $(pkg-config --cflags --libs mamori) -o vault_demo   (one line)
//   ./vault_demo /tmp
//
// usage: vault_demo <scratch-dir>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "mamori.hpp"

namespace {

int failures = 0;

void require(bool ok, const char *what, int line) {
    if (!ok) {
        std::fprintf(stderr, "vault_demo:%d: check failed: %s\n", line, what);
        ++failures;
    }
}
#define REQUIRE(x) require((x), #x, __LINE__)

bool contains(std::string_view hay, std::string_view needle) {
    return hay.find(needle) != std::string_view::npos;
}

// Small Argon2id parameters (the minimum the vault accepts) keep the sanitizer and valgrind
// runs fast; real deployments keep the default (19 MiB, t = 2) or stronger.
constexpr std::string_view kOptions =
    R"({"kdf":{"m_kib":8192,"t":1,"p":1},"default_region":"JP"})";

void vault_story(const std::string &path) {
    bool created = false;
    {
        auto v = mamori::vault::open_or_create(path, "481516", kOptions, &created);
        REQUIRE(created);
        std::string id = v.put(R"({"name":"佐藤 花子","company":"佐藤商事","phones":["090-1234-5678"]})");
        REQUIRE(id.size() == 16);
        v.put(R"({"name":"山田 太郎","phones":["03-5555-1234"]})");

        // Caller ID without JSON: a deliberately small buffer grows once, then is reused.
        mamori::caller_id_buffer buf(4);
        auto who = v.caller_id_into("+81 90 1234 5678", buf);
        REQUIRE(who.has_value());
        REQUIRE(who && who->name == "佐藤 花子");
        REQUIRE(who && who->has_company && who->company == "佐藤商事");
        REQUIRE(who && who->id == id);
        REQUIRE(buf.capacity() >= std::string_view("佐藤 花子佐藤商事").size());
        // The views point into buf: use them before the next lookup with the same buffer.
        std::printf("  caller id (no JSON): %.*s / %.*s\n", static_cast<int>(who->name.size()),
                    who->name.data(), static_cast<int>(who->company.size()),
                    who->company.data());
        auto other = v.caller_id_into("0355551234", buf);
        REQUIRE(other && other->name == "山田 太郎" && !other->has_company);
        REQUIRE(!v.caller_id_into("090-0000-0000", buf).has_value());

        auto owned = v.caller_id("09012345678");
        REQUIRE(owned && owned->company && *owned->company == "佐藤商事");
        REQUIRE(v.get(id).has_value());
        REQUIRE(!v.get("0123456789abcdef").has_value());
        REQUIRE(!v.lookup_phone("090-9999-9999").has_value());
        REQUIRE(contains(v.manifest(), "\"contacts\":2"));
        REQUIRE(contains(v.export_json(), "山田 太郎"));
        REQUIRE(contains(v.access_log(), "exported"));

        // Errors carry the code, its name and the message naming the field.
        try {
            v.put(R"({"name":"x","phones":["090-1234-5678"],"sensitiv":true})");
            REQUIRE(false);
        } catch (const mamori::error &e) {
            REQUIRE(e.code() == MAMORI_INVALID_INPUT);
            REQUIRE(std::string_view(e.name()) == "INVALID_INPUT");
            REQUIRE(contains(e.message(), "sensitiv"));
            std::printf("  bad contact: %s\n", e.what());
        }
        // A second handle on an open vault is refused (the file lock).
        try {
            auto again = mamori::vault::open(path, "481516");
            REQUIRE(false);
        } catch (const mamori::error &e) {
            REQUIRE(e.code() == MAMORI_LOCKED);
        }
    }  // closed here: keys zeroized, lock released

    // The same call opens the existing vault now; its options are those in the file.
    auto v = mamori::vault::open_or_create(path, "481516", {}, &created);
    REQUIRE(!created);
    REQUIRE(v.caller_id("090-1234-5678").has_value());
    v.close();
    try {
        mamori::vault::open_or_create(path, "000000");
        REQUIRE(false);
    } catch (const mamori::error &e) {
        REQUIRE(e.code() == MAMORI_WRONG_PASSCODE);
        std::printf("  wrong passcode: %s (%u)\n", e.name(), static_cast<unsigned>(e.code()));
        // This vault has no failed-attempt limit (no wipe_after_failed in kOptions).
        REQUIRE(!mamori::vault::attempts_left(path).has_value());
    }
    {
        auto w = mamori::vault::open(path, "481516");
        REQUIRE(contains(w.wipe(), "mamori.wipe.v1"));
        try {
            w.manifest();
            REQUIRE(false);
        } catch (const mamori::error &e) {
            REQUIRE(e.code() == MAMORI_WIPED);
        }
    }
    try {
        mamori::vault::open(path, "481516");
        REQUIRE(false);
    } catch (const mamori::error &e) {
        REQUIRE(e.code() == MAMORI_NOT_FOUND);
    }
}

std::string device_json(int pin_length) {
    return std::string(R"({"schema":"mamori.device.v1","id":"PHONE-0042","kind":"phone",)"
                       R"("model":"SC-52C","imei":"490154203237518","ownership":"company",)"
                       R"("posture":{"screen_lock":{"type":"pin","length":)") +
           std::to_string(pin_length) +
           R"(},"storage_encrypted":true,"mdm_enrolled":true,"remote_lock":true,)"
           R"("remote_locate":true,"remote_wipe":true}})";
}

void register_story() {
    mamori::device_register reg;
    std::string reply = reg.apply(R"({"op":"add","at":"2026-04-01T09:00:00+09:00",)"
                                  R"("actor":"it-admin","device":)" +
                                  device_json(6) + "}");
    REQUIRE(contains(reply, "PHONE-0042"));
    // The record can be updated after adding it (here: a longer PIN after an audit).
    reply = reg.apply(R"({"op":"update","at":"2026-05-01T09:00:00+09:00",)"
                      R"("actor":"it-admin","device":)" +
                      device_json(8) + "}");
    REQUIRE(contains(reply, "\"length\":8"));
    REQUIRE(contains(reg.to_json(), "\"updated\""));
    try {
        reg.apply(R"({"op":"check_out","id":"PHONE-9999","assignee":"tanaka",)"
                  R"("at":"2026-04-02T09:00:00+09:00","actor":"it-admin"})");
        REQUIRE(false);
    } catch (const mamori::error &e) {
        REQUIRE(e.code() == MAMORI_NOT_FOUND);
    }
    mamori::device_register copy(reg.to_json());
    REQUIRE(contains(copy.to_json(), "490154203237518"));
}

void assess_story() {
    std::string a = mamori::assess(
        R"({"schema":"mamori.assess.v1","organisation":{"type":"business","role":"controller",)"
        R"("established_in":["JP"]},"incident":{"kind":"loss","aware_at":"2026-12-03T10:15:00+09:00",)"
        R"("recovered_unviewed":false},"data":{"persons":{"JP":1200},"sensitive":false,)"
        R"("financial_risk":null,"malicious":null,"risk":null,"protection":null}})");
    REQUIRE(contains(a, "jp.appi.ppc.preliminary"));
    try {
        mamori::assess(R"({"schema":"mamori.assess.v1"})");
        REQUIRE(false);
    } catch (const mamori::error &e) {
        REQUIRE(e.code() == MAMORI_INVALID_INPUT);
    }
}

}  // namespace

int main(int argc, char **argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s <scratch-dir>\n", argv[0]);
        return 2;
    }
    try {
        mamori::check_abi();
        std::printf("%.*s\n", static_cast<int>(mamori::version().size()), mamori::version().data());
        vault_story(std::string(argv[1]) + "/cpp-demo.mamori");
        register_story();
        assess_story();
    } catch (const mamori::error &e) {
        std::fprintf(stderr, "vault_demo: unexpected %s\n", e.what());
        return 1;
    }
    if (failures != 0) {
        std::fprintf(stderr, "vault_demo: %d check(s) failed\n", failures);
        return 1;
    }
    std::printf("vault_demo: all checks passed\n");
    return 0;
}
