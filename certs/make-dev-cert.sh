#!/usr/bin/env bash
# Makes a self-signed certificate for local TLS and for a Telegram webhook on a host without a
# CA-issued certificate. Usage: certs/make-dev-cert.sh [HOST_OR_IP] (default: localhost)
# Writes certs/dev-cert.pem and certs/dev-key.pem (git-ignored).
set -euo pipefail
cd "$(dirname "$0")"
host="${1:-localhost}"
if [[ "$host" =~ ^[0-9.]+$ ]]; then san="IP:$host"; else san="DNS:$host"; fi
openssl req -x509 -newkey rsa:2048 -sha256 -days 365 -nodes \
  -keyout dev-key.pem -out dev-cert.pem \
  -subj "/CN=$host" -addext "subjectAltName=$san" 2>/dev/null
chmod 600 dev-key.pem
echo "wrote certs/dev-cert.pem and certs/dev-key.pem for $host"
echo "run with: FOLLOWUP_TLS_CERT=certs/dev-cert.pem FOLLOWUP_TLS_KEY=certs/dev-key.pem build/followup-bot serve"
