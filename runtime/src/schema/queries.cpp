// The catalog queries of retort::schema: every question retort asks a server about its schema.
//
// Conventions: the first column is the object's OID (mapping pg_depend rows to objects needs it);
// objects of extensions (pg_depend deptype 'e') and of the system schemas are left out; names and
// expressions come from the server's own printers. Booleans are 't' or 'f'.
#include "schema/queries.hpp"

// Schemas of the server itself, never part of a user's schema.
#define USER_SCHEMA(n)                                                              \
    "(" n ".nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND " n \
    ".nspname NOT LIKE 'pg\\_temp\\_%' AND " n ".nspname NOT LIKE 'pg\\_toast\\_temp\\_%')"

// An object that an extension created (CREATE EXTENSION brings it back; it is not the user's DDL). NOT
// IN over a subquery is hashed once per query; a correlated NOT EXISTS probed pg_depend once per row.
// The referenced catalog of a membership ('e') is always pg_extension: saying so lets the server read
// the few rows that name an extension through pg_depend_reference_index instead of scanning all of
// pg_depend (about 7 ms in each of the eleven queries that ask, at 5,000 tables).
#define EXTENSION_MEMBERS "x.deptype = 'e' AND x.refclassid = 'pg_extension'::regclass"
#define NOT_IN_EXTENSION(catalog, oid) \
    oid " NOT IN (SELECT x.objid FROM pg_depend x WHERE x.classid = '" catalog "'::regclass AND " EXTENSION_MEMBERS ")"

// The collation of a column or attribute when it is not its type's default, schema-qualified.
#define COLLATION_UNLESS_DEFAULT(collation, type_collation)                                                          \
    "(SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname) FROM pg_collation co JOIN "                  \
    "pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = " collation " AND " collation " <> " type_collation \
    ")"

