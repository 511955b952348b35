// Specifies seed files (docs/seeds.md): what parse_seed_file reads and rejects, the seed checksum, and
// which seeds plan_seeds runs on a database.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/checksum.hpp"
#include "core/revision_file.hpp"
#include "core/seeds.hpp"
#include "retort/graph.hpp"
#include "retort/plan.hpp"
#include "revision_files.hpp"

namespace retort {

// Names verdicts in failure messages.
std::ostream& operator<<(std::ostream& out, seed_verdict v) {
    constexpr const char* names[] = {"run_new", "run_changed",      "run_reapplied",
                                     "applied", "requires_missing", "schema_behind"};
    return out << names[static_cast<int>(v)];
}

}  // namespace retort

namespace {

std::string format_all(const retort::diagnostics& diags) {
    std::string out;
    for (const auto& d : diags.all()) out += retort::format_diagnostic(d) + '\n';
    return out;
}

// Seed files written inline, normalized like the directory loader does, and parsed; owns the strings
// the seeds' views point into.
class seed_files {
public:
    // Parses `raw` as `seeds/<name>`; the result may be absent (see errors()).
    const std::optional<retort::seed>& parse(std::string name, std::string_view raw) {
        const auto& file = *storage_.emplace_back(std::make_unique<std::string>("seeds/" + std::move(name)));
        const auto& text =
            *storage_.emplace_back(std::make_unique<std::string>(retort::normalize_text(std::string(raw))));
        parsed_.push_back(std::make_unique<std::optional<retort::seed>>(retort::parse_seed_file(file, text, diags_)));
        return *parsed_.back();
    }

    // Parses and requires success.
    const retort::seed& add(std::string name, std::string_view raw) {
        const auto& s = parse(std::move(name), raw);
        BOOST_TEST_REQUIRE(s.has_value(), "test seed does not parse:\n" << errors());
        seeds_.push_back(*s);
        return *s;
    }

