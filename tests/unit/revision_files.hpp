// Revision files written inline in a test and parsed, for the unit tests of the graph and the lock file.
#pragma once

#include <boost/test/unit_test.hpp>

#include <fmt/format.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/revision_file.hpp"
#include "retort/error.hpp"
#include "retort/revision.hpp"

namespace retort::testing {

// Owns the strings that the revisions' views point into, so it must outlive every graph built from it.
class revision_files {
public:
    // A revision file `<id>.sql`: line 1 message, 2 Revision ID, 3 Revises, then `extra` header lines
    // (each ending in '\n'; the first of them is line 4).
    revision_files& add(std::string_view id, std::string_view revises, std::string_view extra = {}) {
        return add_file(fmt::format("{}.sql", id),
                        fmt::format("-- {}\n-- Revision ID: {}\n-- Revises: {}\n{}\n-- +upgrade\nSELECT 1;\n", id, id,
                                    revises, extra));
    }

    // A file as written on disk: normalized (BOM, CRLF) like the directory loader does, then parsed.
    revision_files& add_file(std::string name, std::string text) {
        const auto& stored_name = *storage_.emplace_back(std::make_unique<std::string>(std::move(name)));
        const auto& stored_text = *storage_.emplace_back(std::make_unique<std::string>(normalize_text(text)));
        diagnostics diags;
        auto r = parse_revision_file(stored_name, stored_text, diags);
        std::string errors;
        for (const auto& d : diags.all()) errors += "\n" + format_diagnostic(d);
        BOOST_TEST_REQUIRE(r.has_value(), "test input " << stored_name << " does not parse:" << errors);
        revisions_.push_back(std::move(*r));
        return *this;
    }

    const std::vector<revision>& revisions() const { return revisions_; }

private:
    std::vector<std::unique_ptr<std::string>> storage_;
    std::vector<revision> revisions_;
};

}  // namespace retort::testing
