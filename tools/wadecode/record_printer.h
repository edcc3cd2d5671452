// Printers of decoded records: text tree (with headers), json, jsonl and capture JSONL.
#pragma once

#include <cstdio>
#include <memory>

#include "wadecode/options.h"
#include "wa/session/record.h"

namespace wa::wadecode {

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
