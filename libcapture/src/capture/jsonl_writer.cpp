// Capture JSONL writer: one line per record, text as JSON strings, bytes as base64.
#include "wa/capture/jsonl_writer.h"

#include <cmath>
#include <ostream>

#include <fmt/format.h>

#include "wa/support/text/base64.h"
#include "wa/support/text/json_string.h"
#include "wa/support/text/utf8.h"

namespace wa::capture {
namespace {

std::string_view dirName(Direction d) noexcept {
  switch (d) {
    case Direction::Send: return "send";
    case Direction::Receive: return "receive";
    case Direction::Unknown: break;
  }
  return "unknown";
}

}  // namespace

void appendCaptureJsonl(const CaptureMessage& m, std::string& out) {
  out += "{\"t\":";
  fmt::format_to(std::back_inserter(out), "{}", std::isfinite(m.t) ? m.t : 0.0);
  out += ",\"dir\":\"";
  out += dirName(m.dir);
  out += "\",\"conn\":";
  support::appendJsonQuoted(out, support::isUtf8(m.conn) ? std::string_view(m.conn) : std::string_view());
  fmt::format_to(std::back_inserter(out), ",\"op\":{}", static_cast<int>(m.op));
  if (m.op == Opcode::Text && support::isUtf8(m.payload)) {
    out += ",\"text\":";
    support::appendJsonQuoted(out, m.payload);
  } else {
    out += ",\"b64\":\"";
    support::appendBase64(out, m.payload);
    out += '"';
  }
  if (m.dir_inferred) out += ",\"dir_inferred\":true";
  if (m.error) {
    out += ",\"error\":{\"stage\":\"";
    out += toString(m.error->stage);
    out += "\",\"code\":\"";
    out += toString(m.error->code);
    fmt::format_to(std::back_inserter(out), "\",\"offset\":{},\"message\":", m.error->offset);
    if (support::isUtf8(m.error->message)) {
      support::appendJsonQuoted(out, m.error->message);
    } else {
      std::string cleaned;
      for (char c : m.error->message) cleaned.push_back(static_cast<unsigned char>(c) < 0x80 ? c : '?');
      support::appendJsonQuoted(out, cleaned);
    }
    out += '}';
  }
  out += "}\n";
}

std::string toCaptureJsonl(const CaptureMessage& message) {
  std::string out;
  appendCaptureJsonl(message, out);
  out.pop_back();
  return out;
}

void writeCaptureJsonl(std::ostream& out, const CaptureMessage& message) {
  std::string line;
  appendCaptureJsonl(message, line);
  out.write(line.data(), static_cast<std::streamsize>(line.size()));
}

}  // namespace wa::capture
