#!/usr/bin/env bash
# shellcheck disable=SC2015 # `a && b || die` is meant: die unless both hold.
# A real one-node SLURM cluster on loopback, for phasegrid's tests of the cluster path.
#   tools/local-slurm.sh up [--max-array-size N] [--cpus N] [--dir DIR]
#   tools/local-slurm.sh down|env|status|selftest [--dir DIR]
# DIR defaults to $PHASEGRID_SLURM_DIR, else ${TMPDIR:-/tmp}/phasegrid-slurm.
# Clients need only SLURM_CONF: `eval "$(tools/local-slurm.sh env)"` or `. DIR/env.sh`.
# For Debian 12 (Slurm 22.05) as root without systemd, as on CI: the packages start nothing.
set -euo pipefail
umask 022 # munged refuses a socket folder that others cannot enter

PACKAGES=(slurmctld slurmd slurm-client munge)
DAEMONS=(munged slurmctld slurmd)
PORTS=(6817 6818) # Slurm's defaults: slurmctld, slurmd

say() { echo "local-slurm: $*"; }
die() { echo "local-slurm: error: $*" >&2; exit 1; }
usage() { sed -n 's|^#   \(tools/local-slurm.sh .*\)|usage: \1|p' "$0"; }

cmd=${1:-} && shift $(($# > 0))
dir=${PHASEGRID_SLURM_DIR:-${TMPDIR:-/tmp}/phasegrid-slurm}
max_array=1001
cpus=$(nproc)
while [[ $# -gt 0 ]]; do
  case $1 in
    --dir) dir=${2:?--dir needs a value}; shift 2 ;;
    --max-array-size) max_array=${2:?--max-array-size needs a value}; shift 2 ;;
    --cpus) cpus=${2:?--cpus needs a value}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done
[[ $max_array =~ ^[1-9][0-9]*$ ]] && ((max_array <= 4000001)) || die "--max-array-size must be 1..4000001"
[[ $cpus =~ ^[1-9][0-9]*$ ]] || die "--cpus must be a positive integer"
# munged and Slurm need absolute paths.
dir=$(realpath -m -- "$dir")
conf=$dir/slurm.conf
export SLURM_CONF=$conf
# munged also wants every folder above its socket searchable by all, and the path must fit in
# sun_path (108 bytes). A DIR inside a caller's mkdtemp folder (mode 700) fails the first, a
# deep one the second: then the socket gets a folder of its own in /tmp, named after DIR.
sock_dir() {
  local p=$dir
  while p=$(dirname "$p") && [[ $p != / ]]; do
    [[ ! -e $p || $(stat -c %A "$p") == *[xt] ]] || break
  done
  [[ $p == / && ${#dir} -lt 80 ]] && echo "$dir/munge" ||
    echo "/tmp/phasegrid-munge-$(cksum <<<"$dir" | cut -d' ' -f1)"
}
sock=$(sock_dir)/munge.socket

pidfile() { echo "$dir/pids/$1.pid"; }
# Prints the recorded pid of daemon $1 if that process is still ours. Pids get reused and other
# clusters (or a system slurmd) must never be touched, so the name and DIR in its command line
# must match, and a zombie counts as gone (pid 1 here may not reap).
ours() {
  local f pid state
  f=$(pidfile "$1")
  [[ -f $f ]] && pid=$(<"$f") && [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$1" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$dir/" || return 1
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) && [[ $state != Z ]] || return 1
  echo "$pid"
}

install_packages() {
  local missing=() p log t0=$SECONDS
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  [[ $(id -u) == 0 ]] || die "packages missing (${missing[*]}) and not root to install them"
  say "installing ${missing[*]}"
  log=$(mktemp)
  # Others may be running apt at the same time: wait for dpkg's lock instead of failing.
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=120)
  local get=("${apt[@]}" install -y --no-install-recommends "${missing[@]}")
  # A fresh machine has no package lists and an old one may have stale ones: update only then.
  if ! "${get[@]}" >"$log" 2>&1 && ! { "${apt[@]}" update && "${get[@]}"; } >>"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"; die "apt-get could not install ${missing[*]} (output above)"
  fi
  rm -f "$log"
  say "installed in $((SECONDS - t0)) s"
}

# Whether any socket listens on TCP port $1 (state 0A); any address counts, since a wildcard
# listener blocks 127.0.0.1 too. Read from /proc so that no probe is sent.
listening() {
  local hex
  printf -v hex ':%04X' "$1"
  awk -v p="$hex" 'FNR > 1 && $4 == "0A" && substr($2, length($2) - 4) == p {f = 1} END {exit !f}' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

check_ports() {
  local port holder
  for port in "${PORTS[@]}"; do
    if listening "$port"; then
      holder=$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'users:.*' | head -1 || true)
      die "port $port is already in use${holder:+ by $holder}; is another Slurm running? (stop it first)"
    fi
  done
}

write_conf() {
  local mem extra=""
  # slurmd drains a node whose RealMemory exceeds what it detects, so stay 10% below that.
  mem=$(slurmd -C 2>/dev/null | grep -o 'RealMemory=[0-9]*' | cut -d= -f2 || true)
  [[ $mem ]] || mem=$(($(awk '/^MemTotal/ {print $2}' /proc/meminfo) / 1024))
  mem=$((mem * 9 / 10))
  # Advertising more CPUs than exist (to test concurrency on a 2-core CI) needs config_overrides.
  ((cpus > $(nproc))) && extra="SlurmdParameters=config_overrides"
  cat >"$conf" <<EOF
# Written by phasegrid tools/local-slurm.sh: max_array_size=$max_array cpus=$cpus
ClusterName=phasegrid
SlurmctldHost=localhost
SlurmctldPort=${PORTS[0]}
SlurmdPort=${PORTS[1]}
# Without these the daemons listen on every interface; CI must stay on loopback.
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
AuthInfo=socket=$sock
SlurmUser=root
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
# No cgroups in CI containers: track job processes through /proc and bind nothing.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
MailProg=/bin/true
# Schedule CPUs only: with memory as a resource each job would claim the whole node.
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
# Without batch_sched_delay=0 array tasks start ~3 s apart.
SchedulerParameters=batch_sched_delay=0
MaxArraySize=$max_array
# Keep finished jobs visible to squeue -j / scontrol show job (no slurmdbd, so no sacct).
MinJobAge=300
ReturnToService=2
$extra
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
}

# Runs daemon $1 in the foreground of its own session, so a Ctrl-C or hangup aimed at the
# caller does not reach it, and records its pid. It must not inherit DIR's lock (fd 9), or it
# would hold it. Slurm's -D copies its log to stderr: that copy (DIR/log/NAME.out) is kept, as
# it also holds errors from before the log file opens.
start() {
  local name=$1; shift
  setsid "$@" </dev/null >>"$dir/log/$name.out" 2>&1 9>&- &
  echo $! >"$(pidfile "$name")"
}

tail_logs() {
  for f in "$dir"/log/*.out; do [[ -s $f ]] && echo "--- $f (tail)" && tail -n 15 "$f"; done >&2 || true
}

env_lines() { printf 'export SLURM_CONF=%q\n' "$conf"; }

up() {
  local d all=1 any=0 t0 i state deadline
  for d in "${DAEMONS[@]}"; do if ours "$d" >/dev/null; then any=1; else all=0; fi; done
  if ((all)); then
    grep -qx "# Written by phasegrid tools/local-slurm.sh: max_array_size=$max_array cpus=$cpus" "$conf" ||
      die "already up from $dir with other settings ($(head -1 "$conf" | cut -d: -f2-)); run down first"
    env_lines >"$dir/env.sh"
    say "already up from $dir; SLURM_CONF=$conf"
    return 0
  fi
  ((any)) && { say "found a partly running cluster in $dir; stopping it first"; down; }
  install_packages
  check_ports
  t0=$(date +%s%N)
  # munged rejects a socket folder that others cannot enter, and a key others can read.
  mkdir -p "$dir"/{munge,state,spool,log,run,pids} "${sock%/*}"
  chmod 755 "$dir" "$dir/munge" "${sock%/*}"
  [[ -s $dir/munge/munge.key ]] || (umask 077 && head -c 1024 /dev/urandom >"$dir/munge/munge.key")
  chmod 600 "$dir/munge/munge.key"
  write_conf
  # From here on, a failure must not leave half a cluster running.
  trap 'echo "local-slurm: error: startup failed; daemon logs follow" >&2; tail_logs; down >&2' EXIT
  start munged munged -F --key-file="$dir/munge/munge.key" --socket="$sock" \
    --pid-file="$dir/run/munged.pid" --seed-file="$dir/munge/munge.seed"
  for ((i = 0; i < 100; i++)); do [[ -S $sock ]] && break; sleep 0.05; done
  [[ -S $sock ]] || die "munged did not create $sock within 5 s"
  start slurmctld slurmctld -D -f "$conf"
  # slurmd (like any client) that finds slurmctld not yet listening retries only after 1 s.
  for ((i = 0; i < 500; i++)); do
    listening "${PORTS[0]}" && break || ours slurmctld >/dev/null || die "slurmctld exited during startup"
    sleep 0.02
  done
  start slurmd slurmd -D -f "$conf" -N localhost
  deadline=$((SECONDS + 30))
  while state=$(sinfo -h -n localhost -o %T 2>/dev/null || true) && [[ $state != idle && $state != mixed ]]; do
    for d in "${DAEMONS[@]}"; do ours "$d" >/dev/null || die "$d exited during startup"; done
    # A drained or invalid node stays so: fail now, with Slurm's reason.
    [[ $state == drain* || $state == inval* ]] && die "node $state: $(sinfo -h -o %E)"
    ((SECONDS < deadline)) || die "node not idle after 30 s (state '${state:-none}')"
    sleep 0.1
  done
  # slurmctld's first scheduling pass comes ~3 s after start, and jobs wait for it; wait here
  # instead so that a test's first job starts as fast as later ones (~1 s, Slurm's tick).
  for ((i = 0; i < 100; i++)); do
    sdiag 2>/dev/null | awk '/^Main schedule/ {m = 1} m && /Total cycles/ {exit $3 == 0}' && break
    sleep 0.1
  done
  trap - EXIT
  env_lines >"$dir/env.sh"
  say "up in $((($(date +%s%N) - t0) / 1000000)) ms: $(sinfo -h -o '%P %D node(s) %c CPUs %T') MaxArraySize=$max_array"
  say "clients: eval \"\$($0 env --dir $dir)\"  or  . $dir/env.sh"
}

down() {
  local pid i d ids=() run=()
  # SIGTERM to slurmd leaves running jobs behind, so cancel them while slurmctld still answers.
  # A plain scancel only sends SIGTERM (SIGKILL after KillWait, 30 s), during which phasegrid
  # lets running cells finish: drop pending jobs first, so none starts, then kill the rest.
  if ours slurmctld >/dev/null; then
    mapfile -t ids < <(squeue -h -o %F 2>/dev/null | sort -u)
    mapfile -t run < <(squeue -h -t R,S,CF -o %A 2>/dev/null)
  fi
  if ((${#ids[@]})); then
    say "cancelling job(s) still queued: ${ids[*]}"
    scancel -t PD "${ids[@]}" 2>/dev/null || true
    ((${#run[@]} == 0)) || scancel -b -s KILL "${run[@]}" 2>/dev/null || true
    scancel "${ids[@]}" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do [[ -z $(squeue -h 2>/dev/null) ]] && break; sleep 0.2; done
    [[ -z $(squeue -h 2>/dev/null) ]] || say "warning: jobs still completing after 30 s"
  fi
  for d in slurmd slurmctld munged; do
    if pid=$(ours "$d"); then
      kill -TERM "$pid" 2>/dev/null || true
      for ((i = 0; i < 100; i++)); do ours "$d" >/dev/null || break; sleep 0.1; done
      if ours "$d" >/dev/null; then
        say "$d (pid $pid) still running 10 s after TERM; sending KILL"
        kill -KILL "$pid" 2>/dev/null || true
      fi
      say "stopped $d (pid $pid)"
    fi
    rm -f "$(pidfile "$d")"
  done
  # A socket folder outside DIR (see sock_dir) is ours alone: leave nothing behind in /tmp.
  [[ $sock == /tmp/phasegrid-munge-* ]] && rm -rf "${sock%/*}" || true
}

require_up() { ours slurmctld >/dev/null && ours slurmd >/dev/null || die "not up in $dir (run: $0 up)"; }

# Polls squeue rather than using sbatch --wait, which checks only at 2, 8, 32 s...
wait_gone() {
  for ((i = 0; i < 600; i++)); do [[ -z $(squeue -h -j "$1" 2>/dev/null) ]] && return 0; sleep 0.1; done
  die "job $1 still in the queue after 60 s"
}

selftest() {
  require_up
  local t j n max out run
  t=$(mktemp -d "${TMPDIR:-/tmp}/local-slurm-selftest.XXXXXX")
  run='echo hi'
  command -v node >/dev/null && run='node -e "console.log(process.env.SLURM_ARRAY_TASK_ID ?? \"hi\")"'
  j=$(sbatch --parsable -D "$t" -o "$t/%j.out" --wrap "$run > $t/single")
  wait_gone "$j"
  out=$(scontrol show job "$j" | grep -o 'JobState=[A-Z]*')
  [[ -s $t/single && $out == JobState=COMPLETED ]] || die "job $j: $out, wrote '$(cat "$t/single" 2>/dev/null)'"
  say "single job $j ok: $out, wrote '$(<"$t/single")'"
  j=$(sbatch --parsable -D "$t" -o "$t/%A_%a.out" --array=0-3 --wrap "$run > $t/task-\$SLURM_ARRAY_TASK_ID")
  wait_gone "$j"
  n=$(cat "$t"/task-* 2>/dev/null | sort | tr '\n' ' ')
  [[ $n == "0 1 2 3 " || $n == "hi hi hi hi " ]] || die "array job $j wrote '$n', not 4 tasks"
  say "array job $j ok: tasks wrote $n"
  max=$(scontrol show config | awk '$1 == "MaxArraySize" {print $3}')
  say "scontrol show config: MaxArraySize = $max"
  # The largest index allowed is MaxArraySize-1: hold it to prove acceptance without running.
  j=$(sbatch --parsable --hold -o /dev/null --array=$((max - 1)) --wrap true) || die "index $((max - 1)) rejected"
  scancel "$j"
  if out=$(sbatch --parsable -o /dev/null --array=0-"$max" --wrap true 2>&1); then
    scancel "$out"; die "--array=0-$max was accepted despite MaxArraySize=$max"
  fi
  say "--array=0-$max rejected as expected: $out"
  rm -rf "$t"
  say "selftest passed"
}

# Parallel test workers may each call up (or down) for the same DIR: take turns.
lock() { mkdir -p "$dir" && exec 9>"$dir/.lock" && flock -w 120 9 || die "$dir is locked by another run"; }

case $cmd in
  up) lock; up ;;
  down) lock; down; say "down ($dir)" ;;
  env) [[ -f $conf ]] || die "no cluster configured in $dir (run: $0 up)"; env_lines ;;
  status)
    for d in "${DAEMONS[@]}"; do say "$d: $(ours "$d" || echo 'not running')"; done
    require_up && sinfo ;;
  selftest) selftest ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
