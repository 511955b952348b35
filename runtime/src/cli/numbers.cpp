// Parsing and range checks for number options (see numbers.hpp).
#include "cli/numbers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "retort/error.hpp"

namespace retort::cli {

namespace {

// Digits, at most one '.', nothing else: from_chars alone would take "inf", "nan" and "1e300".
bool is_plain_decimal(std::string_view text) {
    if (text.empty() || text == ".") return false;
    if (std::count(text.begin(), text.end(), '.') > 1) return false;
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return c == '.' || std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

std::string_view zero_text(zero_means zero) {
    switch (zero) {
    case zero_means::refused: return "";
    case zero_means::no_wait: return "; 0 means do not wait";
    case zero_means::no_limit: return "; 0 means no limit";
    }
    return "";
}

[[noreturn]] void refuse_seconds(std::string_view option, std::string_view text, zero_means zero) {
    const double most = static_cast<double>(longest_duration.count()) / 1000;
    throw usage_error(fmt::format("{} takes a number of seconds from {} to {:.3f} (decimals allowed{}), not '{}'",
                                  option, zero == zero_means::refused ? "0.001" : "0", most, zero_text(zero), text));
}

}  // namespace

std::chrono::milliseconds seconds_option(std::string_view option, std::string_view text, zero_means zero) {
    double seconds = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (!is_plain_decimal(text) || ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(seconds))
        refuse_seconds(option, text, zero);
    const double ms = std::round(seconds * 1000);
    // A positive value below half a millisecond would become 0, which means something else entirely.
    if (ms > static_cast<double>(longest_duration.count()) || (seconds > 0 && ms < 1) ||
        (seconds == 0 && zero == zero_means::refused))
        refuse_seconds(option, text, zero);
    return std::chrono::milliseconds(static_cast<std::int64_t>(ms));
}

std::uint64_t count_option(std::string_view option, std::string_view text, std::uint64_t low, std::uint64_t high) {
    std::uint64_t value = 0;
    const bool digits = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (!digits || ec != std::errc{} || end != text.data() + text.size() || value < low || value > high)
        throw usage_error(fmt::format("{} takes a whole number from {} to {}, not '{}'", option, low, high, text));
    return value;
}

}  // namespace retort::cli
