// Plaintext node records decoded and rendered in batches on several threads, handed back in input
// order: what `wadecode -j N` does with node-hex and node-bin inputs.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "wa/codec/node/decoder.h"
#include "wa/session/error.h"
#include "wadecode/node_input.h"
#include "wadecode/node_renderer.h"

namespace wa::wadecode {

/// A failed record of a batch, and where its rendered failure ends in NodeBatch::output.
struct NodeFailure {
  std::size_t index = 0;
  session::Error error;
  std::size_t output_end = 0;
};

/// Consecutive records and, once decoded, their rendering. Reused from batch to batch.
struct NodeBatch {
  std::vector<NodeLine> lines;
  std::string output;
  std::vector<NodeFailure> failures;

  void clear() noexcept {
    lines.clear();
    output.clear();
    failures.clear();
  }
};

/// Decodes every record of a batch and renders it (or its failure) into the batch's output. One
/// per thread: it keeps the node, the bytes and the renderer it reuses.
class NodeBatchDecoder {
 public:
  NodeBatchDecoder(const DecodeOptions& options, bool color, bool hex, const codec::DecodeLimits& limits);
  void decode(NodeBatch& batch);

 private:
  std::unique_ptr<NodeRenderer> renderer_;
  bool hex_;
  codec::DecodeLimits limits_;
  codec::Node node_;
  NodeRecord record_;
};

/// Fills batches with `fill` on the calling thread (false: nothing more, the batch is not used),
/// decodes each with a decoder from `make_decoder` on one of `jobs` threads (the calling thread
/// among them: it decodes while the batch it waits for is not ready), and passes them to `deliver`
/// on the calling thread in the order filled. With jobs == 1 no thread is started. At most
/// jobs + 2 batches exist at once (memory bound). What a thread throws (std::bad_alloc) is thrown
/// here once the threads have stopped.
void decodeNodeBatches(unsigned jobs, const std::function<std::unique_ptr<NodeBatchDecoder>()>& make_decoder,
                       const std::function<bool(NodeBatch&)>& fill, const std::function<void(NodeBatch&)>& deliver);

}  // namespace wa::wadecode
