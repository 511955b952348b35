// Renderings of findings, pure functions so that every front end prints the same thing.
#pragma once

#include <span>
#include <string>

#include "sql/finding.hpp"

namespace retort::sql {

// One line per finding, as compilers print them: `file:line:column: severity: message [rule]`.
std::string render_text(std::span<const finding> findings);

// `{"findings":[{"file":...,"line":...,"column":...,"rule":...,"severity":...,"message":...,"revision":...}],
// "counts":{"error":N,"warning":N,"info":N}}` on one line, with a final line end.
std::string render_json(std::span<const finding> findings);

// The `findings` array alone, for a caller that embeds it in its own JSON object.
std::string render_json_array(std::span<const finding> findings);

// A SARIF 2.1.0 log (code scanning upload) with every rule's metadata and one result per finding.
std::string render_sarif(std::span<const finding> findings);

// GitHub Actions workflow commands: `::error file=F,line=L,col=C,title=RULE::MESSAGE` (warning, notice).
std::string render_github(std::span<const finding> findings);

}  // namespace retort::sql
