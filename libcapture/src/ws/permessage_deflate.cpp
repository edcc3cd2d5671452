// permessage-deflate negotiation parsing and zlib raw inflate/deflate (RFC 7692 §7).
#include "wa/capture/ws/permessage_deflate.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>
#include <zlib.h>

namespace wa::capture {
namespace {

constexpr std::uint8_t kTail[4] = {0x00, 0x00, 0xff, 0xff};

bool isTokenChar(char c) noexcept {
  if (c >= '0' && c <= '9') return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-': case '.':
    case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

/// Cursor over a header value (RFC 7230 list syntax with RFC 6455 §9.1 extension elements).
class ExtensionLexer {
 public:
  explicit ExtensionLexer(std::string_view s) : s_(s) {}
  void skipSpace() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t')) ++pos_;
  }
  bool atEnd() const { return pos_ >= s_.size(); }
  std::size_t pos() const { return pos_; }
  bool consume(char c) {
    skipSpace();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  std::string_view token() {
    skipSpace();
    const std::size_t start = pos_;
    while (pos_ < s_.size() && isTokenChar(s_[pos_])) ++pos_;
    return s_.substr(start, pos_ - start);
  }
  /// A token or quoted-string; false on an unterminated quote.
  bool value(std::string& out) {
    skipSpace();
    out.clear();
    if (pos_ < s_.size() && s_[pos_] == '"') {
      ++pos_;
      while (pos_ < s_.size()) {
        char c = s_[pos_++];
        if (c == '"') return true;
        if (c == '\\') {
          if (pos_ >= s_.size()) return false;
          c = s_[pos_++];
        }
        out.push_back(c);
      }
      return false;
    }
    out = std::string(token());
    return true;
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

Unexpected extensionError(std::size_t offset, std::string message) {
  return makeError(ErrorCode::Invalid, Stage::WebSocket, offset, std::move(message));
}

}  // namespace

Expected<NegotiatedExtensions> parseNegotiatedExtensions(std::string_view value) {
  NegotiatedExtensions result;
  ExtensionLexer lex(value);
  std::string param_value;
  while (true) {
    lex.skipSpace();
    if (lex.atEnd()) break;
    if (lex.consume(',')) continue;  // empty list element
    const std::size_t name_at = lex.pos();
    const std::string_view name = lex.token();
    if (name.empty()) return extensionError(name_at, "expected an extension name");
    const bool is_deflate = equalsIgnoreCase(name, "permessage-deflate");
    if (is_deflate && result.deflate) return extensionError(name_at, "permessage-deflate accepted twice");
    DeflateParams params;
    unsigned seen = 0;
    while (lex.consume(';')) {
      lex.skipSpace();
      const std::size_t param_at = lex.pos();
      const std::string_view param = lex.token();
      if (param.empty()) return extensionError(param_at, "expected an extension parameter name");
      bool has_value = false;
      if (lex.consume('=')) {
        if (!lex.value(param_value)) return extensionError(lex.pos(), "unterminated quoted parameter value");
        has_value = true;
      }
      if (!is_deflate) continue;
      static constexpr std::string_view kNames[] = {"server_no_context_takeover", "client_no_context_takeover",
                                                    "server_max_window_bits", "client_max_window_bits"};
      std::size_t which = 4;
      for (std::size_t k = 0; k < 4; ++k)
        if (equalsIgnoreCase(param, kNames[k])) which = k;
      if (which == 4)
        return extensionError(param_at, fmt::format("unknown permessage-deflate parameter \"{}\"", param));
      if (seen & (1u << which))
        return extensionError(param_at, fmt::format("permessage-deflate parameter {} repeated", kNames[which]));
      seen |= 1u << which;
      if (which < 2) {
        if (has_value) return extensionError(param_at, fmt::format("{} takes no value", kNames[which]));
        (which == 0 ? params.server_no_context_takeover : params.client_no_context_takeover) = true;
        continue;
      }
      if (!has_value) return extensionError(param_at, fmt::format("{} needs a value in a response", kNames[which]));
      int bits = 0;
      bool digits = !param_value.empty() && param_value.size() <= 2;
      for (char c : param_value) {
        if (c < '0' || c > '9') digits = false;
        bits = bits * 10 + (c - '0');
      }
      if (!digits || bits < 8 || bits > 15)
        return extensionError(param_at, fmt::format("{} must be 8..15, found \"{}\"", kNames[which], param_value));
      (which == 2 ? params.server_max_window_bits : params.client_max_window_bits) = static_cast<std::uint8_t>(bits);
    }
    if (is_deflate) {
      result.deflate = params;
    } else {
      result.others.emplace_back(name);
    }
    lex.skipSpace();
    if (lex.atEnd()) break;
    if (!lex.consume(',')) return extensionError(lex.pos(), "expected ',' or ';' after an extension");
  }
  return result;
}

std::string toHeaderValue(const DeflateParams& params) {
  std::string out = "permessage-deflate";
  if (params.server_no_context_takeover) out += "; server_no_context_takeover";
  if (params.client_no_context_takeover) out += "; client_no_context_takeover";
  if (params.server_max_window_bits != 15) out += fmt::format("; server_max_window_bits={}", params.server_max_window_bits);
  if (params.client_max_window_bits != 15) out += fmt::format("; client_max_window_bits={}", params.client_max_window_bits);
  return out;
}

// ---------------------------------------------------------------------------------------------

struct Inflater::State {
  z_stream z{};
  bool ready = false;
  State() { ready = inflateInit2(&z, -15) == Z_OK; }
  ~State() {
    if (ready) inflateEnd(&z);
  }
  State(const State&) = delete;
  State& operator=(const State&) = delete;
};

Inflater::Inflater(bool reset_per_message, std::size_t max_output)
    : state_(std::make_unique<State>()), reset_per_message_(reset_per_message), max_output_(max_output) {}
Inflater::~Inflater() = default;
Inflater::Inflater(Inflater&&) noexcept = default;
Inflater& Inflater::operator=(Inflater&&) noexcept = default;

namespace {
/// The largest LZ77 window (RFC 1951): a back-reference never reaches further.
constexpr std::size_t kFullWindow = std::size_t{1} << 15;
}  // namespace

void Inflater::forgetHistory(std::string why) {
  if (reset_per_message_) return;  // every message starts from an empty window anyway
  if (state_ && state_->ready) inflateReset(&state_->z);
  history_lost_ = std::move(why);
  since_forgotten_ = 0;
}

Expected<void> Inflater::setHistory(ByteView window) {
  if (!state_ || !state_->ready)
    return makeError(ErrorCode::Unsupported, Stage::WebSocket, 0, "zlib inflate could not be initialised");
  inflateReset(&state_->z);
  if (window.size() > kFullWindow) window = window.subspan(window.size() - kFullWindow);
  if (!window.empty() &&
      inflateSetDictionary(&state_->z, window.data(), static_cast<uInt>(window.size())) != Z_OK)
    return makeError(ErrorCode::Unsupported, Stage::WebSocket, 0, "zlib refused the history as a dictionary");
  history_lost_.clear();
  since_forgotten_ = window.size();
  return {};
}

Expected<std::string> Inflater::inflate(ByteView compressed) {
  if (!state_ || !state_->ready)
    return makeError(ErrorCode::Unsupported, Stage::WebSocket, 0, "zlib inflate could not be initialised");
  if (compressed.empty()) return std::string();  // not a valid DEFLATE block; taken as empty, state kept
  z_stream& z = state_->z;
  const std::size_t limit = max_output_ == std::numeric_limits<std::size_t>::max() ? max_output_ : max_output_ + 1;
  std::string out;
  std::size_t produced = 0;
  z.next_in = const_cast<Bytef*>(compressed.data());
  z.avail_in = static_cast<uInt>(std::min<std::size_t>(compressed.size(), std::numeric_limits<uInt>::max()));
  std::size_t fed = z.avail_in;  // input bytes handed to zlib so far
  bool tail_fed = false;
  bool stream_end = false;
  auto failWith = [&](ErrorCode code, std::string message) {
    const std::size_t consumed = std::min<std::size_t>(fed - z.avail_in, compressed.size());
    if (!history_lost_.empty() && code == ErrorCode::Invalid)
      message = fmt::format("cannot inflate: the message refers to compression history lost {} (context takeover) "
                            "({})",
                            history_lost_, message);
    inflateReset(&z);
    if (!reset_per_message_) {
      history_lost_ = "with an earlier message of this direction that failed to inflate";
      since_forgotten_ = 0;
    }
    return makeError(code, Stage::WebSocket, consumed, std::move(message));
  };
  for (;;) {
    if (z.avail_in == 0 && fed < compressed.size()) {
      z.next_in = const_cast<Bytef*>(compressed.data() + fed);
      z.avail_in = static_cast<uInt>(std::min<std::size_t>(compressed.size() - fed, std::numeric_limits<uInt>::max()));
      fed += z.avail_in;
    } else if (z.avail_in == 0 && !tail_fed) {
      z.next_in = const_cast<Bytef*>(kTail);
      z.avail_in = 4;
      tail_fed = true;
    }
    if (produced == out.size()) {
      if (out.size() >= limit)
        return failWith(ErrorCode::LimitExceeded,
                        fmt::format("inflated message exceeds the limit of {} bytes", max_output_));
      const std::size_t want = std::max<std::size_t>({out.size() * 2, compressed.size() * 4, 1024});
      out.resize(std::min(want, limit));
    }
    z.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    z.avail_out = static_cast<uInt>(std::min<std::size_t>(out.size() - produced, std::numeric_limits<uInt>::max()));
    const uInt avail_before = z.avail_out;
    const int ret = ::inflate(&z, Z_SYNC_FLUSH);
    produced += avail_before - z.avail_out;
    if (ret == Z_STREAM_END) {
      stream_end = true;
      break;
    }
    const bool input_done = z.avail_in == 0 && tail_fed;
    if (ret == Z_OK) {
      if (input_done && z.avail_out != 0) break;
      continue;
    }
    if (ret == Z_BUF_ERROR) {
      if (input_done) break;
      if (z.avail_in == 0 || z.avail_out == 0) continue;
    }
    return failWith(ErrorCode::Invalid,
                    fmt::format("inflate failed: {}", z.msg != nullptr ? z.msg : "zlib error " + std::to_string(ret)));
  }
  if (produced > max_output_)
    return failWith(ErrorCode::LimitExceeded, fmt::format("inflated message exceeds the limit of {} bytes", max_output_));
  out.resize(produced);
  if (reset_per_message_ || stream_end) inflateReset(&z);
  if (!history_lost_.empty()) {
    since_forgotten_ += produced;
    if (since_forgotten_ >= kFullWindow || stream_end) history_lost_.clear();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

struct Deflater::State {
  z_stream z{};
  bool ready = false;
  State(int window_bits, int level) {
    ready = deflateInit2(&z, level, Z_DEFLATED, -std::clamp(window_bits, 9, 15), 8, Z_DEFAULT_STRATEGY) == Z_OK;
  }
  ~State() {
    if (ready) deflateEnd(&z);
  }
  State(const State&) = delete;
  State& operator=(const State&) = delete;
};

Deflater::Deflater(bool no_context_takeover, int window_bits, int level)
    : state_(std::make_unique<State>(window_bits, level)), no_context_takeover_(no_context_takeover) {}
Deflater::~Deflater() = default;
Deflater::Deflater(Deflater&&) noexcept = default;
Deflater& Deflater::operator=(Deflater&&) noexcept = default;

std::string Deflater::deflate(ByteView message) {
  std::string out;
  if (!state_ || !state_->ready) return out;
  // RFC 7692 §7.2.3.6: an empty message is one 0x00 byte (an empty stored block once the receiver
  // appends 00 00 ff ff). zlib would emit nothing after an earlier flush, which is not inflatable.
  if (message.empty()) return std::string(1, '\0');
  z_stream& z = state_->z;
  z.next_in = const_cast<Bytef*>(message.data());
  z.avail_in = static_cast<uInt>(message.size());
  out.resize(deflateBound(&z, static_cast<uLong>(message.size())) + 16);
  std::size_t produced = 0;
  for (;;) {
    z.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    z.avail_out = static_cast<uInt>(out.size() - produced);
    const uInt before = z.avail_out;
    ::deflate(&z, Z_SYNC_FLUSH);
    produced += before - z.avail_out;
    if (z.avail_out != 0 && z.avail_in == 0) break;
    out.resize(out.size() * 2);
  }
  out.resize(produced);
  if (out.size() >= 4 && out.compare(out.size() - 4, 4, "\x00\x00\xff\xff", 4) == 0) out.resize(out.size() - 4);
  if (no_context_takeover_) deflateReset(&z);
  return out;
}

}  // namespace wa::capture
