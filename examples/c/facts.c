/*
 * facts.c: issue 12 through the C ABI — the facts the vault and the interview hand to the
 * breach engine never under-report.
 *
 *  1. 1,001 differently named customers behind one switchboard number: the manifest's
 *     `persons_max` is 1,001 (a shared line is not identity), and with their contacts also in
 *     the phone's plaintext phonebook the JP 確報 (jp.appi.ppc.final) is `required`.
 *  2. A vault with an e-mail-only contact (counted under `unknown`) assesses without error.
 *  3. A vault of German customers yields `eu.gdpr.authority` `required` or `possible`.
 *  4. An interview answer "cannot tell stolen from dropped" makes the malicious-act trigger
 *     `possible`: `data.malicious` is listed in `missing_facts`.
 *
 * usage: facts <scratch-dir>
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamori.h"

#define CHECK(call)                                                                           \
    do {                                                                                      \
        mamori_result rc_ = (call);                                                           \
        if (rc_ != MAMORI_OK) {                                                               \
            fprintf(stderr, "%s:%d: %s -> MAMORI_%s: %s\n", __FILE__, __LINE__, #call,        \
                    mamori_result_name(rc_), mamori_last_error_message());                    \
            exit(1);                                                                          \
        }                                                                                     \
    } while (0)

#define REQUIRE(cond)                                                                         \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond);               \
            exit(1);                                                                          \
        }                                                                                     \
    } while (0)

static const char *VAULT_OPTIONS =
    "{\"kdf\":{\"m_kib\":8192,\"t\":1,\"p\":1},\"default_region\":\"JP\",\"remote_wipe\":true}";
static const uint8_t PIN[] = {'9', '3', '1', '7', '5', '0', '2', '8'};

#define ORG "{\"type\":\"business\",\"role\":\"controller\",\"established_in\":[\"JP\"]}"

/* Copy the JSON value (object or number) that follows `"key":` in `json` (no nested strings
 * with braces in the manifest's count fields). The caller frees it. */
static char *json_value(const char *json, const char *key) {
    char pat[128];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(json, pat);
    REQUIRE(p != NULL);
    p += strlen(pat);
    const char *e = p;
    if (*p == '{') {
        int depth = 0;
        do {
            if (*e == '{') depth++;
            if (*e == '}') depth--;
            e++;
        } while (depth > 0 && *e);
    } else {
        while (*e && *e != ',' && *e != '}') e++;
    }
    char *out = malloc((size_t)(e - p) + 1);
    REQUIRE(out != NULL);
    memcpy(out, p, (size_t)(e - p));
    out[e - p] = '\0';
    return out;
}

/* The status of obligation `id` in an assessment, or "absent". */
static void status_of(const char *assessment, const char *id, char *out, size_t n) {
    char pat[128];
    snprintf(pat, sizeof pat, "\"id\":\"%s\"", id);
    const char *p = strstr(assessment, pat);
    if (p == NULL) {
        snprintf(out, n, "absent");
        return;
    }
    p = strstr(p, "\"status\":\"");
    REQUIRE(p != NULL);
    p += strlen("\"status\":\"");
    size_t i = 0;
    while (p[i] && p[i] != '"' && i + 1 < n) {
        out[i] = p[i];
        i++;
    }
    out[i] = '\0';
}

/* Create a vault in `dir` named `name` holding `contacts_json` and return its manifest. */
static char *vault_manifest(const char *dir, const char *name, const char *contacts_json) {
    char path[4096];
    mamori_vault *v = NULL;
    char *ids = NULL, *m = NULL;
    snprintf(path, sizeof path, "%s/%s.mamori", dir, name);
    CHECK(mamori_vault_create(path, PIN, sizeof PIN, VAULT_OPTIONS, &v));
    CHECK(mamori_vault_put_many(v, contacts_json, &ids));
    mamori_string_free(ids);
    CHECK(mamori_vault_manifest(v, &m));
    mamori_vault_close(v);
    return m;
}

