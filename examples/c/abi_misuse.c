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

    /* mamori_assess_at and host rule packs. */
    {
        static const char REQ[] =
            "{\"schema\":\"mamori.assess.v1\",\"organisation\":{\"type\":\"business\","
            "\"role\":\"controller\",\"established_in\":[\"JP\"]},\"incident\":{\"kind\":"
            "\"loss\",\"aware_at\":\"2026-11-21T08:40:00+09:00\"},\"data\":{\"persons\":{\"JP\":5}}}";
        mamori_rule_pack *pack = (mamori_rule_pack *)SENTINEL;
        EXPECT(mamori_assess_at(NULL, "2026-11-22T00:00:00+09:00", 72, &out), MAMORI_NULL_ARGUMENT);
        EXPECT(mamori_assess_at(REQ, NULL, 72, &out), MAMORI_NULL_ARGUMENT);
        EXPECT(mamori_assess_at(REQ, "2026-11-22T00:00:00+09:00", 72, NULL), MAMORI_NULL_ARGUMENT);
        EXPECT(mamori_assess_at(REQ, "tomorrow", 72, &out), MAMORI_INVALID_INPUT);
        EXPECT(mamori_assess_at(REQ, "2026-11-22T00:00:00+09:00", 4000000000u, &out),
               MAMORI_INVALID_INPUT);
        EXPECT(mamori_assess_at(REQ, BAD_UTF8, 72, &out), MAMORI_INVALID_UTF8);
        EXPECT_TRUE(out == SENTINEL);
        EXPECT(mamori_assess_at(REQ, "2026-11-22T00:00:00+09:00", 72, &out), MAMORI_OK);
        EXPECT_TRUE(out != SENTINEL && strstr(out, "mamori.assessment.v1") != NULL);
        mamori_string_free(out);
        out = SENTINEL;
        EXPECT(mamori_rule_pack_new(NULL, &pack), MAMORI_NULL_ARGUMENT);
        EXPECT(mamori_rule_pack_new("{}", NULL), MAMORI_NULL_ARGUMENT);
        EXPECT(mamori_rule_pack_new(BAD_UTF8, &pack), MAMORI_INVALID_UTF8);
        EXPECT(mamori_rule_pack_new("{}", &pack), MAMORI_RULE_PACK);
        EXPECT(mamori_rule_pack_new("[", &pack), MAMORI_RULE_PACK);
        EXPECT_TRUE(pack == (mamori_rule_pack *)SENTINEL);
        EXPECT(mamori_rule_pack_assess(NULL, REQ, &out), MAMORI_NULL_ARGUMENT);
        EXPECT(mamori_rule_pack_version(NULL, &out), MAMORI_NULL_ARGUMENT);
        EXPECT_TRUE(out == SENTINEL);
        mamori_rule_pack_free(NULL);
    }
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
    EXPECT(mamori_incident_plan(NULL, &out), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_incident_plan("{}", NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_incident_plan(BAD_UTF8, &out), MAMORI_INVALID_UTF8);
    EXPECT(mamori_incident_plan("{\"schema\":\"mamori.plan_request.v1\"}", &out), MAMORI_INVALID_INPUT);
    EXPECT_TRUE(out == SENTINEL);
}

static const char *FAST = "{\"kdf\":{\"m_kib\":8192,\"t\":1,\"p\":1}}";
static const uint8_t PC[] = {'1', '2', '3', '4', '5', '6'};

