#!/usr/bin/env bash
# Prepares a Debian/Ubuntu machine for the PostgreSQL adapter:
#   1. starts the PostgreSQL cluster when it is stopped;
#   2. builds and installs pgvector from Debian's own source package when the `vector`
#      extension is missing (Debian 12 ships no pgvector for PostgreSQL 15; trixie's
#      source package builds against it in seconds).
# Idempotent: a second run only checks and prints nothing.
# Environment: PG_MAJOR (default: newest installed), PG_CLUSTER (default main),
#              PGHOST/PGPORT/PGUSER/PGDATABASE for the availability check.
set -euo pipefail

log() { printf 'setup-postgres: %s\n' "$*" >&2; }
# Runs a noisy command silently, showing its output only when it fails.
quiet() {
  local out
  if ! out="$("$@" 2>&1)"; then printf '%s\n' "$out" >&2; log "failed: $*"; return 1; fi
}
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

PG_MAJOR="${PG_MAJOR:-$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1 || true)}"
PG_CLUSTER="${PG_CLUSTER:-main}"
if [ -z "$PG_MAJOR" ]; then
  log "no PostgreSQL installation under /usr/lib/postgresql; install postgresql first"
  exit 1
fi

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-root}" PGDATABASE="${PGDATABASE:-test}"

# 1. Server running?
if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
  log "starting PostgreSQL $PG_MAJOR/$PG_CLUSTER"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$PG_MAJOR" "$PG_CLUSTER" start
  for _ in $(seq 1 30); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 0.5; done
  pg_isready -q -h "$PGHOST" -p "$PGPORT" || { log "PostgreSQL did not come up on $PGHOST:$PGPORT"; exit 1; }
fi

# 2. pgvector available? The control file is what pg_available_extensions reads, so
#    checking it works even when the database/user of the psql check does not exist.
SHAREDIR="$(/usr/lib/postgresql/"$PG_MAJOR"/bin/pg_config --sharedir 2>/dev/null || echo /usr/share/postgresql/"$PG_MAJOR")"
has_vector() {
  [ -f "$SHAREDIR/extension/vector.control" ] && return 0
  psql -XtAq -c "select 1 from pg_available_extensions where name = 'vector'" 2>/dev/null | grep -q 1
}
if has_vector; then exit 0; fi

log "pgvector missing for PostgreSQL $PG_MAJOR: building it from Debian's source package"
SRC_LIST=/etc/apt/sources.list.d/pgvector-trixie-src.list
if [ ! -f "$SRC_LIST" ]; then
  # Source entries only: no binary package from trixie is ever installed.
  echo "deb-src http://deb.debian.org/debian trixie main" | $SUDO tee "$SRC_LIST" >/dev/null
fi
quiet $SUDO apt-get update -qq
quiet $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  "postgresql-server-dev-$PG_MAJOR" build-essential dpkg-dev

BUILD_DIR="$(mktemp -d /tmp/pgvector-build.XXXXXX)"
trap 'rm -rf "$BUILD_DIR"' EXIT
(
  cd "$BUILD_DIR"
  # The trixie signing key is not in bookworm's keyring; apt still checks the checksums
  # of the files it downloads against the signed Sources index.
  quiet apt-get source -qq pgvector
  cd "$(ls -d pgvector-*/ | head -1)"
  PG_CONFIG="/usr/lib/postgresql/$PG_MAJOR/bin/pg_config"
  quiet make PG_CONFIG="$PG_CONFIG"
  quiet $SUDO make PG_CONFIG="$PG_CONFIG" install
)
has_vector || { log "pgvector build finished but the extension is still not available"; exit 1; }
log "pgvector installed: $(grep default_version "$SHAREDIR/extension/vector.control")"
