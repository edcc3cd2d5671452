// Session writers: JSONL, HAR, mitmproxy tnetstrings, pcap.
#include "wa/testing/generator/session_writers.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "wa/capture/jsonl_writer.h"
#include "wa/capture/ws/handshake.h"
#include "wa/testing/ws_encoder.h"
#include "wa/crypto/bytes.h"

namespace wa::testing {
namespace {

using nlohmann::ordered_json;

std::string isoTime(double t) {
  auto secs = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>((t - static_cast<double>(secs)) * 1000));
}

// --- tnetstrings ---
void tnet(std::string& out, std::string_view payload, char type) {
  out += std::to_string(payload.size());
  out += ':';
  out += payload;
  out += type;
}
std::string tBytes(std::string_view s) { std::string o; tnet(o, s, ','); return o; }
std::string tStr(std::string_view s) { std::string o; tnet(o, s, ';'); return o; }
std::string tInt(long long v) { std::string o; tnet(o, std::to_string(v), '#'); return o; }
std::string tFloat(double v) { std::string o; tnet(o, fmt::format("{}", v), '^'); return o; }
std::string tBool(bool v) { std::string o; tnet(o, v ? "true" : "false", '!'); return o; }
std::string tNull() { return "0:~"; }
std::string tList(const std::vector<std::string>& items) {
  std::string body;
  for (const auto& i : items) body += i;
  std::string o;
  tnet(o, body, ']');
  return o;
}
std::string tDict(const std::vector<std::pair<std::string, std::string>>& items) {
  std::string body;
  for (const auto& [k, v] : items) {
    body += tStr(k);
    body += v;
  }
  std::string o;
  tnet(o, body, '}');
  return o;
}

}  // namespace

std::string toCaptureJsonl(const GeneratedSession& session, const std::string& conn) {
  std::string out;
  for (const auto& m : session.messages) {
    capture::CaptureMessage c;
    c.t = m.t;
    c.dir = m.dir;
    c.conn = conn;
    c.op = m.op;
    c.payload = m.payload;
    capture::appendCaptureJsonl(c, out);
  }
  return out;
}

std::string toHar(const std::vector<const GeneratedSession*>& sessions, bool with_error_frame) {
  double t0 = sessions.empty() || sessions[0]->messages.empty() ? 0 : sessions[0]->messages.front().t - 1.0;
  ordered_json log;
  log["version"] = "1.2";
  log["creator"] = {{"name", "WebInspector"}, {"version", "537.36"}};
  log["pages"] = ordered_json::array({{{"startedDateTime", isoTime(t0)},
                                       {"id", "page_1"},
                                       {"title", "https://web.whatsapp.com/"},
                                       {"pageTimings", {{"onContentLoad", 812.4}, {"onLoad", 1410.9}}}}});
  ordered_json entries = ordered_json::array();
  entries.push_back({{"_resourceType", "document"},
                     {"startedDateTime", isoTime(t0)},
                     {"time", 120.5},
                     {"request", {{"method", "GET"}, {"url", "https://web.whatsapp.com/"}, {"httpVersion", "http/2.0"},
                                  {"headers", ordered_json::array()}, {"queryString", ordered_json::array()},
                                  {"cookies", ordered_json::array()}, {"headersSize", -1}, {"bodySize", 0}}},
                     {"response", {{"status", 200}, {"statusText", ""}, {"httpVersion", "http/2.0"},
                                   {"headers", ordered_json::array()}, {"cookies", ordered_json::array()},
                                   {"content", {{"size", 54}, {"mimeType", "text/html"},
                                                {"text", "<!DOCTYPE html><html><body>sample</body></html>"}}},
                                   {"redirectURL", ""}, {"headersSize", -1}, {"bodySize", -1}}},
                     {"cache", ordered_json::object()},
                     {"timings", {{"send", 0.1}, {"wait", 100.0}, {"receive", 20.4}}}});
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    const auto& s = *sessions[i];
    ordered_json frames = ordered_json::array();
    for (const auto& m : s.messages) {
      ordered_json f;
      f["type"] = m.dir == codec::Direction::Send ? "send" : "receive";
      f["time"] = m.t;
      f["opcode"] = m.op == codec::Opcode::Text ? 1 : 2;
      f["data"] = m.op == codec::Opcode::Text ? m.payload : crypto::base64Encode(crypto::asBytes(m.payload));
      frames.push_back(std::move(f));
    }
    if (with_error_frame && i + 1 == sessions.size()) {
      double t = s.messages.empty() ? t0 : s.messages.back().t + 0.5;
      frames.push_back({{"type", "receive"}, {"time", t}, {"opcode", -1},
                        {"data", "net::ERR_CONNECTION_CLOSED"}});
    }
    double start = s.messages.empty() ? t0 : s.messages.front().t - 0.05;
    entries.push_back(
        {{"_resourceType", "websocket"},
         {"startedDateTime", isoTime(start)},
         {"time", 0},
         {"request", {{"method", "GET"}, {"url", fmt::format("wss://web.whatsapp.com/ws")}, {"httpVersion", "HTTP/1.1"},
                      {"headers", {{{"name", "Origin"}, {"value", "https://web.whatsapp.com"}},
                                   {{"name", "Sec-WebSocket-Extensions"}, {"value", "permessage-deflate; client_max_window_bits"}}}},
                      {"queryString", ordered_json::array()}, {"cookies", ordered_json::array()},
                      {"headersSize", -1}, {"bodySize", 0}}},
         {"response", {{"status", 101}, {"statusText", "Switching Protocols"}, {"httpVersion", "HTTP/1.1"},
                       {"headers", {{{"name", "Upgrade"}, {"value", "websocket"}},
                                    {{"name", "Sec-WebSocket-Extensions"}, {"value", "permessage-deflate"}}}},
                       {"cookies", ordered_json::array()}, {"content", {{"size", 0}, {"mimeType", "x-unknown"}}},
                       {"redirectURL", ""}, {"headersSize", -1}, {"bodySize", 0}}},
         {"cache", ordered_json::object()},
         {"timings", {{"blocked", -1}, {"send", 0}, {"wait", 0}, {"receive", 0}}},
         {"_webSocketMessages", std::move(frames)}});
  }
  log["entries"] = std::move(entries);
  ordered_json root;
  root["log"] = std::move(log);
  return root.dump(2) + "\n";
}

