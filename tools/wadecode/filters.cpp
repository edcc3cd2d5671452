// Record filters.
#include "wadecode/filters.h"

#include <algorithm>

namespace wa::wadecode {

bool passesFilters(const DecodeOptions& o, const session::Record& r) {
  auto in = [](const std::vector<std::string>& list, std::string_view v) {
    return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
  };
  if (!o.filter_dir.empty() && codec::toString(r.dir) != o.filter_dir) return false;
  if (!in(o.filter_tags, r.tag) || !in(o.filter_conns, r.message->conn)) return false;
  if (!o.filter_nodes.empty()) {
    if (!r.has_node) return false;
    bool hit = in(o.filter_nodes, r.node.description);
    for (const auto& c : r.node.children)
      if (!hit) hit = in(o.filter_nodes, c.description);
    if (!hit) return false;
  }
  return true;
}

}  // namespace wa::wadecode
