#!/usr/bin/env bash
# Tests the Debian package as an admin meets it: lintian, a real dpkg install into a throwaway root,
# the installed binary, man pages, shell completions found where each shell looks, and the systemd
# units. A shell script because every check is a Debian tool run on the built artifact.
#
#   tests/package/test-package.sh artifacts/vifmap_<version>_amd64.deb
#
# Needs dpkg, lintian, man-db, bash-completion, zsh, fish, systemd, python3 and coreutils
# (tests/lab/install-deps.sh) and the .NET SDK (dotnet tool install); the tool packages are expected
# beside the .deb.
# Nothing is installed on this machine: dpkg --root installs into a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
deb=${1:?usage: tests/package/test-package.sh DEB}
[ -f "$deb" ] || { echo "test-package.sh: no package at $deb" >&2; exit 2; }

failures=0
pass() { echo "  ok   $1"; }
fail() { echo "  FAIL $1" >&2; failures=$((failures + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
# Locally a missing prerequisite skips with its reason; under CI it fails (a CI that skips is a false green).
pending() { if [ -n "${CI:-}" ]; then fail "$1"; else echo "  SKIP $1" >&2; fi; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
version=$(dpkg-deb -f "$deb" Version)
echo "== package $deb ($version)"

echo "-- lintian: no error, no warning (the info tags left are explained in README.md, Install)"
if lintian --fail-on error,warning "$deb" >"$root/lintian.txt" 2>&1; then
    pass "lintian $(grep -c '' "$root/lintian.txt") info/pedantic line(s), no E: or W:"
else
    cat "$root/lintian.txt" >&2; fail "lintian reports errors or warnings"
fi

echo "-- control"
depends=$(dpkg-deb -f "$deb" Depends)
check "Depends computed by dpkg-shlibdeps names libc6 with a version ($depends)" grep -Eq 'libc6 \(>= [0-9.]+\)' <<<"$depends"
# /usr/bin/vifmap's DT_RELR relocations: the loader of glibc < 2.36 refuses the binary.
libc_floor=$(grep -oE 'libc6 \(>= [0-9.]+' <<<"$depends" | grep -oE '[0-9.]+$' || echo 0)
check "Depends asks for the glibc that reads packed relocations, libc6 (>= 2.36) (asks $libc_floor)" \
    dpkg --compare-versions "$libc_floor" ge 2.36
check "/etc/default/vifmap is a conffile" grep -qx /etc/default/vifmap < <(dpkg-deb --ctrl-tarfile "$deb" | tar -xOf - ./conffiles)
check "files are owned by root:root" test -z "$(dpkg-deb -c "$deb" | awk '$2 != "root/root"')"

echo "-- install into a throwaway root with dpkg --root"
mkdir -p "$root/fs/var/lib/dpkg/info" "$root/fs/var/lib/dpkg/updates" "$root/fs/var/log"
touch "$root/fs/var/lib/dpkg/status"
# The maintainer scripts run outside the root (chrootless, DPKG_ROOT set): they must leave this
# machine's systemd alone, which is what their DPKG_ROOT guards are for. Depends: the empty root has no libc6.
if dpkg --root="$root/fs" --force-script-chrootless --force-depends --log=/dev/null -i "$deb" >"$root/dpkg.txt" 2>&1; then
    pass "dpkg -i"
else
    cat "$root/dpkg.txt" >&2; fail "dpkg -i"
fi
fs="$root/fs"
check "dpkg records vifmap as installed" test "$(dpkg-query --root="$fs" -W -f='${db:Status-Abbrev}' vifmap)" = "ii "
vifmap="$fs/usr/bin/vifmap"

echo "-- the installed binary"
check "vifmap --version prints the package version ($version)" test "$("$vifmap" --version)" = "$version"
if "$vifmap" ls --help | grep -q -- '--demo'; then
    ls_args=(ls --demo)
else
    # `ls --demo` (issue 13) is not in this build: the bundled demo host's snapshot is what it maps.
    ls_args=(ls --snapshot samples/host/lab-host.json)
fi
if "$vifmap" "${ls_args[@]}" >"$root/ls.txt" 2>"$root/ls.err"; then
    check "vifmap ${ls_args[*]} prints the table" grep -q '^DOMAIN .* ACTIVE' "$root/ls.txt"
    check "vifmap ${ls_args[*]} maps guest interfaces" grep -Eq ' vif[0-9]+\.[0-9]+ ' "$root/ls.txt"
else
    cat "$root/ls.err" >&2; fail "vifmap ${ls_args[*]}"
fi

echo "-- serve: /usr/bin/vifmap has no HTTP server of its own and execs /usr/libexec/vifmap/vifmap-serve"
helper="$fs/usr/libexec/vifmap/vifmap-serve"
check "vifmap-serve is installed and says $version" test "$("$helper" --version)" = "$version"
check "/usr/bin/vifmap is the build without Kestrel (under half of vifmap-serve's size)" \
    test "$(( $(stat -c %s "$vifmap") * 2 ))" -lt "$(stat -c %s "$helper")"
# http_get PORT PATH: the response body, through bash's /dev/tcp (no curl on a bare dom0).
http_get() {
    exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
    sed '1,/^\r$/d' <&3
    exec 3<&-
}
# serve_until SIGNAL CODE: `vifmap serve --demo` on a free port; once it answers, checks that the process
# that started as /usr/bin/vifmap is vifmap-serve under the same PID, sends SIGNAL and expects exit CODE.
serve_until() {
    # A background job of a script starts with SIGINT ignored: python puts it back as a terminal has it,
    # then execs in place, so the job's PID is vifmap's.
    python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])' \
        "$vifmap" serve --demo --listen 127.0.0.1:0 >"$root/serve.out" 2>"$root/serve.err" &
    local job=$! port="" waited code=0
    # A last resort, so that a serve that ignores the signal fails the check instead of hanging the run.
    (sleep 40; kill -9 "$job" 2>/dev/null) &
    local guard=$!
    for waited in $(seq 200); do
        port=$(grep -oE '127\.0\.0\.1:[0-9]+' "$root/serve.out" || true)
        [ -n "$port" ] && break
        sleep 0.1
    done
    if [ -n "$port" ]; then
        check "serve ($1): the PID that started as /usr/bin/vifmap runs vifmap-serve" \
            test "$(readlink "/proc/$job/exe")" = "$(realpath "$helper")"
        check "serve ($1): its command line is still 'vifmap serve …'" \
            test "$(tr '\0' ' ' <"/proc/$job/cmdline" | cut -d' ' -f2)" = serve
        check "serve ($1): /metrics answers vifmap_up 1" grep -qx 'vifmap_up 1' < <(http_get "${port#*:}" /metrics)
    else
        cat "$root/serve.out" "$root/serve.err" >&2; fail "serve ($1) prints its address"
    fi
    kill -s "$1" "$job" 2>/dev/null || true
    wait "$job" || code=$?
    kill "$guard" 2>/dev/null || true
    wait "$guard" 2>/dev/null || true
    check "serve ends with $2 on SIG$1 (ended with $code)" test "$code" = "$2"
}
serve_until TERM 143
serve_until INT 130
mkdir -p "$root/alone"
cp "$vifmap" "$root/alone/vifmap"
set +e
timeout -k 2 10 "$root/alone/vifmap" serve --demo >/dev/null 2>"$root/alone.err"; alone=$?
set -e
check "without vifmap-serve beside it, serve exits 1 and names what is missing" \
    test "$alone:$(grep -c 'vifmap-serve, which is not installed' "$root/alone.err")" = "1:1"

echo "-- man pages: rendered by man -l without warnings, one per command --help lists, each option there"
man_dir="$fs/usr/share/man/man1"
commands=$("$vifmap" --help | awk '/^Commands:/ { in_list = 1; next } in_list && NF { print $1 }')
check "--help lists commands" test -n "$commands"
for page in vifmap $(printf 'vifmap-%s\n' $commands); do
    file="$man_dir/$page.1.gz"
    if [ ! -f "$file" ]; then fail "$page.1.gz is installed"; continue; fi
    if ! MANWIDTH=200 man --warnings -l "$file" >"$root/man.txt" 2>"$root/man.err" || [ -s "$root/man.err" ]; then
        cat "$root/man.err" >&2; fail "man -l $page.1.gz renders cleanly"; continue
    fi
    words=(); [ "$page" = vifmap ] || words=("${page#vifmap-}")
    missing=""
    for option in $("$vifmap" "${words[@]}" --help | awk '/^Options:/ { in_list = 1; next } in_list && NF { print }' \
            | grep -oE '(^|[ ,])--?[A-Za-z?][A-Za-z0-9-]*' | tr -d ' ,'); do
        grep -qF -- "$option" "$root/man.txt" || missing="$missing $option"
    done
    check "man $page renders and names every option of '${words[*]:-vifmap} --help'${missing:+ (missing:$missing)}" test -z "$missing"
done
check "vifmap.1 has a whatis line (NAME: name - description)" grep -Eq '^ +vifmap - ' <(MANWIDTH=200 man -l "$man_dir/vifmap.1.gz")

echo "-- bash: the completion loader finds the file where bash-completion looks, and completes"
# bash-completion loads completions/<command> from each XDG_DATA_DIRS entry on first Tab.
bash_complete() {
    XDG_DATA_DIRS="$fs/usr/share" bash --norc --noprofile -c '
        source /usr/share/bash-completion/bash_completion
        _completion_loader vifmap
        COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        $(complete -p vifmap | sed -E "s/.* -F ([^ ]+) .*/\1/") vifmap "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        printf "%s\n" "${COMPREPLY[@]}"' bash "$@"
}
check "vifmap l<Tab> offers lint and ls" test "$(bash_complete vifmap l | sort | tr '\n' ' ')" = "lint ls "
check "vifmap ls --w<Tab> offers --wide" test "$(bash_complete vifmap ls --w)" = "--wide"
check "vifmap ls --snapshot <Tab> leaves the value to file names" test -z "$(bash_complete vifmap ls --snapshot '')"
check "vifmap ls --snapshot x --j<Tab> still knows it is in ls" test "$(bash_complete vifmap ls --snapshot x --j)" = "--json"

echo "-- zsh and fish: the files parse; fish completes from its vendor folder"
check "zsh parses _vifmap" zsh -n "$fs/usr/share/zsh/vendor-completions/_vifmap"
check "_vifmap starts with #compdef vifmap (how compinit finds it)" test "$(head -1 "$fs/usr/share/zsh/vendor-completions/_vifmap")" = "#compdef vifmap"
check "fish parses vifmap.fish" fish --no-execute "$fs/usr/share/fish/vendor_completions.d/vifmap.fish"
# fish reads vendor_completions.d under each XDG_DATA_DIRS entry, and autoloads a command's
# completions only when the command is on PATH; a fresh HOME keeps the user's config out.
fish_complete() {
    mkdir -p "$root/home"
    HOME="$root/home" XDG_CONFIG_HOME="$root/home" PATH="$fs/usr/bin:$PATH" XDG_DATA_DIRS="$fs/usr/share:/usr/share" \
        fish -c "complete -C '$1'" | cut -f1
}
check "fish: vifmap l<Tab> offers lint and ls" test "$(fish_complete 'vifmap l' | sort | tr '\n' ' ')" = "lint ls "
check "fish: vifmap ls --w<Tab> offers --wide" test "$(fish_complete 'vifmap ls --w')" = "--wide"

echo "-- systemd units: systemd-analyze verify inside the root"
units="$fs/lib/systemd/system"
# verify resolves the units' dependencies (sysinit.target, timers.target …) in the root: lend it this
# machine's targets and slices, under usr/lib so they stay apart from the package's files.
mkdir -p "$fs/usr/lib/systemd/system"
cp -a /lib/systemd/system/*.target /lib/systemd/system/*.slice "$fs/usr/lib/systemd/system/"
# The units run `vifmap serve` and `vifmap metrics` (issue 11); verify also opens each man page the
# units name under Documentation=, which exist only once those commands do.
exporter_missing=""
for command in serve metrics; do
    grep -qx "$command" <<<"$commands" || exporter_missing="$exporter_missing $command"
done
man_check=--man=yes
if [ -n "$exporter_missing" ]; then
    pending "the units' commands exist in this build (missing:$exporter_missing — issue 11)"
    man_check=--man=no
fi
if MANPATH="$fs/usr/share/man" systemd-analyze --root="$fs" verify "$man_check" \
        "$units/vifmap-serve.service" "$units/vifmap-textfile.service" "$units/vifmap-textfile.timer" >"$root/verify.txt" 2>&1; then
    pass "systemd-analyze verify ($man_check)"
else
    cat "$root/verify.txt" >&2; fail "systemd-analyze verify ($man_check)"
fi
check "units ship disabled (no [Install] symlink in the package)" test -z "$(dpkg-deb -c "$deb" | grep -E '\.wants/|\.requires/')"
check "vifmap-serve.service runs vifmap serve with /etc/default/vifmap's arguments" \
    grep -qx 'ExecStart=/usr/bin/vifmap serve $VIFMAP_SERVE_ARGS' "$units/vifmap-serve.service"
check "vifmap-textfile.service writes node_exporter's textfile" \
    grep -qx 'ExecStart=/usr/bin/vifmap metrics $VIFMAP_METRICS_ARGS -o /var/lib/prometheus/node-exporter/vifmap.prom' "$units/vifmap-textfile.service"

echo "-- remove and purge"
check "dpkg --purge" dpkg --root="$fs" --force-script-chrootless --log=/dev/null --purge vifmap
check "nothing of the package is left" test -z "$(find "$fs" -path "$fs/var" -prune -o -path "$fs/usr/lib/systemd" -prune -o -type f -print)"

echo "-- dotnet tool: installs from the artifacts folder alone and runs"
artifacts=$(dirname "$deb")
# Only the artifacts folder as a source (no network): the pointer package must lead to the RID one.
cat >"$root/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /><add key="artifacts" value="$(cd "$artifacts" && pwd)" /></packageSources></configuration>
CONFIG
if dotnet tool install --tool-path "$root/tools" --configfile "$root/nuget.config" vifmap --version "$version" >"$root/tool.txt" 2>&1; then
    check "the installed tool is the linux-x64 package's native binary" \
        test -n "$(readlink "$root/tools/vifmap" | grep -F '/vifmap.linux-x64/')"
    check "the tool's vifmap --version prints $version" test "$("$root/tools/vifmap" --version)" = "$version"
else
    cat "$root/tool.txt" >&2; fail "dotnet tool install vifmap $version from $artifacts"
fi

if [ "$failures" -gt 0 ]; then
    echo "test-package.sh: $failures check(s) failed" >&2
    exit 1
fi
echo "test-package.sh: all checks passed"
