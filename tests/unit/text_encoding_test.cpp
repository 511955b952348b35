// Specifies the encoding check of revision and seed files: every NUL byte and invalid UTF-8 sequence is
// found at its line and column wherever it stands, including inside long runs of ASCII (which the check
// walks eight bytes at a time) and right after them.
#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

#include "core/text_encoding.hpp"
#include "retort/error.hpp"

namespace {

// The messages of check_text_encoding on `text`, one per line, "line: message".
std::string findings(std::string_view text) {
    retort::diagnostics diags;
    const bool ok = retort::check_text_encoding("f.sql", text, diags);
    std::string out;
    for (const auto& d : diags.all()) out += std::to_string(d.line) + ": " + d.message + "\n";
    BOOST_TEST(ok == out.empty());
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(text_encoding)

BOOST_AUTO_TEST_CASE(long_runs_of_ascii_and_multibyte_characters_are_clean) {
    const std::string text =
        std::string(1000, 'a') + "\n" + "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80" + std::string(13, 'b');
    BOOST_TEST(findings(text).empty());
}

BOOST_AUTO_TEST_CASE(a_nul_byte_is_found_at_every_offset_of_an_ascii_run) {
    for (std::size_t at = 0; at < 24; ++at) {
        std::string text(24, 'x');
        text[at] = '\0';
        BOOST_TEST(findings(text).find("1: a NUL byte (column " + std::to_string(at + 1) + ")") == 0U, at);
    }
}

BOOST_AUTO_TEST_CASE(an_invalid_byte_after_a_long_run_is_found_at_its_line_and_column) {
    const std::string text = std::string(40, 'x') + "\n" + std::string(17, 'y') + "\xFF" + std::string(8, 'z');
    BOOST_TEST(findings(text) == "2: invalid UTF-8 (byte 0xFF at column 18): save the file as UTF-8\n");
}

BOOST_AUTO_TEST_CASE(a_sequence_cut_short_at_the_end_is_invalid) {
    BOOST_TEST(findings(std::string(16, 'x') + "\xE2\x82") ==
               "1: invalid UTF-8 (byte 0xE2 at column 17): save the file as UTF-8\n");
}

BOOST_AUTO_TEST_SUITE_END()
