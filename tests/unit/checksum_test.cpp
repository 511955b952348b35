// Specifies checksum v1: pinned canonical forms and digests, and what does and does not change a checksum.
#include <boost/test/unit_test.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/checksum.hpp"
#include "core/revision_file.hpp"
#include "retort/error.hpp"

namespace {

using ids = std::vector<std::string_view>;

// Parses one normalized revision text; owns the text its views point into. Not movable, so the views
// stay valid (it is returned by guaranteed copy elision only).
class parsed {
public:
    explicit parsed(std::string_view raw) : text_(retort::normalize_text(std::string(raw))) {
        rev_ = retort::parse_revision_file("rev.sql", text_, diags_);
    }
    parsed(const parsed&) = delete;
    parsed& operator=(const parsed&) = delete;

    const retort::revision& rev() const {
        BOOST_TEST_REQUIRE(rev_.has_value(),
                           "parse failed: " << (diags_.all().empty() ? std::string("?")
                                                                     : retort::format_diagnostic(diags_.all()[0])));
        return *rev_;
    }

private:
    std::string text_;
    retort::diagnostics diags_;
    std::optional<retort::revision> rev_;
};

std::string upgrade_hex(std::string_view text) { return parsed(text).rev().upgrade.sum.hex(); }

std::string downgrade_hex(std::string_view text) {
    const parsed p(text);
    BOOST_TEST_REQUIRE(p.rev().downgrade.has_value());
    return p.rev().downgrade->sum.hex();
}

// The file whose sections are the test vectors below.
constexpr std::string_view vector_file =
    "-- Create t\n"
    "-- Revision ID: 1a2b3c4d5e6f\n"
    "-- Revises:\n"
    "-- Create Date: 2024-05-01 10:00:00\n"
    "\n"
    "-- +upgrade\n"
    "CREATE TABLE t (id int);\n"
    "\n"
    "-- +downgrade\n"
    "DROP TABLE t;\n";

// Test vectors, hashed independently with `printf '%s' "<canonical form>" | sha256sum`.
constexpr std::string_view create_t_canonical =
    "retort-upgrade-v1\n"
    "id:1a2b3c4d5e6f\n"
    "parents:\n"
    "depends-on:\n"
    "transactional:true\n"
    "\n"
    "CREATE TABLE t (id int);\n";
constexpr std::string_view create_t_sha256 = "e5ba8695b58abac586ff9d0067df15e3f2c1abf076860ef63070d3af84578999";

constexpr std::string_view create_t_non_transactional_canonical =
    "retort-upgrade-v1\n"
    "id:1a2b3c4d5e6f\n"
    "parents:\n"
    "depends-on:\n"
    "transactional:false\n"
    "\n"
    "CREATE TABLE t (id int);\n";
constexpr std::string_view create_t_non_transactional_sha256 =
    "e50fb5864d54afde323f0a897b13c37f415862ee086fcbc00b489f9e3feb4105";

constexpr std::string_view merge_canonical =
    "retort-upgrade-v1\n"
    "id:9c0d1e2f3a4b\n"
    "parents:3c4d5e6f7a8b,4d5e6f7a8b9c\n"
    "depends-on:1a2b3c4d5e6f\n"
    "transactional:true\n"
    "\n";
constexpr std::string_view merge_sha256 = "721646bc7166144a6db0aa4547993da9ed9b57d5f257f5698c1711ded4ce21ae";

constexpr std::string_view drop_t_canonical =
    "retort-downgrade-v1\n"
    "id:1a2b3c4d5e6f\n"
    "\n"
    "DROP TABLE t;\n";
constexpr std::string_view drop_t_sha256 = "18c2de59df10f3140de882a058327713716d2e164c67bbd678e4f84ac66fbec2";

}  // namespace

BOOST_AUTO_TEST_SUITE(checksum)

