// How the random engine was chosen: the cost of opening a stream (seeding) and of drawing from
// it, for the candidates, through the same Boost.Random distribution the model uses. A
// replication opens a few dozen streams and draws from one to a few hundred values from each,
// so seeding cost weighs as much as drawing cost. Run by scripts/bench.sh.
//
// Usage: dealsim_bench_engines [STREAMS]   (default 200000 streams per case; median of 5)
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/taus88.hpp>

#include "sim/kernel/random_stream.hpp"
#include "sim/kernel/xoshiro256.hpp"

namespace {

// Nanoseconds per stream to seed an engine and draw `draws` standard normals from it.
template <typename Engine>
double nanoseconds_per_stream(std::size_t streams, int draws) {
  double sink = 0;
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t s = 0; s < streams; ++s) {
    Engine engine(static_cast<typename Engine::result_type>(sim::splitmix64(s)));
    boost::random::normal_distribution<double> normal(0, 1);
    for (int d = 0; d < draws; ++d)
      sink += normal(engine);
  }
  const double elapsed =
      std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
  if (sink == 42.0) std::puts("");  // keeps the draws
  return elapsed / static_cast<double>(streams);
}

template <typename Engine>
void report(const char* name, std::size_t streams) {
  std::printf("%-14s", name);
  for (const int draws : {1, 10, 100}) {
    std::vector<double> runs;
    for (int round = 0; round < 5; ++round)
      runs.push_back(nanoseconds_per_stream<Engine>(draws >= 100 ? streams / 10 : streams, draws));
    std::sort(runs.begin(), runs.end());
    std::printf("  %9.1f", runs[2]);
  }
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t streams = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 200000;
  std::printf("ns per stream to seed and draw N normals (median of 5)\n");
  std::printf("%-14s  %9s  %9s  %9s\n", "engine", "N=1", "N=10", "N=100");
  report<sim::Xoshiro256PlusPlus>("xoshiro256++", streams);
  report<boost::random::mt19937_64>("mt19937_64", streams);
  report<boost::random::mt19937>("mt19937", streams);
  report<boost::random::taus88>("taus88", streams);
  return 0;
}
