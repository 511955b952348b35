// The public migrator: a PostgreSQL history store and a session over one connection, and the
// operations of operations.hpp.
#include "retort/migrator.hpp"

#include "app/operations.hpp"
#include "store/postgres_store.hpp"

namespace retort {

namespace {

postgres_options postgres_options_of(const migrate_options& o) {
    return {o.pg_lock_timeout, o.pg_statement_timeout, o.on_warning};
}

}  // namespace

struct migrator::impl {
    impl(const catalog& c, connection& conn, migrate_options o, std::string retort_version)
        : options(std::move(o)),
          store(conn, store_config{options.schema, c.version_table, std::move(retort_version)},
                postgres_options_of(options)),
          db(c, store, options) {}

    migrate_options options;
    postgres_store store;
    session db;
};

migrator::migrator(const catalog& c, connection& conn, migrate_options options, std::string retort_version)
    : impl_(std::make_unique<impl>(c, conn, std::move(options), std::move(retort_version))) {}

migrator::migrator(migrator&&) noexcept = default;
migrator& migrator::operator=(migrator&&) noexcept = default;
migrator::~migrator() = default;

database_state migrator::read_state() { return impl_->db.read(); }

check_report migrator::check() { return retort::check(impl_->db); }

run_report migrator::upgrade(std::span<const std::string> targets) {
    run_report report;
    migrate(impl_->db, targets, direction::up, report);
    return report;
}

run_report migrator::downgrade(std::span<const std::string> targets) {
    run_report report;
    migrate(impl_->db, targets, direction::down, report);
    return report;
}

run_report migrator::stamp(std::span<const std::string> targets, bool purge) {
    return retort::stamp(impl_->db, targets, purge);
}

std::string migrator::accept_edit(std::string_view revision, std::string_view reason) {
    return retort::accept_edit(impl_->db, revision, reason);
}

std::vector<seed_outcome> migrator::seed(const std::function<void(const seed_outcome&)>& on_outcome) {
    return run_seeds(impl_->db, on_outcome);
}

}  // namespace retort
