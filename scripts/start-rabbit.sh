#!/usr/bin/env bash
# Start a private RabbitMQ broker for the vobjects tests, on loopback only.
#
# Installs Debian's rabbitmq-server with apt if it is missing (needs root),
# then runs a node of our own under $RMQ_BASE: its own epmd, cookie, config
# and data, no plugins, every listener on 127.0.0.1.  Diagnostics go to
# stderr; the last line on stdout is the broker's (beam.smp) PID.
# Running it again while the broker is up only prints that PID.
# Stop it with scripts/stop-rabbit.sh.
#
# Environment (defaults in brackets):
#   RMQ_BASE           state directory [/tmp/vobjects-rabbit]
#   RMQ_PORT           AMQP port on 127.0.0.1 [5672]
#   RMQ_DIST_PORT      Erlang distribution port [RMQ_PORT + 20000]
#   RMQ_EPMD_PORT      port of the epmd this script starts [4369]
#   RMQ_NODENAME       node name [vobjects@localhost]
#   RMQ_START_TIMEOUT  seconds to wait for the broker [60]
#   RMQ_INSTALL        1: apt-get install rabbitmq-server if missing [1]
#   RMQ_KEEP_DATA      1: keep $RMQ_BASE/mnesia from an earlier run [0]
#
# Files in $RMQ_BASE: env.sh (environment of server and CLI), rabbitmqctl and
# rabbitmq-diagnostics (CLI wrappers for this node), rabbit.pid, wrapper.pid,
# epmd.pid, log/ (server.out, the node log, epmd.out), mnesia/.
set -euo pipefail

RMQ_BASE=${RMQ_BASE:-/tmp/vobjects-rabbit}
RMQ_BASE=${RMQ_BASE%/}
RMQ_PORT=${RMQ_PORT:-5672}
RMQ_DIST_PORT=${RMQ_DIST_PORT:-$((RMQ_PORT + 20000))}
RMQ_EPMD_PORT=${RMQ_EPMD_PORT:-4369}
RMQ_NODENAME=${RMQ_NODENAME:-vobjects@localhost}
RMQ_START_TIMEOUT=${RMQ_START_TIMEOUT:-60}
RMQ_INSTALL=${RMQ_INSTALL:-1}
RMQ_KEEP_DATA=${RMQ_KEEP_DATA:-0}

# The real scripts. /usr/sbin/rabbitmq* would `su rabbitmq` and use
# /var/lib/rabbitmq as HOME (other cookie, unwritable $RMQ_BASE).
BIN=/usr/lib/rabbitmq/bin
POLICY=/usr/sbin/policy-rc.d
POLICY_SAVED=$POLICY.vobjects-saved
POLICY_MARK='# vobjects start-rabbit.sh: temporary deny'

