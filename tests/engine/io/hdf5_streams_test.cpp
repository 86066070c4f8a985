#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "sim/io/column_spill.hpp"
#include "sim/io/hdf5_reader.hpp"
#include "sim/io/hdf5_writer.hpp"
#include "sim/kernel/error.hpp"
#include "sim/kernel/random_stream.hpp"

namespace {
std::filesystem::path fresh_file(const std::string& name) {
  const auto folder = std::filesystem::temp_directory_path() / "dealsim_streams_test";
  std::filesystem::create_directories(folder);
  const auto path = folder / name;
  std::filesystem::remove(path);
  return path;
}
}  // namespace

TEST_CASE(
    "hdf5 streams: rows appended across chunk boundaries read back exactly through HDF5's filters",
    "[engine][hdf5]") {
  // Values mix noise (stored mantissa planes), whole numbers and zeros (compressed planes), so
  // both kinds of deflate block appear; HDF5's own inflate and unshuffle must restore them.
  const auto path = fresh_file("round_trip.h5");
  sim::RandomStream random(3);
  std::vector<double> noise, indicators, matrix;
  std::vector<std::int64_t> integers;
  for (int i = 0; i < 2500; ++i) {
    noise.push_back(random.lognormal(0, 2));
    indicators.push_back(random.bernoulli(0.3) ? 1.0 : 0.0);
    integers.push_back(static_cast<std::int64_t>(random.uniform(-1e6, 1e6)));
    for (int k = 0; k < 6; ++k)
      matrix.push_back(random.normal(100, 30));
  }
  {
    sim::Hdf5Writer writer(path);
    using Type = sim::Hdf5Writer::ElementType;
    const auto a = writer.create_stream("noise", Type::Float64, {}, 256);
    const auto b = writer.create_stream("group/indicators", Type::Float64, {}, 1000);
    const auto c = writer.create_stream("integers", Type::Int64, {}, 300);
    const auto d = writer.create_stream("matrix", Type::Float64, {2, 3}, 64);
    // The same values rounded by the caller, appended as floats.
    const auto e = writer.create_stream("matrix_rounded", Type::Float32, {2, 3}, 64);
    std::vector<float> rounded(matrix.size());
    for (std::size_t i = 0; i < matrix.size(); ++i)
      rounded[i] = static_cast<float>(matrix[i]);
    // Uneven batches, so chunks fill across several appends.
    for (std::size_t first = 0; first < 2500;) {
      const std::size_t rows = std::min<std::size_t>(2500 - first, 1 + first % 397);
      writer.append(a, noise.data() + first, rows);
      writer.append(b, indicators.data() + first, rows);
      writer.append(c, integers.data() + first, rows);
      writer.append(d, matrix.data() + first * 6, rows);
      writer.append(e, rounded.data() + first * 6, rows);
      first += rows;
    }
    REQUIRE(writer.rows(a) == 2500);
    writer.commit();
  }
  const sim::Hdf5Reader reader(path);
  REQUIRE(reader.doubles("noise") == noise);
  REQUIRE(reader.doubles("group/indicators") == indicators);
  const auto read_integers = reader.doubles("integers");
  for (std::size_t i = 0; i < integers.size(); ++i)
    REQUIRE(read_integers[i] == static_cast<double>(integers[i]));
  REQUIRE(reader.doubles("matrix") == matrix);
  const auto read_rounded = reader.doubles("matrix_rounded");
  REQUIRE(read_rounded.size() == matrix.size());
  for (std::size_t i = 0; i < matrix.size(); ++i)
    REQUIRE(read_rounded[i] == static_cast<double>(static_cast<float>(matrix[i])));
}

