// `wadecode --annotate`: each plaintext node as a table of offsets, bytes and meanings.
#include "wadecode/annotate_command.h"

#include <cstdio>

#include <fmt/format.h>

#include "common/exit_codes.h"
#include "common/input.h"
#include "wa/codec/view/annotate.h"
#include "wadecode/node_input.h"

namespace wa::wadecode {

int runAnnotate(const DecodeOptions& options, std::string_view input, const std::string& format,
                tools::Diagnostics& diag) {
  const std::string name = tools::inputName(options.input);
  codec::DecodeLimits limits;
  limits.max_depth = options.max_depth;
  codec::AnnotationFormat layout;
  layout.max_run_bytes = options.max_bytes;
  int status = tools::kExitOk;
  forEachNodeRecord(input, format, [&](NodeRecord& record) {
    if (record.index > 0) std::fputs("\n", stdout);
    std::optional<session::Error> error = record.error;
    if (!error) {
      const codec::ByteView bytes = codec::asBytes(record.bytes);
      std::fputs(fmt::format("# record {}: {} bytes\n", record.index, bytes.size()).c_str(), stdout);
      const codec::NodeAnnotation annotation = codec::annotateNode(bytes, limits);
      std::fputs(codec::formatAnnotation(bytes, annotation, layout).c_str(), stdout);
      if (annotation.error) error = session::toSessionError(*annotation.error);
    } else {
      std::fputs(fmt::format("# record {}: not hex\n", record.index).c_str(), stdout);
    }
    if (error) {
      std::fflush(stdout);
      tools::reportRecordError(diag, name, record.index, *error);
      status = tools::kExitRecordsFailed;
    }
  });
  std::fflush(stdout);
  return status;
}

}  // namespace wa::wadecode
