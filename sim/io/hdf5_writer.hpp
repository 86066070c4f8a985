// Writes one HDF5 file atomically.
//
// Everything goes to a temporary file in the destination's folder, which replaces the
// destination only in commit(): a crash, a kill or an exception leaves either the previous file
// or the complete new one, never a damaged one (H5Fcreate with truncate would wipe a file that,
// say, a notebook holds open, even when the create then fails). Datasets of more than 16,384
// values are chunked and declare shuffle + gzip; a chunk of mostly distinct floating-point values
// is stored raw and marked as skipping both filters (write_chunk_data), the others compressed.
// Smaller datasets are contiguous. Paths such as "summary/mean" create intermediate groups.
//
// The temporary is ".<name>.tmp-<host>-<pid>", created exclusively. Temporaries that processes of
// this host left when killed (kill -9, power loss) are removed when the next writer opens the
// same folder; a live process's are never touched. With Mode::Create, commit() refuses to
// replace a destination that appeared after the writer started (two runs racing to one new
// file): checking before the run is not enough.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "sim/kernel/error.hpp"

namespace sim {

namespace detail {
class ChunkCompressor;
}

// Everything that failed inside HDF5 is reported as IoError naming the file and the object.

// The destination of a Mode::Create writer was created by someone else while this one wrote.
class DestinationExists : public IoError {
 public:
  using IoError::IoError;
};

// Removes temporaries ".*.tmp-<host>-<pid>" in `folder` left by dead processes of this host.
// Returns the paths removed.
std::vector<std::filesystem::path> remove_stale_temporaries(const std::filesystem::path& folder);

class Hdf5Writer {
 public:
  enum class Mode {
    Create,   // commit() fails if the destination exists by then
    Replace,  // commit() replaces the destination (--force, or a file this process wrote)
  };
  // Creates the temporary file. Throws IoError (naming the path) when it cannot.
  explicit Hdf5Writer(std::filesystem::path destination, Mode mode = Mode::Create);
  ~Hdf5Writer();
  Hdf5Writer(const Hdf5Writer&) = delete;
  Hdf5Writer& operator=(const Hdf5Writer&) = delete;

  const std::filesystem::path& destination() const { return destination_; }
  const std::filesystem::path& temporary_path() const { return temporary_; }

  // Attributes on the object at `object_path` ("/" for the root, or a group or dataset).
  void set_attribute(const std::string& object_path, const std::string& name,
                     const std::string& value);
  void set_attribute(const std::string& object_path, const std::string& name, double value);
  void set_attribute(const std::string& object_path, const std::string& name, std::int64_t value);

  void create_group(const std::string& path);
  // 1-D datasets.
  void write(const std::string& path, const std::vector<double>& values);
  void write(const std::string& path, const std::vector<std::int64_t>& values);
  void write(const std::string& path, const std::vector<std::string>& values);
  // A row-major dataset of any rank (1 to 3) with the given extents.
  void write_array(const std::string& path, const std::vector<double>& values,
                   const std::vector<std::size_t>& extents);

  // A dimension scale attached to the one axis of many columns (see write_column): what
  // H5DSattach_scale writes, in one pass. H5DSattach_scale rewrites the scale's whole list of
  // references on every call, so attaching n columns one by one costs n^2, and it opens each
  // column again; here each column gets its DIMENSION_LIST while write_column has it open, and
  // finish_column_dimension writes the scale's REFERENCE_LIST once.
  class ColumnDimension {
   public:
    ~ColumnDimension();
    ColumnDimension(const ColumnDimension&) = delete;
    ColumnDimension& operator=(const ColumnDimension&) = delete;

   private:
    friend class Hdf5Writer;
    ColumnDimension() = default;
    struct Reference {        // as the Dimension Scales specification's REFERENCE_LIST entry
      std::uint64_t dataset;  // hobj_ref_t
      int dimension;
    };
    std::string scale_path;
    std::uint64_t scale_reference = 0;  // hobj_ref_t
    std::vector<Reference> columns;
    std::int64_t list_type = -1, list_space = -1;  // of each column's DIMENSION_LIST
  };
  // REQUIRES: `scale` is a dimension scale (make_dimension) with nothing attached to it yet;
  // attach others to it only after finish_column_dimension. Throws IoError.
  std::unique_ptr<ColumnDimension> begin_column_dimension(const std::string& scale);
  // Writes the REFERENCE_LIST of the scale: every column written with `dimension`. Throws
  // IoError.
  void finish_column_dimension(const ColumnDimension& dimension);

  // A whole 1-D float64 column, written as the streams are (chunks of 8,192 values compressed
  // unless they are mostly distinct values) into a dataset of fixed size.
  // `attributes` (name, text) are set while the dataset is open, and so is `dimension`'s scale
  // attached to its axis when given. REQUIRES: `path` names no dataset yet.
  void write_column(const std::string& path, const std::vector<double>& values,
                    const std::vector<std::pair<std::string, std::string>>& attributes = {},
                    ColumnDimension* dimension = nullptr);
  // The same in two steps, so that the dataset, its attributes and its dimension are made before
  // its values are known (by a thread with time to spare, say): create_column makes the column
  // of `size` values and keeps it open; fill_column writes exactly that many values and closes
  // it. A column left unfilled (its values turned out to be fewer) is removed with
  // remove_column; a scale it was attached to still lists it, so is removed too. commit()
  // refuses a file with a column neither filled nor removed. Throw IoError.
  using Column = std::size_t;
  Column create_column(const std::string& path, std::size_t size,
                       const std::vector<std::pair<std::string, std::string>>& attributes = {},
                       ColumnDimension* dimension = nullptr);
  void fill_column(Column column, const std::vector<double>& values);
  void remove_column(Column column);
  // Unlinks the object at `path` (a dataset or group; its space is not reclaimed). Throws
  // IoError.
  void remove(const std::string& path);

