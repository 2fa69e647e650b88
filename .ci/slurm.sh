#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for cmd/pagesim's TestSlurm:
# a study's array job submitted to a real Slurm, its shards run by slurmd,
# merged by its last task, and compared byte for byte with the unsharded
# run (docs/scale.md).
#
#   .ci/slurm.sh start   install Debian's slurm-wlm and munge (apt-get
#                        update first), start munged, slurmctld and slurmd
#                        and wait until the node takes jobs
#   .ci/slurm.sh stop    stop the daemons started by start
#   .ci/slurm.sh         start, run TestSlurm with PAGESIM_SLURM=1, stop
#                        (trap: also on failure)
#
# Everything lives in $PAGESIM_SLURM_DIR (default /tmp/pagesim-slurm): the
# configuration (SLURM_CONF points there, so the daemons and sbatch read it
# and nothing in /etc is changed), munged's socket, the daemons' pid files,
# logs, spool and state. The daemons run as root on their own ports, and
# with no systemd and no cgroups: processes are tracked by /proc
# (proctrack/linuxproc) and tasks are not confined (task/none), which is
# what a CI container allows. Run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${PAGESIM_SLURM_DIR:-/tmp/pagesim-slurm}
export SLURM_CONF="$dir/slurm.conf"

log() { echo "slurm.sh: $*" >&2; }

start() {
	export DEBIAN_FRONTEND=noninteractive
	if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
		apt-get update
		apt-get install -y --no-install-recommends slurm-wlm munge
	fi
	rm -rf "$dir/spool" "$dir/state" # a fresh cluster: no jobs of an earlier start
	mkdir -p "$dir/spool" "$dir/state" "$dir/munge"
	chmod 700 "$dir/munge"
	# munge: its own key and socket, so another munged on the machine is
	# neither used nor disturbed.
	if [ ! -s "$dir/munge/munge.key" ]; then
		dd if=/dev/urandom of="$dir/munge/munge.key" bs=1 count=1024 status=none
	fi
	chmod 400 "$dir/munge/munge.key"
	munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/socket" \
		--pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/seed"
	host=$(hostname -s)
	# The node as slurmd sees it (CPUs, sockets, cores, threads, memory).
	node=$(slurmd -C | head -n 1 | sed "s/^NodeName=[^ ]*/NodeName=$host NodeAddr=127.0.0.1/")
	cat >"$SLURM_CONF" <<EOF
ClusterName=pagesim-ci
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmdSpoolDir=$dir/spool
StateSaveLocation=$dir/state
$node State=UNKNOWN
PartitionName=ci Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
	slurmctld -f "$SLURM_CONF"
	slurmd -f "$SLURM_CONF"
	for _ in $(seq 60); do
		if sinfo -h -o '%t' 2>/dev/null | grep -qx 'idle'; then
			log "node $host idle: $(sinfo -h -N -o '%N %c CPUs %m MB')"
			return 0
		fi
		sleep 1
	done
	log "the node did not become idle; its state: $(sinfo -h -N -o '%N %t %E' 2>&1 || true)"
	tail -n 20 "$dir/slurmctld.log" "$dir/slurmd.log" >&2 || true
	return 1
}

# stopPid stops the daemon whose pid file is $1 (only that process).
stopPid() {
	[ -s "$1" ] || return 0
	pid=$(cat "$1")
	kill "$pid" 2>/dev/null || true
	for _ in $(seq 20); do
		kill -0 "$pid" 2>/dev/null || { rm -f "$1"; return 0; }
		sleep 0.5
	done
	kill -9 "$pid" 2>/dev/null || true
	rm -f "$1"
}

stop() {
	stopPid "$dir/slurmd.pid"
	stopPid "$dir/slurmctld.pid"
	stopPid "$dir/munge/munged.pid"
}

case "${1:-all}" in
start) start ;;
stop) stop ;;
all)
	trap stop EXIT
	start
	PAGESIM_SLURM=1 go test ./cmd/pagesim -run '^TestSlurm$' -count=1 -v
	;;
*)
	echo "usage: $0 [start|stop]" >&2
	exit 2
	;;
esac
