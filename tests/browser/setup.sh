#!/bin/sh
# Installs what the browser tests need: playwright-core (pinned in
# package-lock.json) and Debian's chromium when it is missing.
set -e
cd "$(dirname "$0")"
if [ ! -x /usr/bin/chromium ]; then
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
if ! command -v npm > /dev/null; then
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm
fi
npm ci --no-audit --no-fund
