/*
 * lost_phone.c: the lost-phone story through mamori's C ABI.
 *
 * A salesperson's company phone holds customers' contacts in an encrypted mamori vault. The
 * phone is checked out from the asset register, lost after a staff party, reported, and the
 * company works through the response: interview, calling the device, locating it before the
 * line is suspended, remote wipe, and the breach assessment fed by the vault's manifest.
 *
 * Build (after `cargo build`):
 *   cc -Wall -Wextra -Werror -std=c11 -Iinclude examples/c/lost_phone.c \
 *      -Ltarget/debug -Wl,-rpath,$PWD/target/debug -lmamori -o lost_phone
 *   ./lost_phone /tmp
 * or, after installing the library: cc lost_phone.c $(pkg-config --cflags --libs mamori)
 *
 * usage: lost_phone <scratch-dir>
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamori.h"

/* Stop the story at the first unexpected result, printing the library's explanation. */
#define CHECK(call)                                                                           \
    do {                                                                                      \
        mamori_result rc_ = (call);                                                           \
        if (rc_ != MAMORI_OK) {                                                               \
            fprintf(stderr, "%s:%d: %s -> MAMORI_%s: %s\n", __FILE__, __LINE__, #call,        \
                    mamori_result_name(rc_), mamori_last_error_message());                    \
            exit(1);                                                                          \
        }                                                                                     \
    } while (0)

/* Expect a specific failure and show the message the caller would log. */
#define EXPECT_FAIL(call, want)                                                               \
    do {                                                                                      \
        mamori_result rc_ = (call);                                                           \
        if (rc_ != (want)) {                                                                  \
            fprintf(stderr, "%s:%d: %s -> MAMORI_%s, expected MAMORI_%s\n", __FILE__,         \
                    __LINE__, #call, mamori_result_name(rc_), mamori_result_name(want));      \
            exit(1);                                                                          \
        }                                                                                     \
        printf("  refused as expected: MAMORI_%s (%s)\n", mamori_result_name(rc_),            \
               mamori_last_error_message());                                                  \
    } while (0)

#define REQUIRE(cond)                                                                         \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond);               \
            exit(1);                                                                          \
        }                                                                                     \
    } while (0)

static const char *PHONE_DEVICE =
    "{\"op\":\"add\",\"at\":\"2026-04-01T09:00:00+09:00\",\"actor\":\"it-admin\","
    "\"device\":{\"schema\":\"mamori.device.v1\",\"id\":\"PHONE-0042\",\"kind\":\"phone\","
    "\"model\":\"SC-52C\",\"imei\":\"490154203237518\",\"colour\":\"black\","
    "\"features\":[\"blue case\"],\"ownership\":\"company\","
    "\"posture\":{\"screen_lock\":{\"type\":\"pin\",\"length\":6},\"storage_encrypted\":true,"
    "\"mdm_enrolled\":true,\"remote_lock\":true,\"remote_locate\":true,\"remote_wipe\":true}}}";

static void story_register(void) {
    mamori_register *reg = NULL;
    char *json = NULL;
    printf("== asset register\n");
    CHECK(mamori_register_new(NULL, &reg));
    CHECK(mamori_register_apply(reg, PHONE_DEVICE, &json));
    mamori_string_free(json);
    CHECK(mamori_register_apply(
        reg,
        "{\"op\":\"check_out\",\"id\":\"PHONE-0042\",\"assignee\":\"tanaka\","
        "\"at\":\"2026-04-01T09:30:00+09:00\",\"expected_return\":\"2026-09-30T18:00:00+09:00\","
        "\"actor\":\"it-admin\"}",
        &json));
    REQUIRE(strstr(json, "\"state\":\"assigned\"") != NULL);
    mamori_string_free(json);
    CHECK(mamori_register_apply(reg,
                                "{\"op\":\"transition\",\"id\":\"PHONE-0042\",\"to\":\"lost\","
                                "\"at\":\"2026-11-21T08:40:00+09:00\",\"actor\":\"soumu\","
                                "\"note\":\"INC-2026-007\"}",
                                &json));
    REQUIRE(strstr(json, "\"state\":\"lost\"") != NULL);
    printf("  PHONE-0042 checked out to tanaka, now lost\n");
    mamori_string_free(json);
    /* A lost phone cannot be handed to someone else. */
    json = NULL;
    EXPECT_FAIL(mamori_register_apply(reg,
                                      "{\"op\":\"check_out\",\"id\":\"PHONE-0042\","
                                      "\"assignee\":\"suzuki\",\"at\":\"2026-11-21T09:00:00+09:00\","
                                      "\"actor\":\"it-admin\"}",
                                      &json),
                MAMORI_ILLEGAL_TRANSITION);
    REQUIRE(json == NULL); /* outputs are written only on success */
    CHECK(mamori_register_to_json(reg, &json));
    REQUIRE(strstr(json, "mamori.register.v1") != NULL);
    mamori_string_free(json);
    mamori_register_free(reg);
}

