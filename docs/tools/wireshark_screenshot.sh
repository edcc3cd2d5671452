#!/usr/bin/env bash
# Makes docs/images/wireshark-waweb.png: a screenshot of Wireshark's Qt GUI with the project's
# plugin waweb.so decoding the committed sample capture (corpus/samples/session.pcap with its
# keys). The packet list is filtered to the WAWeb packets that carry a conversation text; frame 25
# is selected, and its WAWeb tree is opened at the node <action add="before" last="true"> and its
# second <message> child, whose WebMessageInfo subtree (Remote JID, Message id, Conversation,
# Timestamp, Status, ...) is expanded; the byte pane shows the plugin's "Decrypted node" tab.
#
# Needs (Debian 12 packages; only for making this image, not dependencies of the project, and no
# test runs this script): wireshark (the Qt GUI and tshark), xvfb, xdotool, imagemagick
# (import, convert), util-linux (setpriv, when run as root); optipng is used when present.
# The plugin comes from a build with Wireshark's development files:
# BUILD_DIR/wireshark-plugins/<version>/epan/waweb.so.
#
# Usage: docs/tools/wireshark_screenshot.sh BUILD_DIR [OUT.png]
#   OUT.png defaults to docs/images/wireshark-waweb.png in the source tree.
# Runs as root or not. Wireshark loads plugins from WIRESHARK_PLUGIN_DIR only when not run as
# root, so as root it runs Wireshark as nobody (uid/gid 65534) through setpriv. Wireshark gets a
# fresh home folder in a temporary folder (preferences, window geometry and pane sizes written
# there), and its own X server (Xvfb, 1600x1250) on the first free display from :99 on.
set -euo pipefail

usage() { echo "usage: $0 BUILD_DIR [OUT.png]" >&2; exit 2; }
(($# == 1 || $# == 2)) || usage
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$(cd "$1" && pwd) || usage
out=${2:-$root/docs/images/wireshark-waweb.png}
[[ $out == /* ]] || out=$PWD/$out
pcap=$root/corpus/samples/session.pcap
keys=$root/corpus/samples/session.keys.json
width=1600 height=1250

needed=(wireshark tshark Xvfb xdotool import convert)
((EUID != 0)) || needed+=(setpriv)
for cmd in "${needed[@]}"; do
  command -v "$cmd" >/dev/null || { echo "$0: missing command $cmd (see the header for the packages)" >&2; exit 1; }
done
shopt -s nullglob
plugins_found=("$build"/wireshark-plugins/*/epan/waweb.so)
shopt -u nullglob
plugin=${plugins_found[0]:-}
[[ -n $plugin ]] || { echo "$0: no $build/wireshark-plugins/*/epan/waweb.so (build the plugin first)" >&2; exit 1; }
[[ -r $pcap && -r $keys ]] || { echo "$0: missing $pcap or $keys" >&2; exit 1; }

work=$(mktemp -d)
xvfb_pid="" ws_pid=""
cleanup() {
  if [[ -n $ws_pid ]]; then kill "$ws_pid" 2>/dev/null || true; fi
  if [[ -n $xvfb_pid ]]; then kill "$xvfb_pid" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Everything Wireshark reads is copied into the temporary folder, so that nobody can read it too.
plugins=$work/plugins
version_dir=${plugin%/epan/waweb.so}
mkdir -p "$plugins/${version_dir##*/}/epan" "$work/home/.config/wireshark" "$work/run" "$work/data"
cp "$plugin" "$plugins/${version_dir##*/}/epan/"
cp "$pcap" "$keys" "$work/data/"
conf=$work/home/.config/wireshark
cat >"$conf/preferences" <<'EOF'
# Packet list, packet details and packet bytes stacked.
gui.layout_type: 1
gui.layout_content_1: PLIST
gui.layout_content_2: PDETAILS
gui.layout_content_3: PBYTES
EOF
cat >"$conf/recent_common" <<EOF
gui.geometry_main_x: 0
gui.geometry_main_y: 0
gui.geometry_main_width: $width
gui.geometry_main_height: $height
gui.geometry_main_maximized: FALSE
privs.warn_if_elevated: FALSE
EOF
cat >"$conf/recent" <<'EOF'
gui.geometry_main_upper_pane: 300
gui.geometry_main_lower_pane: 718
gui.packet_list_show: TRUE
gui.tree_view_show: TRUE
gui.byte_view_show: TRUE
column.width: "%m", 60, "%t", 90, "%s", 100, "%d", 100, "%p", 70, "%L", 60, "%i", 1000
EOF
chmod 700 "$work/run"

as_user=()
if ((EUID == 0)); then
  chown -R 65534:65534 "$work"
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
run_ws() {  # COMMAND ARGS...: runs a Wireshark program as the unprivileged user with the plugin
  "${as_user[@]}" env HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" \
    XDG_RUNTIME_DIR="$work/run" WIRESHARK_PLUGIN_DIR="$plugins" DISPLAY="${DISPLAY:-}" "$@"
}

run_ws tshark -G plugins 2>/dev/null | grep -q 'waweb\.so' \
  || { echo "$0: tshark does not load $plugin through WIRESHARK_PLUGIN_DIR" >&2; exit 1; }

# An X server of our own on the first free display.
display=99
while [[ -e /tmp/.X$display-lock || -e /tmp/.X11-unix/X$display ]]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 "${width}x${height}x24" -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
export DISPLAY=:$display
for _ in $(seq 50); do [[ -e /tmp/.X11-unix/X$display ]] && break; sleep 0.1; done
xdotool getdisplaygeometry >/dev/null || { echo "$0: Xvfb did not start" >&2; cat "$work/xvfb.log" >&2; exit 1; }

run_ws wireshark -r "$work/data/session.pcap" \
  -o "waweb.keys_file:$work/data/session.keys.json" \
  -Y waweb.msg.conversation -g 25 >"$work/wireshark.log" 2>&1 &
ws_pid=$!
timeout 60 xdotool search --sync --onlyvisible --name 'session\.pcap' >/dev/null \
  || { echo "$0: no Wireshark window" >&2; cat "$work/wireshark.log" >&2; exit 1; }
sleep 3  # the file is read and filtered

key() { xdotool key --delay 150 "$@"; sleep 0.3; }
# Focus the packet list (its first row, frame 25) and go to the packet details with Tab.
xdotool mousemove 600 120 click 1
sleep 0.5
key Home Tab
# The last top-level item is WhatsApp Web (legacy): open it; its last child is the node <action>.
key End Right End Right
# The node's children: two attributes, then <message> children; open the second message and
# everything under it (Expand Subtrees), then select its Conversation field.
key Down Down Down Down shift+Right
key Down Down Down Down Down Down
sleep 1

mkdir -p "$(dirname "$out")"
import -window root "$work/shot.png"
convert "$work/shot.png" -strip "$out"
if command -v optipng >/dev/null; then optipng -quiet -o2 "$out"; fi
echo "wrote $out ($(wc -c <"$out") bytes)"
