#!/usr/bin/env bash
# Headless Chromium for the end-to-end browser test (tests/e2e): Debian's package, never a
# browser download of Playwright's own. Does nothing when /usr/bin/chromium is already there.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# fonts-noto-cjk: without a CJK font the screenshot shows boxes instead of Chinese.
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-noto-cjk
/usr/bin/chromium --version
