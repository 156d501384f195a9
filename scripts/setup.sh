#!/usr/bin/env bash
# Heed: install everything the embedded profile needs, build it, verify it, and start the agent.
#   bash scripts/setup.sh            install + build + verify, then start (live audio, or typed chat without a sound card)
#   bash scripts/setup.sh --no-start install + build + verify only (used by .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."

START=1
for a in "$@"; do
  case "$a" in
    --no-start) START=0 ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "setup: unknown option $a" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# --- 1. Debian packages -------------------------------------------------------------------
# name:why — shown before installing so the operator knows what lands on the machine.
PKGS=(
  "pocketsphinx-en-us:the embedded speech recognizer's US English acoustic model and dictionary"
  "libpocketsphinx-dev:speech recognition library the native addon links against"
  "libsphinxbase-dev:support library for pocketsphinx"
  "libspeexdsp-dev:noise suppression in front of the recognizer (linked by the native addon)"
  "libflite1:the flite text-to-speech voices (rms, slt, awb, kal)"
  "flite1-dev:headers for building the native addon against flite"
  "flite:flite command line, used to generate test utterances"
  "pkg-config:finds the speech libraries when building the addon"
  "g++:compiles the native addon"
  "make:builds the native addon"
  "python3:node-gyp needs it to build native addons"
  "pocketsphinx-testdata:real human speech recordings used by the VAD tests"
  "sox:audio conversion, noise and speed changes for test fixtures"
  "espeak-ng:a second synthetic voice for test fixtures and the benchmark"
  "espeak-ng-data:phoneme data for Piper voices (the standard profile's text-to-speech)"
  "festival:a third synthetic voice for test fixtures and the benchmark"
  "festvox-kallpc16k:festival's US English voice"
  "pulseaudio:user-mode audio server: live audio without a sound card, and the live-audio tests"
  "pulseaudio-utils:pacat/parec, the live audio backend"
  "libasound2-plugins:routes ALSA's default device through PulseAudio"
)
missing=()
for entry in "${PKGS[@]}"; do
  name=${entry%%:*}
  dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q "install ok installed" || missing+=("$entry")
done
if ((${#missing[@]})); then
  say "Installing ${#missing[@]} Debian package(s):"
  for entry in "${missing[@]}"; do printf '    %-22s %s\n' "${entry%%:*}" "${entry#*:}"; done
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install Debian packages" >&2; exit 1; }
    SUDO="sudo"
  fi
  names=(); for entry in "${missing[@]}"; do names+=("${entry%%:*}"); done
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${names[@]}" >/dev/null
else
  say "Debian packages: all present"
fi

# --- 2. npm packages ----------------------------------------------------------------------
# onnxruntime-node's postinstall fetches optional CUDA bits from outside the npm registry; the
# CPU runtime the VAD uses ships inside the package, so the download is skipped.
export ONNXRUNTIME_NODE_INSTALL=skip
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
say "Installing npm packages (npm ci)"
npm ci --no-audit --no-fund --loglevel=error

# --- 3. Native addon and TypeScript ------------------------------------------------------------
say "Building the native speech addon (pocketsphinx + flite)"
npm run --silent build:native >/dev/null
say "Compiling TypeScript"
npm run --silent build

# --- 4. Embedded models ---------------------------------------------------------------------
say "Verifying the embedded models (sha256)"
node bin/heed.js models verify

if [ "$START" = 1 ]; then
  say "Starting Heed"
  if node bin/heed.js doctor --audio-only >/dev/null 2>&1; then
    exec node bin/heed.js start
  elif [ -t 0 ]; then
    echo "No audio device here, so Heed starts as a typed conversation (heed chat). Ctrl-D to leave."
    exec node bin/heed.js chat
  else
    echo "Installed. No audio device and no terminal: run 'npx heed start' on a machine with audio, or 'npx heed chat'."
  fi
fi
