// Ignore rules, normalised rendering and comparison of messages.
#include "wareplay/compare.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "wa/codec/view/text_tree.h"
#include "wareplay/line_diff.h"

namespace wa::wareplay {
namespace {

const char* const kIgnored = "<ignored>";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

tools::Outcome<void> addRule(IgnoreRules& rules, std::string_view rule) {
  if (rule.empty()) return tools::fail(tools::kExitUsage, "--ignore: empty rule");
  if (rule == "tag") {
    rules.tag = true;
  } else if (rule.starts_with("attr:") && rule.size() > 5) {
    rules.attributes.emplace(rule.substr(5));
  } else if (rule.starts_with("json:") && rule.size() > 5) {
    rules.json_keys.emplace(rule.substr(5));
  } else if (rule.starts_with("content:") && rule.size() > 8) {
    rules.content_of.emplace(rule.substr(8));
  } else if (rule.front() == '/') {
    std::vector<std::string> parts;
    std::size_t start = 1;
    while (start <= rule.size()) {
      auto slash = rule.find('/', start);
      if (slash == std::string_view::npos) slash = rule.size();
      std::string part(rule.substr(start, slash - start));
      // RFC 6901 escapes.
      for (std::size_t p = 0; (p = part.find('~', p)) != std::string::npos; ++p) {
        if (p + 1 < part.size() && part[p + 1] == '1') part.replace(p, 2, "/");
        else if (p + 1 < part.size() && part[p + 1] == '0') part.replace(p, 2, "~");
        else return tools::fail(tools::kExitUsage, fmt::format("--ignore: bad escape in pointer \"{}\"", rule));
      }
      parts.push_back(std::move(part));
      start = slash + 1;
    }
    rules.pointers.push_back(std::move(parts));
  } else if (rule.find(':') != std::string_view::npos) {
    return tools::fail(tools::kExitUsage,
                fmt::format("--ignore: unknown rule \"{}\" (tag, NAME, attr:NAME, json:NAME, content:DESC, /pointer)", rule));
  } else {
    rules.attributes.emplace(rule);
    rules.json_keys.emplace(rule);
  }
  return {};
}

void maskPointer(nlohmann::json& json, const std::vector<std::string>& parts, std::size_t depth) {
  if (depth == parts.size()) {
    json = kIgnored;
    return;
  }
  const std::string& part = parts[depth];
  if (json.is_object()) {
    if (part == "*") {
      for (auto& [k, v] : json.items()) maskPointer(v, parts, depth + 1);
    } else if (auto it = json.find(part); it != json.end()) {
      maskPointer(*it, parts, depth + 1);
    }
  } else if (json.is_array()) {
    if (part == "*") {
      for (auto& v : json) maskPointer(v, parts, depth + 1);
    } else {
      std::size_t index = 0;
      bool ok = !part.empty();
      for (char c : part) {
        if (c < '0' || c > '9' || index > 1'000'000) ok = false;
        index = index * 10 + static_cast<std::size_t>(c - '0');
      }
      if (ok && index < json.size()) maskPointer(json[index], parts, depth + 1);
    }
  }
}

void maskKeys(nlohmann::json& json, const IgnoreRules& rules, std::size_t depth) {
  if (depth > 256) return;
  if (json.is_object()) {
    for (auto& [k, v] : json.items()) {
      if (rules.json_keys.count(k)) v = kIgnored;
      else maskKeys(v, rules, depth + 1);
    }
  } else if (json.is_array()) {
    for (auto& v : json) maskKeys(v, rules, depth + 1);
  }
}

void maskNode(codec::Node& node, const IgnoreRules& rules, std::size_t depth) {
  for (auto& a : node.attributes)
    if (rules.attributes.count(a.key)) a.value = kIgnored;
  if (rules.content_of.count(node.description)) {
    node.children.clear();
    node.data = kIgnored;
    if (node.content != codec::ContentKind::None) node.content = codec::ContentKind::Text;
    return;
  }
  if (depth > 256) return;
  for (auto& child : node.children) maskNode(child, rules, depth + 1);
}

}  // namespace

tools::Outcome<IgnoreRules> parseIgnoreRules(const std::vector<std::string>& rules, IgnoreRules base) {
  for (const auto& element : rules) {
    std::string_view rest = element;
    while (true) {
      auto comma = rest.find(',');
      auto rule = trim(rest.substr(0, comma));
      if (auto added = addRule(base, rule); !added) return tl::unexpected(added.error());
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return base;
}

std::string renderForCompare(const MessageView& view, const IgnoreRules& rules) {
  std::string out;
  if (!rules.tag) out += fmt::format("tag: {}\n", view.tag);
  switch (view.kind) {
    case codec::FrameKind::Json:
      if (view.json && !view.json->is_null()) {
        nlohmann::json copy = *view.json;
        for (const auto& p : rules.pointers) maskPointer(copy, p, 0);
        maskKeys(copy, rules, 0);
        out += copy.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
        out += '\n';
      } else {
        auto comma = view.raw.find(',');
        out += "json (unparsed): ";
        out += comma == std::string_view::npos ? view.raw : view.raw.substr(comma + 1);
        out += '\n';
      }
      break;
    case codec::FrameKind::Binary:
      if (view.node) {
        codec::Node copy = *view.node;
        maskNode(copy, rules, 0);
        codec::TextTreeOptions options;
        options.max_bytes = 4096;
        out += codec::renderTextTree(copy, options);
      } else {
        out += "binary (not decrypted)\n";
      }
      break;
    default:
      out += fmt::format("{}\n", codec::toString(view.kind));
      break;
  }
  return out;
}

Comparison compareMessages(const MessageView& recorded, const MessageView& live, const IgnoreRules& rules) {
  Comparison c;
  // Identical content needs no rendering (masking is a function of the content).
  if (recorded.kind == live.kind && (rules.tag || recorded.tag == live.tag)) {
    if (recorded.json && live.json && recorded.kind == codec::FrameKind::Json && !recorded.json->is_null() &&
        *recorded.json == *live.json)
      return c;
    if (recorded.node && live.node && *recorded.node == *live.node) return c;
  }
  std::string a = renderForCompare(recorded, rules);
  std::string b = renderForCompare(live, rules);
  if (a == b) return c;
  c.equal = false;
  c.diff = unifiedDiff(splitLines(a), splitLines(b), "recorded", "live");
  return c;
}

}  // namespace wa::wareplay
