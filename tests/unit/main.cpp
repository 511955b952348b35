// The Boost.Test entry point for retort's unit tests; each *_test.cpp file adds its own suite.
#define BOOST_TEST_MODULE retort_unit_tests
#include <boost/test/unit_test.hpp>
