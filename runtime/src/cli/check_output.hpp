// Text and JSON for `check` (the database against the binary): what is wrong, with what to do next,
// and the exit status that tells the findings apart. Pure: a check_report in, strings out.
#pragma once

#include <string>

#include "retort/migrator.hpp"

namespace retort::cli {

// The most serious finding decides: unknown (9), edited (8), unfinished (6), pending (7), else 0. An
// edited downgrade section alone is reported but does not fail the check.
int check_status(const check_report& r);

std::string check_text(const graph& g, const check_report& r, std::string_view history_table, bool quiet);
std::string check_json(const graph& g, const check_report& r);

}  // namespace retort::cli
