#include "sim/io/column_read_ahead.hpp"

#include <algorithm>
#include <utility>

#include "sim/io/column_spill.hpp"

namespace sim {

ColumnReadAhead::ColumnReadAhead(const ColumnSpill& spill, std::size_t budget_bytes,
                                 std::size_t min_columns)
    : spill_(spill),
      capacity_(std::max(min_columns,
                         budget_bytes / std::max<std::size_t>(1, spill.rows() * sizeof(double)))),
      states_(spill.columns(), State::Waiting),
      ready_(spill.columns()) {}

bool ColumnReadAhead::read_next() {
  std::vector<double> values;
  std::size_t column = 0;
  {
    std::lock_guard lock(mutex_);
    while (next_ < states_.size() && states_[next_] != State::Waiting)
      ++next_;  // (taken by the consumer, which may have gone ahead)
    if (next_ == states_.size() || held_ >= capacity_) return false;
    column = next_++;
    states_[column] = State::Reading;
    ++held_;
    if (!spares_.empty()) {
      values = std::move(spares_.back());
      spares_.pop_back();
    }
  }
  try {
    spill_.read_column(column, values);
  } catch (...) {
    {
      std::lock_guard lock(mutex_);
      states_[column] = State::Waiting;
      --held_;
    }
    read_.notify_all();
    throw;
  }
  {
    std::lock_guard lock(mutex_);
    ready_[column] = std::move(values);
    states_[column] = State::Ready;
  }
  read_.notify_all();
  return true;
}

void ColumnReadAhead::take(std::size_t column, std::vector<double>& values) {
  {
    std::unique_lock lock(mutex_);
    read_.wait(lock, [&] { return states_[column] != State::Reading; });
    const bool ready = states_[column] == State::Ready;
    states_[column] = State::Taken;
    if (ready) {
      std::swap(values, ready_[column]);
      spares_.push_back(std::move(ready_[column]));
      ready_[column] = {};
      --held_;
      return;
    }
  }
  spill_.read_column(column, values);
}

}  // namespace sim
