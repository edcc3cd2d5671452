// A unified diff of two line lists, for showing how a live message differs from the recording.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace wa::wareplay {

/// Splits on '\n' (a final newline gives no empty last line).
std::vector<std::string> splitLines(std::string_view text);

/// Unified diff ("--- a", "+++ b", "@@ -l,n +l,n @@" hunks with `context` lines around changes),
/// each line ending in '\n'; empty when the lists are equal. Uses a longest-common-subsequence
/// table when the product of the sizes is at most 4 million cells; beyond that it shows the
/// whole of `a` removed and `b` added, so time and memory stay bounded.
std::string unifiedDiff(const std::vector<std::string>& a, const std::vector<std::string>& b,
                        std::string_view a_name, std::string_view b_name, std::size_t context = 3);

}  // namespace wa::wareplay
