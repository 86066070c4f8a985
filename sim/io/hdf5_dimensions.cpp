// Hdf5Writer's dimension scales (netCDF-4 style dimensions): marking a dataset as a scale, and
// attaching scales to datasets, one at a time or many datasets to one scale at once.
#include <hdf5.h>
#include <hdf5_hl.h>

#include <string>
#include <vector>

#include "sim/io/detail/hdf5_id.hpp"
#include "sim/io/detail/hdf5_quiet.hpp"
#include "sim/io/hdf5_writer.hpp"

namespace sim {

using Id = detail::Hdf5Id;

namespace {
[[noreturn]] void fail(const std::string& what, const std::filesystem::path& file) {
  throw IoError("HDF5: cannot " + what + " in " + file.string());
}
}  // namespace

void Hdf5Writer::make_dimension(const std::string& path, const std::string& dimension) {
  Id dataset(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dataset.valid() || H5DSset_scale(dataset.get(), dimension.c_str()) < 0) {
    fail("make '" + path + "' a dimension scale", temporary_);
  }
}

void Hdf5Writer::attach_dimension(const std::string& dataset_path, const std::string& scale_path,
                                  unsigned axis) {
  Id dataset(H5Dopen2(file_, dataset_path.c_str(), H5P_DEFAULT), H5Dclose);
  Id scale(H5Dopen2(file_, scale_path.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dataset.valid() || !scale.valid() ||
      H5DSattach_scale(dataset.get(), scale.get(), axis) < 0) {
    fail("attach dimension '" + scale_path + "' to '" + dataset_path + "'", temporary_);
  }
}

// H5DSattach_scale rewrites the scale's whole REFERENCE_LIST on each call, so attaching n
// datasets one by one costs n^2: with hundreds of metrics that was most of a short run. This
// writes the same two attributes as the Dimension Scales specification (and HDF5 1.10's
// H5DS.c) does, once: each dataset's DIMENSION_LIST (one list of object references per axis)
// and the scale's REFERENCE_LIST (compound {dataset: object reference, dimension: int}).
void Hdf5Writer::attach_dimension_to_columns(const std::vector<std::string>& datasets,
                                             const std::string& scale_path) {
  detail::quiet_hdf5();
  if (datasets.empty()) return;
  Id scale(H5Dopen2(file_, scale_path.c_str(), H5P_DEFAULT), H5Dclose);
  if (!scale.valid() || H5Aexists(scale.get(), "REFERENCE_LIST") != 0) {
    fail("attach dimension '" + scale_path + "' to many datasets (it has references already)",
         temporary_);
  }
  hobj_ref_t scale_reference;
  if (H5Rcreate(&scale_reference, file_, scale_path.c_str(), H5R_OBJECT, -1) < 0) {
    fail("refer to '" + scale_path + "'", temporary_);
  }
  struct ReferenceEntry {
    hobj_ref_t dataset;
    int dimension;
  };
  std::vector<ReferenceEntry> entries(datasets.size());
  Id list_type(H5Tvlen_create(H5T_STD_REF_OBJ), H5Tclose);
  const hsize_t one[1] = {1};
  Id list_space(H5Screate_simple(1, one, nullptr), H5Sclose);
  hvl_t list{1, &scale_reference};
  for (std::size_t i = 0; i < datasets.size(); ++i) {
    const std::string& path = datasets[i];
    Id dataset(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose);
    if (!dataset.valid() ||
        H5Rcreate(&entries[i].dataset, file_, path.c_str(), H5R_OBJECT, -1) < 0) {
      fail("refer to '" + path + "'", temporary_);
    }
    entries[i].dimension = 0;
    Id space(H5Dget_space(dataset.get()), H5Sclose);
    SIM_CHECK(H5Sget_simple_extent_ndims(space.get()) == 1,
              "'" << path << "' is not a column (one axis)");
    Id attribute(H5Acreate2(dataset.get(), "DIMENSION_LIST", list_type.get(), list_space.get(),
                            H5P_DEFAULT, H5P_DEFAULT),
                 H5Aclose);
    if (!attribute.valid() || H5Awrite(attribute.get(), list_type.get(), &list) < 0) {
      fail("attach dimension '" + scale_path + "' to '" + path + "'", temporary_);
    }
  }
  Id entry_type(H5Tcreate(H5T_COMPOUND, sizeof(ReferenceEntry)), H5Tclose);
  H5Tinsert(entry_type.get(), "dataset", HOFFSET(ReferenceEntry, dataset), H5T_STD_REF_OBJ);
  H5Tinsert(entry_type.get(), "dimension", HOFFSET(ReferenceEntry, dimension), H5T_NATIVE_INT);
  const hsize_t count[1] = {entries.size()};
  Id entry_space(H5Screate_simple(1, count, nullptr), H5Sclose);
  Id references(H5Acreate2(scale.get(), "REFERENCE_LIST", entry_type.get(), entry_space.get(),
                           H5P_DEFAULT, H5P_DEFAULT),
                H5Aclose);
  if (!references.valid() || H5Awrite(references.get(), entry_type.get(), entries.data()) < 0) {
    fail("write the references of dimension '" + scale_path + "'", temporary_);
  }
}

}  // namespace sim