TEST_CASE(
    "hdf5 streams: a last, partial chunk is stored raw or compressed by its values, not its "
    "padding",
    "[engine][hdf5]") {
  // 2,100 rows in chunks of 1,000: the last chunk is 100 rows and 900 of padding (zeros).
  const auto path = fresh_file("last_chunk.h5");
  sim::RandomStream random(11);
  std::vector<double> noise, zeros(2100, 0.0);
  for (int i = 0; i < 2100; ++i)
    noise.push_back(random.normal(10, 3));
  {
    sim::Hdf5Writer writer(path);
    const auto a = writer.create_stream("noise", sim::Hdf5Writer::ElementType::Float64, {}, 1000);
    const auto b = writer.create_stream("zeros", sim::Hdf5Writer::ElementType::Float64, {}, 1000);
    writer.append(a, noise.data(), noise.size());
    writer.append(b, zeros.data(), zeros.size());
    writer.commit();
  }
  const sim::Hdf5Reader reader(path);
  REQUIRE(reader.doubles("noise") == noise);
  REQUIRE(reader.doubles("zeros") == zeros);
  // The filters each chunk skipped (bit i: the i-th, shuffle then deflate).
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  auto skipped = [&](const char* name, hsize_t chunk) {
    const hid_t dataset = H5Dopen2(file, name, H5P_DEFAULT);
    const hid_t space = H5Dget_space(dataset);
    hsize_t offset[1] = {0}, size = 0;
    unsigned mask = 99;
    haddr_t address = 0;
    REQUIRE(H5Dget_chunk_info(dataset, space, chunk, offset, &mask, &address, &size) >= 0);
    REQUIRE(offset[0] == chunk * 1000);
    H5Sclose(space);
    H5Dclose(dataset);
    return mask;
  };
  REQUIRE(skipped("noise", 0) == 0x3u);
  REQUIRE(skipped("noise", 2) == 0x3u);  // mostly padding, but its values are noise: raw
  REQUIRE(skipped("zeros", 0) == 0u);
  REQUIRE(skipped("zeros", 2) == 0u);
  H5Fclose(file);
}

TEST_CASE("hdf5 streams: values go only to a stream of their own type", "[engine][hdf5]") {
  sim::Hdf5Writer writer(fresh_file("float_types.h5"));
  using Type = sim::Hdf5Writer::ElementType;
  const auto doubles = writer.create_stream("doubles", Type::Float64, {}, 16);
  const auto floats = writer.create_stream("floats", Type::Float32, {}, 16);
  const auto integers = writer.create_stream("integers", Type::Int64, {}, 16);
  const float value = 1.5F;
  const double wide = 1.5;
  REQUIRE_THROWS_WITH(writer.append(doubles, &value, 1), Catch::Contains("bad append of floats"));
  REQUIRE_THROWS_WITH(writer.append(integers, &value, 1), Catch::Contains("bad append of floats"));
  REQUIRE_THROWS_WITH(writer.append(floats, &wide, 1), Catch::Contains("bad append of doubles"));
  REQUIRE_THROWS_WITH(writer.append(integers, &wide, 1), Catch::Contains("bad append of doubles"));
}

TEST_CASE("hdf5 streams: an empty axis is refused with a message", "[engine][hdf5]") {
  sim::Hdf5Writer writer(fresh_file("empty_axis.h5"));
  REQUIRE_THROWS_WITH(writer.create_stream("x", sim::Hdf5Writer::ElementType::Float64, {0, 4}, 16),
                      Catch::Contains("empty axis"));
}

TEST_CASE("hdf5 reader: missing files, non-HDF5 files and missing datasets are I/O errors",
          "[engine][hdf5]") {
  REQUIRE_THROWS_WITH(sim::Hdf5Reader("/nonexistent.h5"), Catch::Contains("no such file"));
  const auto text = fresh_file("not_hdf5.h5");
  { std::ofstream(text) << "hello"; }
  REQUIRE_THROWS_WITH(sim::Hdf5Reader(text), Catch::Contains("not an HDF5 file"));
  const auto path = fresh_file("one.h5");
  {
    sim::Hdf5Writer writer(path);
    writer.write("x", std::vector<double>{1, 2});
    writer.set_attribute("/", "name", std::string("dealsim"));
    writer.set_attribute("/", "count", std::int64_t{7});
    writer.commit();
  }
  const sim::Hdf5Reader reader(path);
  REQUIRE(reader.string_attribute("/", "name") == std::optional<std::string>("dealsim"));
  REQUIRE(reader.integer_attribute("/", "count") == std::optional<std::int64_t>(7));
  REQUIRE_FALSE(reader.string_attribute("/", "absent").has_value());
  REQUIRE(reader.exists("x"));
  REQUIRE_FALSE(reader.exists("y/z"));
  REQUIRE_THROWS_WITH(reader.doubles("y"), Catch::Contains("no dataset 'y'"));
}

