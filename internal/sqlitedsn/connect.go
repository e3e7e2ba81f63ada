// Package sqlitedsn opens memberbase's SQLite databases: the binary's and
// every test app's, with the same pragmas, so tests run on what production
// runs on. It imports nothing of ours.
package sqlitedsn

import (
	"github.com/pocketbase/dbx"
	_ "modernc.org/sqlite" // the pure-Go driver PocketBase uses
)

// Pragmas are PocketBase's own (core.DefaultDBConnect, v0.40.4) plus
// _txlock=immediate and secure_delete (a deleted or overwritten value, such as
// a sent mail's token or an erased address, is zeroed on disk, not left in a
// free page of data.db or of a later backup), with a smaller page cache
// (cacheKiB). core.DefaultDBConnect appends its pragmas to the path
// with "?", so it cannot be given an extra query parameter: this copies the
// string instead, and connect_test.go checks it still matches.
const Pragmas = "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=journal_size_limit(200000000)" +
	"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-" + cacheKiB + ")" +
	"&_pragma=secure_delete(ON)&_defensive=1&_txlock=immediate"

// cacheKiB is each connection's SQLite page cache. PocketBase's 32,000 KiB is
// per connection, and a busy `serve` holds a dozen or more of them (16
// concurrent requests, the workers): under a 60 s join load each cache
// filled up to the size of the database, and the peak RSS was about 104 MiB
// against 51 MiB with 2,000 KiB (bench/load, SPEC §12: ≤ 100 MiB). A page
// the cache misses is read from the kernel's page cache, which all
// connections share.
const cacheKiB = "4000"

// Connect opens a PocketBase database (it is a core.DBConnectFunc) whose
// transactions start with BEGIN IMMEDIATE. A deferred transaction that reads
// first and then writes fails at once with SQLITE_BUSY_SNAPSHOT when another
// process (`members import` next to `serve`) wrote in between, and
// PocketBase does not retry that; taking the write lock at BEGIN makes the
// second writer wait out busy_timeout instead.
func Connect(dbPath string) (*dbx.DB, error) {
	return dbx.Open("sqlite", dbPath+Pragmas)
}
