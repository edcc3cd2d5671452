// `wareplay serve`: the mock server's listener, per-connection upgrade, login registry and the
// HTTP control endpoint (POST /scan, GET /status).
#include <condition_variable>
#include <csignal>
#include <map>
#include <mutex>
#include <thread>

#include <boost/asio/signal_set.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "wareplay/net.h"
#include "wareplay/net_common.h"

namespace wa::wareplay {
namespace {

using namespace netdetail;

/// Calls `fn(status, body)` exactly once: explicitly, or with 410 when dropped unanswered (the
/// connection it was routed to went away first).
class ScanReply {
 public:
  using Fn = std::function<void(unsigned, std::string)>;
  explicit ScanReply(Fn fn) : fn_(std::move(fn)) {}
  ~ScanReply() {
    if (fn_) fn_(410, R"({"error":"the connection went away"})");
  }
  ScanReply(const ScanReply&) = delete;
  ScanReply& operator=(const ScanReply&) = delete;
  void operator()(unsigned status, std::string body) {
    if (auto fn = std::exchange(fn_, nullptr)) fn(status, std::move(body));
  }

 private:
  Fn fn_;
};

/// Connections, QR refs and who holds which login; thread-safe.
class Registry final : public LoginArbiter {
 public:
  Registry(int ttl_ms, bool shared_login, LogFunction log)
      : ttl_ms_(ttl_ms), shared_login_(shared_login), log_(std::move(log)) {}

  void add(std::uint64_t id, const std::shared_ptr<WsDriver>& driver) {
    std::lock_guard lock(mutex_);
    drivers_[id] = driver;
    ++summary_.connections;
  }

  void remove(std::uint64_t id, const ServerPlayer& player) {
    std::lock_guard lock(mutex_);
    drivers_.erase(id);
    for (auto it = refs_.begin(); it != refs_.end();) {
      if (it->second.conn == id) it = refs_.erase(it);
      else ++it;
    }
    const auto& s = player.stats();
    if (player.loggedIn() && player.remaining() == 0) ++summary_.completed;
    summary_.script_sent += s.script_sent;
    summary_.matched += s.matched;
    summary_.unrecorded += s.unrecorded;
    summary_.given_up += s.given_up;
    summary_.keepalives += s.keepalives;
    errors_.insert(errors_.end(), s.send_errors_us.begin(), s.send_errors_us.end());
    if (errors_.size() > 4'000'000) errors_.erase(errors_.begin(), errors_.begin() + 1'000'000);
    cv_.notify_all();
  }

  std::size_t active() {
    std::lock_guard lock(mutex_);
    return drivers_.size();
  }

  void refused() {
    std::lock_guard lock(mutex_);
    ++summary_.refused;
  }

  bool claim(const std::string& client_id, std::uint64_t conn, bool takeover) override {
    if (shared_login_) return true;
    std::shared_ptr<WsDriver> replaced;
    {
      std::lock_guard lock(mutex_);
      auto it = holders_.find(client_id);
      if (it != holders_.end() && it->second != conn) {
        if (!takeover) return false;
        if (auto d = drivers_.find(it->second); d != drivers_.end()) replaced = d->second.lock();
      }
      holders_[client_id] = conn;
    }
    if (replaced)
      replaced->dispatch([](Peer& peer, TimePoint now) { static_cast<ServerPlayer&>(peer).onReplaced(now); });
    return true;
  }

  void release(const std::string& client_id, std::uint64_t conn) override {
    std::lock_guard lock(mutex_);
    auto it = holders_.find(client_id);
    if (it != holders_.end() && it->second == conn) holders_.erase(it);
  }

  void publishRef(const std::string& ref, const std::string& client_id, std::uint64_t conn) override {
    std::lock_guard lock(mutex_);
    for (auto it = refs_.begin(); it != refs_.end();) {
      if (it->second.conn == conn) it = refs_.erase(it);
      else ++it;
    }
    refs_[ref] = {conn, client_id, Clock::now()};
  }

