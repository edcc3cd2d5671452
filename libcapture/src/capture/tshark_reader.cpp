// tshark -T ek reader: one packet per line, WebSocket opcodes paired with text and data payloads.
#include "wa/capture/tshark_reader.h"

#include <charconv>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "capture/text_decode.h"
#include "line_source.h"
#include "reader_support.h"

namespace wa::capture {
namespace {

using detail::LineStep;
using Json = nlohmann::json;

constexpr std::size_t kLineSlack = 64u << 10;
constexpr std::size_t kMaxStreams = 1u << 20;

bool isWellKnownServerPort(std::string_view port) {
  return port == "443" || port == "80" || port == "8080" || port == "8443";
}

// The values of a field, under its ek name (dots as '_') or its dotted name.
std::vector<std::string> fieldValues(const Json& layers, std::string_view dotted) {
  std::string ek(dotted);
  for (char& c : ek)
    if (c == '.') c = '_';
  auto it = layers.find(ek);
  if (it == layers.end()) it = layers.find(std::string(dotted));
  std::vector<std::string> out;
  if (it == layers.end()) return out;
  auto add = [&out](const Json& v) {
    if (v.is_string()) out.push_back(v.get<std::string>());
    else if (v.is_number() || v.is_boolean()) out.push_back(v.dump());
  };
  if (it->is_array()) {
    for (const auto& v : *it) add(v);
  } else {
    add(*it);
  }
  return out;
}

class TsharkEkReader final : public detail::BufferedReader {
 public:
  using BufferedReader::BufferedReader;

  bool read(CaptureMessage& out) override {
    for (;;) {
      if (!pending_.empty()) {
        out = std::move(pending_.front());
        pending_.pop_front();
        return true;
      }
      if (done_) return false;
      const std::size_t max_line = limits_.max_message_bytes * 6 + kLineSlack;
      LineStep step = detail::nextLine(in_, max_line);
      if (step.kind == LineStep::End) {
        done_ = true;
        if (in_.ioError()) pushError(*in_.ioError(), "");
        continue;
      }
      if (step.kind == LineStep::TooLong) {
        pushError(detail::longerThanLimit("line", step.offset, max_line), "");
        continue;
      }
      std::string_view text = step.text;
      while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
      std::size_t lead = 0;
      while (lead < text.size() && (text[lead] == ' ' || text[lead] == '\t')) ++lead;
      if (lead == text.size()) continue;
      packet(text.substr(lead), step.offset + lead);
    }
  }

 private:
  void pushError(Error e, std::string conn) {
    CaptureMessage m;
    m.conn = std::move(conn);
    m.source_offset = e.offset;
    m.error = std::move(e);
    pending_.push_back(std::move(m));
  }

