// A ColumnSpill's columns read ahead of a consumer that takes them in order, by threads that
// have time to spare, within a memory budget.
//
// The end of a run writes each metric's column as a dataset on one thread (HDF5 is serial)
// while helpers summarise the columns. Reading a column back from the spill is work any thread
// can do: done ahead by the helpers, it leaves the writing thread, the one the end waits for,
// only the writing.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <vector>

namespace sim {

class ColumnSpill;

class ColumnReadAhead {
 public:
  // Holds at most max(min_columns, budget_bytes / a column's bytes) columns read and not yet
  // taken. `spill` must outlive this and not grow meanwhile.
  ColumnReadAhead(const ColumnSpill& spill, std::size_t budget_bytes, std::size_t min_columns);
  ColumnReadAhead(const ColumnReadAhead&) = delete;
  ColumnReadAhead& operator=(const ColumnReadAhead&) = delete;

  // Reads the first column that is neither read, being read nor reached by the consumer, and
  // returns true; returns false, reading nothing, when the budget is full or no such column is
  // left. Safe to call from several threads at once. Throws IoError; the column is then left
  // for the consumer to read (and meet the error itself).
  bool read_next();
  // The consumer's column `column` into `values` (resized): the one read ahead, or one being
  // read (waiting for it), or else read here. REQUIRES: one consumer, taking columns in
  // increasing order. Throws IoError.
  void take(std::size_t column, std::vector<double>& values);

 private:
  enum class State : unsigned char { Waiting, Reading, Ready, Taken };
  const ColumnSpill& spill_;
  std::size_t capacity_;  // columns held at most (being read or ready)
  std::mutex mutex_;
  std::condition_variable read_;  // a column left State::Reading
  std::vector<State> states_;
  std::vector<std::vector<double>> ready_;   // by column, while State::Ready
  std::vector<std::vector<double>> spares_;  // storage of columns taken, to read into again
  std::size_t next_ = 0;                     // the first column no reader has started
  std::size_t held_ = 0;
};

}  // namespace sim
