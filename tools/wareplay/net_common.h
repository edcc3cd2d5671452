// Private to wareplay's network files (it pulls in Boost.Beast; include it only from net_*.cpp):
// a type-erased WebSocket over plain TCP or TLS, the driver that runs a Peer over one, outgoing
// connections, and what the two listeners (serve, record) share: the listening socket and the
// upgrade request of an accepted connection.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <fmt/format.h>

#include "common/failure.h"
#include "wareplay/peer.h"
#include "wareplay/url.h"

namespace wa::wareplay::netdetail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using error_code = beast::error_code;

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
using PlainWs = websocket::stream<PlainStream>;
using TlsWs = websocket::stream<TlsStream>;

/// Logging from any thread: whole lines, never interleaved.
using LogSink = std::function<void(const std::string&)>;

/// One WebSocket whichever its transport. At most one read and one write may be outstanding, as
/// Beast requires; every handler runs on the stream's strand.
class AnyWs {
 public:
  using ReadHandler = std::function<void(error_code, codec::Opcode, std::string_view)>;
  using Handler = std::function<void(error_code)>;
  virtual ~AnyWs() = default;
  /// Reads one whole message; the view is valid during the handler only.
  virtual void read(ReadHandler handler) = 0;
  /// Writes one message; `data` must stay valid until the handler runs.
  virtual void write(codec::Opcode op, std::string_view data, Handler handler) = 0;
  /// Sends a close frame (normal closure) and waits for the peer's.
  virtual void close(Handler handler) = 0;
  /// Closes the socket at once (no close frame).
  virtual void abort() = 0;
  virtual net::any_io_executor executor() = 0;
};

template <class Ws>
class WsAdapter final : public AnyWs {
 public:
  explicit WsAdapter(Ws ws, std::size_t max_message) : ws_(std::move(ws)) { ws_.read_message_max(max_message); }
  Ws& stream() { return ws_; }

  void read(ReadHandler handler) override {
    // Two buffers: the handler may start the next read while it still looks at this message.
    beast::flat_buffer& buffer = buffers_[current_];
    ws_.async_read(buffer, [this, &buffer, handler = std::move(handler)](error_code ec, std::size_t) {
      current_ ^= 1;
      if (ec) {
        buffer.clear();
        handler(ec, codec::Opcode::Binary, {});
        return;
      }
      auto data = buffer.cdata();
      std::string_view view(static_cast<const char*>(data.data()), data.size());
      handler(ec, ws_.got_text() ? codec::Opcode::Text : codec::Opcode::Binary, view);
      buffer.clear();
    });
  }
  void write(codec::Opcode op, std::string_view data, Handler handler) override {
    ws_.text(op == codec::Opcode::Text);
    ws_.async_write(net::buffer(data.data(), data.size()),
                    [handler = std::move(handler)](error_code ec, std::size_t) { handler(ec); });
  }
  void close(Handler handler) override {
    ws_.async_close(websocket::close_code::normal, [handler = std::move(handler)](error_code ec) { handler(ec); });
  }
  void abort() override {
    error_code ignored;
    beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }
  net::any_io_executor executor() override { return ws_.get_executor(); }

 private:
  Ws ws_;
  beast::flat_buffer buffers_[2];
  int current_ = 0;
};

/// What the driver needs besides the peer.
struct DriverConfig {
  std::size_t max_queue = 64;  ///< messages handed to the socket but not yet written
  LogSink log;
};

/// Runs a Peer over an open WebSocket: reads feed onMessage, a timer wakes poll() at nextWake(),
/// writes go out one at a time from a bounded queue, and the connection closes when the peer
/// wants it to. Lives as long as any of its handlers (shared_from_this).
class WsDriver : public std::enable_shared_from_this<WsDriver> {
 public:
  using Finished = std::function<void(Peer&, const std::string& reason)>;
  /// `after_pump` (optional) runs after every event, on the strand (the client checks for a QR).
  WsDriver(std::unique_ptr<AnyWs> ws, std::shared_ptr<Peer> peer, DriverConfig config, Finished finished,
           std::function<void(Peer&)> after_pump = {});