  /// Routes a QR text `ref,publicKey,clientId` to the connection showing that ref.
  void scan(const std::string& text, ScanReply::Fn done) {
    auto reply = std::make_shared<ScanReply>(std::move(done));
    auto first = text.find(',');
    auto second = first == std::string::npos ? first : text.find(',', first + 1);
    if (second == std::string::npos)
      return (*reply)(400, R"({"error":"expected ref,publicKey,clientId"})");
    std::string ref = text.substr(0, first);
    std::string public_b64 = text.substr(first + 1, second - first - 1);
    std::string client_id = text.substr(second + 1);
    while (!client_id.empty() && (client_id.back() == '\n' || client_id.back() == '\r' || client_id.back() == ' '))
      client_id.pop_back();
    auto bytes = crypto::base64Decode(public_b64);
    if (!bytes || bytes->size() != 32) return (*reply)(400, R"({"error":"publicKey: expected 32 bytes in base64"})");
    crypto::Key32 key{};
    std::copy(bytes->begin(), bytes->end(), key.begin());
    std::shared_ptr<WsDriver> driver;
    {
      std::lock_guard lock(mutex_);
      auto it = refs_.find(ref);
      if (it == refs_.end()) return (*reply)(404, R"({"error":"unknown ref"})");
      if (Clock::now() - it->second.issued > std::chrono::milliseconds(ttl_ms_))
        return (*reply)(410, R"({"error":"ref expired"})");
      if (it->second.client_id != client_id) return (*reply)(409, R"({"error":"clientId does not match the ref"})");
      if (auto d = drivers_.find(it->second.conn); d != drivers_.end()) driver = d->second.lock();
    }
    if (!driver) return (*reply)(410, R"({"error":"the connection went away"})");
    driver->dispatch([reply, key](Peer& peer, TimePoint now) {
      bool ok = static_cast<ServerPlayer&>(peer).onScan(key, now);
      if (ok) (*reply)(200, R"({"status":"scanned"})");
      else (*reply)(409, R"({"error":"the connection is not waiting for a scan"})");
    });
  }

  void closeAll() {
    std::vector<std::shared_ptr<WsDriver>> all;
    {
      std::lock_guard lock(mutex_);
      for (auto& [id, weak] : drivers_)
        if (auto d = weak.lock()) all.push_back(std::move(d));
    }
    for (auto& d : all) d->closeGracefully();
  }

  void abortAll() {
    std::vector<std::shared_ptr<WsDriver>> all;
    {
      std::lock_guard lock(mutex_);
      for (auto& [id, weak] : drivers_)
        if (auto d = weak.lock()) all.push_back(std::move(d));
    }
    for (auto& d : all) d->abort("server stopped");
  }

  /// Waits until no connection is left or `timeout` passed; true when none is left.
  bool waitEmpty(Duration timeout) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return drivers_.empty(); });
  }

  ServeSummary summary() {
    std::lock_guard lock(mutex_);
    ServeSummary s = summary_;
    s.active = drivers_.size();
    std::vector<double> errors = errors_;
    s.timing = summarizeTiming(errors);
    return s;
  }

  nlohmann::json status() {
    auto s = summary();
    return {{"connections", s.connections}, {"active", s.active},     {"completed", s.completed},
            {"refused", s.refused},         {"script_sent", s.script_sent}, {"unrecorded", s.unrecorded}};
  }

 private:
  struct RefEntry {
    std::uint64_t conn = 0;
    std::string client_id;
    TimePoint issued;
  };
  int ttl_ms_;
  bool shared_login_;
  LogFunction log_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::map<std::uint64_t, std::weak_ptr<WsDriver>> drivers_;
  std::map<std::string, RefEntry> refs_;
  std::map<std::string, std::uint64_t> holders_;
  ServeSummary summary_;
  std::vector<double> errors_;
};

}  // namespace

struct ServeServer::Impl {
  std::shared_ptr<const ServeScript> script;
  ServeOptions options;
  ServeNetOptions net_options;
  net::io_context ioc;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  std::shared_ptr<ssl::context> tls;
  std::shared_ptr<Registry> registry;
  std::optional<tcp::acceptor> acceptor, control;
  std::vector<std::thread> threads;
  std::atomic<std::uint64_t> next_id{0};
  std::atomic<std::uint64_t> pending{0};  ///< accepted sockets still in their handshake
  std::mutex stop_mutex;
  std::condition_variable stop_cv;
  bool stop_requested = false;
  bool stopped = false;

  void log(const std::string& line) const {
    if (net_options.log) net_options.log(line);
  }
  void accept();
  void acceptControl();
  void requestStop() {
    std::lock_guard lock(stop_mutex);
    stop_requested = true;
    stop_cv.notify_all();
  }
};

namespace {

/// Checks the upgrade request and accepts the WebSocket; plays a ServerPlayer over it.
template <class Stream>
class Upgrade : public UpgradeRequest<Upgrade<Stream>, Stream> {
  using Base = UpgradeRequest<Upgrade<Stream>, Stream>;
  friend Base;

