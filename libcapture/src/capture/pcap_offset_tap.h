// Follows the record structure of a pcap/pcapng byte stream as it flows into libpcap, to learn the
// file offset of every packet's data (libpcap itself does not say).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace wa::capture::detail {

/// Passive parser of pcap record headers and pcapng block headers. Bytes are fed in file order in
/// chunks of any size; each packet record or packet block (EPB, SPB, obsolete PB) queues the offset
/// of its packet data. Anything unexpected (unknown magic, a bad block length) makes it broken()
/// for good, and the reader then falls back to frame numbers.
class PcapOffsetTap {
 public:
  enum class Kind : std::uint8_t { Unknown, Pcap, Pcapng };

  void feed(const std::uint8_t* data, std::size_t size);
  /// Offset of the next packet's data, in the order libpcap returns packets.
  std::optional<std::uint64_t> pop();

  [[nodiscard]] bool broken() const noexcept { return broken_; }
  [[nodiscard]] Kind kind() const noexcept { return kind_; }
  /// Bytes fed so far.
  [[nodiscard]] std::uint64_t position() const noexcept { return position_; }

 private:
  void headerComplete();
  std::uint32_t u32(std::size_t at) const noexcept;

  Kind kind_ = Kind::Unknown;
  bool broken_ = false;
  bool swapped_ = false;          // fields are big-endian
  std::size_t record_header_ = 16;
  std::uint64_t position_ = 0;
  std::uint64_t unit_start_ = 0;  // file offset of the header being collected
  std::uint8_t header_[24]{};
  std::size_t have_ = 0;
  std::size_t need_ = 4;          // the magic number first
  std::uint64_t skip_ = 0;        // body bytes left to pass over
  bool in_file_header_ = true;
  // Offsets not popped yet are offsets_[first_, end): a vector reused from record to record (a deque
  // allocated a block every 64 packets).
  std::vector<std::uint64_t> offsets_;
  std::size_t first_ = 0;
};

}  // namespace wa::capture::detail
