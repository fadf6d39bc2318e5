#!/usr/bin/env bash
# Browser tests: builds hearth, starts `hearth demo` on 127.0.0.1 with a
# fresh database, and runs e2e/*.test.mjs (Node's test runner) against it
# in headless Chromium. Installs Chromium and the npm packages if missing.
# Usage: bash e2e/run.sh [extra node --test arguments]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
start=$SECONDS

if [[ ! -x /usr/bin/chromium ]]; then
	echo "e2e: installing Debian's chromium" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update
	apt-get install -y chromium
fi

# Playwright must never download a browser: it drives /usr/bin/chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if ! (cd "$here" && npm ls --depth=0 >/dev/null 2>&1); then
	echo "e2e: installing npm packages (npm ci)" >&2
	(cd "$here" && npm ci --no-audit --no-fund)
fi

tmp="$(mktemp -d)"
server_pid=""
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

(cd "$root" && go build -o "$tmp/hearth" ./cmd/hearth)

"$tmp/hearth" demo --db "$tmp/demo.db" --addr 127.0.0.1:0 --signin-rate 1000 >"$tmp/server.out" 2>"$tmp/server.err" &
server_pid=$!

# The first line of stdout is "hearth listening on http://127.0.0.1:PORT".
url=""
for _ in $(seq 1 300); do
	if [[ -s "$tmp/server.out" ]]; then
		line="$(head -n 1 "$tmp/server.out")"
		if [[ "$line" =~ ^hearth\ listening\ on\ (http://127\.0\.0\.1:[0-9]+)$ ]]; then
			url="${BASH_REMATCH[1]}"
			break
		fi
	fi
	if ! kill -0 "$server_pid" 2>/dev/null; then
		break
	fi
	sleep 0.1
done
if [[ -z "$url" ]]; then
	echo "e2e: the server did not start; its output:" >&2
	cat "$tmp/server.out" "$tmp/server.err" >&2
	exit 1
fi
echo "e2e: hearth demo at $url (ready after $((SECONDS - start))s)"

status=0
# HEARTH_SERVER_ERR is the server's log, where the demo writes the mail it
# does not send (notify.test.mjs follows a password reset link from it).
HEARTH_URL="$url" HEARTH_SERVER_OUT="$tmp/server.out" HEARTH_SERVER_ERR="$tmp/server.err" \
	node --test --test-reporter=spec "$@" "$here"/*.test.mjs || status=$?

if [[ $status -ne 0 ]]; then
	echo "e2e: FAILED (exit $status); server log:" >&2
	tail -n 50 "$tmp/server.err" >&2
fi
echo "e2e: finished in $((SECONDS - start))s"
exit "$status"
