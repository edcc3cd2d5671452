// Schema-guided walk over protobuf wire format that reports where and why parsing fails.
#include "proto/wire_scan.h"

#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <google/protobuf/descriptor.h>

namespace wa::codec::detail {

namespace {

namespace pb = google::protobuf;

class Scanner {
 public:
  Scanner(std::string_view bytes, std::size_t max_depth) : bytes_(bytes), max_depth_(max_depth) {}

  std::optional<Error> run(const pb::Descriptor* type) {
    std::size_t pos = 0;
    scanFields(pos, bytes_.size(), type, 0, 0, 0);
    return error_;
  }

 private:
  // Scans fields in [pos, end). With group_number > 0, stops after the matching end-group tag.
  bool scanFields(std::size_t& pos, std::size_t end, const pb::Descriptor* type, std::size_t depth,
                  std::uint32_t group_number, std::size_t group_start) {
    while (pos < end) {
      const std::size_t field_start = pos;
      std::uint64_t tag = 0;
      if (!readVarint(pos, end, tag, "tag")) return false;
      if (tag > 0xFFFFFFFFu) return failHere(ErrorCode::Invalid, field_start, fmt::format("tag {} out of range", tag));
      const auto number = static_cast<std::uint32_t>(tag >> 3);
      const auto wire = static_cast<std::uint8_t>(tag & 7);
      if (number == 0) return failHere(ErrorCode::Invalid, field_start, "field number 0");
      if (wire == EndGroup) {
        if (number == group_number) return true;
        return failHere(ErrorCode::Invalid, field_start,
                        fmt::format("end-group tag of field {} without a matching start-group", number));
      }
      if (wire > Fixed32)
        return failHere(ErrorCode::Invalid, field_start, fmt::format("invalid wire type {} in field {}", wire, number));
      const pb::FieldDescriptor* field = type != nullptr ? type->FindFieldByNumber(static_cast<int>(number)) : nullptr;
      path_.push_back(field != nullptr ? field->name() : std::to_string(number));
      if (!scanValue(pos, end, field, wire, number, depth, field_start)) return false;
      path_.pop_back();
    }
    if (group_number != 0)
      return failField(ErrorCode::Truncated, group_start, "group is not closed by an end-group tag");
    return true;
  }

  bool scanValue(std::size_t& pos, std::size_t end, const pb::FieldDescriptor* field, std::uint8_t wire,
                 std::uint32_t number, std::size_t depth, std::size_t field_start) {
    switch (wire) {
      case Varint: {
        std::uint64_t ignored = 0;
        return readVarint(pos, end, ignored, "varint value");
      }
      case Fixed64: return skipFixed(pos, end, 8, field_start);
      case Fixed32: return skipFixed(pos, end, 4, field_start);
      case StartGroup: {
        if (depth + 1 > max_depth_) return failField(ErrorCode::LimitExceeded, field_start, nestingMessage());
        const pb::Descriptor* group_type =
            field != nullptr && field->type() == pb::FieldDescriptor::TYPE_GROUP ? field->message_type() : nullptr;
        return scanFields(pos, end, group_type, depth + 1, number, field_start);
      }
      default: break;
    }
    const std::size_t length_start = pos;
    std::uint64_t length = 0;
    if (!readVarint(pos, end, length, "length")) return false;
    if (length > end - pos)
      return failField(ErrorCode::Truncated, length_start,
                       fmt::format("length {} exceeds the {} bytes left", length, end - pos));
    const std::size_t value_end = pos + static_cast<std::size_t>(length);
    if (field != nullptr && field->type() == pb::FieldDescriptor::TYPE_MESSAGE) {
      if (depth + 1 > max_depth_) return failField(ErrorCode::LimitExceeded, field_start, nestingMessage());
      std::size_t sub = pos;
      if (!scanFields(sub, value_end, field->message_type(), depth + 1, 0, 0)) return false;
    } else if (field != nullptr && field->is_packable()) {
      if (!scanPacked(pos, value_end, field)) return false;
    }
    pos = value_end;
    return true;
  }

  bool scanPacked(std::size_t pos, std::size_t end, const pb::FieldDescriptor* field) {
    std::size_t width = 0;
    switch (field->type()) {
      case pb::FieldDescriptor::TYPE_FIXED32:
      case pb::FieldDescriptor::TYPE_SFIXED32:
      case pb::FieldDescriptor::TYPE_FLOAT: width = 4; break;
      case pb::FieldDescriptor::TYPE_FIXED64:
      case pb::FieldDescriptor::TYPE_SFIXED64:
      case pb::FieldDescriptor::TYPE_DOUBLE: width = 8; break;
      default: break;
    }
    if (width != 0) {
      if ((end - pos) % width != 0)
        return failField(ErrorCode::Invalid, pos,
                         fmt::format("packed length {} is not a multiple of {}", end - pos, width));
      return true;
    }
    while (pos < end) {
      std::uint64_t ignored = 0;
      if (!readVarint(pos, end, ignored, "packed varint")) return false;
    }
    return true;
  }

  bool skipFixed(std::size_t& pos, std::size_t end, std::size_t width, std::size_t field_start) {
    if (end - pos < width)
      return failField(ErrorCode::Truncated, field_start,
                       fmt::format("fixed{} value needs {} bytes, {} left", width * 8, width, end - pos));
    pos += width;
    return true;
  }

  bool readVarint(std::size_t& pos, std::size_t end, std::uint64_t& value, std::string_view what) {
    const std::size_t start = pos;
    value = 0;
    for (unsigned i = 0; i < 10; ++i) {
      if (pos >= end) return failField(ErrorCode::Truncated, start, fmt::format("truncated {}", what));
      const auto b = static_cast<std::uint8_t>(bytes_[pos++]);
      value |= std::uint64_t{b & 0x7Fu} << (7 * i);
      if ((b & 0x80) == 0) return true;
    }
    return failField(ErrorCode::Invalid, start, fmt::format("{} is a varint longer than 10 bytes", what));
  }

  std::string nestingMessage() const { return fmt::format("nesting deeper than {} levels", max_depth_); }

  std::string joinedPath() const {
    std::string p;
    for (const auto& segment : path_) {
      if (!p.empty()) p += '.';
      p += segment;
    }
    return p;
  }

  // An error inside the current field: "message.imageMessage.mediaKey: ...".
  bool failField(ErrorCode code, std::size_t offset, std::string what) {
    const std::string p = joinedPath();
    return record(code, offset, p.empty() ? std::move(what) : p + ": " + what);
  }

  // An error between fields of the current message: "in message.imageMessage: ...".
  bool failHere(ErrorCode code, std::size_t offset, std::string what) {
    const std::string p = joinedPath();
    return record(code, offset, p.empty() ? std::move(what) : "in " + p + ": " + what);
  }

  bool record(ErrorCode code, std::size_t offset, std::string message) {
    if (!error_) error_ = Error{code, Stage::Proto, offset, std::move(message)};
    return false;
  }

  std::string_view bytes_;
  std::size_t max_depth_;
  std::vector<std::string> path_;
  std::optional<Error> error_;
};

}  // namespace

std::optional<Error> findWireError(std::string_view bytes, const pb::Descriptor* type, std::size_t max_depth) {
  return Scanner(bytes, max_depth).run(type);
}

}  // namespace wa::codec::detail
