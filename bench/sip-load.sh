#!/usr/bin/env bash
# SIP load bench: the NanoPhone simulator and baresip (headless), both on 127.0.0.1, driven by SIPp
# in one run, interleaved, repeated. Prints one table: INVITE -> first response p50/p99 (from
# capture timestamps, dumpcap on lo), the highest call rate held with < 1 % failed calls, CPU seconds
# per 1000 calls (utime+stime from /proc/PID/stat) and peak RSS (VmHWM). See bench/README.md.
#
#   bench/sip-load.sh [--quick] [--repeats N] [--hold S] [--rates "2 10 50 ..."]
#                     [--lat-rate R] [--lat-calls N] [--port-base P] [--sim-set KEY=VALUE]...
#                     [--sim-capacity desktop|device] [--keep]
#
# The simulator runs with --capacity desktop unless told otherwise: the same code with tables sized
# for a PC (120,000 server transactions); --sim-capacity device gives it the ESP32's 16, which shed
# load with 503 from well under 1 call/s in the cancel flow (RFC 3261 keeps each CANCEL 32 s).
#
# Needs: sipp, baresip, dumpcap + tshark (root, or dumpcap capabilities), python3, the desktop host
# (built by ./nanophone). Every process it starts is recorded by PID and stopped on exit.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
here="$root/bench"
quick=0; repeats=3; hold=30; rates="1 2 10 100 250 500 1000 2000 3000"
lat_rate=2; lat_calls=60; port_base=25060; keep=0; sim_capacity=desktop
declare -a sim_extra=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) quick=1; repeats=1; hold=5; lat_calls=10 ;;
        --repeats) repeats="$2"; shift ;;
        --hold) hold="$2"; shift ;;
        --rates) rates="$2"; shift ;;
        --lat-rate) lat_rate="$2"; shift ;;
        --lat-calls) lat_calls="$2"; shift ;;
        --port-base) port_base="$2"; shift ;;
        --sim-set) sim_extra+=(--set "$2"); shift ;;
        --sim-capacity) sim_capacity="$2"; shift ;;
        --keep) keep=1 ;;
        -h|--help) sed -n 2,17p "$0"; exit 0 ;;
        *) echo "sip-load: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
[[ "$sim_capacity" == desktop || "$sim_capacity" == device ]] || { echo "sip-load: --sim-capacity is desktop or device" >&2; exit 2; }
for v in repeats hold lat_rate lat_calls port_base; do
    [[ "${!v}" =~ ^[0-9]+$ && "${!v}" -gt 0 ]] || { echo "sip-load: --${v//_/-} wants a positive integer" >&2; exit 2; }
done
[[ "$repeats" -le 10 && "$hold" -le 120 && "$lat_calls" -le 10000 ]] || { echo "sip-load: repeats <= 10, hold <= 120 s, lat-calls <= 10000" >&2; exit 2; }
for t in sipp baresip dumpcap tshark python3 dotnet ss; do
    command -v "$t" >/dev/null || { echo "sip-load: $t is missing (tests/peers/install.sh installs the SIP peers)" >&2; exit 1; }
done

# Built every time (incremental: seconds when nothing changed), so the bench never measures a stale host.
host_out="${NANOPHONE_BENCH_HOST_OUT:-$root/out/host}"
host_dll="$host_out/nanophone.dll"
echo "sip-load: building the desktop host (Release) into $host_out..." >&2
dotnet build "$root/firmware/Host/nanophone.host.csproj" -c Release -o "$host_out" --nologo -v quiet -clp:ErrorsOnly >&2

# Ports: simulator SIP, its (unused) registrar, baresip SIP (+1 TLS), baresip ctrl_tcp, SIPp.
sim_port=$port_base; reg_port=$((port_base + 1)); bs_port=$((port_base + 2)); bs_ctrl=$((port_base + 4)); sipp_port=$((port_base + 5))
for p in $(seq "$port_base" $((port_base + 5))); do
    if ss -Hlnu "sport = :$p" | grep -q . || ss -Hlnt "sport = :$p" | grep -q .; then
        echo "sip-load: port $p is in use; pick another --port-base" >&2; exit 1
    fi
done

