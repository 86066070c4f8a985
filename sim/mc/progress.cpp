#include "sim/mc/progress.hpp"

#include <unistd.h>

#include <cmath>

namespace sim {

ProgressLine::ProgressLine(std::string unit, std::size_t total, bool enabled, std::FILE* stream,
                           Total kind)
    : unit_(std::move(unit)),
      total_(total),
      kind_(kind),
      active_(enabled && isatty(fileno(stream)) != 0),
      stream_(stream),
      started_(Clock::now()),
      last_draw_(started_) {}

ProgressLine::~ProgressLine() {
  finish();
}

void ProgressLine::update(std::size_t done) {
  if (!active_) return;
  const auto now = Clock::now();
  if (done < total_ && now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - started_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
  if (kind_ == Total::Limit) {
    std::fprintf(stream_, "\r\033[K%zu %s (at most %zu, until the target is met)  %.0f/s  %s", done,
                 unit_.c_str(), total_, rate, format_duration(elapsed).c_str());
    std::fflush(stream_);
    return;
  }
  const double left = rate > 0 ? static_cast<double>(total_ - done) / rate : 0.0;
  std::fprintf(stream_, "\r\033[K%zu/%zu %s  %.0f/s  %s left", done, total_, unit_.c_str(), rate,
               format_duration(left).c_str());
  std::fflush(stream_);
}

void ProgressLine::finish() {
  if (!active_) return;
  std::fprintf(stream_, "\r\033[K");
  std::fflush(stream_);
  active_ = false;
}

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
  const long total = std::lround(seconds);
  char buffer[32];
  if (total >= 3600) {
    std::snprintf(buffer, sizeof buffer, "%ld:%02ld:%02ld", total / 3600, (total / 60) % 60,
                  total % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%ld:%02ld", total / 60, total % 60);
  }
  return buffer;
}

}  // namespace sim
