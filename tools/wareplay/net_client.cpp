// `wareplay client`: connect to ws[s]://, play the client side, post QR texts to a scan endpoint.
#include <csignal>

#include <boost/asio/signal_set.hpp>
#include <fmt/format.h>

#include "wareplay/net.h"
#include "wareplay/net_common.h"

namespace wa::wareplay {
namespace {

/// A short HTTP body for a log line, without its trailing newline.
std::string_view trimmed(std::string_view body) {
  while (!body.empty() && (body.back() == '\n' || body.back() == '\r' || body.back() == ' ')) body.remove_suffix(1);
  return body;
}

using namespace netdetail;

/// One HTTP POST of a QR text to the scan endpoint; logs the outcome.
class ScanPost : public std::enable_shared_from_this<ScanPost> {
 public:
  ScanPost(net::io_context& ioc, Url url, std::string body, LogFunction log)
      : resolver_(net::make_strand(ioc)), stream_(resolver_.get_executor()), url_(std::move(url)),
        log_(std::move(log)) {
    request_.method(http::verb::post);
    request_.target(url_.target);
    request_.set(http::field::host, url_.hostPort());
    request_.set(http::field::content_type, "text/plain");
    request_.body() = std::move(body);
    request_.prepare_payload();
  }

  void start() {
    resolver_.async_resolve(url_.host, std::to_string(url_.port),
                            [self = shared_from_this()](error_code ec, tcp::resolver::results_type results) {
                              if (ec) return self->done("resolve", ec);
                              self->stream_.expires_after(std::chrono::seconds(10));
                              self->stream_.async_connect(results, [self](error_code ec2, const tcp::endpoint&) {
                                if (ec2) return self->done("connect", ec2);
                                http::async_write(self->stream_, self->request_, [self](error_code ec3, std::size_t) {
                                  if (ec3) return self->done("write", ec3);
                                  http::async_read(self->stream_, self->buffer_, self->response_,
                                                   [self](error_code ec4, std::size_t) { self->done("read", ec4); });
                                });
                              });
                            });
  }

 private:
  void done(const char* step, error_code ec) {
    if (!log_) return;
    if (ec) log_(fmt::format("scan: {} {}: {}", step, url_.hostPort(), ec.message()));
    else log_(fmt::format("scan: {} {}", response_.result_int(), trimmed(response_.body())));
    error_code ignored;
    stream_.socket().close(ignored);
  }

  tcp::resolver resolver_;
  beast::tcp_stream stream_;
  Url url_;
  LogFunction log_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
};

/// Connects, then runs the player in a WsDriver; stops the io_context when the connection ends.
class Connector : public std::enable_shared_from_this<Connector> {
 public:
  Connector(net::io_context& ioc, std::shared_ptr<ClientPlayer> player, const ClientNetOptions& options)
      : ioc_(ioc), strand_(net::make_strand(ioc)), player_(std::move(player)), options_(options) {}

  void start() {
    ConnectSpec spec = connectSpecFor(options_.url);
    spec.insecure = options_.insecure;
    spec.origin = options_.origin;
    spec.user_agent = options_.user_agent;
    spec.timeout = options_.connect_timeout;
    spec.max_message = options_.max_message;
    if (spec.tls) {
      try {
        spec.tls_context = tls_ = makeClientTls(options_.ca_file, options_.insecure);
      } catch (const boost::system::system_error& e) {
        return fail(ConnectFailure{"tls setup", e.code()}.describe());
      }
    }
    connectWebSocket(strand_, std::move(spec),
                     [self = shared_from_this()](const ConnectFailure& failure, std::unique_ptr<AnyWs> ws) {
                       if (!ws) return self->fail(failure.describe());
                       self->open(std::move(ws));
                     });
  }

  void interrupt() {
    net::post(strand_, [self = shared_from_this()] {
      if (self->driver_) self->driver_->abort("interrupted");
      else self->fail(ConnectFailure{"connect", net::error::operation_aborted}.describe());
    });
  }

 private:
  void open(std::unique_ptr<AnyWs> ws) {
    DriverConfig config;
    config.log = options_.log;
    auto after = [self = shared_from_this()](Peer&) {
      if (auto qr = self->player_->takeQr()) {
        if (self->options_.log) self->options_.log("qr: " + *qr);
        if (self->options_.scan)
          std::make_shared<ScanPost>(self->ioc_, *self->options_.scan, *qr, self->options_.log)->start();
      }
    };
    driver_ = std::make_shared<WsDriver>(
        std::move(ws), player_, config, [self = shared_from_this()](Peer&, const std::string&) { self->ioc_.stop(); },
        after);
    driver_->run();
  }

  void fail(const std::string& why) {
    if (player_->done()) return;
    player_->onClosed(why, Clock::now());
    ioc_.stop();
  }

  net::io_context& ioc_;
  net::any_io_executor strand_;
  std::shared_ptr<ClientPlayer> player_;
  ClientNetOptions options_;
  std::shared_ptr<ssl::context> tls_;
  std::shared_ptr<WsDriver> driver_;
};

}  // namespace

void runClient(const std::shared_ptr<ClientPlayer>& player, const ClientNetOptions& options) {
  net::io_context ioc(1);
  auto connector = std::make_shared<Connector>(ioc, player, options);
  std::optional<net::signal_set> signals;
  if (options.handle_signals) {
    signals.emplace(ioc, SIGINT, SIGTERM);
    signals->async_wait([connector](error_code ec, int) {
      if (!ec) connector->interrupt();
    });
  }
  connector->start();
  ioc.run();
  if (!player->done()) player->onClosed("stopped", Clock::now());
}

}  // namespace wa::wareplay