static void append(mamori_incident *inc, const char *event) {
    char *warnings = NULL;
    CHECK(mamori_incident_append(inc, event, &warnings));
    if (strcmp(warnings, "[]") != 0) {
        printf("  guard warning: %s\n", warnings);
    }
    mamori_string_free(warnings);
}

#define EVENT(at, actor, data)                                                                \
    "{\"schema\":\"mamori.incident_event.v1\",\"at\":\"" at "\",\"actor\":\"" actor           \
    "\",\"data\":" data "}"

static void story_incident(void) {
    mamori_incident *inc = NULL;
    char *json = NULL;
    printf("== incident\n");
    CHECK(mamori_incident_new("INC-2026-007", &inc));
    append(inc, EVENT("2026-11-21T08:40:00+09:00", "tanaka",
                      "{\"type\":\"reported\",\"kind\":\"loss\",\"device_id\":\"PHONE-0042\","
                      "\"reporter\":\"tanaka\",\"summary\":\"company phone missing after a staff "
                      "party\"}"));
    append(inc, EVENT("2026-11-21T08:45:00+09:00", "soumu",
                      "{\"type\":\"device_called\",\"answered\":false}"));
    append(inc, EVENT("2026-11-21T08:50:00+09:00", "soumu",
                      "{\"type\":\"locate_attempted\",\"result\":\"located\",\"position\":{"
                      "\"lat_microdeg\":35681236,\"lon_microdeg\":139767125}}"));
    append(inc, EVENT("2026-11-21T09:00:00+09:00", "soumu",
                      "{\"type\":\"remote_wipe_issued\",\"channel\":\"MDM\"}"));
    append(inc, EVENT("2026-11-21T09:05:00+09:00", "soumu",
                      "{\"type\":\"carrier_line_suspended\",\"carrier\":\"docomo\","
                      "\"approved_by\":\"manager\"}"));
    /* An incident cannot be reported twice. */
    EXPECT_FAIL(mamori_incident_append(
                    inc,
                    EVENT("2026-11-21T09:10:00+09:00", "tanaka",
                          "{\"type\":\"reported\",\"kind\":\"loss\",\"reporter\":\"tanaka\","
                          "\"summary\":\"again\"}"),
                    NULL),
                MAMORI_INVALID_EVENT);
    CHECK(mamori_incident_fold(inc, &json));
    REQUIRE(strstr(json, "mamori.incident_state.v1") != NULL);
    printf("  folded state: %.120s...\n", json);
    mamori_string_free(json);
    CHECK(mamori_incident_to_json(inc, &json));
    REQUIRE(strstr(json, "carrier_line_suspended") != NULL);
    mamori_incident_free(inc);
    /* The log is the source of truth: store it anywhere and load it again. */
    inc = NULL;
    CHECK(mamori_incident_load(json, &inc));
    mamori_string_free(json);
    CHECK(mamori_incident_fold(inc, &json));
    REQUIRE(strstr(json, "INC-2026-007") != NULL);
    mamori_string_free(json);
    mamori_incident_free(inc);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s <scratch-dir>\n", argv[0]);
        return 2;
    }
    CHECK(mamori_check_abi(MAMORI_ABI_VERSION));
    printf("%s (header %s, ABI %u)\n", mamori_version(), MAMORI_VERSION_STRING,
           (unsigned)mamori_abi_version());
    story_register();
    story_incident();
    printf("lost_phone: story complete\n");
    return 0;
}