 public:
  Upgrade(ServeServer::Impl& impl, std::shared_ptr<Stream> stream, std::string peer)
      : Base(std::move(stream), std::move(peer), impl.net_options.handshake_timeout), impl_(impl) {}

 private:
  using Base::peer_;
  using Base::request_;

  void onRequest() {
    if (!websocket::is_upgrade(request_)) return this->respond(http::status::upgrade_required, "websocket only\n");
    const auto& want = impl_.net_options.require_origin;
    if (!want.empty() && request_[http::field::origin] != want)
      return this->respond(http::status::forbidden, "origin refused\n");
    auto ws = this->makeWebSocket(impl_.net_options.max_message, impl_.net_options.idle_timeout);
    ws->stream().set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, "wareplay/0.1"); }));
    auto* raw = ws.get();
    raw->stream().async_accept(request_, [self = this->shared_from_this(), ws = std::move(ws)](error_code ec) mutable {
      if (ec) return self->refuse("websocket accept: " + ec.message());
      self->open(std::move(ws));
    });
  }

  void open(std::unique_ptr<AnyWs> ws) {
    --impl_.pending;
    std::uint64_t id = ++impl_.next_id;
    auto player = std::make_shared<ServerPlayer>(impl_.script, impl_.options, id, impl_.registry.get());
    DriverConfig config;
    config.max_queue = impl_.net_options.max_queue;
    config.log = impl_.net_options.log;
    auto registry = impl_.registry;
    LogFunction log = impl_.net_options.log;
    auto driver = std::make_shared<WsDriver>(std::move(ws), player, config,
                                             [registry, id, log](Peer& peer, const std::string& reason) {
                                               (void)reason;
                                               registry->remove(id, static_cast<ServerPlayer&>(peer));
                                               if (log) log(fmt::format("conn {}: closed", id));
                                             });
    impl_.registry->add(id, driver);
    impl_.log(fmt::format("conn {}: open from {} {}", id, peer_, std::string(request_.target())));
    driver->run();
  }

  void refuse(const std::string& why) {
    --impl_.pending;
    impl_.registry->refused();
    impl_.log(fmt::format("refused {}: {}", peer_, why));
    this->closeSocket();
  }

  ServeServer::Impl& impl_;
};

/// One HTTP request on the control endpoint.
class ControlSession : public std::enable_shared_from_this<ControlSession> {
 public:
  ControlSession(tcp::socket socket, std::shared_ptr<Registry> registry)
      : stream_(std::move(socket)), registry_(std::move(registry)) {}

  void start() {
    stream_.expires_after(std::chrono::seconds(10));
    parser_.body_limit(64 * 1024);
    http::async_read(stream_, buffer_, parser_, [self = shared_from_this()](error_code ec, std::size_t) {
      if (ec) return self->close();
      self->handle();
    });
  }

 private:
  void handle() {
    const auto& req = parser_.get();
    std::string target(req.target());
    if (target == "/scan" && req.method() == http::verb::post) {
      auto self = shared_from_this();
      registry_->scan(req.body(), [self](unsigned status, std::string body) {
        net::post(self->stream_.get_executor(),
                  [self, status, body = std::move(body)]() mutable { self->respond(status, std::move(body)); });
      });
      return;
    }
    if (target == "/status" && req.method() == http::verb::get) return respond(200, registry_->status().dump());
    respond(404, R"({"error":"POST /scan or GET /status"})");
  }

  void respond(unsigned status, std::string body) {
    response_.result(status);
    response_.version(parser_.get().version());
    response_.set(http::field::server, "wareplay/0.1");
    response_.set(http::field::content_type, "application/json");
    response_.keep_alive(false);
    response_.body() = std::move(body) + "\n";
    response_.prepare_payload();
    http::async_write(stream_, response_, [self = shared_from_this()](error_code, std::size_t) { self->close(); });
  }

  void close() {
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  std::shared_ptr<Registry> registry_;
  beast::flat_buffer buffer_;
  http::request_parser<http::string_body> parser_;
  http::response<http::string_body> response_;
};

std::string endpointName(const tcp::socket& socket) {
  error_code ec;
  auto ep = socket.remote_endpoint(ec);
  if (ec) return "?";
  if (ep.address().is_v6()) return fmt::format("[{}]:{}", ep.address().to_string(), ep.port());
  return fmt::format("{}:{}", ep.address().to_string(), ep.port());
}

}  // namespace

