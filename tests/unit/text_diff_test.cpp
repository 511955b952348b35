// Specifies unified diffs: the form `diff -u` prints, hunks, context and ranges.
#include <boost/test/unit_test.hpp>

#include "core/text_diff.hpp"

BOOST_AUTO_TEST_SUITE(text_diff)

BOOST_AUTO_TEST_CASE(equal_texts_have_no_diff) {
    BOOST_TEST(retort::unified_diff("a\nb\n", "a\nb\n", "x", "y").empty());
}

BOOST_AUTO_TEST_CASE(a_changed_line_shows_as_removed_then_added_with_context) {
    auto d = retort::unified_diff("1\n2\n3\n4\n5\n", "1\n2\nthree\n4\n5\n", "old", "new");
    BOOST_TEST(d == "--- old\n+++ new\n@@ -1,5 +1,5 @@\n 1\n 2\n-3\n+three\n 4\n 5\n");
}

BOOST_AUTO_TEST_CASE(context_is_limited_to_three_lines) {
    auto d = retort::unified_diff("1\n2\n3\n4\n5\n6\n7\n8\n", "1\n2\n3\n4\n5\n6\n7\neight\n", "a", "b");
    BOOST_TEST(d == "--- a\n+++ b\n@@ -5,4 +5,4 @@\n 5\n 6\n 7\n-8\n+eight\n");
}

BOOST_AUTO_TEST_CASE(distant_changes_get_separate_hunks) {
    std::string before, after;
    for (int i = 1; i <= 20; ++i) {
        before += std::to_string(i) + "\n";
        after += (i == 2 || i == 19 ? "x" : std::to_string(i)) + "\n";
    }
    auto d = retort::unified_diff(before, after, "a", "b");
    BOOST_TEST(
        d == "--- a\n+++ b\n@@ -1,5 +1,5 @@\n 1\n-2\n+x\n 3\n 4\n 5\n@@ -16,5 +16,5 @@\n 16\n 17\n 18\n-19\n+x\n 20\n");
}

BOOST_AUTO_TEST_CASE(pure_insertions_and_deletions_use_empty_ranges) {
    BOOST_TEST(retort::unified_diff("", "a\n", "a", "b") == "--- a\n+++ b\n@@ -0,0 +1 @@\n+a\n");
    BOOST_TEST(retort::unified_diff("a\n", "", "a", "b") == "--- a\n+++ b\n@@ -1 +0,0 @@\n-a\n");
}

BOOST_AUTO_TEST_CASE(a_last_line_without_newline_counts_as_a_line) {
    BOOST_TEST(retort::unified_diff("a\nb", "a\nc", "a", "b") == "--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n");
}

BOOST_AUTO_TEST_SUITE_END()
