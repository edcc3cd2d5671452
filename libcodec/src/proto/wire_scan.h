// Private: locates the first wire-format problem in protobuf bytes, for located parse errors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "wa/codec/error.h"

namespace google::protobuf {
class Descriptor;
}

namespace wa::codec::detail {

/// Protobuf wire types, the low 3 bits of a tag.
enum WireType : std::uint8_t { Varint = 0, Fixed64 = 1, LengthDelimited = 2, StartGroup = 3, EndGroup = 4, Fixed32 = 5 };

/// Walks `bytes` as a message of `type` the way protobuf's parser does (unknown numbers and
/// mismatched wire types skipped, groups matched, known sub-messages and packed fields walked)
/// and returns the first problem as a Proto-stage error at its byte offset, with a message naming
/// the field path ("message.imageMessage.mediaKey (8): length 40 exceeds the 12 bytes left").
/// Returns nullopt when it finds none. Nesting past `max_depth` fails with LimitExceeded.
std::optional<Error> findWireError(std::string_view bytes, const google::protobuf::Descriptor* type,
                                   std::size_t max_depth);

}  // namespace wa::codec::detail
