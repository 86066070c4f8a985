#include "sim/io/hdf5_reader.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>

#include "sim/io/detail/damaged_file_guard.hpp"
#include "sim/io/detail/hdf5_id.hpp"
#include "sim/io/detail/hdf5_quiet.hpp"
#include "sim/kernel/error.hpp"

namespace sim {

using Id = detail::Hdf5Id;

Hdf5Reader::Hdf5Reader(const std::filesystem::path& path) : path_(path) {
  const detail::DamagedFileGuard guard(path_);
  detail::quiet_hdf5();
  if (!std::filesystem::exists(path)) throw IoError(path.string() + ": no such file");
  if (H5Fis_hdf5(path.c_str()) <= 0) throw IoError(path.string() + ": not an HDF5 file");
  file_ = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file_ < 0) throw IoError(path.string() + ": cannot open (is it being written?)");
}

Hdf5Reader::~Hdf5Reader() {
  if (file_ >= 0) H5Fclose(file_);
}

bool Hdf5Reader::exists(const std::string& path) const {
  const detail::DamagedFileGuard guard(path_);
  // Check each link of the path, as H5Lexists requires its parents to exist.
  std::string prefix;
  std::size_t start = path[0] == '/' ? 1 : 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    prefix = path.substr(0, slash == std::string::npos ? path.size() : slash);
    if (H5Lexists(file_, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return true;
}

std::optional<std::string> Hdf5Reader::string_attribute(const std::string& object,
                                                        const std::string& name) const {
  const detail::DamagedFileGuard guard(path_);
  if (H5Aexists_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT) <= 0) return std::nullopt;
  Id attribute(H5Aopen_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
               H5Aclose);
  Id type(H5Aget_type(attribute.get()), H5Tclose);
  if (H5Tget_class(type.get()) != H5T_STRING) return std::nullopt;
  if (H5Tis_variable_str(type.get()) > 0) {
    Id memory(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(memory.get(), H5T_VARIABLE);
    H5Tset_cset(memory.get(), H5T_CSET_UTF8);
    char* text = nullptr;
    if (H5Aread(attribute.get(), memory.get(), &text) < 0) return std::nullopt;
    std::string value = text != nullptr ? text : "";
    H5free_memory(text);
    return value;
  }
  std::string value(H5Tget_size(type.get()), '\0');
  if (H5Aread(attribute.get(), type.get(), value.data()) < 0) return std::nullopt;
  value.resize(value.find('\0') == std::string::npos ? value.size() : value.find('\0'));
  return value;
}

std::optional<std::int64_t> Hdf5Reader::integer_attribute(const std::string& object,
                                                          const std::string& name) const {
  const detail::DamagedFileGuard guard(path_);
  if (H5Aexists_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT) <= 0) return std::nullopt;
  Id attribute(H5Aopen_by_name(file_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
               H5Aclose);
  std::int64_t value = 0;
  if (H5Aread(attribute.get(), H5T_NATIVE_INT64, &value) < 0) return std::nullopt;
  return value;
}

std::vector<double> Hdf5Reader::doubles(const std::string& path) const {
  const detail::DamagedFileGuard guard(path_);
  Id dataset(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dataset.valid()) throw IoError(path_.string() + ": no dataset '" + path + "'");
  Id space(H5Dget_space(dataset.get()), H5Sclose);
  std::vector<double> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get())));
  if (!values.empty() &&
      H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
    throw IoError(path_.string() + ": cannot read '" + path + "' as numbers");
  }
  return values;
}

std::vector<std::string> Hdf5Reader::strings(const std::string& path) const {
  const detail::DamagedFileGuard guard(path_);
  Id dataset(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dataset.valid()) throw IoError(path_.string() + ": no dataset '" + path + "'");
  Id space(H5Dget_space(dataset.get()), H5Sclose);
  const auto count = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get()));
  Id memory(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(memory.get(), H5T_VARIABLE);
  H5Tset_cset(memory.get(), H5T_CSET_UTF8);
  std::vector<char*> pointers(count, nullptr);
  if (count > 0 &&
      H5Dread(dataset.get(), memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()) < 0) {
    throw IoError(path_.string() + ": cannot read '" + path + "' as text");
  }
  std::vector<std::string> values;
  values.reserve(count);
  for (char* pointer : pointers)
    values.emplace_back(pointer != nullptr ? pointer : "");
  if (count > 0) H5Dvlen_reclaim(memory.get(), space.get(), H5P_DEFAULT, pointers.data());
  return values;
}

std::vector<std::string> Hdf5Reader::datasets(const std::string& group) const {
  const detail::DamagedFileGuard guard(path_);
  std::vector<std::string> names;
  // (Link information changed type in HDF5 1.12; the object's own type is asked for instead.)
#if H5_VERSION_GE(1, 12, 0)
  using LinkInfo = H5L_info2_t;
#else
  using LinkInfo = H5L_info_t;
#endif
  auto visit = [](hid_t parent, const char* name, const LinkInfo*, void* data) -> herr_t {
    const hid_t object = H5Oopen(parent, name, H5P_DEFAULT);
    if (object < 0) return 0;
    if (H5Iget_type(object) == H5I_DATASET)
      static_cast<std::vector<std::string>*>(data)->push_back(name);
    H5Oclose(object);
    return 0;
  };
  Id opened(H5Gopen2(file_, group.c_str(), H5P_DEFAULT), H5Gclose);
  if (!opened.valid()) throw IoError(path_.string() + ": no group '" + group + "'");
  if (H5Literate(opened.get(), H5_INDEX_NAME, H5_ITER_INC, nullptr, visit, &names) < 0)
    throw IoError(path_.string() + ": cannot list '" + group + "'");
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::size_t> Hdf5Reader::shape(const std::string& path) const {
  const detail::DamagedFileGuard guard(path_);
  Id dataset(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dataset.valid()) throw IoError(path_.string() + ": no dataset '" + path + "'");
  Id space(H5Dget_space(dataset.get()), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) throw IoError(path_.string() + ": cannot read the shape of '" + path + "'");
  std::vector<hsize_t> extents(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), extents.data(), nullptr);
  return std::vector<std::size_t>(extents.begin(), extents.end());
}

std::vector<std::string> Hdf5Reader::dimension_names(const std::string& path) const {
  const detail::DamagedFileGuard guard(path_);
  Id dataset(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dataset.valid()) throw IoError(path_.string() + ": no dataset '" + path + "'");
  const std::size_t rank = shape(path).size();
  std::vector<std::string> names(rank);
  auto visit = [](hid_t, unsigned, hid_t scale, void* data) -> herr_t {
    char name[256] = {};
    if (H5DSget_scale_name(scale, name, sizeof name) > 0) *static_cast<std::string*>(data) = name;
    return 1;  // the first scale is the one
  };
  for (std::size_t d = 0; d < rank; ++d) {
    if (H5DSget_num_scales(dataset.get(), static_cast<unsigned>(d)) > 0)
      H5DSiterate_scales(dataset.get(), static_cast<unsigned>(d), nullptr, visit, &names[d]);
  }
  return names;
}

}  // namespace sim
