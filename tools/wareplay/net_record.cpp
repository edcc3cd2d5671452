// `wareplay record`: a WebSocket proxy that writes every message to capture JSONL as it passes.
#include <atomic>
#include <csignal>
#include <thread>

#include <boost/asio/signal_set.hpp>
#include <fmt/format.h>

#include "wareplay/net.h"
#include "wareplay/net_common.h"

namespace wa::wareplay {
namespace {

using namespace netdetail;

struct RecordContext {
  net::io_context& ioc;
  Recorder& recorder;
  const RecordNetOptions& options;
  std::shared_ptr<ssl::context> server_tls;
  std::shared_ptr<ssl::context> upstream_tls;
  std::atomic<std::uint64_t> next_id{0};

  void log(const std::string& line) const {
    if (options.log) options.log(line);
  }
};

/// One proxied connection: two pumps, each reading one message, recording it, and writing it to
/// the other side before reading the next (so at most one message per direction is in memory).
class ProxyConnection : public std::enable_shared_from_this<ProxyConnection> {
 public:
  ProxyConnection(RecordContext& ctx, std::string conn, std::unique_ptr<AnyWs> client, std::unique_ptr<AnyWs> upstream)
      : ctx_(ctx), conn_(std::move(conn)), client_(std::move(client)), upstream_(std::move(upstream)) {}

  void start() {
    pump(*client_, *upstream_, codec::Direction::Send, to_upstream_);
    pump(*upstream_, *client_, codec::Direction::Receive, to_client_);
  }

 private:
  void pump(AnyWs& from, AnyWs& to, codec::Direction dir, std::string& slot) {
    from.read([self = shared_from_this(), &from, &to, dir, &slot](error_code ec, codec::Opcode op,
                                                                   std::string_view payload) {
      if (self->ended_) return;
      if (ec) {
        self->end(dir == codec::Direction::Send ? "client" : "upstream", ec);
        return;
      }
      if (!self->ctx_.recorder.record(self->conn_, dir, op, payload, epochSeconds())) {
        self->ctx_.log("record: writing the capture failed");
        self->end("recorder", net::error::broken_pipe);
        return;
      }
      slot.assign(payload);
      // Handlers of both sides run on the client's strand (the upstream was connected on it).
      to.write(op, slot, [self, &from, &to, dir, &slot](error_code ec2) {
        if (self->ended_) return;
        if (ec2) {
          self->end(dir == codec::Direction::Send ? "upstream" : "client", ec2);
          return;
        }
        self->pump(from, to, dir, slot);
      });
    });
  }

  void end(const char* side, error_code ec) {
    if (ended_) return;
    ended_ = true;
    bool clean = ec == websocket::error::closed;
    ctx_.log(clean ? fmt::format("conn {}: {} closed", conn_, side)
                   : fmt::format("conn {}: {}: {}", conn_, side, ec.message()));
    // Give the other side a close frame, then cut both.
    auto self = shared_from_this();
    AnyWs& other = std::string_view(side) == "client" ? *upstream_ : *client_;
    other.close([self](error_code) {
      self->client_->abort();
      self->upstream_->abort();
    });
    auto timer = std::make_shared<net::steady_timer>(client_->executor(), std::chrono::seconds(3));
    timer->async_wait([self, timer](error_code) {
      self->client_->abort();
      self->upstream_->abort();
    });
  }

  RecordContext& ctx_;
  std::string conn_;
  std::unique_ptr<AnyWs> client_;
  std::unique_ptr<AnyWs> upstream_;
  std::string to_upstream_, to_client_;
  bool ended_ = false;
};

/// Takes the client's upgrade request, connects upstream, then accepts the client.
template <class Stream>
class RecordUpgrade : public UpgradeRequest<RecordUpgrade<Stream>, Stream> {
  using Base = UpgradeRequest<RecordUpgrade<Stream>, Stream>;
  friend Base;

 public:
  RecordUpgrade(RecordContext& ctx, std::shared_ptr<Stream> stream, std::string peer)
      : Base(std::move(stream), std::move(peer), ctx.options.handshake_timeout), ctx_(ctx) {}

 private:
  using Base::peer_;
  using Base::request_;

  void onRequest() {
    if (!websocket::is_upgrade(request_)) return this->respond(http::status::upgrade_required, "websocket only\n");
    const auto& up = ctx_.options.upstream;
    ConnectSpec spec = connectSpecFor(up);
    if (up.target == "/") spec.target = std::string(request_.target());
    spec.tls_context = ctx_.upstream_tls;
    spec.insecure = ctx_.options.insecure;
    spec.origin = !ctx_.options.origin.empty() ? ctx_.options.origin : std::string(request_[http::field::origin]);
    if (auto agent = request_[http::field::user_agent]; !agent.empty()) spec.user_agent = std::string(agent);
    spec.timeout = ctx_.options.handshake_timeout;
    spec.max_message = ctx_.options.max_message;
    std::string upstream_url = fmt::format("{}://{}{}", up.scheme, up.hostPort(), spec.target);
    connectWebSocket(this->stream_->get_executor(), std::move(spec),
                     [self = this->shared_from_this(), upstream_url](const ConnectFailure& failure,
                                                                     std::unique_ptr<AnyWs> upstream) {
                       if (!upstream) return self->upstreamFailed(upstream_url, failure);
                       self->accept(std::move(upstream));
                     });
  }

