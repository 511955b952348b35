// runtime/src/core/: retort's pure rules, used by the generator at build time and by every layer at
// run time: text in, values and diagnostics out; no libpq, no file system.
//   revision_file, seeds, comment_header   the revision and seed file parsers
//   sql_lexer (sql_splitter)                statements as PostgreSQL's lexer splits them
//   checksum, integrity                     pinned digests; the history against the revisions
//   retort/graph, retort/target, retort/plan  the graph, targets and ranges, plans (public headers)
//   lockfile                                the lock file and its one check (check_lock)
//   bake, retort/baked_table                a catalog baked into C++ data, and back
//   authoring, text_diff, concurrent_index  new revision files, diffs, CONCURRENTLY index builds
//   status                                  what became of a command: the table of exit codes
#pragma once

#include "core/authoring.hpp"
#include "core/bake.hpp"
#include "core/checksum.hpp"
#include "core/concurrent_index.hpp"
#include "core/lockfile.hpp"
#include "core/revision_file.hpp"
#include "core/seeds.hpp"
#include "core/sql_lexer.hpp"
#include "core/status.hpp"
#include "core/text_diff.hpp"
#include "retort/catalog.hpp"
#include "retort/graph.hpp"
#include "retort/integrity.hpp"
#include "retort/plan.hpp"
#include "retort/target.hpp"
