#!/bin/sh
# Builds the Debian package with `cpack -G DEB`, installs it into this machine with dpkg -i, uses
# the installed collab (version, manual, completion, lint of the shipped examples, the Chinese
# catalogue) and removes it again. Needs root and dpkg: skipped (77) otherwise, or when a collab
# package is already installed (the test would replace someone's install).
# Usage: check_deb.sh BUILD_DIR
set -eu
build=$(cd "$1" && pwd)
skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root to dpkg -i"
command -v dpkg >/dev/null && command -v cpack >/dev/null || skip "needs dpkg and cpack"
command -v dpkg-shlibdeps >/dev/null || skip "needs dpkg-shlibdeps (dpkg-dev)"
# Installed means "install ok installed": a package removed earlier stays known to dpkg (state
# config-files) until purged, and that is no install of someone's to protect.
if [ "$(dpkg-query -W -f='${Status}' collab 2>/dev/null)" = "install ok installed" ]; then
  skip "a collab package is already installed"
fi
fail() { echo "FAIL: $*" >&2; exit 1; }

tmp=$(mktemp -d)
cleanup() { dpkg -P collab >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT

# The package: its name, fields and files.
(cd "$tmp" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/out" >"$tmp/cpack.log" 2>&1) ||
  { cat "$tmp/cpack.log"; fail "cpack -G DEB failed"; }
version=$("$build/collab" --version | sed -n 's/^collab \([0-9][0-9.]*\).*/\1/p' | head -1)
arch=$(dpkg --print-architecture)
deb="$tmp/out/collab_${version}_${arch}.deb"
[ -f "$deb" ] || { ls "$tmp/out"; fail "no collab_${version}_${arch}.deb"; }
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for dep in libgit2 libyaml-cpp libfmt libstdc++6 libc6 git; do
  echo "$depends" | grep -q "$dep" || fail "Depends lacks $dep"
done
dpkg-deb -c "$deb" | awk '{print $6}' >"$tmp/files"
for f in ./usr/bin/collab ./usr/share/man/man1/collab.1.gz ./usr/share/doc/collab/copyright \
         ./usr/share/doc/collab/examples/.collab.yaml ./usr/share/locale/zh_CN/LC_MESSAGES/collab.mo \
         ./usr/share/bash-completion/completions/collab ./usr/share/zsh/vendor-completions/_collab \
         ./usr/share/fish/vendor_completions.d/collab.fish \
         "./usr/$(sed -n 's/^CMAKE_INSTALL_LIBDIR:[A-Z]*=//p' "$build/CMakeCache.txt")/collab/libssh2.so"; do
  grep -qx "$f" "$tmp/files" || fail "the package lacks $f"
done
if grep -q '^\./usr/local' "$tmp/files"; then fail "the package installs into /usr/local"; fi
mkdir "$tmp/x" && dpkg-deb -x "$deb" "$tmp/x"
if readelf -S "$tmp/x/usr/bin/collab" | grep -q '\.debug_info\|\.symtab'; then fail "/usr/bin/collab is not stripped"; fi
ls -l "$tmp/x/usr/bin/collab"

# Installed: the binary, its manual, completion and catalogues work from /usr.
dpkg -i "$deb" >"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log"; fail "dpkg -i failed"; }
/usr/bin/collab --version | grep -q "^collab $version" || fail "installed collab --version"
[ "$(man -w collab)" = /usr/share/man/man1/collab.1.gz ] || fail "man -w collab: $(man -w collab 2>&1)"
man collab 2>/dev/null | grep -q 'collab' || fail "man collab shows nothing"
if command -v bash >/dev/null; then
  bash -c '. /usr/share/bash-completion/completions/collab && complete -p collab' | grep -q collab ||
    fail "the bash completion does not register for collab"
fi
cp -r /usr/share/doc/collab/examples "$tmp/records"
(cd "$tmp/records" && git init -q . && /usr/bin/collab lint) || fail "installed collab lint of the shipped examples"
# examples/ speaks Chinese (lang: zh): the catalogue installed in /usr/share/locale is found, also
# when the build tree's (whose path the binary knows) is hidden by an empty mount, as on a machine
# that never built collab (unshare needs CAP_SYS_ADMIN; without it, the build tree stays visible).
overdue='cd "$1" && /usr/bin/collab --as-of 2024-06-01 overdue'
if unshare -m true 2>/dev/null; then
  unshare -m sh -c "mount -t tmpfs none '$build/locale' && $overdue" sh "$tmp/records" >"$tmp/overdue" 2>&1 || true
else
  sh -c "$overdue" sh "$tmp/records" >"$tmp/overdue" 2>&1 || true
fi
grep -q '负责人' "$tmp/overdue" || { cat "$tmp/overdue"; fail "the installed collab does not speak Chinese"; }
(cd "$tmp/records" && { /usr/bin/collab lint bad >/dev/null; [ $? -eq 1 ]; }) || fail "lint of examples/bad is not 1"
# The installed collab finds its stand-ins for libssh2 and Kerberos (next to it, in LIBDIR/collab):
# a command that reads history loads libgit2 without them.
(cd "$tmp/records" && git add -A && git -c user.name=t -c user.email=t@example.com commit -qm base &&
  LD_DEBUG=files /usr/bin/collab --as-of 2024-06-01 stale >/dev/null 2>"$tmp/loads") || fail "installed collab stale"
grep -q 'file=libgit2' "$tmp/loads" || fail "installed collab stale did not load libgit2"
if grep -q 'file=libssh2' "$tmp/loads"; then fail "installed collab stale loaded libssh2: no stand-ins found"; fi

dpkg -P collab >/dev/null
[ ! -e /usr/bin/collab ] || fail "dpkg -P left /usr/bin/collab"
[ ! -e /usr/lib/collab ] || fail "dpkg -P left /usr/lib/collab"
[ -z "$(dpkg-query -W -f='${Status}' collab 2>/dev/null)" ] || fail "dpkg still knows collab after dpkg -P"
echo "OK: $(basename "$deb") installs, works and removes"
