// The WebSocket driver, TLS helpers, connecting and listening shared by wareplay's three modes.
#include "wareplay/net_common.h"

#include <chrono>

#include <openssl/ssl.h>

namespace wa::wareplay::netdetail {

WsDriver::WsDriver(std::unique_ptr<AnyWs> ws, std::shared_ptr<Peer> peer, DriverConfig config, Finished finished,
                   std::function<void(Peer&)> after_pump)
    : ws_(std::move(ws)),
      peer_(std::move(peer)),
      config_(std::move(config)),
      finished_cb_(std::move(finished)),
      after_pump_(std::move(after_pump)),
      timer_(ws_->executor()) {}

void WsDriver::run() {
  peer_->onOpen(Clock::now());
  doRead();
  pump();
}

void WsDriver::dispatch(std::function<void(Peer&, TimePoint)> fn) {
  net::post(ws_->executor(), [self = shared_from_this(), fn = std::move(fn)] {
    if (self->finished_) return;
    fn(*self->peer_, Clock::now());
    self->pump();
  });
}

void WsDriver::closeGracefully() {
  net::post(ws_->executor(), [self = shared_from_this()] {
    if (self->finished_ || self->closing_) return;
    if (self->writing_) {
      // Let the write finish; the queue is dropped.
      self->queue_.erase(self->queue_.begin() + 1, self->queue_.end());
      self->closing_ = true;
      return;
    }
    self->startClose();
  });
}

void WsDriver::abort(std::string reason) {
  net::post(ws_->executor(), [self = shared_from_this(), reason = std::move(reason)] {
    if (self->finished_) return;
    self->ws_->abort();
    self->finish(reason);
  });
}

void WsDriver::flushLog() {
  if (!config_.log) return;
  for (auto& line : peer_->takeLog()) config_.log(line);
}

void WsDriver::doRead() {
  ws_->read([self = shared_from_this()](error_code ec, codec::Opcode op, std::string_view payload) {
    if (self->finished_) return;
    if (ec) {
      bool clean = ec == websocket::error::closed;
      if (self->closing_ && !clean) {
        // Our close is in progress; its handler ends the connection.
        return;
      }
      self->ws_->abort();
      self->finish(clean ? std::string() : ec.message());
      return;
    }
    self->peer_->onMessage(op, payload, Clock::now());
    self->pump();
    if (!self->finished_) self->doRead();
  });
}

void WsDriver::pump() {
  if (finished_) return;
  if (!closing_) {
    std::size_t budget = queue_.size() < config_.max_queue ? config_.max_queue - queue_.size() : 0;
    if (budget) {
      scratch_.clear();
      peer_->poll(Clock::now(), budget, scratch_);
      for (auto& o : scratch_) queue_.push_back(std::move(o));
    }
  }
  flushLog();
  if (after_pump_) after_pump_(*peer_);
  doWrite();
  if (!writing_ && queue_.empty() && (closing_ || peer_->wantsClose())) {
    startClose();
    return;
  }
  if (closing_) return;
  auto wake = queue_.size() < config_.max_queue ? peer_->nextWake() : std::nullopt;
  if (wake) arm(*wake);
}

void WsDriver::arm(TimePoint wake) {
  if (armed_ && *armed_ == wake) return;
  armed_ = wake;
  timer_.expires_at(wake);
  timer_.async_wait([self = shared_from_this(), wake](error_code ec) {
    if (ec || self->finished_) return;
    if (self->armed_ && *self->armed_ == wake) self->armed_.reset();
    self->pump();
  });
}

void WsDriver::doWrite() {
  if (writing_ || queue_.empty() || finished_) return;
  writing_ = true;
  const Outgoing& o = queue_.front();
  ws_->write(o.op, o.payload, [self = shared_from_this()](error_code ec) {
    self->writing_ = false;
    if (self->finished_) return;
    if (ec) {
      self->ws_->abort();
      self->finish(ec.message());
      return;
    }
    self->queue_.pop_front();
    if (self->closing_ && self->queue_.empty()) {
      self->startClose();
      return;
    }
    self->pump();
  });
}

void WsDriver::startClose() {
  if (finished_) return;
  if (close_started_) return;
  close_started_ = closing_ = true;
  armed_.reset();
  timer_.cancel();
  // A peer that never answers the close frame is cut off after a few seconds.
  timer_.expires_after(std::chrono::seconds(3));
  timer_.async_wait([self = shared_from_this()](error_code ec) {
    if (ec || self->finished_) return;
    self->ws_->abort();
    self->finish("close handshake timed out");
  });
  ws_->close([self = shared_from_this()](error_code ec) {
    if (self->finished_) return;
    self->ws_->abort();
    self->finish(ec && ec != websocket::error::closed && ec != net::error::operation_aborted ? ec.message()
                                                                                           : std::string());
  });
}

void WsDriver::finish(const std::string& reason) {
  if (finished_.exchange(true)) return;
  timer_.cancel();
  peer_->onClosed(reason, Clock::now());
  flushLog();
  queue_.clear();
  // Drop the callbacks after use: they may hold their owners, which hold this driver.
  auto finished = std::move(finished_cb_);
  after_pump_ = nullptr;
  if (finished) finished(*peer_, reason);
}

void setNoDelay(tcp::socket& socket) {
  error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
}

std::shared_ptr<ssl::context> makeServerTls(const std::string& cert_file, const std::string& key_file) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3);
  ctx->use_certificate_chain_file(cert_file);
  ctx->use_private_key_file(key_file, ssl::context::pem);
  return ctx;
}

