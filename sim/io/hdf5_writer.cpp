#include "sim/io/hdf5_writer.hpp"

#include <fcntl.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <algorithm>
#include <cctype>
#include <system_error>

#include "sim/io/detail/chunk_compressor.hpp"
#include "sim/io/detail/hdf5_id.hpp"
#include "sim/io/detail/hdf5_quiet.hpp"
#include "sim/kernel/error.hpp"

namespace sim {

using Id = detail::Hdf5Id;

namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& file) {
  throw IoError("HDF5: cannot " + what + " in " + file.string());
}

hid_t link_creation_with_parents() {
  const hid_t properties = H5Pcreate(H5P_LINK_CREATE);
  H5Pset_create_intermediate_group(properties, 1);
  return properties;
}

// The creation properties of a dataset of `dims`: chunked and compressed when large; -1 (the
// defaults: contiguous) when small.
hid_t chunked_compressed(int rank, const hsize_t* dims) {
  // Chunks of about 64 Ki values: whole rows of the inner axes, as many replications as fit.
  hsize_t chunk[3] = {1, 1, 1};
  bool empty = false;
  hsize_t inner = 1;
  for (int i = rank - 1; i >= 1; --i) {
    chunk[i] = std::max<hsize_t>(1, dims[i]);
    inner *= chunk[i];
  }
  chunk[0] = std::max<hsize_t>(1, std::min<hsize_t>(dims[0], std::max<hsize_t>(1, 65536 / inner)));
  for (int i = 0; i < rank; ++i)
    empty = empty || dims[i] == 0;
  // Small datasets (labels, summaries, coordinates) are stored contiguously: setting up deflate
  // for each costs more than it saves.
  hsize_t values = 1;
  for (int i = 0; i < rank; ++i)
    values *= dims[i];
  if (empty || values <= 16384) return -1;
  const hid_t properties = H5Pcreate(H5P_DATASET_CREATE);
  H5Pset_chunk(properties, rank, chunk);
  H5Pset_shuffle(properties);
  H5Pset_deflate(properties, 1);
  return properties;
}

}  // namespace

namespace {

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "host";
  std::string text = name;
  for (char& c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') c = '_';
  }
  return text;
}

}  // namespace

std::vector<std::filesystem::path> remove_stale_temporaries(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> removed;
  const std::string marker = ".tmp-" + host_name() + "-";
  std::error_code error;
  for (std::filesystem::directory_iterator it(folder, error), end; !error && it != end;
       it.increment(error)) {
    const std::string name = it->path().filename().string();
    const auto at = name.rfind(marker);
    if (name.empty() || name[0] != '.' || at == std::string::npos) continue;
    const std::string digits = name.substr(at + marker.size());
    if (digits.empty() || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    const auto pid = static_cast<pid_t>(std::stol(digits));
    // Only a process that certainly no longer exists: EPERM means alive (another user's).
    if (pid <= 0 || kill(pid, 0) == 0 || errno != ESRCH) continue;
    std::error_code ignored;
    if (std::filesystem::remove(it->path(), ignored)) removed.push_back(it->path());
  }
  return removed;
}

Hdf5Writer::Hdf5Writer(std::filesystem::path destination, Mode mode)
    : destination_(std::move(destination)), mode_(mode) {
  detail::quiet_hdf5();
  const std::filesystem::path folder =
      destination_.has_parent_path() ? destination_.parent_path() : std::filesystem::path(".");
  remove_stale_temporaries(folder);
  temporary_ = folder / ("." + destination_.filename().string() + ".tmp-" + host_name() + "-" +
                         std::to_string(static_cast<long>(getpid())));
  // One with this process's id can only be a dead process's whose id was reused (dealsim never
  // has two writers of one file at once): remove it, so that the exclusive create succeeds.
  std::error_code ignored;
  std::filesystem::remove(temporary_, ignored);
  // The 1.10 format indexes chunks of growing datasets with extensible arrays, leaner than the
  // 1.8 B-trees; h5py, xarray and netCDF-C 4.7+ read it.
  Id access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5Pset_libver_bounds(access.get(), H5F_LIBVER_V110, H5F_LIBVER_V110);
  file_ = H5Fcreate(temporary_.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, access.get());
  if (file_ < 0) {
    throw IoError("cannot create " + temporary_.string() + " (for " + destination_.string() +
                  "): check that the folder exists and is writable");
  }
  links_ = link_creation_with_parents();
}

Hdf5Writer::~Hdf5Writer() {
  if (links_ >= 0) H5Pclose(links_);
  if (committed_) return;
  detail::quiet_hdf5();
  for (const OpenStream& stream : streams_) {
    if (stream.dataset >= 0) H5Dclose(stream.dataset);
  }
  for (const OpenColumn& column : columns_) {
    if (column.dataset >= 0) H5Oclose(column.dataset);
  }
  if (file_ >= 0) H5Fclose(file_);
  std::error_code ignored;
  std::filesystem::remove(temporary_, ignored);
}

std::int64_t Hdf5Writer::open_object(const std::string& path) const {
  const hid_t object = H5Oopen(file_, path.c_str(), H5P_DEFAULT);
  if (object < 0) fail("open '" + path + "'", temporary_);
  return object;
}

void Hdf5Writer::set_attribute(const std::string& object_path, const std::string& name,
                               const std::string& value) {
  Id object(open_object(object_path), H5Oclose);
  set_text_attribute(object.get(), object_path, name, value);
}

void Hdf5Writer::set_text_attribute(std::int64_t object_id, const std::string& object_path,
                                    const std::string& name, const std::string& value, bool fresh) {
  const hid_t object = object_id;
  // Variable-length UTF-8, so that h5py and xarray read a str, not bytes.
  Id type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), H5T_VARIABLE);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  Id space(H5Screate(H5S_SCALAR), H5Sclose);
  if (!fresh && H5Aexists(object, name.c_str()) > 0) H5Adelete(object, name.c_str());
  Id attribute(H5Acreate2(object, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
               H5Aclose);
  const char* text = value.c_str();
  if (!attribute.valid() || H5Awrite(attribute.get(), type.get(), &text) < 0) {
    fail("write attribute '" + name + "' of '" + object_path + "'", temporary_);
  }
}

