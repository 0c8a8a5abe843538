/*
 * lost_phone.c: the lost-phone story through mamori's C ABI.
 *
 * A salesperson's company phone holds customers' contacts in an encrypted mamori vault. The
 * phone is checked out from the asset register, lost after a staff party, reported, and the
 * company works through the response: interview, calling the device, locating it before the
 * line is suspended, remote wipe, and the breach assessment fed by the vault's manifest.
 *
 * The library's JSON outputs are read with a real JSON parser, jansson (Debian/Ubuntu:
 * `apt-get install libjansson-dev`); the hot caller-ID path and the bulk import use the
 * JSON-free functions (`mamori_vault_caller_id_into`, `mamori_vault_put_contacts`).
 *
 * Build (after `cargo build --release` and examples/c/install-mamori.sh):
 *   cc -Wall -Wextra -Werror -std=c11 examples/c/lost_phone.c \
 *      $(pkg-config --cflags --libs mamori jansson) -o lost_phone
 * or straight from the build tree:
 *   cc -Wall -Wextra -Werror -std=c11 -Iinclude examples/c/lost_phone.c \
 *      -Ltarget/release -Wl,-rpath,$PWD/target/release -lmamori -ljansson -o lost_phone
 *   ./lost_phone /tmp
 *
 * usage: lost_phone <scratch-dir>
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

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

/* Small Argon2id parameters (the minimum the vault accepts) keep the sanitizer and valgrind
 * runs fast; real deployments keep the default (19 MiB, t = 2) or stronger. */
static const char *VAULT_OPTIONS =
    "{\"kdf\":{\"m_kib\":8192,\"t\":1,\"p\":1},\"default_region\":\"JP\",\"remote_wipe\":true}";

/* Parse a library output (it is always one JSON document). */
static json_t *parse(const char *text) {
    json_error_t err;
    json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, &err);
    if (root == NULL) {
        fprintf(stderr, "library output is not JSON: %s (line %d)\n", err.text, err.line);
        exit(1);
    }
    return root;
}

/* The first object anywhere in `node` whose member `key` is the string `value`, or NULL. */
static json_t *find_object(json_t *node, const char *key, const char *value) {
    size_t i;
    const char *k;
    json_t *child, *found;
    if (json_is_object(node)) {
        const char *s = json_string_value(json_object_get(node, key));
        if (s != NULL && strcmp(s, value) == 0) return node;
        json_object_foreach(node, k, child) {
            if ((found = find_object(child, key, value)) != NULL) return found;
        }
    } else if (json_is_array(node)) {
        json_array_foreach(node, i, child) {
            if ((found = find_object(child, key, value)) != NULL) return found;
        }
    }
    return NULL;
}

/* Does the document `text` hold an object with member `key` equal to `value`? */
static int has_member(const char *text, const char *key, const char *value) {
    json_t *root = parse(text);
    int found = find_object(root, key, value) != NULL;
    json_decref(root);
    return found;
}

/* The `status` of the obligation `id` in a mamori.assessment.v1 document. */
static int obligation_is(const char *assessment, const char *id, const char *status) {
    json_t *root = parse(assessment);
    json_t *ob = find_object(json_object_get(root, "obligations"), "id", id);
    const char *s = ob ? json_string_value(json_object_get(ob, "status")) : NULL;
    int ok = s != NULL && strcmp(s, status) == 0;
    json_decref(root);
    return ok;
}

static const uint8_t PIN[] = {'4', '8', '1', '5', '1', '6'};
static const uint8_t NEW_PIN[] = {'2', '3', '4', '2', '7', '1', '9', '0'};

static char vault_path[4096];
static char *manifest_json = NULL; /* kept for the device record and the assessment */