namespace retort::schema::queries {

// oid, name
const std::string_view schemas = "SELECT n.oid, n.nspname FROM pg_namespace n WHERE " USER_SCHEMA(
    "n") " AND " NOT_IN_EXTENSION("pg_namespace", "n.oid") " ORDER BY n.nspname";

// oid, name, schema, version
const std::string_view extensions =
    "SELECT e.oid, e.extname, n.nspname, e.extversion FROM pg_extension e JOIN pg_namespace n ON n.oid = "
    "e.extnamespace WHERE e.extname <> 'plpgsql' ORDER BY e.extname";

// type oid, array type oid, schema, name, label (NULL for an enum without labels); labels in order
const std::string_view enums =
    "SELECT t.oid, t.typarray, n.nspname, t.typname, e.enumlabel FROM pg_type t JOIN pg_namespace n ON n.oid = "
    "t.typnamespace LEFT JOIN pg_enum e ON e.enumtypid = t.oid WHERE t.typtype = 'e' AND " USER_SCHEMA(
        "n") " AND " NOT_IN_EXTENSION("pg_type", "t.oid") " ORDER BY t.oid, e.enumsortorder";

// type oid, array type oid, schema, name, base type, collation or NULL, default or NULL, not null
const std::string_view domains =
    "SELECT t.oid, t.typarray, n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod), "
    COLLATION_UNLESS_DEFAULT("t.typcollation", "(SELECT b.typcollation FROM pg_type b WHERE b.oid = t.typbasetype)")
    ", pg_get_expr(t.typdefaultbin, 0), t.typnotnull FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
    "WHERE t.typtype = 'd' AND " USER_SCHEMA("n") " AND " NOT_IN_EXTENSION("pg_type", "t.oid") " ORDER BY t.oid";

// constraint oid, domain oid, name, definition
const std::string_view domain_checks =
    "SELECT c.oid, c.contypid, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_type t ON "
    "t.oid = c.contypid JOIN pg_namespace n ON n.oid = t.typnamespace WHERE c.contypid <> 0 AND " USER_SCHEMA(
        "n") " ORDER BY c.contypid, c.conname";

// type oid, array type oid, class oid, schema, name, attribute name, type, collation or NULL (NULL
// attribute for a type without attributes); attributes in order
const std::string_view composites =
    "SELECT t.oid, t.typarray, c.oid, n.nspname, t.typname, a.attname, format_type(a.atttypid, a.atttypmod), "
    COLLATION_UNLESS_DEFAULT("a.attcollation", "(SELECT b.typcollation FROM pg_type b WHERE b.oid = a.atttypid)")
    " FROM pg_type t JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c' JOIN pg_namespace n ON n.oid = "
    "t.typnamespace LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
    "WHERE " USER_SCHEMA("n") " AND " NOT_IN_EXTENSION("pg_type", "t.oid") " ORDER BY t.oid, a.attnum";

// oid, schema, name, data type, start, increment, min, max, cache, cycle, unlogged,
// owner kind ('a' owned by / 'i' identity / NULL), owner schema, owner table, owner column
const std::string_view sequences =
    "SELECT c.oid, n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, "
    "s.seqmax, s.seqcache, s.seqcycle, c.relpersistence = 'u', d.deptype, tn.nspname, tc.relname, ta.attname "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_sequence s ON s.seqrelid = c.oid "
    "LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = "
    "'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i') "
    "LEFT JOIN pg_class tc ON tc.oid = d.refobjid LEFT JOIN pg_namespace tn ON tn.oid = tc.relnamespace "
    "LEFT JOIN pg_attribute ta ON ta.attrelid = d.refobjid AND ta.attnum = d.refobjsubid "
    "WHERE c.relkind = 'S' AND " USER_SCHEMA("n") " AND " NOT_IN_EXTENSION("pg_class", "c.oid") " ORDER BY c.oid";

// oid, row type oid, array of row type oid, schema, name, relkind, unlogged, row security, forced row
// security, reloptions (one per line, sorted; the subquery runs only where there are some), partition
// key, parent schema, parent name, partition bound, view definition (pg_get_viewdef: about two thirds
// of this query with a view every ten tables)
const std::string_view relations =
    "SELECT c.oid, c.reltype, rt.typarray, n.nspname, c.relname, "
    "c.relkind, c.relpersistence = 'u', c.relrowsecurity, c.relforcerowsecurity, "
    "CASE WHEN c.reloptions IS NOT NULL THEN (SELECT string_agg(o, E'\\n' ORDER BY o) FROM unnest(c.reloptions) o) "
    "END, "
    "CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END, pn.nspname, pc.relname, "
    "CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END, "
    "CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_type rt ON rt.oid = c.reltype "
    "LEFT JOIN pg_inherits i ON i.inhrelid = c.oid AND c.relispartition "
    "LEFT JOIN pg_class pc ON pc.oid = i.inhparent LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace "
    "WHERE c.relkind IN ('r', 'p', 'v', 'm') AND " USER_SCHEMA("n") " AND " NOT_IN_EXTENSION("pg_class",
                                                                                             "c.oid") " ORDER BY c.oid";

// table oid, attnum, name, type, collation or NULL, not null, default or generation expression,
// attrdef oid, identity ('' / 'a' / 'd'), generated ('' / 's'), local (not only inherited). A default
// cannot name a column, so it is printed without its table (five times faster: the server need not
// open the table); a generation expression needs it. In no order: the reader puts each table's columns
// in attnum order (sorting 30,000 rows with their defaults spilled to disk on the server, about 15 ms).
const std::string_view columns =
    "WITH tables AS (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN "
    "('r', 'p') AND " USER_SCHEMA("n") " AND " NOT_IN_EXTENSION("pg_class", "c.oid") ") "
    "SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), CASE WHEN a.attcollation <> "
    "t.typcollation THEN " COLLATION_UNLESS_DEFAULT("a.attcollation", "t.typcollation") " END, a.attnotnull, "
    "pg_get_expr(ad.adbin, CASE WHEN a.attgenerated = '' THEN 0 ELSE ad.adrelid END), ad.oid, a.attidentity, "
    "a.attgenerated, a.attislocal "
    "FROM tables JOIN pg_attribute a ON a.attrelid = tables.oid JOIN pg_type t ON t.oid = a.atttypid "
    "LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum "
    "WHERE a.attnum > 0 AND NOT a.attisdropped";

// oid, table oid, name, type, definition, deferrable, deferred, validated, index oid, local
const std::string_view constraints =
    "SELECT co.oid, co.conrelid, co.conname, co.contype, pg_get_constraintdef(co.oid), co.condeferrable, "
    "co.condeferred, co.convalidated, co.conindid, co.conislocal AND co.conparentid = 0 "
    "FROM pg_constraint co JOIN pg_class c ON c.oid = co.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE co.contype IN ('p', 'u', 'f', 'c', 'x') AND " USER_SCHEMA(
        "n") " AND " NOT_IN_EXTENSION("pg_class", "c.oid") " ORDER BY co.conrelid, co.conname";

// index oid, schema, name, table name, definition (NULL for a constraint's index: the constraint is
// the object, and the server's printer is slow), unique, backs a constraint, attached to a parent index
// (a partition's copy), valid. pg_get_indexdef looks up each column and searches the default operator
// class of each column's type one index at a time (two thirds of this query at 5,000 tables): the
// definition of a plain B-tree index (not unique, columns only, default operator classes, collations
// and order, no options, not on a partitioned table) is written here instead, with one join over all
// indexes, in the printer's exact words; every other index still goes to the printer. 403 is B-tree's
// fixed OID.
const std::string_view indexes =
    "WITH keys AS (SELECT i.indexrelid, i.indrelid, k.* FROM pg_index i, unnest(i.indkey::int2[], "
    "i.indclass::oid[], i.indcollation::oid[], i.indoption::int2[]) WITH ORDINALITY k(attnum, opclass, coll, opt, "
    "ord) WHERE i.indexrelid >= 16384 AND NOT i.indisunique AND i.indexprs IS NULL AND i.indpred IS NULL AND "
    "i.indnatts = i.indnkeyatts), "
    "plain AS (SELECT keys.indexrelid, string_agg(quote_ident(a.attname), ', ' ORDER BY keys.ord) AS columns "
    "FROM keys JOIN pg_attribute a ON a.attrelid = keys.indrelid AND a.attnum = keys.attnum LEFT JOIN pg_opclass "
    "o ON o.oid = keys.opclass AND o.opcdefault AND o.opcintype = a.atttypid AND o.opcmethod = 403 "
    "GROUP BY keys.indexrelid HAVING bool_and(o.oid IS NOT NULL AND keys.opt = 0 AND (keys.coll = 0 OR keys.coll "
    "= a.attcollation))) "
    "SELECT i.indexrelid, n.nspname, ic.relname, tc.relname, CASE WHEN k.oid IS NOT NULL THEN NULL "
    "WHEN p.columns IS NOT NULL AND ic.relam = 403 AND ic.reloptions IS NULL AND tc.relkind <> 'p' "
    "THEN 'CREATE INDEX ' || quote_ident(ic.relname) || ' ON ' || quote_ident(n.nspname) || '.' || "
    "quote_ident(tc.relname) || ' USING btree (' || p.columns || ')' ELSE pg_get_indexdef(i.indexrelid) END, "
    "i.indisunique, k.oid IS NOT NULL, ic.relispartition, i.indisvalid "
    "FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class tc ON tc.oid = i.indrelid "
    "JOIN pg_namespace n ON n.oid = ic.relnamespace LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND "
    "k.contype IN ('p', 'u', 'x') AND k.conrelid = i.indrelid LEFT JOIN plain p ON p.indexrelid = i.indexrelid "
    "WHERE " USER_SCHEMA("n") " AND " NOT_IN_EXTENSION("pg_class", "tc.oid") " ORDER BY i.indexrelid";

// rule oid, view oid (the rule that makes a view: pg_depend names it, not the view)
const std::string_view rules =
    "SELECT r.oid, r.ev_class FROM pg_rewrite r WHERE r.rulename = '_RETURN' AND r.oid >= 16384";

// oid, schema, name, identity arguments, kind, arguments, result, definition
const std::string_view functions =
    "SELECT p.oid, n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.prokind, "
    "pg_get_function_arguments(p.oid), pg_get_function_result(p.oid), pg_get_functiondef(p.oid) "
    "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.prokind IN ('f', 'p') AND " USER_SCHEMA(
        "n") " AND " NOT_IN_EXTENSION("pg_proc", "p.oid") " ORDER BY p.oid";

// oid, table oid, name, definition, enabled
const std::string_view triggers =
    "SELECT t.oid, t.tgrelid, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled FROM pg_trigger t JOIN pg_class c "
    "ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND "
    "t.tgparentid = 0 AND " USER_SCHEMA("n") " AND " NOT_IN_EXTENSION("pg_class", "c.oid") " ORDER BY t.oid";

// oid, table oid, name, permissive, command, roles (one per line, sorted), USING, WITH CHECK
const std::string_view policies =
    "SELECT p.oid, p.polrelid, p.polname, p.polpermissive, CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN "
    "'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END, (SELECT string_agg(CASE WHEN r = 0 "
    "THEN 'public' ELSE quote_ident(pg_get_userbyid(r)) END, E'\\n' ORDER BY 1) FROM unnest(p.polroles) r), "
    "pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid) FROM pg_policy p ORDER BY p.oid";

// catalog oid, object oid, sub-object (column) number, text, the object as the server names it.
// Extensions' comments are left out: CREATE EXTENSION sets them.
const std::string_view comments =
    "SELECT d.classoid, d.objoid, d.objsubid, d.description, pg_describe_object(d.classoid, d.objoid, d.objsubid) "
    "FROM pg_description d WHERE (d.objoid >= 16384 OR (d.classoid = 'pg_namespace'::regclass AND d.objoid = "
    "'public'::regnamespace)) AND d.classoid <> 'pg_extension'::regclass AND NOT EXISTS (SELECT 1 FROM pg_depend x "
    "WHERE x.classid = d.classoid AND x.objid "
    "= d.objoid AND x.deptype = 'e')";

// catalog oid, object oid, sub-object, referenced catalog oid, referenced oid, referenced sub-object,
// type: what user objects need of each other
const std::string_view dependencies =
    "SELECT d.classid, d.objid, d.objsubid, d.refclassid, d.refobjid, d.refobjsubid, d.deptype FROM pg_depend d "
    "WHERE d.deptype IN ('n', 'a') AND d.objid >= 16384 AND d.refobjid >= 16384";

// catalog oid, object oid, grantee ('PUBLIC' for everyone), privilege, grantable; the owner's own
// privileges are left out (owners are not modelled)
const std::string_view grants =
    "SELECT 'pg_class'::regclass::oid, c.oid, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid("
    "a.grantee)) END, a.privilege_type, a.is_grantable FROM pg_class c, aclexplode(c.relacl) a "
    "WHERE c.relacl IS NOT NULL AND a.grantee <> c.relowner AND c.oid >= 16384 "
    "UNION ALL SELECT 'pg_proc'::regclass::oid, p.oid, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE "
    "quote_ident(pg_get_userbyid(a.grantee)) END, a.privilege_type, a.is_grantable FROM pg_proc p, "
    "aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a WHERE a.grantee <> p.proowner AND p.oid >= 16384 "
    "UNION ALL SELECT 'pg_namespace'::regclass::oid, n.oid, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE "
    "quote_ident(pg_get_userbyid(a.grantee)) END, a.privilege_type, a.is_grantable FROM pg_namespace n, "
    "aclexplode(n.nspacl) a WHERE n.nspacl IS NOT NULL AND a.grantee <> n.nspowner AND n.oid >= 16384 "
    "UNION ALL SELECT 'pg_type'::regclass::oid, t.oid, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE "
    "quote_ident(pg_get_userbyid(a.grantee)) END, a.privilege_type, a.is_grantable FROM pg_type t, "
    "aclexplode(coalesce(t.typacl, acldefault('T', t.typowner))) a WHERE a.grantee <> t.typowner AND t.oid >= 16384";

// kind, identity: every user object of a kind the model does not hold, and every setting of a
// modelled object that it does not hold (a column's statistics target, a table's tablespace, ...)
const std::string_view unmodelled =
    "WITH ext AS (SELECT x.classid, x.objid FROM pg_depend x WHERE " EXTENSION_MEMBERS "), "
    "objects(classid, objid, kind) AS ("
    "SELECT 'pg_class'::regclass, c.oid, 'foreign table' FROM pg_class c WHERE c.relkind = 'f' "
    "UNION ALL SELECT 'pg_rewrite'::regclass, r.oid, 'rule' FROM pg_rewrite r WHERE r.rulename <> '_RETURN' "
    "UNION ALL SELECT 'pg_event_trigger'::regclass, e.oid, 'event trigger' FROM pg_event_trigger e "
    "UNION ALL SELECT 'pg_collation'::regclass, c.oid, 'collation' FROM pg_collation c "
    "UNION ALL SELECT 'pg_ts_config'::regclass, c.oid, 'text search configuration' FROM pg_ts_config c "
    "UNION ALL SELECT 'pg_ts_dict'::regclass, c.oid, 'text search dictionary' FROM pg_ts_dict c "
    "UNION ALL SELECT 'pg_ts_parser'::regclass, c.oid, 'text search parser' FROM pg_ts_parser c "
    "UNION ALL SELECT 'pg_ts_template'::regclass, c.oid, 'text search template' FROM pg_ts_template c "
    "UNION ALL SELECT 'pg_operator'::regclass, o.oid, 'operator' FROM pg_operator o "
    "UNION ALL SELECT 'pg_opclass'::regclass, o.oid, 'operator class' FROM pg_opclass o "
    "UNION ALL SELECT 'pg_opfamily'::regclass, o.oid, 'operator family' FROM pg_opfamily o "
    "UNION ALL SELECT 'pg_cast'::regclass, c.oid, 'cast' FROM pg_cast c "
    "UNION ALL SELECT 'pg_proc'::regclass::oid, p.oid, CASE p.prokind WHEN 'a' THEN 'aggregate' ELSE 'window "
    "function' END FROM pg_proc p WHERE p.prokind IN ('a', 'w') "
    "UNION ALL SELECT 'pg_type'::regclass::oid, t.oid, CASE t.typtype WHEN 'r' THEN 'range type' WHEN 'm' THEN "
    "'multirange type' WHEN 'p' THEN 'pseudo-type' ELSE 'base type' END FROM pg_type t WHERE t.typtype IN ('b', "
    "'r', 'm', 'p') AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = t.oid) AND NOT EXISTS (SELECT 1 "
    "FROM pg_type r WHERE r.typtype = 'r' AND t.typtype = 'm' AND r.oid IN (SELECT rngtypid FROM pg_range WHERE "
    "rngmultitypid = t.oid)) "
    "UNION ALL SELECT 'pg_conversion'::regclass, c.oid, 'conversion' FROM pg_conversion c "
    "UNION ALL SELECT 'pg_statistic_ext'::regclass, s.oid, 'statistics object' FROM pg_statistic_ext s "
    "UNION ALL SELECT 'pg_transform'::regclass, t.oid, 'transform' FROM pg_transform t "
    "UNION ALL SELECT 'pg_am'::regclass, a.oid, 'access method' FROM pg_am a "
    "UNION ALL SELECT 'pg_language'::regclass, l.oid, 'language' FROM pg_language l "
    "UNION ALL SELECT 'pg_foreign_data_wrapper'::regclass, f.oid, 'foreign-data wrapper' FROM "
    "pg_foreign_data_wrapper f "
    "UNION ALL SELECT 'pg_foreign_server'::regclass, s.oid, 'server' FROM pg_foreign_server s "
    "UNION ALL SELECT 'pg_publication'::regclass, p.oid, 'publication' FROM pg_publication p "
    "UNION ALL SELECT 'pg_default_acl'::regclass, d.oid, 'default privileges' FROM pg_default_acl d) "
    "SELECT o.kind, pg_describe_object(o.classid, o.objid, 0) FROM objects o WHERE o.objid >= 16384 AND NOT "
    "EXISTS (SELECT 1 FROM ext WHERE ext.classid = o.classid AND ext.objid = o.objid) "
    "UNION ALL SELECT 'table inheritance', pg_describe_object('pg_class'::regclass, i.inhrelid, 0) || ' inherits "
    "' || pg_describe_object('pg_class'::regclass, i.inhparent, 0) FROM pg_inherits i JOIN pg_class c ON c.oid = "
    "i.inhrelid WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition "
    "UNION ALL SELECT 'typed table', pg_describe_object('pg_class'::regclass, c.oid, 0) FROM pg_class c WHERE "
    "c.reloftype <> 0 "
    "UNION ALL SELECT 'tablespace', pg_describe_object('pg_class'::regclass, c.oid, 0) FROM pg_class c JOIN "
    "pg_namespace n ON n.oid = c.relnamespace WHERE c.reltablespace <> 0 AND " USER_SCHEMA("n")
    " UNION ALL SELECT 'replica identity', pg_describe_object('pg_class'::regclass, c.oid, 0) FROM pg_class c "
    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND c.relreplident <> 'd' AND "
    USER_SCHEMA("n")
    " UNION ALL SELECT 'clustered index', pg_describe_object('pg_class'::regclass, i.indexrelid, 0) FROM pg_index "
    "i WHERE i.indisclustered AND i.indexrelid >= 16384 "
    "UNION ALL SELECT 'invalid index', pg_describe_object('pg_class'::regclass, i.indexrelid, 0) FROM pg_index i "
    "WHERE NOT i.indisvalid AND i.indexrelid >= 16384 "
    "UNION ALL SELECT 'column setting', pg_describe_object('pg_class'::regclass, a.attrelid, a.attnum) || CASE "
    "WHEN a.attstattarget >= 0 THEN ' statistics' WHEN a.attoptions IS NOT NULL THEN ' options' WHEN "
    "a.attcompression <> '' THEN ' compression' ELSE ' storage' END FROM pg_attribute a JOIN pg_class c ON c.oid = "
    "a.attrelid JOIN pg_type t ON t.oid = a.atttypid WHERE c.relkind IN ('r', 'p', 'm') AND c.oid >= 16384 AND "
    "a.attnum > 0 AND NOT a.attisdropped AND (a.attstattarget >= 0 OR a.attoptions IS NOT NULL OR "
    "a.attcompression <> '' OR a.attstorage <> t.typstorage) AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid "
    "= 'pg_class'::regclass AND ext.objid = c.oid) "
    "UNION ALL SELECT 'security label', pg_describe_object(s.classoid, s.objoid, s.objsubid) FROM pg_seclabel s "
    "UNION ALL SELECT 'column privileges', pg_describe_object('pg_class'::regclass, a.attrelid, a.attnum) FROM "
    "pg_attribute a WHERE a.attacl IS NOT NULL AND a.attrelid >= 16384 "
    "ORDER BY 1, 2";

}  // namespace retort::schema::queries
