#include "sim/kernel/random_stream.hpp"

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/beta_distribution.hpp>
#include <boost/random/binomial_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/triangle_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include "sim/kernel/error.hpp"
#include "sim/kernel/fixed_draws.hpp"

namespace sim {

std::uint64_t splitmix64(std::uint64_t value) {
  value += 0x9e3779b97f4a7c15ULL;
  value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
  value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
  return value ^ (value >> 31);
}

std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char byte : bytes) {
    hash ^= byte;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::uint64_t derive_stream_seed(std::uint64_t master_seed, std::uint64_t replication,
                                 std::string_view name) {
  return splitmix64(splitmix64(splitmix64(master_seed) ^ replication) ^ fnv1a64(name));
}

double RandomStream::uniform01() {
  return boost::random::uniform_01<double>()(engine_);
}

double RandomStream::uniform(double low, double high) {
  SIM_CHECK(low <= high, "uniform bounds reversed: " << low << " > " << high);
  if (low == high) return low;
  return boost::random::uniform_real_distribution<double>(low, high)(engine_);
}

double RandomStream::exponential(double rate) {
  SIM_CHECK(rate > 0, "exponential rate " << rate << " is not positive");
  return boost::random::exponential_distribution<double>(rate)(engine_);
}

double RandomStream::normal(double mean, double standard_deviation) {
  SIM_CHECK(standard_deviation >= 0, "negative standard deviation " << standard_deviation);
  return boost::random::normal_distribution<double>(mean, standard_deviation)(engine_);
}

double RandomStream::lognormal(double log_mean, double log_sd) {
  SIM_CHECK(log_sd >= 0, "negative log standard deviation " << log_sd);
  return boost::random::lognormal_distribution<double>(log_mean, log_sd)(engine_);
}

double RandomStream::beta(double alpha, double beta) {
  SIM_CHECK(alpha > 0 && beta > 0,
            "beta parameters " << alpha << ", " << beta << " must be positive");
  return boost::random::beta_distribution<double>(alpha, beta)(engine_);
}

double RandomStream::triangular(double low, double mode, double high) {
  SIM_CHECK(low <= mode && mode <= high,
            "triangular needs low <= mode <= high, got " << low << ", " << mode << ", " << high);
  if (low == high) return low;
  return boost::random::triangle_distribution<double>(low, mode, high)(engine_);
}

// A draw with the parameter set up for it alone: the fixed draws hold the one check and the
// special cases.
std::int64_t RandomStream::poisson(double mean) {
  return FixedPoisson(mean)(*this);
}

bool RandomStream::bernoulli(double probability) {
  SIM_CHECK(probability >= 0 && probability <= 1,
            "probability " << probability << " is outside [0, 1]");
  return boost::random::bernoulli_distribution<double>(probability)(engine_);
}

std::int64_t RandomStream::geometric(double probability) {
  return FixedGeometric(probability)(*this);
}

FixedPoisson::FixedPoisson(double mean) : mean_(mean), distribution_(mean > 0 ? mean : 1.0) {
  SIM_CHECK(mean >= 0, "negative Poisson mean " << mean);
}

FixedGeometric::FixedGeometric(double probability)
    : certain_(probability == 1), distribution_(probability < 1 ? probability : 0.5) {
  SIM_CHECK(probability >= 1e-15 && probability <= 1,
            "geometric probability " << probability << " is outside [1e-15, 1]");
}

std::int64_t RandomStream::binomial(std::int64_t trials, double probability) {
  SIM_CHECK(trials >= 0 && probability >= 0 && probability <= 1,
            "binomial needs trials >= 0 and a probability in [0, 1], got " << trials << ", "
                                                                           << probability);
  if (trials == 0 || probability == 0) return 0;
  return boost::random::binomial_distribution<std::int64_t, double>(trials, probability)(engine_);
}

}  // namespace sim