static void check_vault(const char *dir) {
    char path[4096], missing[4096];
    mamori_vault *v = (mamori_vault *)SENTINEL;
    char *out = SENTINEL;
    snprintf(path, sizeof path, "%s/misuse.mamori", dir);
    snprintf(missing, sizeof missing, "%s/does-not-exist.mamori", dir);

    EXPECT(mamori_vault_create(NULL, PC, sizeof PC, FAST, &v), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_create(path, NULL, 6, FAST, &v), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_create(path, PC, sizeof PC, FAST, NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_create(BAD_UTF8, PC, sizeof PC, FAST, &v), MAMORI_INVALID_UTF8);
    EXPECT(mamori_vault_create(path, PC, sizeof PC, BAD_UTF8, &v), MAMORI_INVALID_UTF8);
    EXPECT(mamori_vault_create(path, PC, sizeof PC, "{\"kdf\":{\"m_kib\":1,\"t\":1,\"p\":1}}", &v),
           MAMORI_PARAMS_OUT_OF_BOUNDS);
    EXPECT(mamori_vault_create(path, PC, sizeof PC, "{\"colour\":\"red\"}", &v), MAMORI_INVALID_INPUT);
    EXPECT(mamori_vault_open(NULL, PC, sizeof PC, &v), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_open(path, NULL, 6, &v), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_open(path, PC, sizeof PC, NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_open(missing, PC, sizeof PC, &v), MAMORI_NOT_FOUND);
    EXPECT_TRUE(v == (mamori_vault *)SENTINEL);

    v = NULL;
    EXPECT(mamori_vault_create(path, PC, sizeof PC, FAST, &v), MAMORI_OK);
    EXPECT_TRUE(v != NULL);
    EXPECT(mamori_vault_put(NULL, "{}", &out), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_put(v, NULL, &out), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_put(v, "{\"name\":\"a\",\"phones\":[]}", NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_put(v, BAD_UTF8, &out), MAMORI_INVALID_UTF8);
    /* A malformed contact must not echo its (secret) values in the message. */
    EXPECT(mamori_vault_put(v, "{\"name\":\"Secret Name\",\"phones\":\"090-5555-6666\"}", &out),
           MAMORI_INVALID_INPUT);
    EXPECT_TRUE(strstr(mamori_last_error_message(), "phones") != NULL);
    EXPECT_TRUE(strstr(mamori_last_error_message(), "5555") == NULL);
    EXPECT_TRUE(strstr(mamori_last_error_message(), "Secret") == NULL);
    EXPECT(mamori_vault_put_many(NULL, "[]", &out), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_put_many(v, NULL, &out), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_put_many(v, "[]", NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_put_many(v, "{\"name\":\"x\"}", &out), MAMORI_INVALID_INPUT);
    EXPECT(mamori_vault_get(NULL, "0000000000000001", &out), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_get(v, NULL, &out), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_get(v, "0000000000000001", NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_get(v, "not-an-id", &out), MAMORI_INVALID_INPUT);
    EXPECT(mamori_vault_get(v, "0000000000000001", &out), MAMORI_NOT_FOUND);
    EXPECT(mamori_vault_lookup_phone(NULL, "090", &out), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_lookup_phone(v, NULL, &out), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_lookup_phone(v, "090", NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_lookup_phone(v, BAD_UTF8, &out), MAMORI_INVALID_UTF8);
    EXPECT(mamori_vault_caller_id(NULL, "090", &out), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_caller_id(v, NULL, &out), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_caller_id(v, "090", NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_caller_id(v, BAD_UTF8, &out), MAMORI_INVALID_UTF8);
    EXPECT(mamori_vault_delete(NULL, "0000000000000001"), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_delete(v, NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_delete(v, "0000000000000001"), MAMORI_NOT_FOUND);
    EXPECT(mamori_vault_change_passcode(NULL, PC, 6, PC, 6), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_change_passcode(v, NULL, 6, PC, 6), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_change_passcode(v, PC, 6, NULL, 6), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_change_passcode(v, (const uint8_t *)"999999", 6, PC, 6), MAMORI_WRONG_PASSCODE);
    EXPECT(mamori_vault_set_passcode(NULL, PC, 6), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_set_passcode(v, NULL, 6), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_set_passcode(v, PC, 0), MAMORI_INVALID_INPUT);
    EXPECT(mamori_vault_manifest(NULL, &out), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_manifest(v, NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_access_log(NULL, &out), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_access_log(v, NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_export(NULL, &out), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_export(v, NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_search_name(NULL, "a", &out), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_search_name(v, NULL, &out), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_search_name(v, "a", NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_search_name(v, BAD_UTF8, &out), MAMORI_INVALID_UTF8);
    EXPECT(mamori_vault_compact(NULL), MAMORI_NULL_ARGUMENT);
    EXPECT_TRUE(out == SENTINEL);
    EXPECT(mamori_vault_compact(v), MAMORI_OK);
    EXPECT(mamori_vault_export(v, &out), MAMORI_OK);
    EXPECT_TRUE(out != SENTINEL && strcmp(out, "[]") == 0);
    mamori_string_free(out);
    out = SENTINEL;
    EXPECT(mamori_vault_wipe(NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_wipe_file(NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_wipe_file(path), MAMORI_LOCKED); /* open by `v` */
    mamori_vault_close(v);
    mamori_vault_close(NULL);

    /* Wrong passcode, then corrupt file, then wipe without the passcode. */
    v = (mamori_vault *)SENTINEL;
    EXPECT(mamori_vault_open(path, (const uint8_t *)"000000", 6, &v), MAMORI_WRONG_PASSCODE);
    EXPECT_TRUE(v == (mamori_vault *)SENTINEL);
    {
        FILE *f = fopen(missing, "wb");
        EXPECT_TRUE(f != NULL);
        if (f) {
            fputs("this is not a mamori vault, just some bytes to look at", f);
            fclose(f);
        }
        EXPECT(mamori_vault_open(missing, PC, sizeof PC, &v), MAMORI_CORRUPT);
        remove(missing);
    }
    EXPECT(mamori_vault_wipe_file(path), MAMORI_OK);
    EXPECT(mamori_vault_open(path, PC, sizeof PC, &v), MAMORI_NOT_FOUND);
    EXPECT_TRUE(v == (mamori_vault *)SENTINEL);
}

/* Issue 10: host keys, platform factors, server shares, rekey, the honest manifest. */
static void check_key_custody(const char *dir) {
    static const char FAST_OPTS[] = "{\"kdf\":{\"m_kib\":8192,\"t\":1,\"p\":1}}";
    static const char FACTOR_OPTS[] =
        "{\"kdf\":{\"m_kib\":8192,\"t\":1,\"p\":1},\"factor_source\":\"android_strongbox\"}";
    static const char SERVER_OPTS[] =
        "{\"kdf\":{\"m_kib\":8192,\"t\":1,\"p\":1},\"factor_source\":\"server\"}";
    char path[1024];
    uint8_t key[32], other[32], challenge[32], got[32], factor[32];
    mamori_vault *v = (mamori_vault *)SENTINEL;
    char *json = NULL;
    memset(key, 7, sizeof key);
    memset(other, 8, sizeof other);

    /* host_key */
    snprintf(path, sizeof path, "%s/hostkey.mamori", dir);
    EXPECT(mamori_vault_create_with_key(path, NULL, FAST_OPTS, &v), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_create_with_key(path, key, FAST_OPTS, NULL), MAMORI_NULL_ARGUMENT);
    EXPECT_TRUE(v == (mamori_vault *)SENTINEL);
    EXPECT(mamori_vault_create_with_key(path, key, FAST_OPTS, &v), MAMORI_OK);
    EXPECT(mamori_vault_manifest(v, &json), MAMORI_OK);
    EXPECT_TRUE(json && strstr(json, "\"key_separated\":true") != NULL);
    EXPECT_TRUE(json && strstr(json, "\"key_source\":\"host_key\"") != NULL);
    mamori_string_free(json);
    mamori_vault_close(v);
    v = (mamori_vault *)SENTINEL;
    EXPECT(mamori_vault_open_with_key(path, other, &v), MAMORI_WRONG_PASSCODE);
    EXPECT(mamori_vault_open(path, (const uint8_t *)"123456", 6, &v), MAMORI_FACTOR_REQUIRED);
    EXPECT(mamori_vault_unlock_challenge(path, challenge), MAMORI_FACTOR_REQUIRED);
    EXPECT_TRUE(v == (mamori_vault *)SENTINEL);
    EXPECT(mamori_vault_open_with_key(path, key, &v), MAMORI_OK);
    /* rekey to a passcode: the host key stops working. */
    EXPECT(mamori_vault_rekey(NULL, NULL, 0, key, NULL, NULL, NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_rekey(v, (const uint8_t *)"12", 2, NULL, NULL, NULL, NULL), MAMORI_INVALID_INPUT);
    EXPECT(mamori_vault_rekey(v, (const uint8_t *)"246810", 6, NULL, NULL, NULL, NULL), MAMORI_OK);
    EXPECT(mamori_vault_add_recovery_key(v, NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_add_recovery_key(v, other), MAMORI_OK);
    mamori_vault_close(v);
    v = (mamori_vault *)SENTINEL;
    EXPECT(mamori_vault_open_with_key(path, key, &v), MAMORI_WRONG_PASSCODE);
    EXPECT(mamori_vault_open_with_key(path, other, &v), MAMORI_OK); /* recovery slot */
    mamori_vault_close(v);
    EXPECT(mamori_vault_wipe_file(path), MAMORI_OK);

    /* passcode+platform: sans-IO unlock (challenge, then passcode + factor). */
    snprintf(path, sizeof path, "%s/factor.mamori", dir);
    EXPECT(mamori_vault_new_challenge(NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_new_challenge(challenge), MAMORI_OK);
    for (int i = 0; i < 32; i++) factor[i] = (uint8_t)(challenge[i] ^ 0x5a); /* stand-in */
    v = (mamori_vault *)SENTINEL;
    EXPECT(mamori_vault_create_with_factor(path, (const uint8_t *)"123456", 6, challenge, factor,
                                           FAST_OPTS, &v),
           MAMORI_INVALID_INPUT); /* no factor_source */
    EXPECT(mamori_vault_create_with_factor(path, (const uint8_t *)"123456", 6, NULL, factor,
                                           FACTOR_OPTS, &v),
           MAMORI_NULL_ARGUMENT);
    EXPECT_TRUE(v == (mamori_vault *)SENTINEL);
    EXPECT(mamori_vault_create_with_factor(path, (const uint8_t *)"123456", 6, challenge, factor,
                                           FACTOR_OPTS, &v),
           MAMORI_OK);
    mamori_vault_close(v);
    EXPECT(mamori_vault_unlock_challenge(path, NULL), MAMORI_NULL_ARGUMENT);
    EXPECT(mamori_vault_unlock_challenge(path, got), MAMORI_OK);
    EXPECT_TRUE(memcmp(got, challenge, 32) == 0);
    v = (mamori_vault *)SENTINEL;
    EXPECT(mamori_vault_open(path, (const uint8_t *)"123456", 6, &v), MAMORI_FACTOR_REQUIRED);
    EXPECT(mamori_vault_open_with_factor(path, (const uint8_t *)"123456", 6, other, &v),
           MAMORI_WRONG_PASSCODE);
    EXPECT(mamori_vault_open_with_factor(path, (const uint8_t *)"123456", 6, NULL, &v),
           MAMORI_NULL_ARGUMENT);
    EXPECT_TRUE(v == (mamori_vault *)SENTINEL);
    EXPECT(mamori_vault_open_with_factor(path, (const uint8_t *)"123456", 6, factor, &v), MAMORI_OK);
    EXPECT(mamori_vault_manifest(v, &json), MAMORI_OK);
    EXPECT_TRUE(json && strstr(json, "\"key_source\":\"passcode+platform\"") != NULL);
    EXPECT_TRUE(json && strstr(json, "\"key_separated\":true") != NULL);
    mamori_string_free(json);
    mamori_vault_close(v);
    EXPECT(mamori_vault_wipe_file(path), MAMORI_OK);

    /* passcode+server: a revoked share opens nothing. */
    {
        mamori_keyshare_registry *reg = NULL;
        uint8_t id[16], share[32];
        EXPECT(mamori_keyshare_registry_new(NULL), MAMORI_NULL_ARGUMENT);
        EXPECT(mamori_keyshare_registry_new(&reg), MAMORI_OK);
        EXPECT(mamori_keyshare_issue(NULL, id, share), MAMORI_NULL_ARGUMENT);
        EXPECT(mamori_keyshare_issue(reg, id, share), MAMORI_OK);
        EXPECT(mamori_vault_new_challenge(challenge), MAMORI_OK);
        memcpy(challenge + 16, id, 16);
        snprintf(path, sizeof path, "%s/server.mamori", dir);
        EXPECT(mamori_vault_create_with_factor(path, (const uint8_t *)"258013", 6, challenge, share,
                                               SERVER_OPTS, &v),
               MAMORI_OK);
        mamori_vault_close(v);
        EXPECT(mamori_vault_unlock_challenge(path, got), MAMORI_OK);
        EXPECT(mamori_keyshare_release(reg, got + 16, factor), MAMORI_OK);
        EXPECT(mamori_vault_open_with_factor(path, (const uint8_t *)"258013", 6, factor, &v), MAMORI_OK);
        mamori_vault_close(v);
        EXPECT(mamori_keyshare_revoke(reg, NULL), MAMORI_NULL_ARGUMENT);
        EXPECT(mamori_keyshare_revoke(reg, id), MAMORI_OK);
        EXPECT(mamori_keyshare_release(reg, id, factor), MAMORI_SHARE_REVOKED);
        EXPECT(mamori_keyshare_insert(reg, id, share), MAMORI_SHARE_REVOKED);
        EXPECT(mamori_vault_open_with_factor(path, (const uint8_t *)"258013", 6, other, &v),
               MAMORI_WRONG_PASSCODE);
        /* The log: untimed steps above, then timed ones; restore checks the chain. */
        {
            char *log = NULL, *check = NULL;
            mamori_keyshare_registry *back = NULL;
            uint8_t id2[16], share2[32];
            EXPECT(mamori_keyshare_issue_at(reg, NULL, id2, share2), MAMORI_NULL_ARGUMENT);
            EXPECT(mamori_keyshare_issue_at(reg, "not a time", id2, share2), MAMORI_INVALID_INPUT);
            EXPECT(mamori_keyshare_issue_at(reg, "2026-10-01T09:00:00+09:00", id2, share2),
                   MAMORI_OK);
            EXPECT(mamori_keyshare_release_at(reg, id2, "2026-12-05T02:14:00+09:00", factor),
                   MAMORI_OK);
            EXPECT(mamori_keyshare_revoke_at(reg, id2, "2026-12-05T09:18:00+09:00"), MAMORI_OK);
            EXPECT(mamori_keyshare_released_after(reg, id2, "2026-12-04T21:30:00+09:00", NULL),
                   MAMORI_NULL_ARGUMENT);
            EXPECT(mamori_keyshare_released_after(reg, id2, "2026-12-04T21:30:00+09:00", &check),
                   MAMORI_OK);
            EXPECT_TRUE(check && strstr(check, "\"released_after\":true") != NULL);
            mamori_string_free(check);
            EXPECT(mamori_keyshare_log(reg, &log), MAMORI_OK);
            EXPECT(mamori_keyshare_registry_restore(log, "0000", &back), MAMORI_INVALID_INPUT);
            EXPECT_TRUE(back == NULL);
            EXPECT(mamori_keyshare_registry_restore(log, NULL, &back), MAMORI_OK);
            EXPECT(mamori_keyshare_insert(back, id2, share2), MAMORI_SHARE_REVOKED);
            mamori_keyshare_registry_free(back);
            mamori_string_free(log);
        }
        mamori_keyshare_registry_free(reg);
        mamori_keyshare_registry_free(NULL);
        EXPECT(mamori_vault_wipe_file(path), MAMORI_OK);
    }
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
    check_vault(argv[1]);
    check_key_custody(argv[1]);
    if (failures) {
        fprintf(stderr, "abi_misuse: %d failure(s)\n", failures);
        return 1;
    }
    printf("abi_misuse: all checks passed\n");
    return 0;
}
