// autogenerate's behaviour beyond single object kinds: dependency order, renames, hazards, what it
// does not model, several heads, pg_dump files as the declared schema; check_declared; check_drift.
#include <boost/test/unit_test.hpp>

#include "schema_fixture.hpp"

using namespace retort::testing;
using namespace retort::schema;
