/* The C side of CallerIdBench: the same caller-ID call in a C loop, so JNA's per-call cost is
 * measured beside the C ABI's in one process on one vault handle. The mamori functions come
 * in as pointers (looked up by JNA in the already-loaded libmamori), so this file links
 * nothing: gcc -O2 -shared -fPIC -Iinclude caller_id_loop.c -o libmamori_bench.so */
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "mamori.h"

typedef mamori_result (*into_fn)(const mamori_vault *, const char *, char *, size_t,
                                 mamori_caller_id *, size_t *);
typedef mamori_result (*json_fn)(const mamori_vault *, const char *, char **);
typedef void (*free_fn)(char *);

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* n calls of mamori_vault_caller_id_into; returns elapsed ns (0 if a call failed). */
uint64_t bench_caller_id_into(void *fn, const mamori_vault *v, const char *phone, uint32_t n) {
    char buf[256];
    mamori_caller_id out;
    size_t used;
    uint64_t t0 = now_ns();
    for (uint32_t i = 0; i < n; i++) {
        if (((into_fn)fn)(v, phone, buf, sizeof buf, &out, &used) != MAMORI_OK) return 0;
    }
    return now_ns() - t0;
}

/* n calls of mamori_vault_caller_id (JSON) + mamori_string_free; returns elapsed ns. */
uint64_t bench_caller_id_json(void *fn, void *free_, const mamori_vault *v, const char *phone,
                              uint32_t n) {
    uint64_t t0 = now_ns();
    for (uint32_t i = 0; i < n; i++) {
        char *s = NULL;
        if (((json_fn)fn)(v, phone, &s) != MAMORI_OK) return 0;
        ((free_fn)free_)(s);
    }
    return now_ns() - t0;
}
