#!/usr/bin/env bash
# Starts and stops a one-node SLURM cluster on this host from Debian's packages (slurm-wlm 22.05, munge), so that the
# SLURM executor and its tests run against real slurmctld/slurmd daemons rather than a mock. Everything it writes
# (configuration, munge key, state, spool, pid files, logs) lives in one private state directory; nothing in /etc is
# touched and the daemons listen for this host only. Why each setting is what it is: docs/scale.md.
set -Eeuo pipefail

PROG=$(basename "$0")
readonly PROG
# The daemons live in /usr/sbin, which an ordinary user's PATH often lacks.
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH=$PATH:/usr/sbin:/sbin ;; esac
readonly INSTALL_HINT="apt-get install -y slurm-wlm munge"
readonly STATE_DIR=${RESNETSPI_SLURM_DIR:-/tmp/resnetspi-slurm}
readonly CTLD_PORT=${RESNETSPI_SLURM_PORT:-6817}
readonly UP_TIMEOUT=${RESNETSPI_SLURM_TIMEOUT:-60}
readonly PARTITION=${RESNETSPI_SLURM_PARTITION:-local}
readonly CONF=$STATE_DIR/slurm.conf
readonly MUNGE_SOCKET=$STATE_DIR/munge/munge.socket
readonly LOG_DIR=$STATE_DIR/log

