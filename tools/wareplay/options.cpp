// wareplay's command line: every option declared here, once.
//
// Pacing options follow the replay tools users know: --speed as a factor (2 = twice as fast),
// --asap for no gaps, --max-gap to cut long pauses; --listen ADDR:PORT and --url as in proxies.
#include "wareplay/options.h"

#include <CLI/CLI.hpp>

#include "common/cli.h"

namespace wa::wareplay {
namespace {

// -v and -q of every command (logLevel() in command_support.h).
void addLogFlags(CLI::App& app, bool& verbose, bool& quiet) {
  app.add_flag("-v,--verbose", verbose, "log every connection event on standard error");
  app.add_flag("-q,--quiet", quiet, "log nothing but errors");
}

void addSessionOptions(CLI::App& app, SessionOptions& s) {
  app.add_option("session", s.session, "the recording (any format wadecode reads), or - for standard input")
      ->required();
  app.add_option("--input-format", s.input_format,
                 "auto, har, mitm, pcap, pcapng, tshark-ek, jsonl, text, hex, b64")
      ->capture_default_str();
  app.add_option("--conn", s.conn, "the connection to replay when the capture has several (default: the first)");
  app.add_option("--keys", s.keys, "key file: encKey/macKey or privateKey (+ secret), tokens, clientId");
  app.add_option("--speed", s.speed, "recorded gaps divided by this factor")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_flag("--asap", s.asap, "no gaps: send as soon as the messages before have arrived");
  app.add_option("--max-gap", s.max_gap, "cut recorded gaps longer than this many seconds (0: no cap)")
      ->check(CLI::NonNegativeNumber);
  addLogFlags(app, s.verbose, s.quiet);
}

}  // namespace

ParsedOptions parseOptions(int argc, char** argv) {
  tools::ToolApp app{"wareplay: replay recorded WhatsApp Web (legacy protocol) sessions against a live socket",
                     "wareplay"};
  app.require_subcommand(1);

  ClientCommand client;
  auto* c = app.add_subcommand("client", "play the client side of a recording against ws[s]://HOST:PORT/PATH");
  addSessionOptions(*c, client.session);
  c->add_option("--url", client.url, "server to connect to: ws://HOST:PORT/PATH or wss://...")->required();
  c->add_option("--origin", client.origin, "Origin header (empty: none)")->capture_default_str();
  c->add_option("--timeout", client.timeout, "seconds to wait without progress (from when the awaited server message is due) before giving up (exit 4)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  c->add_option("--keepalive", client.keepalive, "seconds between keep-alives ?,, (0: none)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  c->add_option("--linger", client.linger, "seconds to wait for unexpected messages at the end")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  c->add_option("--ignore", client.ignore,
                "fields left out of comparisons: tag, NAME, attr:NAME, json:NAME, content:DESC, /json/pointer "
                "(repeatable, comma-separated)");
  c->add_flag("--no-default-ignores", client.no_default_ignores,
              "do not ignore tag,id,t,epoch,ref,ttl,time,secret,clientToken,serverToken,browserToken,challenge");
  c->add_flag("--json", client.json, "write the report as JSON");
  c->add_flag("--all", client.all, "list matched messages too");
  c->add_option("--ca", client.ca_file, "trust the CA certificates in this PEM file (wss)");
  c->add_flag("--insecure", client.insecure, "do not verify the server certificate (wss)");
  c->add_option("--scan", client.scan, "POST the QR text of a QR login here (a mock server's http://.../scan)");
  c->add_option("-o,--output", client.output, "report file, or - for standard output")->capture_default_str();

  ServeCommand serve;
  auto* s = app.add_subcommand("serve", "a mock server playing the server side of a recording");
  addSessionOptions(*s, serve.session);
  s->add_option("--listen", serve.listen, "ADDR:PORT to listen on (port 0: any free port)")->required();
  s->add_option("--control", serve.control, "ADDR:PORT of the HTTP control endpoint (POST /scan, GET /status)");
  s->add_option("--tls-cert", serve.tls_cert, "PEM certificate: serve wss");
  s->add_option("--tls-key", serve.tls_key, "PEM private key of --tls-cert");
  s->add_flag("--challenge", serve.challenge, "challenge restores and check the answer with the recording's macKey");
  s->add_flag("--shared-login", serve.shared_login,
              "let many connections log in with the recording's clientId at once (load tests)");
  s->add_option("--login-status", serve.login_status, "answer every login with this status")
      ->check(CLI::IsMember({401, 403, 405, 409}));
  s->add_option("--default-reply", serve.default_reply, "JSON reply to client messages the recording lacks")
      ->capture_default_str();
  s->add_option("--wait", serve.wait,
                "seconds a recorded server message waits for a recorded client message before it")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  s->add_option("--login-gap", serve.login_gap, "least milliseconds between login steps")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  s->add_option("--ttl", serve.ttl, "QR ref lifetime in milliseconds")->check(CLI::PositiveNumber)->capture_default_str();
  // A flag, so that only --auto-scan=SECONDS gives it a value (a following word is never taken).
  std::string auto_scan;
  auto* auto_scan_flag =
      s->add_flag("--auto-scan{recorded}", auto_scan,
                  "new login: scan each QR by itself, SECONDS after it is shown (no value: as long after as the "
                  "recording's phone, by --speed); for clients with the recording's key pair")
          ->type_name("[=SECONDS]")
          ->check(CLI::Validator(
              [](std::string& value) -> std::string {
                if (value == "recorded") return {};
                try {
                  std::size_t used = 0;
                  double seconds = std::stod(value, &used);
                  if (used == value.size() && seconds >= 0 && seconds <= 3600) return {};
                } catch (const std::exception&) {
                }
                return "expected --auto-scan or --auto-scan=SECONDS (0 to 3600), not \"" + value + "\"";
              },
              "[=SECONDS]"));
  s->add_option("--threads", serve.threads, "network threads")->check(CLI::Range(1, 64))->capture_default_str();
  s->add_option("--require-origin", serve.require_origin, "refuse upgrades without this Origin");
  s->add_option("--idle-timeout", serve.idle_timeout, "close connections silent for this many seconds")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  s->add_option("--handshake-timeout", serve.handshake_timeout, "seconds from TCP accept to an open WebSocket")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  s->add_option("--max-connections", serve.max_connections, "connections at once")->capture_default_str();
  s->add_option("--ready-file", serve.ready_file,
                "when listening, write the WebSocket URL (and the control URL) here, one per line");
  s->add_flag("--stats", serve.stats, "print totals and send-time errors when stopping");

  RecordCommand record;
  auto* r = app.add_subcommand("record", "proxy a client to a server and write capture JSONL as it goes");
  r->add_option("--listen", record.listen, "ADDR:PORT to listen on (port 0: any free port)")->required();
  r->add_option("--upstream", record.upstream, "server: ws://HOST:PORT/PATH or wss://... (path /: the client's)")
      ->required();
  r->add_option("-o,--output", record.output, "capture JSONL file, or - for standard output")->capture_default_str();
  r->add_option("--keys", record.keys, "key file: add decrypted nodes to binary messages");
  r->add_option("--tls-cert", record.tls_cert, "PEM certificate: accept wss");
  r->add_option("--tls-key", record.tls_key, "PEM private key of --tls-cert");
  r->add_option("--ca", record.ca_file, "trust the CA certificates in this PEM file (wss upstream)");
  r->add_flag("--insecure", record.insecure, "do not verify the upstream certificate");
  r->add_option("--origin", record.origin, "Origin sent upstream (default: the client's)");
  r->add_option("--threads", record.threads, "network threads")->check(CLI::Range(1, 64))->capture_default_str();
  r->add_option("--ready-file", record.ready_file, "when listening, write the WebSocket URL here");
  addLogFlags(*r, record.verbose, record.quiet);

  ParsedOptions parsed;
  parsed.exit_now = tools::parseCommandLine(app, argc, argv);
  if (parsed.exit_now >= 0) return parsed;
  if (c->parsed()) parsed.command = client;
  else if (s->parsed()) {
    serve.auto_scan = auto_scan_flag->count() > 0;
    if (serve.auto_scan && auto_scan != "recorded") serve.auto_scan_after = std::stod(auto_scan);
    parsed.command = serve;
  } else {
    parsed.command = record;
  }
  return parsed;
}

}  // namespace wa::wareplay
