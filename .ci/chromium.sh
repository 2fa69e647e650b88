#!/usr/bin/env bash
# Installs what the HTML report's browser test and the shell-completion
# tests drive — Debian's chromium, zsh and fish — so that .ci/run can
# require them (PAGESIM_CHROMIUM, PAGESIM_COMPLETION_SHELLS): with those
# set, a missing browser or shell fails the tests instead of skipping them.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends chromium zsh fish
chromium --version
