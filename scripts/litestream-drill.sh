#!/usr/bin/env bash
# litestream-drill.sh — proves that a Litestream replica of pb_data/data.db
# restores into a working memberbase (docs/replication.md):
#
#   1. build memberbase, create a superuser, start `serve` on a loopback port;
#   2. create members, start `litestream replicate` (file replica), create more;
#   3. stop Litestream (final sync), kill memberbase with SIGKILL, delete pb_data;
#   4. `litestream restore` data.db into an empty pb_data, start memberbase on it;
#   5. log in as the same superuser: every member must be there, same ids.
#
# Needs: go, curl, jq, litestream v0.5 (LITESTREAM=/path/to/litestream).
# Usage: scripts/litestream-drill.sh   (DRILL_PORT=18090 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=go1.27.3

LITESTREAM=${LITESTREAM:-litestream}
PORT=${DRILL_PORT:-18090}
BASE="http://127.0.0.1:$PORT"
EMAIL=drill@example.com
PASSWORD=litestream-drill-password-0123

work=$(mktemp -d)
mb_pid="" ls_pid=""
cleanup() {
  for pid in $ls_pid $mb_pid; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# The drill's own environment: development profile, no rate limits, nothing
# from the caller's MEMBERBASE_* variables.
for v in $(env | grep -o '^MEMBERBASE_[A-Z0-9_]*' || true); do unset "$v"; done
export MEMBERBASE_ENV=development MEMBERBASE_RATE_LIMIT=off

echo "== build"
CGO_ENABLED=0 go build -trimpath -o "$work/memberbase" .
"$LITESTREAM" version

start_serve() { # $1 = data dir
  (cd "$work" && exec ./memberbase serve --dev=false --http "127.0.0.1:$PORT" --dir "$1" >>"$work/serve.log" 2>&1) &
  mb_pid=$!
  for _ in $(seq 1 150); do
    curl -fsS "$BASE/api/health" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "serve did not come up"; tail -50 "$work/serve.log"; exit 1
}

login() {
  curl -fsS -H 'Content-Type: application/json' \
    -d "{\"identity\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" \
    "$BASE/api/collections/_superusers/auth-with-password" | jq -r .token
}

# create_member N: until the member ID hook assigns member_id, a second empty
# member_id collides with the unique index; only then send one explicitly.
create_member() {
  local body="{\"first_name\":\"Member$1\",\"last_name\":\"Drill\",\"email\":\"m$1@example.org\",\"status\":\"active\""
  local out
  out=$(curl -sS -H "Authorization: $TOKEN" -H 'Content-Type: application/json' -d "$body}" \
    "$BASE/api/collections/members/records")
  if ! echo "$out" | jq -e .id >/dev/null; then
    echo "$out" | grep -q member_id || { echo "create member $1: $out"; exit 1; }
    out=$(curl -fsS -H "Authorization: $TOKEN" -H 'Content-Type: application/json' \
      -d "$body,\"member_id\":\"LS-$1\"}" "$BASE/api/collections/members/records")
  fi
}

member_ids() {
  curl -fsS -H "Authorization: $TOKEN" "$BASE/api/collections/members/records?perPage=500&sort=created" | jq -r '.items[].id'
}

echo "== serve, superuser, first members"
(cd "$work" && ./memberbase superuser upsert "$EMAIL" "$PASSWORD" --dir "$work/pb_data" >/dev/null)
start_serve "$work/pb_data"
TOKEN=$(login)
for i in $(seq 1 5); do create_member "$i"; done

echo "== litestream replicate"
cat >"$work/litestream.yml" <<YML
dbs:
  - path: $work/pb_data/data.db
    replica:
      type: file
      path: $work/replica
      sync-interval: 1s
YML
"$LITESTREAM" replicate -config "$work/litestream.yml" >"$work/litestream.log" 2>&1 &
ls_pid=$!
sleep 3
for i in $(seq 6 25); do create_member "$i"; done
before=$(member_ids)
echo "members before the disaster: $(echo "$before" | wc -l)"
sleep 3

echo "== disaster: stop litestream, kill -9 memberbase, delete pb_data"
kill -TERM "$ls_pid"; wait "$ls_pid" || true; ls_pid=""
kill -KILL "$mb_pid"; wait "$mb_pid" 2>/dev/null || true; mb_pid=""
rm -rf "$work/pb_data"

echo "== litestream restore"
mkdir -p "$work/restored"
"$LITESTREAM" restore -config "$work/litestream.yml" -o "$work/restored/data.db" "$work/pb_data/data.db"
start_serve "$work/restored"
TOKEN=$(login)
after=$(member_ids)
echo "members after the restore: $(echo "$after" | wc -l)"
if [ "$before" != "$after" ]; then
  echo "FAIL: the restored members differ"; diff <(echo "$before") <(echo "$after") || true; exit 1
fi
echo "OK: every member is back, same ids, and memberbase serves the restored database"
