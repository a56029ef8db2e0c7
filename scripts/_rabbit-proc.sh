# Process helpers shared by start-rabbit.sh and stop-rabbit.sh (sourced, not run).
# The caller defines log() and RMQ_BASE.

# State from /proc/PID/stat: `kill -0` also succeeds on zombies.
alive() {
    local s
    [[ ${1:-} =~ ^[0-9]+$ ]] || return 1
    s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    s=${s##*) }
    s=${s%% *}
    [[ -n $s && $s != [ZXx] ]]
}
# Started by start-rabbit.sh for this RMQ_BASE (its env.sh exports the marker).
has_marker() {
    local e
    e=$(tr '\0' '\n' <"/proc/$1/environ" 2>/dev/null) || return 1
    [[ $'\n'$e$'\n' == *$'\n'"VOBJECTS_RMQ_BASE=$RMQ_BASE"$'\n'* ]]
}
# An Erlang VM of ours: the node name is not on beam's command line, `-home` is.
is_our_beam() {
    local c
    alive "$1" || return 1
    c=$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null) || return 1
    [[ " $c " == *" -home $RMQ_BASE "* ]]
}
read_pid() {
    local p
    p=$(cat "$1" 2>/dev/null) || true
    [[ $p =~ ^[0-9]+$ ]] && echo "$p"
    return 0
}
wait_gone() { # PID TENTHS
    local i
    for ((i = 0; i < $2; i++)); do alive "$1" || return 0; sleep 0.1; done
    ! alive "$1"
}
kill_wait() { # PID SECONDS WHAT: SIGTERM, wait SECONDS, then SIGKILL
    alive "$1" || return 0
    log "stopping $3 (PID $1)"
    kill -TERM "$1" 2>/dev/null || true
    wait_gone "$1" $(($2 * 10)) && return 0
    log "$3 (PID $1) ignored SIGTERM for $2 s, sending SIGKILL"
    kill -KILL "$1" 2>/dev/null || true
    wait_gone "$1" 50 && return 0
    log "ERROR: $3 (PID $1) survived SIGKILL"
    return 1
}
