#!/usr/bin/env bash
# Drive `plan mcp` with the official MCP Inspector CLI (a client nobody here wrote):
# list the tools, then call `status`.
#
#   scripts/mcp-inspector.sh [REPO]
#
# REPO is a git repository with a plan in its plans folder (default: the current folder).
# The server runs as `$PLAN_PYTHON -m runner mcp` (PLAN_PYTHON defaults to `python3`; set it
# to the virtualenv's python). Needs Node.js's `npx`; the Inspector is fetched by npx on
# first use. Output: the tools/list answer, a line `---`, the tools/call answer.
# Exit codes: 0 both calls answered; 1 a call failed; 3 the Inspector could not be fetched.
set -euo pipefail

repo="${1:-.}"
python="${PLAN_PYTHON:-python3}"
inspector=(npx -y @modelcontextprotocol/inspector@0 --cli)

cd "$repo"
if ! "${inspector[@]}" --help >/dev/null 2>&1; then
    echo "cannot run the MCP Inspector CLI through npx (offline, or no Node.js?)" >&2
    exit 3
fi
"${inspector[@]}" "$python" -m runner mcp --method tools/list || exit 1
echo "---"
"${inspector[@]}" "$python" -m runner mcp --method tools/call --tool-name status || exit 1
