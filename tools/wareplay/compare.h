// Comparing a live message with its recording: ignore rules for volatile fields, a normalised
// rendering of both sides (decoded tree or JSON), and a readable diff.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "wa/codec/frame/frame.h"
#include "wa/codec/node/node.h"
#include "common/failure.h"

namespace wa::wareplay {

/// Fields left out of comparisons. Rule syntax (`--ignore`, repeatable, comma-separated):
///   tag          the message tag
///   NAME         a JSON object key or a node attribute called NAME, anywhere
///   attr:NAME    only node attributes;  json:NAME  only JSON object keys
///   /a/*/b       a JSON pointer into JSON payloads; `*` matches any key or index
///   content:DESC the content (text, bytes or children) of nodes described DESC
/// An ignored value shows as "<ignored>" on both sides, so its presence still counts.
struct IgnoreRules {
  bool tag = false;
  std::set<std::string, std::less<>> attributes;
  std::set<std::string, std::less<>> json_keys;
  std::vector<std::vector<std::string>> pointers;  ///< split JSON pointers
  std::set<std::string, std::less<>> content_of;
};

/// The rules wareplay starts from: tag, id, t, epoch, ref, ttl, time, secret, clientToken,
/// serverToken, browserToken, challenge (each as NAME).
inline constexpr std::string_view kDefaultIgnoreRules =
    "tag,id,t,epoch,ref,ttl,time,secret,clientToken,serverToken,browserToken,challenge";

/// Parses rules (each element may hold several, comma-separated) on top of `base`. Fails (exit 2)
/// on an empty rule or a malformed pointer, naming it.
tools::Outcome<IgnoreRules> parseIgnoreRules(const std::vector<std::string>& rules, IgnoreRules base = {});

/// What one side of a comparison holds.
struct MessageView {
  std::string_view tag;
  codec::FrameKind kind = codec::FrameKind::Empty;
  const nlohmann::json* json = nullptr;  ///< parsed JSON (Json frames), may be null
  const codec::Node* node = nullptr;     ///< decrypted binary node, may be null
  std::string_view raw;                  ///< the message as sent (used when nothing decoded)
};

/// The normalised rendering compared and diffed: a "tag: ..." line unless tags are ignored, then
/// the JSON pretty-printed (keys sorted) or the node's text tree, with ignored values masked.
/// Binary frames that were not decrypted render as "binary (not decrypted)", so they compare
/// equal: without keys only their presence can be checked.
std::string renderForCompare(const MessageView& view, const IgnoreRules& rules);

struct Comparison {
  bool equal = true;
  std::string diff;  ///< unified diff recorded -> live when not equal
};

Comparison compareMessages(const MessageView& recorded, const MessageView& live, const IgnoreRules& rules);

}  // namespace wa::wareplay
