#include "sim/io/detail/chunk_compressor.hpp"

#include <libdeflate.h>

#include <algorithm>
#include <cstring>

#include "sim/kernel/error.hpp"

namespace sim::detail {

namespace {

bool all_zero(const std::uint8_t* data, std::size_t size) {
  return std::all_of(data, data + size, [](std::uint8_t byte) { return byte == 0; });
}

// Appends deflate stored blocks (at most 65535 bytes each) holding `size` bytes. The stream is at
// a byte boundary before and after. The last block is marked final when `final` is true.
void append_stored(std::vector<std::uint8_t>& out, const std::uint8_t* data, std::size_t size,
                   bool final) {
  do {
    const std::size_t length = std::min<std::size_t>(size, 65535);
    const bool last = final && length == size;
    out.push_back(last ? 0x01 : 0x00);  // BFINAL, BTYPE = 00 (stored), padding to the byte
    out.push_back(static_cast<std::uint8_t>(length & 0xff));
    out.push_back(static_cast<std::uint8_t>(length >> 8));
    out.push_back(static_cast<std::uint8_t>(~length & 0xff));
    out.push_back(static_cast<std::uint8_t>((~length >> 8) & 0xff));
    out.insert(out.end(), data, data + length);
    data += length;
    size -= length;
  } while (size > 0);
}

}  // namespace

namespace {
// Counts over every 4th element and its predecessor: a sample is enough to choose, and the
// choice stays a pure function of the chunk.
template <typename Word>
std::size_t repeats_of(const std::uint8_t* data, std::size_t count) {
  std::size_t repeats = 0;
  for (std::size_t i = 1; i < count; i += 4) {
    Word element, previous;
    std::memcpy(&element, data + i * sizeof(Word), sizeof(Word));
    std::memcpy(&previous, data + (i - 1) * sizeof(Word), sizeof(Word));
    repeats += (element == 0) | (element == previous);
  }
  return repeats;
}
}  // namespace

bool mostly_repeated(const std::uint8_t* data, std::size_t size, std::size_t element_size) {
  SIM_CHECK(element_size == 4 || element_size == 8, "elements of " << element_size << " bytes");
  const std::size_t count = size / element_size;
  const std::size_t sampled = count / 4;
  const std::size_t repeats = element_size == 4 ? repeats_of<std::uint32_t>(data, count)
                                                : repeats_of<std::uint64_t>(data, count);
  return sampled == 0 || 4 * repeats >= 3 * sampled;
}

ChunkCompressor::ChunkCompressor(int level) : compressor_(libdeflate_alloc_compressor(level)) {
  SIM_CHECK(compressor_ != nullptr, "cannot create a deflate compressor at level " << level);
}

ChunkCompressor::~ChunkCompressor() {
  libdeflate_free_compressor(compressor_);
}

const std::vector<std::uint8_t>& ChunkCompressor::compress(const std::uint8_t* data,
                                                           std::size_t size,
                                                           std::size_t element_size,
                                                           std::size_t noisy_planes) {
  SIM_CHECK(size > 0 && size % element_size == 0,
            "chunk of " << size << " bytes for " << element_size << "-byte elements");
  const std::size_t count = size / element_size;
  shuffled_.resize(size);
  // Byte j of element i goes to plane j, position i (as HDF5's shuffle filter does).
  for (std::size_t j = 0; j < element_size; ++j) {
    std::uint8_t* out = shuffled_.data() + j * count;
    const std::uint8_t* in = data + j;
    for (std::size_t i = 0; i < count; ++i)
      out[i] = in[i * element_size];
  }
  // Leading noisy planes are stored; the rest is compressed. (Planes stay in order: the
  // decompressed stream must be the shuffled bytes exactly.)
  std::size_t stored_planes = 0;
  while (stored_planes < std::min(noisy_planes, element_size) &&
         !all_zero(shuffled_.data() + stored_planes * count, count)) {
    ++stored_planes;
  }
  const std::size_t stored = stored_planes * count, rest = size - stored;

  compressed_.clear();
  compressed_.reserve(size + size / 8 + 64);
  compressed_.push_back(0x78);  // zlib header: deflate, 32 KiB window
  compressed_.push_back(0x01);  // fastest-level flag; (0x78 * 256 + 0x01) % 31 == 0
  if (stored > 0) append_stored(compressed_, shuffled_.data(), stored, rest == 0);
  if (rest > 0) {
    const std::size_t offset = compressed_.size();
    compressed_.resize(offset + libdeflate_deflate_compress_bound(compressor_, rest));
    const std::size_t written =
        libdeflate_deflate_compress(compressor_, shuffled_.data() + stored, rest,
                                    compressed_.data() + offset, compressed_.size() - offset);
    SIM_CHECK(written > 0, "deflate failed on a chunk of " << rest << " bytes");
    compressed_.resize(offset + written);
  }
  const std::uint32_t checksum = libdeflate_adler32(1, shuffled_.data(), size);
  for (int shift = 24; shift >= 0; shift -= 8)
    compressed_.push_back(static_cast<std::uint8_t>(checksum >> shift));
  return compressed_;
}

}  // namespace sim::detail
