#!/usr/bin/env bash
# Usage: bash scripts/test-servers.sh <command> [args...]
#
# Gives tests real peers: installs the Debian packages they need if missing (as root), starts a
# throwaway PostgreSQL and Redis on free 127.0.0.1 ports, runs the command with
#   TEST_DATABASE_URL, TEST_REDIS_URL, CHROMIUM_PATH, SLAPD_PATH, SLAPADD_PATH, PROMETHEUS_PATH,
#   PROMTOOL_PATH, TEST_SCRATCH_DIR (a directory of this run's, for what suites share within it,
#   e.g. a migrated PGlite template)
# exported, then stops the servers and deletes their directories (also on failure or Ctrl-C), and
# exits with the command's exit code. A TEST_DATABASE_URL / TEST_REDIS_URL already set is used as
# is (that server is neither installed nor started); so are CHROMIUM_PATH, SLAPD_PATH, SLAPADD_PATH,
# PROMETHEUS_PATH and PROMTOOL_PATH.
# Nothing here uses or starts a system service.

# shellcheck disable=SC2317 # the cleanup functions are reached through `trap`, which 0.9 misses
set -euo pipefail

log() { printf 'test-servers: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

[[ $# -ge 1 ]] || die "usage: bash scripts/test-servers.sh <command> [args...]"

is_root=false
[[ $(id -u) -eq 0 ]] && is_root=true

# ---------------------------------------------------------------------------------------------
# Cleanup: runs exactly once (EXIT trap; signals just exit with 128+n, which fires it), ignores
# further signals meanwhile (inherited by pg_ctl/redis-cli, so a second Ctrl-C cannot kill them),
# and never changes the exit status.
child_pid=''
pg_base='' pg_data='' pg_bin=''
redis_dir='' redis_port=''
scratch_dir=''
apt_log=''
policy_rc_created=false
cleaned=false

run_as_pg() {
  if $is_root; then
    if command -v runuser >/dev/null 2>&1; then
      (cd / && runuser -u postgres -- "$@")
    else
      (cd / && su postgres -s /bin/bash -c "$(printf '%q ' "$@")")
    fi
  else
    "$@"
  fi
}

# alive PID: the process exists and is not a zombie. The servers daemonize, so their zombies
# belong to PID 1, which in some containers reaps only every second or two.
alive() {
  local key val
  kill -0 "$1" 2>/dev/null || return 1
  [[ -d /proc/$1 ]] || return 0
  {
    while read -r key val _; do
      # (`return` needs its status spelled out: bare, in a trap handler, it returns the
      # status from before the trap.)
      if [[ $key == State: ]]; then
        [[ $val == Z ]] && return 1
        return 0
      fi
    done
  } 2>/dev/null <"/proc/$1/status" || return 1
  return 0
}

# wait_gone PID TENTHS: true once PID has ended, false after TENTHS × 0.1 s.
wait_gone() {
  local i
  for ((i = 0; i < $2; i++)); do
    alive "$1" || return 0
    sleep 0.1
  done
  ! alive "$1"
}

cleanup() {
  $cleaned && return 0
  cleaned=true
  trap '' INT TERM HUP PIPE
  local pid
  # The command normally has finished; after a signal it may still run: stop it first.
  if [[ -n $child_pid ]] && alive "$child_pid"; then
    kill -TERM "$child_pid" 2>/dev/null || true
    wait_gone "$child_pid" 100 || kill -KILL "$child_pid" 2>/dev/null || true
  fi
  if [[ -n $pg_data && -f $pg_data/postmaster.pid ]]; then
    pid=$(head -n 1 "$pg_data/postmaster.pid" 2>/dev/null || true)
    if ! run_as_pg "$pg_bin/pg_ctl" -D "$pg_data" -m immediate -w stop >/dev/null 2>&1; then
      # SIGQUIT is PostgreSQL's immediate shutdown.
      if [[ $pid =~ ^[0-9]+$ ]]; then kill -QUIT "$pid" 2>/dev/null || true; fi
    fi
    [[ $pid =~ ^[0-9]+$ ]] && { wait_gone "$pid" 50 || kill -KILL "$pid" 2>/dev/null || true; }
  fi
  if [[ -n $redis_dir ]]; then
    pid=$(cat "$redis_dir/redis.pid" 2>/dev/null || true)
    # Only when ours runs: if it never bound the port, another server may own it.
    if [[ $pid =~ ^[0-9]+$ ]] && alive "$pid"; then
      redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
      wait_gone "$pid" 50 || kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  [[ -n $pg_base ]] && rm -rf "$pg_base"
  [[ -n $redis_dir ]] && rm -rf "$redis_dir"
  [[ -n $scratch_dir ]] && rm -rf "$scratch_dir"
  [[ -n $apt_log ]] && rm -f "$apt_log"
  $policy_rc_created && rm -f /usr/sbin/policy-rc.d
  return 0
}

on_exit() {
  local rc=$?
  cleanup || true
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
trap 'exit 141' PIPE

# ---------------------------------------------------------------------------------------------
# Packages. A package is needed unless what it provides was handed to us through the environment.
needed=(ldap-utils)
[[ -n ${TEST_DATABASE_URL:-} ]] || needed+=(postgresql)
[[ -n ${TEST_REDIS_URL:-} ]] || needed+=(redis-server)
[[ -n ${SLAPD_PATH:-} && -n ${SLAPADD_PATH:-} ]] || needed+=(slapd)
[[ -n ${CHROMIUM_PATH:-} ]] || needed+=(chromium)
[[ -n ${PROMETHEUS_PATH:-} && -n ${PROMTOOL_PATH:-} ]] || needed+=(prometheus)

have_pkg() {
  if command -v dpkg-query >/dev/null 2>&1; then
    [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true) == 'install ok installed' ]] && return 0
    return 1
  fi
  # Not Debian: judge by the commands the package would provide.
  case $1 in
    postgresql) command -v pg_ctl >/dev/null 2>&1 || compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null ;;
    redis-server) command -v redis-server >/dev/null 2>&1 ;;
    slapd) command -v slapd >/dev/null 2>&1 || [[ -x /usr/sbin/slapd ]] ;;
    ldap-utils) command -v ldapsearch >/dev/null 2>&1 ;;
    chromium) command -v chromium >/dev/null 2>&1 ;;
    prometheus) command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 ;;
    *) return 1 ;;
  esac
}