// --- SHA-256 and hex -------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(sha256_matches_the_fips_180_abc_vector) {
    BOOST_TEST(retort::sha256("abc").hex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

BOOST_AUTO_TEST_CASE(sha256_of_nothing_is_the_empty_digest) {
    BOOST_TEST(retort::sha256("").hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

BOOST_AUTO_TEST_CASE(hex_is_64_lower_case_digits_and_round_trips_through_from_hex) {
    const auto sum = retort::sha256("abc");
    const std::string hex = sum.hex();
    BOOST_TEST(hex.size() == 64U);
    BOOST_TEST(hex.find_first_not_of("0123456789abcdef") == std::string::npos);
    BOOST_TEST(retort::checksum::from_hex(hex).hex() == hex);
    BOOST_TEST((retort::checksum::from_hex(hex) == sum));
}

BOOST_AUTO_TEST_CASE(from_hex_accepts_upper_case_digits) {
    const auto sum = retort::checksum::from_hex("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");
    BOOST_TEST(sum.hex() == retort::sha256("abc").hex());
}

BOOST_AUTO_TEST_CASE(from_hex_rejects_wrong_lengths_and_non_hex_digits) {
    const std::string good = retort::sha256("abc").hex();
    BOOST_CHECK_THROW(retort::checksum::from_hex(""), retort::error);
    BOOST_CHECK_THROW(retort::checksum::from_hex(good.substr(0, 63)), retort::error);
    BOOST_CHECK_THROW(retort::checksum::from_hex(good + "0"), retort::error);
    BOOST_CHECK_THROW(retort::checksum::from_hex("g" + good.substr(1)), retort::error);
    BOOST_CHECK_THROW(retort::checksum::from_hex(good.substr(0, 63) + " "), retort::error);
    BOOST_CHECK_THROW(retort::checksum::from_hex("0x" + good.substr(2)), retort::error);
}

BOOST_AUTO_TEST_CASE(the_algorithm_id_stored_beside_each_checksum_is_1) {
    BOOST_TEST(retort::checksum_algorithm_v1 == 1);
}

// --- pinned test vectors ---------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(vector_1_upgrade_of_a_base) {
    const std::string form = retort::canonical_upgrade_form("1a2b3c4d5e6f", {}, {}, true, "CREATE TABLE t (id int);");
    BOOST_TEST(form == create_t_canonical);
    BOOST_TEST(retort::sha256(form).hex() == create_t_sha256);
}

BOOST_AUTO_TEST_CASE(vector_2_transactional_false_is_part_of_the_upgrade_checksum) {
    const std::string form = retort::canonical_upgrade_form("1a2b3c4d5e6f", {}, {}, false, "CREATE TABLE t (id int);");
    BOOST_TEST(form == create_t_non_transactional_canonical);
    BOOST_TEST(retort::sha256(form).hex() == create_t_non_transactional_sha256);
    BOOST_TEST(create_t_non_transactional_sha256 != create_t_sha256);
}

BOOST_AUTO_TEST_CASE(vector_3_merge_lists_parents_sorted_so_their_order_does_not_count) {
    const ids parents_ab{"3c4d5e6f7a8b", "4d5e6f7a8b9c"};
    const ids parents_ba{"4d5e6f7a8b9c", "3c4d5e6f7a8b"};
    const ids depends{"1a2b3c4d5e6f"};
    const std::string ab = retort::canonical_upgrade_form("9c0d1e2f3a4b", parents_ab, depends, true, "");
    const std::string ba = retort::canonical_upgrade_form("9c0d1e2f3a4b", parents_ba, depends, true, "");
    BOOST_TEST(ab == merge_canonical);
    BOOST_TEST(ba == merge_canonical);
    BOOST_TEST(retort::sha256(ab).hex() == merge_sha256);
}

BOOST_AUTO_TEST_CASE(vector_4_downgrade) {
    const std::string form = retort::canonical_downgrade_form("1a2b3c4d5e6f", "DROP TABLE t;");
    BOOST_TEST(form == drop_t_canonical);
    BOOST_TEST(retort::sha256(form).hex() == drop_t_sha256);
}

BOOST_AUTO_TEST_CASE(a_parsed_file_gets_the_vector_checksums) {
    const parsed p(vector_file);
    const auto& r = p.rev();
    BOOST_TEST(r.upgrade.sum.hex() == create_t_sha256);
    BOOST_TEST(retort::upgrade_checksum(r).hex() == create_t_sha256);
    BOOST_TEST_REQUIRE(r.downgrade.has_value());
    BOOST_TEST(r.downgrade->sum.hex() == drop_t_sha256);
    BOOST_TEST(retort::downgrade_checksum(r).hex() == drop_t_sha256);
}

BOOST_AUTO_TEST_CASE(a_parsed_merge_gets_the_same_checksum_whatever_the_order_of_its_parents) {
    const std::string head = "-- Merge\n-- Revision ID: 9c0d1e2f3a4b\n-- Depends On: 1a2b3c4d5e6f\n";
    const std::string tail = "\n-- +upgrade\n";
    const auto ab = upgrade_hex(head + "-- Revises: 3c4d5e6f7a8b, 4d5e6f7a8b9c\n" + tail);
    const auto ba = upgrade_hex(head + "-- Revises: 4d5e6f7a8b9c, 3c4d5e6f7a8b\n" + tail);
    BOOST_TEST(ab == merge_sha256);
    BOOST_TEST(ba == merge_sha256);
}

// --- what counts and what does not ----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(crlf_and_lf_files_have_the_same_checksums) {
    std::string crlf;
    for (char c : vector_file) {
        if (c == '\n') crlf += '\r';
        crlf += c;
    }
    BOOST_TEST(upgrade_hex(crlf) == create_t_sha256);
    BOOST_TEST(downgrade_hex(crlf) == drop_t_sha256);
}

BOOST_AUTO_TEST_CASE(a_utf8_bom_does_not_change_the_checksums) {
    const std::string with_bom = "\xEF\xBB\xBF" + std::string(vector_file);
    BOOST_TEST(upgrade_hex(with_bom) == create_t_sha256);
}

BOOST_AUTO_TEST_CASE(the_message_and_create_date_do_not_change_the_checksums) {
    const std::string other =
        "-- A different message\n-- Revision ID: 1a2b3c4d5e6f\n-- Revises:\n-- Create Date: 1999-12-31\n\n"
        "-- +upgrade\nCREATE TABLE t (id int);\n\n-- +downgrade\nDROP TABLE t;\n";
    BOOST_TEST(upgrade_hex(other) == create_t_sha256);
    BOOST_TEST(downgrade_hex(other) == drop_t_sha256);
}

BOOST_AUTO_TEST_CASE(branch_labels_do_not_change_the_checksums) {
    const std::string labelled =
        "-- Create t\n-- Revision ID: 1a2b3c4d5e6f\n-- Revises:\n-- Branch Labels: core\n\n"
        "-- +upgrade\nCREATE TABLE t (id int);\n";
    BOOST_TEST(upgrade_hex(labelled) == create_t_sha256);
}

BOOST_AUTO_TEST_CASE(trailing_blank_lines_do_not_change_the_checksums) {
    const std::string padded =
        "-- Create t\n-- Revision ID: 1a2b3c4d5e6f\n-- Revises:\n\n"
        "-- +upgrade\nCREATE TABLE t (id int);\n\n \n\t\n\n-- +downgrade\nDROP TABLE t;\n\n\n";
    BOOST_TEST(upgrade_hex(padded) == create_t_sha256);
    BOOST_TEST(downgrade_hex(padded) == drop_t_sha256);
}

BOOST_AUTO_TEST_CASE(a_missing_final_newline_does_not_change_the_checksums) {
    std::string unterminated(vector_file);
    unterminated.pop_back();
    BOOST_TEST(downgrade_hex(unterminated) == drop_t_sha256);
    BOOST_TEST(retort::canonical_upgrade_form("x", {}, {}, true, "SELECT 1;\n") ==
               retort::canonical_upgrade_form("x", {}, {}, true, "SELECT 1;"));
}

BOOST_AUTO_TEST_CASE(a_changed_statement_changes_the_upgrade_checksum) {
    std::string edited(vector_file);
    edited.replace(edited.find("id int"), 6, "id bigint");
    BOOST_TEST(upgrade_hex(edited) != create_t_sha256);
}

BOOST_AUTO_TEST_CASE(comments_and_white_space_inside_a_section_count) {
    std::string commented(vector_file);
    commented.insert(commented.find("CREATE"), "-- why\n");
    std::string spaced(vector_file);
    spaced.insert(spaced.find("(id"), " ");
    BOOST_TEST(upgrade_hex(commented) != create_t_sha256);
    BOOST_TEST(upgrade_hex(spaced) != create_t_sha256);
}

BOOST_AUTO_TEST_CASE(the_id_parents_and_depends_on_change_the_upgrade_checksum) {
    const ids one{"a1"};
    const std::string_view sql = "SELECT 1;";
    const auto hex = [&](std::string_view id, const ids& parents, const ids& depends) {
        return retort::sha256(retort::canonical_upgrade_form(id, parents, depends, true, sql)).hex();
    };
    const std::string base = hex("x1", {}, {});
    BOOST_TEST(hex("x2", {}, {}) != base);
    BOOST_TEST(hex("x1", one, {}) != base);
    BOOST_TEST(hex("x1", {}, one) != base);
    BOOST_TEST(hex("x1", one, {}) != hex("x1", {}, one));
}

BOOST_AUTO_TEST_CASE(the_downgrade_checksum_does_not_depend_on_the_upgrade) {
    std::string edited(vector_file);
    edited.replace(edited.find("id int"), 6, "id bigint");
    edited.replace(edited.find("-- Revises:"), 11, "-- Revises: 0f9e8d7c6b5a");
    edited.replace(edited.find("\n\n-- +upgrade"), 0, "\n-- Transactional: false");
    BOOST_TEST(upgrade_hex(edited) != create_t_sha256);
    BOOST_TEST(downgrade_hex(edited) == drop_t_sha256);
}

BOOST_AUTO_TEST_CASE(the_upgrade_checksum_does_not_depend_on_the_downgrade) {
    std::string edited(vector_file);
    edited.replace(edited.find("DROP TABLE t;"), 13, "DROP TABLE IF EXISTS t;");
    BOOST_TEST(upgrade_hex(edited) == create_t_sha256);
    BOOST_TEST(downgrade_hex(edited) != drop_t_sha256);
}

BOOST_AUTO_TEST_CASE(downgrade_checksum_of_an_irreversible_revision_throws) {
    const parsed p("-- m\n-- Revision ID: a1\n-- Revises:\n-- +upgrade\nSELECT 1;\n");
    BOOST_CHECK_THROW(retort::downgrade_checksum(p.rev()), retort::error);
}

// --- table fingerprint -----------------------------------------------------------------------------------

// Two revisions: the vector file, and an irreversible child ("-" stands for its missing downgrade).
// Independently: printf 'retort-table-v1\n1a2b3c4d5e6f <up> <down>\n2b3c4d5e6f7a <up> -\n' | sha256sum
BOOST_AUTO_TEST_CASE(table_fingerprint_vector) {
    const parsed first(vector_file);
    const parsed second(
        "-- Drop t\n-- Revision ID: 2b3c4d5e6f7a\n-- Revises: 1a2b3c4d5e6f\n\n-- +upgrade\nDROP TABLE t;\n");
    BOOST_TEST(second.rev().upgrade.sum.hex() == "cfd9385eeab9985432530480b3ca4471b2b6899261bddec7c1f075a403d8093f");
    const std::vector<retort::revision> table{first.rev(), second.rev()};
    BOOST_TEST(retort::table_fingerprint(table) == "26b9d322e7ddff7d655c8bf63580576788ba65f2cb24e8a54324d151f4676871");
}

BOOST_AUTO_TEST_CASE(table_fingerprint_changes_when_any_revision_changes) {
    const parsed a(vector_file);
    const parsed b("-- Drop t\n-- Revision ID: 2b3c4d5e6f7a\n-- Revises: 1a2b3c4d5e6f\n\n-- +upgrade\nDROP TABLE t;\n");
    const parsed b_edited(
        "-- Drop t\n-- Revision ID: 2b3c4d5e6f7a\n-- Revises: 1a2b3c4d5e6f\n\n-- +upgrade\nDROP TABLE t CASCADE;\n");
    const parsed b_reversible(
        "-- Drop t\n-- Revision ID: 2b3c4d5e6f7a\n-- Revises: 1a2b3c4d5e6f\n\n-- +upgrade\nDROP TABLE t;\n"
        "-- +downgrade\nCREATE TABLE t (id int);\n");
    std::string edited_a_text(vector_file);
    edited_a_text.replace(edited_a_text.find("DROP TABLE t;"), 13, "DROP TABLE t CASCADE;");
    const parsed a_edited(edited_a_text);

    const std::string original = retort::table_fingerprint({a.rev(), b.rev()});
    BOOST_TEST(retort::table_fingerprint({a.rev(), b.rev()}) == original);
    BOOST_TEST(retort::table_fingerprint({a.rev(), b_edited.rev()}) != original);
    BOOST_TEST(retort::table_fingerprint({a_edited.rev(), b.rev()}) != original);
    BOOST_TEST(retort::table_fingerprint({a.rev(), b_reversible.rev()}) != original);
    BOOST_TEST(retort::table_fingerprint({a.rev()}) != original);
    BOOST_TEST(retort::table_fingerprint({b.rev(), a.rev()}) != original);
}

// printf 'retort-table-v1\n' | sha256sum
BOOST_AUTO_TEST_CASE(table_fingerprint_of_no_revisions_hashes_only_the_tag) {
    BOOST_TEST(retort::table_fingerprint({}) == "7a4c3aeb0c7e6f62371a7cda50d01be88e86490f893bda6f6c02fddb1ae8b558");
}

BOOST_AUTO_TEST_SUITE_END()
