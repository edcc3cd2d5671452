// Exit statuses shared by every tool (DESIGN.md, "Conventions").
#pragma once

namespace wa::tools {

enum ExitCode : int {
  kExitOk = 0,             ///< everything processed
  kExitRecordsFailed = 1,  ///< some records failed; all others were still processed
  kExitUsage = 2,          ///< usage or configuration error
  kExitIo = 3,             ///< I/O or network error
  kExitTimeout = 4,        ///< a timeout
};

}  // namespace wa::tools
