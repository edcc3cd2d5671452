// Fuzz target: a record's tape (what read_capture makes Python objects of) is the tape of the
// record's JSON text, byte for byte: for any node the decoder takes, for the decoder's failures
// (lossy text fields, raw bytes) and for the input as a JSON payload.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "wa/codec/node/decoder.h"
#include "wa/session/record_json.h"
#include "wa/support/text/json_tape.h"
#include "wa/support/text/json_text.h"

namespace {

void check(const wa::session::Record& r) {
  for (bool redact : {false, true}) {
    for (bool proto : {true, false}) {
      wa::session::RecordJsonOptions o;
      o.redact = redact;
      o.decode_proto = proto;
      std::string text, via_text, direct;
      wa::session::appendRecordJson(text, r, o);
      wa::support::appendJsonTape(via_text, text);
      wa::session::appendRecordTape(direct, r, o);
      if (direct != via_text) __builtin_trap();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  wa::capture::CaptureMessage m;
  m.t = 1589356445.5;
  m.conn = std::string(in.substr(0, 6));  // any bytes: written lossy
  m.payload = std::string(in);

  wa::session::Record r;
  r.message = &m;
  r.index = size;
  r.kind = "binary";
  r.tag = std::string(in.substr(0, 10));
  wa::codec::DecodeLimits limits;
  limits.max_depth = 32;
  if (auto node = wa::codec::decodeNode(wa::codec::ByteView(data, size), limits)) {
    r.has_node = true;
    r.node = std::move(*node);
  } else {
    r.error = wa::session::Error{node.error().code, wa::session::Stage::Decode, node.error().offset, node.error().message};
    r.plaintext = in;
  }
  check(r);

  // A JSON payload, as the pipeline keeps one: only text that is JSON.
  if (wa::support::checkJson(in) != wa::support::JsonCheck::Invalid) {
    wa::session::Record j;
    j.message = &m;
    j.kind = "json";
    j.json_text = in;
    check(j);
  }
  return 0;
}
