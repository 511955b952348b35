// Specifies which statements build an index concurrently, and the name the runtime looks the index up by.
#include <boost/test/unit_test.hpp>

#include "core/concurrent_index.hpp"

using retort::concurrently_built_index;

BOOST_AUTO_TEST_SUITE(concurrent_index)

BOOST_AUTO_TEST_CASE(a_named_concurrent_index_is_recognized) {
    BOOST_TEST(*concurrently_built_index("CREATE INDEX CONCURRENTLY items_title ON items (title);") == "items_title");
}

BOOST_AUTO_TEST_CASE(unique_if_not_exists_case_and_comments_are_understood) {
    BOOST_TEST(*concurrently_built_index("create unique index /* fast */ concurrently\n-- why\nif not exists u_x on "
                                         "only t (x)") == "u_x");
}

BOOST_AUTO_TEST_CASE(the_tables_schema_qualifies_the_index) {
    BOOST_TEST(*concurrently_built_index("CREATE INDEX CONCURRENTLY \"Idx\" ON app.items (a)") == "app.\"Idx\"");
}

BOOST_AUTO_TEST_CASE(other_statements_and_unnamed_indexes_are_not) {
    BOOST_TEST(!concurrently_built_index("CREATE INDEX items_title ON items (title)"));
    BOOST_TEST(!concurrently_built_index("CREATE INDEX CONCURRENTLY ON items (title)"));
    BOOST_TEST(!concurrently_built_index("REINDEX INDEX CONCURRENTLY items_title"));
    BOOST_TEST(!concurrently_built_index(""));
}

BOOST_AUTO_TEST_SUITE_END()
