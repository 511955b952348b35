// A server that brings its database to head at start-up, or refuses to start when the database is
// ahead of it (deployed by a newer build) or a non-transactional revision is unfinished.
#include <retort/retort.hpp>

#include <cstdlib>
#include <iostream>

#include "example/revisions.hpp"

int main() {
    try {
        retort::catalog revisions = retort::load_catalog(example::revisions());
        const char* url = std::getenv("DATABASE_URL");
        retort::connection conn = retort::connection::open({url ? url : ""});
        retort::migrator migrator(revisions, conn, {}, retort::version());
        auto report = migrator.upgrade(std::vector<std::string>{"head"});
        std::cout << "schema ready: " << report.steps.size() << " revision(s) applied\n";
    } catch (const retort::migration_error& e) {
        // e.revision(), e.file(), e.line() and e.sqlstate() point at the failing statement.
        std::cerr << "refusing to start: " << e.what() << '\n';
        return 1;
    } catch (const retort::error& e) {
        std::cerr << "refusing to start: " << e.what() << '\n';
        return 1;
    }
    // ... serve requests ...
    return 0;
}
