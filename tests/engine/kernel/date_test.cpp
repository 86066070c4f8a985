#include <catch2/catch.hpp>

#include "sim/kernel/date.hpp"
#include "sim/kernel/error.hpp"
#include "sim/kernel/timeline.hpp"

TEST_CASE("dates: ISO text round-trips through day numbers for 400 years", "[engine][dates]") {
  const std::int64_t first = sim::days_from_civil(sim::Date{1900, 1, 1});
  const std::int64_t last = sim::days_from_civil(sim::Date{2300, 1, 1});
  sim::Date previous = sim::civil_from_days(first - 1);
  for (std::int64_t day = first; day < last; ++day) {
    const sim::Date date = sim::civil_from_days(day);
    REQUIRE(sim::days_from_civil(date) == day);
    REQUIRE(date > previous);
    const auto parsed = sim::parse_iso_date(sim::to_iso(date));
    REQUIRE(parsed.has_value());
    REQUIRE(*parsed == date);
    previous = date;
  }
}

TEST_CASE("dates: known day numbers and leap years", "[engine][dates]") {
  REQUIRE(sim::days_from_civil({1970, 1, 1}) == 0);
  REQUIRE(sim::days_from_civil({2000, 3, 1}) == 11017);
  REQUIRE(sim::days_from_civil({2026, 3, 1}) == 20513);
  REQUIRE(sim::is_leap_year(2000));
  REQUIRE_FALSE(sim::is_leap_year(2100));
  REQUIRE(sim::is_leap_year(2028));
  REQUIRE(sim::days_in_month(2028, 2) == 29);
  REQUIRE(sim::days_in_month(2027, 2) == 28);
}

TEST_CASE("dates: invalid ISO text is rejected", "[engine][dates]") {
  for (const char* text : {"2026-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "26-01-01",
                           "2026/01/01", "2026-01-32", "", "abcd-ef-gh"}) {
    INFO(text);
    REQUIRE_FALSE(sim::parse_iso_date(text).has_value());
  }
  REQUIRE_THROWS_WITH(sim::parse_iso_date_or_throw("2026-02-30"),
                      Catch::Contains("2026-02-30") && Catch::Contains("YYYY-MM-DD"));
}

TEST_CASE("dates: adding months clamps to the end of the month", "[engine][dates]") {
  REQUIRE(sim::add_months({2026, 1, 31}, 1) == sim::Date{2026, 2, 28});
  REQUIRE(sim::add_months({2028, 1, 31}, 1) == sim::Date{2028, 2, 29});
  REQUIRE(sim::add_months({2026, 3, 15}, -3) == sim::Date{2025, 12, 15});
  REQUIRE(sim::add_months({2026, 12, 1}, 1) == sim::Date{2027, 1, 1});
  REQUIRE(sim::add_years({2028, 2, 29}, 1) == sim::Date{2029, 2, 28});
}

TEST_CASE("timeline: times map to dates and month indices", "[engine][dates]") {
  const sim::Timeline timeline(sim::Date{2026, 3, 1});
  REQUIRE(timeline.time_of({2026, 3, 1}) == 0.0);
  REQUIRE(timeline.time_of({2026, 4, 1}) == 31.0);
  REQUIRE(timeline.date_at(30.99) == sim::Date{2026, 3, 31});
  REQUIRE(timeline.date_at(31.0) == sim::Date{2026, 4, 1});
  REQUIRE(timeline.month_boundary(12) == 365.0);
  REQUIRE(timeline.month_boundary(24) == 731.0);  // includes 2028-02-29
  REQUIRE(timeline.month_index_at(0.0) == 0);
  REQUIRE(timeline.month_index_at(30.5) == 0);
  REQUIRE(timeline.month_index_at(31.0) == 1);
  REQUIRE(timeline.month_index_at(731.0) == 24);
  REQUIRE(timeline.year_boundary({2025, 10, 28}, 1) == timeline.time_of({2026, 10, 28}));
}