/* A device whose posture carries `manifest`. The caller frees it. */
static char *device_with(const char *manifest) {
    static const char *fmt =
        "{\"schema\":\"mamori.device.v1\",\"id\":\"P-1\",\"kind\":\"phone\",\"model\":\"X\","
        "\"ownership\":\"company\",\"posture\":{\"screen_lock\":{\"type\":\"pin\",\"length\":6},"
        "\"storage_encrypted\":true,\"mdm_enrolled\":true,\"remote_lock\":true,"
        "\"remote_locate\":true,\"remote_wipe\":true,\"vault\":%s}}";
    size_t n = strlen(fmt) + strlen(manifest) + 1;
    char *d = malloc(n);
    REQUIRE(d != NULL);
    snprintf(d, n, fmt, manifest);
    return d;
}

/* An incident: reported `kind` at 09:00 JST, interview `answers_json`; assessed with `device`
 * (may be "null"). Returns the assessment. */
static char *assess_incident(const char *kind, const char *answers_json, const char *device) {
    mamori_incident *inc = NULL;
    char *w = NULL, *out = NULL;
    char ev[16384];
    CHECK(mamori_incident_new("INC-FACTS", &inc));
    snprintf(ev, sizeof ev,
             "{\"schema\":\"mamori.incident_event.v1\",\"at\":\"2026-12-01T09:00:00+09:00\","
             "\"actor\":\"sales\",\"data\":{\"type\":\"reported\",\"kind\":\"%s\","
             "\"device_id\":\"P-1\",\"reporter\":\"sales\",\"summary\":\"phone missing\"}}",
             kind);
    CHECK(mamori_incident_append(inc, ev, &w));
    mamori_string_free(w);
    snprintf(ev, sizeof ev,
             "{\"schema\":\"mamori.incident_event.v1\",\"at\":\"2026-12-01T09:20:00+09:00\","
             "\"actor\":\"it\",\"data\":{\"type\":\"interview_answered\",\"answers\":%s}}",
             answers_json);
    CHECK(mamori_incident_append(inc, ev, &w));
    mamori_string_free(w);
    size_t n = strlen(device) + 256;
    char *query = malloc(n);
    REQUIRE(query != NULL);
    snprintf(query, n, "{\"organisation\":" ORG ",\"device\":%s}", device);
    CHECK(mamori_incident_assess(inc, query, &out));
    free(query);
    mamori_incident_free(inc);
    return out;
}

static void switchboard(const char *dir) {
    /* 1,001 customers of one client company, all listed with its 代表番号. */
    size_t cap = 1001 * 80 + 16, len = 0;
    char *contacts = malloc(cap);
    REQUIRE(contacts != NULL);
    contacts[len++] = '[';
    for (int i = 0; i < 1001; i++) {
        len += (size_t)snprintf(contacts + len, cap - len,
                                "%s{\"name\":\"顧客 %04d\",\"phones\":[\"03-5555-0100\"]}",
                                i ? "," : "", i);
    }
    contacts[len++] = ']';
    contacts[len] = '\0';
    char *m = vault_manifest(dir, "switchboard", contacts);
    free(contacts);
    REQUIRE(strstr(m, "\"contacts\":1001") != NULL);
    REQUIRE(strstr(m, "\"persons_max\":1001") != NULL);
    char *persons = json_value(m, "persons");
    char *by = json_value(m, "persons_by_jurisdiction");
    printf("1. switchboard: persons %s, by jurisdiction %s\n", persons, by);
    /* The same customers also sat in the phone's own (plaintext) phonebook. */
    char answers[4096];
    snprintf(answers, sizeof answers,
             "{\"stolen_or_dropped\":\"dropped\",\"data_on_device\":["
             "{\"description\":\"phonebook\",\"storage\":{\"type\":\"plaintext\"},\"persons\":%s},"
             "{\"description\":\"customers\",\"storage\":{\"type\":\"mamori_vault\"}}]}",
             by);
    char *dev = device_with(m);
    char *a = assess_incident("loss", answers, dev);
    char st[32];
    status_of(a, "jp.appi.ppc.final", st, sizeof st);
    printf("   jp.appi.ppc.final: %s\n", st);
    REQUIRE(strcmp(st, "required") == 0);
    mamori_string_free(a);
    free(dev);
    free(persons);
    free(by);
    mamori_string_free(m);
}

