// Pacing: when a recorded message is due on the live connection, from the recording's gaps.
#pragma once

#include <chrono>
#include <cstddef>
#include <vector>

namespace wa::wareplay {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
using Duration = Clock::duration;

/// How a replay spaces the recorded messages: both players and the recorder's options take it.
struct Pacing {
  double speed = 1.0;  ///< recorded gaps divided by this; 0 = as soon as possible (--asap)
  double max_gap = 0;  ///< seconds; longer recorded gaps are cut to this (0: no cap)
};

/// Recorded capture times (epoch seconds) made monotonic, with every gap capped at `max_gap`
/// seconds (<= 0: no cap). Out-of-order capture times count as a zero gap.
std::vector<double> compressGaps(const std::vector<double>& times, double max_gap);

/// Maps recorded times to live ones: due(t) = anchor_live + (t - anchor_t) / speed. Speed 0 means
/// as soon as possible (everything is due at once). The anchor moves later when the live peer is
/// late (noteArrival after its due time), so gaps after a slow answer are kept, and never moves
/// earlier, so sends keep their absolute schedule and timer errors do not add up.
class Pacer {
 public:
  explicit Pacer(double speed = 1.0) : speed_(speed) {}

  void start(TimePoint live, double recorded_t) {
    anchor_live_ = live;
    anchor_t_ = recorded_t;
    started_ = true;
  }
  [[nodiscard]] bool started() const noexcept { return started_; }
  [[nodiscard]] bool asap() const noexcept { return speed_ <= 0; }

  /// When the message recorded at `recorded_t` is due; the epoch of the clock when asap.
  [[nodiscard]] TimePoint due(double recorded_t) const;

  /// A message recorded at `recorded_t` from the peer arrived at `live`.
  void noteArrival(double recorded_t, TimePoint live);

 private:
  double speed_;
  bool started_ = false;
  TimePoint anchor_live_{};
  double anchor_t_ = 0;
};

}  // namespace wa::wareplay
