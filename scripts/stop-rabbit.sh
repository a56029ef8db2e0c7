#!/usr/bin/env bash
# Stop the private RabbitMQ broker started by scripts/start-rabbit.sh.
#
# Works from the PIDs recorded in $RMQ_BASE (rabbit.pid, wrapper.pid,
# epmd.pid) and only signals processes that carry that RMQ_BASE: SIGTERM
# (a graceful broker shutdown), wait up to RMQ_STOP_TIMEOUT seconds, then
# SIGKILL. Its epmd is stopped too, unless another node is registered there.
# Safe to run twice: with nothing running it does nothing and exits 0.
#
# Environment (defaults in brackets):
#   RMQ_BASE          state directory of start-rabbit.sh [/tmp/vobjects-rabbit]
#   RMQ_STOP_TIMEOUT  seconds to wait after SIGTERM before SIGKILL [30]
#   RMQ_WIPE          1: remove RMQ_BASE afterwards (data, logs, cookie) [0]
#   RMQ_EPMD_PORT     epmd port, if $RMQ_BASE/env.sh is gone [4369]
set -euo pipefail

RMQ_BASE=${RMQ_BASE:-/tmp/vobjects-rabbit}
RMQ_BASE=${RMQ_BASE%/}
RMQ_STOP_TIMEOUT=${RMQ_STOP_TIMEOUT:-30}
RMQ_WIPE=${RMQ_WIPE:-0}

log() { printf 'stop-rabbit: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ $RMQ_BASE =~ ^/[A-Za-z0-9._/-]+$ && $RMQ_BASE != *..* ]] ||
    die "RMQ_BASE must be an absolute path of [A-Za-z0-9._/-] (got '$RMQ_BASE')"
[[ $RMQ_STOP_TIMEOUT =~ ^[0-9]+$ ]] || die "RMQ_STOP_TIMEOUT must be a number of seconds"

. "$(dirname "$0")/_rabbit-proc.sh"

if [[ ! -d $RMQ_BASE ]]; then
    log "nothing to stop: $RMQ_BASE does not exist"
    exit 0
fi
exec 9>>"$RMQ_BASE/.lock"
flock -w $((RMQ_STOP_TIMEOUT + 90)) 9 || die "another start/stop holds $RMQ_BASE/.lock"

epmd_port=${RMQ_EPMD_PORT:-4369}
if [[ -r $RMQ_BASE/env.sh ]]; then
    p=$(sed -n 's/^export ERL_EPMD_PORT=\([0-9]*\)$/\1/p' "$RMQ_BASE/env.sh")
    [[ -z $p ]] || epmd_port=$p
fi

status=0 stopped=0
# 1. The broker VM: recorded PID, plus any VM of ours whose PID was not
#    recorded (e.g. killed between boot and writing rabbit.pid, or a CLI).
beams=()
p=$(read_pid "$RMQ_BASE/rabbit.pid")
[[ -z $p ]] || ! is_our_beam "$p" || beams+=("$p")
for d in /proc/[0-9]*; do
    p=${d#/proc/}
    [[ " ${beams[*]} " == *" $p "* ]] && continue
    [[ $(cat "$d/comm" 2>/dev/null) == beam* ]] && is_our_beam "$p" && beams+=("$p")
done
for p in "${beams[@]}"; do
    kill_wait "$p" "$RMQ_STOP_TIMEOUT" "broker beam.smp" || status=1
    stopped=1
done

# 2. The rabbitmq-server shell wrapper normally exits together with beam.
p=$(read_pid "$RMQ_BASE/wrapper.pid")
if [[ -n $p ]] && alive "$p" && has_marker "$p"; then
    wait_gone "$p" 50 || { kill_wait "$p" "$RMQ_STOP_TIMEOUT" "rabbitmq-server wrapper" || status=1; }
    stopped=1
fi
((status)) || rm -f "$RMQ_BASE/rabbit.pid" "$RMQ_BASE/wrapper.pid"

# 3. Our epmd, unless another node (not a passing CLI) is registered there.
p=$(read_pid "$RMQ_BASE/epmd.pid")
if [[ -n $p ]] && alive "$p" && has_marker "$p" && [[ $(cat "/proc/$p/comm" 2>/dev/null) == epmd ]]; then
    others=
    for _ in 1 2 3 4 5 6 7 8 9 10; do # our node deregisters as its socket closes
        others=$(epmd -port "$epmd_port" -names 2>/dev/null |
            sed -n 's/^name \(.*\) at port [0-9]*$/\1/p' | grep -v '^rabbitmqcli-' || true)
        [[ -n $others ]] || break
        sleep 0.1
    done
    if [[ -n $others ]]; then
        log "leaving epmd (PID $p) running: other nodes registered: $(echo "$others" | tr '\n' ' ')"
    else
        kill_wait "$p" "$RMQ_STOP_TIMEOUT" epmd && rm -f "$RMQ_BASE/epmd.pid" || status=1
        stopped=1
    fi
elif [[ -n $p ]]; then
    rm -f "$RMQ_BASE/epmd.pid"
fi

((stopped)) || log "nothing was running for $RMQ_BASE"

if [[ $RMQ_WIPE == 1 ]]; then
    if ((status)); then
        log "not wiping $RMQ_BASE: something is still running"
    elif [[ -f $RMQ_BASE/.vobjects-rabbit ]]; then
        rm -rf "$RMQ_BASE"
        log "removed $RMQ_BASE"
    else
        die "not wiping $RMQ_BASE: it has no .vobjects-rabbit marker (not made by start-rabbit.sh)"
    fi
fi
exit "$status"
