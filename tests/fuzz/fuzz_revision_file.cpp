// libFuzzer target: parse_revision_file() on any bytes. Besides crashes, hangs and undefined behaviour,
// it stops on a broken promise of the parser: a result with errors, no result without one, or
// statements that are not views into the text in file order.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/revision_file.hpp"
#include "fuzz_check.hpp"

namespace {

void check_section(const retort::section& s, std::string_view text) {
    retort::fuzz::require_within(s.sql, text, "section");
    std::uint32_t last_line = 0;
    for (const auto& st : s.statements) {
        retort::fuzz::require_within(st.sql, s.sql, "statement");
        retort::fuzz::require(st.line >= last_line && st.line >= s.first_line, "statement lines go backwards");
        last_line = st.line;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = retort::normalize_text(std::string(reinterpret_cast<const char*>(data), size));
    retort::diagnostics diags;
    const auto r = retort::parse_revision_file("fuzz.sql", text, diags);
    retort::fuzz::require(r.has_value() != diags.has_errors(), "a result must come exactly when there is no error");
    retort::fuzz::require_lines_within(diags, text);
    if (r) {
        retort::fuzz::require(retort::is_valid_revision_id(r->id), "an accepted revision has an invalid id");
        check_section(r->upgrade, text);
        if (r->downgrade) check_section(*r->downgrade, text);
    }
    return 0;
}
