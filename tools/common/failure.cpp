// Reporting a failure.
#include "common/failure.h"

namespace wa::tools {

int report(Diagnostics& diag, const Failure& failure) {
  diag.error(failure.message);
  for (const auto& note : failure.notes) diag.note(note);
  return failure.exit_code;
}

}  // namespace wa::tools