    std::string errors() const { return format_all(diags_); }
    const std::vector<retort::seed>& seeds() const { return seeds_; }

private:
    std::vector<std::unique_ptr<std::string>> storage_;
    std::vector<std::unique_ptr<std::optional<retort::seed>>> parsed_;
    std::vector<retort::seed> seeds_;
    retort::diagnostics diags_;
};

constexpr std::string_view countries =
    "-- countries of the world\n"
    "-- Requires: 1a2b3c4d5e6f\n"
    "\n"
    "INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING;\n"
    "\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(seed_file)

BOOST_AUTO_TEST_CASE(the_first_line_is_the_message_and_requires_names_a_revision) {
    seed_files f;
    const auto& s = f.add("0001_t.sql", countries);
    BOOST_TEST(s.name == "0001_t.sql");
    BOOST_TEST(s.file == "seeds/0001_t.sql");
    BOOST_TEST(s.message == "countries of the world");
    BOOST_TEST(s.required == "1a2b3c4d5e6f");
    BOOST_TEST(s.requires_line == 2U);
}

BOOST_AUTO_TEST_CASE(the_sql_after_the_header_is_split_into_statements_at_their_file_lines) {
    seed_files f;
    const auto& s =
        f.add("0001_t.sql",
              "-- two tables\n\nINSERT INTO a VALUES (';');\n-- a note\nINSERT INTO b\n  VALUES ($$;$$);\n\n");
    BOOST_TEST(s.required.empty());
    BOOST_TEST(s.requires_line == 0U);
    BOOST_TEST(s.body.sql == "INSERT INTO a VALUES (';');\n-- a note\nINSERT INTO b\n  VALUES ($$;$$);");
    BOOST_TEST(s.body.first_line == 3U);
    BOOST_REQUIRE_EQUAL(s.body.statements.size(), 2U);
    BOOST_TEST(s.body.statements[0].sql == "INSERT INTO a VALUES (';');");
    BOOST_TEST(s.body.statements[0].line == 3U);
    BOOST_TEST(s.body.statements[1].line == 5U);
}

BOOST_AUTO_TEST_CASE(requires_may_name_a_branch_label) {
    seed_files f;
    BOOST_TEST(f.add("0001_t.sql", "-- t\n-- Requires: geo-v2\nSELECT 1;\n").required == "geo-v2");
}

BOOST_AUTO_TEST_CASE(an_unknown_header_key_is_an_error_at_its_line_listing_the_known_key) {
    seed_files f;
    BOOST_TEST(!f.parse("0001_t.sql", "-- t\n-- Requires: a1\n-- Author: me\nSELECT 1;\n").has_value());
    BOOST_TEST(f.errors() == "seeds/0001_t.sql:3: error: unknown header key 'Author' (known keys: Requires)\n");
}

BOOST_AUTO_TEST_CASE(a_misspelt_requires_is_an_error_that_suggests_the_key) {
    seed_files f;
    BOOST_TEST(!f.parse("0001_t.sql", "-- t\n-- requires: a1\nSELECT 1;\n").has_value());
    BOOST_TEST(f.errors() == "seeds/0001_t.sql:2: error: unknown header key 'requires'; did you mean 'Requires'?\n");
}

BOOST_AUTO_TEST_CASE(a_repeated_or_invalid_requires_is_an_error_at_its_line) {
    seed_files f;
    BOOST_TEST(!f.parse("0001_t.sql", "-- t\n-- Requires: a1\n-- Requires: b2\nSELECT 1;\n").has_value());
    BOOST_TEST(!f.parse("0002_t.sql", "-- t\n-- Requires: a1, b2\nSELECT 1;\n").has_value());
    BOOST_TEST(f.errors() ==
               "seeds/0001_t.sql:3: error: repeated header key 'Requires' (first given at line 2)\n"
               "seeds/0002_t.sql:2: error: invalid Requires 'a1, b2': name one revision, by its id (1 to 32 "
               "characters of [A-Za-z0-9_]) or by a branch label\n");
}

BOOST_AUTO_TEST_CASE(a_file_without_a_message_line_is_not_a_seed) {
    seed_files f;
    BOOST_TEST(!f.parse("0001_t.sql", "INSERT INTO t VALUES (1);\n").has_value());
    BOOST_TEST(!f.parse("0002_t.sql", "-- Requires: a1\nSELECT 1;\n").has_value());
    BOOST_TEST(f.errors() ==
               "seeds/0001_t.sql:1: error: not a retort seed file: it must begin with a '-- message' line (every .sql "
               "file in a seeds directory is a seed; see docs/seeds.md)\n"
               "seeds/0002_t.sql:1: error: missing message: a seed file begins with a '-- message' line that says "
               "what the seed holds\n");
}

BOOST_AUTO_TEST_CASE(section_markers_are_errors_in_a_seed) {
    seed_files f;
    BOOST_TEST(!f.parse("0001_t.sql", "-- t\n\n-- +upgrade\nSELECT 1;\n").has_value());
    BOOST_TEST(f.errors().starts_with("seeds/0001_t.sql:3: error: '-- +upgrade' has no place in a seed file"));
}

BOOST_AUTO_TEST_CASE(the_sql_lexer_reports_problems_at_file_lines) {
    seed_files f;
    BOOST_TEST(!f.parse("0001_t.sql", "-- t\n\nSELECT 1;\n\\i other.sql\n").has_value());
    BOOST_TEST(f.errors().starts_with("seeds/0001_t.sql:4: error: psql meta-command '\\i' is not supported"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(seed_checksum)

// Computed independently: printf 'retort-seed-v1\nname:0001_t.sql\nrequires:1a2b3c4d5e6f\n\nINSERT INTO t
// VALUES (1) ON CONFLICT DO NOTHING;\n' | sha256sum
BOOST_AUTO_TEST_CASE(the_checksum_is_sha256_of_the_pinned_canonical_form) {
    seed_files f;
    const auto& s = f.add("0001_t.sql", countries);
    BOOST_TEST(retort::canonical_seed_form(s.name, s.required, s.body.sql) ==
               "retort-seed-v1\nname:0001_t.sql\nrequires:1a2b3c4d5e6f\n\nINSERT INTO t VALUES (1) ON CONFLICT DO "
               "NOTHING;\n");
    BOOST_TEST(s.body.sum.hex() == "afcf0bca47dc28a77c90cdacf26a14c28b89887963d1c3bc7fd2c8c7bb008af8");
}

BOOST_AUTO_TEST_CASE(a_seed_without_sql_hashes_the_header_part_only) {
    seed_files f;
    BOOST_TEST(f.add("0002_u.sql", "-- nothing yet\n").body.sum.hex() ==
               "efdc6a82f68fdea3a3a0e2d508aed87d064f2151e76abbef54a10ceb53a7b4bc");
}

BOOST_AUTO_TEST_CASE(the_message_crlf_line_ends_and_blank_lines_around_the_sql_do_not_count) {
    seed_files f;
    const auto& a = f.add("0001_t.sql", countries);
    const auto& b = f.add("0001_t.sql",
                          "\xEF\xBB\xBF-- every country there is\r\n-- Requires: 1a2b3c4d5e6f\r\n\r\n\r\n"
                          "INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING;\r\n\r\n\r\n");
    BOOST_TEST(a.body.sum.hex() == b.body.sum.hex());
}

BOOST_AUTO_TEST_CASE(the_sql_requires_and_file_name_count) {
    seed_files f;
    const auto base = f.add("0001_t.sql", countries).body.sum.hex();
    BOOST_TEST(
        f.add("0001_t.sql", "-- x\n-- Requires: 1a2b3c4d5e6f\nINSERT INTO t VALUES (2) ON CONFLICT DO NOTHING;\n")
            .body.sum.hex() != base);
    BOOST_TEST(f.add("0001_t.sql", "-- x\n-- Requires: 2b\nINSERT INTO t VALUES (1) ON CONFLICT DO NOTHING;\n")
                   .body.sum.hex() != base);
    BOOST_TEST(f.add("0002_t.sql", countries).body.sum.hex() != base);
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

using retort::seed_verdict;

// Revisions a1 <- b2 (branch label geo) <- c3, and one seed per case.
struct planning {
    retort::testing::revision_files revisions;
    retort::graph g;
    seed_files files;

    planning() {
        revisions.add("a1", "").add("b2", "a1", "-- Branch Labels: geo\n").add("c3", "b2");
        g = retort::graph::build_or_throw(revisions.revisions());
    }

    // The state with `ids` as the version rows.
    retort::applied_state at(const std::vector<std::string>& ids) const { return retort::state_from_rows(g, ids); }

    seed_verdict verdict(const retort::applied_state& state, std::string_view seed_text,
                         std::vector<retort::recorded_seed> recorded = {}) {
        seed_files one;
        const auto& s = one.add("0001_s.sql", seed_text);
        auto plan = retort::plan_seeds(g, state, std::span(&s, 1), recorded);
        BOOST_TEST_REQUIRE(plan.size() == 1U);
        return plan.front().verdict;
    }

    std::string checksum_of(std::string_view seed_text) { return files.add("0001_s.sql", seed_text).body.sum.hex(); }
};

constexpr std::string_view needs_b2 = "-- s\n-- Requires: b2\nSELECT 1;\n";
constexpr std::string_view needs_nothing = "-- s\nSELECT 1;\n";

}  // namespace

BOOST_FIXTURE_TEST_SUITE(seed_plan, planning)

BOOST_AUTO_TEST_CASE(a_new_seed_runs_once_its_required_revision_is_applied) {
    BOOST_TEST(verdict(at({"b2"}), needs_b2) == seed_verdict::run_new);
    BOOST_TEST(verdict(at({"c3"}), needs_b2) == seed_verdict::run_new);
}

BOOST_AUTO_TEST_CASE(a_seed_is_skipped_while_its_required_revision_is_not_applied) {
    BOOST_TEST(verdict(at({"a1"}), needs_b2) == seed_verdict::requires_missing);
    BOOST_TEST(verdict(at({}), needs_b2) == seed_verdict::requires_missing);
}

BOOST_AUTO_TEST_CASE(requires_may_name_the_revision_by_its_branch_label) {
    BOOST_TEST(verdict(at({"a1"}), "-- s\n-- Requires: geo\nSELECT 1;\n") == seed_verdict::requires_missing);
    BOOST_TEST(verdict(at({"b2"}), "-- s\n-- Requires: geo\nSELECT 1;\n") == seed_verdict::run_new);
}

BOOST_AUTO_TEST_CASE(a_seed_without_requires_runs_only_when_no_revision_is_pending) {
    BOOST_TEST(verdict(at({"b2"}), needs_nothing) == seed_verdict::schema_behind);
    BOOST_TEST(verdict(at({"c3"}), needs_nothing) == seed_verdict::run_new);
}

BOOST_AUTO_TEST_CASE(a_seed_recorded_with_its_checksum_is_applied) {
    std::string sum = checksum_of(needs_b2);
    BOOST_TEST(verdict(at({"c3"}), needs_b2, {{"0001_s.sql", sum, false}}) == seed_verdict::applied);
    // Only the name identifies a seed's record.
    BOOST_TEST(verdict(at({"c3"}), needs_b2, {{"0002_s.sql", sum, false}}) == seed_verdict::run_new);
}

BOOST_AUTO_TEST_CASE(an_applied_seed_without_requires_stays_applied_when_revisions_are_added) {
    std::string sum = checksum_of(needs_nothing);
    BOOST_TEST(verdict(at({"b2"}), needs_nothing, {{"0001_s.sql", sum, false}}) == seed_verdict::applied);
}

BOOST_AUTO_TEST_CASE(a_seed_recorded_with_another_checksum_runs_again) {
    BOOST_TEST(verdict(at({"c3"}), needs_b2, {{"0001_s.sql", std::string(64, '0'), false}}) ==
               seed_verdict::run_changed);
}

BOOST_AUTO_TEST_CASE(a_changed_seed_waits_for_its_required_revision_like_a_new_one) {
    BOOST_TEST(verdict(at({"a1"}), needs_b2, {{"0001_s.sql", std::string(64, '0'), false}}) ==
               seed_verdict::requires_missing);
    BOOST_TEST(verdict(at({"b2"}), needs_nothing, {{"0001_s.sql", std::string(64, '0'), false}}) ==
               seed_verdict::schema_behind);
}

BOOST_AUTO_TEST_CASE(a_seed_runs_again_when_its_required_revision_was_applied_again_after_it) {
    std::string sum = checksum_of(needs_b2);
    BOOST_TEST(verdict(at({"c3"}), needs_b2, {{"0001_s.sql", sum, true}}) == seed_verdict::run_reapplied);
}

BOOST_AUTO_TEST_CASE(an_applied_seed_is_skipped_while_its_required_revision_is_downgraded) {
    std::string sum = checksum_of(needs_b2);
    BOOST_TEST(verdict(at({"a1"}), needs_b2, {{"0001_s.sql", sum, false}}) == seed_verdict::requires_missing);
}

BOOST_AUTO_TEST_CASE(every_seed_is_decided_in_the_given_order_with_its_required_revision) {
    files.add("0001_a.sql", needs_nothing);
    files.add("0002_b.sql", needs_b2);
    auto plan = retort::plan_seeds(g, at({"b2"}), files.seeds(), {});
    BOOST_REQUIRE_EQUAL(plan.size(), 2U);
    BOOST_TEST(plan[0].verdict == seed_verdict::schema_behind);
    BOOST_TEST(plan[0].pending == 1U);
    BOOST_TEST(!plan[0].required.has_value());
    BOOST_TEST(plan[1].verdict == seed_verdict::run_new);
    BOOST_TEST_REQUIRE(plan[1].required.has_value());
    BOOST_TEST(*plan[1].required == *g.find("b2"));
}

BOOST_AUTO_TEST_CASE(requires_naming_an_unknown_revision_is_an_error_at_its_line) {
    files.add("0001_a.sql", "-- a\n-- Requires: zz9\nSELECT 1;\n");
    files.add("0002_b.sql", needs_b2);
    retort::diagnostics diags;
    retort::check_seed_requirements(g, files.seeds(), diags);
    BOOST_TEST(format_all(diags) ==
               "seeds/0001_a.sql:2: error: seed 0001_a.sql requires unknown revision 'zz9'; name a revision id or "
               "branch label of the migrations, or correct the id\n");
}

BOOST_AUTO_TEST_SUITE_END()
