#include "sim/mc/cluster.hpp"

#include <cstdlib>
#include <cstring>

#include "sim/kernel/error.hpp"

#ifdef DEALSIM_WITH_MPI
#include <mpi.h>
#endif

namespace sim {

namespace {
bool started_by_mpirun() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMI_SIZE") != nullptr ||
         std::getenv("PMIX_RANK") != nullptr;
}
}  // namespace

// memcpy with an empty vector's data() (possibly null) is undefined even for 0 bytes.
std::vector<std::uint8_t> bytes_of(const std::vector<double>& values) {
  std::vector<std::uint8_t> bytes(values.size() * sizeof(double));
  if (!bytes.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

std::vector<double> doubles_of(const std::vector<std::uint8_t>& bytes) {
  std::vector<double> values(bytes.size() / sizeof(double));
  if (!values.empty()) std::memcpy(values.data(), bytes.data(), values.size() * sizeof(double));
  return values;
}

bool cluster_supports_mpi() {
#ifdef DEALSIM_WITH_MPI
  return true;
#else
  return false;
#endif
}

#ifdef DEALSIM_WITH_MPI

Cluster::Cluster() {
  if (!started_by_mpirun()) return;
  int provided = 0;
  // Only the main thread calls MPI; worker threads only simulate.
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  initialized_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  if (const char* local = std::getenv("OMPI_COMM_WORLD_LOCAL_SIZE"))
    local_size_ = std::max(1, std::atoi(local));
  MPI_Win window;
  MPI_Win_allocate(rank_ == 0 ? static_cast<MPI_Aint>(sizeof(std::int64_t)) : 0,
                   sizeof(std::int64_t), MPI_INFO_NULL, MPI_COMM_WORLD, &counter_, &window);
  if (rank_ == 0) *counter_ = 0;
  window_ = new MPI_Win(window);
  MPI_Barrier(MPI_COMM_WORLD);
}

Cluster::~Cluster() {
  if (!initialized_) return;
  auto* window = static_cast<MPI_Win*>(window_);
  MPI_Win_free(window);
  delete window;
  MPI_Finalize();
}

std::uint64_t Cluster::next_task() {
  if (!initialized_) return local_counter_++;
  auto& window = *static_cast<MPI_Win*>(window_);
  const std::int64_t one = 1;
  std::int64_t value = 0;
  MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, window);
  MPI_Fetch_and_op(&one, &value, MPI_INT64_T, 0, 0, MPI_SUM, window);
  MPI_Win_unlock(0, window);
  return static_cast<std::uint64_t>(value);
}

std::vector<std::vector<std::uint8_t>> Cluster::gather(const std::vector<std::uint8_t>& bytes) {
  if (!initialized_) return {bytes};
  const auto size = static_cast<long long>(bytes.size());
  std::vector<long long> sizes(static_cast<std::size_t>(size_));
  MPI_Gather(&size, 1, MPI_LONG_LONG, sizes.data(), 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
  std::vector<int> counts(static_cast<std::size_t>(size_)),
      offsets(static_cast<std::size_t>(size_));
  long long total = 0;
  for (int r = 0; r < size_; ++r) {
    SIM_CHECK(sizes[static_cast<std::size_t>(r)] < (1LL << 31) - total,
              "results too large to gather");
    counts[static_cast<std::size_t>(r)] = static_cast<int>(sizes[static_cast<std::size_t>(r)]);
    offsets[static_cast<std::size_t>(r)] = static_cast<int>(total);
    total += sizes[static_cast<std::size_t>(r)];
  }
  std::vector<std::uint8_t> all(rank_ == 0 ? static_cast<std::size_t>(total) : 0);
  MPI_Gatherv(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, all.data(), counts.data(),
              offsets.data(), MPI_BYTE, 0, MPI_COMM_WORLD);
  std::vector<std::vector<std::uint8_t>> parts;
  if (rank_ == 0) {
    for (int r = 0; r < size_; ++r) {
      const auto begin = all.begin() + offsets[static_cast<std::size_t>(r)];
      parts.emplace_back(begin, begin + counts[static_cast<std::size_t>(r)]);
    }
  }
  return parts;
}

void Cluster::broadcast(std::vector<std::uint8_t>& bytes) {
  if (!initialized_) return;
  long long size = static_cast<long long>(bytes.size());
  MPI_Bcast(&size, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
  SIM_CHECK(size < (1LL << 31), "results too large to broadcast");
  bytes.resize(static_cast<std::size_t>(size));
  MPI_Bcast(bytes.data(), static_cast<int>(size), MPI_BYTE, 0, MPI_COMM_WORLD);
}

bool Cluster::any(bool flag) {
  if (!initialized_) return flag;
  int local = flag ? 1 : 0, result = 0;
  MPI_Allreduce(&local, &result, 1, MPI_INT, MPI_LOR, MPI_COMM_WORLD);
  return result != 0;
}

#else

Cluster::Cluster() {
  SIM_CHECK(!started_by_mpirun(),
            "started by mpirun, but this dealsim was built without MPI: install Open MPI "
            "(scripts/setup.sh --mpi) and rebuild");
}
Cluster::~Cluster() = default;
std::uint64_t Cluster::next_task() {
  return local_counter_++;
}
std::vector<std::vector<std::uint8_t>> Cluster::gather(const std::vector<std::uint8_t>& bytes) {
  return {bytes};
}
void Cluster::broadcast(std::vector<std::uint8_t>&) {}
bool Cluster::any(bool flag) {
  return flag;
}

#endif

}  // namespace sim
