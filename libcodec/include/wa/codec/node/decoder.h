// The binary node decoder: plaintext node bytes to a Node tree (docs/protocol.md, "Binary nodes").
#pragma once

#include <cstddef>

#include "wa/codec/error.h"
#include "wa/codec/error.h"
#include "wa/codec/node/node.h"

namespace wa::codec {

/// Limits that bound what untrusted input can make the decoder do.
struct DecodeLimits {
  /// Nodes nested deeper than this fail with LimitExceeded (the root is depth 1).
  std::size_t max_depth = 64;
  /// Total nodes in one tree; past it, LimitExceeded.
  std::size_t max_nodes = 1u << 22;
};

/// Decodes exactly one node that fills `bytes` (trailing bytes are an error).
///
/// Accepts every tag of the notes and facts: LIST_EMPTY/8/16, single-byte tokens (80 read as
/// "c.us"), JID_PAIR (empty user gives the server alone), JID_AD (247), NIBBLE_8/HEX_8,
/// BINARY_8/20/32. DICTIONARY_0..3 fail with Unsupported naming the index (no double-byte
/// dictionary exists). Failures carry stage Decode and the offset of the offending byte; no
/// allocation is sized by a length before that length is checked against the bytes left.
Expected<Node> decodeNode(ByteView bytes, const DecodeLimits& limits = {});

/// Like decodeNode(), but decodes into `node`, reusing the storage of its strings and vectors
/// (and of its children, as far as the new tree has the same shape). Nodes and attributes that a
/// shorter list gives up go to a small per-thread pool (bounded: a few MiB) that later decodes
/// draw from, so a stream of differently shaped messages stops allocating once its shapes have
/// been seen. This is the fast path for decoding a stream of messages one after another into one
/// tree. On failure `node` holds a
/// partial tree that is only fit for reuse or destruction.
Expected<void> decodeNodeInto(ByteView bytes, Node& node, const DecodeLimits& limits = {});

}  // namespace wa::codec