  /// Starts reading and pumping; call once, from the stream's strand or before anything runs.
  void run();
  /// Runs `fn` on the strand (unless finished), then pumps. Thread-safe.
  void dispatch(std::function<void(Peer&, TimePoint)> fn);
  /// Closes gracefully (close frame) from any thread.
  void closeGracefully();
  /// Ends the connection now with `reason` reported to the peer. Thread-safe.
  void abort(std::string reason);
  [[nodiscard]] bool finished() const noexcept { return finished_; }

 private:
  void doRead();
  void pump();
  void doWrite();
  void startClose();
  void arm(TimePoint wake);
  void finish(const std::string& reason);
  void flushLog();

  std::unique_ptr<AnyWs> ws_;
  std::shared_ptr<Peer> peer_;
  DriverConfig config_;
  Finished finished_cb_;
  std::function<void(Peer&)> after_pump_;
  net::steady_timer timer_;
  std::optional<TimePoint> armed_;
  std::deque<Outgoing> queue_;
  std::vector<Outgoing> scratch_;
  bool writing_ = false;
  bool closing_ = false;
  bool close_started_ = false;
  std::atomic<bool> finished_{false};
};

/// Sets TCP_NODELAY: replies must not wait for Nagle.
void setNoDelay(tcp::socket& socket);

/// A TLS server context from PEM files; throws boost::system::system_error on bad files.
std::shared_ptr<ssl::context> makeServerTls(const std::string& cert_file, const std::string& key_file);
/// A TLS client context: the system's CAs plus `ca_file`; `insecure` skips verification.
std::shared_ptr<ssl::context> makeClientTls(const std::string& ca_file, bool insecure);
/// SNI and host name verification for an outgoing TLS stream.
bool prepareClientTls(beast::ssl_stream<beast::tcp_stream>& stream, const std::string& host, bool insecure,
                      error_code& ec);

/// What connectWebSocket() needs.
struct ConnectSpec {
  std::string host;
  std::uint16_t port = 0;
  std::string target = "/";
  bool tls = false;
  std::shared_ptr<ssl::context> tls_context;  ///< required when tls
  bool insecure = false;
  std::string origin;  ///< empty: no Origin header
  std::string user_agent = "wareplay/0.1";
  Duration timeout = std::chrono::seconds(10);  ///< for each step of the connection
  std::size_t max_message = std::size_t{64} << 20;
};
/// The host, port, target and TLS of `url`; the rest as ConnectSpec's defaults.
ConnectSpec connectSpecFor(const Url& url);
/// Why connectWebSocket() failed.
struct ConnectFailure {
  std::string step;  ///< "resolve HOST", "connect HOST:PORT", "tls setup", "tls handshake", "websocket handshake"
  error_code ec;
  /// The server answered the upgrade request with this HTTP status instead of 101 (0: no answer).
  unsigned http_status = 0;
  std::string http_reason;  ///< its reason phrase
  /// "websocket handshake: the server answered HTTP 403 Forbidden instead of upgrading", or
  /// "<step>: <error message>".
  [[nodiscard]] std::string describe() const;
};
/// On success `ws` is set (and `failure` empty); on failure `ws` is null.
using ConnectDone = std::function<void(const ConnectFailure& failure, std::unique_ptr<AnyWs> ws)>;
/// Resolves, connects (TCP_NODELAY), does TLS when asked and the WebSocket handshake; `done` runs
/// on `strand` once, with an open WebSocket (no idle timeout) or what failed.
void connectWebSocket(net::any_io_executor strand, ConnectSpec spec, ConnectDone done);

/// Epoch seconds now (capture times).
double epochSeconds();

/// A listening socket on `address` (SO_REUSEADDR, on a strand of `ioc`). Fails with exit 2 when
/// the host is not an IP address, 3 when it cannot open, bind or listen.
tools::Outcome<tcp::acceptor> listenOn(net::io_context& ioc, const ListenAddress& address);

