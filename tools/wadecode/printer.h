// One printer per output format (text tree, JSON documents, JSON lines) behind one interface.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "wa/session/error.h"
#include "wa/codec/error.h"
#include "wa/codec/node/node.h"
#include "wa/codec/view/text_tree.h"
#include "wadecode/options.h"

namespace wa::wadecode {

/// Writes records to a stream; all writes are buffered and flushed by flush().
class RecordPrinter {
 public:
  virtual ~RecordPrinter() = default;
  /// A decoded node of record `index`.
  virtual void node(std::size_t index, const codec::Node& node) = 0;
  /// A record that failed at `error`; `raw` is what could not be decoded.
  virtual void failure(std::size_t index, const session::Error& error, std::string_view raw) = 0;
  virtual void flush() = 0;
};

/// The text tree the options ask for (protobuf, --max-bytes, --proto-bytes), with `color` already
/// decided by the caller and the root at `indent_level`: for plaintext nodes and captured records.
codec::TextTreeOptions textTreeOptions(const DecodeOptions& options, bool color, std::size_t indent_level = 0);

/// The printer for `options.format` writing to `out` (colour already decided by the caller).
std::unique_ptr<RecordPrinter> makePrinter(const DecodeOptions& options, bool color, std::FILE* out);

}  // namespace wa::wadecode
