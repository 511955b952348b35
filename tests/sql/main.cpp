// The Boost.Test entry point for retort::sql's tests; each *_test.cpp file adds its own suite.
#define BOOST_TEST_MODULE retort_sql_tests
#include <boost/test/unit_test.hpp>