/// An accepted connection up to its WebSocket upgrade request, as the mock server and the
/// recording proxy take it: the TLS handshake for a TLS stream, then the HTTP request (headers up
/// to 16 KiB, no body), both within the handshake timeout. `Derived` (CRTP; owned by a shared_ptr)
/// gives `onRequest()`, called once `request_` is read, and `refuse(why)`, called when a step fails
/// or after respond(): it logs and ends with closeSocket().
template <class Derived, class Stream>
class UpgradeRequest : public std::enable_shared_from_this<Derived> {
 public:
  UpgradeRequest(std::shared_ptr<Stream> stream, std::string peer, Duration handshake_timeout)
      : stream_(std::move(stream)), peer_(std::move(peer)), handshake_timeout_(handshake_timeout) {}

  void start() {
    beast::get_lowest_layer(*stream_).expires_after(handshake_timeout_);
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      stream_->async_handshake(ssl::stream_base::server, [self = this->shared_from_this()](error_code ec) {
        if (ec) return self->refuse("tls handshake: " + ec.message());
        self->readRequest();
      });
    } else {
      readRequest();
    }
  }

 protected:
  using WebSocket = WsAdapter<websocket::stream<Stream>>;

  /// Answers a plain-text HTTP response, then refuses with "answered <status>".
  void respond(http::status status, std::string body) {
    auto res = std::make_shared<http::response<http::string_body>>(status, request_.version());
    res->set(http::field::server, "wareplay/0.1");
    res->set(http::field::content_type, "text/plain");
    res->keep_alive(false);
    res->body() = std::move(body);
    res->prepare_payload();
    http::async_write(*stream_, *res, [self = this->shared_from_this(), res, status](error_code, std::size_t) {
      self->refuse(fmt::format("answered {}", static_cast<unsigned>(status)));
    });
  }

  /// The WebSocket over the stream (moved out of it) for async_accept(request_): the handshake
  /// timeout, `idle_timeout` (websocket::stream_base::none() for none), no keep-alive pings, and
  /// the TCP deadline lifted.
  std::unique_ptr<WebSocket> makeWebSocket(std::size_t max_message, Duration idle_timeout) {
    auto ws = std::make_unique<WebSocket>(websocket::stream<Stream>(std::move(*stream_)), max_message);
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = handshake_timeout_;
    timeouts.idle_timeout = idle_timeout;
    timeouts.keep_alive_pings = false;
    ws->stream().set_option(timeouts);
    beast::get_lowest_layer(ws->stream()).expires_never();
    return ws;
  }

  void closeSocket() {
    error_code ignored;
    beast::get_lowest_layer(*stream_).socket().close(ignored);
  }

  std::shared_ptr<Stream> stream_;
  std::string peer_;  ///< ADDR:PORT, for the log
  http::request<http::empty_body> request_;

 private:
  void readRequest() {
    parser_.header_limit(16 * 1024);
    parser_.body_limit(0);
    http::async_read(*stream_, buffer_, parser_,
                     [this, self = this->shared_from_this()](error_code ec, std::size_t) {
                       if (ec) return self->refuse("request: " + ec.message());
                       request_ = parser_.release();
                       self->onRequest();
                     });
  }

  Duration handshake_timeout_;
  beast::flat_buffer buffer_;
  http::request_parser<http::empty_body> parser_;
};

/// Starts `Upgrade<TlsStream>` on an accepted socket when `tls` is set, else `Upgrade<PlainStream>`;
/// each is made as `Upgrade<S>(context, stream, peer)`.
template <template <class> class Upgrade, class Context>
void startUpgrade(Context& context, tcp::socket socket, const std::shared_ptr<ssl::context>& tls, std::string peer) {
  if (tls) {
    auto stream = std::make_shared<TlsStream>(PlainStream(std::move(socket)), *tls);
    std::make_shared<Upgrade<TlsStream>>(context, std::move(stream), std::move(peer))->start();
  } else {
    auto stream = std::make_shared<PlainStream>(std::move(socket));
    std::make_shared<Upgrade<PlainStream>>(context, std::move(stream), std::move(peer))->start();
  }
}

}  // namespace wa::wareplay::netdetail
