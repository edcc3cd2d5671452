// Pacing.
#include "wareplay/pacer.h"

#include <algorithm>

namespace wa::wareplay {

std::vector<double> compressGaps(const std::vector<double>& times, double max_gap) {
  std::vector<double> out;
  out.reserve(times.size());
  double previous_raw = times.empty() ? 0 : times.front();
  double current = previous_raw;
  for (double t : times) {
    double gap = std::max(0.0, t - previous_raw);
    if (max_gap > 0) gap = std::min(gap, max_gap);
    current += gap;
    out.push_back(current);
    previous_raw = std::max(previous_raw, t);
  }
  return out;
}

TimePoint Pacer::due(double recorded_t) const {
  if (asap() || !started_) return TimePoint{};
  double seconds = (recorded_t - anchor_t_) / speed_;
  return anchor_live_ + std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds));
}

void Pacer::noteArrival(double recorded_t, TimePoint live) {
  if (asap() || !started_) return;
  if (live > due(recorded_t)) {
    anchor_live_ = live;
    anchor_t_ = recorded_t;
  }
}

}  // namespace wa::wareplay
