#!/usr/bin/env bash
# Long reliability checks (issue 18) that do not fit CI's time: soak, signal trials, fuzzed `lab run` processes.
#
#   scripts/stress.sh soak [SECONDS]      dashboard 200×60 in tmux on reflow-mixture, moe-balance, sid (from its cached
#                                         teacher), ddpm and race-adam-muon: ~1000 keys/s, a resize every 3 s; RSS every
#                                         10 s; fails if RSS at the end is > 5% over RSS at minute 1, the lab dies or the
#                                         terminal stays raw (default 600 s each)
#   scripts/stress.sh signals [TRIALS]    SIGINT/SIGTERM/SIGHUP/SIGTSTP+SIGCONT at random moments on the dashboard;
#                                         checks exit codes and `stty -a` before/after in the pane (default 100)
#   scripts/stress.sh headless [TRIALS]   SIGINT at random moments on `lab run`: exit 130 and partial outputs (default 20)
#   scripts/stress.sh runs [N]            N fuzzed `lab run` processes (hostile --set values) with a timeout (default 50)
#   scripts/stress.sh quits [N]           q while an evaluation runs on ddpm, ddcm, cfg (the stats say "evaluating") and
#                                         on race-adam-muon (at a random moment): exit 0 within 0.5 s, no crash text,
#                                         the terminal restored; N trials each (default 20)
#   scripts/stress.sh latency [SECONDS]   q on every shipped preset after SECONDS (default 30) at 120×36, and during the
#                                         teacher phases and couplings of sid, reflow2 and distill (--no-cache): exit 0
#                                         within 0.5 s, terminal restored
#   scripts/stress.sh fuzz                the preset fuzz in full (10 000 mutated files, 2 000+ hostile --set values) in a
#                                         release test build; the suite runs a quarter of it
#   scripts/stress.sh all                 everything above with its defaults
#
# Every check prints one line per trial failure and a summary line; the exit code is the number of failed checks.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LAB=${LAB:-$ROOT/.build/debug/lab}
[ -x "$LAB" ] || { echo "build first: swift build (or set LAB=path/to/lab)"; exit 2; }
export LAB_PRESETS=$ROOT/presets LANG=C.UTF-8 LC_ALL=C.UTF-8
WORK=$(mktemp -d /tmp/lab-stress.XXXXXX)
SOCK=lab-stress-$$-0
PANES=0
trap 'tmux -L $SOCK kill-server 2>/dev/null; rm -rf "$WORK"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# The documented dashboard keys, less q (quit), R and s (recording and saving write files by design), the keys that change the
# working set by design: [ ] (batch), n (method), d (dataset), r (reset), and + - (the LR ×2 / ÷2: at ~70 presses a second
# its random walk reaches inf within seconds, the run diverges and pauses, and the soak would measure a lab that stands still).
KEYS=(Space . m o g 1 2 3 4 5 6 7 0 t x w Tab z '?' b l v e f Escape)

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null; }

# Starts the lab with ARGS in a fresh tmux server, WIDTH×HEIGHT; its pid lands in $PANE/pid, its exit code in $PANE/exit.
# Each pane gets its own socket and folder ($PANE): a pane still shutting down must not touch the next one's files.
start_pane() {
    local w=$1 h=$2; shift 2
    tmux -L $SOCK kill-server 2>/dev/null
    PANES=$((PANES + 1))
    SOCK=lab-stress-$$-$PANES
    PANE=$WORK/pane-$PANES
    mkdir -p "$PANE"
    tmux -L $SOCK -u new-session -d -x "$w" -y "$h" \
        "cd '$PANE' && TERM=xterm-256color stty -a > stty.before; sh -c 'echo \$\$ > pid; exec \"$LAB\" $*'; code=\$?; stty -a > stty.after; echo \$code > exit; sleep 600"
    for _ in $(seq 100); do [ -s "$PANE/pid" ] && break; sleep 0.1; done
}

pane_pid() { cat "$PANE/pid" 2>/dev/null; }

# Waits until process $1 is stopped (state T), so SIGCONT cannot overtake a SIGTSTP still being handled.
wait_stopped() {
    for _ in $(seq 50); do [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = T ] && return 0; sleep 0.1; done
    return 1
}

# Quits with q (a second q first closes the help overlay if a key flood left it open).
quit_pane() {
    for _ in 1 2 3; do
        tmux -L $SOCK send-keys q 2>/dev/null
        for _ in $(seq 30); do [ -s "$PANE/exit" ] && { cat "$PANE/exit"; return; }; sleep 0.1; done
    done
    echo timeout
}