static void story_vault(const char *dir) {
    mamori_vault *v = NULL, *other = NULL;
    char *json = NULL, *id = NULL, *ids = NULL;
    printf("== vault\n");
    snprintf(vault_path, sizeof vault_path, "%s/contacts.mamori", dir);
    CHECK(mamori_vault_create(vault_path, PIN, sizeof PIN, VAULT_OPTIONS, &v));
    CHECK(mamori_vault_put_many(
        v,
        "[{\"name\":\"Sato Hanako\",\"company\":\"Sato Shoji\",\"phones\":[\"090-1234-5678\"],"
        "\"tags\":[\"customer\"]},"
        "{\"name\":\"Suzuki Ichiro\",\"phones\":[\"03-1234-5678\",\"080-2222-3333\"],"
        "\"emails\":[\"ichiro@example.jp\"],\"tags\":[\"customer\"]}]",
        &ids));
    printf("  stored 2 contacts (JSON): %s\n", ids);
    mamori_string_free(ids);
    /* Bulk import without JSON: an array of plain structs with UTF-8 spans. */
    {
        static const char name[] = "Anna Schmidt", phone[] = "+49 30 901820", tag[] = "partner";
        mamori_str phones[1] = {{phone, sizeof phone - 1}};
        mamori_str tags[1] = {{tag, sizeof tag - 1}};
        mamori_contact_in c;
        mamori_contact_id new_id;
        memset(&c, 0, sizeof c); /* absent optional fields: NULL spans */
        c.name.ptr = name;
        c.name.len = sizeof name - 1;
        c.phones = phones;
        c.phones_len = 1;
        c.tags = tags;
        c.tags_len = 1;
        CHECK(mamori_vault_put_contacts(v, &c, 1, &new_id));
        printf("  stored 1 contact (struct array): %s\n", new_id.hex);
    }
    CHECK(mamori_vault_put(v, "{\"name\":\"Takahashi Ken\",\"phones\":[\"070-9999-0000\"]}", &id));
    /* Caller ID: an incoming call from +81 90-1234-5678 shows the registered name. */
    CHECK(mamori_vault_lookup_phone(v, "+81 90-1234-5678", &json));
    REQUIRE(has_member(json, "name", "Sato Hanako"));
    printf("  incoming call +81 90-1234-5678 -> Sato Hanako\n");
    mamori_string_free(json);
    json = NULL;
    EXPECT_FAIL(mamori_vault_lookup_phone(v, "090-0000-0000", &json), MAMORI_NOT_FOUND);
    REQUIRE(json == NULL);
    /* The incoming-call screen needs only id, name and company. */
    CHECK(mamori_vault_caller_id(v, "09012345678", &json));
    {
        json_t *who = parse(json);
        REQUIRE(strcmp(json_string_value(json_object_get(who, "name")), "Sato Hanako") == 0);
        REQUIRE(json_object_get(who, "phones") == NULL);
        json_decref(who);
    }
    mamori_string_free(json);
    /* The same without JSON or allocation: the answer lands in the caller's struct and buffer. */
    {
        char buf[256];
        mamori_caller_id who;
        size_t used = 0;
        CHECK(mamori_vault_caller_id_into(v, "09012345678", buf, sizeof buf, &who, &used));
        REQUIRE(who.name.len == strlen("Sato Hanako"));
        REQUIRE(memcmp(who.name.ptr, "Sato Hanako", who.name.len) == 0);
        REQUIRE(who.company.ptr != NULL && memcmp(who.company.ptr, "Sato Shoji", 10) == 0);
        printf("  caller id (no JSON): %.*s / %.*s, id %s\n", (int)who.name.len, who.name.ptr,
               (int)who.company.len, who.company.ptr, who.id.hex);
        EXPECT_FAIL(mamori_vault_caller_id_into(v, "09012345678", buf, 4, &who, &used),
                    MAMORI_BUFFER_TOO_SMALL);
        REQUIRE(used == who.name.len + who.company.len); /* the size needed */
        CHECK(mamori_buffer_clear(buf, sizeof buf));    /* it held a name */
    }
    json = NULL;
    EXPECT_FAIL(mamori_vault_caller_id(v, "090-0000-0000", &json), MAMORI_NOT_FOUND);
    REQUIRE(json == NULL);
    /* put with an existing id replaces the contact. */
    {
        char replacement[256];
        char *same = NULL;
        snprintf(replacement, sizeof replacement,
                 "{\"id\":\"%s\",\"name\":\"Takahashi Kenji\",\"phones\":[\"070-9999-0000\"]}", id);
        CHECK(mamori_vault_put(v, replacement, &same));
        REQUIRE(strcmp(same, id) == 0);
        mamori_string_free(same);
    }
    CHECK(mamori_vault_get(v, id, &json));
    REQUIRE(has_member(json, "name", "Takahashi Kenji"));
    mamori_string_free(json);
    CHECK(mamori_vault_delete(v, id));
    EXPECT_FAIL(mamori_vault_get(v, id, &json), MAMORI_NOT_FOUND);
    mamori_string_free(id);
    CHECK(mamori_vault_manifest(v, &manifest_json));
    {
        json_t *m = parse(manifest_json);
        REQUIRE(json_integer_value(json_object_get(m, "contacts")) == 3);
        json_decref(m);
    }
    printf("  manifest: %s\n", manifest_json);
    /* The salesperson changes the PIN (O(1): the vault key is re-wrapped). */
    CHECK(mamori_vault_change_passcode(v, PIN, sizeof PIN, NEW_PIN, sizeof NEW_PIN));
    /* Only one opener at a time. */
    EXPECT_FAIL(mamori_vault_open(vault_path, NEW_PIN, sizeof NEW_PIN, &other), MAMORI_LOCKED);
    REQUIRE(other == NULL);
    mamori_vault_close(v);
    EXPECT_FAIL(mamori_vault_open(vault_path, PIN, sizeof PIN, &other), MAMORI_WRONG_PASSCODE);
    CHECK(mamori_vault_open(vault_path, NEW_PIN, sizeof NEW_PIN, &v));
    CHECK(mamori_vault_lookup_phone(v, "080-2222-3333", &json));
    REQUIRE(has_member(json, "name", "Suzuki Ichiro"));
    mamori_string_free(json);
    CHECK(mamori_vault_access_log(v, &json));
    REQUIRE(strstr(json, "Sato") == NULL); /* the log holds no contact data, anywhere */
    REQUIRE(has_member(json, "schema", "mamori.vault-access-log.v1"));
    mamori_string_free(json);
    mamori_vault_close(v);
}