namespace {
template <typename T>
void write_scalar_attribute(hid_t file, const std::filesystem::path& where,
                            const std::string& object_path, const std::string& name, hid_t type,
                            const T& value) {
  Id object(H5Oopen(file, object_path.c_str(), H5P_DEFAULT), H5Oclose);
  if (!object.valid()) fail("open '" + object_path + "'", where);
  Id space(H5Screate(H5S_SCALAR), H5Sclose);
  if (H5Aexists(object.get(), name.c_str()) > 0) H5Adelete(object.get(), name.c_str());
  Id attribute(H5Acreate2(object.get(), name.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
               H5Aclose);
  if (!attribute.valid() || H5Awrite(attribute.get(), type, &value) < 0) {
    fail("write attribute '" + name + "' of '" + object_path + "'", where);
  }
}
}  // namespace

void Hdf5Writer::set_attribute(const std::string& object_path, const std::string& name,
                               double value) {
  write_scalar_attribute(file_, temporary_, object_path, name, H5T_NATIVE_DOUBLE, value);
}

void Hdf5Writer::set_attribute(const std::string& object_path, const std::string& name,
                               std::int64_t value) {
  write_scalar_attribute(file_, temporary_, object_path, name, H5T_NATIVE_INT64, value);
}

void Hdf5Writer::create_group(const std::string& path) {
  Id group(H5Gcreate2(file_, path.c_str(), links_, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
  if (!group.valid()) fail("create group '" + path + "'", temporary_);
}

namespace {
// Where a dataset goes and how it is made: the file, its temporary path (for messages) and the
// link creation properties (Hdf5Writer::links_).
struct DatasetPlace {
  hid_t file;
  const std::filesystem::path& where;
  hid_t links;
};

// Creates and writes a dataset. `converts`: the memory type differs from the file's (text), so
// the write needs a conversion buffer.
void write_dataset(const DatasetPlace& place, const std::string& path, int rank,
                   const hsize_t* dims, hid_t file_type, hid_t memory_type, const void* data,
                   bool converts = false) {
  detail::quiet_hdf5();
  Id space(H5Screate_simple(rank, dims, nullptr), H5Sclose);
  Id creation(chunked_compressed(rank, dims), H5Pclose);
  Id dataset(H5Dcreate2(place.file, path.c_str(), file_type, space.get(), place.links,
                        creation.valid() ? creation.get() : H5P_DEFAULT, H5P_DEFAULT),
             H5Dclose);
  if (!dataset.valid()) fail("create dataset '" + path + "'", place.where);
  bool empty = false;
  hsize_t values = 1;
  for (int i = 0; i < rank; ++i) {
    empty = empty || dims[i] == 0;
    values *= dims[i];
  }
  // HDF5 allocates and zeroes a type-conversion buffer of 1 MiB for every write that converts
  // (text, say) unless told its size: for the many small datasets of a results file that was
  // most of the time spent writing them. Numbers in their own representation need none.
  Id transfer(converts ? H5Pcreate(H5P_DATASET_XFER) : -1, H5Pclose);
  if (converts) {
    H5Pset_buffer(transfer.get(), std::min<hsize_t>(1 << 20, std::max<hsize_t>(4096, values * 16)),
                  nullptr, nullptr);
  }
  const hid_t transfer_properties = converts ? transfer.get() : H5P_DEFAULT;
  if (!empty &&
      H5Dwrite(dataset.get(), memory_type, H5S_ALL, H5S_ALL, transfer_properties, data) < 0) {
    fail("write dataset '" + path + "'", place.where);
  }
}
}  // namespace

void Hdf5Writer::write(const std::string& path, const std::vector<double>& values) {
  const hsize_t dims[1] = {values.size()};
  write_dataset({file_, temporary_, links_}, path, 1, dims, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                values.data());
}

void Hdf5Writer::remove(const std::string& path) {
  detail::quiet_hdf5();
  if (H5Ldelete(file_, path.c_str(), H5P_DEFAULT) < 0) fail("remove '" + path + "'", temporary_);
}

void Hdf5Writer::write(const std::string& path, const std::vector<std::int64_t>& values) {
  const hsize_t dims[1] = {values.size()};
  write_dataset({file_, temporary_, links_}, path, 1, dims, H5T_STD_I64LE, H5T_NATIVE_INT64,
                values.data());
}

void Hdf5Writer::write(const std::string& path, const std::vector<std::string>& values) {
  Id type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), H5T_VARIABLE);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const std::string& value : values)
    pointers.push_back(value.c_str());
  const hsize_t dims[1] = {values.size()};
  write_dataset({file_, temporary_, links_}, path, 1, dims, type.get(), type.get(), pointers.data(),
                true);
}

