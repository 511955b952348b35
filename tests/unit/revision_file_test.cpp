// Specifies the revision file format: what parse_revision_file accepts, what it reads, and what it rejects.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/checksum.hpp"
#include "core/revision_file.hpp"
#include "retort/error.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path data_dir{RETORT_TEST_DATA_DIR};

std::string read_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    BOOST_TEST_REQUIRE(static_cast<bool>(in), "cannot read " << path);
    std::ostringstream out;
    out << in.rdbuf();
    return std::move(out).str();
}

std::string format_all(const retort::diagnostics& diags) {
    std::string out;
    for (const auto& d : diags.all()) out += retort::format_diagnostic(d) + '\n';
    return out;
}

// One parsed file together with the strings its views point into; neither copyable nor movable, so
// the views stay valid (it is returned by guaranteed copy elision only).
class parsed {
public:
    parsed(std::string file_name, std::string_view raw)
        : name_(std::move(file_name)),
          text_(retort::normalize_text(std::string(raw))) {
        rev_ = retort::parse_revision_file(name_, text_, diags_);
    }
    parsed(const parsed&) = delete;
    parsed& operator=(const parsed&) = delete;

    bool ok() const { return rev_.has_value(); }
    const retort::revision& rev() const {
        BOOST_TEST_REQUIRE(rev_.has_value(), "parsing " << name_ << " failed:\n" << format_all(diags_));
        return *rev_;
    }
    const retort::diagnostics& diags() const { return diags_; }
    std::string errors() const { return format_all(diags_); }

private:
    std::string name_;
    std::string text_;
    retort::diagnostics diags_;
    std::optional<retort::revision> rev_;
};

parsed parse_text(std::string_view text, std::string file_name = "rev.sql") { return {std::move(file_name), text}; }

// `relative` is both the path under tests/data and the file name given to the parser.
parsed parse_data(const std::string& relative) { return {relative, read_bytes(data_dir / relative)}; }

using ids = std::vector<std::string_view>;

std::vector<std::uint32_t> statement_lines(const retort::section& s) {
    std::vector<std::uint32_t> out;
    for (const auto& st : s.statements) out.push_back(st.line);
    return out;
}

std::vector<std::string_view> statement_texts(const retort::section& s) {
    std::vector<std::string_view> out;
    for (const auto& st : s.statements) out.push_back(st.sql);
    return out;
}

using lines = std::vector<std::uint32_t>;
using texts = std::vector<std::string_view>;

}  // namespace

BOOST_AUTO_TEST_SUITE(revision_file)

// --- normalize_text --------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(normalize_text_removes_a_leading_utf8_bom) {
    BOOST_TEST(retort::normalize_text("\xEF\xBB\xBF-- x\n") == "-- x\n");
}

BOOST_AUTO_TEST_CASE(normalize_text_keeps_a_bom_that_is_not_at_the_start) {
    BOOST_TEST(retort::normalize_text("a\xEF\xBB\xBF") == "a\xEF\xBB\xBF");
}

BOOST_AUTO_TEST_CASE(normalize_text_turns_crlf_into_lf) {
    BOOST_TEST(retort::normalize_text("a\r\nb\r\n") == "a\nb\n");
}

BOOST_AUTO_TEST_CASE(normalize_text_turns_a_lone_cr_into_lf) {
    BOOST_TEST(retort::normalize_text("a\rb\r") == "a\nb\n");
    BOOST_TEST(retort::normalize_text("a\r\r\nb") == "a\n\nb");
}

BOOST_AUTO_TEST_CASE(normalize_text_changes_nothing_else) {
    const std::string text = "\t-- caf\xC3\xA9  \n  SELECT 'x\\y';  \n\n";
    BOOST_TEST(retort::normalize_text(text) == text);
}

