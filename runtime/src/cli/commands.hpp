// One function per CLI command: each reads the parsed arguments, calls the library and prints. The
// decisions live in the library (migrator, plan, integrity, lock file); these only present them.
#pragma once

#include "arguments.hpp"
#include "retort/catalog.hpp"

namespace retort::cli {

// migrate_commands.cpp
int run_upgrade(const catalog& c, const arguments& a);
int run_downgrade(const catalog& c, const arguments& a);
int run_stamp(const catalog& c, const arguments& a);

// inspect_commands.cpp
int run_current(const catalog& c, const arguments& a);
int run_history(const catalog& c, const arguments& a);
int run_heads(const catalog& c, const arguments& a);
int run_branches(const catalog& c, const arguments& a);
int run_show(const catalog& c, const arguments& a);

// integrity_commands.cpp: the database against the binary.
int run_check(const catalog& c, const arguments& a);
int run_accept_edit(const catalog& c, const arguments& a);

// lock_commands.cpp: the revisions against the lock file, without a database.
int run_offline_check(const catalog& c, const arguments& a);
int run_lock(const catalog& c, const arguments& a);

// authoring_commands.cpp: new revision files (the retort tool only).
int run_revision(const catalog& c, const arguments& a);
int run_merge(const catalog& c, const arguments& a);

// migrate_commands.cpp: a development database back to a clean head.
int run_reset(const catalog& c, const arguments& a);

// seed_commands.cpp: seed data.
int run_seed(const catalog& c, const arguments& a);

}  // namespace retort::cli
