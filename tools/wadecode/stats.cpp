// Statistics over decoded records.
#include "wadecode/stats.h"

#include <fmt/format.h>

#include "wa/support/text/display.h"

namespace wa::wadecode {

void Stats::add(const session::Record& r) {
  ++records_;
  int side = r.dir == codec::Direction::Send ? 0 : 1;
  ++messages_[side];
  bytes_[side] += r.message->payload.size();
  ++kinds_[r.kind];
  ++conns_[r.message->conn];
  if (r.has_node) ++nodes_[r.node.description];
  if (r.error) {
    ++failed_;
    ++errors_[std::string(session::toString(r.error->stage))];
  }
}

void Stats::merge(const Stats& other) {
  records_ += other.records_;
  failed_ += other.failed_;
  for (int side = 0; side < 2; ++side) {
    bytes_[side] += other.bytes_[side];
    messages_[side] += other.messages_[side];
  }
  for (auto [mine, theirs] : {std::pair{&kinds_, &other.kinds_}, std::pair{&nodes_, &other.nodes_},
                              std::pair{&errors_, &other.errors_}, std::pair{&conns_, &other.conns_}})
    for (const auto& [k, v] : *theirs) (*mine)[k] += v;
}

std::string Stats::summary() const {
  std::string out;
  auto list = [&](const char* title, const std::map<std::string, std::uint64_t>& m) {
    fmt::format_to(std::back_inserter(out), "  {}:", title);
    if (m.empty()) out += " none";
    for (const auto& [k, v] : m) {
      // Node descriptions and connection names come from the capture.
      fmt::format_to(std::back_inserter(out), " {}={}",
                     k.empty() ? "\"\"" : support::displayText(k, support::DisplayEscapeOptions{.escape_backslash = true}),
                     v);
    }
    out += '\n';
  };
  fmt::format_to(std::back_inserter(out), "  records: {} ({} failed) on {} connection(s)\n", records_, failed_, conns_.size());
  fmt::format_to(std::back_inserter(out), "  sent: {} messages, {} bytes; received: {} messages, {} bytes\n", messages_[0],
                 bytes_[0], messages_[1], bytes_[1]);
  list("kinds", kinds_);
  list("nodes", nodes_);
  list("errors", errors_);
  return out;
}

}  // namespace wa::wadecode
