// Tnetstring length prefixes and items, checked against the bytes available.
#include "tnetstring.h"

#include <fmt/format.h>

#include "json_scanner.h"

namespace wa::capture::detail {

Expected<TnetPrefix> parseTnetPrefix(std::string_view in, std::uint64_t base) {
  TnetPrefix p;
  std::size_t i = 0;
  while (i < in.size() && in[i] >= '0' && in[i] <= '9') {
    if (i == kMaxTnetDigits)
      return makeError(ErrorCode::LimitExceeded, Stage::Capture, base, fmt::format("tnetstring length prefix longer than {} digits", kMaxTnetDigits));
    p.length = p.length * 10 + static_cast<std::size_t>(in[i] - '0');
    ++i;
  }
  if (i == in.size())
    return makeError(ErrorCode::Truncated, Stage::Capture, base + i,
                     i == 0 ? "expected a tnetstring length prefix, found end of input" : "expected ':' after the length, found end of input");
  if (i == 0)
    return makeError(ErrorCode::Invalid, Stage::Capture, base,
                     fmt::format("expected a tnetstring length prefix, found {}", describeByte(static_cast<unsigned char>(in[0]))));
  if (in[i] != ':')
    return makeError(ErrorCode::Invalid, Stage::Capture, base + i,
                     fmt::format("expected ':' after the length, found {}", describeByte(static_cast<unsigned char>(in[i]))));
  p.prefix_size = i + 1;
  return p;
}

Expected<TnetItem> popTnet(std::string_view& in, std::uint64_t& base) {
  auto prefix = parseTnetPrefix(in, base);
  if (!prefix) return Unexpected(std::move(prefix.error()));
  const std::size_t left = in.size() - prefix->prefix_size;
  if (prefix->length >= left)  // the payload and its type byte must fit
    return makeError(ErrorCode::Truncated, Stage::Capture, base,
                     fmt::format("tnetstring of {} bytes does not fit in the {} bytes left", prefix->length, left == 0 ? 0 : left - 1));
  TnetItem item;
  item.offset = base;
  item.payload = in.substr(prefix->prefix_size, prefix->length);
  item.type = in[prefix->prefix_size + prefix->length];
  const std::size_t used = prefix->prefix_size + prefix->length + 1;
  in.remove_prefix(used);
  base += used;
  return item;
}

}  // namespace wa::capture::detail
