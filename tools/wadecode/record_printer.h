// Printers of decoded records: text tree (with headers), json, jsonl and capture JSONL.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "wadecode/options.h"
#include "wa/session/record.h"

namespace wa::wadecode {

/// Renders decoded records as options.format says: the text tree, json, jsonl, or capture JSONL.
/// Keeps nothing between records, so renderers on several threads write the bytes one would.
class RecordRenderer {
 public:
  virtual ~RecordRenderer() = default;
  /// Appends the output of `record` to `out`.
  virtual void render(const session::Record& record, std::string& out) = 0;
};

/// The renderer for options.format; `color` already decided by the caller. `options` must outlive it.
std::unique_ptr<RecordRenderer> makeRecordRenderer(const DecodeOptions& options, bool color);

/// Writes decoded records to a stream (buffered; flush() at the end and before diagnostics).
class DecodedRecordPrinter {
 public:
  virtual ~DecodedRecordPrinter() = default;
  virtual void print(const session::Record& record) = 0;
  virtual bool flush() = 0;
};

/// The printer for options.format; `color` already decided by the caller.
std::unique_ptr<DecodedRecordPrinter> makeRecordPrinter(const DecodeOptions& options, bool color, std::FILE* out);

}  // namespace wa::wadecode
