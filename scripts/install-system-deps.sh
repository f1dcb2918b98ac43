#!/usr/bin/env bash
# Installs the Debian packages the test suite and the benchmarks need, and nothing else.
# Idempotent: apt-get runs only when a package is missing.
#   default-jre-headless   HermiT reasoner (owlready2)       xjftz reason
#   chromium, fonts-*      browser tests (Playwright's Python API drives Debian's chromium)
#   virtuoso-opensource    the reference remote SPARQL store (remote/virtuoso tests)
#   wrk                    HTTP load generator (bench/)
#   nodejs, npm            Comunica, the SPARQL client outside Python (tests/js); the site's
#                          front-end libraries (webapp/frontend, `make frontend`)
#   r-base-core, r-cran-httr, r-cran-jsonlite   the R example (docs/examples/, tests/test_examples.py)
set -euo pipefail

packages=(default-jre-headless chromium fonts-wqy-microhei virtuoso-opensource wrk nodejs npm
          r-base-core r-cran-httr r-cran-jsonlite)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # nodejs/npm may come from elsewhere than Debian: a working binary is enough.
    case "$p" in
      nodejs) command -v node >/dev/null && continue ;;
      npm) command -v npm >/dev/null && continue ;;
    esac
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present" >&2
  exit 0
fi

echo "system packages: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# virtuoso's postinst tries to start its service, which fails here; the package itself is fine.
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 || {
  $sudo dpkg --configure -a >&2 || true
  for p in "${missing[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok" || { echo "failed to install $p" >&2; exit 1; }
  done
}
