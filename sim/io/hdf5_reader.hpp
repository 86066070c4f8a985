// Reads HDF5 files that dealsim wrote (for `summary`, `compare`, `merge` and `--resume`). A file
// damaged so that libhdf5 itself faults while reading it ends the process with a message and
// status 3 (see detail/damaged_file_guard.hpp): read from one thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sim {

class Hdf5Reader {
 public:
  // Opens read-only. Throws IoError naming the path when it is missing or not HDF5.
  explicit Hdf5Reader(const std::filesystem::path& path);
  ~Hdf5Reader();
  Hdf5Reader(const Hdf5Reader&) = delete;
  Hdf5Reader& operator=(const Hdf5Reader&) = delete;

  bool exists(const std::string& path) const;
  std::optional<std::string> string_attribute(const std::string& object,
                                              const std::string& name) const;
  std::optional<std::int64_t> integer_attribute(const std::string& object,
                                                const std::string& name) const;
  // Whole datasets, flattened in row-major order (any rank). Throws IoError when missing or of
  // another type.
  std::vector<double> doubles(const std::string& path) const;
  // The datasets directly in `group`, in name order.
  std::vector<std::string> datasets(const std::string& group = "/") const;
  // A dataset's extent along each dimension. Throws IoError when missing.
  std::vector<std::size_t> shape(const std::string& path) const;
  // The name of the dimension scale attached to each dimension of a dataset ("" where none is).
  std::vector<std::string> dimension_names(const std::string& path) const;
  std::vector<std::string> strings(const std::string& path) const;

 private:
  std::filesystem::path path_;
  std::int64_t file_ = -1;
};

}  // namespace sim
