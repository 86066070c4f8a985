// Hdf5Writer's dimension scales (netCDF-4 style dimensions): marking a dataset as a scale, and
// attaching scales to datasets, one at a time or to many columns at once as they are written.
#include <hdf5.h>
#include <hdf5_hl.h>

#include <cstddef>
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

// The two attributes are those of the Dimension Scales specification (and HDF5 1.10's H5DS.c):
// each column's DIMENSION_LIST (one list of object references per axis) and the scale's
// REFERENCE_LIST (compound {dataset: object reference, dimension: int}).
static_assert(sizeof(hobj_ref_t) == sizeof(std::uint64_t));

Hdf5Writer::ColumnDimension::~ColumnDimension() {
  if (list_type >= 0) H5Tclose(list_type);
  if (list_space >= 0) H5Sclose(list_space);
}

std::unique_ptr<Hdf5Writer::ColumnDimension> Hdf5Writer::begin_column_dimension(
    const std::string& scale_path) {
  detail::quiet_hdf5();
  Id scale(H5Dopen2(file_, scale_path.c_str(), H5P_DEFAULT), H5Dclose);
  if (!scale.valid() || H5DSis_scale(scale.get()) <= 0 ||
      H5Aexists(scale.get(), "REFERENCE_LIST") != 0) {
    fail("attach dimension '" + scale_path +
             "' to many columns (it is not a dimension scale, or has references already)",
         temporary_);
  }
  std::unique_ptr<ColumnDimension> dimension(new ColumnDimension);
  dimension->scale_path = scale_path;
  hobj_ref_t reference;
  if (H5Rcreate(&reference, scale.get(), ".", H5R_OBJECT, -1) < 0) {
    fail("refer to '" + scale_path + "'", temporary_);
  }
  dimension->scale_reference = reference;
  dimension->list_type = H5Tvlen_create(H5T_STD_REF_OBJ);
  const hsize_t one[1] = {1};
  dimension->list_space = H5Screate_simple(1, one, nullptr);
  if (dimension->list_type < 0 || dimension->list_space < 0) {
    fail("attach dimension '" + scale_path + "' to many columns", temporary_);
  }
  return dimension;
}

void Hdf5Writer::attach_open_column(std::int64_t column, const std::string& path,
                                    ColumnDimension& dimension) {
  hobj_ref_t reference;
  if (H5Rcreate(&reference, column, ".", H5R_OBJECT, -1) < 0) {
    fail("refer to '" + path + "'", temporary_);
  }
  hobj_ref_t scale_reference = dimension.scale_reference;
  hvl_t list{1, &scale_reference};
  Id attribute(H5Acreate2(column, "DIMENSION_LIST", dimension.list_type, dimension.list_space,
                          H5P_DEFAULT, H5P_DEFAULT),
               H5Aclose);
  if (!attribute.valid() || H5Awrite(attribute.get(), dimension.list_type, &list) < 0) {
    fail("attach dimension '" + dimension.scale_path + "' to '" + path + "'", temporary_);
  }
  dimension.columns.push_back({reference, 0});
}

void Hdf5Writer::finish_column_dimension(const ColumnDimension& dimension) {
  detail::quiet_hdf5();
  if (dimension.columns.empty()) return;
  using Reference = ColumnDimension::Reference;
  Id scale(H5Dopen2(file_, dimension.scale_path.c_str(), H5P_DEFAULT), H5Dclose);
  Id entry_type(H5Tcreate(H5T_COMPOUND, sizeof(Reference)), H5Tclose);
  H5Tinsert(entry_type.get(), "dataset", offsetof(Reference, dataset), H5T_STD_REF_OBJ);
  H5Tinsert(entry_type.get(), "dimension", offsetof(Reference, dimension), H5T_NATIVE_INT);
  const hsize_t count[1] = {dimension.columns.size()};
  Id entry_space(H5Screate_simple(1, count, nullptr), H5Sclose);
  Id references(scale.valid() ? H5Acreate2(scale.get(), "REFERENCE_LIST", entry_type.get(),
                                           entry_space.get(), H5P_DEFAULT, H5P_DEFAULT)
                              : -1,
                H5Aclose);
  if (!references.valid() ||
      H5Awrite(references.get(), entry_type.get(), dimension.columns.data()) < 0) {
    fail("write the references of dimension '" + dimension.scale_path + "'", temporary_);
  }
}

}  // namespace sim