// A revision file may be hundreds of megabytes: normalising it must not hold a second copy.
BOOST_AUTO_TEST_CASE(normalize_text_works_in_the_buffer_it_is_given) {
    std::string crlf(1 << 20, 'x');
    crlf.replace(10, 2, "\r\n");
    const char* const buffer = crlf.data();
    const std::string out = retort::normalize_text(std::move(crlf));
    BOOST_TEST(static_cast<const void*>(out.data()) == static_cast<const void*>(buffer));
    BOOST_TEST(out.size() == (1u << 20) - 1);
    BOOST_TEST(out.substr(9, 3) == "x\nx");

    std::string plain(1 << 20, 'y');
    const char* const unchanged = plain.data();
    BOOST_TEST(static_cast<const void*>(retort::normalize_text(std::move(plain)).data()) ==
               static_cast<const void*>(unchanged));
}

// --- is_valid_revision_id --------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(revision_ids_are_1_to_32_letters_digits_and_underscores) {
    BOOST_TEST(retort::is_valid_revision_id("a"));
    BOOST_TEST(retort::is_valid_revision_id("1a2b3c4d5e6f"));
    BOOST_TEST(retort::is_valid_revision_id("Add_Customers_2024"));
    BOOST_TEST(retort::is_valid_revision_id(std::string(32, 'f')));
}

BOOST_AUTO_TEST_CASE(revision_ids_reject_empty_too_long_and_other_characters) {
    BOOST_TEST(!retort::is_valid_revision_id(""));
    BOOST_TEST(!retort::is_valid_revision_id(std::string(33, 'f')));
    BOOST_TEST(!retort::is_valid_revision_id("1a2b-3c4d"));
    BOOST_TEST(!retort::is_valid_revision_id("a b"));
    BOOST_TEST(!retort::is_valid_revision_id("a@head"));
    BOOST_TEST(!retort::is_valid_revision_id("caf\xC3\xA9"));
}

BOOST_AUTO_TEST_CASE(revision_ids_reject_the_reserved_target_words) {
    BOOST_TEST(!retort::is_valid_revision_id("head"));
    BOOST_TEST(!retort::is_valid_revision_id("heads"));
    BOOST_TEST(!retort::is_valid_revision_id("base"));
    BOOST_TEST(retort::is_valid_revision_id("heading"));
}

