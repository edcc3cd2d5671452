// A program outside the toolkit: reads a capture with its keys through the installed session layer
// and prints the first records as wadecode's JSON lines, then a count (tests/install/consumer_test.sh).
#include <cstdio>
#include <string>

#include "wa/capture/capture_reader.h"
#include "wa/crypto/key_files.h"
#include "wa/session/message_decoder.h"
#include "wa/session/record_json.h"

int main(int argc, char** argv) {
  if (argc != 3) return std::fputs("usage: wa_consumer CAPTURE KEYS\n", stderr), 2;
  auto key_file = wa::crypto::readKeyFile(argv[2]);
  auto source = wa::capture::openFileSource(argv[1]);
  if (!key_file || !source) return 2;
  auto reader = wa::capture::openCaptureReader(std::move(*source));  // the format is detected
  if (!reader) return std::fprintf(stderr, "%s\n", reader.error().message.c_str()), 2;

  wa::session::CaptureKeys keys({.file = std::move(*key_file)});
  wa::session::MessageDecoder decoder(keys, {});
  wa::capture::CaptureMessage message;
  wa::session::Record record;
  std::size_t count = 0, nodes = 0, failed = 0;
  while ((*reader)->read(message)) {
    record.index = count++;
    decoder.decode(message, record);  // frame, HMAC, AES-CBC, node, WebMessageInfo
    nodes += record.has_node;
    failed += record.error.has_value();
    if (record.index < 4) {
      std::string line;
      wa::session::appendRecordJson(line, record, {.decode_proto = false});
      std::printf("%s\n", line.c_str());
    }
  }
  std::printf("%zu records, %zu nodes, %zu failed\n", count, nodes, failed);
  return failed == 0 ? 0 : 1;
}
