// Integrity against a live database: `check` and every migrating command compare the revisions the
// database recorded with the binary's, catch edits, deletions and newer databases, and offer
// accept-edit as the recorded way out. Each case writes its own revision directory and database.
#define BOOST_TEST_MODULE integrity_tests
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tool_fixture.hpp"

namespace {

namespace fs = std::filesystem;
using namespace retort::testing;

// Three applied revisions aaa111 <- bbb222 <- ccc333, each creating t_<id>.
struct applied_chain : tool_fixture {
    applied_chain() : tool_fixture("integrity") {
        chain({"aaa111", "bbb222", "ccc333"});
        CHECK_EXIT(retort({"upgrade", "head", "-q"}), 0);
    }
    fs::path file(const std::string& id) const {
        for (const auto& entry : fs::directory_iterator(dir))
            if (contains(entry.path().filename().string(), id)) return entry.path();
        throw std::runtime_error("no file for " + id);
    }
    // Replaces `from` by `to` in revision `id`'s file.
    void edit(const std::string& id, const std::string& from, const std::string& to) {
        std::string text = read_file(file(id));
        auto at = text.find(from);
        BOOST_REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
        std::ofstream(file(id), std::ios::binary | std::ios::trunc) << text;
    }
    std::string recorded_upgrade_checksum(const std::string& id) {
        return scalar("SELECT upgrade_checksum FROM alembic_version_history WHERE revision = '" + id + "'");
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(check, applied_chain)

BOOST_AUTO_TEST_CASE(an_unedited_up_to_date_database_checks_clean) {
    auto r = retort({"check"});
    CHECK_EXIT(r, 0);
    BOOST_TEST(contains(r.out, "up to date"), r.out);
}

BOOST_AUTO_TEST_CASE(pending_revisions_exit_7_and_are_listed) {
    write_table_revision(dir, "4_ddd444.sql", "ddd444", {"ccc333"});
    auto r = retort({"check"});
    CHECK_EXIT(r, 7);
    BOOST_TEST(contains(r.out, "pending: 1 revision not applied yet"), r.out);
    BOOST_TEST(contains(r.out, "ddd444 ("), r.out);
}

BOOST_AUTO_TEST_CASE(an_edited_upgrade_is_reported_with_both_checksums_when_and_a_diff) {
    std::string recorded = recorded_upgrade_checksum("bbb222");
    edit("bbb222", "(id int)", "(id int, extra text)");
    auto r = retort({"check"});
    CHECK_EXIT(r, 8);
    BOOST_TEST(contains(r.out, "edited: revision bbb222 ("), r.out);
    BOOST_TEST(contains(r.out, "was edited after it was applied on "), r.out);
    BOOST_TEST(contains(r.out, "v1:" + recorded + " in the database"), r.out);
    BOOST_TEST(contains(r.out, "--- upgrade as applied"), r.out);
    BOOST_TEST(contains(r.out, "-CREATE TABLE t_bbb222 (id int);\n"), r.out);
    BOOST_TEST(contains(r.out, "+CREATE TABLE t_bbb222 (id int, extra text);\n"), r.out);
    BOOST_TEST(contains(r.out, "accept-edit bbb222"), r.out);
}

BOOST_AUTO_TEST_CASE(editing_only_the_message_is_not_an_edit) {
    edit("bbb222", "-- revision bbb222", "-- a better description of bbb222");
    CHECK_EXIT(retort({"check"}), 0);
}

BOOST_AUTO_TEST_CASE(changing_only_line_endings_is_not_an_edit) {
    std::string text = read_file(file("bbb222")), crlf;
    for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    std::ofstream(file("bbb222"), std::ios::binary | std::ios::trunc) << crlf;
    CHECK_EXIT(retort({"check"}), 0);
}

BOOST_AUTO_TEST_CASE(an_edited_downgrade_is_reported_but_does_not_block_upgrades) {
    edit("bbb222", "DROP TABLE t_bbb222;", "DROP TABLE IF EXISTS t_bbb222;");
    write_table_revision(dir, "4_ddd444.sql", "ddd444", {"ccc333"});
    auto r = retort({"check"});
    CHECK_EXIT(r, 7);
    BOOST_TEST(contains(r.out, "revision bbb222 ("), r.out);
    BOOST_TEST(contains(r.out, "downgrade section was edited"), r.out);
    auto up = retort({"upgrade", "head"});
    CHECK_EXIT(up, 0);
    BOOST_TEST(contains(up.err, "warning: revision bbb222"), up.err);
    CHECK_STRINGS(version_rows(), "ddd444");
}

BOOST_AUTO_TEST_CASE(a_stamped_revision_is_verified_too) {
    write_table_revision(dir, "4_ddd444.sql", "ddd444", {"ccc333"});
    CHECK_EXIT(retort({"stamp", "ddd444"}), 0);
    edit("ddd444", "(id int)", "(id bigint)");
    auto r = retort({"check"});
    CHECK_EXIT(r, 8);
    BOOST_TEST(contains(r.out, "was edited after it was stamped"), r.out);
    BOOST_TEST(contains(r.out, "no executed SQL"), r.out);
}

BOOST_AUTO_TEST_CASE(a_deleted_applied_revision_is_reported_as_unknown) {
    // Deleting bbb222 means re-parenting ccc333 onto aaa111, which is an edit of ccc333 as well.
    fs::remove(file("bbb222"));
    edit("ccc333", "Revises: bbb222", "Revises: aaa111");
    auto r = retort({"check"});
    CHECK_EXIT(r, 9);
    BOOST_TEST(contains(r.out,
                        "unknown: the database recorded revision bbb222 as applied, but this binary does not "
                        "contain it"),
               r.out);
    BOOST_TEST(contains(r.out, "edited: revision ccc333"), r.out);
}

BOOST_AUTO_TEST_CASE(an_older_binary_against_a_newer_database_reports_the_unknown_head) {
    fs::remove(file("ccc333"));
    auto r = retort({"check"});
    CHECK_EXIT(r, 9);
    BOOST_TEST(contains(r.out, "the database is at revision ccc333, which this binary does not contain"), r.out);
}

BOOST_AUTO_TEST_CASE(a_failed_revision_whose_file_was_deleted_is_unknown_not_unfinished) {
    write_revision(dir, "4_ddd444.sql", "ddd444", {"ccc333"}, "SELECT 1;\nSELECT 1/0;", std::nullopt,
                   {"Transactional: false"});
    CHECK_EXIT(retort({"upgrade", "head"}), 1);
    fs::remove(file("ddd444"));
    auto r = retort({"upgrade", "head"});
    CHECK_EXIT(r, 9);
    BOOST_TEST(contains(r.err, "recorded revision ddd444 as failed"), r.err);
}

BOOST_AUTO_TEST_CASE(the_json_report_has_every_section_with_actions) {
    edit("bbb222", "(id int)", "(id int, extra text)");
    write_table_revision(dir, "4_ddd444.sql", "ddd444", {"ccc333"});
    auto r = retort({"check", "--format", "json"});
    CHECK_EXIT(r, 8);
    BOOST_TEST(r.out.starts_with("{\"command\":\"check\",\"status\":\"edited\",\"exit_code\":8,\"summary\":"), r.out);
    BOOST_TEST(contains(r.out, ",\"initialized\":true,\"current\":[\"ccc333\"],\"heads\":[\"ddd444\"],"), r.out);
    BOOST_TEST(contains(r.out, "\"edited\":[{\"revision\":\"bbb222\",\"file\":\""), r.out);
    BOOST_TEST(contains(r.out,
                        "\"upgrade_changed\":true,\"downgrade_changed\":false,\"recorded\":{\"status\":"
                        "\"applied\",\"checksum_algorithm\":1,\"upgrade_checksum\":\""),
               r.out);
    BOOST_TEST(contains(r.out, "\"binary\":{\"checksum_algorithm\":1,\"upgrade_checksum\":\""), r.out);
    BOOST_TEST(contains(r.out, "\"diff\":\"--- upgrade as applied"), r.out);
    BOOST_TEST(contains(r.out, "\"unknown\":[],\"unfinished\":[],\"pending\":[{\"revision\":\"ddd444\",\"file\":"),
               r.out);
    BOOST_TEST(r.out.ends_with(",\"unrecorded\":[]}\n"), r.out);
}

BOOST_AUTO_TEST_CASE(the_json_report_of_an_unknown_revision_lists_the_stored_rows) {
    fs::remove(file("ccc333"));
    auto r = retort({"check", "--format", "json"});
    CHECK_EXIT(r, 9);
    BOOST_TEST(contains(r.out, "\"current\":[\"ccc333\"]"), r.out);
    BOOST_TEST(contains(r.out,
                        "\"unknown\":[{\"revision\":\"ccc333\",\"in_version_table\":true,\"status\":"
                        "\"applied\",\"action\":"),
               r.out);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(refusals, applied_chain)

BOOST_AUTO_TEST_CASE(upgrade_refuses_an_edited_revision_and_changes_nothing) {
    edit("aaa111", "(id int)", "(id int, extra text)");
    write_table_revision(dir, "4_ddd444.sql", "ddd444", {"ccc333"});
    auto r = retort({"upgrade", "head"});
    CHECK_EXIT(r, 8);
    BOOST_TEST(contains(r.err, "refusing to migrate"), r.err);
    BOOST_TEST(contains(r.err, "nothing was changed"), r.err);
    BOOST_TEST(contains(r.err, "revision aaa111 ("), r.err);
    CHECK_STRINGS(version_rows(), "ccc333");
    BOOST_TEST(!exists("t_ddd444"));
}

BOOST_AUTO_TEST_CASE(downgrade_refuses_an_edited_revision_and_changes_nothing) {
    edit("aaa111", "(id int)", "(id int, extra text)");
    CHECK_EXIT(retort({"downgrade", "-1"}), 8);
    CHECK_STRINGS(version_rows(), "ccc333");
    BOOST_TEST(exists("t_ccc333"));
}

BOOST_AUTO_TEST_CASE(a_no_op_upgrade_refuses_an_edited_revision_too) {
    edit("ccc333", "(id int)", "(id int, extra text)");
    CHECK_EXIT(retort({"upgrade", "head"}), 8);
}

BOOST_AUTO_TEST_CASE(upgrade_and_downgrade_refuse_a_database_ahead_of_the_binary) {
    fs::remove(file("ccc333"));
    CHECK_EXIT(retort({"upgrade", "head"}), 9);
    CHECK_EXIT(retort({"downgrade", "base"}), 9);
    CHECK_STRINGS(version_rows(), "ccc333");
    BOOST_TEST(exists("t_aaa111"));
}

BOOST_AUTO_TEST_CASE(on_edit_warn_carries_on_with_a_warning) {
    edit("aaa111", "(id int)", "(id int, extra text)");
    write_table_revision(dir, "4_ddd444.sql", "ddd444", {"ccc333"});
    auto r = retort({"upgrade", "head", "--on-edit", "warn"});
    CHECK_EXIT(r, 0);
    BOOST_TEST(contains(r.err, "warning: revision aaa111 ("), r.err);
    CHECK_STRINGS(version_rows(), "ddd444");
}

BOOST_AUTO_TEST_CASE(on_edit_warn_does_not_excuse_an_unknown_revision) {
    fs::remove(file("ccc333"));
    CHECK_EXIT(retort({"upgrade", "head", "--on-edit=warn"}), 9);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(accept_edit, applied_chain)

BOOST_AUTO_TEST_CASE(accept_edit_stores_the_new_checksum_and_logs_old_new_reason_and_user) {
    std::string old = recorded_upgrade_checksum("bbb222");
    edit("bbb222", "(id int)", "(id int, extra text)");
    auto r = retort({"accept-edit", "bbb2", "--reason", "column added by hand during the incident"});
    CHECK_EXIT(r, 0);
    BOOST_TEST(contains(r.out, "Accepted the edit of revision bbb222"), r.out);
    std::string now = recorded_upgrade_checksum("bbb222");
    BOOST_TEST(now != old);
    auto log = column(
        "SELECT revision || '|' || outcome || '|' || applied_by || '|' || detail FROM "
        "alembic_version_log WHERE operation = 'accept-edit'");
    BOOST_REQUIRE_EQUAL(log.size(), 1U);
    BOOST_TEST(log.front().starts_with("bbb222|accepted|postgres|upgrade checksum v1:" + old + " -> v1:" + now + ";"),
               log.front());
    BOOST_TEST(log.front().ends_with("reason: column added by hand during the incident"), log.front());
    CHECK_EXIT(retort({"check"}), 0);
    CHECK_EXIT(retort({"upgrade", "head"}), 0);
}

BOOST_AUTO_TEST_CASE(accept_edit_of_an_unedited_revision_changes_nothing) {
    auto r = retort({"accept-edit", "bbb222", "--reason", "nothing"});
    CHECK_EXIT(r, 1);
    BOOST_TEST(contains(r.err, "is not edited"), r.err);
    BOOST_TEST(scalar("SELECT count(*) FROM alembic_version_log WHERE operation = 'accept-edit'") == "0");
}

BOOST_AUTO_TEST_CASE(accept_edit_needs_a_reason) {
    edit("bbb222", "(id int)", "(id int, extra text)");
    auto r = retort({"accept-edit", "bbb222"});
    CHECK_EXIT(r, 2);
    BOOST_TEST(contains(r.err, "--reason"), r.err);
}

BOOST_AUTO_TEST_SUITE_END()
