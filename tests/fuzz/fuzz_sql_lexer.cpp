// libFuzzer target: split_statements() on any bytes. Besides crashes, hangs and undefined behaviour, it
// stops when a statement is not a view into the input, statements overlap or go backwards, or a line
// number points past the input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/sql_lexer.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view sql(reinterpret_cast<const char*>(data), size);
    retort::diagnostics diags;
    const auto statements = retort::split_statements(sql, 1, "fuzz.sql", diags);
    const char* previous_end = sql.data();
    std::uint32_t previous_line = 1;
    for (const auto& st : statements) {
        retort::fuzz::require_within(st.sql, sql, "statement");
        retort::fuzz::require(!st.sql.empty(), "an empty statement");
        retort::fuzz::require(st.sql.data() >= previous_end, "statements overlap or go backwards");
        retort::fuzz::require(st.line >= previous_line, "statement lines go backwards");
        previous_end = st.sql.data() + st.sql.size();
        previous_line = st.line;
    }
    retort::fuzz::require_lines_within(diags, sql);
    return 0;
}
