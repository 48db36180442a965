#!/usr/bin/env bash
# Print the path of a Python 3.12+ interpreter (Django 6 needs it), or explain and fail.
for candidate in "${PYTHON:-}" python3.13 python3.12 python3 \
    /root/.pyenv/versions/3.1[2-9]*/bin/python3 /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do
  [ -n "$candidate" ] || continue
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if "$path" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
    echo "$path"
    exit 0
  fi
done
echo "OpenCQI needs Python 3.12 or newer; none found. Install one (e.g. apt-get install python3.12) or set PYTHON=/path/to/python3.12." >&2
exit 1
