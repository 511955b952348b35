// Specifies how SQLAlchemy's URL schemes become libpq's: the driver after `+` goes, nothing else changes.
#include <boost/test/unit_test.hpp>

#include <string>

#include "db/conninfo.hpp"

using retort::normalized_conninfo;

BOOST_AUTO_TEST_SUITE(conninfo)

BOOST_AUTO_TEST_CASE(a_sqlalchemy_driver_is_removed_from_either_scheme) {
    BOOST_TEST(normalized_conninfo("postgresql+psycopg2://u:p@h/db") == "postgresql://u:p@h/db");
    BOOST_TEST(normalized_conninfo("postgres+asyncpg://h/db?sslmode=require") == "postgres://h/db?sslmode=require");
    BOOST_TEST(normalized_conninfo("postgresql+pg8000_2://h") == "postgresql://h");
}

BOOST_AUTO_TEST_CASE(the_scheme_is_matched_in_any_case_and_after_leading_blanks) {
    BOOST_TEST(normalized_conninfo("  PostgreSQL+Psycopg://h/db") == "  PostgreSQL://h/db");
    BOOST_TEST(normalized_conninfo("\tPOSTGRES+x://h") == "\tPOSTGRES://h");
}

BOOST_AUTO_TEST_CASE(anything_else_is_left_as_it_is) {
    for (const std::string text : {"postgresql://u:p@h/db", "host=h dbname=postgresql+x://", "postgresql+://h",
                                   "postgresql+psycopg2:/h", "postgresqlx+psycopg2://h", "postgresql+psy-copg://h",
                                   "mysql+pymysql://h", "", "postgres", "x postgresql+psycopg2://h"})
        BOOST_TEST(normalized_conninfo(text) == text);
}

BOOST_AUTO_TEST_SUITE_END()
