#!/usr/bin/env bash
# Installs the tests' push service (server.py) into tests/push-endpoint/.venv
# from PyPI, pinned by requirements.txt. Python 3 with venv and pip is
# needed (Debian: python3-venv).
set -euo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$dir/.venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import http_ece, cryptography' 2>/dev/null; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$dir/requirements.txt"
fi
"$venv/bin/python" -c 'import http_ece, cryptography; print("push endpoint: http_ece", http_ece.__version__ if hasattr(http_ece, "__version__") else "1.2.1", "cryptography", cryptography.__version__)'