std::string toMitmFlows(const std::vector<const GeneratedSession*>& sessions) {
  std::string out;
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    const auto& s = *sessions[i];
    double start = s.messages.empty() ? 0 : s.messages.front().t - 0.05;
    double end = s.messages.empty() ? 0 : s.messages.back().t + 0.05;
    std::vector<std::string> messages;
    for (const auto& m : s.messages)
      messages.push_back(tList({tInt(m.op == codec::Opcode::Text ? 1 : 2), tBool(m.dir == codec::Direction::Send),
                                tBytes(m.payload), tFloat(m.t), tBool(false)}));
    auto headers = [](std::vector<std::pair<std::string, std::string>> h) {
      std::vector<std::string> items;
      for (auto& [k, v] : h) items.push_back(tList({tBytes(k), tBytes(v)}));
      return tList(items);
    };
    std::string request = tDict({{"host", tStr("web.whatsapp.com")},
                                 {"port", tInt(443)},
                                 {"method", tBytes("GET")},
                                 {"scheme", tBytes("https")},
                                 {"authority", tBytes("")},
                                 {"path", tBytes("/ws")},
                                 {"http_version", tBytes("HTTP/1.1")},
                                 {"headers", headers({{"Host", "web.whatsapp.com"},
                                                      {"Origin", "https://web.whatsapp.com"},
                                                      {"Upgrade", "websocket"},
                                                      {"Connection", "Upgrade"}})},
                                 {"content", tBytes("")},
                                 {"trailers", tNull()},
                                 {"timestamp_start", tFloat(start)},
                                 {"timestamp_end", tFloat(start + 0.01)}});
    std::string response = tDict({{"http_version", tBytes("HTTP/1.1")},
                                  {"status_code", tInt(101)},
                                  {"reason", tBytes("Switching Protocols")},
                                  {"headers", headers({{"Upgrade", "websocket"}, {"Connection", "Upgrade"}})},
                                  {"content", tBytes("")},
                                  {"trailers", tNull()},
                                  {"timestamp_start", tFloat(start + 0.02)},
                                  {"timestamp_end", tFloat(start + 0.03)}});
    std::string websocket = tDict({{"messages", tList(messages)},
                                   {"closed_by_client", tBool(true)},
                                   {"close_code", tInt(1000)},
                                   {"close_reason", tStr("")},
                                   {"timestamp_end", tFloat(end)}});
    std::string client_conn = tDict({{"id", tStr(fmt::format("c0ffee00-0000-4000-8000-{:012}", i))},
                                     {"peername", tList({tStr("127.0.0.1"), tInt(51000 + static_cast<long long>(i))})},
                                     {"sockname", tList({tStr("127.0.0.1"), tInt(8080)})},
                                     {"timestamp_start", tFloat(start - 0.1)},
                                     {"tls_established", tBool(false)}});
    std::string server_conn = tDict({{"id", tStr(fmt::format("5e17e500-0000-4000-8000-{:012}", i))},
                                     {"address", tList({tStr("web.whatsapp.com"), tInt(443)})},
                                     {"timestamp_start", tFloat(start - 0.09)},
                                     {"tls_established", tBool(true)}});
    out += tDict({{"version", tInt(17)},
                  {"type", tStr("http")},
                  {"id", tStr(fmt::format("f10f0000-0000-4000-8000-{:012}", i))},
                  {"error", tNull()},
                  {"client_conn", client_conn},
                  {"server_conn", server_conn},
                  {"intercepted", tBool(false)},
                  {"is_replay", tNull()},
                  {"marked", tStr("")},
                  {"metadata", tDict({})},
                  {"request", request},
                  {"response", response},
                  {"websocket", websocket}});
  }
  return out;
}