static void email_only(const char *dir) {
    char *m = vault_manifest(
        dir, "email_only",
        "[{\"name\":\"山田 太郎\",\"phones\":[\"090-1234-5678\"]},"
        "{\"name\":\"Mail Only\",\"phones\":[],\"emails\":[\"only@example.com\"]},"
        "{\"name\":\"内線の人\",\"phones\":[\"内線1234\"]}]");
    char *by = json_value(m, "persons_by_jurisdiction");
    printf("2. e-mail-only contact: by jurisdiction %s\n", by);
    REQUIRE(strstr(by, "\"unknown\":2") != NULL);
    char *dev = device_with(m);
    char *a = assess_incident(
        "loss",
        "{\"stolen_or_dropped\":\"dropped\",\"data_on_device\":[{\"description\":\"customers\","
        "\"storage\":{\"type\":\"mamori_vault\"}}]}",
        dev);
    REQUIRE(strstr(a, "mamori.assessment.v1") != NULL);
    printf("   assessed without error\n");
    mamori_string_free(a);
    free(dev);
    free(by);
    mamori_string_free(m);
}

static void german(const char *dir) {
    char *m = vault_manifest(
        dir, "german",
        "[{\"name\":\"Anna Schmidt\",\"phones\":[\"+49 30 901820\"]},"
        "{\"name\":\"Jonas Weber\",\"phones\":[\"+49 151 23456789\"]},"
        "{\"name\":\"Lena Fischer\",\"phones\":[\"+49 89 1234567\"]}]");
    char *by = json_value(m, "persons_by_jurisdiction");
    printf("3. German customers: by jurisdiction %s\n", by);
    REQUIRE(strstr(by, "\"DE\":3") != NULL);
    char *dev = device_with(m);
    char *a = assess_incident(
        "theft",
        "{\"data_on_device\":[{\"description\":\"customers\","
        "\"storage\":{\"type\":\"mamori_vault\"}}]}",
        dev);
    char st[32];
    status_of(a, "eu.gdpr.authority", st, sizeof st);
    printf("   eu.gdpr.authority: %s\n", st);
    REQUIRE(strcmp(st, "required") == 0 || strcmp(st, "possible") == 0);
    mamori_string_free(a);
    free(dev);
    free(by);
    mamori_string_free(m);
}

static void cannot_tell(void) {
    char *a = assess_incident(
        "loss",
        "{\"stolen_or_dropped\":\"cannot_tell\",\"data_on_device\":[{\"description\":"
        "\"phonebook\",\"storage\":{\"type\":\"plaintext\"},\"persons\":{\"JP\":12}}]}",
        "null");
    char st[32];
    status_of(a, "jp.appi.ppc.final", st, sizeof st);
    printf("4. cannot tell stolen from dropped: jp.appi.ppc.final %s\n", st);
    REQUIRE(strcmp(st, "possible") == 0);
    char *missing = strstr(a, "\"missing_facts\":[");
    REQUIRE(missing != NULL);
    REQUIRE(strstr(missing, "\"data.malicious\"") != NULL);
    printf("   data.malicious is a missing fact\n");
    mamori_string_free(a);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s <scratch-dir>\n", argv[0]);
        return 2;
    }
    REQUIRE(mamori_check_abi(MAMORI_ABI_VERSION) == MAMORI_OK);
    switchboard(argv[1]);
    email_only(argv[1]);
    german(argv[1]);
    cannot_tell();
    printf("facts: all checks passed\n");
    return 0;
}
