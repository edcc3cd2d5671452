// Streaming mitmproxy flow reader: walks flow dicts by length prefixes down to websocket.messages.
#include "wa/capture/mitm_reader.h"


#include <fmt/format.h>

#include "json_scanner.h"
#include "reader_support.h"
#include "tnetstring.h"

namespace wa::capture {
namespace {

using detail::TnetItem;
using detail::TnetPrefix;

constexpr std::size_t kMaxKey = 1024;
constexpr std::size_t kMaxSmallValue = 256;
constexpr std::size_t kElementSlack = 1024;
constexpr std::int64_t kFirstSupportedVersion = 12;

enum class Kind : std::uint8_t { Flow, Websocket, Messages };

struct Level {
  Kind kind;
  std::uint64_t end;  // absolute offset of the container's type byte
};

class MitmReader final : public detail::BufferedReader {
 public:
  using BufferedReader::BufferedReader;

  bool read(CaptureMessage& out) override {
    while (!done_) {
      if (depth_ == 0) {
        if (in_.atEnd()) {
          done_ = true;
          if (in_.ioError()) return record(out, *in_.ioError());
          return false;
        }
        TnetPrefix p;
        if (auto e = readPrefix(p)) {
          done_ = true;
          return record(out, std::move(*e));
        }
        flow_index_ = flows_seen_++;
        version_.reset();
        old_layout_ = false;
        flow_start_ = in_.offset() - p.prefix_size;
        push(Kind::Flow, in_.offset() + p.length);
        continue;
      }
      const Level lv = stack_[depth_ - 1];
      if (in_.offset() == lv.end) {
        if (!in_.ensure(1)) return truncated(out, "the type byte of a tnetstring container");
        const char type = *in_.data();
        const char want = lv.kind == Kind::Messages ? ']' : '}';
        const std::uint64_t at = in_.offset();
        in_.consume(1);
        --depth_;
        if (type != want) {
          Error e{ErrorCode::Invalid, Stage::Capture, at,
                  fmt::format("expected '{}' ending the {}, found {}", want, what(lv.kind), detail::describeByte(static_cast<unsigned char>(type)))};
          if (lv.kind != Kind::Flow) return abandonFlow(out, std::move(e));
          return record(out, std::move(e));
        }
        if (lv.kind == Kind::Flow && (old_layout_ || (version_ && *version_ < kFirstSupportedVersion))) {
          return record(out, Error{ErrorCode::Unsupported, Stage::Capture, flow_start_,
                                   fmt::format("mitmproxy flow format {} is older than {} (mitmproxy 7) and not supported; "
                                               "re-save the file with a current mitmproxy (mitmdump -nr old -w new)",
                                               version_ ? std::to_string(*version_) : std::string("before 12"),
                                               kFirstSupportedVersion)});
        }
        continue;
      }
      if (lv.kind == Kind::Messages) return message(out, lv);
      if (auto e = member(lv)) return abandonFlow(out, std::move(*e));
    }
    return false;
  }

 private:
  static std::string_view what(Kind k) {
    switch (k) {
      case Kind::Flow: return "flow";
      case Kind::Websocket: return "websocket state";
      case Kind::Messages: return "message list";
    }
    return "";
  }

  void push(Kind kind, std::uint64_t end) { stack_[depth_++] = Level{kind, end}; }

  void setConn(CaptureMessage& out) const {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, flow_index_);
    out.conn.assign(buf, r.ptr);
  }

  bool record(CaptureMessage& out, Error e) {
    out.clear(e.offset);
    if (depth_ > 0 || flows_seen_ > 0) setConn(out);
    out.error = std::move(e);
    return true;
  }

  bool truncated(CaptureMessage& out, std::string_view expected) {
    done_ = true;
    if (in_.ioError()) return record(out, *in_.ioError());
    return record(out, Error{ErrorCode::Truncated, Stage::Capture, in_.offset() + in_.size(),
                             fmt::format("expected {}, found end of input", expected)});
  }

  // Reports `e`, then skips to the end of the current flow and goes on with the next one.
  bool abandonFlow(CaptureMessage& out, Error e) {
    record(out, std::move(e));
    const std::uint64_t flow_end = stack_[0].end + 1;
    depth_ = 0;
    if (in_.offset() < flow_end && !skip(flow_end - in_.offset())) done_ = true;
    return true;
  }

