#include "models/cli/heap.hpp"

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>

namespace cli {

void populate_heap(std::size_t bytes) {
  constexpr int kPopulateWrite = 23;  // MADV_POPULATE_WRITE, missing from older headers
  void* block = std::malloc(bytes);
  if (block == nullptr) return;
  const std::uintptr_t page = 4096;
  const auto address = reinterpret_cast<std::uintptr_t>(block);
  const std::uintptr_t first = (address + page - 1) / page * page;
  const std::uintptr_t last = (address + bytes) / page * page;
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, kPopulateWrite);
  std::free(block);
}

}  // namespace cli
