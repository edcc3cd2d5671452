// The plugin's state between packets: first pass in capture order, revisits with the keys noted.
#include "dissection_state.h"

#include <algorithm>

#include "wa/codec/frame/frame.h"

namespace wa::wireshark {

DissectionState::DissectionState() { reset(); }

std::optional<std::string> DissectionState::setKeysFile(const std::string& path) {
  sources_ = {};
  std::optional<std::string> failure;
  if (!path.empty()) {
    if (auto file = crypto::readKeyFile(path))
      sources_.file = std::move(*file);
    else
      failure = path + ": " + file.error().message;
  }
  reset();
  return failure;
}

void DissectionState::reset() {
  keys_ = std::make_unique<session::CaptureKeys>(sources_);
  decoder_ = std::make_unique<session::MessageDecoder>(*keys_, codec::DecodeLimits{});
  used_.clear();
  snapshots_.clear();
  snapshot_keys_.clear();
  snapshot_decoders_.clear();
  reasons_.clear();
  inflated_.clear();
  history_.clear();
  warnings_.clear();
}

namespace {
// The LZ77 window of permessage-deflate: no message refers further back.
constexpr std::size_t kWindow = std::size_t{1} << 15;
}  // namespace

void DissectionState::inflateIfCompressed(const MessageInput& input) {
  std::string& history = history_[std::string(input.conn) + (input.dir == codec::Direction::Receive ? "<" : ">")];
  const codec::Opcode op = codec::guessOpcode(message_.payload);
  if (codec::looksLikeFrameStart(op, message_.payload, true) != true) {
    capture::Inflater inflater;
    if (inflater.setHistory(capture::asBytes(history))) {
      auto inflated = inflater.inflate(capture::asBytes(message_.payload));
      if (inflated && codec::looksLikeFrameStart(codec::guessOpcode(*inflated), *inflated, true) == true) {
        message_.payload = std::move(*inflated);
        message_.op = codec::guessOpcode(message_.payload);
        inflated_[key(input)] = message_.payload;
        inflated_here_ = true;
      }
    }
  }
  history += message_.payload;
  if (history.size() > 2 * kWindow) history.erase(0, history.size() - kWindow);
}

std::int32_t DissectionState::snapshotOf(const crypto::SessionKeys& keys) {
  auto it = std::find(snapshots_.begin(), snapshots_.end(), keys);
  if (it != snapshots_.end()) return static_cast<std::int32_t>(it - snapshots_.begin());
  session::KeySources fixed;
  fixed.enc_key = keys.enc_key;
  fixed.mac_key = keys.mac_key;
  snapshots_.push_back(keys);
  snapshot_keys_.push_back(std::make_unique<session::CaptureKeys>(std::move(fixed)));
  snapshot_decoders_.push_back(std::make_unique<session::MessageDecoder>(*snapshot_keys_.back(), codec::DecodeLimits{}));
  return static_cast<std::int32_t>(snapshots_.size() - 1);
}

std::int32_t DissectionState::reasonOf(const std::string& reason) {
  auto it = std::find(reasons_.begin(), reasons_.end(), reason);
  if (it != reasons_.end()) return static_cast<std::int32_t>(it - reasons_.begin());
  reasons_.push_back(reason);
  return static_cast<std::int32_t>(reasons_.size() - 1);
}

const session::Record& DissectionState::dissect(const MessageInput& input) {
  warnings_.clear();
  inflated_here_ = false;
  message_.t = input.time;
  message_.conn.assign(input.conn);
  message_.dir = input.dir;
  message_.dir_inferred = false;
  message_.payload.assign(input.payload);
  message_.op = input.op ? *input.op : codec::guessOpcode(message_.payload);
  message_.error.reset();

  if (!input.first_pass) {
    if (auto it = inflated_.find(key(input)); it != inflated_.end()) {
      message_.payload = it->second;
      message_.op = codec::guessOpcode(message_.payload);
      inflated_here_ = true;
    }
    // Binary messages decode with the keys they had in capture order; the rest need none.
    if (auto it = used_.find(key(input)); it != used_.end()) return revisit(it->second);
    if (message_.op == codec::Opcode::Text) {
      no_keys_decoder_.decode(message_, record_);
      return record_;
    }
  }

  if (input.deflate) inflateIfCompressed(input);
  const std::optional<crypto::SessionKeys> keys = keys_->keysFor(message_.conn);
  decoder_->decode(message_, record_);
  warnings_ = decoder_->takeWarnings();
  if (record_.kind == "binary") {
    Used used;
    if (keys)
      used.keys = snapshotOf(*keys);
    else if (record_.error && record_.error->stage == session::Stage::Keys)
      used.reason = reasonOf(record_.error->message);
    used_[key(input)] = used;
  }
  return record_;
}

const session::Record& DissectionState::revisit(const Used& used) {
  if (used.keys >= 0) {
    snapshot_decoders_[static_cast<std::size_t>(used.keys)]->decode(message_, record_);
    return record_;
  }
  no_keys_decoder_.decode(message_, record_);
  // The same record as on the first pass, with the reason given then.
  if (used.reason >= 0 && record_.error && record_.error->stage == session::Stage::Keys)
    record_.error->message = reasons_[static_cast<std::size_t>(used.reason)];
  return record_;
}

}  // namespace wa::wireshark
