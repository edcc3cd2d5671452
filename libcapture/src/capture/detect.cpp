// Format names and detection from the first bytes of an input.
#include "wa/capture/detect.h"

#include <cstring>
#include <string>

#include <nlohmann/json.hpp>

#include "wa/support/text/utf8.h"

namespace wa::capture {
namespace {

bool isSpace(char c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
bool isDigit(char c) noexcept { return c >= '0' && c <= '9'; }
bool isHexDigit(char c) noexcept { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool isBase64Char(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || isDigit(c) || c == '+' || c == '/' || c == '-' ||
         c == '_' || c == '=';
}

// The bytes from `i` to the end are the start of a UTF-8 sequence (continuation bytes only).
bool cutAtEnd(std::string_view s, std::size_t i) noexcept {
  for (std::size_t k = i + 1; k < s.size(); ++k)
    if ((static_cast<std::uint8_t>(s[k]) & 0xC0) != 0x80) return false;
  return true;
}

std::uint32_t u32le(std::string_view s) noexcept {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s[0])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[1])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[2])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[3])) << 24;
}

// "<digits>:" at `at`; returns the length and moves `at` past the colon.
bool lengthPrefix(std::string_view s, std::size_t& at, std::size_t& length) noexcept {
  std::size_t i = at;
  length = 0;
  while (i < s.size() && isDigit(s[i]) && i - at < 12) length = length * 10 + static_cast<std::size_t>(s[i++] - '0');
  if (i == at || i >= s.size() || s[i] != ':') return false;
  at = i + 1;
  return true;
}

// mitmproxy: "<digits>:" then a dict key "<digits>:<key>" ending in ',' or ';'.
bool looksLikeTnetstring(std::string_view s) noexcept {
  std::size_t at = 0, outer = 0, key = 0;
  if (!lengthPrefix(s, at, outer) || !lengthPrefix(s, at, key)) return false;
  if (key > 1024 || key > outer) return false;
  if (at + key >= s.size()) return s.size() - at >= 1;  // the key runs past the head: accept
  return s[at + key] == ';' || s[at + key] == ',';
}

// Keys of the first object at the start of `s` when the first line is a complete JSON object.
const nlohmann::json* firstLineObject(std::string_view s, nlohmann::json& storage) {
  std::size_t nl = s.find('\n');
  if (nl == std::string_view::npos) nl = s.size();
  storage = nlohmann::json::parse(s.substr(0, nl), nullptr, /*allow_exceptions=*/false);
  return storage.is_object() ? &storage : nullptr;
}

// The first key of the object starting at `s[0] == '{'`, or empty.
std::string_view firstKey(std::string_view s) noexcept {
  std::size_t i = 1;
  while (i < s.size() && isSpace(s[i])) ++i;
  if (i >= s.size() || s[i] != '"') return {};
  std::size_t end = s.find('"', i + 1);
  if (end == std::string_view::npos) return {};
  return s.substr(i + 1, end - i - 1);
}

// True when `s` is lines of text: UTF-8 without controls other than \t \r \n (DEL included). A
// sequence cut by the end of the head is allowed.
bool isTextLines(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<std::uint8_t>(s[i]);
    if (b < 0x80) {
      if ((b < 0x20 && b != '\t' && b != '\r' && b != '\n') || b == 0x7F) return false;
      ++i;
      continue;
    }
    const std::size_t len = support::utf8SequenceLength(s, i);
    if (len == 0) return s.size() - i < 4 && b >= 0xC2 && b < 0xF5 && cutAtEnd(s, i);
    i += len;
  }
  return true;
}

CaptureFormat lineFormat(std::string_view s) noexcept {
  // The first non-empty line.
  std::size_t start = 0;
  std::string_view line;
  while (start < s.size()) {
    std::size_t nl = s.find('\n', start);
    std::size_t end = nl == std::string_view::npos ? s.size() : nl;
    line = s.substr(start, end - start);
    while (!line.empty() && (line.back() == '\r' || isSpace(line.back()))) line.remove_suffix(1);
    while (!line.empty() && isSpace(line.front())) line.remove_prefix(1);
    if (!line.empty()) break;
    if (nl == std::string_view::npos) return CaptureFormat::Unknown;
    start = nl + 1;
  }
  if (line.empty()) return CaptureFormat::Unknown;
  std::size_t digits = 0;
  bool hex = true;
  for (std::size_t i = 0; i < line.size() && hex; ++i) {
    char c = line[i];
    if (isHexDigit(c)) ++digits;
    else if ((c == ':' || c == ' ') && digits % 2 == 0 && i + 1 < line.size()) continue;
    else hex = false;
  }
  if (hex && digits % 2 == 0) return CaptureFormat::HexLines;
  bool b64 = true;
  for (char c : line) b64 = b64 && isBase64Char(c);
  if (b64) return CaptureFormat::Base64Lines;
  return CaptureFormat::TextLines;
}

}  // namespace

