#!/usr/bin/env bash
# Installs the real SIP peers used by NanoPhone's tests (Debian packages only):
#   kamailio (every module registrar.cfg loads - registrar, usrloc, auth, tm,
#   tmx, uac_redirect, htable, ctl, sl, rr, maxfwd, textops, siputils, pv,
#   xlog, jsonrpcs, sanity, kex, corex - ships in the base package; checked
#   below), its TLS module (kamailio-tls-modules) and RFC 5626 outbound module
#   (kamailio-outbound-modules; path is in the base package), dnsmasq-base (a
#   DNS server on loopback for the RFC 3263 tests), openssl (their test
#   certificates), sip-tester (sipp), baresip (with baresip-core's modules g711,
#   ausine, aufile, aubridge, sndfile, ctrl_tcp; checked below), tshark; for the web page's tests
#   (tests/Web.Tests) chromium (headless), a font for its screenshots, and
#   nginx-light (the provisioning server).
# Idempotent and non-interactive: packages already present are skipped, and
# `apt-get update` runs only when something is missing. A second run takes well
# under 2 seconds.
# Nothing here starts a service: if the package scripts started a kamailio
# daemon, it is stopped again before we exit (tests start their own, on
# loopback, in the foreground).
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

# package name -> a command or file that proves it is usable
declare -A NEED=(
  [kamailio]=kamailio
  [kamailio-tls-modules]=/usr/lib/*/kamailio/modules/tls.so
  [kamailio-outbound-modules]=/usr/lib/*/kamailio/modules/outbound.so
  [dnsmasq-base]=dnsmasq
  [openssl]=openssl
  [sip-tester]=sipp
  [baresip]=baresip
  [baresip-core]=/usr/lib/baresip/modules/sndfile.so
  [tshark]=tshark
  [chromium]=chromium
  [fonts-dejavu-core]=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
  [nginx-light]=nginx
)

# A command on PATH, or a file (fonts, modules; a glob may stand for the arch directory).
usable() { command -v "$1" >/dev/null 2>&1 || compgen -G "$1" >/dev/null; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for pkg in "${!NEED[@]}"; do
  if dpkg -s "$pkg" >/dev/null 2>&1 && usable "${NEED[$pkg]}"; then
    continue
  fi
  missing+=("$pkg")
done

# Modules that registrar.cfg loads; all ship in the base `kamailio` package on
# Debian bookworm (checked here so a broken install is reported early).
check_modules() {
  local dir="" m
  for d in /usr/lib/x86_64-linux-gnu/kamailio/modules /usr/lib/*/kamailio/modules /usr/lib/kamailio/modules; do
    if [ -d "$d" ]; then dir="$d"; break; fi
  done
  if [ -z "$dir" ]; then echo "install.sh: kamailio modules dir not found" >&2; return 1; fi
  for m in jsonrpcs ctl kex corex tm tmx sl rr pv maxfwd usrloc registrar textops siputils xlog \
           sanity auth htable uac_redirect path tls outbound; do
    if [ ! -f "$dir/$m.so" ]; then echo "install.sh: kamailio module $m.so missing in $dir" >&2; return 1; fi
  done
}

if [ "${#missing[@]}" -gt 0 ]; then
  echo "install.sh: installing ${missing[*]}"
  # tshark asks whether non-root users may capture; answer "no" up front.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
  # Wait for the dpkg lock instead of failing if another install is running.
  $SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq
  $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

check_modules

# baresip modules the tests load: g711 (PCMU/PCMA), ausine and aufile (tone and file sources),
# aubridge (a player without a sound card), sndfile (records what a call hears: the media tests),
# ctrl_tcp, account, menu. All ship in baresip-core.
for m in g711 ausine aufile aubridge sndfile ctrl_tcp account menu; do
  if [ ! -f "/usr/lib/baresip/modules/$m.so" ]; then
    echo "install.sh: baresip module $m.so missing in /usr/lib/baresip/modules" >&2
    exit 1
  fi
done

# No kamailio daemon may stay running after install (tests run their own).
# This machine may have no systemd; try both the service wrapper and the pid file.
if [ "${#missing[@]}" -gt 0 ]; then
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet kamailio 2>/dev/null; then
    $SUDO systemctl stop kamailio || true
    $SUDO systemctl disable kamailio >/dev/null 2>&1 || true
  fi
  if [ -x /etc/init.d/kamailio ]; then
    $SUDO /etc/init.d/kamailio stop >/dev/null 2>&1 || true
  fi
fi
# Nor an nginx daemon on port 80 (the tests start their own on a free loopback port).
if [ "${#missing[@]}" -gt 0 ]; then
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet nginx 2>/dev/null; then
    $SUDO systemctl stop nginx || true
    $SUDO systemctl disable nginx >/dev/null 2>&1 || true
  fi
fi
for pidfile in /run/kamailio/kamailio.pid /var/run/kamailio/kamailio.pid /run/nginx.pid; do
  if [ -s "$pidfile" ]; then
    pid="$(cat "$pidfile")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      echo "install.sh: stopping a packaged daemon (pid $pid, $pidfile)"
      $SUDO kill "$pid" || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
  fi
done

for pkg in "${!NEED[@]}"; do
  usable "${NEED[$pkg]}" || { echo "install.sh: ${NEED[$pkg]} still missing" >&2; exit 1; }
done
echo "install.sh: peers ready ($(kamailio -v 2>/dev/null | head -n1 | awk '{print $2,$3}') with tls and outbound; dnsmasq; sipp; baresip; tshark; chromium; nginx)"
