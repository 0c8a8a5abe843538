#!/usr/bin/env bash
# Fuzz smoke run: build every cargo-fuzz target and run each from its committed seed corpus for
# FUZZ_SECONDS (default 45) seconds. Budget with the default and the 9 current targets: build
# (7–12 min measured on the shared 2-core machine from cold; a few seconds when cached) +
# 9 x 45 s ≈ 7 min. FUZZ_JOBS=N runs N parallel libFuzzer jobs per target.
#
#   .ci/fuzz-smoke.sh                 # all targets, 45 s each
#   FUZZ_SECONDS=600 .ci/fuzz-smoke.sh assess_json   # one target, 10 minutes
#
# Needs the nightly toolchain (cargo-fuzz uses -Zsanitizer=address). Without one it prints a
# SKIP line and exits 0. cargo-fuzz is installed if absent. The run does not add the inputs it
# discovers to the committed corpus (they go to a scratch copy); crashes land in fuzz/artifacts/
# and fail the script.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

SECONDS_EACH="${FUZZ_SECONDS:-45}"
JOBS="${FUZZ_JOBS:-1}"

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    echo "SKIP fuzz smoke: no nightly toolchain (install with: rustup toolchain install nightly)"
    exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz"
    cargo install --locked cargo-fuzz
fi

echo "building fuzz targets"
cargo +nightly fuzz build -O

if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo +nightly fuzz list)
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
status=0
for t in "${targets[@]}"; do
    mkdir -p "$scratch/$t"
    if [ -d "corpus/$t" ]; then
        cp -R "corpus/$t/." "$scratch/$t/"
    fi
    echo "=== fuzz $t for ${SECONDS_EACH}s"
    log="$scratch/$t.log"
    par=()
    if [ "$JOBS" -gt 1 ]; then
        par=(-jobs="$JOBS" -workers="$JOBS")
    fi
    if cargo +nightly fuzz run -O "$t" "$scratch/$t" -- \
        -max_total_time="$SECONDS_EACH" "${par[@]}" \
        -print_final_stats=1 -max_len=65536 >"$log" 2>&1; then
        # Summary: the last status line (execs/s, coverage) and the final stats.
        grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -n 1 || true
        grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" || true
        echo "ok $t"
    else
        tail -n 60 "$log"
        echo "FAIL $t (artifacts in fuzz/artifacts/$t/)"
        status=1
    fi
done
exit "$status"