# Sends one q and waits up to 5 s for the lab to exit: QUIT_MS is how long it took, QUIT_CODE its exit code (or timeout).
timed_quit() {
    local t0 t1
    t0=$(date +%s%N)
    tmux -L $SOCK send-keys q
    for _ in $(seq 500); do [ -s "$PANE/exit" ] && break; sleep 0.01; done
    t1=$(date +%s%N)
    QUIT_CODE=$(cat "$PANE/exit" 2>/dev/null || echo timeout)
    QUIT_MS=$(( (t1 - t0) / 1000000 ))
}

wait_exit() {
    for _ in $(seq "${1:-100}"); do [ -s "$PANE/exit" ] && { cat "$PANE/exit"; return; }; sleep 0.1; done
    echo timeout
}

# Opens PRESET's dashboard with no keys until its one-step teacher is in the cache (a new file under
# $XDG_CACHE_HOME/lab/teachers, or up to 180 s), then quits: a soak then starts in the phase it measures. A phase
# change mid-soak (sid's teacher ends at step 6000, minutes into a flood) swaps in the student's nets by design.
prime_teacher() {
    local stamp; stamp=$(mktemp)
    local folder=${XDG_CACHE_HOME:-$HOME/.cache}/lab/teachers
    start_pane 200 60 "$1"
    for _ in $(seq 180); do
        [ -n "$(find "$folder" -name '*.teacher' -newer "$stamp" 2>/dev/null | head -1)" ] && break
        sleep 1
    done
    quit_pane > /dev/null
    rm -f "$stamp"
}