void ServeServer::Impl::accept() {
  acceptor->async_accept(net::make_strand(ioc), [this](error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == net::error::operation_aborted || !acceptor->is_open()) return;
      log(fmt::format("accept: {}", ec.message()));
      return accept();
    }
    if (registry->active() + pending >= net_options.max_connections) {
      registry->refused();
      error_code ignored;
      socket.close(ignored);
      return accept();
    }
    setNoDelay(socket);
    std::string peer = endpointName(socket);
    ++pending;
    startUpgrade<Upgrade>(*this, std::move(socket), tls, std::move(peer));
    accept();
  });
}

void ServeServer::Impl::acceptControl() {
  control->async_accept(net::make_strand(ioc), [this](error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == net::error::operation_aborted || !control->is_open()) return;
      return acceptControl();
    }
    std::make_shared<ControlSession>(std::move(socket), registry)->start();
    acceptControl();
  });
}

ServeServer::ServeServer(std::shared_ptr<const ServeScript> script, ServeOptions options, ServeNetOptions net_options)
    : impl_(std::make_unique<Impl>()) {
  impl_->script = std::move(script);
  impl_->options = std::move(options);
  impl_->net_options = std::move(net_options);
  impl_->registry = std::make_shared<Registry>(impl_->options.ttl_ms, impl_->options.shared_login, impl_->net_options.log);
}

ServeServer::~ServeServer() { stop(); }

tools::Outcome<void> ServeServer::start() {
  if (impl_->net_options.tls) {
    try {
      impl_->tls = makeServerTls(impl_->net_options.tls->cert, impl_->net_options.tls->key);
    } catch (const boost::system::system_error& e) {
      return tools::fail(tools::kExitUsage, fmt::format("tls: {}", e.code().message()));
    }
  }
  auto acceptor = listenOn(impl_->ioc, impl_->net_options.listen);
  if (!acceptor) return tl::unexpected(acceptor.error());
  impl_->acceptor.emplace(std::move(*acceptor));
  if (impl_->net_options.control) {
    auto control = listenOn(impl_->ioc, *impl_->net_options.control);
    if (!control) return tl::unexpected(control.error());
    impl_->control.emplace(std::move(*control));
    impl_->acceptControl();
  }
  impl_->accept();
  impl_->work.emplace(impl_->ioc.get_executor());
  int threads = std::max(1, impl_->net_options.threads);
  for (int i = 0; i < threads; ++i) impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  return {};
}

std::uint16_t ServeServer::port() const {
  error_code ec;
  return impl_->acceptor ? impl_->acceptor->local_endpoint(ec).port() : 0;
}

std::uint16_t ServeServer::controlPort() const {
  error_code ec;
  return impl_->control ? impl_->control->local_endpoint(ec).port() : 0;
}

void ServeServer::wait(bool signals) {
  std::optional<net::signal_set> set;
  if (signals) {
    set.emplace(impl_->ioc, SIGINT, SIGTERM);
    set->async_wait([this](error_code ec, int signal) {
      if (ec) return;
      impl_->log(fmt::format("signal {}: stopping", signal));
      impl_->requestStop();
    });
  }
  {
    std::unique_lock lock(impl_->stop_mutex);
    impl_->stop_cv.wait(lock, [&] { return impl_->stop_requested; });
  }
  stop();
  if (set) {
    // Ignore further signals while the process winds down: `timeout` and process-group kills
    // deliver the same signal twice, and the second must not kill a clean shutdown.
    set.reset();
    std::signal(SIGINT, SIG_IGN);
    std::signal(SIGTERM, SIG_IGN);
  }
}

void ServeServer::stop() {
  {
    std::lock_guard lock(impl_->stop_mutex);
    if (impl_->stopped) return;
    impl_->stopped = true;
    impl_->stop_requested = true;
    impl_->stop_cv.notify_all();
  }
  if (impl_->threads.empty()) return;
  net::post(impl_->ioc, [this] {
    error_code ignored;
    if (impl_->acceptor) impl_->acceptor->close(ignored);
    if (impl_->control) impl_->control->close(ignored);
  });
  impl_->registry->closeAll();
  if (!impl_->registry->waitEmpty(std::chrono::seconds(3))) {
    impl_->registry->abortAll();
    impl_->registry->waitEmpty(std::chrono::seconds(1));
  }
  impl_->work.reset();
  impl_->ioc.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

ServeSummary ServeServer::summary() const { return impl_->registry->summary(); }

}  // namespace wa::wareplay
