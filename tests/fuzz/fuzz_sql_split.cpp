// libFuzzer target, differential: retort's statement splitter (split_statements, what the runtime sends)
// against PostgreSQL's own parser (libpg_query) on any bytes. Stops when the parser accepts the text but
// splits it elsewhere than the splitter (a split-mismatch), and on any finding that points outside the
// text. Inputs the splitter rejects (unterminated quotes, psql meta-commands, COPY ... FROM stdin) are
// refused by the build before the parser matters, so they are skipped.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "core/sql_lexer.hpp"
#include "fuzz_check.hpp"
#include "sql/check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view sql(reinterpret_cast<const char*>(data), size);
    retort::diagnostics diags;
    const auto statements = retort::split_statements(sql, 1, "fuzz.sql", diags);
    if (diags.has_errors()) return 0;
    std::size_t lines = 1;
    for (char c : sql) lines += c == '\n' ? 1U : 0U;
    for (const auto& f : retort::sql::check_sql_text(sql, 1, "fuzz.sql", statements)) {
        retort::fuzz::require(f.line >= 1 && f.line <= lines, "a finding points outside the text");
        if (f.rule == retort::sql::split_mismatch_check) {
            std::fprintf(stderr, "line %u:%u: %s\n", f.line, f.column, f.message.c_str());
            retort::fuzz::require(false, "retort's splitter and PostgreSQL's parser split the text differently");
        }
    }
    return 0;
}