static void story_remote_wipe(void) {
    mamori_vault *v = NULL;
    char *json = NULL;
    printf("== remote wipe\n");
    /* The MDM's wipe command reaches the phone; the app opens the vault and crypto-erases it
     * (mamori_vault_wipe_file does the same without the passcode). */
    CHECK(mamori_vault_open(vault_path, NEW_PIN, sizeof NEW_PIN, &v));
    CHECK(mamori_vault_wipe(v));
    EXPECT_FAIL(mamori_vault_lookup_phone(v, "090-1234-5678", &json), MAMORI_WIPED);
    mamori_vault_close(v);
    v = NULL;
    /* Nothing is left to open. */
    {
        mamori_result rc = mamori_vault_open(vault_path, NEW_PIN, sizeof NEW_PIN, &v);
        REQUIRE(rc != MAMORI_OK && v == NULL);
        printf("  reopening after the wipe: MAMORI_%s\n", mamori_result_name(rc));
    }
}

#define PHONE_DEVICE_FMT                                                                      \
    "{\"op\":\"add\",\"at\":\"2026-04-01T09:00:00+09:00\",\"actor\":\"it-admin\","           \
    "\"device\":{\"schema\":\"mamori.device.v1\",\"id\":\"PHONE-0042\",\"kind\":\"phone\","   \
    "\"model\":\"SC-52C\",\"imei\":\"490154203237518\",\"phone_number\":\"+81 80-1111-2222\","   \
    "\"colour\":\"black\",\"features\":[\"blue case\"],\"ownership\":\"company\","            \
    "\"posture\":{\"screen_lock\":{\"type\":\"pin\",\"length\":6},\"storage_encrypted\":true," \
    "\"mdm_enrolled\":true,\"remote_lock\":true,\"remote_locate\":true,\"remote_wipe\":true,"  \
    "\"vault\":%s}}}"

/* The register's device record (with the vault manifest), for next actions and assessment. */
static char *device_json = NULL;

