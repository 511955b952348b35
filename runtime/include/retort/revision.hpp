// The revision model: plain values that describe one revision file after parsing.
//
// Text fields are views: into the normalized file text (for `retort --dir`) or into the baked table's
// static storage (for generated binaries). Whoever builds revisions keeps that text alive.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace retort {

// A SHA-256 digest; which canonical form was hashed is told by `checksum_algorithm`.
struct checksum {
    std::array<std::uint8_t, 32> bytes{};

    // Lower-case hexadecimal, 64 characters.
    std::string hex() const;
    // Parses 64 hexadecimal digits; throws retort::error otherwise.
    static checksum from_hex(std::string_view hex);

    friend bool operator==(const checksum&, const checksum&) = default;
};

// Stored beside every checksum so that the canonical form can change without invalidating old records.
inline constexpr int checksum_algorithm_v1 = 1;

// One SQL statement of a section, as written (without the comments that precede it).
struct statement {
    std::string_view sql;
    std::uint32_t line = 0;  // 1-based line in the revision file where the statement's first token stands

    friend bool operator==(const statement&, const statement&) = default;
};

// The `+upgrade` or `+downgrade` part of a revision file.
struct section {
    std::string_view sql;          // canonical text: LF line ends, trailing blank lines dropped
    std::uint32_t first_line = 0;  // file line of the first line of `sql`
    std::vector<statement> statements;
    checksum sum;  // checksum v1 of this section (see checksum.hpp)
};

// File lines of header fields, kept so that graph errors can point at `file:line`.
struct header_lines {
    std::uint32_t id = 0;
    std::uint32_t revises = 0;
    std::uint32_t depends_on = 0;
    std::uint32_t branch_labels = 0;
};

struct revision {
    std::string_view id;
    std::string_view message;
    std::string_view file;         // file name as given to the parser (relative, for messages)
    std::string_view create_date;  // free text, informational only
    std::vector<std::string_view> parents;
    std::vector<std::string_view> depends_on;
    std::vector<std::string_view> branch_labels;
    bool transactional = true;
    section upgrade;
    std::optional<section> downgrade;  // absent: the revision is irreversible
    header_lines lines;

    bool is_merge() const noexcept { return parents.size() > 1; }
    bool is_base() const noexcept { return parents.empty(); }
};

}  // namespace retort
