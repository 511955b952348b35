// Diagnostics and the exceptions that carry them.
#include "retort/error.hpp"

#include <fmt/format.h>

namespace retort {

std::string format_diagnostic(const diagnostic& d) {
    const char* kind = d.level == severity::error ? "error" : "note";
    if (d.line == 0) return fmt::format("{}: {}: {}", d.file, kind, d.message);
    if (d.column != 0) return fmt::format("{}:{}:{}: {}: {}", d.file, d.line, d.column, kind, d.message);
    return fmt::format("{}:{}: {}: {}", d.file, d.line, kind, d.message);
}

void diagnostics::error(std::string file, std::uint32_t line, std::string message) {
    items_.push_back({std::move(file), line, severity::error, std::move(message)});
    ++error_count_;
}

void diagnostics::note(std::string file, std::uint32_t line, std::string message) {
    items_.push_back({std::move(file), line, severity::note, std::move(message)});
}

void diagnostics::throw_if_errors() const {
    if (has_errors()) throw input_error(items_);
}

namespace {
std::string join_diagnostics(const std::vector<diagnostic>& items) {
    std::string out;
    for (const auto& d : items) {
        if (!out.empty()) out += '\n';
        out += format_diagnostic(d);
    }
    return out;
}
}  // namespace

input_error::input_error(std::vector<diagnostic> items) : error(join_diagnostics(items)), items_(std::move(items)) {}

}  // namespace retort
