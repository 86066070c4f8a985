// Columns of doubles that grow by blocks of rows, kept in an unnamed temporary file rather than
// in memory, and read back whole, one column at a time.
//
// A results file has a column per metric, each as long as the run; writing them as growing
// HDF5 datasets kept hundreds of datasets open, which made HDF5 slow at everything else. Blocks
// go here instead, and each column becomes a dataset once, at the end. The file is unlinked as
// soon as it is created, so it disappears with the process, however that ends.
#pragma once

#include <cstddef>
#include <filesystem>
#include <vector>

namespace sim {

class ColumnSpill {
 public:
  // Creates the temporary file in `folder` (the results file's, so that it is on the same
  // disk). Throws IoError when it cannot.
  ColumnSpill(const std::filesystem::path& folder, std::size_t columns);
  ~ColumnSpill();
  ColumnSpill(const ColumnSpill&) = delete;
  ColumnSpill& operator=(const ColumnSpill&) = delete;

  // Appends `rows` rows given column by column: block[column * stride + row] (stride 0: rows).
  // Throws IoError. REQUIRES: no tail kept; stride 0 or at least rows.
  void append_block(const double* block, std::size_t rows, std::size_t stride = 0);
  // The last `rows` rows, left in the caller's memory instead of written: column c's at
  // tail[c * stride, c * stride + rows). Read with the rest; the caller keeps them unchanged as
  // long as columns are read. For the last, partial block of a run, whose writing was serial
  // time before any column could be read back. At most once.
  void keep_tail(const double* tail, std::size_t rows, std::size_t stride);
  std::size_t rows() const { return rows_; }
  std::size_t columns() const { return columns_; }
  // Column `column` of every row appended, into `values` (resized). Throws IoError.
  void read_column(std::size_t column, std::vector<double>& values) const;

 private:
  struct Block {
    std::size_t offset;  // bytes into the file
    std::size_t rows;
  };
  int descriptor_ = -1;
  std::size_t columns_;
  std::size_t rows_ = 0;
  std::size_t size_ = 0;  // bytes written
  std::vector<Block> blocks_;
  const double* tail_ = nullptr;
  std::size_t tail_rows_ = 0, tail_stride_ = 0;
  std::filesystem::path folder_;
};

}  // namespace sim