std::string_view toString(CaptureFormat format) noexcept {
  switch (format) {
    case CaptureFormat::Unknown: return "unknown";
    case CaptureFormat::Har: return "har";
    case CaptureFormat::MitmFlow: return "mitm";
    case CaptureFormat::Pcap: return "pcap";
    case CaptureFormat::PcapNg: return "pcapng";
    case CaptureFormat::TsharkEk: return "tshark-ek";
    case CaptureFormat::CaptureJsonl: return "jsonl";
    case CaptureFormat::TextLines: return "text";
    case CaptureFormat::HexLines: return "hex";
    case CaptureFormat::Base64Lines: return "b64";
  }
  return "unknown";
}

std::optional<CaptureFormat> parseCaptureFormat(std::string_view name) noexcept {
  struct Alias {
    std::string_view name;
    CaptureFormat format;
  };
  static constexpr Alias kAliases[] = {
      {"auto", CaptureFormat::Unknown},     {"har", CaptureFormat::Har},
      {"mitm", CaptureFormat::MitmFlow},    {"flow", CaptureFormat::MitmFlow},
      {"mitmproxy", CaptureFormat::MitmFlow}, {"pcap", CaptureFormat::Pcap},
      {"pcapng", CaptureFormat::PcapNg},    {"tshark-ek", CaptureFormat::TsharkEk},
      {"ek", CaptureFormat::TsharkEk},      {"jsonl", CaptureFormat::CaptureJsonl},
      {"capture", CaptureFormat::CaptureJsonl}, {"text", CaptureFormat::TextLines},
      {"textline", CaptureFormat::TextLines}, {"hex", CaptureFormat::HexLines},
      {"hexline", CaptureFormat::HexLines}, {"b64", CaptureFormat::Base64Lines},
      {"base64", CaptureFormat::Base64Lines}, {"b64line", CaptureFormat::Base64Lines},
  };
  for (const auto& a : kAliases)
    if (a.name == name) return a.format;
  return std::nullopt;
}

CaptureFormat detectCaptureFormat(std::string_view head) noexcept {
  if (head.size() >= 4) {
    std::uint32_t magic = u32le(head);
    if (magic == 0xA1B2C3D4u || magic == 0xD4C3B2A1u || magic == 0xA1B23C4Du || magic == 0x4D3CB2A1u)
      return CaptureFormat::Pcap;
    if (magic == 0x0A0D0D0Au) return CaptureFormat::PcapNg;
  }
  std::string_view s = head;
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
  if (s.empty()) return CaptureFormat::Unknown;
  if (s.front() == '{') {
    try {
      nlohmann::json storage;
      if (const auto* obj = firstLineObject(s, storage)) {
        if (obj->contains("index") || obj->contains("layers")) return CaptureFormat::TsharkEk;
        if (obj->contains("log")) return CaptureFormat::Har;
        if ((obj->contains("dir") || obj->contains("t")) &&
            (obj->contains("op") || obj->contains("text") || obj->contains("b64") || obj->contains("conn") ||
             obj->contains("error")))
          return CaptureFormat::CaptureJsonl;
        return CaptureFormat::Unknown;
      }
    } catch (...) {
      return CaptureFormat::Unknown;
    }
    if (firstKey(s) == "log") return CaptureFormat::Har;
    return CaptureFormat::Unknown;
  }
  if (isDigit(s.front()) && looksLikeTnetstring(s)) return CaptureFormat::MitmFlow;
  // The line formats take text: binary junk is no capture of any format.
  if (!isTextLines(s)) return CaptureFormat::Unknown;
  return lineFormat(s);
}

}  // namespace wa::capture
