// Streaming HAR reader: walks log.entries[]._webSocketMessages[] with the incremental JSON scanner.
#include "wa/capture/har_reader.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include <fmt/format.h>

#include "capture/text_decode.h"
#include "json_scanner.h"
#include "reader_support.h"
#include "wa/support/text/json_string.h"

namespace wa::capture {
namespace {

using detail::JsonScanner;

constexpr std::size_t kMaxKey = 4096;
constexpr std::size_t kMaxType = 256;
constexpr std::size_t kMaxErrorText = 200;

enum class Level : std::uint8_t { Root, Log, Entries, Entry, Messages };

struct Scope {
  Level level;
  bool first;
};

enum class MessageType : std::uint8_t { Missing, Send, Receive, Error, Other };

bool isSpace(char c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// True when `s` starts like a message object as Chrome and mitmproxy write it:
// {"type":"send"|"receive"|"error" with optional whitespace.
bool looksLikeMessageStart(std::string_view s) noexcept {
  std::size_t i = 1;  // past '{'
  auto ws = [&] {
    while (i < s.size() && isSpace(s[i])) ++i;
  };
  auto lit = [&](std::string_view w) {
    if (s.substr(i, w.size()) != w) return false;
    i += w.size();
    return true;
  };
  ws();
  if (!lit("\"type\"")) return false;
  ws();
  if (!lit(":")) return false;
  ws();
  return lit("\"send\"") || lit("\"receive\"") || lit("\"error\"");
}

class HarReader final : public detail::BufferedReader {
 public:
  HarReader(std::unique_ptr<ByteSource> source, const ReaderLimits& limits)
      : BufferedReader(CaptureFormat::Har, std::move(source), limits), scan_(in_, limits.max_depth) {}

  bool read(CaptureMessage& out) override {
    while (!done_) {
      if (depth_ == 0) {
        if (!started_) {
          started_ = true;
          if (in_.ensure(3) && std::memcmp(in_.data(), "\xEF\xBB\xBF", 3) == 0) in_.consume(3);
          if (!scan_.expect('{', "a HAR object ('{')")) return fail(out, /*resync=*/false);
          push(Level::Root);
          continue;
        }
        int c = scan_.peek();
        done_ = true;
        if (c < 0) {
          if (in_.ioError()) return errorRecord(out, *in_.ioError());
          return false;
        }
        scan_.fail(ErrorCode::Invalid, scan_.offset(), fmt::format("expected the end of input after the HAR object, found {}", detail::describeByte(c)));
        return fail(out, /*resync=*/false);
      }
      Scope& s = stack_[depth_ - 1];
      const bool is_object = s.level != Level::Entries && s.level != Level::Messages;
      int c = scan_.peek();
      if (c == (is_object ? '}' : ']')) {
        scan_.advance();
        --depth_;
        continue;
      }
      if (!s.first) {
        if (c != ',') {
          if (c < 0) scan_.failAtEnd(is_object ? "',' or '}'" : "',' or ']'");
          else scan_.fail(ErrorCode::Invalid, scan_.offset(), fmt::format("expected {}, found {}", is_object ? "',' or '}'" : "',' or ']'", detail::describeByte(c)));
          return fail(out, /*resync=*/true);
        }
        scan_.advance();
        c = scan_.peek();
      }
      s.first = false;
      if (is_object) {
        if (!member(s.level, c)) return fail(out, /*resync=*/true);
      } else if (s.level == Level::Entries) {
        entry_index_ = entries_seen_++;
        if (c == '{') {
          scan_.advance();
          push(Level::Entry);
        } else if (!scan_.skipValue()) {
          return fail(out, /*resync=*/true);
        }
      } else {  // a message
        if (c == '{') return message(out);
        std::uint64_t at = scan_.offset();
        if (c < 0) scan_.failAtEnd("a message object");
        if (c < 0 || !scan_.skipValue()) return fail(out, /*resync=*/true);
        return errorRecord(out, Error{ErrorCode::Invalid, Stage::Capture, at,
                                      fmt::format("expected a message object, found {}", detail::describeByte(c))});
      }
    }
    return false;
  }

 private:
  void push(Level level) { stack_[depth_++] = Scope{level, true}; }

  // One "key": value member of an object at `level`; descends into the members that lead to messages.
  bool member(Level level, int c) {
    if (c != '"') {
      if (c < 0) return scan_.failAtEnd("a key");
      return scan_.fail(ErrorCode::Invalid, scan_.offset(), fmt::format("expected a key, found {}", detail::describeByte(c)));
    }
    JsonScanner::RawString key;
    if (!scan_.readString(key, kMaxKey)) return false;
    Level child = level;  // == level means "skip"
    if (level == Level::Root && key.text == "log") child = Level::Log;
    else if (level == Level::Log && key.text == "entries") child = Level::Entries;
    else if (level == Level::Entry && key.text == "_webSocketMessages") child = Level::Messages;
    if (!scan_.expect(':', "':'")) return false;
    if (child != level) {
      const char opener = child == Level::Log ? '{' : '[';
      if (scan_.peek() == opener) {
        scan_.advance();
        push(child);
        return true;
      }
    }
    return scan_.skipValue();
  }

  bool errorRecord(CaptureMessage& out, Error error) {
    out.clear(error.offset);
    if (depth_ >= 4) setConn(out);
    out.error = std::move(error);
    return true;
  }

  // Turns the scanner's error into a record; then resynchronises or ends.
  bool fail(CaptureMessage& out, bool resync) {
    Error e = scan_.error() ? *scan_.error() : Error{ErrorCode::Invalid, Stage::Capture, scan_.offset(), "malformed input"};
    scan_.clearError();
    errorRecord(out, std::move(e));
    if (!resync || out.error->code == ErrorCode::Truncated || out.error->code == ErrorCode::Io || !resynchronise())
      done_ = true;
    return true;
  }

  // Moves to the next `{"type":"send"|"receive"|"error"` and assumes the usual HAR nesting.
  bool resynchronise() {
    for (;;) {
      const void* b = std::memchr(in_.data(), '{', in_.size());
      if (b == nullptr) {
        in_.consumeAll();
        if (!in_.fill()) return false;
        continue;
      }
      in_.consume(static_cast<std::size_t>(static_cast<const char*>(b) - in_.data()));
      in_.ensure(64);
      if (looksLikeMessageStart(in_.view().substr(0, 64))) break;
      in_.consume(1);
    }
    depth_ = 0;
    for (Level l : {Level::Root, Level::Log, Level::Entries, Level::Entry}) stack_[depth_++] = Scope{l, false};
    push(Level::Messages);
    entries_seen_ = std::max<std::uint64_t>(entries_seen_, 1);
    entry_index_ = entries_seen_ - 1;
    return true;
  }

  void setConn(CaptureMessage& out) const {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, entry_index_);
    out.conn.assign(buf, r.ptr);
  }

  // Decodes a data string into out.payload: text (unescaped) or base64. Returns the failure.
  // Size failures point at the opening quote (raw_offset - 1), as when the raw string is too long.
  std::optional<Error> decodeData(std::string_view raw, bool has_escapes, std::uint64_t raw_offset, bool base64,
                                  CaptureMessage& out) {
    out.payload.clear();
    if (!base64) {
      if (!has_escapes) {
        if (raw.size() > limits_.max_message_bytes) return tooLong(raw_offset - 1);
        out.payload.assign(raw);
        return std::nullopt;
      }
      if (auto bad = support::appendJsonUnescaped(out.payload, raw))
        return Error{ErrorCode::Invalid, Stage::Capture, raw_offset + *bad, "invalid escape sequence in data"};
      if (out.payload.size() > limits_.max_message_bytes) return tooLong(raw_offset - 1);
      return std::nullopt;
    }
    std::string_view b64 = raw;
    if (has_escapes) {  // writers that escape '/' as "\/"
      scratch_.clear();
      if (auto bad = support::appendJsonUnescaped(scratch_, raw))
        return Error{ErrorCode::Invalid, Stage::Capture, raw_offset + *bad, "invalid escape sequence in data"};
      b64 = scratch_;
    }
    if (b64.size() / 4 * 3 > limits_.max_message_bytes) return tooLong(raw_offset - 1);
    auto r = detail::appendBase64Decoded(b64, out.payload);
    if (!r) {
      Error e = std::move(r.error());
      // Offsets are exact unless escapes shifted them; then they point into the unescaped text.
      e.offset += raw_offset;
      e.message = "data is not base64: " + e.message;
      return e;
    }
    return std::nullopt;
  }

  Error tooLong(std::uint64_t at) const {
    return detail::longerThanLimit("message", at, limits_.max_message_bytes);
  }

  // Parses one message object (cursor on '{') into `out`.
  bool message(CaptureMessage& out) {
    out.clear(scan_.offset());
    setConn(out);
    guessed_base64_ = false;
    if (quickMessage(out)) return true;
    scan_.advance();

    MessageType type = MessageType::Missing;
    std::string other_type;
    std::optional<std::int64_t> opcode;
    bool have_data = false, decoded = false, pending = false, pending_escapes = false;
    std::uint64_t data_offset = 0;
    std::optional<Error> problem;
    bool first = true;

    for (;;) {
      int c = scan_.peek();
      if (c == '}') {
        scan_.advance();
        break;
      }
      if (!first) {
        if (c != ',') {
          if (c < 0) scan_.failAtEnd("',' or '}'");
          else scan_.fail(ErrorCode::Invalid, scan_.offset(), fmt::format("expected ',' or '}}', found {}", detail::describeByte(c)));
          return fail(out, /*resync=*/true);
        }
        scan_.advance();
        c = scan_.peek();
      }
      first = false;
      if (c != '"') {
        if (c < 0) scan_.failAtEnd("a key");
        else scan_.fail(ErrorCode::Invalid, scan_.offset(), fmt::format("expected a key, found {}", detail::describeByte(c)));
        return fail(out, /*resync=*/true);
      }
      JsonScanner::RawString key;
      if (!scan_.readString(key, kMaxKey)) return fail(out, /*resync=*/true);
      enum { Type, Time, Op, Data, Skip } which = Skip;
      if (key.text == "type") which = Type;
      else if (key.text == "time") which = Time;
      else if (key.text == "opcode") which = Op;
      else if (key.text == "data") which = Data;
      if (!scan_.expect(':', "':'")) return fail(out, /*resync=*/true);
      c = scan_.peek();
      std::uint64_t value_offset = scan_.offset();
      switch (which) {
        case Type: {
          JsonScanner::RawString v;
          if (c != '"') {
            if (!scan_.skipValue()) return fail(out, true);
            if (!problem) problem = Error{ErrorCode::Invalid, Stage::Capture, value_offset, "message type is not a string"};
            type = MessageType::Other;
            break;
          }
          if (!scan_.readString(v, kMaxType)) {
            if (scan_.error()->code != ErrorCode::LimitExceeded) return fail(out, true);
            scan_.clearError();
            if (!scan_.skipString()) return fail(out, true);
            type = MessageType::Other;
            other_type = "(too long)";
            break;
          }
          if (v.text == "send") type = MessageType::Send;
          else if (v.text == "receive") type = MessageType::Receive;
          else if (v.text == "error") type = MessageType::Error;
          else type = MessageType::Other, other_type.assign(v.text);
          break;
        }
        case Time:
        case Op: {
          std::string_view atom;
          if (c == '"' || c == '{' || c == '[') {
            if (!scan_.skipValue()) return fail(out, true);
            atom = {};
          } else if (!scan_.readAtom(atom)) {
            return fail(out, true);
          }
          bool ok = false;
          if (which == Time) {
            const auto t = detail::parseWholeNumber<double>(atom);
            ok = t.has_value();
            if (ok) out.t = *t;
          } else {
            const auto v = detail::parseWholeNumber<std::int64_t>(atom);
            ok = v.has_value();
            if (ok) opcode = v;
          }
          if (!ok && !problem)
            problem = Error{ErrorCode::Invalid, Stage::Capture, value_offset,
                            which == Time ? "message time is not a number" : "message opcode is not an integer"};
          break;
        }
        case Data: {
          if (c != '"') {  // null or another value: no payload
            if (!scan_.skipValue()) return fail(out, true);
            break;
          }
          JsonScanner::RawString v;
          if (!scan_.readString(v, limits_.max_message_bytes * 6 + 16)) {
            if (scan_.error()->code != ErrorCode::LimitExceeded) return fail(out, true);
            if (!problem) problem = tooLong(value_offset);
            scan_.clearError();
            if (!scan_.skipString()) return fail(out, true);
            break;
          }
          have_data = true;
          data_offset = v.offset + 1;
          if (type != MessageType::Missing && opcode) {
            if (auto e = decodeMessageData(type, opcode, v.text, v.has_escapes, data_offset, out); e && !problem)
              problem = std::move(e);
            decoded = true;
          } else {
            raw_.assign(v.text);
            pending = true;
            pending_escapes = v.has_escapes;
          }
          break;
        }
        case Skip:
          if (!scan_.skipValue()) return fail(out, true);
          break;
      }
    }

    // Chrome marks error frames with opcode -1; some writers keep type "receive" for them.
    if (opcode && *opcode == -1 && (type == MessageType::Send || type == MessageType::Receive)) {
      type = MessageType::Error;
    }
    if (have_data && pending && !decoded) {
      if (auto e = decodeMessageData(type, opcode, raw_, pending_escapes, data_offset, out); e && !problem)
        problem = std::move(e);
    }
    complete(out, type, other_type, opcode, have_data, std::move(problem));
    return true;
  }

  // The end of a message: its direction and opcode, and the first problem found as the record's error.
  void complete(CaptureMessage& out, MessageType type, const std::string& other_type,
                std::optional<std::int64_t> opcode, bool have_data, std::optional<Error> problem) {
    switch (type) {
      case MessageType::Send: out.dir = Direction::Send; break;
      case MessageType::Receive: out.dir = Direction::Receive; break;
      case MessageType::Error: {
        std::string text = out.payload.size() > kMaxErrorText ? out.payload.substr(0, kMaxErrorText) + "..." : out.payload;
        problem = Error{ErrorCode::Invalid, Stage::Capture, out.source_offset, "websocket error frame: " + text};
        break;
      }
      case MessageType::Missing:
        if (!problem) problem = Error{ErrorCode::Invalid, Stage::Capture, out.source_offset, "message has no type"};
        break;
      case MessageType::Other:
        if (!problem)
          problem = Error{ErrorCode::Invalid, Stage::Capture, out.source_offset,
                          fmt::format("unknown message type \"{}\"", other_type)};
        break;
    }
    if (type == MessageType::Send || type == MessageType::Receive) {
      std::int64_t op = opcode ? *opcode : (have_data && guessed_base64_ ? 2 : 1);
      if (auto known = codec::opcodeFromValue(op)) {
        out.op = *known;
      } else if (!problem) {
        problem = Error{ErrorCode::Invalid, Stage::Capture, out.source_offset,
                        fmt::format("unsupported opcode {}", op)};
      }
    }
    if (problem) out.error = std::move(problem);
  }

  // A message object as Chrome writes it, whole in the window: "type" ("send" or "receive"),
  // "time" (a number), "opcode" (an integer, not -1) and "data" (a string), each once, in any order,
  // with any whitespace. Read here in one pass without the scanner, and decoded as message() would.
  // Anything else (another key or kind of value, escapes in a key, the end of the window) returns
  // false with the cursor still on the '{', for message() to read (and to say what is wrong).
  bool quickMessage(CaptureMessage& out) {
    const char* const begin = in_.data();
    const char* const end = begin + in_.size();
    const char* p = begin + 1;  // past '{'
    MessageType type = MessageType::Missing;
    std::optional<std::int64_t> opcode;
    std::optional<double> time;
    std::optional<std::string_view> data;
    bool data_escapes = false;
    const auto skipSpace = [&] { p += detail::leadingJsonSpace(p, static_cast<std::size_t>(end - p)); };
    // A string literal's bytes (its size known when compiled: the compare is a load or two).
    const auto literal = [&]<std::size_t N>(const char (&w)[N]) {
      if (static_cast<std::size_t>(end - p) < N - 1 || std::memcmp(p, w, N - 1) != 0) return false;
      p += N - 1;
      return true;
    };
    const auto atom = [&]() -> std::string_view {
      const char* q = p;
      while (q < end && detail::isAtomChar(*q) && static_cast<std::size_t>(q - p) <= detail::kMaxAtom) ++q;
      if (q == end || static_cast<std::size_t>(q - p) > detail::kMaxAtom) return {};
      std::string_view a(p, static_cast<std::size_t>(q - p));
      p = q;
      return a;
    };
    for (;;) {
      skipSpace();
      enum { Type, Time, Op, Data } which;
      if (end - p < 2) return false;
      switch (p[1]) {  // told apart by the first letter
        case 't':
          if (literal("\"type\"")) which = Type;
          else if (literal("\"time\"")) which = Time;
          else return false;
          break;
        case 'o':
          if (!literal("\"opcode\"")) return false;
          which = Op;
          break;
        case 'd':
          if (!literal("\"data\"")) return false;
          which = Data;
          break;
        default: return false;
      }
      skipSpace();
      if (!literal(":")) return false;
      skipSpace();
      switch (which) {
        case Type:
          if (type != MessageType::Missing) return false;
          if (literal("\"send\"")) type = MessageType::Send;
          else if (literal("\"receive\"")) type = MessageType::Receive;
          else return false;
          break;
        case Time:
          if (time) return false;  // a second one
          time = detail::parseWholeNumber<double>(atom());
          if (!time) return false;
          break;
        case Op:
          if (opcode) return false;
          opcode = detail::parseWholeNumber<std::int64_t>(atom());
          if (!opcode || *opcode == -1) return false;
          break;
        case Data: {
          if (data || !literal("\"")) return false;
          const char* q = detail::closingQuote(p, p, end);
          if (q == nullptr) return false;
          const auto n = static_cast<std::size_t>(q - p);
          if (n > limits_.max_message_bytes * 6 + 16) return false;
          data = std::string_view(p, n);
          data_escapes = std::memchr(p, '\\', n) != nullptr;
          p = q + 1;
          break;
        }
      }
      skipSpace();
      if (literal(",")) continue;
      if (literal("}")) break;
      return false;
    }
    if (type == MessageType::Missing || !opcode || !data) return false;
    // The data is decoded before the cursor moves: moving it may hand the pages back.
    const std::uint64_t data_offset = in_.offset() + static_cast<std::uint64_t>(data->data() - begin);
    std::optional<Error> problem = decodeMessageData(type, opcode, *data, data_escapes, data_offset, out);
    if (time) out.t = *time;
    in_.consume(static_cast<std::size_t>(p - begin));
    complete(out, type, {}, opcode, /*have_data=*/true, std::move(problem));
    return true;
  }

  // Error frames (type "error" or opcode -1) carry text; opcode 1 is text; other opcodes are
  // base64. Without an opcode, data with a ',' or a leading '!' is text and anything else base64
  // when it decodes (else text).
  std::optional<Error> decodeMessageData(MessageType type, std::optional<std::int64_t> opcode, std::string_view raw,
                                         bool has_escapes, std::uint64_t raw_offset, CaptureMessage& out) {
    if (type == MessageType::Error || (opcode && *opcode == -1))
      return decodeData(raw, has_escapes, raw_offset, /*base64=*/false, out);
    if (opcode) return decodeData(raw, has_escapes, raw_offset, /*base64=*/*opcode != 1, out);
    guessed_base64_ = !(raw.find(',') != std::string_view::npos || (!raw.empty() && raw[0] == '!'));
    if (guessed_base64_) {
      if (!decodeData(raw, has_escapes, raw_offset, /*base64=*/true, out)) return std::nullopt;
      guessed_base64_ = false;
    }
    return decodeData(raw, has_escapes, raw_offset, /*base64=*/false, out);
  }

  JsonScanner scan_;
  Scope stack_[5]{};
  std::size_t depth_ = 0;
  bool started_ = false;
  std::uint64_t entries_seen_ = 0;
  std::uint64_t entry_index_ = 0;
  std::string raw_;
  std::string scratch_;
  bool guessed_base64_ = false;
};

}  // namespace

std::unique_ptr<CaptureReader> makeHarReader(std::unique_ptr<ByteSource> source, const ReaderLimits& limits) {
  return std::make_unique<HarReader>(std::move(source), limits);
}

}  // namespace wa::capture
