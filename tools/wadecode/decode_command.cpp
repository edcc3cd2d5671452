// `wadecode [FILE]`: every record read, decrypted, decoded and printed; failures reported and
// printed in place; nothing dropped. The flow: keys, input, then nodes or a capture through the
// session layer, filters, printers.
#include "wadecode/decode_command.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "common/buffered_output.h"
#include "common/exit_codes.h"
#include "common/input.h"
#include "common/progress.h"
#include "wa/capture/capture_reader.h"
#include "wa/codec/node/decoder.h"
#include "wa/codec/proto/web_message_info.h"
#include "wa/session/capture_keys.h"
#include "wa/session/message_decoder.h"
#include "wa/session/parallel_decoder.h"
#include "wadecode/annotate_command.h"
#include "wadecode/decode_input.h"
#include "wadecode/filters.h"
#include "wadecode/key_options.h"
#include "wadecode/node_batches.h"
#include "wadecode/node_input.h"
#include "wadecode/node_renderer.h"
#include "wadecode/record_printer.h"
#include "wadecode/stats.h"

namespace wa::wadecode {
namespace {

// Builds the protobuf views' schema on a thread of its own while the input is opened and its
// first batches read (it took 2 ms inside the first records, with the other thread waiting for
// it), for a file large enough to have records to show; joined when the run ends.
class ProtoViewsWarmUp {
 public:
  explicit ProtoViewsWarmUp(bool wanted) {
    if (!wanted) return;
    try {
      thread_ = std::thread([] { codec::prepareWebMessageInfoViews(); });
    } catch (const std::system_error&) {  // no thread to spare: the first record builds it
    }
  }
  ~ProtoViewsWarmUp() {
    if (thread_.joinable()) thread_.join();
  }
  ProtoViewsWarmUp(const ProtoViewsWarmUp&) = delete;
  ProtoViewsWarmUp& operator=(const ProtoViewsWarmUp&) = delete;