static void story_register(void) {
    mamori_register *reg = NULL;
    char *json = NULL;
    printf("== asset register\n");
    CHECK(mamori_register_new(NULL, &reg));
    {
        size_t n = strlen(PHONE_DEVICE_FMT) + strlen(manifest_json) + 1;
        char *add = malloc(n);
        REQUIRE(add != NULL);
        snprintf(add, n, PHONE_DEVICE_FMT, manifest_json);
        CHECK(mamori_register_apply(reg, add, &json));
        free(add);
    }
    mamori_string_free(json);
    CHECK(mamori_register_apply(
        reg,
        "{\"op\":\"check_out\",\"id\":\"PHONE-0042\",\"assignee\":\"tanaka\","
        "\"at\":\"2026-04-01T09:30:00+09:00\",\"expected_return\":\"2026-09-30T18:00:00+09:00\","
        "\"actor\":\"it-admin\"}",
        &json));
    REQUIRE(has_member(json, "state", "assigned"));
    mamori_string_free(json);
    CHECK(mamori_register_apply(reg,
                                "{\"op\":\"transition\",\"id\":\"PHONE-0042\",\"to\":\"lost\","
                                "\"at\":\"2026-11-21T08:40:00+09:00\",\"actor\":\"soumu\","
                                "\"note\":\"INC-2026-007\"}",
                                &json));
    REQUIRE(has_member(json, "state", "lost"));
    printf("  PHONE-0042 checked out to tanaka, now lost\n");
    /* Keep the device record: the reply is {"schema":...,"entry":{"device":{...},...}}. */
    {
        json_t *reply = parse(json);
        json_t *device = json_object_get(json_object_get(reply, "entry"), "device");
        REQUIRE(json_is_object(device));
        device_json = json_dumps(device, JSON_COMPACT); /* malloc'd: free() it */
        REQUIRE(device_json != NULL);
        json_decref(reply);
    }
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
    REQUIRE(has_member(json, "schema", "mamori.register.v1"));
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
    append(inc, EVENT("2026-11-21T08:42:00+09:00", "soumu",
                      "{\"type\":\"interview_answered\",\"answers\":{"
                      "\"last_confirmed_at\":\"2026-11-20T22:30:00+09:00\","
                      "\"last_confirmed_place\":\"izakaya near Shinbashi station\","
                      "\"noticed_missing_at\":\"2026-11-21T07:50:00+09:00\","
                      "\"places_since\":[\"JR Yamanote line\",\"taxi\"],"
                      "\"stolen_or_dropped\":\"cannot_tell\","
                      "\"data_on_device\":[{\"description\":\"customer contacts\","
                      "\"storage\":{\"type\":\"mamori_vault\"}}]}}"));
    {
        char *actions = NULL;
        char query[8192];
        snprintf(query, sizeof query,
                 "{\"now\":\"2026-11-21T08:43:00+09:00\",\"device\":%s}", device_json);
        CHECK(mamori_incident_next_actions(inc, query, &actions));
        REQUIRE(has_member(actions, "id", "call_device"));
        printf("  next actions: %.160s...\n", actions);
        mamori_string_free(actions);
    }
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
    {
        char query[8192];
        snprintf(query, sizeof query,
                 "{\"organisation\":{\"type\":\"business\",\"role\":\"controller\","
                 "\"established_in\":[\"JP\"]},\"device\":%s}",
                 device_json);
        CHECK(mamori_incident_assess_request(inc, query, &json));
        REQUIRE(has_member(json, "schema", "mamori.assess.v1"));
        printf("  assess request built from the log: %.200s...\n", json);
        mamori_string_free(json);
        CHECK(mamori_incident_assess(inc, query, &json));
        REQUIRE(has_member(json, "schema", "mamori.assessment.v1"));
        /* A 6-digit PIN alone is no 高度な暗号化 (an attacker with a copy of the file needs
         * ≈ 2^20 Argon2id runs) and the MDM wipe flag exempts nothing: the engine must not
         * claim the encryption exemption (3 persons, a plain loss: not reportable on those
         * grounds alone; a host-key or platform-factor vault would also be exempt). */
        REQUIRE(strstr(json, "Exempt: \xe9\xab\x98\xe5\xba\xa6\xe3\x81\xaa") == NULL);
        printf("  assessment (vault behind a 6-digit PIN only): %.300s...\n", json);
        mamori_string_free(json);
        /* The same assessment in Japanese: `lang` in the query reaches the engine's reasons and
         * the plan. */
        snprintf(query, sizeof query,
                 "{\"organisation\":{\"type\":\"business\",\"role\":\"controller\","
                 "\"established_in\":[\"JP\"]},\"device\":%s,\"lang\":\"ja\"}",
                 device_json);
        CHECK(mamori_incident_assess(inc, query, &json));
        REQUIRE(has_member(json, "lang", "ja"));
        REQUIRE(strstr(json, "\xe5\x80\x8b\xe4\xba\xba\xe6\x83\x85\xe5\xa0\xb1") != NULL); /* 個人情報 */
        REQUIRE(strstr(json, "APPI applies") == NULL);
        mamori_string_free(json);
    }
    CHECK(mamori_incident_timeline(inc, &json));
    REQUIRE(has_member(json, "schema", "mamori.timeline.v1"));
    mamori_string_free(json);
    CHECK(mamori_incident_fold(inc, &json));
    REQUIRE(has_member(json, "schema", "mamori.incident_state.v1"));
    printf("  folded state: %.120s...\n", json);
    mamori_string_free(json);
    CHECK(mamori_incident_to_json(inc, &json));
    REQUIRE(has_member(json, "type", "carrier_line_suspended"));
    mamori_incident_free(inc);
    /* The log is the source of truth: store it anywhere and load it again. */
    inc = NULL;
    CHECK(mamori_incident_load(json, &inc));
    mamori_string_free(json);
    CHECK(mamori_incident_fold(inc, &json));
    REQUIRE(has_member(json, "incident_id", "INC-2026-007"));
    mamori_string_free(json);
    mamori_incident_free(inc);
}

