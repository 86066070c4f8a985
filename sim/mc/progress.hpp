// A one-line progress display on a terminal: items done, rate, time left.
//
// It writes only when enabled and the stream is a terminal, so logs and pipes stay clean, and
// redraws at most every 200 ms so that progress never costs measurable time.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>

namespace sim {

class ProgressLine {
 public:
  // `unit` names what is counted ("replications", "points"). Enabled only when `enabled` is
  // true and `stream` is a terminal. When `total` is only a limit (work that stops when a target
  // is met, e.g. run --until), the line shows the count and rate against the limit, without a
  // time left that the limit would make up.
  enum class Total { Known, Limit };
  ProgressLine(std::string unit, std::size_t total, bool enabled, std::FILE* stream = stderr,
               Total kind = Total::Known);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  void update(std::size_t done);
  // Erases the line.
  void finish();
  bool active() const { return active_; }

 private:
  using Clock = std::chrono::steady_clock;
  std::string unit_;
  std::size_t total_;
  Total kind_;
  bool active_;
  std::FILE* stream_;
  Clock::time_point started_;
  Clock::time_point last_draw_;
};

// "1:02:03" or "4:05" for a number of seconds.
std::string format_duration(double seconds);

}  // namespace sim
