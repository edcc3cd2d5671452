// Unified line diff.
#include "wareplay/line_diff.h"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

namespace wa::wareplay {
namespace {

enum class Op : std::uint8_t { Same, Del, Add };
struct Edit {
  Op op;
  std::size_t a;  ///< index in a (Same, Del)
  std::size_t b;  ///< index in b (Same, Add)
};

std::vector<Edit> lcsEdits(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  // Common prefix and suffix first: most messages differ in a few lines.
  std::size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
  std::size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre && a[a.size() - 1 - suf] == b[b.size() - 1 - suf]) ++suf;
  std::size_t n = a.size() - pre - suf, m = b.size() - pre - suf;
  std::vector<Edit> edits;
  for (std::size_t i = 0; i < pre; ++i) edits.push_back({Op::Same, i, i});
  if (n * m <= 4'000'000) {
    std::vector<std::uint32_t> table((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return table[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;)
      for (std::size_t j = m; j-- > 0;)
        at(i, j) = a[pre + i] == b[pre + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[pre + i] == b[pre + j]) {
        edits.push_back({Op::Same, pre + i, pre + j});
        ++i, ++j;
      } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
        edits.push_back({Op::Del, pre + i, pre + j});  // removals before additions, as diff(1)
        ++i;
      } else {
        edits.push_back({Op::Add, pre + i, pre + j});
        ++j;
      }
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) edits.push_back({Op::Del, pre + i, pre});
    for (std::size_t j = 0; j < m; ++j) edits.push_back({Op::Add, pre + n, pre + j});
  }
  for (std::size_t k = 0; k < suf; ++k) edits.push_back({Op::Same, pre + n + k, pre + m + k});
  return edits;
}

}  // namespace

std::vector<std::string> splitLines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    lines.emplace_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

std::string unifiedDiff(const std::vector<std::string>& a, const std::vector<std::string>& b,
                        std::string_view a_name, std::string_view b_name, std::size_t context) {
  if (a == b) return {};
  auto edits = lcsEdits(a, b);
  std::string out = fmt::format("--- {}\n+++ {}\n", a_name, b_name);
  std::size_t k = 0;
  while (k < edits.size()) {
    // Find the next change.
    while (k < edits.size() && edits[k].op == Op::Same) ++k;
    if (k == edits.size()) break;
    std::size_t start = k >= context ? k - context : 0;
    // Extend the hunk while changes are closer than 2 * context.
    std::size_t end = k;
    std::size_t same_run = 0;
    for (std::size_t e = k; e < edits.size(); ++e) {
      if (edits[e].op == Op::Same) {
        if (++same_run > 2 * context) break;
      } else {
        same_run = 0;
        end = e;
      }
    }
    std::size_t stop = std::min(edits.size(), end + 1 + context);
    std::size_t a_start = edits[start].a, b_start = edits[start].b, a_len = 0, b_len = 0;
    for (std::size_t e = start; e < stop; ++e) {
      if (edits[e].op != Op::Add) ++a_len;
      if (edits[e].op != Op::Del) ++b_len;
    }
    out += fmt::format("@@ -{},{} +{},{} @@\n", a_len ? a_start + 1 : a_start, a_len, b_len ? b_start + 1 : b_start,
                       b_len);
    for (std::size_t e = start; e < stop; ++e) {
      const auto& edit = edits[e];
      switch (edit.op) {
        case Op::Same: out += ' ' + a[edit.a] + '\n'; break;
        case Op::Del: out += '-' + a[edit.a] + '\n'; break;
        case Op::Add: out += '+' + b[edit.b] + '\n'; break;
      }
    }
    k = stop;
  }
  return out;
}

}  // namespace wa::wareplay