#define US_UNKNOWN_STATE                                                                     \
    "\"schema\":\"mamori.assess.v1\",\"organisation\":{\"type\":\"business\","                      \
    "\"role\":\"controller\",\"established_in\":[\"JP\"]},\"incident\":{\"kind\":\"theft\","      \
    "\"aware_at\":\"2026-12-03T10:15:00+09:00\",\"recovered_unviewed\":false},\"data\":{"          \
    "\"persons\":{\"JP\":200,\"US\":1000},\"sensitive\":false,\"financial_risk\":false}"

/* 1,000 US customers of unknown state beside 200 Japanese ones: the plan, the plan-only answer,
 * a host-declared assumption and the plan as iCalendar. */
static void story_plan(void) {
    char *json = NULL;
    char *ics = NULL;
    printf("== response plan (many jurisdictions)\n");
    CHECK(mamori_assess("{" US_UNKNOWN_STATE ",\"detail\":\"plan\"}", &json));
    {
        json_t *root = parse(json);
        json_t *plan = json_object_get(root, "plan");
        REQUIRE(json_array_size(json_object_get(root, "obligations")) == 0);
        REQUIRE(json_array_size(json_object_get(plan, "groups")) > 0);
        REQUIRE(strlen(json) <= 8 * 1024);
        printf("  plan only (%zu bytes): %s\n", strlen(json),
               json_string_value(json_object_get(plan, "summary")));
        json_decref(root);
    }
    REQUIRE(has_member(json, "key", "us-states:individuals"));
    mamori_string_free(json);
    CHECK(mamori_assess("{" US_UNKNOWN_STATE ",\"assume\":{\"US\":\"US-CA\"}}", &json));
    REQUIRE(has_member(json, "field", "assume.US"));
    mamori_string_free(json);
    json = NULL;
    EXPECT_FAIL(mamori_assess("{" US_UNKNOWN_STATE ",\"assume\":{\"US\":\"JP\"}}", &json),
                MAMORI_INVALID_INPUT);
    REQUIRE(strstr(mamori_last_error_message(), "assume.US") != NULL);
    CHECK(mamori_assess("{" US_UNKNOWN_STATE "}", &json));
    {
        size_t n = strlen(json) + 128;
        char *req = malloc(n);
        REQUIRE(req != NULL);
        snprintf(req, n, "{\"assessment\":%s,\"now\":\"2026-12-03T12:00:00+09:00\"}", json);
        CHECK(mamori_assessment_ics(req, &ics));
        free(req);
    }
    REQUIRE(strncmp(ics, "BEGIN:VCALENDAR\r\n", 17) == 0);
    REQUIRE(strstr(ics, "BEGIN:VEVENT\r\n") != NULL);
    REQUIRE(strstr(ics, "TRIGGER:-PT24H\r\n") != NULL);
    printf("  iCalendar: %zu bytes\n", strlen(ics));
    mamori_string_free(ics);
    mamori_string_free(json);
}

static void story_assess(void) {
    char *json = NULL;
    printf("== breach assessment (engine directly)\n");
    /* Had the 1,200 customers sat in the phone's plain address book instead: */
    CHECK(mamori_assess(
        "{\"schema\":\"mamori.assess.v1\",\"organisation\":{\"type\":\"business\","
        "\"role\":\"controller\",\"established_in\":[\"JP\"]},\"incident\":{\"kind\":"
        "\"loss\",\"aware_at\":\"2026-11-21T08:40:00+09:00\",\"recovered_unviewed\":false},"
        "\"data\":{\"persons\":{\"JP\":1200},\"sensitive\":false,\"financial_risk\":false}}",
        &json));
    REQUIRE(has_member(json, "schema", "mamori.assessment.v1"));
    REQUIRE(obligation_is(json, "jp.appi.ppc.preliminary", "required"));
    printf("  plaintext address book, 1200 persons: %.300s...\n", json);
    mamori_string_free(json);
    json = NULL;
    EXPECT_FAIL(mamori_assess("{\"schema\":\"mamori.assess.v1\"}", &json), MAMORI_INVALID_INPUT);
    REQUIRE(json == NULL);
    story_plan();
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s <scratch-dir>\n", argv[0]);
        return 2;
    }
    CHECK(mamori_check_abi(MAMORI_ABI_VERSION));
    printf("%s (header %s, ABI %u)\n", mamori_version(), MAMORI_VERSION_STRING,
           (unsigned)mamori_abi_version());
    story_vault(argv[1]);
    story_register();
    story_incident();
    story_remote_wipe();
    story_assess();
    mamori_string_free(manifest_json);
    free(device_json);
    printf("lost_phone: story complete\n");
    return 0;
}
