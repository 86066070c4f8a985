// Hdf5Writer's growing datasets: rows are buffered until a chunk is full, then the chunk is
// compressed here and written directly (H5Dwrite_chunk), bypassing HDF5's own, slower zlib.
#include <hdf5.h>

#include <algorithm>
#include <cstring>

#include "sim/io/detail/chunk_compressor.hpp"
#include "sim/io/detail/hdf5_quiet.hpp"
#include "sim/io/hdf5_writer.hpp"
#include "sim/kernel/error.hpp"

namespace sim {

namespace {
// Deflate level 1: most of the size gain of higher levels at a fraction of the time, which keeps
// writing a small share of a run.
constexpr int kDeflateLevel = 1;
}  // namespace

std::int64_t Hdf5Writer::create_chunked(const std::string& path, std::int64_t file_type, int rank,
                                        const unsigned long long* dims,
                                        const unsigned long long* maximum,
                                        const unsigned long long* chunk) {
  const hid_t space = H5Screate_simple(rank, dims, maximum);
  const hid_t creation = H5Pcreate(H5P_DATASET_CREATE);
  H5Pset_chunk(creation, rank, chunk);
  // The pipeline readers apply in reverse: shuffle, then deflate. Chunks are written already
  // compressed this way (or marked as skipping both: write_chunk_data).
  H5Pset_shuffle(creation);
  H5Pset_deflate(creation, kDeflateLevel);
  const hid_t dataset =
      H5Dcreate2(file_, path.c_str(), file_type, space, links_, creation, H5P_DEFAULT);
  H5Pclose(creation);
  H5Sclose(space);
  if (dataset < 0)
    throw IoError("HDF5: cannot create dataset '" + path + "' in " + temporary_.string());
  return dataset;
}

Hdf5Writer::Stream Hdf5Writer::create_stream(const std::string& path, ElementType type,
                                             const std::vector<std::size_t>& inner,
                                             std::size_t chunk_rows) {
  SIM_CHECK(inner.size() <= 2, "stream '" << path << "' has rank " << inner.size() + 1);
  SIM_CHECK(!streams_closed_, "stream '" << path << "' created after the streams were closed");
  OpenStream stream;
  stream.type = type;
  stream.rank = inner.size() + 1;
  stream.chunk_rows = std::max<std::size_t>(1, chunk_rows);
  stream.element_size = type == ElementType::Float32 ? 4 : 8;
  hsize_t dims[3] = {0, 1, 1}, maximum[3] = {H5S_UNLIMITED, 1, 1},
          chunk[3] = {stream.chunk_rows, 1, 1};
  for (std::size_t i = 0; i < inner.size(); ++i) {
    // HDF5 chunks cannot have a zero extent: an empty axis is written with write_array instead.
    SIM_CHECK(inner[i] > 0, "stream '" << path << "' has an empty axis");
    stream.inner[i] = inner[i];
    dims[i + 1] = maximum[i + 1] = chunk[i + 1] = stream.inner[i];
    stream.row_values *= stream.inner[i];
  }
  const hid_t file_type = type == ElementType::Float64   ? H5T_IEEE_F64LE
                          : type == ElementType::Float32 ? H5T_IEEE_F32LE
                                                         : H5T_STD_I64LE;
  stream.dataset =
      create_chunked(path, file_type, static_cast<int>(stream.rank), dims, maximum, chunk);
  // Not zeroed: rows fill it, and write_chunk pads a last, partial chunk (zeroing the baseline's
  // 2 MB of chunk buffers was about 1 ms of the 10 ms of making its results file).
  stream.pending = std::make_unique_for_overwrite<std::uint8_t[]>(
      stream.chunk_rows * stream.row_values * stream.element_size);
  streams_.push_back(std::move(stream));
  return streams_.size() - 1;
}

void Hdf5Writer::append_rows(OpenStream& stream, const void* values, std::size_t rows) {
  // Stored in the file's representation (little-endian, as on every platform this builds for),
  // into the chunk buffer, which is allocated once at its full size.
  const std::size_t row_bytes = stream.row_values * stream.element_size;
  const auto* in = static_cast<const std::uint8_t*>(values);
  for (std::size_t row = 0; row < rows;) {
    if (stream.filled == 0 && rows - row >= stream.chunk_rows) {
      // A whole chunk among the caller's rows is written from them, not copied first.
      stream.rows += stream.chunk_rows;
      write_chunk(stream, in + row * row_bytes);
      row += stream.chunk_rows;
      continue;
    }
    const std::size_t taken =
        std::min(rows - row, stream.chunk_rows - stream.rows % stream.chunk_rows);
    std::memcpy(stream.pending.get() + stream.filled, in + row * row_bytes, taken * row_bytes);
    stream.filled += taken * row_bytes;
    stream.rows += taken;
    row += taken;
    if (stream.rows % stream.chunk_rows == 0) write_chunk(stream, stream.pending.get());
  }
}

void Hdf5Writer::write_chunk(OpenStream& stream, const std::uint8_t* data) {
  detail::quiet_hdf5();
  const std::size_t chunk_bytes = stream.chunk_rows * stream.row_values * stream.element_size;
  // A last, partial chunk is padded: HDF5 chunks have a fixed shape; the extent hides the rest.
  const std::size_t filled = data == stream.pending.get() ? stream.filled : chunk_bytes;
  if (filled < chunk_bytes)
    std::fill(stream.pending.get() + filled, stream.pending.get() + chunk_bytes, std::uint8_t{0});
  set_extent(stream, stream.rows);
  const hsize_t offset[3] = {stream.chunks_written * stream.chunk_rows, 0, 0};
  write_chunk_data(stream.dataset, data, chunk_bytes, filled, stream.element_size,
                   stream.type != ElementType::Int64, offset);
  ++stream.chunks_written;
  stream.filled = 0;
}

void Hdf5Writer::write_chunk_data(std::int64_t dataset, const std::uint8_t* data, std::size_t bytes,
                                  std::size_t filled, std::size_t element_size, bool floating,
                                  const unsigned long long* offset) {
  if (!compressor_) compressor_ = std::make_unique<detail::ChunkCompressor>(kDeflateLevel);
  // Floating-point chunks of mostly distinct values shrink by a fifth to a half, for most of the
  // cost of writing a run: they are written as they are, the chunk marked as skipping both
  // filters (every HDF5 reader honours the mark). Chunks of mostly zeros or repeats, and
  // integers, are compressed. The padding of a last chunk is left out of the decision: counted,
  // it made most last chunks of a run "mostly repeated", and compressing them (a few hundred
  // kilobytes of the baseline's) was a tenth of the serial end of a run.
  const bool compress = !floating || detail::mostly_repeated(data, filled, element_size);
  // Mantissa planes that may be stored: the 2 low bytes of a float32 (of 23 mantissa bits), the
  // 5 low bytes of a float64 (of 52); none of an integer.
  const std::size_t noisy_planes = !floating ? 0 : element_size == 4 ? 2 : 5;
  constexpr std::uint32_t kSkipShuffleAndDeflate = 0x3;  // bit i: the i-th filter was skipped
  herr_t written = 0;
  if (compress) {
    const auto& compressed = compressor_->compress(data, bytes, element_size, noisy_planes);
    written = H5Dwrite_chunk(dataset, H5P_DEFAULT, 0, offset, compressed.size(), compressed.data());
  } else {
    written = H5Dwrite_chunk(dataset, H5P_DEFAULT, kSkipShuffleAndDeflate, offset, bytes, data);
  }
  if (written < 0) {
    throw IoError("HDF5: cannot write a chunk in " + temporary_.string() + " (is the disk full?)");
  }
}

namespace {
constexpr std::size_t kColumnChunk = 8192;
constexpr std::size_t kLargestContiguousColumn = 16384;  // as write() stores small datasets
}  // namespace

Hdf5Writer::Column Hdf5Writer::create_column(
    const std::string& path, std::size_t size,
    const std::vector<std::pair<std::string, std::string>>& attributes,
    ColumnDimension* dimension) {
  detail::quiet_hdf5();
  const hsize_t dims[1] = {size}, chunk[1] = {kColumnChunk};
  hid_t object = -1;
  if (size <= kLargestContiguousColumn) {
    const hid_t space = H5Screate_simple(1, dims, nullptr);
    object =
        H5Dcreate2(file_, path.c_str(), H5T_IEEE_F64LE, space, links_, H5P_DEFAULT, H5P_DEFAULT);
    H5Sclose(space);
    if (object < 0)
      throw IoError("HDF5: cannot create dataset '" + path + "' in " + temporary_.string());
  } else {
    object = create_chunked(path, H5T_IEEE_F64LE, 1, dims, dims, chunk);
  }
  try {
    for (const auto& [name, value] : attributes)
      set_text_attribute(object, path, name, value, true);
    if (dimension != nullptr) attach_open_column(object, path, *dimension);
  } catch (...) {
    H5Oclose(object);
    throw;
  }
  columns_.push_back({object, path, size});
  return columns_.size() - 1;
}

void Hdf5Writer::fill_column(Column index, const std::vector<double>& values) {
  detail::quiet_hdf5();
  OpenColumn& column = columns_.at(index);
  SIM_CHECK(column.dataset >= 0 && values.size() == column.size,
            "column '" << column.path << "' of " << column.size << " values filled with "
                       << values.size() << (column.dataset < 0 ? " again" : ""));
  const hid_t object = column.dataset;
  column.dataset = -1;
  try {
    if (values.size() <= kLargestContiguousColumn) {
      if (!values.empty() &&
          H5Dwrite(object, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
        throw IoError("HDF5: cannot write dataset '" + column.path + "' in " + temporary_.string() +
                      " (is the disk full?)");
    } else {
      std::vector<std::uint8_t> buffer(kColumnChunk * sizeof(double));
      for (std::size_t first = 0; first < values.size(); first += kColumnChunk) {
        const std::size_t count = std::min(kColumnChunk, values.size() - first);
        std::fill(buffer.begin(), buffer.end(), std::uint8_t{0});  // a last chunk is padded
        std::memcpy(buffer.data(), values.data() + first, count * sizeof(double));
        const hsize_t offset[1] = {first};
        write_chunk_data(object, buffer.data(), buffer.size(), count * sizeof(double),
                         sizeof(double), true, offset);
      }
    }
  } catch (...) {
    H5Oclose(object);
    throw;
  }
  H5Oclose(object);
}

void Hdf5Writer::remove_column(Column index) {
  detail::quiet_hdf5();
  OpenColumn& column = columns_.at(index);
  SIM_CHECK(column.dataset >= 0, "column '" << column.path << "' removed after it was filled");
  H5Oclose(column.dataset);
  column.dataset = -1;
  remove(column.path);
}

void Hdf5Writer::write_column(const std::string& path, const std::vector<double>& values,
                              const std::vector<std::pair<std::string, std::string>>& attributes,
                              ColumnDimension* dimension) {
  fill_column(create_column(path, values.size(), attributes, dimension), values);
}

void Hdf5Writer::append(Stream index, const double* values, std::size_t rows) {
  OpenStream& stream = streams_.at(index);
  SIM_CHECK(!streams_closed_ && stream.type == ElementType::Float64, "bad append of doubles");
  append_rows(stream, values, rows);
}

void Hdf5Writer::append(Stream index, const float* values, std::size_t rows) {
  OpenStream& stream = streams_.at(index);
  SIM_CHECK(!streams_closed_ && stream.type == ElementType::Float32, "bad append of floats");
  append_rows(stream, values, rows);
}

void Hdf5Writer::append(Stream index, const std::int64_t* values, std::size_t rows) {
  OpenStream& stream = streams_.at(index);
  SIM_CHECK(!streams_closed_ && stream.type == ElementType::Int64, "bad append of integers");
  append_rows(stream, values, rows);
}

void Hdf5Writer::set_extent(OpenStream& stream, std::size_t rows) {
  const hsize_t extent[3] = {rows, stream.inner[0], stream.inner[1]};
  if (H5Dset_extent(stream.dataset, extent) < 0) {
    throw IoError("HDF5: cannot extend a dataset in " + temporary_.string());
  }
}

std::size_t Hdf5Writer::rows(Stream stream) const {
  return streams_.at(stream).rows;
}

void Hdf5Writer::close_streams() {
  detail::quiet_hdf5();
  if (streams_closed_) return;
  for (OpenStream& stream : streams_) {
    if (stream.filled > 0) write_chunk(stream, stream.pending.get());
    // Closing releases the dataset's chunk cache, which reading it back would otherwise fill.
    H5Dclose(stream.dataset);
    stream.dataset = -1;
    stream.pending.reset();
  }
  streams_closed_ = true;
}

}  // namespace sim