 private:
  std::thread thread_;
};

// Inputs this large (1 MiB) have it built ahead; smaller ones would wait for it at their end.
constexpr std::uint64_t kWarmUpBytes = std::uint64_t{1} << 20;

/// The size of a regular input file (for the progress bar), 0 when unknown.
std::uint64_t fileSize(const std::string& path) {
  struct stat st {};
  if (tools::isStdio(path)) {
    if (::fstat(0, &st) == 0 && S_ISREG(st.st_mode)) return static_cast<std::uint64_t>(st.st_size);
    return 0;
  }
  return ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

codec::DecodeLimits decodeLimits(const DecodeOptions& options) {
  codec::DecodeLimits limits;
  limits.max_depth = options.max_depth;
  return limits;
}

// Node batches: a few hundred KiB of input each (the lock is taken once per batch; the batches in
// flight stay small and warm), and at most this many records.
constexpr std::size_t kNodeBatchBytes = std::size_t{256} << 10;
constexpr std::size_t kNodeBatchRecords = 64;
// Pages of a mapped input behind the records delivered are given back this often (memory follows
// the records, not the file).
constexpr std::uint64_t kReleaseStep = std::uint64_t{4} << 20;

/// Plaintext nodes: each record decoded and printed, on `jobs` threads, in input order. `input` is
/// all of `source` (readAll).
int decodeNodes(const DecodeOptions& options, std::string_view input, capture::ByteSource& source,
                const std::string& format, tools::Diagnostics& diag, unsigned jobs) {
  const std::string name = tools::inputName(options.input);
  const bool color = tools::useColor(options.color, stdout);
  const codec::DecodeLimits limits = decodeLimits(options);
  tools::BufferedOutput out(stdout);
  int status = tools::kExitOk;
  NodeLines lines(input, format);
  NodeLine line;
  bool have_line = lines.next(line);
  std::uint64_t release_at = kReleaseStep;
  decodeNodeBatches(
      format == "node-bin" ? 1 : jobs,
      [&] { return std::make_unique<NodeBatchDecoder>(options, color, format != "node-bin", limits); },
      [&](NodeBatch& batch) {
        for (std::size_t bytes = 0; have_line && bytes < kNodeBatchBytes && batch.lines.size() < kNodeBatchRecords;
             have_line = lines.next(line)) {
          batch.lines.push_back(line);
          bytes += line.text.size();
        }
        return !batch.lines.empty();
      },
      [&](NodeBatch& batch) {
        std::size_t written = 0;
        for (const NodeFailure& failure : batch.failures) {
          out.write(std::string_view(batch.output).substr(written, failure.output_end - written));
          written = failure.output_end;
          out.flush();
          tools::reportRecordError(diag, name, failure.index, failure.error);
          status = tools::kExitRecordsFailed;
        }
        out.write(std::string_view(batch.output).substr(written));
        out.maybeFlush();
        const NodeLine& last = batch.lines.back();
        if (last.offset >= release_at) {  // the batches still in flight come after this one
          source.releaseBefore(last.offset);
          release_at = last.offset + kReleaseStep;
        }
      });
  if (!out.flush()) {
    diag.error("<stdout>: write failed");
    return tools::kExitIo;
  }
  return status;
}

/// What the capture loop counted.
struct CaptureRun {
  std::size_t records = 0;
  std::size_t failed = 0;
  std::vector<std::string> conns;  ///< in order of their first message (for --print-keys)
  bool write_failed = false;
};

/// A capture: read each message, decode it through the session layer, filter, print, report.
CaptureRun decodeCapture(const DecodeOptions& options, capture::CaptureReader& reader, session::CaptureKeys& keys,
                         tools::Diagnostics& diag) {
  const std::string name = tools::inputName(options.input);
  session::MessageDecoder decoder(keys, decodeLimits(options));
  // Re-exporting a capture needs no keys unless the plaintext is asked for.
  decoder.setDecrypt(options.format != "capture" || options.capture_plaintext);
  std::unique_ptr<DecodedRecordPrinter> printer;
  if (!options.quiet && !options.print_keys)
    printer = makeRecordPrinter(options, tools::useColor(options.color, stdout), stdout);
  Stats stats;
  const std::uint64_t total = fileSize(options.input);
  tools::ProgressBar progress("wadecode", total, tools::ProgressBar::wanted(options.progress, total));
  CaptureRun run;
  capture::CaptureMessage message;
  session::Record record;
  std::map<std::string, std::size_t> key_failures;  // identical key errors are reported once
  while (reader.read(message)) {
    record.index = run.records++;
    decoder.decode(message, record);
    for (auto& w : decoder.takeWarnings()) {
      if (printer) printer->flush();
      diag.warningOnce(fmt::format("{}: {}", name, w));
    }
    if (options.print_keys) {
      if (std::find(run.conns.begin(), run.conns.end(), message.conn) == run.conns.end())
        run.conns.push_back(message.conn);
      continue;
    }
    progress.update(message.source_offset);
    if (!passesFilters(options, record)) continue;
    if (options.stats) stats.add(record);
    if (printer) printer->print(record);
    if (!record.error) continue;
    ++run.failed;
    if (printer) printer->flush();
    progress.finish();
    if (record.error->stage != session::Stage::Keys)
      tools::reportRecordError(diag, name, record.index, *record.error);
    else if (key_failures[record.error->message]++ == 0)
      tools::reportRecordError(diag, name, record.index, *record.error, " (reported once)");
  }
  progress.finish();
  run.write_failed = printer && !printer->flush();
  if (options.stats && !options.print_keys && !run.write_failed) {
    std::fflush(stdout);
    std::fprintf(stderr, "wadecode: stats for %s\n%s", name.c_str(), stats.summary().c_str());
  }
  return run;
}

/// A worker's part of the capture loop: filters, statistics, rendering.
class RecordWork final : public session::RecordHandler {
 public:
  RecordWork(const DecodeOptions& options, bool color)
      : options_(options), renderer_(options.quiet ? nullptr : makeRecordRenderer(options, color)) {}

  void handle(const session::Record& record, std::string& out, session::RecordNote& note) override {
    if (!passesFilters(options_, record)) {
      note.kept = false;
      return;
    }
    if (options_.stats) stats.add(record);
    if (renderer_) renderer_->render(record, out);
  }

  Stats stats;

 private:
  const DecodeOptions& options_;
  std::unique_ptr<RecordRenderer> renderer_;
};

/// The capture loop of decodeCapture() with `jobs` threads decoding (this one among them, for a
/// regular file): the same output, warnings and diagnostics, in the same order.
CaptureRun decodeCaptureParallel(const DecodeOptions& options, capture::CaptureReader& reader,
                                 session::CaptureKeys& keys, tools::Diagnostics& diag, unsigned jobs) {
  const std::string name = tools::inputName(options.input);
  const bool color = tools::useColor(options.color, stdout);
  const std::uint64_t total = fileSize(options.input);
  session::ParallelOptions parallel;
  parallel.workers = jobs;
  // This thread writes the output and, while the next batch is not ready, decodes one itself
  // (one thread fewer, 3 % faster on 2 cores). Not from a pipe: a read that blocks for more input
  // would hold back output that is ready.
  parallel.caller_decodes = total > 0;
  parallel.limits = decodeLimits(options);
  parallel.decrypt = options.format != "capture" || options.capture_plaintext;
  tools::ProgressBar progress("wadecode", total, tools::ProgressBar::wanted(options.progress, total));
  tools::BufferedOutput out(stdout);
  CaptureRun run;
  std::map<std::string, std::size_t> key_failures;  // identical key errors are reported once
  {
    session::ParallelDecoder decoder(
        reader, keys, [&] { return std::make_unique<RecordWork>(options, color); }, parallel);
    session::DecodedBatch batch;
    while (decoder.next(batch)) {
      std::size_t written = 0, warning = 0;
      auto writeUpTo = [&](std::size_t end) {
        out.write(std::string_view(batch.output).substr(written, end - written));
        written = end;
      };
      for (std::size_t i = 0; i < batch.notes.size(); ++i) {
        const session::RecordNote& note = batch.notes[i];
        for (; warning < batch.warnings.size() && batch.warnings[warning].before == i; ++warning) {
          writeUpTo(i == 0 ? 0 : batch.notes[i - 1].output_end);
          out.flush();
          diag.warningOnce(fmt::format("{}: {}", name, batch.warnings[warning].text));
        }
        ++run.records;
        progress.update(note.source_offset);
        if (!note.kept || !note.error) continue;
        ++run.failed;
        writeUpTo(note.output_end);
        out.flush();
        progress.finish();
        if (note.error->stage != session::Stage::Keys)
          tools::reportRecordError(diag, name, note.index, *note.error);
        else if (key_failures[note.error->message]++ == 0)
          tools::reportRecordError(diag, name, note.index, *note.error, " (reported once)");
      }
      writeUpTo(batch.output.size());
      out.maybeFlush();
    }
    if (options.stats) {
      Stats stats;
      for (const auto& handler : decoder.handlers()) stats.merge(static_cast<const RecordWork&>(*handler).stats);
      progress.finish();
      run.write_failed = !out.flush();
      if (!run.write_failed) {
        std::fflush(stdout);
        std::fprintf(stderr, "wadecode: stats for %s\n%s", name.c_str(), stats.summary().c_str());
      }
      return run;
    }
  }
  progress.finish();
  run.write_failed = !out.flush();
  return run;
}

int printKeys(const nlohmann::ordered_json& keys) {
  std::printf("%s\n", keys.dump(2).c_str());
  return tools::kExitOk;
}

}  // namespace

int runDecode(const DecodeOptions& options, tools::Diagnostics& diag) {
  const std::string name = tools::inputName(options.input);

  // 1. Keys first: a configuration error stops before any input is read.
  int status = tools::kExitOk;
  auto sources = readKeyOptions(options, diag, status);
  if (!sources) return status;
  const bool from_stdin = tools::isStdio(options.input);
  if (options.print_keys && from_stdin) {
    // Keys that the key file settles need no capture: nothing is read.
    session::CaptureKeys probe(*sources);
    if (auto settled = settledKeys(probe)) return printKeys(*settled);
    if (::isatty(STDIN_FILENO) != 0) {
      diag.error("--print-keys: the keys come from the capture's Conn secret: give the capture (a file, or on "
                 "standard input)");
      return tools::kExitUsage;
    }
  }

  // 2. The input: empty, plaintext nodes, or a capture.
  const ProtoViewsWarmUp warm_up(options.decode_proto && !options.print_keys && options.format != "capture" &&
                                 fileSize(options.input) >= kWarmUpBytes);
  auto input = openDecodeInput(options);
  if (!input) return tools::report(diag, input.error());
  if (input->kind == DecodeInput::Kind::Empty) {
    if (options.print_keys) {
      diag.error(fmt::format("{}: --print-keys: the keys come from the capture's Conn secret, and the input is empty",
                             name));
      return tools::kExitUsage;
    }
    diag.note(fmt::format("{}: empty input: no records", name));
    return tools::kExitOk;
  }
  if (input->kind == DecodeInput::Kind::Nodes) {
    support::ReadBuffer storage;
    auto all = readAll(*input->source, storage, name);
    if (!all) return tools::report(diag, all.error());
    if (options.annotate) return runAnnotate(options, *all, input->node_format, diag);
    const unsigned jobs = options.jobs != 0 ? options.jobs : session::availableCores();
    return decodeNodes(options, *all, *input->source, input->node_format, diag, jobs);
  }
  if (options.annotate) {
    diag.error(fmt::format("{}: --annotate reads plaintext nodes (--input-format node-hex or node-bin)", name));
    return tools::kExitUsage;
  }

  // 3. A capture through the session layer.
  session::CaptureKeys keys(std::move(*sources));
  capture::ReaderOptions reader_options;
  reader_options.line_direction = options.line_direction == "send"      ? codec::Direction::Send
                                  : options.line_direction == "receive" ? codec::Direction::Receive
                                                                        : codec::Direction::Unknown;
  // After a capture loss, frames found again must carry this session's HMAC (when keys are known).
  reader_options.check_frame = [&keys](std::string_view conn, codec::Direction dir, codec::Opcode op,
                                       codec::ByteView payload, bool complete) {
    return keys.checkCandidate(conn, dir, op, payload, complete);
  };
  auto reader = capture::openCaptureReader(std::move(input->source), input->format, reader_options);
  if (!reader) {
    diag.error(fmt::format("{}: {}: {}", name, capture::toString(reader.error().stage), reader.error().message));
    return reader.error().code == support::ErrorCode::Io ? tools::kExitIo : tools::kExitUsage;
  }
  // --print-keys reads the capture for its connections only: one thread does.
  const unsigned jobs = options.jobs != 0 ? options.jobs : session::availableCores();
  const CaptureRun run = jobs > 1 && !options.print_keys ? decodeCaptureParallel(options, **reader, keys, diag, jobs)
                                                         : decodeCapture(options, **reader, keys, diag);
  if (run.write_failed) {
    diag.error("<stdout>: write failed");
    return tools::kExitIo;
  }
  // What the reader skipped without a record (connections that are not WebSocket, fragments).
  for (const std::string& warning : (*reader)->warnings()) diag.warning(fmt::format("{}: {}", name, warning));

  // 4. What is left to say: the keys, or how many records failed.
  if (options.print_keys) {
    if (auto found = capturedKeys(keys, run.conns)) return printKeys(*found);
    if (run.conns.size() <= 1)
      diag.error(fmt::format("{}: {}", name, keys.missingReason(run.conns.empty() ? "" : run.conns.front())));
    else
      diag.error(fmt::format("{}: no keys for any connection", name));
    return tools::kExitUsage;
  }
  if (run.failed > 0) {
    diag.error(fmt::format("{}: {} of {} records failed", name, run.failed, run.records));
    return tools::kExitRecordsFailed;
  }
  return tools::kExitOk;
}

}  // namespace wa::wadecode
