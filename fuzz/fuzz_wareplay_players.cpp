// Fuzz target: wareplay's mock-server and client logic fed arbitrary live messages (the part of
// wareplay a remote peer controls). Input: byte 0 picks the side; the rest is split at 0x00 into
// messages, each starting with an opcode byte (odd: text); poll() runs after each on a fake clock.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "wareplay/client_player.h"
#include "wareplay/server_player.h"

namespace {

using namespace wa;

std::shared_ptr<const wareplay::Session> recording() {
  static const auto session = [] {
    std::vector<wa::capture::CaptureMessage> m(8);
    const char* texts[] = {
        R"(1.--0,,["admin","init",[0,4,2088],["a","b","c"],"cid",true])",
        R"(1.--0,{"status":200,"ref":"1@r","ttl":20000})",
        R"(1.--1,,["admin","login","ct","st","cid","takeover"])",
        R"(1.--1,{"status":200})",
        R"(s1,["Conn",{"clientToken":"ct","serverToken":"st"}])",
        R"(1.--2,,["query","exist","1@c.us"])",
        R"(1.--2,{"status":200})",
        R"(s2,["Presence",{"id":"1@c.us","type":"available"}])",
    };
    for (std::size_t i = 0; i < m.size(); ++i) {
      m[i].t = 1000.0 + static_cast<double>(i) * 0.01;
      m[i].dir = i == 0 || i == 2 || i == 5 ? codec::Direction::Send : codec::Direction::Receive;
      m[i].op = codec::Opcode::Text;
      m[i].payload = texts[i];
    }
    crypto::KeyEntry keys;
    keys.enc_key = crypto::Key32{1};
    keys.mac_key = crypto::Key32{2};
    return std::make_shared<const wareplay::Session>(wareplay::buildSession(m, keys).value());
  }();
  return session;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::unique_ptr<wareplay::Peer> peer;
  wareplay::ServerPlayer* server = nullptr;
  if (data[0] & 1) {
    static const auto script = wareplay::buildServeScript(recording(), 0);
    auto s = std::make_unique<wareplay::ServerPlayer>(script, wareplay::ServeOptions{.pacing = {.speed = 0}}, 1, nullptr);
    server = s.get();
    peer = std::move(s);
  } else {
    peer = std::make_unique<wareplay::ClientPlayer>(recording(), wareplay::ClientOptions{.pacing = {.speed = 0}, .tag_shift = 0});
  }
  wareplay::TimePoint now{};
  peer->onOpen(now);
  std::vector<wareplay::Outgoing> out;
  while (!input.empty()) {
    auto end = input.find('\0');
    std::string_view message = input.substr(0, end);
    input.remove_prefix(end == std::string_view::npos ? input.size() : end + 1);
    if (message.empty()) continue;
    auto op = (message[0] & 1) ? codec::Opcode::Text : codec::Opcode::Binary;
    peer->onMessage(op, message.substr(1), now);
    if (server && message.size() >= 33 && message[0] == 'S') {
      crypto::Key32 key{};
      for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(message[1 + i]);
      server->onScan(key, now);
    }
    now += std::chrono::milliseconds(500);
    out.clear();
    peer->poll(now, 64, out);
    if (out.size() > 64) __builtin_trap();
    (void)peer->nextWake();
    (void)peer->takeLog();
  }
  peer->onClosed("", now);
  return 0;
}