void Hdf5Writer::write_array(const std::string& path, const std::vector<double>& values,
                             const std::vector<std::size_t>& extents) {
  SIM_CHECK(!extents.empty() && extents.size() <= 3,
            "dataset '" << path << "' has rank " << extents.size());
  hsize_t dims[3] = {1, 1, 1};
  std::size_t count = 1;
  for (std::size_t i = 0; i < extents.size(); ++i) {
    dims[i] = extents[i];
    count *= extents[i];
  }
  SIM_CHECK(values.size() == count,
            "dataset '" << path << "' has " << values.size() << " values, not " << count);
  write_dataset({file_, temporary_, links_}, path, static_cast<int>(extents.size()), dims,
                H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, values.data());
}

void Hdf5Writer::flush_metadata() {
  detail::quiet_hdf5();
  if (H5Fflush(file_, H5F_SCOPE_LOCAL) < 0) fail("flush the file (is the disk full?)", temporary_);
}

void Hdf5Writer::commit() {
  SIM_CHECK(!committed_, "HDF5 file committed twice");
  for (const OpenColumn& column : columns_)
    SIM_CHECK(column.dataset < 0, "column '" << column.path << "' was neither filled nor removed");
  detail::quiet_hdf5();
  close_streams();
  H5Pclose(links_);
  links_ = -1;
  const herr_t closed = H5Fclose(file_);
  file_ = -1;
  if (closed < 0) fail("close the file (is the disk full?)", temporary_);
  if (mode_ == Mode::Replace) {
    std::error_code error;
    std::filesystem::rename(temporary_, destination_, error);
    if (error) {
      throw IoError("cannot move " + temporary_.string() + " to " + destination_.string() + ": " +
                    error.message());
    }
  } else if (renameat2(AT_FDCWD, temporary_.c_str(), AT_FDCWD, destination_.c_str(),
                       RENAME_NOREPLACE) != 0) {
    const int cause = errno;
    // Folders that cannot rename without replacing (some network file systems) get the same
    // guarantee from a hard link, which also fails when the name is taken.
    const bool unsupported = cause == EINVAL || cause == ENOSYS || cause == EOPNOTSUPP;
    const int linked = unsupported ? link(temporary_.c_str(), destination_.c_str()) : -1;
    const int outcome = unsupported ? (linked == 0 ? 0 : errno) : cause;
    if (outcome == EEXIST) {
      throw DestinationExists(destination_.string() +
                              " appeared while this run was writing (another run with the same "
                              "output?); it was left as it is and this run's results were "
                              "discarded: use another --out, or --force to replace it");
    }
    if (outcome != 0) {
      throw IoError("cannot move " + temporary_.string() + " to " + destination_.string() + ": " +
                    std::strerror(outcome));
    }
    std::error_code ignored;
    std::filesystem::remove(temporary_, ignored);
  }
  committed_ = true;
}

}  // namespace sim
