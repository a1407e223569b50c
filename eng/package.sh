#!/usr/bin/env bash
# Builds, from a clean clone, the Debian package artifacts/vifmap_<version>_amd64.deb and the
# linux-x64 Native AOT dotnet tool packages (artifacts/vifmap.<version>.nupkg, the pointer package
# `dotnet tool install` reads, and artifacts/vifmap.linux-x64.<version>.nupkg, the binary).
#
#   eng/package.sh [--aot DIR]
#
# --aot DIR   take the default Native AOT build (vifmap-serve in the package) from DIR (test.sh passes
#             artifacts/aot, which it has just published and checked) instead of publishing it again;
#             the build without Kestrel is always published here, into artifacts/aot-serve-apart.
#
# The package holds two builds of the one program: /usr/bin/vifmap without Kestrel (VifmapServeApart,
# about half the size, a third less start-up for every one-shot command) whose `serve` execs
# /usr/libexec/vifmap/vifmap-serve, the default build with everything. /usr/bin/vifmap also packs its
# relocations (VifmapPackRelocs: DT_RELR, glibc >= 2.36, which the Depends then say).
#
# Needs the .NET 10 SDK and dpkg-dev (dpkg-shlibdeps, dpkg-gencontrol, dpkg-parsechangelog).
# The man pages and completions are written by the packaged binary itself (hidden `vifmap build-docs`),
# from the command tree its --help prints.
set -euo pipefail
cd "$(dirname "$0")/.."

aot=""
while [ $# -gt 0 ]; do
    case "$1" in
        --aot) aot=${2:?--aot needs a folder}; shift 2 ;;
        *) echo "package.sh: unknown argument '$1' (usage: eng/package.sh [--aot DIR])" >&2; exit 2 ;;
    esac
done
for tool in dotnet dpkg-deb dpkg-shlibdeps dpkg-gencontrol dpkg-parsechangelog; do
    command -v "$tool" >/dev/null || { echo "package.sh: $tool is required (the .NET 10 SDK; apt-get install dpkg-dev)" >&2; exit 2; }
done

debian=eng/debian
version=$(dotnet msbuild src/Vifmap.Cli -nologo -getProperty:Version)
changelog_version=$(dpkg-parsechangelog -l "$debian/changelog" -S Version)
if [ "$version" != "$changelog_version" ]; then
    echo "package.sh: Directory.Build.props says version $version but $debian/changelog's top entry is $changelog_version: add a changelog entry" >&2
    exit 1
fi
# Every date in the package is the changelog's (reproducible builds: same source, same bytes).
SOURCE_DATE_EPOCH=$(dpkg-parsechangelog -l "$debian/changelog" -S Timestamp)
export SOURCE_DATE_EPOCH
page_date=$(date -u -d "@$SOURCE_DATE_EPOCH" +%F)

# publish FOLDER [MSBUILD-ARGUMENT...]: a Native AOT publish of the CLI, refused with any trim/AOT warning.
publish() {
    local into=$1; shift
    echo "== Native AOT publish into $into${*:+ ($*)}"
    local log
    log=$(mktemp)
    if ! dotnet publish src/Vifmap.Cli -c Release -r linux-x64 -nologo -o "$into" "$@" >"$log" 2>&1; then
        cat "$log" >&2; rm -f "$log"; exit 1
    fi
    if grep -E "warning (IL|AOT)[0-9]+" "$log" >&2; then
        echo "package.sh: the AOT publish has trim/AOT warnings" >&2; rm -f "$log"; exit 1
    fi
    rm -f "$log"
}
# checked BINARY: BINARY exists and says the project's version.
checked() {
    [ -x "$1" ] || { echo "package.sh: no Native AOT binary at $1" >&2; exit 1; }
    if [ "$("$1" --version)" != "$version" ]; then
        echo "package.sh: $1 says version '$("$1" --version)', the project says $version (a stale publish?)" >&2
        exit 1
    fi
}

if [ -z "$aot" ]; then
    aot=artifacts/aot
    publish "$aot"
fi
binary="$aot/vifmap"
checked "$binary"
apart=artifacts/aot-serve-apart
publish "$apart" -p:VifmapDebianBinary=true
checked "$apart/vifmap"

work=artifacts/package
rm -rf "$work"
root="$work/root"
mkdir -p "$root"

