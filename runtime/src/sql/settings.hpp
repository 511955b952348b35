// The severity each rule reports at, after CMake's LINT mode and LINT_RULES settings.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "sql/check.hpp"

namespace retort::sql {

class severities {
public:
    explicit severities(const check_options& options);

    // The level findings of `rule` are reported at; nullopt when the rule is off (or linting is).
    std::optional<level> of(std::string_view rule) const;
    bool linting() const noexcept { return mode_ != lint_mode::off; }

private:
    lint_mode mode_;
    std::unordered_map<std::string, std::optional<level>> settings_;
};

}  // namespace retort::sql
