// Reads pcap and pcapng captures (through libpcap) into WebSocket messages: TCP reassembly, HTTP
// upgrade, RFC 6455 deframing and permessage-deflate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "wa/capture/error.h"
#include "wa/capture/byte_source.h"
#include "wa/capture/capture_reader.h"
#include "wa/capture/message.h"
#include "wa/capture/tcp_reassembler.h"
#include "wa/capture/ws/connection_decoder.h"

namespace wa::capture {

/// Limits of the pcap reader. Memory is bounded by these per open connection, not by file size.
struct PcapReaderOptions {
  std::size_t max_message_size = std::size_t{64} << 20;      ///< WebSocket message before inflation
  std::size_t max_inflated_size = std::size_t{64} << 20;     ///< after inflation (zip-bomb bound)
  /// TCP bytes held per direction behind a hole (TcpReassemblerOptions), and WebSocket bytes held
  /// per side while the upgrade completes.
  std::size_t max_buffered_per_direction = std::size_t{4} << 20;
  std::size_t max_connections = 100000;                      ///< TCP connections tracked at once
  /// The protocol's own check of candidate frames after a loss of frame boundaries (see
  /// WsConnectionOptions::check_frame); none by default.
  WsFrameCheck check_frame;
};

/// What the reader saw, for summaries and warnings.
struct PcapReadStats {
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;              ///< captured bytes of all packets
  std::uint64_t not_ip = 0;             ///< ARP, LLC, ... (skipped)
  std::uint64_t not_tcp = 0;            ///< UDP, ICMP, ... (skipped)
  std::uint64_t ip_fragments = 0;       ///< IPv4/IPv6 fragments (not reassembled: warned)
  std::uint64_t truncated_packets = 0;  ///< headers cut by the snapshot length (warned)
  std::uint64_t malformed_packets = 0;  ///< impossible headers (warned)
  TcpStats tcp;
  WsConnectionCounters websocket;
};

/// Pull reader over a pcap or pcapng file. Opening fails (Invalid) for input libpcap rejects and
/// (Unsupported) for link types other than Ethernet (with 802.1Q/802.1ad tags), Linux cooked v1/v2,
/// BSD NULL/LOOP and raw IP.
///
/// Records come in capture order, each when the packet that completes it is read:
/// - t: time of that packet; dir: Send for client to server (the client sent the HTTP upgrade);
///   conn: the client's "addr:port" ("[v6addr]:port");
/// - op: text, binary, close (payload = status code + reason), ping or pong; payload unmasked,
///   defragmented and inflated;
/// - source_offset: file offset of the first byte of the message's first frame header (or of the
///   packet data where an error was noticed). If the container structure cannot be followed, the
///   1-based frame number is used instead (offsetsAreFrameNumbers()).
/// - error records: error->offset equals source_offset; the message names the stream offset and
///   direction. For a connection whose start is missing the client is unknown: conn is then the
///   sender of the first segment seen, and dir is Unknown. Sources of error records: TCP connections whose start was not captured, gaps
///   (bytes lost from the capture), WebSocket protocol errors, size limits, inflate failures,
///   unusable upgrade responses, and a truncated or unreadable file (the last record then).
/// Skipped silently but counted (stats(), warnings()): non-TCP packets, TCP connections that are
/// not WebSocket upgrades, refused upgrades, IP fragments, truncated and malformed packets.
class PcapReader final : public CaptureReader {
 public:
  /// Reads from any byte source (a pipe works: the reader never seeks).
  static Expected<std::unique_ptr<PcapReader>> open(std::unique_ptr<ByteSource> source,
                                                    const PcapReaderOptions& options = {});
  /// Reads a capture held in memory; `bytes` must outlive the reader.
  static Expected<std::unique_ptr<PcapReader>> openMemory(ByteView bytes, const PcapReaderOptions& options = {});
  /// Reads a file ("-" is standard input). Fails with Io when it cannot be opened.
  static Expected<std::unique_ptr<PcapReader>> openFile(const std::string& path, const PcapReaderOptions& options = {});

  ~PcapReader() override;

  bool read(CaptureMessage& out) override;
  [[nodiscard]] CaptureFormat format() const noexcept override;

  /// The DLT value of the capture (see pcap_packet.h link_type).
  [[nodiscard]] int linkType() const noexcept;
  [[nodiscard]] const PcapReadStats& stats() const noexcept;
  /// One line per kind of thing that was skipped or looked wrong, e.g. "3 ip fragments ignored
  /// (not reassembled)"; empty when nothing needs saying.
  [[nodiscard]] std::vector<std::string> warnings() const override;
  [[nodiscard]] bool offsetsAreFrameNumbers() const noexcept;

  struct Impl;

 private:
  explicit PcapReader(std::unique_ptr<Impl> impl);
  static Expected<std::unique_ptr<PcapReader>> start(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace wa::capture