  void packet(std::string_view line, std::uint64_t offset) {
    auto parsed = detail::parseJsonLine(line, offset);
    if (!parsed) {
      pushError(std::move(parsed.error()), "");
      return;
    }
    const Json& doc = *parsed;
    if (!doc.is_object()) {
      pushError(Error{ErrorCode::Invalid, Stage::Capture, offset, "expected a JSON object per line"}, "");
      return;
    }
    auto layers_it = doc.find("layers");
    if (layers_it == doc.end()) {
      if (doc.contains("index")) return;  // the bulk index line before each packet
      pushError(Error{ErrorCode::Invalid, Stage::Capture, offset, "expected an index line or a packet line with \"layers\""}, "");
      return;
    }
    if (!layers_it->is_object()) {
      pushError(Error{ErrorCode::Invalid, Stage::Capture, offset, "\"layers\" is not an object"}, "");
      return;
    }
    const Json& layers = *layers_it;

    CaptureMessage base;
    base.source_offset = offset;
    auto streams = fieldValues(layers, "tcp.stream");
    if (!streams.empty()) base.conn = streams.front();
    auto times = fieldValues(layers, "frame.time_epoch");
    if (!times.empty()) {
      double t = 0;
      auto r = std::from_chars(times.front().data(), times.front().data() + times.front().size(), t);
      if (r.ec == std::errc()) base.t = t;
    } else if (auto ts = doc.find("timestamp"); ts != doc.end()) {
      double ms = 0;
      if (ts->is_number()) ms = ts->get<double>();
      else if (ts->is_string()) {
        const auto& s = ts->get_ref<const std::string&>();
        std::from_chars(s.data(), s.data() + s.size(), ms);
      }
      base.t = ms / 1000.0;
    }
    direction(layers, base);

    auto opcodes = fieldValues(layers, "websocket.opcode");
    auto texts = fieldValues(layers, "websocket.payload.text");
    auto datas = fieldValues(layers, "data.data");
    std::size_t ti = 0, di = 0;
    auto emitText = [&](std::string& s) {
      CaptureMessage m = base;
      m.op = Opcode::Text;
      m.payload = std::move(s);
      pending_.push_back(std::move(m));
    };
    auto emitData = [&](const std::string& hex) {
      CaptureMessage m = base;
      m.op = Opcode::Binary;
      auto bytes = detail::decodeHex(hex, /*allow_separators=*/true);
      if (!bytes) {
        m.error = Error{ErrorCode::Invalid, Stage::Capture, offset, "data.data is not hex: " + bytes.error().message};
      } else if (bytes->size() > limits_.max_message_bytes) {
        m.error = detail::longerThanLimit("message", offset, limits_.max_message_bytes);
      } else {
        m.payload = std::move(*bytes);
      }
      pending_.push_back(std::move(m));
    };
    for (const auto& o : opcodes) {
      int op = -1;
      std::from_chars(o.data(), o.data() + o.size(), op);
      if (op == 0) {  // a continuation: it carries the message when it is the last fragment
        auto open = open_fragments_.find(base.conn);
        if (open == open_fragments_.end()) continue;
        if (open->second == 1 && ti < texts.size()) {
          emitText(texts[ti++]);
          open_fragments_.erase(open);
        } else if (open->second == 2 && di < datas.size()) {
          emitData(datas[di++]);
          open_fragments_.erase(open);
        }
      } else if (op == 1 || op == 2) {
        if (op == 1 && ti < texts.size()) emitText(texts[ti++]);
        else if (op == 2 && di < datas.size()) emitData(datas[di++]);
        else {  // a first fragment: the payload comes with the last one
          if (open_fragments_.size() >= kMaxStreams) open_fragments_.clear();
          open_fragments_[base.conn] = op;
        }
      } else if (op == 8 || op == 9 || op == 10) {
        CaptureMessage m = base;
        m.op = static_cast<Opcode>(op);
        pending_.push_back(std::move(m));
      }
    }
    while (ti < texts.size()) emitText(texts[ti++]);
    while (di < datas.size()) emitData(datas[di++]);
  }

  // Direction from the mask bit when tshark gave it, else from the ports (inferred).
  void direction(const Json& layers, CaptureMessage& m) {
    auto masks = fieldValues(layers, "websocket.mask");
    if (!masks.empty()) {
      const std::string& v = masks.front();
      if (v == "1" || v == "true" || v == "True") {
        m.dir = Direction::Send;
        return;
      }
      if (v == "0" || v == "false" || v == "False") {
        m.dir = Direction::Receive;
        return;
      }
    }
    auto src = fieldValues(layers, "tcp.srcport");
    auto dst = fieldValues(layers, "tcp.dstport");
    if (src.empty()) return;
    const std::string& sport = src.front();
    m.dir_inferred = true;
    if (isWellKnownServerPort(sport)) {
      m.dir = Direction::Receive;
      return;
    }
    if (!dst.empty()) {
      const std::string& dport = dst.front();
      if (isWellKnownServerPort(dport)) {
        m.dir = Direction::Send;
        return;
      }
      unsigned s = 0, d = 0;
      std::from_chars(sport.data(), sport.data() + sport.size(), s);
      std::from_chars(dport.data(), dport.data() + dport.size(), d);
      if (s != d) {
        m.dir = s < d ? Direction::Receive : Direction::Send;
        return;
      }
    }
    if (client_ports_.size() >= kMaxStreams) client_ports_.clear();
    auto it = client_ports_.try_emplace(m.conn, sport).first;
    m.dir = it->second == sport ? Direction::Send : Direction::Receive;
  }

  std::deque<CaptureMessage> pending_;
  std::unordered_map<std::string, std::string> client_ports_;
  std::unordered_map<std::string, int> open_fragments_;  // conn -> opcode of a message begun earlier
};

}  // namespace

std::unique_ptr<CaptureReader> makeTsharkEkReader(std::unique_ptr<ByteSource> source, const ReaderLimits& limits) {
  return std::make_unique<TsharkEkReader>(CaptureFormat::TsharkEk, std::move(source), limits);
}

}  // namespace wa::capture
