// Finds NUL bytes and invalid UTF-8 (see text_encoding.hpp).
#include "core/text_encoding.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

namespace retort {

namespace {

// The length of the well-formed UTF-8 sequence at `at` (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF), or 0 when the bytes there are not one.
std::size_t utf8_sequence(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF)
        length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else
        return 0;
    if (at + length > text.size()) return 0;
    if (byte(at + 1) < low || byte(at + 1) > high) return 0;
    for (std::size_t i = 2; i < length; ++i)
        if (byte(at + i) < 0x80 || byte(at + i) > 0xBF) return 0;
    return length;
}

// True when `text` is well-formed UTF-8 without a NUL byte: the usual answer, found eight bytes at a time
// through runs of ASCII (a byte-by-byte walk was a sixth of loading a 200 MB revision).
bool clean(std::string_view text) {
    constexpr std::uint64_t high_bits = 0x8080808080808080ULL, ones = 0x0101010101010101ULL;
    for (std::size_t at = 0; at < text.size();) {
        if (at + 8 <= text.size()) {
            std::uint64_t word = 0;
            std::memcpy(&word, text.data() + at, sizeof word);
            // No byte with its high bit set, and (with that) no zero byte.
            if ((word & high_bits) == 0 && ((word - ones) & ~word & high_bits) == 0) {
                at += 8;
                continue;
            }
        }
        if (text[at] == '\0') return false;
        const std::size_t length = utf8_sequence(text, at);
        if (length == 0) return false;
        at += length;
    }
    return true;
}

struct finding {
    std::uint32_t line = 0;
    std::size_t column = 0;  // 1-based, in bytes
    unsigned char value = 0;
};

}  // namespace

bool check_text_encoding(std::string_view file, std::string_view text, diagnostics& diags) {
    if (clean(text)) return true;
    std::optional<finding> nul, invalid;
    std::uint32_t line = 1;
    std::size_t line_start = 0;
    for (std::size_t at = 0; at < text.size() && !(nul && invalid);) {
        const auto value = static_cast<unsigned char>(text[at]);
        const finding here{line, at - line_start + 1, value};
        if (value == '\n') {
            ++line;
            line_start = at + 1;
        }
        if (value == 0 && !nul) nul = here;
        const std::size_t length = utf8_sequence(text, at);
        if (length == 0 && !invalid) invalid = here;
        at += length == 0 ? 1 : length;
    }
    const std::string name(file);
    if (nul)
        diags.error(name, nul->line,
                    fmt::format("a NUL byte (column {}): PostgreSQL cannot take it in a statement, and it would cut "
                                "the text sent to the server; remove it",
                                nul->column));
    if (invalid)
        diags.error(name, invalid->line,
                    fmt::format("invalid UTF-8 (byte 0x{:02X} at column {}): save the file as UTF-8", invalid->value,
                                invalid->column));
    return !nul && !invalid;
}

}  // namespace retort
