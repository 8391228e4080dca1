#!/usr/bin/env bash
# A sharded sweep on a real, one-node Slurm cluster on this machine (issue 27). Installs Debian's slurm-wlm and munge,
# starts munged (unless running), slurmctld and slurmd on localhost with this machine's CPUs, submits
# `sbatch --array=1-N` running `lab run PRESET --shard $SLURM_ARRAY_TASK_ID/N`, waits, merges the shards with
# `lab merge`, runs the same sweep unsharded and compares the two fit.json files (times, threads and shard count
# aside), then stops the daemons it started. Needs root; not part of CI.
#
#   scripts/slurm-local.sh [PRESET] [N]      default: mup 4
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PRESET=${1:-mup}
N=${2:-4}
LAB=${LAB:-$ROOT/.build/release/lab}
[ "$(id -u)" = 0 ] || { echo "slurm-local: run as root (it installs packages and starts daemons)"; exit 2; }
[ -x "$LAB" ] || swift build -c release
export DEBIAN_FRONTEND=noninteractive LAB_PRESETS=$ROOT/presets
command -v slurmctld > /dev/null && command -v munged > /dev/null || {
    apt-get update -qq
    apt-get install -y -qq slurm-wlm munge > /dev/null
}
WORK=$(mktemp -d /tmp/lab-slurm.XXXXXX)
chmod 755 "$WORK"
HOST=$(hostname -s)
CPUS=$(nproc)
STARTED_MUNGE=0

stop() {
    [ -s "$WORK/slurmd.pid" ] && kill "$(cat "$WORK/slurmd.pid")" 2>/dev/null || true
    [ -s "$WORK/slurmctld.pid" ] && kill "$(cat "$WORK/slurmctld.pid")" 2>/dev/null || true
    [ "$STARTED_MUNGE" = 1 ] && pkill -x munged 2>/dev/null || true
}
trap stop EXIT

# munge: a key, its run folder, the daemon.
mkdir -p /etc/munge /run/munge /var/lib/munge /var/log/munge
[ -s /etc/munge/munge.key ] || dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge
chmod 400 /etc/munge/munge.key
if ! pgrep -x munged > /dev/null; then
    runuser -u munge -- munged --force
    STARTED_MUNGE=1
fi

# One node, one partition, no cgroups and no accounting: the smallest cluster that schedules a job array.
mkdir -p "$WORK/spool" "$WORK/state"
cat > "$WORK/slurm.conf" <<EOF
ClusterName=lablocal
SlurmctldHost=$HOST
AuthType=auth/munge
SlurmUser=root
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmdSpoolDir=$WORK/spool
StateSaveLocation=$WORK/state
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
NodeName=$HOST CPUs=$CPUS State=UNKNOWN
PartitionName=lab Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$WORK/slurm.conf
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 60); do sinfo -h -o %T 2>/dev/null | grep -q idle && break; sleep 1; done
sinfo -h -o "%P %D %T %c" | sed 's/^/slurm-local: partition, nodes, state, CPUs: /'

# The array: one task per shard, one CPU each, every shard in its own folder.
cat > "$WORK/shard.sbatch" <<EOF
#!/bin/bash
#SBATCH --job-name=lab-$PRESET
#SBATCH --array=1-$N
#SBATCH --cpus-per-task=1
#SBATCH --output=$WORK/shard-%a.log
exec "$LAB" run "$PRESET" --shard "\${SLURM_ARRAY_TASK_ID}/$N" --set threads=1 --out "$WORK/shard-\${SLURM_ARRAY_TASK_ID}"
EOF
start=$(date +%s.%N)
job=$(sbatch --parsable "$WORK/shard.sbatch")
echo "slurm-local: submitted array job $job ($N tasks)"
while squeue -h -j "$job" 2>/dev/null | grep -q .; do sleep 1; done
array=$(echo "$(date +%s.%N) - $start" | bc)
for k in $(seq "$N"); do tail -1 "$WORK/shard-$k.log"; done
"$LAB" merge $(for k in $(seq "$N"); do echo "$WORK/shard-$k"; done) --out "$WORK/merged" | tail -1
start=$(date +%s.%N)
"$LAB" run "$PRESET" --out "$WORK/whole" | tail -1
whole=$(echo "$(date +%s.%N) - $start" | bc)
strip() { grep -v -E '"(seconds|cpu_seconds|threads|shards)"' "$1"; }
if diff <(strip "$WORK/whole/fit.json") <(strip "$WORK/merged/fit.json") > /dev/null && cmp -s "$WORK/whole/sweep.csv" "$WORK/merged/sweep.csv"; then
    printf 'slurm-local: match: %s in %d Slurm shards (%.1f s wall for the array) = unsharded (%.1f s): fit.json and sweep.csv identical; files in %s\n' \
        "$PRESET" "$N" "$array" "$whole" "$WORK"
else
    echo "slurm-local: MISMATCH between $WORK/whole and $WORK/merged:"
    diff <(strip "$WORK/whole/fit.json") <(strip "$WORK/merged/fit.json") | head -20
    exit 1
fi
