# Shared helpers for scripts/*: install what is missing, then build.
# Sourced, not executed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when root, through sudo otherwise.
as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else die "need root to run '$*' (install it yourself, or run as root or with sudo)"
    fi
}

APT_UPDATED=0
# Installs Debian packages that are not installed yet.
ensure_apt() {
    local missing=()
    for p in "$@"; do
        dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null 2>&1 || die "missing packages ${missing[*]} and no apt-get: install them with your package manager"
    log "installing ${missing[*]}"
    if [ "$APT_UPDATED" = 0 ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

ensure_system_libraries() {
    command -v swift >/dev/null 2>&1 || die "swift not found: install Swift 6 from swift.org and put it on PATH"
    ensure_apt libopenblas-dev liblapack-dev liblapacke-dev pkg-config
}

# A Python virtual environment with the reference packages (scikit-learn, pandas...).
# Usage: ensure_venv pkg...   Sets PY to the interpreter.
VENV="$ROOT/.venv-reference"
ensure_venv() {
    command -v python3 >/dev/null 2>&1 || ensure_apt python3 python3-venv
    if [ ! -x "$VENV/bin/python" ]; then
        log "creating $VENV"
        python3 -m venv "$VENV" 2>/dev/null || { ensure_apt python3-venv; python3 -m venv "$VENV"; }
    fi
    PY="$VENV/bin/python"
    local need=()
    for p in "$@"; do
        local mod="${p%%[=<>]*}"
        case "$mod" in scikit-learn) mod=sklearn ;; pyyaml) mod=yaml ;; esac
        mod="${mod//-/_}"
        "$PY" -c "import $mod" >/dev/null 2>&1 || need+=("$p")
    done
    if [ ${#need[@]} -gt 0 ]; then
        log "pip install ${need[*]}"
        "$PY" -m pip install -q --disable-pip-version-check "${need[@]}"
    fi
}

# Builds the release binary once; prints its path.
build_release() {
    swift build -c release --product ar-segment >&2
    echo "$(swift build -c release --show-bin-path)/ar-segment"
}
