#!/usr/bin/env bash
# Fuzzes one target of NanoPhone.Fuzz with AFL++ through SharpFuzz, bounded in time.
#   fuzz/run-afl.sh TARGET [SECONDS] [-j N]      TARGET: codec | sdp | digest | uas | dns | stream | http | provision | rtp | rtcp | jitter
#                                                SECONDS default 600
# Installs what is missing (Debian's afl++ and the sharpfuzz dotnet tool, into fuzz/.tools), builds
# the harness in Release, instruments NanoPhone.Sip.dll (and NanoPhone.App.dll for http and provision,
# NanoPhone.Media.dll for rtp, rtcp and jitter), writes the seed corpus from tests/data and
# runs afl-fuzz (nice 10) for SECONDS: one main instance, or with -j 2 a main and a secondary.
# Output: fuzz/out/TARGET/afl/{main,secN}/{queue,crashes,hangs,fuzzer_stats}. A second run of the
# same target resumes that output (AFL_AUTORESUME); delete fuzz/out/TARGET to start afresh.
# Everything it starts is stopped when it ends, on Ctrl-C and on TERM.
set -euo pipefail

usage() { echo "usage: $0 TARGET [SECONDS] [-j N]   (TARGET: codec, sdp, digest, uas, dns, stream, http, provision, rtp, rtcp, jitter)" >&2; exit 2; }

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
target="" seconds=600 jobs=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        -j) [[ $# -ge 2 ]] || usage; jobs="$2"; shift 2 ;;
        -j*) jobs="${1#-j}"; shift ;;
        -h|--help) usage ;;
        *)  if [[ -z "$target" ]]; then target="$1"; elif [[ "$1" =~ ^[0-9]+$ ]]; then seconds="$1"; else usage; fi; shift ;;
    esac
done
[[ -n "$target" && "$jobs" =~ ^[1-9][0-9]*$ && "$seconds" =~ ^[0-9]+$ ]] || usage
cores="$(nproc)"
if (( jobs > cores )); then echo "run-afl: -j $jobs is more than the $cores cores; using $cores" >&2; jobs="$cores"; fi

trap 'exit 130' INT
trap 'exit 143' TERM
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
tools="$here/.tools"
out="$here/out/$target"
bin="$out/bin"

# 1. afl++ (Debian) and the sharpfuzz instrumenter (NuGet dotnet tool), when missing.
if ! command -v afl-fuzz >/dev/null; then
    sudo=""; [[ "$(id -u)" -eq 0 ]] || sudo="sudo"
    echo "run-afl: installing afl++" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq afl++ >/dev/null
fi
if [[ ! -x "$tools/sharpfuzz" ]]; then
    echo "run-afl: installing the sharpfuzz tool into $tools" >&2
    dotnet tool install --tool-path "$tools" SharpFuzz.CommandLine --version 2.3.0 >/dev/null
fi

# 2. Build (Release), then instrument a copy of sipua and media: only NanoPhone.Sip.dll and
# NanoPhone.Media.dll are traced, not the harness.
echo "run-afl: building the harness" >&2
rm -rf "$out/build" "$bin"
dotnet build "$here/NanoPhone.Fuzz.csproj" -c Release -o "$out/build" --nologo -v quiet -clp:ErrorsOnly >&2
cp -r "$out/build" "$bin"
"$tools/sharpfuzz" "$bin/NanoPhone.Sip.dll" >&2
dict=(-x "$here/sip.dict")
case "$target" in
    http|provision)
        # The web page and provisioning live in the app.
        "$tools/sharpfuzz" "$bin/NanoPhone.App.dll" >&2
        dict=(-x "$here/http.dict") ;;
    rtp|rtcp|jitter)
        # The media core; its inputs are binary: no dictionary.
        "$tools/sharpfuzz" "$bin/NanoPhone.Media.dll" >&2
        dict=() ;;
esac
harness=(dotnet "$bin/NanoPhone.Fuzz.dll" "$target")

# 3. Seed corpus from tests/data (messages, their SDP bodies or auth values, earlier findings).
rm -rf "$out/seeds"
"${harness[@]}" seeds "$out/seeds" --data "$root/tests/data" >&2

# 4. afl-fuzz. dotnet is not an instrumented binary (SharpFuzz speaks the fork-server protocol
# itself), containers have no CPU governor and no core_pattern to fix, and nohup has no tty.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
    AFL_AUTORESUME=1 AFL_FORKSRV_INIT_TMOUT=60000 AFL_MAP_SIZE=65536 AFL_NO_AFFINITY=1 AFL_SKIP_CRASHES=1 \
    DOTNET_TieredPGO=0 DOTNET_gcServer=0
mkdir -p "$out/afl"
afl=(nice -n 10 afl-fuzz -i "$out/seeds" -o "$out/afl" "${dict[@]}" -t 2000 -m none -V "$seconds")
pids=()
stop() {
    local p
    for p in "${pids[@]}"; do kill -INT "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    pids=()
}
interrupted=""
trap 'interrupted=130; stop' INT   # from here on: stop afl-fuzz, then still print the totals below
trap 'interrupted=143; stop' TERM
trap 'stop' EXIT

echo "run-afl: afl-fuzz on '$target' for ${seconds}s with $jobs instance(s); output in $out/afl" >&2
"${afl[@]}" -M main -- "${harness[@]}" afl >"$out/main.log" 2>&1 &
pids+=($!)
for ((i = 1; i < jobs; i++)); do
    sleep 5
    "${afl[@]}" -S "sec$i" -- "${harness[@]}" afl >"$out/sec$i.log" 2>&1 &
    pids+=($!)
done
status=0
for p in "${pids[@]}"; do wait "$p" 2>/dev/null || status=$?; done
pids=()
if [[ -n "$interrupted" ]]; then
    echo "run-afl: interrupted; afl-fuzz stopped" >&2
    status="$interrupted"
elif (( status != 0 )); then
    echo "run-afl: afl-fuzz exited with $status; the tail of its log:" >&2
    tail -n 30 "$out/main.log" >&2
fi

# 5. Totals, summed over the instances (fuzzer_stats).
field() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$2"; }
total_execs=0 total_crashes=0 total_hangs=0
for s in "$out"/afl/*/fuzzer_stats; do
    [[ -f "$s" ]] || continue
    inst="$(basename "$(dirname "$s")")"
    execs="$(field execs_done "$s")" crashes="$(field saved_crashes "$s")" hangs="$(field saved_hangs "$s")"
    echo "$target/$inst: execs_done=$execs execs_per_sec=$(field execs_per_sec "$s") corpus_count=$(field corpus_count "$s")" \
        "edges_found=$(field edges_found "$s") total_edges=$(field total_edges "$s") stability=$(field stability "$s")" \
        "saved_crashes=$crashes saved_hangs=$hangs run_time=$(field run_time "$s")s"
    total_execs=$((total_execs + ${execs:-0}))
    total_crashes=$((total_crashes + ${crashes:-0}))
    total_hangs=$((total_hangs + ${hangs:-0}))
done
echo "$target: execs_done=$total_execs saved_crashes=$total_crashes saved_hangs=$total_hangs"
if (( total_crashes + total_hangs > 0 )); then
    echo "findings: $out/afl/*/crashes and hangs; replay one with: dotnet $bin/NanoPhone.Fuzz.dll $target run FILE" >&2
fi
exit "$status"
