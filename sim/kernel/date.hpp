// Civil (proleptic Gregorian) dates and their arithmetic. No time zones: a date is a day.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sim {

struct Date {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..days_in_month(year, month)

  friend bool operator==(const Date&, const Date&) = default;
  friend auto operator<=>(const Date&, const Date&) = default;
};

bool is_leap_year(int year);
int days_in_month(int year, int month);

// Days since 1970-01-01 (negative before). Valid for any year the int range allows; the
// algorithm is Howard Hinnant's days_from_civil.
std::int64_t days_from_civil(const Date& date);
Date civil_from_days(std::int64_t days);

// Adds whole months; the day is clamped to the end of the target month (Jan 31 + 1 month =
// Feb 28 or 29), as contract calendars do.
Date add_months(const Date& date, int months);
Date add_years(const Date& date, int years);

// Parses exactly "YYYY-MM-DD" with a valid day; nullopt otherwise.
std::optional<Date> parse_iso_date(std::string_view text);
// Like parse_iso_date, but throws SimulationError naming the text.
Date parse_iso_date_or_throw(std::string_view text);
std::string to_iso(const Date& date);

// The current UTC time as ISO 8601, e.g. "2026-03-18T09:30:00Z" (for file metadata; never used in
// a simulation, whose results must not depend on when it runs).
std::string utc_timestamp();

}  // namespace sim