  // Reads a length prefix at the cursor and consumes it.
  std::optional<Error> readPrefix(TnetPrefix& p) {
    in_.ensure(detail::kMaxTnetDigits + 1);
    auto r = detail::parseTnetPrefix(in_.view().substr(0, detail::kMaxTnetDigits + 1), in_.offset());
    if (!r) {
      if (r.error().code == ErrorCode::Truncated && in_.ioError()) return *in_.ioError();
      return std::move(r.error());
    }
    p = *r;
    in_.consume(p.prefix_size);
    return std::nullopt;
  }

  // Checks that a value of `length` bytes (plus its type byte) fits in the container ending at `end`.
  std::optional<Error> fits(std::size_t length, std::uint64_t end, std::uint64_t at) const {
    if (in_.offset() > end || length >= end - in_.offset())
      return Error{ErrorCode::Invalid, Stage::Capture, at,
                   fmt::format("tnetstring of {} bytes runs past its enclosing container", length)};
    return std::nullopt;
  }

  // Reads a whole small item (key or scalar) of at most `max` bytes at the cursor.
  std::optional<Error> readSmall(const Level& lv, std::size_t max, TnetItem& item) {
    const std::uint64_t at = in_.offset();
    TnetPrefix p;
    if (auto e = readPrefix(p)) return e;
    if (auto e = fits(p.length, lv.end, at)) return e;
    if (p.length > max)
      return Error{ErrorCode::LimitExceeded, Stage::Capture, at, fmt::format("tnetstring key or value longer than {} bytes", max)};
    if (!in_.ensure(p.length + 1)) return endError("the rest of a tnetstring");
    item.offset = at;
    item.payload = std::string_view(in_.data(), p.length);
    item.type = in_.data()[p.length];
    in_.consume(p.length + 1);
    return std::nullopt;
  }

  Error endError(std::string_view expected) const {
    if (in_.ioError()) return *in_.ioError();
    return Error{ErrorCode::Truncated, Stage::Capture, in_.offset() + in_.size(), fmt::format("expected {}, found end of input", expected)};
  }

  bool skip(std::uint64_t n) {
    while (n > 0) {
      if (in_.size() == 0 && !in_.fill()) return false;
      std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(n, in_.size()));
      in_.consume(take);
      n -= take;
    }
    return true;
  }

  // One key/value of a dict (a flow or its websocket state).
  std::optional<Error> member(const Level& lv) {
    TnetItem key;
    if (auto e = readSmall(lv, kMaxKey, key)) return e;
    if (key.type != ';' && key.type != ',')
      return Error{ErrorCode::Invalid, Stage::Capture, key.offset,
                   fmt::format("expected a string key, found type {}", detail::describeByte(static_cast<unsigned char>(key.type)))};
    enum { Skip, Websocket, Messages, Version, OldMessages } which = Skip;
    if (lv.kind == Kind::Flow && key.payload == "websocket") which = Websocket;
    else if (lv.kind == Kind::Flow && key.payload == "version") which = Version;
    else if (lv.kind == Kind::Flow && key.payload == "messages") which = OldMessages;
    else if (lv.kind == Kind::Websocket && key.payload == "messages") which = Messages;

    const std::uint64_t at = in_.offset();
    if (which == Version) {
      TnetItem v;
      if (auto e = readSmall(lv, kMaxSmallValue, v)) return e;
      const auto n = v.type == '#' ? detail::parseWholeNumber<std::int64_t>(v.payload) : std::nullopt;
      if (!n) return Error{ErrorCode::Invalid, Stage::Capture, v.offset, "flow version is not an integer"};
      version_ = *n;
      return std::nullopt;
    }
    TnetPrefix p;
    if (auto e = readPrefix(p)) return e;
    if (auto e = fits(p.length, lv.end, at)) return e;
    if (which == OldMessages) old_layout_ = true;
    if (which == Websocket || which == Messages) {
      if (p.length == 0) {  // null, or an empty dict/list
        if (!in_.ensure(1)) return endError("a type byte");
        char t = *in_.data();
        char want = which == Websocket ? '}' : ']';
        if (t != '~' && t != want)
          return Error{ErrorCode::Invalid, Stage::Capture, in_.offset(),
                       fmt::format("expected '{}' or '~', found {}", want, detail::describeByte(static_cast<unsigned char>(t)))};
        in_.consume(1);
        return std::nullopt;
      }
      push(which == Websocket ? Kind::Websocket : Kind::Messages, in_.offset() + p.length);
      return std::nullopt;
    }
    if (!skip(static_cast<std::uint64_t>(p.length) + 1)) return endError("the rest of a skipped value");
    return std::nullopt;
  }

