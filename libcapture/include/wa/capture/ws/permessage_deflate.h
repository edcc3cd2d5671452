// permessage-deflate (RFC 7692): negotiated parameters, per-direction inflater and deflater.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wa/capture/error.h"

namespace wa::capture {

/// The parameters a server accepted in its Sec-WebSocket-Extensions response (RFC 7692 §7.1).
struct DeflateParams {
  bool server_no_context_takeover = false;  ///< server resets its LZ77 window per message
  bool client_no_context_takeover = false;  ///< client resets its LZ77 window per message
  std::uint8_t server_max_window_bits = 15;  ///< 8..15
  std::uint8_t client_max_window_bits = 15;  ///< 8..15

  friend bool operator==(const DeflateParams&, const DeflateParams&) = default;
};

/// The extensions a server response accepted.
struct NegotiatedExtensions {
  std::optional<DeflateParams> deflate;  ///< set when permessage-deflate is on
  std::vector<std::string> others;       ///< names of any other accepted extension
};

/// Parses the value of a response's Sec-WebSocket-Extensions header(s), joined with ", " when the
/// header was repeated. Fails (Invalid, Stage::WebSocket, offset = byte in `value`) on a syntax
/// error, on permessage-deflate accepted twice, on an unknown or repeated parameter, on a window
/// size outside 8..15 or missing, and on a value given to a *_no_context_takeover parameter.
/// An empty value gives no extensions.
Expected<NegotiatedExtensions> parseNegotiatedExtensions(std::string_view value);

/// Renders the parameters as a header value, e.g. "permessage-deflate; client_no_context_takeover".
/// Window bits of 15 are left out.
std::string toHeaderValue(const DeflateParams& params);

/// Inflates the messages of one direction (RFC 7692 §7.2.2): appends 00 00 ff ff to each message
/// and inflates it as raw DEFLATE, keeping the LZ77 window across messages unless the sender
/// announced no_context_takeover. Always inflates with a 32 KiB window, which accepts every
/// negotiated window size. Move-only; owns a zlib stream (about 40 KiB).
class Inflater {
 public:
  /// `reset_per_message`: the sender's *_no_context_takeover. `max_output`: a message that would
  /// inflate to more bytes fails with LimitExceeded (zip-bomb bound).
  explicit Inflater(bool reset_per_message = false, std::size_t max_output = std::size_t{64} << 20);
  ~Inflater();
  Inflater(Inflater&&) noexcept;
  Inflater& operator=(Inflater&&) noexcept;
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  /// Inflates one compressed message payload. Failures (Stage::WebSocket, offset = input bytes
  /// consumed): Invalid for corrupt data, LimitExceeded past max_output. With context takeover, a
  /// failure also forgets the history (forgetHistory()).
  /// An empty payload (not valid DEFLATE) gives an empty message and leaves the window alone.
  Expected<std::string> inflate(ByteView compressed);

  /// With context takeover, the LZ77 history this direction's messages refer to is incomplete
  /// (a capture gap lost a compressed message, or the stream's start was not captured): the window
  /// starts empty again. Later messages that only refer to history seen since inflate exactly
  /// (zlib rejects a reference beyond it, so nothing wrong is ever produced); one that refers
  /// further back fails with a message that names `why` ("with the bytes missing at ...").
  /// Once a full window (32 KiB) has been inflated, the loss no longer matters.
  void forgetHistory(std::string why);
  /// Makes `window` (the uncompressed bytes of this direction's earlier compressed messages,
  /// oldest first; only the last 32 KiB count) the history the next message may refer to, in place
  /// of any window kept so far. For a reader that saw the earlier messages inflated elsewhere and
  /// must inflate one itself (the Wireshark plugin). Unsupported when zlib refuses the dictionary.
  Expected<void> setHistory(ByteView window);
  /// True while later compressed messages may refer to history that was lost.
  [[nodiscard]] bool historyIncomplete() const noexcept { return !history_lost_.empty(); }

 private:
  struct State;
  std::unique_ptr<State> state_;
  bool reset_per_message_ = false;
  std::string history_lost_;        ///< why the window restarted empty; empty when complete
  std::size_t since_forgotten_ = 0;  ///< bytes inflated since the window restarted
  std::size_t max_output_ = 0;
};

/// Compresses messages the way a permessage-deflate sender does (sync flush, trailing 00 00 ff ff
/// removed); for tests, benchmarks and the corpus generator. Move-only.
class Deflater {
 public:
  /// `window_bits` 8..15 (zlib raw deflate cannot use 8, so 8 is raised to 9, which a peer that
  /// accepted 8 still inflates only if it is lenient: prefer 9..15). `level` is zlib's 0..9 or -1.
  explicit Deflater(bool no_context_takeover = false, int window_bits = 15, int level = -1);
  ~Deflater();
  Deflater(Deflater&&) noexcept;
  Deflater& operator=(Deflater&&) noexcept;
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;

  /// The compressed payload of one message (what goes in the frames, with RSV1 on the first).
  /// An empty message gives the single byte 0x00 (RFC 7692 §7.2.3.6).
  std::string deflate(ByteView message);

 private:
  struct State;
  std::unique_ptr<State> state_;
  bool no_context_takeover_ = false;
};

}  // namespace wa::capture
