// Baking and unbaking are inverses: bake() of a catalog, read back by baked::to_revisions() and
// to_seeds(), gives the same revisions and seeds, with files named by the labels.
#include <boost/test/unit_test.hpp>

#include "core/bake.hpp"
#include "inline_catalog.hpp"

namespace {

using namespace retort;
using retort::testing::inline_catalog;

void check_section(const section& baked, const section& parsed) {
    BOOST_TEST(baked.sql == parsed.sql);
    BOOST_TEST(baked.first_line == parsed.first_line);
    BOOST_TEST(baked.sum.hex() == parsed.sum.hex());
    BOOST_TEST_REQUIRE(baked.statements.size() == parsed.statements.size());
    for (std::size_t i = 0; i < baked.statements.size(); ++i) {
        BOOST_TEST(baked.statements[i].sql == parsed.statements[i].sql);
        BOOST_TEST(baked.statements[i].line == parsed.statements[i].line);
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bake)

BOOST_AUTO_TEST_CASE(a_baked_catalog_reads_back_as_the_catalog_it_was_baked_from) {
    inline_catalog files;
    files.revision("a", "", "CREATE TABLE t (id int);\nINSERT INTO t VALUES (1);", "DROP TABLE t;")
        .revision("b", "a", "SELECT 1;", std::nullopt, false)
        .seed("0001_x.sql", "a", "INSERT INTO t VALUES (2);");
    const catalog& c = files.get();
    baked_catalog b = retort::bake(c, {"demo", "db/migrations", "db/seeds", "db/retort.lock"});
    const baked::table t = b.table();
    BOOST_TEST(baked::view(t, t.name) == "demo");
    BOOST_TEST(baked::view(t, t.version_table) == "alembic_version");
    BOOST_TEST(!t.has_lock);
    auto revisions = baked::to_revisions(t);
    BOOST_TEST_REQUIRE(revisions.size() == 2U);
    for (std::size_t i = 0; i < revisions.size(); ++i) {
        const revision& baked = revisions[i];
        const revision& parsed = c.revisions.at(i);
        BOOST_TEST(baked.id == parsed.id);
        BOOST_TEST(baked.file == "db/migrations/" + std::string(parsed.id) + ".sql");
        BOOST_TEST(baked.parents == parsed.parents);
        BOOST_TEST(baked.transactional == parsed.transactional);
        BOOST_TEST(baked.lines.id == parsed.lines.id);
        check_section(baked.upgrade, parsed.upgrade);
        BOOST_TEST(baked.downgrade.has_value() == parsed.downgrade.has_value());
        if (baked.downgrade) check_section(*baked.downgrade, *parsed.downgrade);
    }
    auto seeds = baked::to_seeds(t);
    BOOST_TEST_REQUIRE(seeds.size() == 1U);
    BOOST_TEST(seeds[0].file == "db/seeds/0001_x.sql");
    BOOST_TEST(seeds[0].required == "a");
    check_section(seeds[0].body, c.seeds[0].body);
}

BOOST_AUTO_TEST_CASE(every_field_of_a_baked_row_is_visited_once_in_declaration_order) {
    std::vector<std::string> names;
    baked::visit_fields(baked::revision{}, [&](std::string_view name, const auto&) { names.emplace_back(name); });
    BOOST_TEST(names.size() == 18U);
    BOOST_TEST(names.front() == "id");
    BOOST_TEST(names.back() == "branch_labels_line");
}

BOOST_AUTO_TEST_SUITE_END()
