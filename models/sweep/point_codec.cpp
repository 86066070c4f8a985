#include "models/sweep/point_codec.hpp"

#include "sim/mc/cluster.hpp"

namespace models {

void encode_point(const PointResult& result, std::vector<double>& out) {
  out.push_back(static_cast<double>(result.point));
  out.push_back(static_cast<double>(result.replications));
  out.push_back(static_cast<double>(result.summaries.size()));
  for (const auto& s : result.summaries) {
    for (double v : {s.mean, s.standard_deviation, s.standard_error, s.p5, s.p25, s.p50, s.p75,
                     s.p95, static_cast<double>(s.count)}) {
      out.push_back(v);
    }
  }
  out.push_back(static_cast<double>(result.values.size()));
  out.insert(out.end(), result.values.begin(), result.values.end());
}

std::vector<PointResult> decode_points(const std::vector<std::uint8_t>& bytes) {
  const std::vector<double> in = sim::doubles_of(bytes);
  std::vector<PointResult> results;
  std::size_t i = 0;
  auto next = [&] { return in.at(i++); };
  while (i < in.size()) {
    PointResult result;
    result.point = static_cast<std::uint64_t>(next());
    result.replications = static_cast<std::uint64_t>(next());
    result.summaries.resize(static_cast<std::size_t>(next()));
    for (auto& s : result.summaries) {
      s.mean = next(), s.standard_deviation = next(), s.standard_error = next(), s.p5 = next();
      s.p25 = next(), s.p50 = next(), s.p75 = next(), s.p95 = next();
      s.count = static_cast<std::size_t>(next());
    }
    result.values.resize(static_cast<std::size_t>(next()));
    for (double& v : result.values)
      v = next();
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace models
