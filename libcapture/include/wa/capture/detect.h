// Capture container formats and their detection from the first bytes of an input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace wa::capture {

enum class CaptureFormat : std::uint8_t {
  Unknown,
  Har,           ///< HAR 1.2 with Chrome's `_webSocketMessages` (also mitmproxy's HAR export)
  MitmFlow,      ///< mitmproxy flow file (tnetstrings), flow format 12 or later
  Pcap,          ///< libpcap file (any byte order, micro- or nanosecond)
  PcapNg,        ///< pcapng file
  TsharkEk,      ///< `tshark -T ek` lines (Elasticsearch bulk: index line, packet line)
  CaptureJsonl,  ///< the project's capture JSONL: {"t","dir","conn","op","text"|"b64"} per line
  TextLines,     ///< one text frame per line, as is
  HexLines,      ///< one frame per line in hex
  Base64Lines,   ///< one frame per line in base64
};

/// The name used on command lines: har, mitm, pcap, pcapng, tshark-ek, jsonl, text, hex, b64;
/// "unknown" for Unknown.
std::string_view toString(CaptureFormat format) noexcept;

/// Parses a name from toString(), also accepting the aliases auto (Unknown), capture (jsonl),
/// flow and mitmproxy (mitm), ek (tshark-ek), base64 and b64line (b64), hexline, textline.
std::optional<CaptureFormat> parseCaptureFormat(std::string_view name) noexcept;

/// How many leading bytes detectCaptureFormat() wants to see; fewer are fine for short inputs.
inline constexpr std::size_t kDetectHeadBytes = 64 * 1024;

/// Guesses the format from the first bytes of an input (up to kDetectHeadBytes). Rules, in order:
/// pcap/pcapng magic numbers; a JSON object whose first complete line has "index" or "layers"
/// (tshark ek), or "dir"/"t" together with "op"/"text"/"b64"/"conn" (capture JSONL), or whose first
/// key is "log" (HAR); "<digits>:" followed by a tnetstring dict key (mitmproxy); otherwise the
/// first non-empty line decides between hex (only hex digits, even count, optional ':'/' '
/// separators), base64 (only base64 characters) and text, provided the head is text (UTF-8 without
/// control bytes other than tab, CR and LF): anything else is Unknown. A line of hex digits is also valid base64:
/// hex wins, so very short base64 lines may need the format given explicitly. Empty or
/// unrecognised input (a JSON value of another shape) gives Unknown.
CaptureFormat detectCaptureFormat(std::string_view head) noexcept;

}  // namespace wa::capture