std::string toPcap(const std::vector<const GeneratedSession*>& sessions, const PcapSessionOptions& options) {
  testing::PcapWriter writer(options.file);
  auto server = options.ipv6 ? *capture::parseIpEndpoint("2001:db8::80", 80) : *capture::parseIpEndpoint("192.0.2.80", 80);
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    const auto& s = *sessions[i];
    if (s.messages.empty()) continue;
    auto port = static_cast<std::uint16_t>(options.first_client_port + i);
    auto client = options.ipv6 ? *capture::parseIpEndpoint("2001:db8::10", port) : *capture::parseIpEndpoint("192.0.2.10", port);
    testing::TcpConversationWriter conn(writer, client, server, options.tcp);
    const bool late_start = i == 0 && options.start_at_message != 0;
    if (late_start) conn.setCapturing(false);
    double t = s.messages.front().t - 0.2;
    conn.open(t);
    std::string ext;
    if (options.deflate)
      ext = options.no_context_takeover ? "permessage-deflate; server_no_context_takeover; client_no_context_takeover"
                                        : "permessage-deflate";
    std::string key = crypto::base64Encode(crypto::asBytes(fmt::format("sample-key-{:04}", i % 10000)));
    conn.send(true, capture::buildUpgradeRequest("web.whatsapp.com", "/ws", key, ext), t + 0.01);
    conn.send(false, capture::buildUpgradeResponse(key, ext), t + 0.05);
    testing::WsEncoderOptions client_ws, server_ws;
    client_ws.mask = true;
    client_ws.mask_seed = static_cast<std::uint32_t>(0x5eed + i);
    for (auto* o : {&client_ws, &server_ws}) {
      o->fragment_size = options.fragment_size;
      o->deflate = options.deflate;
      o->no_context_takeover = options.no_context_takeover;
    }
    testing::WsEncoder client_enc(client_ws), server_enc(server_ws);
    std::size_t n = 0;
    std::size_t to_lose[2] = {0, 0};  // bytes of each direction still to leave out of the capture
    for (std::size_t k = 0; k < s.messages.size(); ++k) {
      const auto& m = s.messages[k];
      bool from_client = m.dir == codec::Direction::Send;
      auto& enc = from_client ? client_enc : server_enc;
      auto frames = enc.encodeFrames(m.op, codec::asBytes(m.payload));
      if (late_start && k == options.start_at_message) {
        // The capture starts inside this message's frames.
        std::string all;
        for (const auto& f : frames) all += f;
        const std::size_t at = std::min(options.start_offset, all.size());
        conn.send(from_client, std::string_view(all).substr(0, at), m.t);
        conn.setCapturing(true);
        conn.send(from_client, std::string_view(all).substr(at), m.t);
        continue;
      }
      std::size_t& lose = to_lose[from_client ? 0 : 1];
      std::size_t from = 0;
      for (const auto& l : options.losses) {
        if (i == 0 && l.message == k) {
          from = l.from;
          lose = l.length;
        }
      }
      if (lose != 0) {
        // The lost bytes start here and may run on into the next messages of this direction.
        std::string all;
        for (const auto& f : frames) all += f;
        from = std::min(from, all.size());
        const std::size_t lost = std::min(lose, all.size() - from);
        conn.send(from_client, std::string_view(all).substr(0, from), m.t);
        conn.skip(from_client, lost);
        conn.send(from_client, std::string_view(all).substr(from + lost), m.t);
        lose -= lost;
        continue;
      }
      // A ping from the server interleaved between the fragments of some messages, and its pong.
      bool interleave = frames.size() > 1 && (++n % 3 == 0) && !from_client;
      for (std::size_t f = 0; f < frames.size(); ++f) {
        conn.send(from_client, frames[f], m.t);
        if (interleave && f == 0) {
          conn.send(false, server_enc.encode(codec::Opcode::Ping, codec::asBytes("hb")), m.t);
          conn.send(true, client_enc.encode(codec::Opcode::Pong, codec::asBytes("hb")), m.t);
        }
      }
    }
    double end = s.messages.back().t + 0.1;
    conn.send(true, client_enc.encodeClose(1000), end);
    conn.send(false, server_enc.encodeClose(1000), end + 0.01);
    conn.close(end + 0.02);
  }
  return writer.take();
}

}  // namespace wa::testing
