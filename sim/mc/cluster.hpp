// The processes of a distributed run: an MPI job when the program was started by mpirun (and
// built with MPI), otherwise a cluster of one. The engine's only use of MPI.
#pragma once

#include <cstdint>
#include <vector>

namespace sim {

class Cluster {
 public:
  // Joins the MPI job if there is one (MPI_Init), else forms a cluster of one.
  Cluster();
  // Leaves the job (MPI_Finalize).
  ~Cluster();
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool distributed() const { return size_ > 1; }
  // Processes of this job on this machine (to share its cores).
  int local_size() const { return local_size_; }

  // A counter shared by every rank: each call returns the next value (0, 1, 2, ...) to whichever
  // rank asks first. Ranks that finish work sooner take more: dynamic load balancing.
  std::uint64_t next_task();
  // Every rank's bytes, in rank order, on rank 0; empty elsewhere. Collective.
  std::vector<std::vector<std::uint8_t>> gather(const std::vector<std::uint8_t>& bytes);
  // Rank 0's `bytes` on every rank. Collective.
  void broadcast(std::vector<std::uint8_t>& bytes);
  // True on every rank if `flag` is true on any. Collective.
  bool any(bool flag);

 private:
  int rank_ = 0, size_ = 1, local_size_ = 1;
  std::uint64_t local_counter_ = 0;
  bool initialized_ = false;
  void* window_ = nullptr;  // MPI_Win, opaque so that this header needs no MPI
  std::int64_t* counter_ = nullptr;
};

// Whether this build can join MPI jobs.
bool cluster_supports_mpi();

// Doubles as the bytes that gather() and broadcast() move, and back (the machine's own
// representation: every rank runs this build). Empty gives empty; a partial last double is
// dropped.
std::vector<std::uint8_t> bytes_of(const std::vector<double>& values);
std::vector<double> doubles_of(const std::vector<std::uint8_t>& bytes);

}  // namespace sim