  // One element of websocket.messages: [type, from_client, content, timestamp, ...].
  bool message(CaptureMessage& out, const Level& lv) {
    const std::uint64_t at = in_.offset();
    TnetPrefix p;
    if (auto e = readPrefix(p)) return abandonFlow(out, std::move(*e));
    if (auto e = fits(p.length, lv.end, at)) return abandonFlow(out, std::move(*e));
    out.clear(at);
    setConn(out);
    if (p.length > limits_.max_message_bytes + kElementSlack) {
      if (!skip(static_cast<std::uint64_t>(p.length) + 1)) return truncated(out, "the rest of a message");
      out.error = detail::longerThanLimit("message", at, limits_.max_message_bytes);
      return true;
    }
    if (!in_.ensure(p.length + 1)) return truncated(out, "the rest of a message");
    std::string_view body(in_.data(), p.length);
    const char type = in_.data()[p.length];
    const std::uint64_t body_offset = in_.offset();
    in_.consume(p.length + 1);  // the view stays valid until the next fill
    if (type != ']') {
      out.error = Error{ErrorCode::Invalid, Stage::Capture, at,
                        fmt::format("expected a message list, found type {}", detail::describeByte(static_cast<unsigned char>(type)))};
      return true;
    }
    std::uint64_t base = body_offset;
    auto fail = [&](std::uint64_t offset, std::string message) {
      out.payload.clear();
      out.error = Error{ErrorCode::Invalid, Stage::Capture, offset, std::move(message)};
      return true;
    };
    auto broken = [&](Error e) {
      out.payload.clear();
      out.error = std::move(e);
      return true;
    };
    auto kind = detail::popTnet(body, base);
    if (!kind) return broken(std::move(kind.error()));
    const auto opcode = kind->type == '#' ? detail::parseWholeNumber<std::int64_t>(kind->payload) : std::nullopt;
    if (!opcode) return fail(kind->offset, "message type is not an integer");
    auto from_client = detail::popTnet(body, base);
    if (!from_client) return broken(std::move(from_client.error()));
    if (from_client->type != '!' || (from_client->payload != "true" && from_client->payload != "false"))
      return fail(from_client->offset, "message from_client is not a boolean");
    auto content = detail::popTnet(body, base);
    if (!content) return broken(std::move(content.error()));
    if (content->type != ',' && content->type != ';') return fail(content->offset, "message content is not bytes");
    if (!body.empty()) {
      auto ts = detail::popTnet(body, base);
      if (!ts) return broken(std::move(ts.error()));
      if (ts->type == '^' || ts->type == '#') {
        const auto t = detail::parseWholeNumber<double>(ts->payload);
        if (!t) return fail(ts->offset, "message timestamp is not a number");
        out.t = *t;
      } else if (ts->type != '~') {
        return fail(ts->offset, "message timestamp is not a number");
      }
    }
    out.dir = from_client->payload == "true" ? Direction::Send : Direction::Receive;
    const auto op = codec::opcodeFromValue(*opcode);
    if (!op) return fail(kind->offset, fmt::format("unsupported opcode {}", *opcode));
    out.op = *op;
    out.payload.assign(content->payload);
    return true;
  }

  Level stack_[3]{};
  std::size_t depth_ = 0;
  std::uint64_t flows_seen_ = 0;
  std::uint64_t flow_index_ = 0;
  std::uint64_t flow_start_ = 0;
  std::optional<std::int64_t> version_;
  bool old_layout_ = false;
};

}  // namespace

std::unique_ptr<CaptureReader> makeMitmReader(std::unique_ptr<ByteSource> source, const ReaderLimits& limits) {
  return std::make_unique<MitmReader>(CaptureFormat::MitmFlow, std::move(source), limits);
}

}  // namespace wa::capture