missing=()
for p in "${needed[@]}"; do
  have_pkg "$p" || missing+=("$p")
done

apt_run() {
  if ! DEBIAN_FRONTEND=noninteractive "$@" >>"$apt_log" 2>&1 </dev/null; then
    log "failed: $*"
    cat "$apt_log" >&2
    exit 1
  fi
}

if ((${#missing[@]} > 0)); then
  if ! $is_root || ! command -v apt-get >/dev/null 2>&1; then
    printf 'test-servers: missing Debian packages: %s — install them (apt-get install --no-install-recommends %s) or run as root\n' \
      "${missing[*]}" "${missing[*]}" >&2
    exit 1
  fi
  log "installing ${missing[*]} (apt-get)"
  apt_log=$(mktemp -t rapidauth-apt.XXXXXX)
  apt_opts=(-y -q --no-install-recommends -o DPkg::Lock::Timeout=300
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  # Keep maintainer scripts from starting system services (postgresql, redis): we run our own.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    policy_rc_created=true
    printf '#!/bin/sh\n# temporary, from rapidauth scripts/test-servers.sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
  fi
  apt_run apt-get -q -o DPkg::Lock::Timeout=300 update
  if [[ " ${missing[*]} " == *' slapd '* ]]; then
    # Without this, slapd's install asks for an admin password (CI has no stdin).
    command -v debconf-set-selections >/dev/null 2>&1 || apt_run apt-get install "${apt_opts[@]}" debconf-utils
    echo 'slapd slapd/no_configuration boolean true' | debconf-set-selections
  fi
  apt_run apt-get install "${apt_opts[@]}" "${missing[@]}"
  if $policy_rc_created; then
    rm -f /usr/sbin/policy-rc.d
    policy_rc_created=false
  fi
fi

# ---------------------------------------------------------------------------------------------
# Executables handed to tests (slapd and prometheus are only installed here; the tests start their own).
find_exe() {
  local d
  for d in /usr/sbin /usr/local/sbin /usr/bin; do
    [[ -x $d/$1 ]] && { echo "$d/$1"; return 0; }
  done
  command -v "$1" 2>/dev/null
}
CHROMIUM_PATH=${CHROMIUM_PATH:-$(find_exe chromium)} || die "chromium not found"
SLAPD_PATH=${SLAPD_PATH:-$(find_exe slapd)} || die "slapd not found"
SLAPADD_PATH=${SLAPADD_PATH:-$(find_exe slapadd)} || die "slapadd not found"
PROMETHEUS_PATH=${PROMETHEUS_PATH:-$(find_exe prometheus)} || die "prometheus not found"
PROMTOOL_PATH=${PROMTOOL_PATH:-$(find_exe promtool)} || die "promtool not found"
export CHROMIUM_PATH SLAPD_PATH SLAPADD_PATH PROMETHEUS_PATH PROMTOOL_PATH

# Distinct free ports: hold them all open at once, print, release.
free_ports() {
  node -e '
    const net = require("net");
    const n = Number(process.argv[1]);
    const servers = [];
    const next = () => {
      if (servers.length === n) {
        console.log(servers.map((s) => s.address().port).join(" "));
        servers.forEach((s) => s.close());
        return;
      }
      const s = net.createServer();
      s.listen(0, "127.0.0.1", () => { servers.push(s); next(); });
    };
    next();
  ' "$1"
}
want_ports=0
[[ -n ${TEST_DATABASE_URL:-} ]] || want_ports=$((want_ports + 1))
[[ -n ${TEST_REDIS_URL:-} ]] || want_ports=$((want_ports + 1))
ports=()
if ((want_ports > 0)); then
  read -r -a ports <<<"$(free_ports "$want_ports")"
  ((${#ports[@]} == want_ports)) || die "could not find free ports (node)"
fi

# ---------------------------------------------------------------------------------------------
# PostgreSQL: the highest version installed, in its own directory, no system cluster involved.
if [[ -z ${TEST_DATABASE_URL:-} ]]; then
  pg_port=${ports[0]}
  ports=("${ports[@]:1}")
  pg_ctl_path=$(compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' | sort -V | tail -n 1 || true)
  [[ -n $pg_ctl_path ]] || pg_ctl_path=$(command -v pg_ctl || true)
  [[ -n $pg_ctl_path ]] || die "PostgreSQL server binaries (pg_ctl) not found"
  pg_bin=$(dirname "$pg_ctl_path")
  pg_major=$("$pg_bin/pg_ctl" --version | sed -E 's/.*\(PostgreSQL\) ([0-9]+).*/\1/')

  pg_base=$(mktemp -d -t rapidauth-pg.XXXXXX)
  chmod 755 "$pg_base"
  if $is_root; then
    chown postgres: "$pg_base"
    # A TMPDIR under a 0700 parent (e.g. /root) stops the postgres user: use /tmp then.
    if ! run_as_pg test -w "$pg_base"; then
      rm -rf "$pg_base"
      pg_base=$(mktemp -d /tmp/rapidauth-pg.XXXXXX)
      chmod 755 "$pg_base"
      chown postgres: "$pg_base"
    fi
  fi
  pg_data=$pg_base/data
  # --no-locale: the user's LANG may name a locale this machine has not generated.
  if ! run_as_pg "$pg_bin/initdb" -D "$pg_data" -U postgres -A trust --no-sync -E UTF8 --no-locale \
    >"$pg_base/initdb.log" 2>&1; then
    cat "$pg_base/initdb.log" >&2
    die "initdb failed"
  fi
  if ! run_as_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_base/postgres.log" -w -t 30 \
    -o "-p $pg_port -k $pg_base -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" \
    start >/dev/null 2>&1; then
    tail -n 20 "$pg_base/postgres.log" >&2 || true
    die "PostgreSQL did not start on 127.0.0.1:$pg_port"
  fi
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/postgres"
  log "postgresql $pg_major on 127.0.0.1:$pg_port"
fi

# ---------------------------------------------------------------------------------------------
# Redis.
if [[ -z ${TEST_REDIS_URL:-} ]]; then
  command -v redis-server >/dev/null 2>&1 || die "redis-server not found"
  redis_port=${ports[0]}
  redis_dir=$(mktemp -d -t rapidauth-redis.XXXXXX)
  chmod 755 "$redis_dir"
  redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --dir "$redis_dir" \
    --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log" --save '' --appendonly no \
    >/dev/null || die "redis-server failed to start: $(tail -n 5 "$redis_dir/redis.log" 2>/dev/null)"
  ready=false
  for ((i = 0; i < 50; i++)); do
    # The pid file too: a PONG alone could come from another server that won the port.
    if [[ -s $redis_dir/redis.pid && $(redis-cli -p "$redis_port" ping 2>/dev/null || true) == PONG ]]; then
      ready=true
      break
    fi
    sleep 0.1
  done
  if ! $ready; then
    tail -n 20 "$redis_dir/redis.log" >&2 || true
    die "Redis did not answer PING on 127.0.0.1:$redis_port within 5 s"
  fi
  export TEST_REDIS_URL="redis://127.0.0.1:$redis_port"
  redis_version=$(redis-server --version | sed -E 's/.* v=([0-9.]+).*/\1/')
  log "redis $redis_version on 127.0.0.1:$redis_port"
fi

# Always our own, even when the servers were handed to us: it is deleted afterwards.
scratch_dir=$(mktemp -d -t rapidauth-test.XXXXXX)
export TEST_SCRATCH_DIR=$scratch_dir

# ---------------------------------------------------------------------------------------------
# Run the command in the background and wait, so that a signal to this script is handled at once
# (a foreground child would delay the trap until it finished). A background job would otherwise
# get /dev/null as stdin and ignore SIGINT (so Ctrl-C would not reach its own children).
(
  trap - INT QUIT
  exec "$@"
) <&0 &
child_pid=$!
rc=0
wait "$child_pid" || rc=$?
child_pid=''
exit "$rc"