usage() {
    cat <<EOF
Usage: $PROG up|down|status|env|clean

A one-node SLURM cluster on this host (slurmctld, slurmd and munged from Debian's slurm-wlm and munge packages),
configured for this machine in a private state directory.

  up       generate the configuration and munge key (first time), start munged, slurmctld and slurmd, and wait
           until sinfo shows the node idle; prints the line to export. Already up: says so.
  down     cancel every job of this cluster, stop the daemons; does nothing when nothing runs
  status   which daemons run, sinfo and squeue; exit status 0 when all three run, 3 otherwise
  env      print "export SLURM_CONF=..." for the client commands (sbatch, squeue, ...):  eval "\$($PROG env)"
  clean    'down', then remove the state directory (configuration, munge key, job state, logs)

Environment:
  RESNETSPI_SLURM_DIR        state directory (default /tmp/resnetspi-slurm)
  RESNETSPI_SLURM_PORT       slurmctld port (default 6817); slurmd listens on the next one
  RESNETSPI_SLURM_TIMEOUT    seconds 'up' waits for the node to become idle (default 60)
  RESNETSPI_SLURM_PARTITION  name of the one partition (default local)

Needs root, or passwordless sudo (used by itself), since slurmd starts jobs as their submitting user; and the
packages ($INSTALL_HINT): run as root with apt-get available, 'up' installs missing ones itself.
EOF
}

say() { echo "$PROG: $*" >&2; }
die() { say "$*"; exit 1; }

pid_file() { echo "$STATE_DIR/$1.pid"; }

# The pid recorded for daemon $1 when that process still runs that program; empty otherwise (a stale pid file, or a
# pid reused by something else, must never be killed).
live_pid() {
    local name=$1 file pid
    file=$(pid_file "$name")
    [[ -s $file ]] || return 0
    pid=$(tr -dc '0-9' <"$file")
    [[ -n $pid && -r /proc/$pid/comm ]] || return 0
    [[ $(cat "/proc/$pid/comm") == "$name" ]] && echo "$pid"
    return 0
}

# The daemons run as root (slurmd starts each job as its submitting user). Not root: the same command through
# passwordless sudo where there is one (CI runners), so that the caller's jobs run as the caller.
require_root() {
    [[ $(id -u) -eq 0 ]] && return 0
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        exec sudo -n env RESNETSPI_SLURM_DIR="$STATE_DIR" RESNETSPI_SLURM_PORT="$CTLD_PORT" \
            RESNETSPI_SLURM_TIMEOUT="$UP_TIMEOUT" RESNETSPI_SLURM_PARTITION="$PARTITION" PATH="$PATH" bash "$0" "$@"
    fi
    die "must run as root, or with passwordless sudo: slurmd starts each job as its submitting user (run: sudo $0 $*)"
}

ensure_packages() {
    local missing=() cmd
    for cmd in munged mungekey slurmctld slurmd sbatch squeue sinfo scancel scontrol; do
        command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd")
    done
    ((${#missing[@]} == 0)) && return 0
    if command -v apt-get >/dev/null 2>&1; then
        say "installing slurm-wlm and munge (${missing[*]} not found): $INSTALL_HINT"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge >"$STATE_DIR/apt-get.log" 2>&1 \
            || die "could not install the packages (log: $STATE_DIR/apt-get.log); install them with: $INSTALL_HINT"
        for cmd in "${missing[@]}"; do
            command -v "$cmd" >/dev/null 2>&1 || die "$cmd still not found after installing; install with: $INSTALL_HINT"
        done
    else
        die "${missing[*]} not found and no apt-get here; install SLURM and munge (Debian: $INSTALL_HINT)"
    fi
}

# The node line for this host as slurmd itself measures it (CPUs, sockets, cores, threads, RealMemory), so the node
# never drains for claiming more than it has. Addressed on loopback: nothing leaves the host.
node_line() {
    local line
    line=$(slurmd -C | grep '^NodeName=') || die "'slurmd -C' printed no NodeName line"
    echo "$line NodeAddr=127.0.0.1 State=UNKNOWN$(gres_suffix)"
}

# GPUs as SLURM generic resources, one per NVIDIA device file, so --gres=gpu:N / --gpus work where there are GPUs.
gpu_devices() { compgen -G '/dev/nvidia[0-9]*' | sort -V || true; }
gres_suffix() {
    local n
    n=$(gpu_devices | grep -c . || true)
    ((n > 0)) && echo " Gres=gpu:$n"
    return 0
}

write_config() {
    local host
    host=$(hostname -s)
    # The job state source: with accounting_storage/none, sacct has no database to read, so the controller's own
    # memory is it (squeue/scontrol, kept for MinJobAge seconds after a job ends) and the jobcomp/filetxt file after.
    cat >"$CONF" <<EOF
# Generated by $PROG for host $host; regenerated by every '$PROG up'. See docs/scale.md.
ClusterName=resnetspi
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$((CTLD_PORT + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MUNGE_SOCKET
StateSaveLocation=$STATE_DIR/ctld-state
SlurmdSpoolDir=$STATE_DIR/spool
SlurmctldPidFile=$(pid_file slurmctld)
SlurmdPidFile=$(pid_file slurmd)
SlurmctldLogFile=$LOG_DIR/slurmctld.log
SlurmdLogFile=$LOG_DIR/slurmd.log
PlugStackConfig=$STATE_DIR/plugstack.conf
# No cgroups: processes are tracked through /proc and tasks are not confined, so it runs in containers too.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$LOG_DIR/jobcomp.txt
# Finished jobs stay visible to squeue/scontrol for an hour (the default is 300 s).
MinJobAge=3600
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
$( [[ -n $(gres_suffix) ]] && echo "GresTypes=gpu" )
$(node_line)
PartitionName=$PARTITION Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
    : >"$STATE_DIR/plugstack.conf"
    local dev
    : >"$STATE_DIR/gres.conf"
    while read -r dev; do
        [[ -n $dev ]] && echo "Name=gpu File=$dev" >>"$STATE_DIR/gres.conf"
    done < <(gpu_devices)
}

show_logs() {
    local log
    for log in munged slurmctld slurmd; do
        [[ -s $LOG_DIR/$log.log ]] || continue
        echo "--- last lines of $LOG_DIR/$log.log" >&2
        tail -n 15 "$LOG_DIR/$log.log" >&2
    done
}

# Fails with the daemon logs' tails and stops whatever was started, so a failed 'up' leaves nothing running.
fail_up() {
    trap - ERR
    say "$*"
    show_logs
    stop_all >/dev/null 2>&1 || true
    exit 1
}

start_munge() {
    [[ -n $(live_pid munged) ]] && return 0
    if [[ ! -s $STATE_DIR/munge/munge.key ]]; then
        mungekey --create --keyfile="$STATE_DIR/munge/munge.key" >/dev/null 2>&1 \
            || dd if=/dev/urandom of="$STATE_DIR/munge/munge.key" bs=1024 count=1 status=none
        chmod 600 "$STATE_DIR/munge/munge.key"
    fi
    # --force: munged refuses state directories under a world-writable /tmp without it.
    munged --force --socket="$MUNGE_SOCKET" --key-file="$STATE_DIR/munge/munge.key" \
        --pid-file="$(pid_file munged)" --log-file="$LOG_DIR/munged.log" --seed-file="$STATE_DIR/munge/munged.seed" \
        >>"$LOG_DIR/munged.log" 2>&1 || fail_up "munged did not start"
    munge -n -S "$MUNGE_SOCKET" | unmunge -S "$MUNGE_SOCKET" >/dev/null 2>&1 \
        || fail_up "munged runs but a credential does not round-trip through $MUNGE_SOCKET"
}

start_daemon() {
    local name=$1
    [[ -n $(live_pid "$name") ]] && return 0
    "$name" -f "$CONF" >>"$LOG_DIR/$name.start.log" 2>&1 \
        || fail_up "$name did not start: $(tail -n 3 "$LOG_DIR/$name.start.log" | tr '\n' ' ')"
}

node_state() { SLURM_CONF=$CONF sinfo --noheader --Node --format=%T 2>/dev/null | head -n 1 || true; }

cmd_up() {
    require_root up
    trap 'fail_up "unexpected failure at line $LINENO of $PROG"' ERR
    # Readable by all, writable by root: the client commands of any user read slurm.conf and talk to the munge
    # socket; only the key (600) is secret.
    mkdir -p "$STATE_DIR"
    chmod 755 "$STATE_DIR"
    ensure_packages
    mkdir -p "$STATE_DIR/munge" "$STATE_DIR/ctld-state" "$STATE_DIR/spool" "$LOG_DIR"
    chmod 755 "$STATE_DIR/munge" "$LOG_DIR"
    if [[ -n $(live_pid munged) && -n $(live_pid slurmctld) && -n $(live_pid slurmd) ]]; then
        say "already up ($STATE_DIR, node $(node_state))"
        echo "export SLURM_CONF=$CONF"
        return 0
    fi
    write_config
    start_munge
    start_daemon slurmctld
    start_daemon slurmd
    local deadline=$((SECONDS + UP_TIMEOUT)) state=""
    while ((SECONDS < deadline)); do
        state=$(node_state)
        case $state in
            idle | mixed | allocated) break ;;
        esac
        [[ -n $(live_pid slurmctld) ]] || fail_up "slurmctld exited while starting"
        [[ -n $(live_pid slurmd) ]] || fail_up "slurmd exited while starting"
        sleep 1
    done
    case $state in
        idle | mixed | allocated) ;;
        *) fail_up "the node did not become idle within ${UP_TIMEOUT}s (sinfo says: ${state:-nothing})" ;;
    esac
    say "up: partition $PARTITION, node $(hostname -s) $state, state in $STATE_DIR"
    echo "export SLURM_CONF=$CONF"
}

# Stops daemon $1 by its pid file: TERM, then KILL after 15 s.
stop_daemon() {
    local name=$1 pid i
    pid=$(live_pid "$name")
    if [[ -n $pid ]]; then
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 150; i++)); do
            [[ -d /proc/$pid ]] || break
            sleep 0.1
        done
        if [[ -d /proc/$pid ]]; then
            say "$name ($pid) ignored TERM for 15 s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
        say "stopped $name ($pid)"
    fi
    rm -f "$(pid_file "$name")"
}

# Jobs are cancelled first so that no job step outlives the slurmd that started it.
cancel_jobs() {
    [[ -n $(live_pid slurmctld) && -f $CONF ]] || return 0
    local jobs i
    jobs=$(SLURM_CONF=$CONF squeue --noheader --format=%i 2>/dev/null || true)
    [[ -z $jobs ]] && return 0
    say "cancelling jobs: $(echo "$jobs" | tr '\n' ' ')"
    # shellcheck disable=SC2086 # one job id per word
    SLURM_CONF=$CONF scancel $jobs 2>/dev/null || true
    for ((i = 0; i < 30; i++)); do
        [[ -z $(SLURM_CONF=$CONF squeue --noheader --format=%i 2>/dev/null) ]] && return 0
        sleep 1
    done
    say "jobs still listed after 30 s: $(SLURM_CONF=$CONF squeue --noheader --format='%i %T' | tr '\n' ' ')"
}

stop_all() {
    cancel_jobs
    stop_daemon slurmd
    stop_daemon slurmctld
    stop_daemon munged
}

cmd_down() {
    if [[ -z $(live_pid munged)$(live_pid slurmctld)$(live_pid slurmd) ]]; then
        rm -f "$(pid_file munged)" "$(pid_file slurmctld)" "$(pid_file slurmd)"
        say "down (nothing was running in $STATE_DIR)"
        return 0
    fi
    require_root down
    stop_all
    say "down"
}

# Removes the state directory (configuration, key, job state, logs) after stopping; refuses a directory that
# this script did not generate, so a mistyped RESNETSPI_SLURM_DIR cannot delete anything else.
cmd_clean() {
    cmd_down
    [[ -e $STATE_DIR ]] || return 0
    if [[ -f $CONF ]] && head -n 1 "$CONF" | grep -q "^# Generated by $PROG"; then
        [[ -w $STATE_DIR ]] || require_root clean
        rm -rf "$STATE_DIR"
        say "removed $STATE_DIR"
    else
        die "not removing $STATE_DIR: it has no slurm.conf generated by $PROG"
    fi
}

cmd_status() {
    local name pid all=0
    for name in munged slurmctld slurmd; do
        pid=$(live_pid "$name")
        if [[ -n $pid ]]; then echo "$name: running (pid $pid)"; else echo "$name: not running"; all=3; fi
    done
    if [[ -n $(live_pid slurmctld) ]]; then
        SLURM_CONF=$CONF sinfo || true
        SLURM_CONF=$CONF squeue || true
    fi
    return $all
}

case ${1:-} in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    clean) cmd_clean ;;
    env) echo "export SLURM_CONF=$CONF" ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
esac