TEST_CASE(
    "hdf5 columns: whole columns of noise and of repeats read back exactly, with their "
    "attributes, and many attach to one dimension in one pass",
    "[engine][hdf5]") {
  // 20,000 values: chunked, so noisy chunks are stored raw (marked as skipping the filters) and
  // a column of mostly zeros is compressed; 100 values: contiguous.
  const auto path = fresh_file("columns.h5");
  sim::RandomStream random(5);
  std::vector<double> noise, sparse, short_column;
  for (int i = 0; i < 20000; ++i) {
    noise.push_back(random.normal(10, 3));
    sparse.push_back(random.bernoulli(0.05) ? random.uniform(0, 1) : 0.0);
  }
  for (int i = 0; i < 100; ++i)
    short_column.push_back(random.uniform(0, 1));
  {
    sim::Hdf5Writer writer(path);
    writer.write("replication", std::vector<double>(20000, 0.0));
    writer.make_dimension("replication", "replication");
    const auto replication = writer.begin_column_dimension("replication");
    writer.write_column("noise", noise, {{"units", "USD B"}}, replication.get());
    writer.write_column("sparse", sparse, {{"units", "fraction"}, {"description", "mostly zero"}},
                        replication.get());
    writer.write_column("short", short_column);
    writer.finish_column_dimension(*replication);
    // H5DS extends the list of references written in one pass.
    writer.write("other", std::vector<double>(20000, 1.0));
    writer.attach_dimension("other", "replication", 0);
    writer.commit();
  }
  const sim::Hdf5Reader reader(path);
  REQUIRE(reader.doubles("noise") == noise);
  REQUIRE(reader.doubles("sparse") == sparse);
  REQUIRE(reader.doubles("short") == short_column);
  REQUIRE(reader.string_attribute("noise", "units") == std::string("USD B"));
  REQUIRE(reader.string_attribute("sparse", "description") == std::string("mostly zero"));
  // Each column names its dimension, and the scale lists both columns (what H5DS and netCDF
  // readers check).
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t scale = H5Dopen2(file, "replication", H5P_DEFAULT);
  for (const char* column : {"noise", "sparse", "other"}) {
    const hid_t dataset = H5Dopen2(file, column, H5P_DEFAULT);
    REQUIRE(H5DSis_attached(dataset, scale, 0) > 0);
    REQUIRE(H5DSget_num_scales(dataset, 0) == 1);
    H5Dclose(dataset);
  }
  const hid_t short_dataset = H5Dopen2(file, "short", H5P_DEFAULT);
  REQUIRE(H5DSis_attached(short_dataset, scale, 0) == 0);
  H5Dclose(short_dataset);
  const hid_t references = H5Aopen(scale, "REFERENCE_LIST", H5P_DEFAULT);
  const hid_t reference_space = H5Aget_space(references);
  REQUIRE(H5Sget_simple_extent_npoints(reference_space) == 3);
  H5Sclose(reference_space);
  H5Aclose(references);
  H5Dclose(scale);
  H5Fclose(file);
}

