# Helpers for wareplay's CLI cases (sourced by their cmd files): fixtures, python3 with websockets,
# background servers on ephemeral loopback ports, and clean-up of exactly the processes started.
FIX="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/fixtures"
PYDIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/py"
# The Debian python3 carries python3-websockets; a python3 earlier on PATH may not.
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3
WORK=$(mktemp -d)
BG_PIDS=()
cleanup() {
  local p
  for p in "${BG_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${BG_PIDS[@]}"; do wait "$p" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# start_bg NAME COMMAND...: runs COMMAND --ready-file $WORK/NAME.ready in the background (at most
# 120 s), waits up to 15 s for the ready file, then sets NAME_PID, NAME_URL (first line) and
# NAME_CONTROL (second line, if any). Its stderr goes to $WORK/NAME.log.
start_bg() {
  local name=$1
  shift
  # --foreground: a SIGTERM to timeout reaches the command once (not also through its group).
  timeout --foreground -k 5 120 "$@" --ready-file "$WORK/$name.ready" 2>"$WORK/$name.log" &
  local pid=$!
  BG_PIDS+=("$pid")
  printf -v "${name}_PID" '%s' "$pid"
  local i
  for i in $(seq 150); do
    [[ -s $WORK/$name.ready ]] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if [[ ! -s $WORK/$name.ready ]]; then
    echo "$name did not start"
    cat "$WORK/$name.log"
    exit 99
  fi
  printf -v "${name}_URL" '%s' "$(sed -n 1p "$WORK/$name.ready")"
  printf -v "${name}_CONTROL" '%s' "$(sed -n 2p "$WORK/$name.ready")"
}

# stop_bg NAME: SIGTERM to NAME's process; prints "NAME exit N".
stop_bg() {
  local pid_var="${1}_PID"
  local pid=${!pid_var}
  kill -TERM "$pid" 2>/dev/null
  wait "$pid"
  echo "$1 exit $?"
}

# port_of URL: the port of ws://host:port/...
port_of() { sed -E 's#^[a-z]+://[^/]*:([0-9]+)/.*#\1#' <<<"$1"; }

# no_times: drops the arrival times of report lines, which vary from run to run.
no_times() { sed -E 's/ at [0-9]+\.[0-9]+s$//'; }
