// Number options: the one place that turns an option's text into a number, so that every option
// refuses the same junk (inf, nan, 1e300, negatives, trailing text, overflow, a value that would round
// to "no limit") with a usage_error (exit 2) that names the option.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

namespace retort::cli {

// What 0 means for a duration option; the message says it, so a user learns what they asked for.
enum class zero_means {
    refused,   // 0 is not a valid value
    no_wait,   // 0 is allowed: try once, do not wait (--lock-timeout)
    no_limit,  // 0 is allowed: no limit (PostgreSQL's own meaning for lock_timeout and statement_timeout)
};

// The longest duration any option takes: PostgreSQL's limit for lock_timeout and statement_timeout
// (INT_MAX milliseconds, about 24.8 days), so a value retort accepts is one the server accepts too.
inline constexpr std::chrono::milliseconds longest_duration{2147483647};

// A number of seconds (decimals allowed, e.g. 0.25) as milliseconds, rounded to the nearest one.
std::chrono::milliseconds seconds_option(std::string_view option, std::string_view text, zero_means zero);

// A whole number in [low, high], written in decimal digits only.
std::uint64_t count_option(std::string_view option, std::string_view text, std::uint64_t low, std::uint64_t high);

}  // namespace retort::cli
