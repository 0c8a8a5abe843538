/*
 * abi_misuse.c: calls every mamori_* function with NULL and bad input and checks the result
 * codes, that out-parameters are left untouched on failure, and that nothing crashes or leaks.
 * Built and run by tests/c_abi.rs under ASan+UBSan and under valgrind.
 *
 * usage: abi_misuse <scratch-dir>
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamori.h"

static int failures = 0;

#define EXPECT(call, want)                                                                    \
    do {                                                                                      \
        mamori_result got_ = (call);                                                          \
        if (got_ != (want)) {                                                                 \
            fprintf(stderr, "%s:%d: %s returned %s, expected %s (%s)\n", __FILE__, __LINE__,  \
                    #call, mamori_result_name(got_), mamori_result_name(want),                \
                    mamori_last_error_message());                                             \
            failures++;                                                                       \
        }                                                                                     \
    } while (0)

#define EXPECT_TRUE(cond)                                                                     \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond);               \
            failures++;                                                                       \
        }                                                                                     \
    } while (0)

/* A sentinel that must survive every failing call. */
static char sentinel_byte;
#define SENTINEL ((char *)&sentinel_byte)

static const char BAD_UTF8[] = {'{', '"', (char)0xff, (char)0xfe, '"', '}', 0};

static void check_general(void) {
    EXPECT_TRUE(strcmp(mamori_result_name(MAMORI_OK), "OK") == 0);
    EXPECT_TRUE(strcmp(mamori_result_name(MAMORI_WRONG_PASSCODE), "WRONG_PASSCODE") == 0);
    EXPECT_TRUE(strcmp(mamori_result_name(123456u), "UNKNOWN") == 0);
    EXPECT_TRUE(strncmp(mamori_version(), "mamori/", 7) == 0);
    EXPECT_TRUE(strcmp(mamori_version() + 7, MAMORI_VERSION_STRING) == 0);
    EXPECT_TRUE(mamori_abi_version() == MAMORI_ABI_VERSION);
    EXPECT(mamori_check_abi(MAMORI_ABI_VERSION), MAMORI_OK);
    EXPECT_TRUE(mamori_last_error_message()[0] == '\0');
    EXPECT(mamori_check_abi(MAMORI_ABI_VERSION + 1), MAMORI_ABI_MISMATCH);
    EXPECT_TRUE(mamori_last_error_message()[0] != '\0');
    mamori_string_free(NULL);
}