soak() {
    local seconds=${1:-600}
    for preset in reflow-mixture moe-balance sid ddpm race-adam-muon; do
        [ "$preset" = sid ] && prime_teacher sid
        start_pane 200 60 "$preset"; local pid; pid=$(pane_pid)
        local t=0 samples=() start=$SECONDS
        while [ $((SECONDS - start)) -lt "$seconds" ]; do
            kill -0 "$pid" 2>/dev/null || {
                sleep 0.5
                fail "soak $preset: the lab died after $((SECONDS - start)) s, exit $(cat "$PANE/exit" 2>/dev/null || echo '?'):" \
                    "$(tmux -L $SOCK capture-pane -p 2>/dev/null | grep -v '^ *$' | tail -3 | tr '\n' ' ')"
                break
            }
            # A burst: ~1000 keys in about a second, in batches of 50 per send-keys.
            for _ in $(seq 20); do
                local batch=()
                for _ in $(seq 50); do batch+=("${KEYS[RANDOM % ${#KEYS[@]}]}"); done
                tmux -L $SOCK send-keys "${batch[@]}" 2>/dev/null
            done
            # A resize every 3 s, back to 200×60 in between.
            if [ $((t % 3)) -eq 0 ]; then
                tmux -L $SOCK resize-window -x $((40 + RANDOM % 200)) -y $((10 + RANDOM % 60)) 2>/dev/null
                sleep 0.3
                tmux -L $SOCK resize-window -x 200 -y 60 2>/dev/null
            fi
            sleep 1
            t=$((t + 1))
            if [ $(( (SECONDS - start) / 10 )) -ge ${#samples[@]} ]; then samples+=("$(rss_kb "$pid")"); fi
        done
        if kill -0 "$pid" 2>/dev/null; then
            local code; code=$(quit_pane)
            [ "$code" = 0 ] || fail "soak $preset: q after the soak exited $code"
            diff -q "$PANE/stty.before" "$PANE/stty.after" > /dev/null 2>&1 || fail "soak $preset: the terminal is left raw"
        fi
        local n=${#samples[@]}
        [ "$n" -ge 16 ] || { fail "soak $preset: only $n RSS samples"; continue; }
        # Minute 1: the median of the six samples from 50 to 100 s; the end: the median of the last six (a single
        # sample swings with what the evaluator or the key flood holds at that instant).
        local list; list=$(printf '%s ' "${samples[@]}")
        local report; report=$(echo "$list" | awk '
            function median6(from,    i, j, t, v) {
                for (i = 0; i < 6; i++) v[i] = $(from + i)
                for (i = 0; i < 6; i++) for (j = i + 1; j < 6; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
                return (v[2] + v[3]) / 2
            }
            {
            a = median6(5); b = median6(NF - 5); peak = 0
            for (i = 6; i <= NF; i++) if ($i > peak) peak = $i
            printf "minute 1 %.1f MB, end %.1f MB, peak %.1f MB: growth %.1f%%", a / 1024, b / 1024, peak / 1024, 100 * (b - a) / a }')
        echo "soak $preset ${seconds}s: RSS MB every 10 s: $(echo "$list" | awk '{for (i=1;i<=NF;i++) printf "%.0f ", $i/1024}')"
        echo "soak $preset: $report"
        local growth=${report##*growth }; growth=${growth%\%}
        awk -v g="$growth" 'BEGIN { exit !(g <= 5) }' || fail "soak $preset: RSS grew ${growth}% after minute 1"
    done
}

# One dashboard signal trial: start, wait a random 0.3–3 s (mid-frame, mid-evaluation), signal, check.
signal_trial() {
    local sig=$1 preset=$2
    start_pane 120 36 "$preset"; local pid; pid=$(pane_pid)
    sleep "$(awk -v r=$RANDOM 'BEGIN { printf "%.2f", 0.3 + 2.7 * r / 32768 }')"
    local expect
    case $sig in
        INT) expect=130; kill -INT "$pid" ;;
        TERM) expect=143; kill -TERM "$pid" ;;
        HUP) expect=129; kill -HUP "$pid" ;;
        TSTP)
            # Stopped then continued: the dashboard must come back and still quit cleanly on q.
            expect=0; kill -TSTP "$pid"; wait_stopped "$pid" || fail "TSTP $preset: the lab did not stop"; kill -CONT "$pid"; sleep 0.5
            kill -0 "$pid" 2>/dev/null || { fail "TSTP/CONT $preset: the lab died"; return; } ;;
    esac
    local code; if [ "$sig" = TSTP ]; then code=$(quit_pane); else code=$(wait_exit 150); fi
    [ "$code" = "$expect" ] || { fail "$sig $preset: exit $code, expected $expect"; kill -9 "$pid" 2>/dev/null; return; }
    if ! diff -q "$PANE/stty.before" "$PANE/stty.after" > /dev/null; then
        fail "$sig $preset: the terminal is not restored: $(diff "$PANE/stty.before" "$PANE/stty.after" | tr '\n' ' ')"
        return
    fi
    ok=$((ok + 1))
}

signals() {
    local trials=${1:-100} ok=0
    # Mid-evaluation (ddpm, ddcm), mid-teacher-phase (--no-cache), a race, a sweep, a study, a physics demo.
    local sigs=(INT TERM HUP TSTP)
    local presets=(reflow-mixture moe-balance sid ddpm ddcm kepler "sid --no-cache" "reflow2 --no-cache" race-adam-muon
                   compute-optimal mup checkpointing)
    for i in $(seq "$trials"); do signal_trial "${sigs[i % 4]}" "${presets[RANDOM % ${#presets[@]}]}"; done
    echo "signals: $ok/$trials trials exited with the conventional code and a restored terminal"
}

headless() {
    local trials=${1:-20} ok=0
    for i in $(seq "$trials"); do
        local out="$WORK/run-$i"
        "$LAB" run reflow-mixture --steps 100000 --set eval_every=200 --set eval_samples=500 --out "$out" > "$WORK/run.log" 2>&1 &
        local pid=$!
        sleep "$(awk -v r=$RANDOM 'BEGIN { printf "%.2f", 1 + 3 * r / 32768 }')"
        kill -INT $pid
        wait $pid; local code=$?
        if [ $code != 130 ]; then fail "headless SIGINT trial $i: exit $code"; continue; fi
        grep -q '"interrupted": true' "$out/summary.json" 2>/dev/null || { fail "headless SIGINT trial $i: no summary.json saying interrupted"; continue; }
        [ -s "$out/metrics.csv" ] && [ -s "$out/samples.csv" ] || { fail "headless SIGINT trial $i: partial outputs missing"; continue; }
        ok=$((ok + 1))
    done
    echo "headless: $ok/$trials SIGINT trials exited 130 with metrics.csv, samples.csv and summary.json written"
}

runs() {
    local n=${1:-50} crashed=0 refused=0 ran=0 diverged=0
    local values=("" "-1" "0" "1" "nan" "inf" "-inf" "1e308" "99999999999" "abc" "[1,2]" "1.5" $'\xff\xfe' "true" "{a: 1}"
                  "2" "64" "1e-4" "0.1" "3" "16,16" "1,1" "adam" "muon" "moons" "rings" "silu" "10")
    local keys=(lr batch hidden seed steps eval_every eval_samples sampler_steps optimizer dataset activation log_every validation_size nosuch)
    for i in $(seq "$n"); do
        local k=${keys[RANDOM % ${#keys[@]}]} v=${values[RANDOM % ${#values[@]}]}
        local out="$WORK/fuzz-$i"
        timeout 120 "$LAB" run reflow-mixture --steps 20 --set "eval_samples=300" --set "$k=$v" --out "$out" > "$WORK/fuzz.log" 2>&1
        local code=$?
        case $code in
            0) ran=$((ran + 1)) ;;
            2) refused=$((refused + 1))
               [ "$(wc -l < "$WORK/fuzz.log")" -le 1 ] || { fail "run $k=$v: refusal is not one line: $(head -c 300 "$WORK/fuzz.log")"; crashed=$((crashed + 1)); } ;;
            3) diverged=$((diverged + 1)) ;;
            *) fail "run $k=$v: exit $code: $(tail -c 300 "$WORK/fuzz.log")"; crashed=$((crashed + 1)) ;;
        esac
        if grep -qiE 'fatal error|stack trace|backtrace|segmentation|0x[0-9a-f]{8}' "$WORK/fuzz.log"; then
            fail "run $k=$v: crash text: $(head -c 300 "$WORK/fuzz.log")"; crashed=$((crashed + 1))
        fi
    done
    echo "runs: $n fuzzed lab run processes: $ran ran, $refused refused (exit 2, one line), $diverged diverged (exit 3), $crashed crashed or hung"
}

# q mid-evaluation: the trainer and its evaluator threads are cancelled and joined before the process exits, so
# none is left inside BLAS (issue 24 found "BLAS : Bad memory unallocation!" and exit 139 here).
quits() {
    local n=$1 slow=0 bad=0
    for p in ddpm ddcm cfg race-adam-muon; do
        local worst=0
        for t in $(seq "$n"); do
            start_pane 120 36 "$p"
            if [ "$p" = race-adam-muon ]; then
                sleep "$(awk -v r=$RANDOM 'BEGIN { printf "%.1f", 3 + 12 * r / 32768 }')"
            else
                for _ in $(seq 300); do tmux -L $SOCK capture-pane -p 2>/dev/null | grep -q 'evaluating' && break; sleep 0.05; done
            fi
            timed_quit; local ms=$QUIT_MS code=$QUIT_CODE
            [ "$ms" -gt "$worst" ] && worst=$ms
            [ "$code" = 0 ] || { fail "quits $p trial $t: exit $code"; bad=$((bad + 1)); }
            [ "$ms" -le 500 ] || { fail "quits $p trial $t: q took $ms ms"; slow=$((slow + 1)); }
            diff -q "$PANE/stty.before" "$PANE/stty.after" >/dev/null 2>&1 || fail "quits $p trial $t: terminal not restored"
            if tmux -L $SOCK capture-pane -p -S -50 2>/dev/null | grep -qiE 'BLAS|segmentation|fatal error'; then
                fail "quits $p trial $t: crash text"; bad=$((bad + 1))
            fi
        done
        echo "quits: $p $n quits mid-evaluation, slowest $worst ms"
    done
    echo "quits: $((4 * n)) quits, $bad crashed or exited non-zero, $slow over 0.5 s"
}

# q latency on every preset, and inside a teacher phase and at the coupling that follows it (--no-cache).
latency() {
    local wait=${1:-30} slow=0 worst=0 worstRun=""
    local runs=()
    for f in presets/*.yaml; do runs+=("$(basename "$f" .yaml)@$wait"); done
    runs+=("sid --no-cache@3" "reflow2 --no-cache@3" "reflow2 --no-cache@14" "distill --no-cache@14")
    for r in "${runs[@]}"; do
        local args=${r%@*} at=${r##*@}
        start_pane 120 36 "$args"
        sleep "$at"
        timed_quit; local ms=$QUIT_MS code=$QUIT_CODE
        echo "latency: $args after ${at}s: q took $ms ms, exit $code"
        [ "$ms" -gt "$worst" ] && { worst=$ms; worstRun="$args after ${at}s"; }
        [ "$code" = 0 ] || fail "latency $args: exit $code"
        [ "$ms" -le 500 ] || { fail "latency $args after ${at}s: q took $ms ms"; slow=$((slow + 1)); }
        diff -q "$PANE/stty.before" "$PANE/stty.after" >/dev/null 2>&1 || fail "latency $args: terminal not restored"
    done
    echo "latency: ${#runs[@]} quits, $slow over 0.5 s, slowest $worst ms ($worstRun)"
}

# The suite's preset fuzz at full size, optimised (the suite runs its first quarter in debug).
fuzz() {
    LAB_FUZZ_FULL=1 swift test -c release --filter PresetFuzzTests 2>&1 | grep -E "✔|✘|passed|failed" | tail -12
    [ "${PIPESTATUS[0]}" = 0 ] || fail "fuzz: the full preset fuzz failed"
}

case ${1:-all} in
    soak) soak "${2:-600}" ;;
    signals) signals "${2:-100}" ;;
    headless) headless "${2:-20}" ;;
    runs) runs "${2:-50}" ;;
    quits) quits "${2:-20}" ;;
    fuzz) fuzz ;;
    latency) latency "${2:-30}" ;;
    all) runs 50; headless 20; quits 20; latency 30; fuzz; signals 100; soak 600 ;;
    *) echo "usage: scripts/stress.sh soak|signals|headless|runs|quits|latency|fuzz|all [N]"; exit 2 ;;
esac
echo "stress: $failures failed checks"
exit $failures