std::shared_ptr<ssl::context> makeClientTls(const std::string& ca_file, bool insecure) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3);
  if (insecure) {
    ctx->set_verify_mode(ssl::verify_none);
  } else {
    ctx->set_default_verify_paths();
    if (!ca_file.empty()) ctx->load_verify_file(ca_file);
    ctx->set_verify_mode(ssl::verify_peer);
  }
  return ctx;
}

bool prepareClientTls(beast::ssl_stream<beast::tcp_stream>& stream, const std::string& host, bool insecure,
                      error_code& ec) {
  if (SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
               const_cast<char*>(host.c_str())) != 1) {
    ec = error_code(static_cast<int>(::ERR_get_error()), net::error::get_ssl_category());
    return false;
  }
  if (!insecure) stream.set_verify_callback(ssl::host_name_verification(host));
  return true;
}

namespace {

class WsConnect : public std::enable_shared_from_this<WsConnect> {
 public:
  WsConnect(net::any_io_executor strand, ConnectSpec spec, ConnectDone done)
      : resolver_(strand), spec_(std::move(spec)), done_(std::move(done)) {}

  void start() {
    resolver_.async_resolve(spec_.host, std::to_string(spec_.port),
                            [self = shared_from_this()](error_code ec, tcp::resolver::results_type results) {
                              if (ec) return self->fail(ec, "resolve " + self->spec_.host);
                              self->connect(results);
                            });
  }

 private:
  std::string hostPort() const {
    if (spec_.host.find(':') != std::string::npos) return "[" + spec_.host + "]:" + std::to_string(spec_.port);
    return spec_.host + ":" + std::to_string(spec_.port);
  }

  void connect(const tcp::resolver::results_type& results) {
    auto stream = std::make_shared<beast::tcp_stream>(resolver_.get_executor());
    stream->expires_after(spec_.timeout);
    stream->async_connect(results, [self = shared_from_this(), stream](error_code ec, const tcp::endpoint&) {
      if (ec) return self->fail(ec, "connect " + self->hostPort());
      setNoDelay(stream->socket());
      if (self->spec_.tls) self->startTls(std::move(*stream));
      else self->handshake(std::make_unique<WsAdapter<PlainWs>>(PlainWs(std::move(*stream)), self->spec_.max_message));
    });
  }