static void check_assess(void) {
    char *out = SENTINEL;
    EXPECT(mamori_assess(NULL, &out), MAMORI_NULL_ARGUMENT);
    EXPECT_TRUE(strstr(mamori_last_error_message(), "request_json") != NULL);
    EXPECT(mamori_assess("{}", NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_assess(BAD_UTF8, &out), MAMORI_INVALID_UTF8);
    EXPECT(mamori_assess("not json", &out), MAMORI_INVALID_INPUT);
    EXPECT(mamori_assess("{\"schema\":\"mamori.assess.v1\",\"organisation\":{\"type\":\"business\","
                         "\"role\":\"controller\",\"established_in\":[\"JP\"]},\"incident\":{"
                         "\"kind\":\"loss\",\"aware_at\":\"yesterday\"},\"data\":{}}",
                         &out),
           MAMORI_INVALID_INPUT);
    EXPECT_TRUE(strstr(mamori_last_error_message(), "incident.aware_at") != NULL);
    EXPECT_TRUE(out == SENTINEL);
}

static void check_register(void) {
    mamori_register *reg = (mamori_register *)SENTINEL;
    char *out = SENTINEL;
    EXPECT(mamori_register_new(NULL, NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_register_new(BAD_UTF8, &reg), MAMORI_INVALID_UTF8);
    EXPECT(mamori_register_new("{\"schema\":\"mamori.register.v0\",\"devices\":{},\"history\":[]}", &reg),
           MAMORI_INVALID_INPUT);
    EXPECT(mamori_register_new("[1,2", &reg), MAMORI_INVALID_INPUT);
    EXPECT_TRUE(reg == (mamori_register *)SENTINEL);
    reg = NULL;
    EXPECT(mamori_register_new(NULL, &reg), MAMORI_OK);
    EXPECT_TRUE(reg != NULL);
    EXPECT(mamori_register_apply(NULL, "{\"op\":\"get\",\"id\":\"x\"}", &out), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_register_apply(reg, NULL, &out), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_register_apply(reg, "{\"op\":\"get\",\"id\":\"x\"}", NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_register_apply(reg, BAD_UTF8, &out), MAMORI_INVALID_UTF8);
    EXPECT(mamori_register_apply(reg, "{\"op\":\"explode\"}", &out), MAMORI_INVALID_INPUT);
    EXPECT(mamori_register_apply(reg, "{\"op\":\"get\",\"id\":\"nope\"}", &out), MAMORI_NOT_FOUND);
    EXPECT(mamori_register_apply(reg, "{\"op\":\"check_in\",\"id\":\"nope\",\"at\":\"2026-01-01T00:00:00Z\",\"actor\":\"a\"}", &out),
           MAMORI_NOT_FOUND);
    EXPECT(mamori_register_to_json(NULL, &out), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_register_to_json(reg, NULL), MAMORI_NULL_ARGUMENT);
    EXPECT_TRUE(out == SENTINEL);
    EXPECT(mamori_register_to_json(reg, &out), MAMORI_OK);
    EXPECT_TRUE(out != SENTINEL && strstr(out, "\"history\":[]") != NULL);
    mamori_string_free(out);
    mamori_register_free(reg);
    mamori_register_free(NULL);
}

static void check_incident(void) {
    mamori_incident *inc = (mamori_incident *)SENTINEL;
    char *out = SENTINEL;
    EXPECT(mamori_incident_new(NULL, &inc), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_incident_new("INC-1", NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_incident_new(BAD_UTF8, &inc), MAMORI_INVALID_UTF8);
    EXPECT(mamori_incident_new("  ", &inc), MAMORI_INVALID_INPUT);
    EXPECT(mamori_incident_load(NULL, &inc), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_incident_load("{}", NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_incident_load(BAD_UTF8, &inc), MAMORI_INVALID_UTF8);
    EXPECT(mamori_incident_load("{\"schema\":\"mamori.incident.v1\",\"id\":\"I\",\"events\":[]}", &inc),
           MAMORI_INVALID_EVENT);
    EXPECT_TRUE(inc == (mamori_incident *)SENTINEL);
    inc = NULL;
    EXPECT(mamori_incident_new("INC-1", &inc), MAMORI_OK);
    EXPECT(mamori_incident_append(NULL, "{}", NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_incident_append(inc, NULL, NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_incident_append(inc, BAD_UTF8, &out), MAMORI_INVALID_UTF8);
    EXPECT(mamori_incident_append(inc, "{\"schema\":1}", &out), MAMORI_INVALID_INPUT);
    /* The first event must be `reported`. */
    EXPECT(mamori_incident_append(inc,
                                  "{\"schema\":\"mamori.incident_event.v1\",\"at\":\"2026-01-01T00:00:00Z\","
                                  "\"actor\":\"a\",\"data\":{\"type\":\"remote_lock_confirmed\"}}",
                                  &out),
           MAMORI_INVALID_EVENT);
    EXPECT_TRUE(out == SENTINEL);
    EXPECT(mamori_incident_fold(NULL, &out), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_incident_fold(inc, NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_incident_fold(inc, &out), MAMORI_INVALID_EVENT); /* no events yet */
    EXPECT(mamori_incident_to_json(NULL, &out), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_incident_to_json(inc, NULL), MAMORI_NULL_ARGUMENT);
    EXPECT_TRUE(out == SENTINEL);
    mamori_incident_free(inc);
    mamori_incident_free(NULL);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s <scratch-dir>\n", argv[0]);
        return 2;
    }
    check_general();
    check_assess();
    check_register();
    check_incident();
    if (failures) {
        fprintf(stderr, "abi_misuse: %d failure(s)\n", failures);
        return 1;
    }
    printf("abi_misuse: all checks passed\n");
    return 0;
}