echo "== staging vifmap $version"
install -D -m 0755 "$apart/vifmap" "$root/usr/bin/vifmap"
install -D -m 0755 "$binary" "$root/usr/libexec/vifmap/vifmap-serve"
# The publishes are already stripped (symbols in vifmap.dbg); drop the compiler banners as dh_strip does.
strip --remove-section=.comment --remove-section=.note "$root/usr/bin/vifmap" "$root/usr/libexec/vifmap/vifmap-serve"

# Man pages and completions from the binary being packaged.
"$root/usr/bin/vifmap" build-docs --output "$work/docs" --date "$page_date"
install -d -m 0755 "$root/usr/share/man/man1"
for page in "$work"/docs/man1/*.1; do
    gzip -9n <"$page" >"$root/usr/share/man/man1/$(basename "$page").gz"
done
install -D -m 0644 "$work/docs/completions/vifmap.bash" "$root/usr/share/bash-completion/completions/vifmap"
install -D -m 0644 "$work/docs/completions/_vifmap" "$root/usr/share/zsh/vendor-completions/_vifmap"
install -D -m 0644 "$work/docs/completions/vifmap.fish" "$root/usr/share/fish/vendor_completions.d/vifmap.fish"

# systemd units (bookworm's path: /lib, as debhelper installs them there), shipped disabled.
for unit in vifmap-serve.service vifmap-textfile.service vifmap-textfile.timer; do
    install -D -m 0644 "$debian/$unit" "$root/lib/systemd/system/$unit"
done
install -D -m 0644 "$debian/vifmap.default" "$root/etc/default/vifmap"

doc="$root/usr/share/doc/vifmap"
install -D -m 0644 "$debian/copyright" "$doc/copyright"
# A native package (no Debian revision): its changelog is changelog.gz.
gzip -9n <"$debian/changelog" >"$doc/changelog.gz"
gzip -9n <README.md >"$doc/README.md.gz"
chmod 0644 "$doc"/*.gz
if grep -qv "^#" "$debian/lintian-overrides" 2>/dev/null; then
    install -D -m 0644 "$debian/lintian-overrides" "$root/usr/share/lintian/overrides/vifmap"
fi

echo "== control: Depends from dpkg-shlibdeps"
install -d -m 0755 "$root/DEBIAN"
for script in postinst prerm postrm; do
    install -m 0755 "$debian/$script" "$root/DEBIAN/$script"
done
echo /etc/default/vifmap >"$root/DEBIAN/conffiles"
chmod 0644 "$root/DEBIAN/conffiles"
# dpkg-shlibdeps and dpkg-gencontrol read debian/control and debian/changelog from the current
# folder: give them a source tree of their own.
mkdir -p "$work/src/debian"
cp "$debian/control" "$debian/changelog" "$work/src/debian/"
(
    cd "$work/src"
    dpkg-shlibdeps -Tdebian/vifmap.substvars -e"../root/usr/bin/vifmap" -e"../root/usr/libexec/vifmap/vifmap-serve"
    # misc:Depends as debhelper would compute it: the maintainer scripts call deb-systemd-invoke/-helper.
    echo "misc:Depends=init-system-helpers (>= 1.54~)" >>debian/vifmap.substvars
    dpkg-gencontrol -pvifmap -Tdebian/vifmap.substvars -P../root -fdebian/files
)
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum >DEBIAN/md5sums)
chmod 0644 "$root/DEBIAN/md5sums"
find "$root" -type d -exec chmod 0755 {} +
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

deb="artifacts/vifmap_${version}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb: $(grep '^Depends:' "$root/DEBIAN/control")"

echo "== dotnet tool (linux-x64, Native AOT)"
# The pointer package names the RIDs; the RID package carries the AOT binary.
tool_log="$work/pack.log"
if ! { dotnet pack src/Vifmap.Cli -c Release -nologo -o artifacts -p:PackDotnetTool=true \
        && dotnet pack src/Vifmap.Cli -c Release -nologo -o artifacts -r linux-x64 -p:PackDotnetTool=true; } >"$tool_log" 2>&1; then
    cat "$tool_log" >&2; exit 1
fi
if grep -E "warning (IL|AOT)[0-9]+" "$tool_log" >&2; then
    echo "package.sh: the tool's AOT publish has trim/AOT warnings" >&2; exit 1
fi
ls "artifacts/vifmap.$version.nupkg" "artifacts/vifmap.linux-x64.$version.nupkg"
