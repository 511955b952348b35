// Errors and diagnostics shared by every part of retort.
//
// retort reports failures as exceptions that carry their context (file and line, revision, SQLSTATE).
// Phases that should show every problem at once (parsing a directory, validating a graph) collect
// `diagnostic` values first and throw one `input_error` holding all of them at the end.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace retort {

enum class severity : std::uint8_t { error, note };

// One finding about an input file; `line` is 1-based, 0 when the finding concerns the whole file;
// `column` is 1-based, 0 when unknown (PostgreSQL's parser knows it for a syntax error).
struct diagnostic {
    std::string file;
    std::uint32_t line = 0;
    severity level = severity::error;
    std::string message;
    std::uint32_t column = 0;

    friend bool operator==(const diagnostic&, const diagnostic&) = default;
};

// Formats as `file:line: error: message` or `file:line:column: error: message` (the forms compilers
// and editors understand).
std::string format_diagnostic(const diagnostic& d);

// Collects diagnostics; phases append, callers decide when to stop.
class diagnostics {
public:
    void error(std::string file, std::uint32_t line, std::string message);
    void note(std::string file, std::uint32_t line, std::string message);
    bool has_errors() const noexcept { return error_count_ > 0; }
    const std::vector<diagnostic>& all() const noexcept { return items_; }
    // Throws input_error with every collected diagnostic when any of them is an error.
    void throw_if_errors() const;

private:
    std::vector<diagnostic> items_;
    std::size_t error_count_ = 0;
};

// Base of every retort exception; what() is a complete, user-facing message.
class error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Bad revision files or a broken graph: every problem found, each with file and line.
class input_error : public error {
public:
    explicit input_error(std::vector<diagnostic> items);
    const std::vector<diagnostic>& items() const noexcept { return items_; }

private:
    std::vector<diagnostic> items_;
};

// A command line or target the user typed that cannot be honoured (unknown revision, ambiguous prefix, ...).
class usage_error : public error {
public:
    using error::error;
};

// The requested operation is impossible on this graph or database state (irreversible revision, several
// heads, edited revision, ...). The message says what to do next.
class state_error : public error {
public:
    using error::error;
};

}  // namespace retort