log() { printf 'start-rabbit: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now_ms() { local t=${EPOCHREALTIME//[!0-9]/}; echo $((10#$t / 1000)); }
T0=$(now_ms)
elapsed() { local ms=$(($(now_ms) - T0)); printf '%d.%03ds' $((ms / 1000)) $((ms % 1000)); }

# ---- arguments --------------------------------------------------------------
[[ $RMQ_BASE =~ ^/[A-Za-z0-9._/-]+$ && $RMQ_BASE != *..* ]] ||
    die "RMQ_BASE must be an absolute path of [A-Za-z0-9._/-] (got '$RMQ_BASE')"
[[ $RMQ_NODENAME =~ ^[A-Za-z0-9_-]+@[A-Za-z0-9.-]+$ ]] ||
    die "RMQ_NODENAME must look like name@host (got '$RMQ_NODENAME')"
for v in RMQ_PORT RMQ_DIST_PORT RMQ_EPMD_PORT; do
    if ! [[ ${!v} =~ ^[0-9]+$ ]] || ((${!v} < 1 || ${!v} > 65535)); then
        die "$v is not a port: '${!v}'"
    fi
done
if ! [[ $RMQ_START_TIMEOUT =~ ^[0-9]+$ ]] || ((RMQ_START_TIMEOUT < 1)); then
    die "RMQ_START_TIMEOUT must be a positive number of seconds"
fi

# ---- process helpers ----------------------------------------------------------
. "$(dirname "$0")/_rabbit-proc.sh"
# TCP listeners, from /proc/net/tcp{,6} (no ss needed). ADDR is the kernel's
# hex form ("0100007F" for 127.0.0.1) or "*" for any address.
listening() { # PORT [ADDR]
    local files=() f
    for f in /proc/net/tcp /proc/net/tcp6; do [[ -r $f ]] && files+=("$f"); done
    awk -v port="$(printf '%04X' "$1")" -v addr="${2:-*}" '
        $4 == "0A" { split($2, a, ":"); if (a[2] == port && (addr == "*" || a[1] == addr)) f = 1 }
        END { exit !f }' "${files[@]}"
}
epmd_names() { epmd -port "$RMQ_EPMD_PORT" -names 2>/dev/null; }

# ---- cleanup on failure / exit ----------------------------------------------------
STARTED_EPMD='' STARTED_WRAPPER='' POLICY_ACTIVE='' LOGS_OURS=''

restore_policy() {
    [[ -n $POLICY_ACTIVE ]] || return 0
    rm -f "$POLICY"
    if [[ -e $POLICY_SAVED || -L $POLICY_SAVED ]]; then mv -f "$POLICY_SAVED" "$POLICY"; fi
    POLICY_ACTIVE=
}

stop_started() {
    local beam
    beam=$(read_pid "$RMQ_BASE/rabbit.pid")
    if [[ -n $beam ]] && is_our_beam "$beam"; then
        kill_wait "$beam" 15 "broker beam.smp" || true
    fi
    if [[ -n $STARTED_WRAPPER ]] && alive "$STARTED_WRAPPER" && has_marker "$STARTED_WRAPPER"; then
        kill_wait "$STARTED_WRAPPER" 15 "rabbitmq-server wrapper" || true
    fi
    if [[ -n $STARTED_EPMD ]] && alive "$STARTED_EPMD" && has_marker "$STARTED_EPMD"; then
        kill_wait "$STARTED_EPMD" 5 epmd || true
    fi
    rm -f "$RMQ_BASE/rabbit.pid" "$RMQ_BASE/wrapper.pid"
    [[ -z $STARTED_EPMD ]] || rm -f "$RMQ_BASE/epmd.pid"
    STARTED_WRAPPER='' STARTED_EPMD=''
}

show_logs() {
    local f
    [[ -n $LOGS_OURS ]] || return 0 # logs of an earlier run would mislead
    for f in "$RMQ_BASE"/log/server.out "$RMQ_BASE"/log/*.log "$RMQ_BASE"/log/epmd.out; do
        [[ -s $f ]] || continue
        printf '%s\n' "----- last lines of $f -----" >&2
        tail -n 30 "$f" >&2
    done
}

fail() {
    log "ERROR: $* (after $(elapsed))"
    show_logs
    stop_started
    restore_policy
    exit 1
}

on_exit() { restore_policy; }
trap on_exit EXIT
trap 'fail "interrupted"' INT TERM HUP

# ---- install --------------------------------------------------------------
install_rabbit() {
    if [[ -x $BIN/rabbitmq-server && -x $BIN/rabbitmqctl ]] && command -v epmd >/dev/null; then
        return 0
    fi
    [[ $RMQ_INSTALL == 1 ]] || die "rabbitmq-server is not installed (and RMQ_INSTALL=$RMQ_INSTALL)"
    [[ $(id -u) == 0 ]] || die "rabbitmq-server is not installed; installing it needs root"
    command -v apt-get >/dev/null || die "rabbitmq-server is not installed and there is no apt-get"

    # The package's postinst runs `invoke-rc.d rabbitmq-server start`, which
    # would start a system broker on 0.0.0.0. Deny it for the install.
    if [[ -e $POLICY_SAVED || -L $POLICY_SAVED ]] && grep -qF "$POLICY_MARK" "$POLICY" 2>/dev/null; then
        log "restoring $POLICY left over by an interrupted run"
        mv -f "$POLICY_SAVED" "$POLICY"
    fi
    [[ ! -e $POLICY_SAVED && ! -L $POLICY_SAVED ]] || die "$POLICY_SAVED exists; move it back to $POLICY first"
    POLICY_ACTIVE=1
    if [[ -e $POLICY || -L $POLICY ]]; then mv -f "$POLICY" "$POLICY_SAVED"; fi
    printf '#!/bin/sh\n%s\nexit 101\n' "$POLICY_MARK" >"$POLICY"
    chmod 755 "$POLICY"

    local t
    t=$(now_ms)
    log "installing rabbitmq-server with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2 || fail "apt-get update failed"
    apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=120 rabbitmq-server >&2 ||
        fail "apt-get install rabbitmq-server failed"
    restore_policy
    log "installed rabbitmq-server in $((($(now_ms) - t) / 1000)) s"
    [[ -x $BIN/rabbitmq-server ]] || die "$BIN/rabbitmq-server missing after install"
    command -v epmd >/dev/null || die "epmd missing after install"
}

# ---- private configuration -----------------------------------------------------------
write_files() {
    local erl_args='-start_epmd false -kernel inet_dist_use_interface {127,0,0,1}' b=$RMQ_BASE t
    mkdir -p "$b/log" "$b/conf.d"
    : >"$b/.vobjects-rabbit" # marker: stop-rabbit.sh RMQ_WIPE=1 only removes such a dir
    printf '[].\n' >"$b/enabled_plugins"  # no plugins: no management port 15672
    printf '[].\n' >"$b/advanced.config"
    printf '# private vobjects test broker, see scripts/start-rabbit.sh\n' >"$b/rabbitmq-env.conf"
    printf '%s\n' '# private vobjects test broker, see scripts/start-rabbit.sh' \
        'log.console = false' 'log.file.level = info' >"$b/rabbitmq.conf"

    # Random cookie, read by server and CLI from $HOME/.erlang.cookie.
    rm -f "$b/.erlang.cookie"
    (umask 377 && head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$b/.erlang.cookie")
    chmod 400 "$b/.erlang.cookie"

    cat >"$b/env.sh.new" <<EOF
# Generated by scripts/start-rabbit.sh: environment of the private broker and
# of its CLI. Sets HOME (the cookie lives there): source it in a subshell only.
for _v in \$(env | sed -n 's/^\\(RABBITMQ_[A-Za-z0-9_]*\\)=.*/\\1/p'); do unset "\$_v"; done
unset _v ERL_FLAGS ERL_AFLAGS ERL_ZFLAGS NOTIFY_SOCKET
export VOBJECTS_RMQ_BASE='$b'
export HOME='$b'
export RABBITMQ_NODENAME='$RMQ_NODENAME'
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT=$RMQ_PORT
export RABBITMQ_DIST_PORT=$RMQ_DIST_PORT
export RABBITMQ_MNESIA_BASE='$b/mnesia'
export RABBITMQ_LOG_BASE='$b/log'
export RABBITMQ_PID_FILE='$b/rabbit.pid'
export RABBITMQ_ENABLED_PLUGINS_FILE='$b/enabled_plugins'
export RABBITMQ_CONF_ENV_FILE='$b/rabbitmq-env.conf'
export RABBITMQ_CONFIG_FILE='$b/rabbitmq.conf'
export RABBITMQ_CONFIG_FILES='$b/conf.d'
export RABBITMQ_ADVANCED_CONFIG_FILE='$b/advanced.config'
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='$erl_args'
export RABBITMQ_CTL_ERL_ARGS='$erl_args'
export ERL_EPMD_ADDRESS=127.0.0.1
export ERL_EPMD_PORT=$RMQ_EPMD_PORT
export ERL_CRASH_DUMP='$b/log/erl_crash.dump'
EOF
    mv -f "$b/env.sh.new" "$b/env.sh"

    for t in rabbitmqctl rabbitmq-diagnostics; do
        printf '%s\n' '#!/bin/sh' "# Generated by scripts/start-rabbit.sh: $t for the private broker." \
            ". '$b/env.sh'" "exec $BIN/$t \"\$@\"" >"$b/$t"
        chmod 755 "$b/$t"
    done
}

ctl() { # rabbitmqctl for our node, bounded by SECONDS
    local secs=$1
    shift
    # shellcheck source=/dev/null
    (. "$RMQ_BASE/env.sh" && cd "$RMQ_BASE" &&
        exec timeout -k 5 "$secs" "$BIN/rabbitmqctl" "$@" 9>&-)
}

# ---- main --------------------------------------------------------------------
install_rabbit

mkdir -p "$RMQ_BASE"
chmod 700 "$RMQ_BASE"
exec 9>"$RMQ_BASE/.lock"
flock -w "$RMQ_START_TIMEOUT" 9 || die "another start/stop holds $RMQ_BASE/.lock"

# Already running?
beam=$(read_pid "$RMQ_BASE/rabbit.pid")
if [[ -n $beam ]] && is_our_beam "$beam" && [[ -r $RMQ_BASE/env.sh ]]; then
    if ctl "$RMQ_START_TIMEOUT" -q await_startup >&2; then
        log "broker already running (PID $beam)"
        echo "$beam"
        exit 0
    fi
    die "broker PID $beam of $RMQ_BASE is running but not ready; run scripts/stop-rabbit.sh"
fi
wrapper=$(read_pid "$RMQ_BASE/wrapper.pid")
if [[ -n $wrapper ]] && alive "$wrapper" && has_marker "$wrapper"; then
    die "an earlier rabbitmq-server of $RMQ_BASE (PID $wrapper) is still there; run scripts/stop-rabbit.sh"
fi

# Fresh start: ports must be free (a stale broker there would fake readiness).
for p in "$RMQ_PORT" "$RMQ_DIST_PORT"; do
    ! listening "$p" || die "TCP port $p is already in use (another broker?); set RMQ_PORT/RMQ_DIST_PORT"
done
rm -f "$RMQ_BASE/rabbit.pid" "$RMQ_BASE/wrapper.pid"
rm -rf "$RMQ_BASE/log"
[[ $RMQ_KEEP_DATA == 1 ]] || rm -rf "$RMQ_BASE/mnesia"
write_files
LOGS_OURS=1
# shellcheck source=/dev/null
. "$RMQ_BASE/env.sh"
cd "$RMQ_BASE"
deadline=$(($(now_ms) + RMQ_START_TIMEOUT * 1000))

# epmd: ours, on loopback, started by PID (erl would otherwise start a stray one).
old=$(read_pid "$RMQ_BASE/epmd.pid")
if listening "$RMQ_EPMD_PORT"; then
    names=$(epmd_names) || die "port $RMQ_EPMD_PORT is in use but is not an epmd; set RMQ_EPMD_PORT"
    if [[ -n $old ]] && alive "$old" && has_marker "$old"; then
        log "reusing our epmd (PID $old) on port $RMQ_EPMD_PORT"
    else
        log "reusing an epmd we did not start on port $RMQ_EPMD_PORT"
        rm -f "$RMQ_BASE/epmd.pid"
    fi
    [[ $'\n'$names$'\n' != *$'\n'"name ${RMQ_NODENAME%@*} at port "* ]] ||
        die "node name ${RMQ_NODENAME%@*} is already registered in epmd on port $RMQ_EPMD_PORT; set RMQ_NODENAME"
else
    setsid epmd -address 127.0.0.1 -port "$RMQ_EPMD_PORT" </dev/null >"$RMQ_BASE/log/epmd.out" 2>&1 9>&- &
    STARTED_EPMD=$!
    echo "$STARTED_EPMD" >"$RMQ_BASE/epmd.pid"
    until listening "$RMQ_EPMD_PORT" 0100007F; do
        alive "$STARTED_EPMD" || fail "epmd exited at start"
        (($(now_ms) < deadline)) || fail "epmd did not listen on 127.0.0.1:$RMQ_EPMD_PORT"
        sleep 0.05
    done
    [[ $(cat "/proc/$STARTED_EPMD/comm" 2>/dev/null) == epmd ]] ||
        fail "PID $STARTED_EPMD is not epmd (setsid forked?)"
fi

# The broker, in the foreground of a background job: a crash at boot shows as
# the wrapper exiting instead of a timeout. beam.smp writes rabbit.pid itself.
unset RABBITMQ_ALLOW_INPUT detached
setsid "$BIN/rabbitmq-server" </dev/null >"$RMQ_BASE/log/server.out" 2>&1 9>&- &
STARTED_WRAPPER=$!
echo "$STARTED_WRAPPER" >"$RMQ_BASE/wrapper.pid"
log "started rabbitmq-server (wrapper PID $STARTED_WRAPPER), waiting for 127.0.0.1:$RMQ_PORT"

until listening "$RMQ_PORT" 0100007F; do
    alive "$STARTED_WRAPPER" || fail "rabbitmq-server exited during startup"
    (($(now_ms) < deadline)) || fail "broker not listening on 127.0.0.1:$RMQ_PORT within ${RMQ_START_TIMEOUT}s"
    sleep 0.1
done
log "port $RMQ_PORT open after $(elapsed)"

left=$(((deadline - $(now_ms)) / 1000))
((left >= 5)) || left=5
ctl "$left" -q await_startup >&2 || fail "rabbitmqctl await_startup failed"

beam=$(read_pid "$RMQ_BASE/rabbit.pid")
if [[ -z $beam ]] || ! is_our_beam "$beam"; then
    fail "no live broker PID in $RMQ_BASE/rabbit.pid"
fi
log "broker ready after $(elapsed): PID $beam, amqp://guest:guest@127.0.0.1:$RMQ_PORT/"
STARTED_WRAPPER='' STARTED_EPMD=''
echo "$beam"