  // Marks `path` (a 1-D dataset) as a netCDF-4-style dimension scale named `dimension`.
  void make_dimension(const std::string& path, const std::string& dimension);
  // Attaches the dimension scale `scale` to axis `axis` of `dataset`.
  void attach_dimension(const std::string& dataset, const std::string& scale, unsigned axis);

  // Datasets that grow along their first axis, written as results arrive so that memory does
  // not grow with their length. `inner` are the extents of the other axes; `chunk_rows` rows
  // form one chunk, written (compressed or raw, see above) as soon as it is full. Returns a
  // handle for append(). REQUIRES: no extent in `inner` is zero (chunks cannot be empty).
  enum class ElementType { Float64, Float32, Int64 };
  using Stream = std::size_t;
  Stream create_stream(const std::string& path, ElementType type,
                       const std::vector<std::size_t>& inner, std::size_t chunk_rows);
  // Appends `rows` rows (row-major, each the product of `inner` values) of the stream's own
  // type: doubles to a Float64 stream, floats to a Float32 one, integers to an Int64 one. Whole
  // chunks among them are written from `values` directly.
  void append(Stream stream, const double* values, std::size_t rows);
  void append(Stream stream, const float* values, std::size_t rows);
  void append(Stream stream, const std::int64_t* values, std::size_t rows);
  std::size_t rows(Stream stream) const;
  // Writes every stream's last, partial chunk. No append may follow.
  void close_streams();

  // Writes what HDF5 holds in memory (metadata: object headers, chunk indices) to the file, so
  // that commit() has less to write. Throws IoError.
  void flush_metadata();
  // Closes the file and moves it to the destination (see Mode). Throws IoError on failure (the
  // temporary file is then removed and the destination left as it was), DestinationExists
  // when Mode::Create finds the destination taken.
  void commit();

 private:
  std::int64_t open_object(const std::string& path) const;
  // `fresh`: the object was just created, so has no attribute `name` to replace.
  void set_text_attribute(std::int64_t object, const std::string& object_path,
                          const std::string& name, const std::string& value, bool fresh = false);
  // Writes the DIMENSION_LIST of the open column `column` (at `path`) naming `dimension`'s
  // scale, and records the column for its REFERENCE_LIST.
  void attach_open_column(std::int64_t column, const std::string& path, ColumnDimension& dimension);
  struct OpenStream {
    std::int64_t dataset = -1;
    ElementType type = ElementType::Float64;
    std::size_t rank = 1;
    std::size_t inner[2] = {1, 1};
    std::size_t row_values = 1;    // values per row
    std::size_t element_size = 8;  // bytes per stored value
    std::size_t chunk_rows = 1;
    std::size_t rows = 0;  // appended so far
    std::size_t chunks_written = 0;
    // The chunk being filled, in file representation (chunk_rows * row_values * element_size
    // bytes), of which the first `filled` hold rows.
    std::unique_ptr<std::uint8_t[]> pending;
    std::size_t filled = 0;
  };
  // Appends `rows` rows of `values`, each of the stream's row_values values in its element type;
  // writes each chunk as it fills.
  void append_rows(OpenStream& stream, const void* values, std::size_t rows);
  // Writes the chunk ending at row stream.rows: `data` is the pending buffer (padded here when
  // partial) or a whole chunk of the caller's rows.
  void write_chunk(OpenStream& stream, const std::uint8_t* data);
  // A dataset chunked as `chunk`, declaring shuffle + deflate; its id. Throws IoError.
  std::int64_t create_chunked(const std::string& path, std::int64_t file_type, int rank,
                              const unsigned long long* dims, const unsigned long long* maximum,
                              const unsigned long long* chunk);
  // Writes `bytes` of `element_size`-byte values as the chunk at `offset` of `dataset`; its
  // first `filled` bytes are values, the rest the padding of a last, partial chunk (which does
  // not decide whether it is compressed).
  void write_chunk_data(std::int64_t dataset, const std::uint8_t* data, std::size_t bytes,
                        std::size_t filled, std::size_t element_size, bool floating,
                        const unsigned long long* offset);
  void set_extent(OpenStream& stream, std::size_t rows);
  std::vector<OpenStream> streams_;
  struct OpenColumn {
    std::int64_t dataset = -1;  // open until filled or removed
    std::string path;
    std::size_t size = 0;
  };
  std::vector<OpenColumn> columns_;
  std::unique_ptr<detail::ChunkCompressor> compressor_;
  bool streams_closed_ = false;
  std::filesystem::path destination_;
  std::filesystem::path temporary_;
  Mode mode_ = Mode::Create;
  std::int64_t file_ = -1;
  // The link creation properties of every dataset and group (parents made as needed), made
  // once: a property list costs more to make than a small dataset to write.
  std::int64_t links_ = -1;
  bool committed_ = false;
};

}  // namespace sim