// --- valid files (tests/data/valid) ----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(reads_every_field_of_a_plain_revision) {
    const auto p = parse_data("valid/plain.sql");
    const auto& r = p.rev();
    BOOST_TEST(p.diags().all().empty());
    BOOST_TEST(r.id == "1a2b3c4d5e6f");
    BOOST_TEST(r.message == "Add the customers table");
    BOOST_TEST(r.file == "valid/plain.sql");
    BOOST_TEST(r.create_date == "2024-05-01 10:00:00.000000");
    BOOST_TEST(r.parents == (ids{"0f9e8d7c6b5a"}), boost::test_tools::per_element());
    BOOST_TEST(r.depends_on.empty());
    BOOST_TEST(r.branch_labels.empty());
    BOOST_TEST(r.transactional);
    BOOST_TEST(!r.is_base());
    BOOST_TEST(!r.is_merge());
    BOOST_TEST(r.lines.id == 2U);
    BOOST_TEST(r.lines.revises == 3U);
    BOOST_TEST(r.upgrade.sql ==
               "CREATE TABLE customers (\n    id bigint PRIMARY KEY,\n    name text NOT NULL\n);\n"
               "CREATE INDEX customers_name ON customers (name);");
    BOOST_TEST(r.upgrade.statements.size() == 2U);
    BOOST_TEST_REQUIRE(r.downgrade.has_value());
    BOOST_TEST(r.downgrade->sql == "DROP TABLE customers;");
    BOOST_TEST(statement_texts(*r.downgrade) == (texts{"DROP TABLE customers;"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(reads_a_merge_with_two_parents_in_file_order) {
    const auto p = parse_data("valid/merge.sql");
    const auto& r = p.rev();
    BOOST_TEST(r.parents == (ids{"4d5e6f7a8b9c", "3c4d5e6f7a8b"}), boost::test_tools::per_element());
    BOOST_TEST(r.is_merge());
}

BOOST_AUTO_TEST_CASE(a_merge_may_have_empty_sections) {
    const auto p = parse_data("valid/merge.sql");
    const auto& r = p.rev();
    BOOST_TEST(r.upgrade.sql.empty());
    BOOST_TEST(r.upgrade.statements.empty());
    BOOST_TEST_REQUIRE(r.downgrade.has_value());
    BOOST_TEST(r.downgrade->sql.empty());
    BOOST_TEST(r.downgrade->statements.empty());
}

BOOST_AUTO_TEST_CASE(an_empty_revises_makes_a_base) {
    const auto p = parse_data("valid/base.sql");
    const auto& r = p.rev();
    BOOST_TEST(r.id == "0f9e8d7c6b5a");
    BOOST_TEST(r.parents.empty());
    BOOST_TEST(r.is_base());
    BOOST_TEST(r.lines.revises == 3U);
}

BOOST_AUTO_TEST_CASE(reads_branch_labels_and_depends_on) {
    const auto p = parse_data("valid/labels_depends.sql");
    const auto& r = p.rev();
    BOOST_TEST(r.branch_labels == (ids{"billing", "billing-v2"}), boost::test_tools::per_element());
    BOOST_TEST(r.depends_on == (ids{"1a2b3c4d5e6f"}), boost::test_tools::per_element());
    BOOST_TEST(r.lines.branch_labels == 4U);
    BOOST_TEST(r.lines.depends_on == 5U);
}

BOOST_AUTO_TEST_CASE(transactional_false_is_read) {
    const auto p = parse_data("valid/non_transactional.sql");
    BOOST_TEST(!p.rev().transactional);
}

BOOST_AUTO_TEST_CASE(transactional_values_ignore_case) {
    const auto p = parse_text("-- m\n-- Revision ID: a1\n-- Revises:\n-- Transactional: FALSE\n-- +upgrade\n");
    BOOST_TEST(!p.rev().transactional);
}

BOOST_AUTO_TEST_CASE(a_file_without_downgrade_is_irreversible) {
    const auto p = parse_data("valid/irreversible.sql");
    const auto& r = p.rev();
    BOOST_TEST(!r.downgrade.has_value());
    BOOST_TEST(r.upgrade.sql == "DROP TABLE legacy_audit_log;");
}

BOOST_AUTO_TEST_CASE(crlf_line_endings_are_accepted) {
    const auto p = parse_data("valid/crlf.sql");
    const auto& r = p.rev();
    BOOST_TEST(r.id == "4d5e6f7a8b9c");
    BOOST_TEST(r.message == "Add the orders table");
    BOOST_TEST(r.parents == (ids{"1a2b3c4d5e6f"}), boost::test_tools::per_element());
    BOOST_TEST(r.upgrade.sql == "CREATE TABLE orders (\n    id bigint PRIMARY KEY\n);");
    BOOST_TEST_REQUIRE(r.downgrade.has_value());
    BOOST_TEST(r.downgrade->sql == "DROP TABLE orders;");
    BOOST_TEST(statement_lines(r.upgrade) == (lines{6}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_utf8_bom_is_accepted) {
    const auto p = parse_data("valid/bom.sql");
    const auto& r = p.rev();
    BOOST_TEST(r.id == "8b9c0d1e2f3a");
    BOOST_TEST(r.message == "Add a currency column");
    BOOST_TEST(r.lines.id == 2U);
}

BOOST_AUTO_TEST_CASE(a_message_and_the_two_required_keys_are_a_complete_header) {
    const auto p = parse_data("valid/minimal.sql");
    const auto& r = p.rev();
    BOOST_TEST(r.id == "ab12");
    BOOST_TEST(r.message == "Add an email column");
    BOOST_TEST(r.create_date.empty());
    BOOST_TEST(r.branch_labels.empty());
    BOOST_TEST(r.depends_on.empty());
    BOOST_TEST(r.transactional);
    BOOST_TEST(!r.downgrade.has_value());
    BOOST_TEST(r.upgrade.first_line == 5U);
    BOOST_TEST(r.lines.branch_labels == 0U);
    BOOST_TEST(r.lines.depends_on == 0U);
}

BOOST_AUTO_TEST_CASE(trailing_blank_lines_are_not_part_of_a_section) {
    const auto p = parse_data("valid/trailing_blank_lines.sql");
    const auto& r = p.rev();
    BOOST_TEST(r.upgrade.sql == "ALTER TABLE customers ADD COLUMN notes text;");
    BOOST_TEST_REQUIRE(r.downgrade.has_value());
    BOOST_TEST(r.downgrade->sql == "ALTER TABLE customers DROP COLUMN notes;");
}

BOOST_AUTO_TEST_CASE(comments_after_the_blank_line_that_ends_the_header_are_free) {
    const auto p = parse_data("valid/free_comments.sql");
    const auto& r = p.rev();
    BOOST_TEST(p.diags().all().empty());
    BOOST_TEST(r.id == "c0ffee");
    BOOST_TEST(r.upgrade.sql ==
               "-- Comments inside a section belong to the section's SQL.\n"
               "ALTER TABLE customers RENAME COLUMN email TO email_address;");
    BOOST_TEST(statement_lines(r.upgrade) == (lines{9}), boost::test_tools::per_element());
}

// --- header details (inline) -----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(the_message_is_the_first_comment_line_even_with_a_colon) {
    const auto p = parse_text("-- Fix: customers need an email\n-- Revision ID: a1\n-- Revises:\n-- +upgrade\n");
    BOOST_TEST(p.rev().message == "Fix: customers need an email");
}

BOOST_AUTO_TEST_CASE(a_header_that_starts_with_a_key_has_no_message) {
    const auto p = parse_text("-- Revision ID: a1\n-- Revises:\n-- +upgrade\n");
    BOOST_TEST(p.rev().id == "a1");
    BOOST_TEST(p.rev().message.empty());
    BOOST_TEST(p.rev().lines.id == 1U);
}

BOOST_AUTO_TEST_CASE(header_values_and_list_entries_are_trimmed) {
    const auto p = parse_text("--   m  \n--  Revision ID:   a1  \n-- Revises:  b1 ,c1  \n-- +upgrade\n");
    BOOST_TEST(p.rev().message == "m");
    BOOST_TEST(p.rev().id == "a1");
    BOOST_TEST(p.rev().parents == (ids{"b1", "c1"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_earlier_files_errors_do_not_fail_a_later_valid_file) {
    retort::diagnostics diags;
    diags.error("other.sql", 1, "an earlier problem");
    const std::string text = "-- m\n-- Revision ID: a1\n-- Revises:\n-- +upgrade\nSELECT 1;\n";
    const auto r = retort::parse_revision_file("rev.sql", text, diags);
    BOOST_TEST(r.has_value());
    BOOST_TEST(diags.all().size() == 1U);
}

BOOST_AUTO_TEST_CASE(every_error_of_a_file_is_reported_not_only_the_first) {
    const auto p = parse_data("invalid/several_errors.sql");
    BOOST_TEST(!p.ok());
    BOOST_TEST(p.diags().all().size() >= 4U, p.errors());
}

// --- sections and statements -----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(statement_lines_are_file_lines) {
    const auto p = parse_text(
        "-- m\n"                       // 1
        "-- Revision ID: a1\n"         // 2
        "-- Revises:\n"                // 3
        "\n"                           // 4
        "-- +upgrade\n"                // 5
        "CREATE TABLE t (\n"           // 6
        "    id int\n"                 // 7
        ");\n"                         // 8
        "\n"                           // 9
        "-- a comment\n"               // 10
        "INSERT INTO t VALUES (1);\n"  // 11
        "-- +downgrade\n"              // 12
        "\n"                           // 13
        "DROP TABLE t;\n");            // 14
    const auto& r = p.rev();
    BOOST_TEST(statement_lines(r.upgrade) == (lines{6, 11}), boost::test_tools::per_element());
    BOOST_TEST(statement_texts(r.upgrade) == (texts{"CREATE TABLE t (\n    id int\n);", "INSERT INTO t VALUES (1);"}),
               boost::test_tools::per_element());
    BOOST_TEST_REQUIRE(r.downgrade.has_value());
    BOOST_TEST(statement_lines(*r.downgrade) == (lines{14}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_section_starts_on_the_line_after_its_marker) {
    const auto p =
        parse_text("-- m\n-- Revision ID: a1\n-- Revises:\n\n-- +upgrade\n\nSELECT 1;\n-- +downgrade\nSELECT 2;\n");
    const auto& r = p.rev();
    BOOST_TEST(r.upgrade.first_line == 6U);
    BOOST_TEST(r.upgrade.sql == "\nSELECT 1;");
    BOOST_TEST_REQUIRE(r.downgrade.has_value());
    BOOST_TEST(r.downgrade->first_line == 9U);
}

BOOST_AUTO_TEST_CASE(a_marker_on_the_last_line_gives_an_empty_section_after_it) {
    const auto p = parse_text("-- m\n-- Revision ID: a1\n-- Revises:\n-- +upgrade");
    const auto& r = p.rev();
    BOOST_TEST(r.upgrade.sql.empty());
    BOOST_TEST(r.upgrade.first_line == 5U);
}

BOOST_AUTO_TEST_CASE(trailing_blank_lines_are_dropped_but_leading_ones_are_kept) {
    const auto p = parse_text("-- m\n-- Revision ID: a1\n-- Revises:\n-- +upgrade\n\nSELECT 1;\n \n\t\n\n");
    BOOST_TEST(p.rev().upgrade.sql == "\nSELECT 1;");
}

BOOST_AUTO_TEST_CASE(a_final_newline_is_not_part_of_the_section) {
    const auto with = parse_text("-- m\n-- Revision ID: a1\n-- Revises:\n-- +upgrade\nSELECT 1;\n");
    const auto without = parse_text("-- m\n-- Revision ID: a1\n-- Revises:\n-- +upgrade\nSELECT 1;");
    BOOST_TEST(with.rev().upgrade.sql == "SELECT 1;");
    BOOST_TEST(without.rev().upgrade.sql == "SELECT 1;");
}

BOOST_AUTO_TEST_CASE(sections_carry_their_checksums) {
    const auto p = parse_data("valid/plain.sql");
    const auto& r = p.rev();
    BOOST_TEST(r.upgrade.sum.hex() == retort::upgrade_checksum(r).hex());
    BOOST_TEST_REQUIRE(r.downgrade.has_value());
    BOOST_TEST(r.downgrade->sum.hex() == retort::downgrade_checksum(r).hex());
}

// --- invalid files (tests/data/invalid, golden) ----------------------------------------------------------

// Each invalid/<name>.sql is parsed as file "invalid/<name>.sql"; the diagnostics, one format_diagnostic
// line each, must equal invalid/<name>.expected. RETORT_UPDATE_GOLDEN=1 rewrites the .expected files.
BOOST_AUTO_TEST_CASE(invalid_files_are_rejected_with_the_expected_diagnostics) {
    const char* update_env = std::getenv("RETORT_UPDATE_GOLDEN");
    const bool update = update_env != nullptr && std::string_view(update_env) == "1";

    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(data_dir / "invalid"))
        if (entry.path().extension() == ".sql") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    BOOST_TEST_REQUIRE(!files.empty(), "no invalid/*.sql files under " << data_dir);

    for (const auto& path : files) {
        const std::string name = "invalid/" + path.filename().string();
        BOOST_TEST_CONTEXT(name) {
            const parsed p(name, read_bytes(path));
            BOOST_TEST(!p.ok(), "accepted although invalid");
            BOOST_TEST(p.diags().has_errors());
            fs::path expected_path = path;
            expected_path.replace_extension(".expected");
            if (update) {
                std::ofstream(expected_path, std::ios::binary | std::ios::trunc) << p.errors();
                BOOST_TEST_MESSAGE("rewrote " << expected_path);
                continue;
            }
            if (!fs::exists(expected_path)) {
                BOOST_ERROR("missing " << expected_path << " (run with RETORT_UPDATE_GOLDEN=1 and review it)");
                continue;
            }
            BOOST_TEST(p.errors() == read_bytes(expected_path));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