work="$(mktemp -d "${TMPDIR:-/tmp}/sip-load.XXXXXX")"
# Every process started is recorded as "PID COMM" in $work/pids (also from subshells, which
# process substitutions are); it is stopped only while /proc/PID/comm still names it.
pids="$work/pids"; : > "$pids"
track() { echo "$1 $2" >> "$pids"; }
alive() { [[ -r "/proc/$1/comm" ]] && { [[ -z "${2:-}" ]] || [[ "$(cat "/proc/$1/comm" 2>/dev/null)" == "$2"* ]]; }; }
stop_pid() {    # SIGTERM, bounded wait, SIGKILL; $2: expected comm (optional)
    local pid="$1" i
    alive "$pid" "${2:-}" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
    local pid comm n=0 left=0
    exec 7>&- || true
    touch "$work/stopping"; sleep 0.2      # subshells start nothing new from now on
    while read -r pid comm; do n=$((n + 1)); stop_pid "$pid" "$comm"; done < "$pids"
    while read -r pid comm; do alive "$pid" "$comm" && left=$((left + 1)); done < "$pids"
    echo "sip-load: started $n processes, $left left running" >&2
    if [[ $keep -eq 1 ]]; then echo "sip-load: files kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }   # utime+stime, after ')' fields are fixed
hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
clk_tck=$(getconf CLK_TCK)
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# ---- the targets ---------------------------------------------------------------------------
# A fresh simulator for every phase: its transactions drain only after Timer J/I (32 s, 5 s), so a
# phase must not inherit the previous phase's transactions.
sim_pid=""; sim_n=0; hwm_sim=0
start_sim() {   # $1: dnd on|off
    sim_n=$((sim_n + 1))
    local fifo="$work/sim-$sim_n.stdin" out="$work/sim-$sim_n-dnd$1.out"
    mkfifo "$fifo"
    dotnet "$host_dll" run --set sip.server=127.0.0.1 --set sip.port="$reg_port" --set sip.user=linda \
        --set sip.domain=nanophone.test --set sip.local.port="$sim_port" --set direct.calls=on \
        --set dnd="$1" --capacity "$sim_capacity" "${sim_extra[@]}" < "$fifo" > "$out" 2>&1 &
    sim_pid=$!; track "$sim_pid" dotnet
    exec 7>"$fifo"     # keeps its stdin open; closed (= quit) by stop_sim
    local i
    for i in $(seq 1 100); do grep -q '^LISTENING' "$out" && return 0; sleep 0.1; done
    echo "sip-load: the simulator did not print LISTENING:" >&2; tail -5 "$out" >&2; exit 1
}
stop_sim() {
    local h; h=$(hwm_kb "$sim_pid"); [[ $h -gt $hwm_sim ]] && hwm_sim=$h
    exec 7>&-; stop_pid "$sim_pid" dotnet
}

bs_pid=""
start_baresip() {
    local dir="$work/baresip"; mkdir -p "$dir"
    echo "<sip:linda@nanophone.test>;regint=0;answermode=manual;audio_codecs=PCMU,PCMA" > "$dir/accounts"
    local rtp=$((10000 + (bs_port % 1000) * 40))
    cat > "$dir/config" <<CFG
poll_method		epoll
sip_listen		127.0.0.1:$bs_port
net_interface		127.0.0.1
dns_server		127.0.0.1:53
call_local_timeout	120
call_max_calls		0
audio_player		aubridge,nanophone
audio_source		ausine,440
audio_alert		aubridge,nanophone
ausrc_srate		48000
ausrc_channels		2
auplay_srate		48000
auplay_channels		1
rtp_ports		$rtp-$((rtp + 39))
rtp_stats		no
module_path		/usr/lib/baresip/modules
module			g711.so
module			ausine.so
module			aubridge.so
module_tmp		account.so
module_app		menu.so
module_app		ctrl_tcp.so
ctrl_tcp_listen		127.0.0.1:$bs_ctrl
CFG
    baresip -f "$dir" < /dev/null > "$work/baresip.out" 2>&1 &
    bs_pid=$!; track "$bs_pid" baresip
    local i
    for i in $(seq 1 100); do ss -Hlnu "sport = :$bs_port" | grep -q . && return 0; sleep 0.1; done
    echo "sip-load: baresip does not listen on $bs_port:" >&2; tail -5 "$work/baresip.out" >&2; exit 1
}

# ---- SIPp runs -----------------------------------------------------------------------------
# run_sipp PORT SCENARIO RATE COUNT TAG -> prints "created successful"
run_sipp() {
    local port="$1" sf="$2" rate="$3" count="$4" tag="$5" pid rc=0
    local limit=$(( count / rate + 20 ))
    [[ -d "$work" && ! -e "$work/stopping" ]] || { echo 0 0; return 0; }
    ( cd "$work" && exec sipp "127.0.0.1:$port" -sf "$here/sipp/$sf" -p "$sipp_port" -i 127.0.0.1 \
        -s linda -key domain nanophone.test -r "$rate" -m "$count" -timeout "$limit" -timeout_error \
        -recv_timeout 10000 -nostdin -trace_stat -stf "$work/$tag.stat.csv" -fd 1 -trace_err \
        -error_file "$work/$tag.err.log" > "$work/$tag.sipp.out" 2>&1 ) &
    pid=$!; track "$pid" sipp
    wait "$pid" || rc=$?
    python3 - "$work/$tag.stat.csv" <<'PY'
import sys
try:
    rows = [l.rstrip("\n").split(";") for l in open(sys.argv[1]) if l.strip()]
    h = rows[0]; last = rows[-1]
    print(int(last[h.index("TotalCallCreated")]), int(last[h.index("SuccessfulCall(C)")]))
except Exception:
    print(0, 0)
PY
}

# latency TARGETPORT SCENARIO TAG -> appends per-call µs to $work/$TAG-group.lat
latency() {
    local port="$1" sf="$2" tag="$3" group="$4" dpid i created ok
    local cap="$work/$tag.pcap"
    local dur=$(( lat_calls / lat_rate + 25 ))
    dumpcap -q -i lo -f "udp port $port" -w "$cap" -a "duration:$dur" > "$work/$tag.dumpcap.log" 2>&1 &
    dpid=$!; track "$dpid" dumpcap
    for i in $(seq 1 50); do [[ -s "$cap" ]] && break; sleep 0.1; done
    sleep 0.5
    read -r created ok < <(run_sipp "$port" "$sf" "$lat_rate" "$lat_calls" "$tag")
    sleep 0.3; stop_pid "$dpid" dumpcap
    tshark -r "$cap" -Y sip -T fields -E separator='|' -e frame.time_epoch -e sip.Call-ID \
        -e sip.CSeq.method -e sip.Method -e sip.Status-Code 2>/dev/null | python3 -c '
import sys
first = {}; resp = {}
for line in sys.stdin:
    t, cid, cm, m, st = (line.rstrip("\n").split("|") + [""] * 5)[:5]
    if cm != "INVITE": continue
    if m == "INVITE": first.setdefault(cid, t)
    elif st and cid in first and cid not in resp: resp[cid] = (t, st)
from decimal import Decimal
for cid, (t, st) in resp.items():
    print(int((Decimal(t) - Decimal(first[cid])) * 1000000), st)
# The first INVITE of the run (to a simulator just started): its latency again, on stderr.
cid = next(iter(first), None)
if cid in resp:
    print(int((Decimal(resp[cid][0]) - Decimal(first[cid])) * 1000000), file=sys.stderr)
' >> "$work/$group.lat" 2>> "$work/$group.first"
}

# rate_search TARGETPORT SCENARIO TAG PID -> prints "held_rate cpu_s_per_1000 note"
rate_search() {
    local port="$1" sf="$2" tag="$3" pid="$4" held=0 cpu1000="" fallback="" r c0 c1 created ok failpct
    for r in $rates; do
        [[ -d "$work" && ! -e "$work/stopping" ]] || break
        c0=$(cpu_ticks "$pid")
        read -r created ok < <(run_sipp "$port" "$sf" "$r" $(( r * hold )) "$tag-r$r")
        c1=$(cpu_ticks "$pid")
        failpct=$(python3 -c "c,o=$created,$ok; print('%.2f' % (100.0*(c-o)/c if c else 100))")
        local cpu=$(python3 -c "c=$created; print('%.3f' % ((($c1)-($c0))/$clk_tck/c*1000) if c else 'nan')")
        echo "    $tag rate $r/s: $created calls, $ok ok, failed $failpct %, cpu ${cpu} s/1000, load $(loadavg)" >&2
        [[ -z "$fallback" ]] && fallback="$cpu"
        if python3 -c "import sys; sys.exit(0 if $failpct < 1.0 and $created >= $((r * hold)) else 1)"; then
            held=$r; cpu1000="$cpu"
        else
            break      # rates only go up: stop at the first that fails
        fi
        sleep 1
    done
    if [[ $held -eq 0 ]]; then echo "0 ${fallback}* failed-at-lowest"; else echo "$held $cpu1000 ok"; fi
}

# ---- the run -------------------------------------------------------------------------------
echo "sip-load: $(date -u '+%F %T') UTC, $(nproc) cores, load average $(loadavg) at start" >&2
echo "sip-load: repeats $repeats, hold ${hold} s per rate, rates: $rates; latency: $lat_calls calls at $lat_rate/s per repeat; simulator capacity: $sim_capacity" >&2
: > "$work/results"
start_baresip
hwm_bs=0
for rep in $(seq 1 "$repeats"); do
    for flow in cancel reject; do
        sf="uac_invite_$flow.xml"; dnd="$([[ $flow == reject ]] && echo on || echo off)"
        targets="sim baresip"; [[ $((rep % 2)) -eq 0 ]] && targets="baresip sim"    # interleave the order
        for tgt in $targets; do
            if [[ $tgt == baresip && $flow == reject ]]; then continue; fi      # baresip 1.0.0 has no DND
            echo "sip-load: repeat $rep, $tgt, flow $flow (load $(loadavg))" >&2
            if [[ $tgt == sim ]]; then
                start_sim "$dnd"; latency "$sim_port" "$sf" "$tgt-$flow-$rep-lat" "$tgt-$flow"; stop_sim
                start_sim "$dnd"
                read -r held cpu note < <(rate_search "$sim_port" "$sf" "$tgt-$flow-$rep" "$sim_pid")
                stop_sim
            else
                latency "$bs_port" "$sf" "$tgt-$flow-$rep-lat" "$tgt-$flow"
                read -r held cpu note < <(rate_search "$bs_port" "$sf" "$tgt-$flow-$rep" "$bs_pid")
            fi
            echo "$tgt $flow $rep $held $cpu $note" >> "$work/results"
        done
    done
    h=$(hwm_kb "$bs_pid"); [[ $h -gt $hwm_bs ]] && hwm_bs=$h
done
load_end="$(loadavg)"

# ---- the table -----------------------------------------------------------------------------
python3 - "$work" "$hwm_sim" "$hwm_bs" "$repeats" "$hold" "$load_end" "$sim_capacity" <<'PY'
import sys, os, statistics
work, hwm_sim, hwm_bs, repeats, hold, load_end, capacity = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6], sys.argv[7]
res = {}
for line in open(os.path.join(work, "results")):
    tgt, flow, rep, held, cpu, note = line.split()
    res.setdefault((tgt, flow), []).append((int(held), cpu, note))