  /// The client gets the upstream's refusal (a 4xx or 5xx status as it was), else 502.
  void upstreamFailed(const std::string& upstream, const ConnectFailure& failure) {
    if (failure.http_status) {
      bool forward = failure.http_status >= 400 && failure.http_status <= 599;
      auto status = forward ? static_cast<http::status>(failure.http_status) : http::status::bad_gateway;
      ctx_.log(fmt::format("upstream {} refused the WebSocket upgrade with HTTP {} {} (client {} answered {})",
                           upstream, failure.http_status, failure.http_reason, peer_, static_cast<unsigned>(status)));
      return this->respond(status, fmt::format("upstream refused the WebSocket upgrade: HTTP {} {}\n",
                                               failure.http_status, failure.http_reason));
    }
    ctx_.log(fmt::format("upstream {}: {} (client {} answered 502)", upstream, failure.describe(), peer_));
    this->respond(http::status::bad_gateway, "upstream unreachable\n");
  }

  void accept(std::unique_ptr<AnyWs> upstream) {
    auto ws = this->makeWebSocket(ctx_.options.max_message, websocket::stream_base::none());
    auto* raw = ws.get();
    raw->stream().async_accept(request_, [self = this->shared_from_this(), ws = std::move(ws),
                                          upstream = std::move(upstream)](error_code ec) mutable {
      if (ec) {
        upstream->abort();
        return self->ctx_.log(fmt::format("refused {}: websocket accept: {}", self->peer_, ec.message()));
      }
      std::string conn = std::to_string(++self->ctx_.next_id);
      self->ctx_.log(fmt::format("conn {}: {} -> {}", conn, self->peer_, self->ctx_.options.upstream.hostPort()));
      std::make_shared<ProxyConnection>(self->ctx_, conn, std::move(ws), std::move(upstream))->start();
    });
  }

  void refuse(const std::string& why) {
    ctx_.log(fmt::format("refused {}: {}", peer_, why));
    this->closeSocket();
  }

  RecordContext& ctx_;
};

void acceptLoop(RecordContext& ctx, tcp::acceptor& acceptor) {
  acceptor.async_accept(net::make_strand(ctx.ioc), [&ctx, &acceptor](error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
      return acceptLoop(ctx, acceptor);
    }
    setNoDelay(socket);
    error_code ignored;
    auto ep = socket.remote_endpoint(ignored);
    std::string peer = fmt::format("{}:{}", ep.address().to_string(), ep.port());
    startUpgrade<RecordUpgrade>(ctx, std::move(socket), ctx.server_tls, std::move(peer));
    acceptLoop(ctx, acceptor);
  });
}

}  // namespace

tools::Outcome<void> runRecord(Recorder& recorder, const RecordNetOptions& options,
                       const std::function<void(std::uint16_t)>& on_listening) {
  net::io_context ioc;
  RecordContext ctx{ioc, recorder, options, nullptr, nullptr};
  try {
    if (options.tls) ctx.server_tls = makeServerTls(options.tls->cert, options.tls->key);
    if (options.upstream.tls()) ctx.upstream_tls = makeClientTls(options.ca_file, options.insecure);
  } catch (const boost::system::system_error& e) {
    return tools::fail(tools::kExitUsage, fmt::format("tls: {}", e.code().message()));
  }
  auto listening = listenOn(ioc, options.listen);
  if (!listening) return tl::unexpected(listening.error());
  tcp::acceptor& acceptor = *listening;
  if (on_listening) on_listening(acceptor.local_endpoint().port());
  acceptLoop(ctx, acceptor);

  {
    net::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](error_code e, int signal) {
      if (e) return;
      ctx.log(fmt::format("signal {}: stopping", signal));
      ioc.stop();
    });
    int threads = std::max(1, options.threads);
    std::vector<std::thread> pool;
    for (int i = 1; i < threads; ++i) pool.emplace_back([&] { ioc.run(); });
    ioc.run();
    ioc.stop();
    for (auto& t : pool) t.join();
  }
  // A second copy of the signal (timeout(1) sends one to the child and one to its group) must not
  // kill the process while it writes its summary.
  std::signal(SIGINT, SIG_IGN);
  std::signal(SIGTERM, SIG_IGN);
  return {};
}

}  // namespace wa::wareplay
