#!/usr/bin/env bash
# Installs the Debian packages listed in packaging/apt-packages.txt (and python3-venv when the
# interpreter cannot make a virtual environment). As root it runs apt-get; otherwise it prints
# the one line an administrator has to run, and fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="${PYTHON:-python3}"

mapfile -t wanted < <(grep -v -e '^#' -e '^[[:space:]]*$' "$here/apt-packages.txt")
if ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    wanted+=(python3-venv)
fi

missing=()
for pkg in "${wanted[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
    [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [[ "$(id -u)" -ne 0 ]]; then
    echo "缺少系统软件包。请管理员运行 / Missing system packages; as root run:" >&2
    echo "  sudo apt-get update && sudo $line" >&2
    exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends "${missing[@]}"
