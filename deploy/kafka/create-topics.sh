#!/usr/bin/env bash
# Creates Vigil's topics on the compose stack's single broker (replication factor 1). Idempotent:
# existing topics are left as they are. Names are the event contract's defaults.
set -euo pipefail

bootstrap="${BOOTSTRAP_SERVERS:?BOOTSTRAP_SERVERS is not set}"

create() {
  local topic="$1" partitions="$2"
  shift 2
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "$topic" --partitions "$partitions" --replication-factor 1 "$@"
}

create identity.auth-events 3
create identity.token-events 3
create identity.alerts 3
create identity.revocations 3
create identity.dlq 1
# Every alert as an OCSF Detection Finding (JSON), for Kafka Connect sinks into a SIEM.
create identity.findings.ocsf 3
# Identities at risk, one verdict each: compaction keeps the latest, a tombstone clears one.
create identity.risk 3 --config cleanup.policy=compact
# The active rule pack lives under one key; compaction keeps only its latest version.
create identity.rules 1 --config cleanup.policy=compact
# What the revocation consumer could not deliver, with the reason in headers.
create identity.revocations.dlq 1

echo "Vigil topics ready on $bootstrap"
