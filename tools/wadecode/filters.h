// wadecode's record filters (--dir, --tag, --node, --conn).
#pragma once

#include "wa/session/record.h"
#include "wadecode/options.h"

namespace wa::wadecode {

/// True when `record` passes every filter the options give: its direction, one of the tags, one
/// of the connections, and (for --node) a decoded node whose description, or a child's, is one of
/// those given. No filters: every record passes.
bool passesFilters(const DecodeOptions& options, const session::Record& record);

}  // namespace wa::wadecode
