// wamedia list: the media messages in wadecode output, one line each, without their keys.
#include <fmt/format.h>

#include "common/exit_codes.h"
#include "common/input.h"
#include "wamedia/command_support.h"
#include "wamedia/commands.h"

namespace wa::wamedia {

int runList(const ListOptions& o, tools::Diagnostics& diag) {
  auto text = tools::readWholeInput(o.input);
  if (!text) return report(diag, text.error());
  auto found = findMediaMessages(*text);
  if (!found) return report(diag, usageFailure(tools::inputName(o.input) + ": " + found.error()));
  std::string out = fmt::format("{:<5}  {:<10}  {:<8}  {:>10}  {:<3}  {:<24}  {}\n", "index", "where", "type",
                                "fileLength", "key", "mimetype", "output name");
  for (std::size_t i = 0; i < found->size(); ++i) {
    const MediaMessage& m = (*found)[i];
    out += fmt::format("{:<5}  {:<10}  {:<8}  {:>10}  {:<3}  {:<24}  {}", i, m.location,
                       m.type ? crypto::toString(*m.type) : "?",
                       m.file_length ? std::to_string(*m.file_length) : std::string("?"),
                       m.media_key ? "yes" : "no", m.mimetype.empty() ? "-" : m.mimetype, outputNameFor(m));
    if (!m.problem.empty()) out += "  (" + m.problem + ")";
    out += "\n";
  }
  std::fputs(out.c_str(), stdout);
  std::fflush(stdout);
  if (std::ferror(stdout)) return report(diag, ioFailure("<stdout>: write error"));
  if (found->empty()) diag.warning(tools::inputName(o.input) + ": no media message found");
  return tools::kExitOk;
}

}  // namespace wa::wamedia