TEST_CASE(
    "hdf5 columns: made before their values, filled later, or removed unfilled; a file with an "
    "unfilled column is not committed",
    "[engine][hdf5]") {
  const auto path = fresh_file("made_columns.h5");
  std::vector<double> small(300), large(20000);
  for (std::size_t i = 0; i < small.size(); ++i)
    small[i] = 0.5 * static_cast<double>(i);
  for (std::size_t i = 0; i < large.size(); ++i)
    large[i] = std::sqrt(static_cast<double>(i));
  {
    sim::Hdf5Writer writer(path);
    writer.write("replication", std::vector<double>(300, 0.0));
    writer.make_dimension("replication", "replication");
    const auto replication = writer.begin_column_dimension("replication");
    const auto made = writer.create_column("made", 300, {{"units", "USD B"}}, replication.get());
    const auto dropped = writer.create_column("dropped", 300);
    const auto chunked = writer.create_column("chunked", 20000);
    writer.finish_column_dimension(*replication);
    // The wrong number of values is refused, and leaves the column to fill.
    REQUIRE_THROWS_AS(writer.fill_column(made, std::vector<double>(299, 1.0)),
                      sim::SimulationError);
    writer.fill_column(made, small);
    REQUIRE_THROWS_AS(writer.fill_column(made, small), sim::SimulationError);  // filled once
    writer.fill_column(chunked, large);
    // An unfilled column stops the commit (a programming error), until it is removed.
    REQUIRE_THROWS_WITH(writer.commit(), Catch::Contains("'dropped' was neither filled"));
    writer.remove_column(dropped);
    writer.commit();
  }
  const sim::Hdf5Reader reader(path);
  REQUIRE(reader.doubles("made") == small);
  REQUIRE(reader.doubles("chunked") == large);
  REQUIRE(reader.string_attribute("made", "units") == std::string("USD B"));
  REQUIRE_THROWS_AS(reader.doubles("dropped"), sim::IoError);
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t scale = H5Dopen2(file, "replication", H5P_DEFAULT);
  const hid_t made = H5Dopen2(file, "made", H5P_DEFAULT);
  REQUIRE(H5DSis_attached(made, scale, 0) > 0);
  H5Dclose(made);
  H5Dclose(scale);
  H5Fclose(file);
}

TEST_CASE("column spill: blocks of any size come back column by column, and leave no file",
          "[engine][spill]") {
  const auto folder = std::filesystem::temp_directory_path() / "dealsim_spill_test";
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  std::vector<std::vector<double>> expected(3);
  {
    sim::ColumnSpill spill(folder, 3);
    double value = 0;
    // Blocks dense (stride 0: the rows) and with their columns further apart.
    for (const auto& [rows, stride] : {std::pair<std::size_t, std::size_t>{1024, 0},
                                       {1024, 1030},
                                       {7, 0},
                                       {0, 0},
                                       {300, 300},
                                       {5, 9}}) {
      const std::size_t apart = stride == 0 ? rows : stride;
      std::vector<double> block(3 * apart, -1.0);
      for (std::size_t c = 0; c < 3; ++c) {
        for (std::size_t r = 0; r < rows; ++r) {
          block[c * apart + r] = value;
          expected[c].push_back(value);
          value += 1.5;
        }
      }
      spill.append_block(block.data(), rows, stride);
    }
    REQUIRE_THROWS_AS(spill.append_block(expected[0].data(), 3, 2), sim::SimulationError);
    REQUIRE(spill.rows() == 2360);
    std::vector<double> column;
    for (std::size_t c = 0; c < 3; ++c) {
      spill.read_column(c, column);
      REQUIRE(column == expected[c]);
    }
    // A last block kept in memory, its columns 10 apart, is read with the rest.
    std::vector<double> tail(30, -1.0);
    for (std::size_t c = 0; c < 3; ++c) {
      for (std::size_t r = 0; r < 4; ++r) {
        tail[c * 10 + r] = value;
        expected[c].push_back(value);
        value += 1.5;
      }
    }
    spill.keep_tail(tail.data(), 4, 10);
    REQUIRE(spill.rows() == 2364);
    for (std::size_t c = 0; c < 3; ++c) {
      spill.read_column(c, column);
      REQUIRE(column == expected[c]);
    }
    REQUIRE_THROWS_AS(spill.append_block(tail.data(), 1), sim::SimulationError);
    // The temporary file has no name in the folder, so nothing is left if the process dies.
    REQUIRE(std::filesystem::is_empty(folder));
  }
  REQUIRE(std::filesystem::is_empty(folder));
  REQUIRE_THROWS_AS(sim::ColumnSpill(folder / "missing", 1), sim::IoError);
}
