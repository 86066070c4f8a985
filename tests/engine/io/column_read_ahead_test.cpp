#include "sim/io/column_read_ahead.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <thread>
#include <vector>

#include "sim/io/column_spill.hpp"

namespace {

// A spill of `columns` columns of `rows` rows (in blocks of 1,000 and a remainder), each value
// naming its column and row; the expected columns in `expected`.
void fill(sim::ColumnSpill& spill, std::size_t columns, std::size_t rows,
          std::vector<std::vector<double>>& expected) {
  expected.assign(columns, {});
  for (std::size_t first = 0; first < rows; first += 1000) {
    const std::size_t count = std::min<std::size_t>(1000, rows - first);
    std::vector<double> block(columns * count);
    for (std::size_t c = 0; c < columns; ++c) {
      for (std::size_t r = 0; r < count; ++r) {
        const double value = static_cast<double>(c) * 1e6 + static_cast<double>(first + r);
        block[c * count + r] = value;
        expected[c].push_back(value);
      }
    }
    spill.append_block(block.data(), count);
  }
}

std::filesystem::path fresh_folder(const char* name) {
  const auto folder = std::filesystem::temp_directory_path() / name;
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  return folder;
}

}  // namespace

TEST_CASE(
    "column read-ahead: readers stop at the budget, skip what the consumer reached, and the "
    "consumer gets every column whoever read it",
    "[engine][spill]") {
  sim::ColumnSpill spill(fresh_folder("dealsim_read_ahead_test"), 6);
  std::vector<std::vector<double>> expected;
  fill(spill, 6, 2500, expected);  // 20,000 bytes a column
  // 45,000 bytes hold 2 columns; at least 1.
  sim::ColumnReadAhead read_ahead(spill, 45000, 1);
  REQUIRE(read_ahead.read_next());  // column 0
  REQUIRE(read_ahead.read_next());  // column 1
  REQUIRE_FALSE(read_ahead.read_next());
  std::vector<double> column;
  read_ahead.take(0, column);
  REQUIRE(column == expected[0]);
  REQUIRE(read_ahead.read_next());  // column 2
  REQUIRE_FALSE(read_ahead.read_next());
  read_ahead.take(1, column);
  REQUIRE(column == expected[1]);
  read_ahead.take(2, column);
  REQUIRE(column == expected[2]);
  read_ahead.take(3, column);  // read by nobody: read by the consumer
  REQUIRE(column == expected[3]);
  REQUIRE(read_ahead.read_next());  // column 4, not 3
  read_ahead.take(4, column);
  REQUIRE(column == expected[4]);
  read_ahead.take(5, column);
  REQUIRE(column == expected[5]);
  REQUIRE_FALSE(read_ahead.read_next());  // nothing left
}

TEST_CASE("column read-ahead: three readers and a consumer at once", "[engine][spill]") {
  sim::ColumnSpill spill(fresh_folder("dealsim_read_ahead_threads_test"), 200);
  std::vector<std::vector<double>> expected;
  fill(spill, 200, 3100, expected);
  sim::ColumnReadAhead read_ahead(spill, 100000, 2);  // 4 columns
  std::atomic<bool> done{false};
  std::atomic<int> read{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      while (!done) {
        if (read_ahead.read_next()) ++read;
      }
    });
  }
  std::vector<double> column;
  bool all_equal = true;
  for (std::size_t c = 0; c < 200; ++c) {
    read_ahead.take(c, column);
    all_equal = all_equal && column == expected[c];
  }
  done = true;
  for (std::thread& reader : readers)
    reader.join();
  REQUIRE(all_equal);
  REQUIRE(read > 0);
  REQUIRE(read <= 200);
}
