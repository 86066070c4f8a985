// Compresses HDF5 chunks as the shuffle + deflate filter pipeline would, faster, into a standard
// zlib stream that any HDF5 reader decodes with its usual filters.
//
// After shuffling, a chunk is a sequence of byte planes: all first bytes of the elements, then
// all second bytes, and so on. For floating-point data the low mantissa planes are noise that
// deflate cannot shrink but spends most of its time on; they are emitted as deflate "stored"
// blocks (a copy), and only the other planes are compressed, with libdeflate (which writes the
// same format 2-3 times faster than zlib). A plane is stored only if it is a mantissa plane and
// not all zeros, so integers and 0/1 indicators still compress fully.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

struct libdeflate_compressor;

namespace sim::detail {

// True if at least three quarters of the `element_size`-byte elements (4 or 8) in `data` are
// zero or equal to the element before (indicators, a provider that never serves, a penalty that
// is almost never due): deflate then shrinks the chunk several times over, cheaply.
bool mostly_repeated(const std::uint8_t* data, std::size_t size, std::size_t element_size);

class ChunkCompressor {
 public:
  explicit ChunkCompressor(int level);
  ~ChunkCompressor();
  ChunkCompressor(const ChunkCompressor&) = delete;
  ChunkCompressor& operator=(const ChunkCompressor&) = delete;

  // Compresses `size` bytes of `element_size`-byte elements. `noisy_planes` is how many of the
  // lowest byte planes may be stored rather than compressed (0 for integers). Returns a zlib
  // stream (valid until the next call).
  const std::vector<std::uint8_t>& compress(const std::uint8_t* data, std::size_t size,
                                            std::size_t element_size, std::size_t noisy_planes);

 private:
  libdeflate_compressor* compressor_;
  std::vector<std::uint8_t> shuffled_, compressed_;
};

}  // namespace sim::detail