def pct(v, p):
    v = sorted(v); return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]
print(f"{'target':<10} {'flow':<7} {'INVITE->1st resp p50':>21} {'p99':>8} {'max':>8} {'1st call':>9} {'n':>5} {'1st resp':<12} {'held calls/s (per repeat)':<26} {'CPU s/1000 calls':<20} {'peak RSS':>9}")
for tgt, flow in [("sim", "cancel"), ("sim", "reject"), ("baresip", "cancel"), ("baresip", "reject")]:
    name = "simulator" if tgt == "sim" else "baresip"
    if (tgt, flow) not in res:
        print(f"{name:<10} {flow:<7} {'not measured (baresip 1.0.0 has no do-not-disturb)'}")
        continue
    lat, codes = [], {}
    p = os.path.join(work, f"{tgt}-{flow}.lat")
    if os.path.exists(p):
        for l in open(p):
            us, st = l.split(); codes[st] = codes.get(st, 0) + 1
            if st != "503": lat.append(int(us))
    p50 = f"{pct(lat, 50)} us" if lat else "-"
    p99 = f"{pct(lat, 99)} us" if lat else "-"
    top = f"{max(lat)} us" if lat else "-"
    p = os.path.join(work, f"{tgt}-{flow}.first")
    firsts = [int(l) for l in open(p) if l.strip().isdigit()] if os.path.exists(p) else []
    firstcall = f"{max(firsts)} us" if firsts else "-"
    held = [h for h, _, _ in res[(tgt, flow)]]
    cpus = [c for _, c, _ in res[(tgt, flow)]]
    heldtxt = f"{min(held)} ({','.join(map(str, held))})"
    codetxt = ",".join(f"{k}x{v}" for k, v in sorted(codes.items()))
    rss = (hwm_sim if tgt == "sim" else hwm_bs) / 1024.0
    print(f"{name:<10} {flow:<7} {p50:>21} {p99:>8} {top:>8} {firstcall:>9} {len(lat):>5} {codetxt:<12} {heldtxt:<26} {','.join(cpus):<20} {rss:>6.1f} MiB")
print(f"simulator: nanophone run --capacity {capacity}; baresip 1.0.0 (call_max_calls 0)")
print(f"repeats {repeats}, each rate held {hold} s; held = highest rate with < 1 % failed calls (0: even the lowest failed);")
print("CPU s/1000 calls at the held rate (utime+stime of the target process; '*' = at the lowest rate, which failed);")
print("latency: capture timestamps on lo (dumpcap), 503 answers left out; 1st call: the first INVITE of a latency run,")
print(f"the first call after the target started for the simulator (worst over repeats); load average at end {load_end}")
PY
