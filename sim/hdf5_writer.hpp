// Writes one HDF5 file atomically.
//
// Everything goes to a temporary file in the destination's folder, which replaces the
// destination only in commit(): a crash, a kill or an exception leaves either the previous file
// or the complete new one, never a damaged one (H5Fcreate with truncate would wipe a file that,
// say, a notebook holds open, even when the create then fails). Datasets are chunked and
// compressed (shuffle + gzip). Paths such as "summary/mean" create intermediate groups.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace sim {

class Hdf5Writer {
 public:
  // Creates the temporary file. Throws IoError (naming the path) when it cannot.
  explicit Hdf5Writer(std::filesystem::path destination);
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
  // A row-major 2-D dataset of rows x columns.
  void write_matrix(const std::string& path, const std::vector<double>& values, std::size_t rows,
                    std::size_t columns);
  // A row-major dataset of any rank (1 to 3) with the given extents.
  void write_array(const std::string& path, const std::vector<double>& values,
                   const std::vector<std::size_t>& extents);

  // Marks `path` (a 1-D dataset) as a netCDF-4-style dimension scale named `dimension`, and
  // attaches it to dimension `axis` of each dataset in `datasets`.
  void make_dimension(const std::string& path, const std::string& dimension);
  void attach_dimension(const std::string& dataset, const std::string& scale, unsigned axis);

  // Closes the file and renames it over the destination. Throws IoError on failure (the
  // temporary file is then removed and the destination left as it was).
  void commit();

 private:
  std::int64_t open_object(const std::string& path) const;
  std::filesystem::path destination_;
  std::filesystem::path temporary_;
  std::int64_t file_ = -1;
  bool committed_ = false;
};

}  // namespace sim
