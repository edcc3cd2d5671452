// --stats: counts by kind and node description, bytes and errors, printed at the end.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "wa/session/record.h"

namespace wa::wadecode {

class Stats {
 public:
  void add(const session::Record& record);
  /// Adds the counts of `other` (statistics of records decoded on another thread).
  void merge(const Stats& other);
  /// A multi-line summary, each line starting with "  ".
  [[nodiscard]] std::string summary() const;

 private:
  std::uint64_t records_ = 0, failed_ = 0;
  std::uint64_t bytes_[2] = {0, 0};     // send, receive (and unknown counted as receive)
  std::uint64_t messages_[2] = {0, 0};
  std::map<std::string, std::uint64_t> kinds_, nodes_, errors_, conns_;
};

}  // namespace wa::wadecode