  void startTls(beast::tcp_stream stream) {
    auto ws = std::make_unique<WsAdapter<TlsWs>>(TlsWs(std::move(stream), *spec_.tls_context), spec_.max_message);
    error_code ec;
    if (!prepareClientTls(ws->stream().next_layer(), spec_.host, spec_.insecure, ec)) return fail(ec, "tls setup");
    auto* raw = ws.get();
    beast::get_lowest_layer(raw->stream()).expires_after(spec_.timeout);
    raw->stream().next_layer().async_handshake(
        ssl::stream_base::client, [self = shared_from_this(), ws = std::move(ws)](error_code ec2) mutable {
          if (ec2) return self->fail(ec2, "tls handshake");
          self->handshake(std::move(ws));
        });
  }

  template <class Ws>
  void handshake(std::unique_ptr<WsAdapter<Ws>> ws) {
    auto& stream = ws->stream();
    beast::get_lowest_layer(stream).expires_after(spec_.timeout);
    stream.set_option(websocket::stream_base::decorator(
        [origin = spec_.origin, agent = spec_.user_agent](websocket::request_type& req) {
          if (!origin.empty()) req.set(http::field::origin, origin);
          req.set(http::field::user_agent, agent);
        }));
    auto* raw = ws.get();
    raw->stream().async_handshake(response_, hostPort(), spec_.target,
                                  [self = shared_from_this(), ws = std::move(ws)](error_code ec) mutable {
                                    if (ec == websocket::error::upgrade_declined) {
                                      ConnectFailure failure{"websocket handshake", ec, self->response_.result_int(),
                                                             std::string(self->response_.reason())};
                                      auto done = std::move(self->done_);
                                      if (done) done(failure, nullptr);
                                      return;
                                    }
                                    if (ec) return self->fail(ec, "websocket handshake");
                                    beast::get_lowest_layer(ws->stream()).expires_never();
                                    websocket::stream_base::timeout timeouts{};
                                    timeouts.handshake_timeout = self->spec_.timeout;
                                    timeouts.idle_timeout = websocket::stream_base::none();
                                    timeouts.keep_alive_pings = false;
                                    ws->stream().set_option(timeouts);
                                    auto done = std::move(self->done_);
                                    done(ConnectFailure{}, std::move(ws));
                                  });
  }

  void fail(error_code ec, const std::string& step) {
    auto done = std::move(done_);
    if (done) done(ConnectFailure{step, ec}, nullptr);
  }

  tcp::resolver resolver_;
  ConnectSpec spec_;
  ConnectDone done_;
  websocket::response_type response_;  ///< the answer to the upgrade request
};

}  // namespace

std::string ConnectFailure::describe() const {
  if (http_status)
    return fmt::format("{}: the server answered HTTP {} {} instead of upgrading", step, http_status, http_reason);
  return fmt::format("{}: {}", step, ec.message());
}

ConnectSpec connectSpecFor(const Url& url) {
  ConnectSpec spec;
  spec.host = url.host;
  spec.port = url.port;
  spec.target = url.target;
  spec.tls = url.tls();
  return spec;
}

void connectWebSocket(net::any_io_executor strand, ConnectSpec spec, ConnectDone done) {
  std::make_shared<WsConnect>(std::move(strand), std::move(spec), std::move(done))->start();
}

double epochSeconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

tools::Outcome<tcp::acceptor> listenOn(net::io_context& ioc, const ListenAddress& address) {
  error_code ec;
  auto ip = net::ip::make_address(address.host, ec);
  if (ec) return tools::fail(tools::kExitUsage, fmt::format("{}: not an IP address", address.host));
  tcp::endpoint endpoint(ip, address.port);
  tcp::acceptor acceptor(net::make_strand(ioc));
  if (acceptor.open(endpoint.protocol(), ec); ec)
    return tools::fail(tools::kExitIo, fmt::format("listen {}:{}: {}", address.host, address.port, ec.message()));
  acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (acceptor.bind(endpoint, ec); ec)
    return tools::fail(tools::kExitIo, fmt::format("listen {}:{}: {}", address.host, address.port, ec.message()));
  if (acceptor.listen(net::socket_base::max_listen_connections, ec); ec)
    return tools::fail(tools::kExitIo, fmt::format("listen {}:{}: {}", address.host, address.port, ec.message()));
  return acceptor;
}

}  // namespace wa::wareplay::netdetail
