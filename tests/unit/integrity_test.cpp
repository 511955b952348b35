// Specifies the comparison of recorded history with the binary's revisions, and the start-up fingerprint.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "retort/graph.hpp"
#include "retort/integrity.hpp"
#include "retort/plan.hpp"
#include "revision_files.hpp"

namespace {

using retort::history_record;
using retort::testing::revision_files;

// a1 <- b2 <- c3, all applied; `history` as retort records it.
struct applied_chain {
    revision_files files;
    retort::graph g;
    std::vector<std::string> rows{"c3"};
    std::vector<bool> applied{true, true, true};
    std::vector<history_record> history;

    applied_chain() {
        files.add("a1", "").add("b2", "a1").add("c3", "b2");
        g = retort::graph::build_or_throw(files.revisions());
        for (const auto& r : g.revisions())
            history.push_back({std::string(r.id), "applied", 1, r.upgrade.sum.hex(),
                               r.downgrade ? r.downgrade->sum.hex() : "", "2026-01-01 00:00:00 UTC", "alice"});
    }
    retort::integrity_report compare() { return retort::compare_history(g, rows, applied, history); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(integrity, applied_chain)

BOOST_AUTO_TEST_CASE(matching_history_is_clean) {
    auto report = compare();
    BOOST_TEST(report.clean());
    BOOST_TEST(report.unrecorded.empty());
}

BOOST_AUTO_TEST_CASE(a_different_upgrade_checksum_is_an_edit_that_blocks) {
    history[1].upgrade_checksum = std::string(64, '0');
    auto report = compare();
    BOOST_REQUIRE_EQUAL(report.edited.size(), 1U);
    BOOST_TEST(report.edited[0].revision == *g.find("b2"));
    BOOST_TEST(report.edited[0].upgrade_changed);
    BOOST_TEST(!report.edited[0].downgrade_changed);
    BOOST_TEST(report.blocks_migrations());
    BOOST_TEST(retort::describe_edit(g, report.edited[0]).find("b2.sql:2") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_different_downgrade_checksum_is_reported_without_blocking) {
    history[0].downgrade_checksum = std::string(64, 'f');
    auto report = compare();
    BOOST_REQUIRE_EQUAL(report.edited.size(), 1U);
    BOOST_TEST(report.edited[0].downgrade_changed);
    BOOST_TEST(!report.blocks_migrations());
}

BOOST_AUTO_TEST_CASE(a_history_row_for_a_revision_not_in_the_binary_is_unknown) {
    history.push_back({"gone00", "applied", 1, std::string(64, '1'), "", "", ""});
    auto report = compare();
    BOOST_REQUIRE_EQUAL(report.unknown.size(), 1U);
    BOOST_TEST(report.unknown[0].id == "gone00");
    BOOST_TEST(!report.unknown[0].in_version_table);
    BOOST_TEST(report.blocks_migrations());
}

BOOST_AUTO_TEST_CASE(a_version_row_not_in_the_binary_is_unknown_and_in_the_version_table) {
    rows = {"d4"};
    applied.clear();
    history.push_back({"d4", "applied", 1, std::string(64, '1'), "", "", ""});
    auto report = compare();
    BOOST_REQUIRE_EQUAL(report.unknown.size(), 1U);
    BOOST_TEST(report.unknown[0].in_version_table);
    BOOST_TEST(report.unknown[0].status == "applied");
}

BOOST_AUTO_TEST_CASE(applied_revisions_without_a_record_are_unrecorded_not_edited) {
    history.erase(history.begin());
    auto report = compare();
    BOOST_TEST(report.clean());
    BOOST_REQUIRE_EQUAL(report.unrecorded.size(), 1U);
    BOOST_TEST(report.unrecorded[0] == *g.find("a1"));
}

BOOST_AUTO_TEST_CASE(records_of_revisions_no_longer_applied_are_ignored) {
    applied = {true, true, false};
    rows = {"b2"};
    history[2].upgrade_checksum = std::string(64, '0');
    BOOST_TEST(compare().clean());
}

BOOST_AUTO_TEST_CASE(the_fingerprint_changes_with_any_applied_checksum_and_the_applied_set) {
    auto all = retort::applied_fingerprint(g, applied);
    BOOST_TEST(all.size() == 64U);
    BOOST_TEST(all == retort::applied_fingerprint(g, applied));
    BOOST_TEST(all != retort::applied_fingerprint(g, {true, true, false}));
    BOOST_TEST(retort::applied_fingerprint(g, {false, false, false}) ==
               "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");  // SHA-256 of nothing
}

BOOST_AUTO_TEST_SUITE_END()
