// Levels, lint modes and rule settings: parsing and applying them.
#include "sql/settings.hpp"

#include <fmt/format.h>

#include "retort/error.hpp"
#include "sql/rules.hpp"

namespace retort::sql {

std::string_view to_string(level l) noexcept {
    switch (l) {
    case level::error: return "error";
    case level::warning: return "warning";
    case level::info: return "info";
    }
    return "error";
}

std::optional<level> parse_level(std::string_view word) noexcept {
    if (word == "error") return level::error;
    if (word == "warning") return level::warning;
    if (word == "info") return level::info;
    return std::nullopt;
}

std::optional<lint_mode> parse_lint_mode(std::string_view word) noexcept {
    if (word == "off") return lint_mode::off;
    if (word == "warning") return lint_mode::warning;
    if (word == "error") return lint_mode::error;
    return std::nullopt;
}

std::vector<rule_setting> parse_rule_settings(std::string_view text) {
    std::vector<rule_setting> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t end = std::min(text.find_first_of(", \t\n;", pos), text.size());
        const std::string_view entry = text.substr(pos, end - pos);
        pos = end + 1;
        if (entry.empty()) continue;
        const std::size_t eq = entry.find('=');
        const std::string_view id = entry.substr(0, eq);
        const std::string_view value = eq == std::string_view::npos ? std::string_view() : entry.substr(eq + 1);
        if (!find_rule(id))
            throw usage_error(
                fmt::format("unknown lint rule '{}' in '{}'; the rules are listed in docs/lint.md", id, entry));
        const auto severity = parse_level(value);
        if (!severity && value != "off")
            throw usage_error(
                fmt::format("'{}': write <rule>=error, <rule>=warning, <rule>=info or <rule>=off", entry));
        out.push_back({std::string(id), severity});
    }
    return out;
}

severities::severities(const check_options& options) : mode_(options.mode) {
    for (const auto& s : options.rules) settings_[s.rule] = s.severity;
}

std::optional<level> severities::of(std::string_view rule) const {
    if (mode_ == lint_mode::off) return std::nullopt;
    std::optional<level> l;
    if (auto it = settings_.find(std::string(rule)); it != settings_.end()) {
        l = it->second;
    } else if (const auto* info = find_rule(rule)) {
        l = info->severity;
    }
    // LINT error makes warnings fail the build; a level set for the rule itself is what the user asked for.
    if (l == level::warning && mode_ == lint_mode::error && !settings_.contains(std::string(rule))) l = level::error;
    return l;
}

}  // namespace retort::sql
