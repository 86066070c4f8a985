#include "sim/io/column_spill.hpp"

#include <fcntl.h>
#include <limits.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "sim/kernel/error.hpp"

namespace sim {

namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& folder) {
  throw IoError("cannot " + what + " a temporary file in " + folder.string() + ": " +
                std::strerror(errno));
}

// Reads `bytes` at `offset` into `data`, through short reads and interruptions.
void read_all(int descriptor, char* data, std::size_t bytes, std::size_t offset,
              const std::filesystem::path& folder) {
  for (std::size_t done = 0; done < bytes;) {
    const ssize_t moved =
        ::pread(descriptor, data + done, bytes - done, static_cast<off_t>(offset + done));
    if (moved < 0 && errno == EINTR) continue;
    if (moved <= 0) fail("read back", folder);
    done += static_cast<std::size_t>(moved);
  }
}

}  // namespace

ColumnSpill::ColumnSpill(const std::filesystem::path& folder, std::size_t columns)
    : columns_(columns), folder_(folder.empty() ? std::filesystem::path(".") : folder) {
  // An unnamed file where the system has them; otherwise a named one, unlinked at once.
  descriptor_ = ::open(folder_.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (descriptor_ < 0) {
    std::string name = (folder_ / ".dealsim-columns-XXXXXX").string();
    descriptor_ = ::mkostemp(name.data(), O_CLOEXEC);
    if (descriptor_ < 0) fail("create", folder_);
    ::unlink(name.c_str());
  }
}

ColumnSpill::~ColumnSpill() {
  if (descriptor_ >= 0) ::close(descriptor_);
}

void ColumnSpill::append_block(const double* block, std::size_t rows, std::size_t stride) {
  SIM_CHECK(tail_ == nullptr, "a block appended after the tail");
  SIM_CHECK(stride == 0 || stride >= rows, "a block of " << rows << " rows " << stride << " apart");
  if (rows == 0 || columns_ == 0) {
    rows_ += rows;
    return;
  }
  const std::size_t bytes = rows * columns_ * sizeof(double);
  // Each column from where it lies, as many as a call takes at once; a short write goes on from
  // the first byte not written.
  const std::size_t apart = stride == 0 ? rows : stride;
  std::vector<iovec> parts(columns_);
  for (std::size_t c = 0; c < columns_; ++c)
    parts[c] = {const_cast<double*>(block + c * apart), rows * sizeof(double)};
  std::size_t first = 0, offset = size_;
  while (first < parts.size()) {
    const int count = static_cast<int>(std::min<std::size_t>(parts.size() - first, IOV_MAX));
    const ssize_t moved =
        ::pwritev(descriptor_, parts.data() + first, count, static_cast<off_t>(offset));
    if (moved < 0 && errno == EINTR) continue;
    if (moved <= 0) fail("write (is the disk full?)", folder_);
    offset += static_cast<std::size_t>(moved);
    for (auto left = static_cast<std::size_t>(moved); left > 0;) {
      iovec& part = parts[first];
      const std::size_t taken = std::min(left, part.iov_len);
      part.iov_base = static_cast<char*>(part.iov_base) + taken;
      part.iov_len -= taken;
      left -= taken;
      if (part.iov_len == 0) ++first;
    }
  }
  blocks_.push_back({size_, rows});
  size_ += bytes;
  rows_ += rows;
}

void ColumnSpill::keep_tail(const double* tail, std::size_t rows, std::size_t stride) {
  SIM_CHECK(tail_ == nullptr, "a second tail");
  SIM_CHECK(rows <= stride && (tail != nullptr || rows == 0), "a tail of " << rows << " rows");
  if (rows == 0) return;
  tail_ = tail;
  tail_rows_ = rows;
  tail_stride_ = stride;
  rows_ += rows;
}

void ColumnSpill::read_column(std::size_t column, std::vector<double>& values) const {
  SIM_CHECK(column < columns_, "column " << column << " of " << columns_);
  values.resize(rows_);
  std::size_t row = 0;
  for (const Block& block : blocks_) {
    const std::size_t bytes = block.rows * sizeof(double);
    read_all(descriptor_, reinterpret_cast<char*>(values.data() + row), bytes,
             block.offset + column * bytes, folder_);
    row += block.rows;
  }
  if (tail_ != nullptr) std::copy_n(tail_ + column * tail_stride_, tail_rows_, values.data() + row);
}

}  // namespace sim
